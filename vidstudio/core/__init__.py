"""The domain: no Qt, no network, no subprocess, no file I/O."""
