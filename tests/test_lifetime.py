"""vidstudio.lifetime: background priority for pool workers and ffmpeg, the frozen heap."""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor

import pytest

from vidstudio.lifetime import BACKGROUND_NICENESS, freeze_heap, guarded, pool_worker_init


def _niceness() -> int:
    return os.nice(0)


@pytest.mark.skipif(not os.path.exists("/usr/bin/nice"), reason="needs coreutils' nice")
def test_guarded_children_run_below_us() -> None:
    command, preexec = guarded(["nice"])  # nice with no arguments prints its niceness
    shown = subprocess.run(command, preexec_fn=preexec, capture_output=True, text=True,
                           check=True).stdout
    assert int(shown) == min(19, os.nice(0) + BACKGROUND_NICENESS)


def test_pool_workers_run_below_their_owner() -> None:
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context, initializer=pool_worker_init,
                             initargs=(os.getpid(),)) as pool:
        worker = pool.submit(_niceness).result()
    assert worker == min(19, os.nice(0) + BACKGROUND_NICENESS)


def test_freeze_heap_leaves_little_for_the_collector() -> None:
    before = len(gc.get_objects())
    try:
        freeze_heap()
        assert gc.get_freeze_count() >= before // 2
        assert len(gc.get_objects()) < before // 4
    finally:
        gc.unfreeze()
