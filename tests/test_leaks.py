"""The suite's leak check (tests/leaks.py) sees each kind of leak it promises to."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.leaks import LeakWatch
from vidstudio.jobs.manager import JobManager

if TYPE_CHECKING:
    import pytest


def test_a_child_process_left_running_is_reported_and_ended() -> None:
    watch = LeakWatch(None)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    problems = watch.problems()
    assert [p for p in problems if p.startswith(f"child process {child.pid}:")], problems
    assert child.wait(timeout=10) != 0  # the watch ended it (killed: a negative status)


def test_a_child_that_ends_in_time_is_not_a_leak() -> None:
    watch = LeakWatch(None)
    subprocess.Popen([sys.executable, "-c", "pass"])  # reaped by the watch's grace wait
    assert watch.problems() == []


def test_a_task_left_to_asyncio_run_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio.runners

    watch = LeakWatch(None)
    monkeypatch.setattr(asyncio.runners, "_cancel_all_tasks", watch.cancel_all_noting_leftovers)

    async def forgotten() -> None:
        await asyncio.sleep(60)

    async def main() -> None:
        asyncio.get_running_loop().create_task(forgotten(), name="forgotten")
        await asyncio.sleep(0)

    asyncio.run(main())
    problems = watch.problems()
    assert len(problems) == 1 and "forgotten" in problems[0], problems


def test_a_job_left_unfinished_is_reported() -> None:
    watch = LeakWatch(None)

    async def main() -> JobManager:
        manager = JobManager()
        gate = asyncio.Event()

        async def wait(_report: object) -> None:
            await gate.wait()

        manager.submit(wait, "never ends", resource="none")
        await asyncio.sleep(0)
        return manager

    loop = asyncio.new_event_loop()
    try:
        manager = loop.run_until_complete(main())
        problems = watch.problems()
        assert problems == ["job 'never ends' (step) still running"], problems
        loop.run_until_complete(manager.shutdown())
        assert watch.problems() == []
    finally:
        loop.close()
