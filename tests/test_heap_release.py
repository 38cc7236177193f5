"""A pool worker gives its freed C heap back when a task ends (issue 27: the render's process
tree under 800 MB; ``vidstudio.lifetime.release_after``). Measured from ``/proc``, not timed."""

from __future__ import annotations

import os

import pytest

from vidstudio import osdeps
from vidstudio.batch.workers import make_process_pool
from vidstudio.lifetime import release_after

pytestmark = pytest.mark.skipif(
    osdeps._glibc() is None or not os.path.exists("/proc/self/status"),
    reason="glibc's malloc_trim and /proc are Linux's",
)

BLOCK = 96 * 1024  # under glibc's first mmap threshold (128 KiB): served from the heap
BLOCKS = 1600  # ~150 MB


def _anon_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no RssAnon in /proc/self/status")


def _churn() -> float:
    """Fill ~150 MB of heap, keep one block above it (the heap's top cannot shrink past a live
    block), free the rest: glibc keeps the freed middle for later. Returns the anonymous
    memory while the blocks were live."""
    blocks = [bytearray(BLOCK) for _ in range(BLOCKS)]
    for block in blocks:
        block[::4096] = b"\1" * len(block[::4096])  # touch every page
    pin = bytearray(BLOCK)
    _PINNED.append(pin)
    held = _anon_mb()
    del blocks
    return held


_PINNED: list[bytearray] = []


def test_a_workers_heap_goes_back_after_its_task() -> None:
    with make_process_pool(1) as pool:
        before = pool.submit(_anon_mb).result()
        held = pool.submit(_churn).result()
        after = pool.submit(_anon_mb).result()
    assert held - before > 100  # the task did hold the blocks
    # Without the release the worker keeps them (~150 MB above `before`).
    assert after - before < 40, (before, held, after)


def test_release_after_returns_the_result_and_raises_the_error() -> None:
    assert release_after(divmod, 7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        release_after(divmod, 1, 0)
