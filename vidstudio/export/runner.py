"""Running the export's ffmpeg processes: weighted progress, parallel jobs, clear errors.

Cancellation needs nothing special here: ``run_ffmpeg`` kills its process when the awaiting
task is cancelled, ``asyncio.TaskGroup`` cancels the siblings of a failed or cancelled job,
and every file is written through ``atomic_output`` (the partial file is removed).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import json
import os
import re
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from vidstudio.export.result import ExportError
from vidstudio.media.ffmpeg import FFmpegError, ffmpeg_exe, run_ffmpeg

if TYPE_CHECKING:
    from pathlib import Path

ProgressFn = Callable[[float, str], None]
T = TypeVar("T")
U = TypeVar("U")
# How many ffmpeg runs this process started for each step (its ``what``), for diagnostics and
# for tests that check a step was skipped.
RUNS: collections.Counter[str] = collections.Counter()


class ProgressTracker:
    """Turns per-stage fractions into one overall, never decreasing, fraction.

    Stages are declared up front with relative weights; a stage's progress is reported as a
    fraction of that stage.
    """

    def __init__(self, callback: ProgressFn | None, weights: dict[str, float]) -> None:
        self._callback = callback
        total = sum(weights.values()) or 1.0
        self._weights = {name: w / total for name, w in weights.items()}
        self._done: dict[str, float] = dict.fromkeys(weights, 0.0)
        self._last = 0.0

    def report(self, stage: str, fraction: float, message: str) -> None:
        if stage not in self._done:
            return
        self._done[stage] = max(self._done[stage], min(1.0, max(0.0, fraction)))
        overall = sum(self._weights[name] * f for name, f in self._done.items())
        overall = max(self._last, min(1.0, overall))
        self._last = overall
        if self._callback is not None:
            self._callback(overall, message)

    def stage(self, stage: str, message: str) -> Callable[[float], None]:
        """A ``run_ffmpeg`` progress callback feeding ``stage``."""
        self.report(stage, 0.0, message)
        return lambda fraction: self.report(stage, fraction, message)

    def finish(self, message: str) -> None:
        for name in self._done:
            self._done[name] = 1.0
        self._last = 1.0
        if self._callback is not None:
            self._callback(1.0, message)


class SharedStage:
    """Progress of a stage made of parallel jobs, each weighted (e.g. by its frame count)."""

    def __init__(self, tracker: ProgressTracker, stage: str, weights: Sequence[float]) -> None:
        self._tracker = tracker
        self._stage = stage
        total = sum(weights) or 1.0
        self._weights = [w / total for w in weights]
        self._fractions = [0.0] * len(weights)

    def callback(self, index: int, message: str) -> Callable[[float], None]:
        def update(fraction: float) -> None:
            self._fractions[index] = fraction
            done = sum(w * f for w, f in zip(self._weights, self._fractions, strict=True))
            self._tracker.report(self._stage, done, message)

        return update


async def ffmpeg(args: Sequence[str], *, what: str, duration: float | None = None,
                 progress: Callable[[float], None] | None = None) -> str:
    """Run ffmpeg; its failure becomes an ``ExportError`` that says what was being done.

    Returns:
        ffmpeg's log (stderr).
    """
    RUNS[what] += 1
    try:
        return await run_ffmpeg(list(args), duration=duration, progress=progress)
    except FFmpegError as exc:
        raise ExportError(f"{what} failed: {exc}") from exc
    except OSError as exc:
        raise ExportError(f"{what} failed: could not run ffmpeg ({exc})") from exc


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


@contextlib.asynccontextmanager
async def _first_error() -> AsyncIterator[None]:
    """Re-raise a task group's first real error as itself: callers (and users) expect an
    ``ExportError``, not an exception group."""
    try:
        yield
    except BaseExceptionGroup as group_error:
        for exc in group_error.exceptions:
            if isinstance(exc, ExportError):
                raise exc from None
        raise group_error.exceptions[0] from None


async def run_both(first: Awaitable[T], second: Awaitable[U]) -> tuple[T, U]:
    """Await two jobs concurrently; if one fails the other is cancelled (and awaited)."""
    async with _first_error(), asyncio.TaskGroup() as group:
        a = group.create_task(_awaited(first))
        b = group.create_task(_awaited(second))
    return a.result(), b.result()


async def _awaited(job: Awaitable[T]) -> T:
    return await job


async def run_bounded(jobs: Sequence[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    """Run the job factories at most ``limit`` at a time; results in order.

    If one fails (or the caller is cancelled) the others are cancelled and awaited before the
    error propagates, so no ffmpeg outlives the export.
    """
    gate = asyncio.Semaphore(max(1, limit))

    async def guarded(job: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await job()

    async with _first_error(), asyncio.TaskGroup() as group:
        tasks = [group.create_task(guarded(job)) for job in jobs]
    return [task.result() for task in tasks]


PROBE_CACHE = "ffmpeg-capabilities.json"


@functools.cache
def has_loopback_decoders() -> bool:
    """Whether ffmpeg can decode its own output in the same run (``-dec``, ffmpeg >= 7).

    Blocking. The answer is kept in the user's cache folder under the binary's identity
    (path, size, modification time), so ``ffmpeg -version`` runs once per ffmpeg build, not
    once per process; another binary, or the same one replaced, is probed again.
    """
    identity = encoder_identity()
    known = _read_probe_cache().get(identity)
    if isinstance(known, dict) and isinstance(known.get("loopback_decoders"), bool):
        return bool(known["loopback_decoders"])
    answer = _probe_loopback_decoders()
    if answer is not None:
        _write_probe_cache(identity, {"loopback_decoders": answer})
    return bool(answer)


def _probe_loopback_decoders() -> bool | None:
    """Ask ffmpeg (``-version``); None when it could not be run (not worth remembering).
    Development builds that print no release number are assumed recent."""
    try:
        text = subprocess.run([ffmpeg_exe(), "-hide_banner", "-version"], capture_output=True,
                              text=True, errors="replace", check=False, timeout=30).stdout
    except (OSError, subprocess.SubprocessError, FFmpegError):
        return None
    match = re.search(r"ffmpeg version n?(\d+)\.", text)
    return match is None or int(match.group(1)) >= 7


def _probe_cache_file() -> Path:
    from vidstudio.osdeps import user_cache_dir

    return user_cache_dir() / PROBE_CACHE


def _read_probe_cache() -> dict[str, object]:
    try:
        data = json.loads(_probe_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_probe_cache(identity: str, facts: dict[str, object]) -> None:
    """Remember one build's facts (best effort: an unwritable cache folder only costs the
    probe next time). Only the current build is kept."""
    from vidstudio.atomic import atomic_write_text

    path = _probe_cache_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps({identity: facts}))


@functools.cache
def encoder_identity() -> str:
    """Which ffmpeg build encodes (path, size, modification time), for cache keys whose
    results depend on its x264. Blocking (one ``stat``); cached per process."""
    path = ffmpeg_exe()
    try:
        stat = os.stat(path)
    except OSError:
        return path
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
