"""Variations: several new takes of one slot at once, each with its own seed, as one job.

The takes are made side by side (the job holds the slot, so its steps share it), are one
transaction (one undo step: "Make 4 variations of scene 2's clip") and leave what depends on the
slot alone: the user compares them, picks one, and only that pick makes dependents stale. A
paid provider that cannot vary a take is refused before anything is paid, like a regenerate.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.core.deps import SlotRef, slot_at
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.claims import SLOT_NOUNS
from vidstudio.jobs.pipeline import PipelineRun, provider_of
from vidstudio.jobs.steps import StepFailure
from vidstudio.jobs.transactions import SessionError, SlotBusyError

if TYPE_CHECKING:
    from vidstudio.core.models import Take
    from vidstudio.jobs.manager import Job, JobReporter
    from vidstudio.jobs.session import ProjectSession

MAX_VARIATIONS = 8
VARIABLE_KINDS = (SlotKind.ENV_IMAGE, SlotKind.CHARACTER_IMAGE, SlotKind.FIRST_FRAME,
                  SlotKind.LAST_FRAME, SlotKind.CLIP, SlotKind.SFX, SlotKind.NARRATION)


@dataclass(frozen=True)
class VariationQuote:
    """What ``count`` variations of a slot would cost, and whether they can be made at all."""

    count: int
    each: float
    paid: bool
    provider: str
    refusal: str = ""  # why they cannot be made (empty: they can)

    @property
    def total(self) -> float:
        return self.each * self.count


def quote(session: ProjectSession, ref: SlotRef, count: int) -> VariationQuote:
    """Price ``count`` new takes of ``ref`` (only the slot itself: nothing downstream is made)
    and say, before anything is paid, when they cannot be made."""
    from vidstudio.jobs.estimate import estimate_regenerate

    provider = provider_of(session.providers, ref.kind)
    abilities = provider.capabilities
    name = provider.info.name
    refusal = ""
    if ref.kind not in VARIABLE_KINDS:
        refusal = f"a {SLOT_NOUNS[ref.kind]} has no variations of its own"
    elif not 2 <= count <= MAX_VARIATIONS:
        refusal = f"make between 2 and {MAX_VARIATIONS} variations at once"
    elif ref.kind is SlotKind.CHARACTER_IMAGE and provider.info.kind != "cloud":
        # The offline painter draws a character from its look alone, the same in every take,
        # so that it stays the same person in every scene.
        refusal = (f"{name} draws a character the same way every time, from its look: edit "
                   "the look, or use your own photo")
    elif abilities.paid and not abilities.can_vary:
        refusal = (f"{name} would make the same {SLOT_NOUNS[ref.kind]} every time and charge "
                   f"for each; {abilities.vary_hint or 'edit its prompt to get a different one'}")
    each = 0.0
    if not refusal:
        estimate = estimate_regenerate(session.project, session.providers, session.prices,
                                       ref.owner, ref.kind)
        each = sum(item.cost for item in estimate.items if item.slot is ref.kind)
    return VariationQuote(count, each, abilities.paid, name, refusal)


def make_variations(session: ProjectSession, ref: SlotRef, count: int, *,
                    budget: float | None = None) -> Job:
    """Start one job that makes ``count`` new takes of ``ref`` at once, each with a new seed.

    Raises:
        SessionError: they cannot be made (the message says why; nothing was paid).
        SlotBusyError: the slot is generating now.
    """
    slot_at(session.project, ref)  # KeyError for an unknown owner
    offer = quote(session, ref, count)
    if offer.refusal:
        raise SessionError(offer.refusal)
    if session.busy(ref) is not None:
        raise SlotBusyError(f"{session.describe_slot(ref)} is already generating")
    if (other := session._running_kind("plan")) is not None:
        raise SessionError(f"{other.name} is running; wait for it to finish")

    async def work(reporter: JobReporter) -> list[Take]:
        job = reporter.job
        await session._preflight(job, None, ref=ref)
        run = session._run(job, progress=reporter, budget=budget)
        job.stats = run.stats
        try:
            takes = await vary(run, ref, count)
        finally:
            await session.flush_quietly()
        made = [t for t in takes if t is not None and t.status == "ready"]
        failed = run.stats.failures
        job.outcome = f"{len(made)} of {count} variations made" + (
            f"; {failed[0].message}" if failed else "")
        if not made:
            raise SessionError(job.outcome)
        return made

    what = session.describe_slot(ref)
    job = session.manager.submit(work, f"Make {count} variations of {what}", group=ref.owner,
                                 resource="none", kind="variations", subject=ref)
    session.claims.hold(ref, job)  # its steps share the claim; others wait or are refused
    return session._transactional(job)


async def vary(run: PipelineRun, ref: SlotRef, count: int) -> list[Take | None]:
    """``count`` new takes of ``ref`` at once through ``run``, with consecutive new seeds."""
    slot = slot_at(run.project, ref)
    start = max((t.seed for t in slot.takes), default=run.project.settings.seed) + 1
    run._steps_total = count
    run._steps_done = 0
    return list(await asyncio.gather(*(_one(run, ref, start + n) for n in range(count))))


async def _one(run: PipelineRun, ref: SlotRef, seed: int) -> Take | None:
    if ref.kind is SlotKind.ENV_IMAGE:
        return await run._env_image(ref.owner, ref.index or 0, seed)
    if ref.kind is SlotKind.CHARACTER_IMAGE:
        return await run._character_image(ref.owner, ref.index or 0, seed)
    scene = run.project.scene(ref.owner)
    if ref.kind is SlotKind.NARRATION:
        return await run._narration_once(scene.id, seed)
    if ref.kind is SlotKind.SFX:
        return await run._sound(scene.id, seed)
    style = run.project.environment(scene.environment_id).style.active_take
    first = scene.slots[SlotKind.FIRST_FRAME].active_take
    if ref.kind is SlotKind.FIRST_FRAME:
        return await run._keyframe(scene.id, style, ref.kind, seed)
    last = scene.slots[SlotKind.LAST_FRAME].active_take
    needed = first if ref.kind is SlotKind.LAST_FRAME else (first and last)
    if needed is None:
        run.stats.failures.append(StepFailure(
            ref, scene.title, f"a {SLOT_NOUNS[ref.kind]} is made from its scene's "
            "keyframes, and this scene has none yet: make them first"))
        return None
    if ref.kind is SlotKind.LAST_FRAME:
        return await run._keyframe(scene.id, style, ref.kind, seed, first=first)
    return await run._clip(scene.id, first, last, seed)
