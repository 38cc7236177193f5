"""The local engine: the films of a manifest on this machine, several at once.

Films run in one event loop and share one process pool as wide as the usable cores (affinity
and cgroup quota), so films overlap where the cores allow: while one film waits for ffmpeg or
a cloud service, another one's frames are drawn. Each cloud provider's concurrency holds for
the whole batch (one gate), and so does the batch's budget.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from vidstudio.batch.film import FilmResult, LocalGate, LocalMoney
from vidstudio.batch.report import FilmProgress
from vidstudio.batch.scratch import run_film_in_scratch
from vidstudio.batch.workers import make_process_pool, usable_cpus

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from vidstudio.batch.manifest import FilmSpec
    from vidstudio.batch.report import BatchProgress
    from vidstudio.providers.keys import Credentials


def local_parallelism(films: int, jobs: int | None = None) -> int:
    """Films at once: ``jobs`` if given, else one per usable core, at most one per film."""
    return max(1, min(films, jobs or usable_cpus()))


async def run_local(films: Sequence[FilmSpec], credentials: Credentials, *,
                    progress: BatchProgress, jobs: int | None = None,
                    budget: float | None = None,
                    redact: Callable[[str], str] | None = None) -> list[FilmResult]:
    """Render every film; the results are in the manifest's order.

    Cancelling this coroutine cancels the films in progress; their projects keep what they
    finished, and running the manifest again resumes them.
    """
    parallel = local_parallelism(len(films), jobs)
    money = LocalMoney(budget)
    gate = LocalGate()
    turn = asyncio.Semaphore(parallel)
    results: list[FilmResult | None] = [None] * len(films)

    with make_process_pool(usable_cpus()) as executor:
        async def one(index: int, spec: FilmSpec) -> None:
            async with turn:
                progress.started(spec.name)
                result = await run_film_in_scratch(
                    spec, credentials, executor, money=money, gate=gate,
                    progress=FilmProgress(progress, spec.name), redact=redact)
                results[index] = result
                progress.finished(result)

        async with asyncio.TaskGroup() as group:
            for index, spec in enumerate(films):
                group.create_task(one(index, spec))
    return [r for r in results if r is not None]
