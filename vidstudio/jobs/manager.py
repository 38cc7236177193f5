"""The asyncio job manager: it owns every background task.

A job has a state (PENDING -> RUNNING -> SUCCEEDED | FAILED | CANCELLED), a progress fraction and
message (throttled before anyone is told), an estimate of the time left, the cost it has run up,
a subject (the scene and slot it works on, if any), the provider it calls and an optional parent
(a step of "generate all"). Jobs are ``exclusive`` in their group when asked (starting one cancels
the running one, as a new preview render should). Local CPU work shares one limit per core;
each cloud provider has its own limit, taken from its capabilities. Finished jobs are pruned
after ``keep_finished`` seconds. Nothing here knows Qt: the editor subscribes to ``job_changed``
through an adapter.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
import weakref
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
    """One unit of background work; read-only for everyone but the manager and its owner.

    Attributes:
        kind: what sort of work: "generate-all", "regenerate", "plan", "render", "export",
            "step" (one provider call), ...
        subject: the slot the job works on (a ``SlotRef``), None for project-wide jobs.
        provider: the provider it calls, for the user.
        outcome: the user-facing message once finished (the provider's message on failure).
        stats: whatever summary the owner attaches (e.g. generated / reused counts).
    """

    name: str
    group: str = "default"
    resource: Resource = "cpu"
    kind: str = "step"
    subject: Any = None
    provider: str = ""
    parent: Job | None = field(default=None, repr=False)
    id: int = field(default_factory=lambda: next(_ids))
    state: JobState = JobState.PENDING
    progress: float = 0.0
    message: str = ""
    outcome: str = ""
    cost: float = 0.0
    stats: Any = None
    error: BaseException | None = None
    result: Any = None
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished_at: float | None = None
    task: asyncio.Task[Any] | None = field(default=None, repr=False)
    _last_emit: float = field(default=0.0, repr=False)

    @property
    def time_left(self) -> float | None:
        """Seconds left, estimated from the progress so far; None when unknown."""
        if self.started is None or self.state is not JobState.RUNNING or self.progress < 0.05:
            return None
        elapsed = time.monotonic() - self.started
        return max(0.0, elapsed * (1.0 - self.progress) / self.progress)


class JobReporter:
    """Handed to a job's coroutine so it can report progress."""

    def __init__(self, manager: JobManager, job: Job) -> None:
        self._manager = manager
        self.job = job

    def __call__(self, fraction: float, message: str = "") -> None:
        self._manager._set_progress(self.job, fraction, message)


JobFunction = Callable[[JobReporter], Awaitable[Any]]


# Every manager still referenced, so the test suite can fail a test that leaves jobs running.
_LIVE: weakref.WeakSet[JobManager] = weakref.WeakSet()


def live_managers() -> list[JobManager]:
    """The job managers that exist now (for the test suite's leak check)."""
    return list(_LIVE)


class JobManager:
    """Owns, limits, reports, cancels and prunes background jobs.

    Threading: use from the event loop thread only.

    Signals:
        job_changed(Job): a job was added, changed state, or its progress moved (throttled).
        job_removed(Job): a finished job was pruned from ``jobs``.
    """

    job_changed = Signal(object)
    job_removed = Signal(object)

    def __init__(
        self,
        *,
        cpu_limit: int | None = None,
        net_limit: int = 4,
        progress_interval: float = 0.1,
        keep_finished: float = 600.0,
    ) -> None:
        self.cpu_limit = cpu_limit or max(1, os.cpu_count() or 1)
        self._limits: dict[str, asyncio.Semaphore] = {
            "cpu": asyncio.Semaphore(self.cpu_limit),
            "net": asyncio.Semaphore(net_limit),
        }
        self._interval = progress_interval
        self.keep_finished = keep_finished
        self.jobs: list[Job] = []
        _LIVE.add(self)

    # ---------------------------------------------------------------------------------
    def submit(
        self,
        fn: JobFunction,
        name: str,
        *,
        group: str = "default",
        resource: Resource = "cpu",
        exclusive: bool = False,
        kind: str = "step",
        subject: Any = None,
        provider: str = "",
        parent: Job | None = None,
        limit: tuple[str, int] | None = None,
    ) -> Job:
        """Start ``fn(reporter)`` as a job owned by this manager and return the Job.

        ``limit`` = (key, n) runs the job under a limit of ``n`` concurrent jobs shared by every
        job with that key (a cloud provider's concurrency); otherwise ``resource`` decides.
        """
        if exclusive:
            for other in self.running(group):
                self.cancel(other)
        self.prune()
        job = Job(name=name, group=group, resource=resource, kind=kind, subject=subject,
                  provider=provider, parent=parent)
        self.jobs.append(job)
        semaphore = self._semaphore(limit) if limit else self._limits.get(resource)
        job.task = asyncio.get_running_loop().create_task(self._run(job, fn, semaphore),
                                                          name=name)
        job.task.add_done_callback(lambda _task: self._settle(job))
        self.job_changed.emit(job)
        return job

    def _semaphore(self, limit: tuple[str, int]) -> asyncio.Semaphore:
        key, count = limit
        name = f"provider:{key}"
        if name not in self._limits:
            self._limits[name] = asyncio.Semaphore(max(1, count))
        return self._limits[name]

    async def _run(self, job: Job, fn: JobFunction, limit: asyncio.Semaphore | None) -> Any:
        try:
            if limit is not None:
                async with limit:
                    return await self._body(job, fn)
            return await self._body(job, fn)
        except asyncio.CancelledError:
            self._finish(job, JobState.CANCELLED, job.outcome or "cancelled")
            raise
        except Exception as exc:  # the job's owner reads job.error; nothing is swallowed
            job.error = exc
            self._finish(job, JobState.FAILED, job.outcome or str(exc) or type(exc).__name__)
            raise

    async def _body(self, job: Job, fn: JobFunction) -> Any:
        job.state = JobState.RUNNING
        job.started = time.monotonic()
        self.job_changed.emit(job)
        result = await fn(JobReporter(self, job))
        job.result = result
        job.progress = 1.0
        self._finish(job, JobState.SUCCEEDED, job.outcome or "done")
        return result

    def _finish(self, job: Job, state: JobState, outcome: str) -> None:
        if job.state.finished:
            return
        job.state = state
        job.outcome = outcome
        job.finished_at = time.monotonic()
        self.job_changed.emit(job)

    def _settle(self, job: Job) -> None:
        """A task cancelled before it ever ran never enters ``_run``: end it here."""
        if not job.state.finished:
            self._finish(job, JobState.CANCELLED, "cancelled before it started")

    def _set_progress(self, job: Job, fraction: float, message: str) -> None:
        job.progress = min(1.0, max(job.progress, fraction))
        if message:
            job.message = message
        now = time.monotonic()
        if now - job._last_emit >= self._interval:
            job._last_emit = now
            self.job_changed.emit(job)

    def add_cost(self, job: Job, amount: float) -> None:
        """Money a job (and its parents) has spent, for the jobs panel."""
        node: Job | None = job
        while node is not None:
            node.cost += amount
            self.job_changed.emit(node)
            node = node.parent

    # ---------------------------------------------------------------------------------
    def running(self, group: str | None = None) -> list[Job]:
        return [
            j for j in self.jobs
            if not j.state.finished and (group is None or j.group == group)
        ]

    def cancel(self, job: Job) -> None:
        """Ask a job to stop. A job that has not started yet ends CANCELLED at once."""
        if job.state.finished:
            return
        if job.state is JobState.PENDING:
            self._finish(job, JobState.CANCELLED, "cancelled before it started")
        if job.task is not None and not job.task.done():
            job.task.cancel()

    def cancel_group(self, group: str) -> None:
        for job in self.running(group):
            self.cancel(job)

    def prune(self, now: float | None = None) -> None:
        """Forget jobs that finished more than ``keep_finished`` seconds ago."""
        now = time.monotonic() if now is None else now
        keep: list[Job] = []
        for job in self.jobs:
            if (job.finished_at is not None and job.task is not None and job.task.done()
                    and now - job.finished_at > self.keep_finished):
                self.job_removed.emit(job)
            else:
                keep.append(job)
        self.jobs = keep

    async def wait(self, jobs: list[Job]) -> list[Any]:
        """Wait for ``jobs``; returns results or exceptions in order (never raises for them)."""
        tasks = [j.task for j in jobs if j.task is not None]
        return await asyncio.gather(*tasks, return_exceptions=True)

    async def shutdown(self) -> None:
        """Cancel everything still running and wait until it has stopped."""
        pending = [j.task for j in self.jobs if j.task is not None and not j.task.done()]
        for job in self.running():
            self.cancel(job)
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    def overall_progress(self, group: str | None = None) -> float:
        jobs = [j for j in self.jobs if group is None or j.group == group]
        if not jobs:
            return 0.0
        return sum(1.0 if j.state.finished else j.progress for j in jobs) / len(jobs)
