"""The pre-flight of a paid run: refuse before paying.

Before the first paid call of "generate all", a render or a regenerate, ``preflight``:

1. prices what the run would really buy (``estimate_run``: what is up to date costs $0);
2. refuses with a one-line ``PreflightError`` when that does not fit the budget, saying what
   would fit instead ("only scene 3 fits: $0.70") — so nothing is bought that cannot become a
   film;
3. checks the key and reachability of every paid provider the run needs, with one cheap
   authenticated call each (``Checkable.check``), all at once, and refuses with one line naming
   every provider that failed — so a bad key fails before anything is bought.

Threading: a coroutine for the event loop's thread; it reads the project, never changes it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from vidstudio.jobs.estimate import (
    STAGE_ORDER,
    Estimate,
    EstimateItem,
    estimate_regenerate,
    estimate_run,
    stage_provider,
)
from vidstudio.providers.base import Checkable, Provider, ProviderError

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.deps import SlotRef
    from vidstudio.core.models import Project
    from vidstudio.providers.pricing import PriceList
    from vidstudio.providers.registry import ProviderSet
    from vidstudio.storage import ProjectFolder
    from vidstudio.storage.style_library import StyleLibrary

#: Seconds all key checks together may take before the run is refused as unreachable.
CHECK_TIMEOUT = 30.0
_CENT = 0.005


class PreflightError(Exception):
    """The run was refused before anything was paid; the message is one line for the user.

    Attributes:
        report: what the pre-flight found (the estimate, the checks), when it got that far.
    """

    def __init__(self, message: str, report: PreflightReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class PreflightScope:
    """What the run would make: the whole film (``film``) or one slot anew (``slot``)."""

    kind: Literal["film", "slot"] = "film"
    skip_locked: bool = False
    ref: SlotRef | None = None

    @classmethod
    def film(cls, *, skip_locked: bool = False) -> PreflightScope:
        return cls("film", skip_locked=skip_locked)

    @classmethod
    def slot(cls, ref: SlotRef) -> PreflightScope:
        return cls("slot", ref=ref)


@dataclass
class PreflightReport:
    """What a run would pay for and which providers' keys were proved."""

    estimate: Estimate
    budget: float | None
    checked: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return self.estimate.total

    def summary(self) -> str:
        if self.total < _CENT:
            return "everything needed is made already: nothing to pay"
        made = ", ".join(f"{ln.stage} ${ln.cost:.2f}" for ln in self.estimate.lines
                         if ln.cost >= _CENT)
        return f"about ${self.total:.2f} to pay ({made})"


async def preflight(project: Project, providers: ProviderSet, prices: PriceList, *,
                    budget: float | None, scope: PreflightScope,
                    folder: ProjectFolder | None = None,
                    style_library: StyleLibrary | None = None,
                    check_keys: bool = True,
                    check_timeout: float = CHECK_TIMEOUT) -> PreflightReport:
    """Refuse a run that cannot be finished within ``budget`` or whose paid providers are not
    usable, before anything is paid.

    Args:
        project: the project as it is now (read only).
        providers: the providers the run would use.
        prices: the price list.
        budget: the most the run may spend in USD; None for no limit.
        scope: the whole film, or one slot made anew.
        folder: the project's folder (reused takes' files, journalled jobs); None trusts the
            take records.
        style_library: the user's trained styles; a style found there is not paid for again.
        check_keys: make the cheap authenticated call of each paid provider the run needs.
        check_timeout: seconds all those calls may take together.

    Returns:
        The report: the reuse-aware estimate and the providers whose keys were checked.

    Raises:
        PreflightError: over budget (the message says what would fit) or a provider's key or
            service failed its check (every failing provider named in one line).
    """
    estimate = _estimate(project, providers, prices, scope, folder, style_library)
    report = PreflightReport(estimate, budget)
    total = estimate.total
    if budget is not None and total > budget + 1e-9:
        raise PreflightError(_over_budget(estimate, budget, scope, project), report)
    if check_keys:
        needed = _paid_providers(estimate, providers)
        report.checked = [p.info.name for p in needed]
        failures = await _check_all(needed, check_timeout)
        if failures:
            raise PreflightError("cannot start, nothing was paid: " + "; ".join(failures),
                                 report)
    return report


async def check_providers(providers: ProviderSet, *,
                          check_timeout: float = CHECK_TIMEOUT) -> list[str]:
    """Check the key of every paid provider in ``providers`` (before anything is known of the
    run: e.g. before a paid plan), all at once.

    Returns:
        The names of the providers checked.

    Raises:
        PreflightError: one line naming every provider whose check failed.
    """
    needed: list[Provider] = []
    for stage in STAGE_ORDER:
        provider = stage_provider(providers, stage)
        if provider is not None and provider.capabilities.paid \
                and all(provider is not p for p in needed):
            needed.append(provider)
    failures = await _check_all(needed, check_timeout)
    if failures:
        raise PreflightError("cannot start, nothing was paid: " + "; ".join(failures))
    return [p.info.name for p in needed]


def _estimate(project: Project, providers: ProviderSet, prices: PriceList,
              scope: PreflightScope, folder: ProjectFolder | None,
              style_library: StyleLibrary | None) -> Estimate:
    if scope.kind == "slot":
        assert scope.ref is not None
        return estimate_regenerate(project, providers, prices, scope.ref.owner, scope.ref.kind)
    in_library = None
    if style_library is not None and folder is not None and providers.style.capabilities.paid:
        in_library = _library_probe(project, providers, folder, style_library)
    return estimate_run(project, providers, prices, include_plan=False, folder=folder,
                        skip_locked=scope.skip_locked, is_library_style=in_library)


def _library_probe(project: Project, providers: ProviderSet, folder: ProjectFolder,
                   library: StyleLibrary) -> Callable[[str], bool]:
    """Whether an environment's style would be taken from the library: only knowable when its
    images are the ones in the project now (the library key is made from their contents)."""
    from pathlib import Path

    style = providers.style

    def probe(env_id: str) -> bool:
        env = project.environment(env_id)
        takes = [s.active_take for s in env.images]
        if any(t is None or t.status != "ready" or not t.file or s.stale
               for s, t in zip(env.images, takes, strict=True)):
            return False
        stems = [Path(t.file or "").stem for t in takes if t is not None]
        key = library.key(style.info.name, style.info.model, stems)
        return library.find(key) is not None

    return probe


def _over_budget(estimate: Estimate, budget: float, scope: PreflightScope,
                 project: Project) -> str:
    total = estimate.total
    stages = ", ".join(f"{ln.stage} ${ln.cost:.2f}" for ln in estimate.lines
                       if ln.cost >= _CENT)
    if scope.kind == "slot":
        return (f"this regenerate costs about ${total:.2f} ({stages}) and the budget is "
                f"${budget:.2f}; nothing was paid")
    head = (f"finishing the film costs about ${total:.2f} ({stages}) and the budget is "
            f"${budget:.2f}; nothing was paid")
    fits = _scenes_that_fit(estimate, project)
    affordable = [(label, cost) for label, cost in fits if cost <= budget + 1e-9]
    if affordable:
        shown = ", ".join(f"{label}: ${cost:.2f}" for label, cost in affordable[:3])
        what = f"only {affordable[0][0]} fits" if len(affordable) == 1 else \
            "scenes that fit on their own"
        return f"{head}; {what} ({shown}); or raise the budget to ${total:.2f}"
    if fits:
        label, cost = fits[0]
        return (f"{head}; not even one scene fits (the cheapest, {label}, needs "
                f"${cost:.2f}); raise the budget to ${total:.2f}")
    return f"{head}; raise the budget to ${total:.2f}"


def _scenes_that_fit(estimate: Estimate, project: Project) -> list[tuple[str, float]]:
    """Each scene with what finishing only it would cost (its own steps plus its environment's
    images and style when those are to be made), cheapest first."""
    per_owner: dict[str, list[EstimateItem]] = {}
    for item in estimate.paid_items:
        per_owner.setdefault(item.owner, []).append(item)
    scene_costs: list[tuple[str, float]] = []
    for number, scene in enumerate(project.ordered_scenes, start=1):
        own = sum(i.cost for i in per_owner.get(scene.id, []))
        env = sum(i.cost for i in per_owner.get(scene.environment_id, []))
        env += sum(i.cost for m in scene.cast for i in per_owner.get(m.character_id, []))
        if own + env >= _CENT:
            scene_costs.append((f"scene {number}", own + env))
    return sorted(scene_costs, key=lambda pair: pair[1])


def _paid_providers(estimate: Estimate, providers: ProviderSet) -> list[Provider]:
    """The distinct paid providers the run will call (the ones with something to buy)."""
    found: list[Provider] = []
    for stage in STAGE_ORDER:
        if stage not in estimate.stages_to_pay():
            continue
        provider = stage_provider(providers, stage)
        if provider is not None and provider.capabilities.paid \
                and all(provider is not p for p in found):
            found.append(provider)
    return found


async def _check_all(needed: list[Provider], seconds: float) -> list[str]:
    """One line per provider whose check failed (already scrubbed of keys by the provider)."""
    checkable = [p for p in needed if isinstance(p, Checkable)]

    async def one(provider: Provider) -> str | None:
        assert isinstance(provider, Checkable)
        try:
            async with asyncio.timeout(seconds):
                await provider.check()
        except ProviderError as error:
            text = str(error)
            # A key that serves two stages (fal's for keyframes and style) fails once, as the
            # service whose key it is, not once per provider that uses it.
            name = error.provider or provider.info.name
            return text if text.startswith(f"{name}:") else f"{name}: {text}"
        except TimeoutError:
            return f"{provider.info.name}: did not answer the key check within {seconds:.0f} s"
        return None

    results = await asyncio.gather(*(one(p) for p in checkable))
    seen: list[str] = []
    for line in results:
        if line and line not in seen:
            seen.append(line)
    return seen
