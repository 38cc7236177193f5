"""The command line's process pool for CPU work (see ``vidstudio.batch.workers``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def make_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes (default: the cores this process may use)."""
    from vidstudio.batch.workers import make_process_pool

    return make_process_pool(workers)
