"""The asyncio job manager: it owns every background task.

Jobs have states, a progress fraction and message (throttled before anyone is told), belong to a
group, and may be ``exclusive`` in their group (starting one cancels the running one, as a new
preview render should). CPU-bound jobs share a limit of one per core; network jobs another.
Nothing here knows Qt: the editor subscribes to ``job_changed`` through an adapter.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from psygnal import Signal


class JobState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


Resource = Literal["cpu", "net", "none"]
_ids = itertools.count(1)


@dataclass(eq=False)  # identity semantics: a job is itself, whatever its fields say
class Job:
    """One unit of background work; read-only for everyone but the manager."""

    name: str
    group: str = "default"
    resource: Resource = "cpu"
    id: int = field(default_factory=lambda: next(_ids))
    state: JobState = JobState.PENDING
    progress: float = 0.0
    message: str = ""
    error: BaseException | None = None
    result: Any = None
    task: asyncio.Task[Any] | None = field(default=None, repr=False)
    _last_emit: float = field(default=0.0, repr=False)


class JobReporter:
    """Handed to a job's coroutine so it can report progress."""

    def __init__(self, manager: JobManager, job: Job) -> None:
        self._manager = manager
        self.job = job

    def __call__(self, fraction: float, message: str = "") -> None:
        self._manager._set_progress(self.job, fraction, message)


JobFunction = Callable[[JobReporter], Awaitable[Any]]


class JobManager:
    """Owns, limits, reports and cancels background jobs.

    Threading: use from the event loop thread only.

    Signals:
        job_changed(Job): a job changed state, or its progress moved (throttled).
    """

    job_changed = Signal(object)

    def __init__(
        self,
        *,
        cpu_limit: int | None = None,
        net_limit: int = 4,
        progress_interval: float = 0.1,
    ) -> None:
        self.cpu_limit = cpu_limit or max(1, os.cpu_count() or 1)
        self._limits = {
            "cpu": asyncio.Semaphore(self.cpu_limit),
            "net": asyncio.Semaphore(net_limit),
        }
        self._interval = progress_interval
        self.jobs: list[Job] = []

    # ---------------------------------------------------------------------------------
    def submit(
        self,
        fn: JobFunction,
        name: str,
        *,
        group: str = "default",
        resource: Resource = "cpu",
        exclusive: bool = False,
    ) -> Job:
        """Start ``fn(reporter)`` as a job owned by this manager and return the Job."""
        if exclusive:
            for other in self.running(group):
                self.cancel(other)
        job = Job(name=name, group=group, resource=resource)
        self.jobs.append(job)
        job.task = asyncio.get_running_loop().create_task(self._run(job, fn), name=name)
        return job

    async def _run(self, job: Job, fn: JobFunction) -> Any:
        limit = self._limits.get(job.resource)
        try:
            if limit is not None:
                async with limit:
                    return await self._body(job, fn)
            return await self._body(job, fn)
        except asyncio.CancelledError:
            self._finish(job, JobState.CANCELLED)
            raise
        except Exception as exc:  # the job's owner reads job.error; nothing is swallowed
            job.error = exc
            self._finish(job, JobState.FAILED)
            raise

    async def _body(self, job: Job, fn: JobFunction) -> Any:
        job.state = JobState.RUNNING
        self.job_changed.emit(job)
        result = await fn(JobReporter(self, job))
        job.result = result
        job.progress = 1.0
        self._finish(job, JobState.SUCCEEDED)
        return result

    def _finish(self, job: Job, state: JobState) -> None:
        job.state = state
        self.job_changed.emit(job)

    def _set_progress(self, job: Job, fraction: float, message: str) -> None:
        job.progress = min(1.0, max(job.progress, fraction))
        if message:
            job.message = message
        now = time.monotonic()
        if now - job._last_emit >= self._interval:
            job._last_emit = now
            self.job_changed.emit(job)

    # ---------------------------------------------------------------------------------
    def running(self, group: str | None = None) -> list[Job]:
        return [
            j for j in self.jobs
            if not j.state.finished and (group is None or j.group == group)
        ]

    def cancel(self, job: Job) -> None:
        if job.task is not None and not job.task.done():
            job.task.cancel()

    def cancel_group(self, group: str) -> None:
        for job in self.running(group):
            self.cancel(job)

    async def wait(self, jobs: list[Job]) -> list[Any]:
        """Wait for ``jobs``; returns results or exceptions in order (never raises for them)."""
        tasks = [j.task for j in jobs if j.task is not None]
        return await asyncio.gather(*tasks, return_exceptions=True)

    async def shutdown(self) -> None:
        """Cancel everything still running and wait until it has stopped."""
        pending = [j.task for j in self.jobs if j.task is not None and not j.task.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    def overall_progress(self, group: str | None = None) -> float:
        jobs = [j for j in self.jobs if group is None or j.group == group]
        if not jobs:
            return 0.0
        return sum(1.0 if j.state.finished else j.progress for j in jobs) / len(jobs)
