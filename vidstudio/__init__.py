"""vidstudio: turn a written script into a finished, narrated video."""

from __future__ import annotations

__version__ = "0.1.0"
