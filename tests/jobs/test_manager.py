from __future__ import annotations

import asyncio
import random

import pytest

from vidstudio.jobs.cache import cache_key
from vidstudio.jobs.manager import JobManager, JobReporter, JobState
from vidstudio.jobs.retry import RetryPolicy, call_with_retry
from vidstudio.providers.base import AuthenticationError, ServiceUnavailableError


def test_jobs_run_concurrently_under_the_cpu_limit() -> None:
    async def scenario() -> int:
        manager = JobManager(cpu_limit=2)
        active = 0
        peak = 0

        async def work(report: JobReporter) -> int:
            nonlocal active, peak
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0.01)
            active -= 1
            return 1

        jobs = [manager.submit(work, f"j{i}") for i in range(6)]
        results = await manager.wait(jobs)
        assert results == [1] * 6
        assert all(j.state is JobState.SUCCEEDED for j in jobs)
        return peak

    assert asyncio.run(scenario()) == 2


def test_cancel_and_exclusive_groups() -> None:
    async def scenario() -> None:
        manager = JobManager()
        started = asyncio.Event()

        async def forever(report: JobReporter) -> None:
            started.set()
            await asyncio.sleep(3600)

        first = manager.submit(forever, "preview", group="preview", exclusive=True)
        await started.wait()
        second = manager.submit(forever, "preview 2", group="preview", exclusive=True)
        await asyncio.sleep(0)
        await manager.wait([first])
        assert first.state is JobState.CANCELLED
        assert manager.running("preview") == [second]
        await manager.shutdown()
        assert second.state is JobState.CANCELLED
        assert manager.running() == []

    asyncio.run(scenario())


def test_progress_is_throttled_and_failures_are_recorded() -> None:
    async def scenario() -> None:
        manager = JobManager(progress_interval=10.0)
        seen: list[float] = []
        manager.job_changed.connect(lambda job: seen.append(job.progress))

        async def work(report: JobReporter) -> None:
            for i in range(100):
                report(i / 100, "step")
            raise ValueError("bug")

        job = manager.submit(work, "noisy")
        results = await manager.wait([job])
        assert isinstance(results[0], ValueError)
        assert job.state is JobState.FAILED and isinstance(job.error, ValueError)
        assert len(seen) <= 4, "100 progress reports were throttled to a few signals"

    asyncio.run(scenario())


def test_retry_honours_retry_after_and_stops_on_fatal_errors() -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    attempts = 0

    async def flaky() -> str:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise ServiceUnavailableError("overloaded", retry_after=7.0)
        if attempts == 2:
            raise ServiceUnavailableError("still overloaded")
        return "ok"

    policy = RetryPolicy(attempts=4, base_delay=2.0)
    result = asyncio.run(call_with_retry(flaky, policy, sleep=fake_sleep, rng=random.Random(1)))
    assert result == "ok" and attempts == 3
    assert waits[0] == 7.0
    assert 2.0 <= waits[1] <= 4.0, "second attempt: equal jitter under a doubled ceiling"

    async def denied() -> None:
        raise AuthenticationError("bad key")

    with pytest.raises(AuthenticationError):
        asyncio.run(call_with_retry(denied, policy, sleep=fake_sleep))

    async def always_down() -> None:
        raise ServiceUnavailableError("down")

    waits.clear()
    with pytest.raises(ServiceUnavailableError):
        asyncio.run(call_with_retry(always_down, policy, sleep=fake_sleep))
    assert len(waits) == 3, "gives up after the policy's attempts"


def test_cache_key_changes_with_every_input() -> None:
    base = cache_key("clip", "local", "m", {"prompt": "a", "duration": 5}, ["tk-1"], 0)
    assert base == cache_key("clip", "local", "m", {"duration": 5, "prompt": "a"}, ["tk-1"], 0)
    variants = [
        cache_key("sfx", "local", "m", {"prompt": "a", "duration": 5}, ["tk-1"], 0),
        cache_key("clip", "luma", "m", {"prompt": "a", "duration": 5}, ["tk-1"], 0),
        cache_key("clip", "local", "m2", {"prompt": "a", "duration": 5}, ["tk-1"], 0),
        cache_key("clip", "local", "m", {"prompt": "b", "duration": 5}, ["tk-1"], 0),
        cache_key("clip", "local", "m", {"prompt": "a", "duration": 9}, ["tk-1"], 0),
        cache_key("clip", "local", "m", {"prompt": "a", "duration": 5}, ["tk-2"], 0),
        cache_key("clip", "local", "m", {"prompt": "a", "duration": 5}, ["tk-1"], 1),
    ]
    assert base not in variants and len(set(variants)) == len(variants)
