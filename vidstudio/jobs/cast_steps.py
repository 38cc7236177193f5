"""Character sheets in the pipeline: each character's reference images, made once per project.

A character in frame in some scene gets one image per sheet prompt (its CHARACTER_IMAGE
slots), drawn by the images provider from the character's look alone. The sheet is made before
the keyframes of the scenes that show the character: those keyframes await it and send it to
the keyframe provider as the character's references, so every scene gets the same person. Each
sheet image is an ordinary step (jobs/steps.py): keyed by its inputs, journalled while paid for,
reused when unchanged, so it is paid once per project, also across a kill and a rerun.

Two things are left alone by 'generate all': a locked character's sheet, and a sheet slot
holding the user's own photo (even when the look was edited since: the photo is who the user
says the character is). A regenerate of one sheet image makes it anew all the same.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from vidstudio.core.deps import SlotRef
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.requests import character_image_request, characters_to_sheet, draws_sheets
from vidstudio.jobs.steps import IMPORTED, StepFailure, StepRunner

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from vidstudio.core.models import Character, Scene, Take

#: The stage name of a sheet image (progress, journal, ledger).
SHEET_STAGE = "character_image"

class SheetSteps(StepRunner):
    """The sheet half of a pipeline run (mixed into ``PipelineRun``)."""

    skip_locked: bool = False

    def _sheet_characters(self, scenes: Sequence[Scene]) -> list[Character]:
        """The characters whose sheets this run makes (none if the provider draws none)."""
        if not draws_sheets(self.providers.images, self.providers.keyframes):
            return []
        return characters_to_sheet(self.project, scenes, skip_locked=self.skip_locked)

    def _sheet_steps(self, scenes: Sequence[Scene]) -> int:
        return sum(len(c.sheet) for c in self._sheet_characters(scenes))

    def _start_sheets(self, group: asyncio.TaskGroup, scenes: Sequence[Scene]
                      ) -> dict[str, asyncio.Task[list[Take | None]]]:
        """One task per character's whole sheet; scenes await the tasks of their cast."""
        return {c.id: group.create_task(self._sheet(c.id))
                for c in self._sheet_characters(scenes)}

    async def _sheet(self, character_id: str) -> list[Take | None]:
        character = self.project.character(character_id)
        return list(await asyncio.gather(
            *(self._character_image(character.id, index) for index in range(len(character.sheet)))
        ))

    async def _await_sheets(self, scene_id: str,
                            sheets: Mapping[str, asyncio.Task[list[Take | None]]]) -> str | None:
        """Wait for the sheets of the scene's cast; the name of a character whose paid sheet
        could not be made at all (its keyframes would be bought again once it is), else None."""
        scene = self.project.scene(scene_id)
        mine = [sheets[m.character_id] for m in scene.cast if m.character_id in sheets]
        if mine:
            await asyncio.gather(*(asyncio.shield(task) for task in mine))
        if not self.providers.images.capabilities.paid:
            return None
        for member in scene.cast:
            if member.character_id not in sheets:
                continue
            character = self.project.character(member.character_id)
            if character.sheet and not any(
                    s.active_take is not None and s.active_take.status == "ready"
                    for s in character.sheet):
                return character.name
        return None

    async def _character_image(self, character_id: str, index: int, seed: int | None = None
                               ) -> Take | None:
        """One sheet image: reused when up to date, the user's photo kept, else made."""
        character = self.project.character(character_id)
        ref = SlotRef(character.id, SlotKind.CHARACTER_IMAGE, index)
        title = f"{character.name} sheet #{index + 1}"
        active = character.sheet[index].active_take
        if seed is None and active is not None and active.provider == IMPORTED \
                and active.status == "ready":
            self._steps_done += 1
            if await self._intact(active):
                self.stats.reused += 1
                return active
            # Never painted over: the user says who the character is with this photo.
            self.stats.failures.append(StepFailure(
                ref, title, "its photo is missing from the project; import it again"))
            return None
        images = self.providers.images
        return await self._step(
            ref=ref, title=title, stage=SHEET_STAGE, provider=images,
            request=character_image_request(self.project.settings, character, index),
            call=images.generate_image, upstream={}, seed=seed,
        )


__all__ = ["SHEET_STAGE", "SheetSteps"]
