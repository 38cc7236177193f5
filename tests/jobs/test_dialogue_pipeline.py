"""A scene with lines and no narration still gets its voice track (issue 22): the pipeline asks
the narrator for the lines, in each speaker's voice, with the project's cast."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import SlotKind
from vidstudio.providers.local.planner.provider import LocalPlanner
from vidstudio.providers.local.voice import LocalNarrator

from .fakes import Recorder, fake_providers
from .test_pipeline import _open

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = "ANA: Where were you last night?\nBEN: Out by the harbour."


def test_a_scene_of_dialogue_alone_gets_a_voice_track_in_its_speakers_voices(
        tmp_path: Path) -> None:
    providers = dataclasses.replace(fake_providers(Recorder()), planner=LocalPlanner(),
                                    voice=LocalNarrator())

    async def scenario() -> None:
        session = await _open(tmp_path / "p.vidstudio", Recorder(), providers=providers,
                              script=SCRIPT)
        try:
            job = session.generate_all()
            await session.wait(job)
            project = session.project
            names = {c.id: c.name for c in project.characters}
            spoken = []
            for scene in project.ordered_scenes:
                take = scene.slots[SlotKind.NARRATION].active_take
                assert not scene.narration and scene.dialogue
                assert take is not None and take.status == "ready"
                spoken += [(names[s["speaker"]], s["text"], s["voice"])
                           for s in take.metadata["sentences"]]
            assert [(who, text) for who, text, _ in spoken] == [
                ("Ana", "Where were you last night?"), ("Ben", "Out by the harbour.")]
            assert spoken[0][2] != spoken[1][2]  # two voices
        finally:
            await session.close()

    asyncio.run(scenario())
