"""The Ray engine: the films of a manifest as Ray tasks on a cluster (``vidstudio[cluster]``).

Ray is imported here only, and only when ``--ray`` asks for it. Each film is one task that
declares one CPU and some memory and runs ``run_film`` in its own event loop with a one-worker
process pool. One actor holds what the whole batch shares: the budget (a film reserves its
estimate before it pays anything) and each cloud provider's concurrency (a slot per running
call, counted across every node). A task whose worker or node dies is run again by Ray; the
film resumes from its project's checkpoint (``batch.scratch``: made in node-local scratch,
journal and saves copied to shared storage), so nothing it bought is bought again, and the
slots its dead attempt held are freed when the new attempt starts.

Every node must reach the manifest's scripts and output folders at the same paths (a shared
file system), and hold the providers' keys in its environment, as ``vidstudio render`` would.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from vidstudio.batch.film import FAILED, FilmResult, LocalMoney

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence

    from vidstudio.batch.manifest import FilmSpec
    from vidstudio.batch.report import BatchProgress

FILM_CPUS = 1
FILM_MEMORY = 512 * 1024 * 1024  # bytes a film's task declares (its pool worker and ffmpeg)
FILM_RETRIES = 3  # runs again after its worker or node died


class RayMissingError(Exception):
    """Ray is not installed (``pip install 'vidstudio[cluster]'``)."""


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RayMissingError from None
    return ray


def _connect(address: str) -> Any:
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=address, logging_level="ERROR", log_to_driver=False,
                 configure_logging=False)
    return ray


def cluster_parallelism(address: str, films: int) -> int:
    """Films the cluster runs at once: its CPUs over what a film declares."""
    ray = _connect(address)
    cpus = int(ray.cluster_resources().get("CPU", FILM_CPUS))
    return max(1, min(films, cpus // FILM_CPUS))


class BatchLimits:
    """What the batch shares across the cluster; one instance, as an async Ray actor.

    Threading: the actor's event loop; no ``await`` between a check and its count.
    """

    def __init__(self, budget: float | None) -> None:
        self.money = LocalMoney(budget)
        self.held: dict[str, int] = defaultdict(int)
        self.most: dict[str, int] = defaultdict(int)  # the most held at once, per key
        self.holders: dict[str, tuple[str, str]] = {}  # token -> (film, key)
        self.orphans: set[str] = set()  # tokens of attempts that died
        self.freed = asyncio.Condition()
        self.starts: dict[str, int] = defaultdict(int)
        self.events: list[tuple[str, int]] = []

    async def film_started(self, film: str) -> int:
        """A film's attempt began; returns its number.

        Slots an earlier attempt of the same film still holds belonged to a worker that died;
        the call it made may still run at the provider (the new attempt resumes it from the
        journal), so the slot stays counted and passes to the new attempt's first call of the
        same kind instead of being freed.
        """
        for token, (holder, _key) in self.holders.items():
            if holder == film:
                self.orphans.add(token)
        self.starts[film] += 1
        self.events.append((film, self.starts[film]))
        return self.starts[film]

    async def film_ended(self, film: str) -> None:
        """The film finished, failed or was refused: every slot still in its name is free."""
        async with self.freed:
            for token, (holder, key) in list(self.holders.items()):
                if holder == film:
                    del self.holders[token]
                    self.orphans.discard(token)
                    self.held[key] -= 1
            self.freed.notify_all()

    async def acquire(self, film: str, key: str, limit: int) -> str:
        """A slot of ``key`` for ``film``: its dead attempt's, or a free one when there is."""
        for token in list(self.orphans):
            if self.holders[token] == (film, key):
                self.orphans.discard(token)
                return token
        async with self.freed:
            await self.freed.wait_for(lambda: self.held[key] < limit)
            self.held[key] += 1
            self.most[key] = max(self.most[key], self.held[key])
            token = uuid.uuid4().hex
            self.holders[token] = (film, key)
            return token

    async def release(self, token: str) -> None:
        async with self.freed:
            holder = self.holders.pop(token, None)
            self.orphans.discard(token)
            if holder is not None:
                self.held[holder[1]] -= 1
                self.freed.notify_all()

    async def reserve(self, film: str, price: float) -> str | None:
        return await self.money.reserve(film, price)

    async def settle(self, film: str, spent: float) -> None:
        await self.money.settle(film, spent)

    async def report(self, since: int) -> dict[str, Any]:
        return {"events": self.events[since:], "most": dict(self.most),
                "spent": self.money.spent}


class _RayMoney:
    def __init__(self, actor: Any, limit: float | None) -> None:
        self.actor = actor
        self.limit = limit

    async def reserve(self, film: str, price: float) -> str | None:
        why: str | None = await self.actor.reserve.remote(film, price)
        return why

    async def settle(self, film: str, spent: float) -> None:
        await self.actor.settle.remote(film, spent)


class _RayGate:
    def __init__(self, actor: Any) -> None:
        self.actor = actor

    @contextlib.asynccontextmanager
    async def slot(self, film: str, key: str, limit: int) -> AsyncIterator[None]:
        token = await self.actor.acquire.remote(film, key, limit)
        try:
            yield
        finally:
            await self.actor.release.remote(token)


def film_task(spec_json: dict[str, Any], actor: Any, budget: float | None) -> dict[str, Any]:
    """One film, on whichever node Ray chose (runs in a Ray worker process)."""
    import ray

    from vidstudio.batch.manifest import FilmSpec
    from vidstudio.batch.scratch import run_film_in_scratch
    from vidstudio.batch.workers import make_process_pool
    from vidstudio.providers.keys import Credentials

    spec = FilmSpec.from_json(spec_json)
    attempt = ray.get(actor.film_started.remote(spec.name))
    credentials = Credentials.discover()

    async def render() -> FilmResult:
        try:
            with make_process_pool(FILM_CPUS) as executor:
                return await run_film_in_scratch(
                    spec, credentials, executor, money=_RayMoney(actor, budget),
                    gate=_RayGate(actor), redact=credentials.redactor(), cpu=FILM_CPUS,
                    attempt=attempt)
        finally:
            await actor.film_ended.remote(spec.name)

    return asyncio.run(render()).to_json()


@functools.cache
def _remote() -> tuple[Any, Any]:
    ray = _ray()
    # The batch's shared limits live on the head node, which the batch needs anyway: on a
    # worker node they would die with it (the films on a dead node are retried; the limits
    # could not be). Ray gives the head node this resource for such pinning.
    limits = ray.remote(num_cpus=0, max_restarts=0,
                        resources={"node:__internal_head__": 0.001})(BatchLimits)
    task = ray.remote(num_cpus=FILM_CPUS, memory=FILM_MEMORY, max_retries=FILM_RETRIES,
                      retry_exceptions=False)(film_task)
    return limits, task


async def run_ray(films: Sequence[FilmSpec], address: str, *, progress: BatchProgress,
                  budget: float | None = None) -> list[FilmResult]:
    """Render every film on the cluster at ``address``; results in the manifest's order.

    Returns when every film finished, failed or was refused; a film whose task failed after
    its retries (its node kept dying) is reported failed with Ray's reason.
    """
    ray = _connect(address)
    limits_class, task = _remote()
    actor = limits_class.remote(budget)
    pending = {asyncio.wrap_future(task.remote(spec.to_json(), actor, budget).future()): i
               for i, spec in enumerate(films)}
    results: list[FilmResult | None] = [None] * len(films)
    seen = 0
    announced: dict[str, int] = {}
    try:
        while pending:
            done, _ = await asyncio.wait(pending, timeout=0.5,
                                         return_when=asyncio.FIRST_COMPLETED)
            state = await asyncio.wrap_future(actor.report.remote(seen).future())
            seen += len(state["events"])
            starts = dict(state["events"])  # the latest attempt of each film
            for future in done:  # what finished first, each after its own start
                index = pending.pop(future)
                name = films[index].name
                if name not in announced:
                    announced[name] = starts.get(name, 1)
                    progress.started(name, announced[name])
                result = results[index] = _result(future, films[index], ray)
                progress.finished(result)
            for film, attempt in state["events"]:
                if announced.get(film, 0) < attempt and not _ended(film, results):
                    announced[film] = attempt
                    progress.started(film, attempt)
        progress.peaks = state["most"]
    finally:
        for future in pending:
            future.cancel()
        with contextlib.suppress(Exception):
            ray.kill(actor)
    return [r for r in results if r is not None]


def _ended(name: str, results: Sequence[FilmResult | None]) -> bool:
    return any(r is not None and r.name == name for r in results)


def _result(future: asyncio.Future[Any], spec: FilmSpec, ray: Any) -> FilmResult:
    try:
        return FilmResult(**future.result())
    except ray.exceptions.RayError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return FilmResult(spec.name, FAILED, output=str(spec.output),
                          project=str(spec.project_dir), error=f"the cluster failed: {reason}")
