"""Which job generates which slot: one job a slot, others wait for it or are refused."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.transactions import SlotBusyError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from vidstudio.core.deps import SlotRef
    from vidstudio.core.models import Project
    from vidstudio.jobs.manager import Job

SLOT_NOUNS = {SlotKind.FIRST_FRAME: "first keyframe", SlotKind.LAST_FRAME: "last keyframe",
              SlotKind.CLIP: "clip", SlotKind.SFX: "sound", SlotKind.NARRATION: "narration",
              SlotKind.ENV_IMAGE: "image", SlotKind.STYLE: "style",
              SlotKind.CHARACTER_IMAGE: "sheet image", SlotKind.MUSIC: "the film's score"}


def describe_slot(project: Project, ref: SlotRef) -> str:
    """The slot for the user: "scene 2's clip", "Harbour's image 3"."""
    what = SLOT_NOUNS[ref.kind]
    if ref.kind is SlotKind.MUSIC:
        return what
    try:
        if ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
            env = project.environment(ref.owner)
            number = f" {(ref.index or 0) + 1}" if ref.kind is SlotKind.ENV_IMAGE else ""
            return f"{env.name}'s {what}{number}"
        if ref.kind is SlotKind.CHARACTER_IMAGE:
            return f"{project.character(ref.owner).name}'s {what} {(ref.index or 0) + 1}"
        scene = project.scene(ref.owner)
        position = [s.id for s in project.ordered_scenes].index(scene.id) + 1
        return f"scene {position}'s {what}"
    except (KeyError, ValueError):
        return what


@dataclass
class _Claim:
    job: Job | None
    done: asyncio.Event


class SlotClaims:
    """The slots being generated now and the job generating each.

    Threading: the event loop's thread. A claim is released when its ``with`` ends, or, for a
    claim made up front (``hold``), when ``release_job`` is told its job ended.
    """

    def __init__(self, project: Callable[[], Project]) -> None:
        self._project = project
        self._held: dict[SlotRef, _Claim] = {}

    def hold(self, ref: SlotRef, job: Job) -> None:
        """Claim ``ref`` for ``job`` until the job ends (a regenerate claims its slot up front)."""
        self._held[ref] = _Claim(job, asyncio.Event())

    def release_job(self, job: Job) -> None:
        for ref, claim in list(self._held.items()):
            if claim.job is job:
                del self._held[ref]
                claim.done.set()

    def holder(self, ref: SlotRef) -> Job | None:
        """The job generating ``ref`` now, if any."""
        claim = self._held.get(ref)
        return claim.job if claim is not None else None

    @contextlib.contextmanager
    def claim(self, ref: SlotRef, job: Job | None) -> Iterator[None]:
        claim = self._held.get(ref)
        if claim is not None and claim.job is job and job is not None:
            yield  # the owning job's own claim (a regenerate claims its slot up front)
            return
        if claim is not None:
            raise SlotBusyError(f"{describe_slot(self._project(), ref)} is already generating")
        mine = self._held[ref] = _Claim(job, asyncio.Event())
        try:
            yield
        finally:
            if self._held.get(ref) is mine:
                del self._held[ref]
            mine.done.set()

    async def wait(self, ref: SlotRef, job: Job | None) -> None:
        while (claim := self._held.get(ref)) is not None and (claim.job is not job
                                                                  or job is None):
            await claim.done.wait()
