"""``python -m bench ui-stall``: see ``bench/ui_stall.py``."""

from __future__ import annotations

from bench.ui_stall import main

__all__ = ["main"]
