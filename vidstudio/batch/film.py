"""One film of a batch: its settings and providers from its manifest row, its money and its
providers' concurrency from the engine, then ``render_script``.

An engine hands ``run_film`` two things it owns for the whole batch: ``Money`` (the batch's
budget: a film reserves its estimate before it pays anything, and settles what it spent) and
``Gate`` (per cloud provider and call, how many run at once across every film). The local
engine keeps both in this process; the Ray engine keeps them in one actor for the cluster.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from vidstudio.batch.manifest import STAGES, FilmSpec

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable
    from concurrent.futures import Executor

    from vidstudio.core.models import Settings
    from vidstudio.jobs.budget import Reservation
    from vidstudio.jobs.pipeline import StepFailure
    from vidstudio.jobs.render import RenderPlanReport, RenderProgress
    from vidstudio.providers.keys import Credentials
    from vidstudio.providers.registry import ProviderSet

# The provider calls that a gate counts (each one a generation the service runs).
GATED_CALLS = ("plan", "generate_image", "train_style", "generate_clip", "generate_sound",
               "narrate")

DONE, UP_TO_DATE, FAILED, REFUSED = "done", "up to date", "failed", "refused"


class Money(Protocol):
    """The batch's budget, shared by every film of the batch."""

    async def reserve(self, film: str, price: float) -> str | None:
        """Count ``price`` as in flight for ``film``; why not (one line), or None if it may."""

    async def settle(self, film: str, spent: float) -> None:
        """``film`` ended: its reservation is dropped and ``spent`` counts as spent."""


class Gate(Protocol):
    """How many calls of one kind (a service and a method) run at once, across films."""

    def slot(self, film: str, key: str, limit: int) -> contextlib.AbstractAsyncContextManager[
            None]:
        """Wait for a free slot of ``key`` (at most ``limit`` held) and hold it."""


@dataclass
class FilmResult:
    """One row of the batch report."""

    name: str
    status: str
    seconds: float = 0.0
    cost: float = 0.0
    output: str = ""
    project: str = ""
    error: str = ""
    attempts: int = 1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def finished(self) -> bool:
        return self.status in (DONE, UP_TO_DATE)


class _GatedProvider:
    """A provider whose generation calls each hold a slot of the batch's gate."""

    def __init__(self, inner: Any, film: str, gate: Gate) -> None:
        self._inner = inner
        self._film = film
        self._gate = gate

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        if name not in GATED_CALLS:
            return value
        key = f"{self._inner.info.name}.{name}"
        limit = max(1, int(self._inner.capabilities.concurrency))

        async def gated(*args: Any, **kwargs: Any) -> Any:
            async with self._gate.slot(self._film, key, limit):
                return await value(*args, **kwargs)

        return gated


def gate_providers(providers: ProviderSet, film: str, gate: Gate) -> ProviderSet:
    """``providers`` with every cloud provider's generation calls behind ``gate``."""
    import dataclasses

    changes: dict[str, Any] = {}
    for field in dataclasses.fields(providers):
        value = getattr(providers, field.name)
        info = getattr(value, "info", None)
        if info is not None and info.kind == "cloud":
            changes[field.name] = _GatedProvider(value, film, gate)
    return dataclasses.replace(providers, **changes)


class LocalGate:
    """A gate for the films of one process (one event loop)."""

    def __init__(self) -> None:
        self._slots: dict[str, asyncio.Semaphore] = {}

    @contextlib.asynccontextmanager
    async def slot(self, film: str, key: str, limit: int) -> AsyncIterator[None]:
        semaphore = self._slots.setdefault(key, asyncio.Semaphore(limit))
        async with semaphore:
            yield


class LocalMoney:
    """The batch's budget for the films of one process (or of the cluster, inside its actor):
    each film reserves its estimate from one ``Budget`` account and settles what it spent.

    Reserving checks and counts with no ``await`` in between, so films starting together
    never reserve past the limit.
    """

    def __init__(self, limit: float | None) -> None:
        from vidstudio.jobs.budget import Budget

        self.account = Budget(limit)
        self._held: dict[str, Reservation] = {}

    @property
    def limit(self) -> float | None:
        return self.account.limit

    @property
    def spent(self) -> float:
        return self.account.spent

    async def reserve(self, film: str, price: float) -> str | None:
        """None when ``film`` may spend ``price``; otherwise why not (one line)."""
        from vidstudio.jobs.budget import BudgetExceededError

        try:
            self._held[film] = self.account.reserve(price)
        except BudgetExceededError as refused:
            return str(refused).replace("the budget of", "the batch's budget of")
        return None

    async def settle(self, film: str, spent: float) -> None:
        from vidstudio.jobs.budget import Reservation

        held = self._held.pop(film, None) or Reservation(self.account, 0.0)
        self.account.settle(held, spent)


def film_settings(spec: FilmSpec) -> Settings:
    """The project settings of ``spec``'s row (providers default to ``auto``)."""
    from vidstudio.core.models import Settings
    from vidstudio.core.vocabulary import AspectRatio, Stage

    updates: dict[str, Any] = {
        "providers": {Stage(stage): spec.providers.get(stage, "auto") for stage in STAGES}}
    if spec.aspect:
        updates["aspect_ratio"] = AspectRatio(spec.aspect)
    if spec.resolution is not None:
        updates["short_side"] = spec.resolution
    if spec.max_scenes is not None:
        updates["max_scenes"] = spec.max_scenes
    if spec.seed is not None:
        updates["seed"] = spec.seed
    return Settings().model_copy(update=updates)


async def run_film(spec: FilmSpec, credentials: Credentials, executor: Executor, *,
                   money: Money, gate: Gate, progress: RenderProgress | None = None,
                   redact: Callable[[str], str] | None = None, cpu: int | None = None,
                   attempt: int = 1) -> FilmResult:
    """Render one film of the batch; every failure becomes the result's one error line.

    A film whose project is finished and whose output is current is "up to date" (nothing is
    paid or written); a partial project resumes from its journal, so a retried film never
    pays twice for what an earlier attempt bought.
    """
    started = time.monotonic()
    result = FilmResult(spec.name, FAILED, output=str(spec.output),
                        project=str(spec.project_dir), attempts=attempt)
    reserved = False
    sink: _FirstFailure | None = None
    try:
        settings, script, options, cast = await _prepare(spec)
        from vidstudio.jobs.render import RenderLimits, estimate_script, render_script
        from vidstudio.providers.registry import build_providers

        providers = build_providers(settings.providers, credentials, executor=executor)
        estimate = await estimate_script(script, spec.project_dir, settings, providers)
        why = await money.reserve(spec.name, estimate.total)
        if why is not None:
            result.status, result.error = REFUSED, why
            return result
        reserved = True
        budget = _film_budget(spec.budget, estimate.total, money)
        options = _with_budget(options, budget)
        sink = _FirstFailure(progress)
        gated = gate_providers(providers, spec.name, gate)
        if cast is None:
            outcome = await render_script(script, spec.project_dir, settings, gated, options,
                                          progress=sink, limits=RenderLimits(cpu=cpu),
                                          redact=redact)
        else:
            from vidstudio.jobs.cast_file import render_with_cast

            outcome, _ = await render_with_cast(
                script, spec.project_dir, settings, gated, options, cast,
                Path(spec.cast or ".").parent, progress=sink, limits=RenderLimits(cpu=cpu),
                redact=redact)
        result.cost = outcome.cost
        fresh = outcome.stats is not None and outcome.stats.generated == 0 \
            and outcome.export is not None and outcome.export.up_to_date
        result.status = UP_TO_DATE if fresh else DONE
        if outcome.export is not None:
            result.output = str(outcome.export.output)
    except asyncio.CancelledError:
        result.error = "cancelled; the project keeps what was finished"
        raise
    except Exception as exc:  # noqa: BLE001  one film's failure is its report line
        result.error = _one_line(exc, redact)
        if sink is not None and sink.first is not None:
            first = sink.first
            result.error += " " + _one_line(Exception(f"(first: {first.title}, "
                                                      f"{first.ref.kind.value}: "
                                                      f"{first.message})"), redact)
        stats = getattr(exc, "stats", None)
        result.cost = stats.cost if stats is not None else 0.0
    finally:
        result.seconds = round(time.monotonic() - started, 3)
        if reserved:
            await money.settle(spec.name, result.cost)
    return result


class _FirstFailure:
    """Forwards a film's progress, keeping its first failed step for the report's line."""

    def __init__(self, inner: RenderProgress | None) -> None:
        self.inner = inner
        self.first: StepFailure | None = None

    def stage(self, fraction: float, message: str) -> None:
        if self.inner is not None:
            self.inner.stage(fraction, message)

    def planned(self, report: RenderPlanReport) -> None:
        if self.inner is not None:
            self.inner.planned(report)

    def note(self, text: str) -> None:
        if self.inner is not None:
            self.inner.note(text)

    def step_failed(self, failure: StepFailure) -> None:
        if self.first is None:
            self.first = failure
        if self.inner is not None:
            self.inner.step_failed(failure)


def _film_budget(own: float | None, estimate: float, money: Money) -> float | None:
    """A film under a batch budget may spend what it reserved (its estimate), and never more
    than its own row's budget."""
    limit = getattr(money, "limit", None)
    caps = [c for c in (own, estimate if limit is not None else None) if c is not None]
    return min(caps) if caps else None


def _with_budget(options: Any, budget: float | None) -> Any:
    import dataclasses

    return dataclasses.replace(options, budget=budget)


async def _prepare(spec: FilmSpec) -> tuple[Settings, str, Any, Any]:
    """The film's settings, script, render options and its own cast (None without one)."""
    from vidstudio.core.custom_cast import parse_custom_cast
    from vidstudio.core.custom_environments import parse_custom_environments
    from vidstudio.export import ExportOptions
    from vidstudio.jobs.planning import decode_script, read_script
    from vidstudio.jobs.render import RenderOptions

    settings = film_settings(spec)
    if spec.script is not None:
        script = await asyncio.to_thread(read_script, spec.script)
    else:
        script = decode_script((spec.text or "").encode(), spec.name)
    environments = None
    if spec.environments is not None:
        data = await asyncio.to_thread(Path(spec.environments).read_bytes)
        environments = parse_custom_environments(data,
                                                 max_environments=settings.max_environments)
    await asyncio.to_thread(Path(spec.output).parent.mkdir, parents=True, exist_ok=True)
    options = RenderOptions(output=spec.output, export=ExportOptions(**spec.export),
                            environments=environments, initial_image=spec.initial_image,
                            purpose="vidstudio batch")
    cast = None
    if spec.cast is not None:
        data = await asyncio.to_thread(Path(spec.cast).read_bytes)
        cast = parse_custom_cast(data)
    return settings, script, options, cast


def _one_line(exc: BaseException, redact: Callable[[str], str] | None) -> str:
    text = str(exc).strip() or type(exc).__name__
    line = text.splitlines()[0]
    return redact(line) if redact is not None else line
