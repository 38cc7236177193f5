"""The embedded offline providers: they run on a plain CPU with no account and no network."""
