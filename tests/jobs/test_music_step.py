"""The score as a pipeline step: made after the scenes, reused while they stand, made again
(a new take) after a reorder, and not made when music is off."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

from vidstudio.core.commands import EditScene, ReorderScenes
from vidstudio.core.deps import FILM, SlotRef
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.media import audio
from vidstudio.providers.local.music import LocalComposer

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = "A calm morning.\n\nA storm breaks."


def test_the_score_follows_the_scenes(tmp_path: Path) -> None:
    async def scenario() -> None:
        providers = dataclasses.replace(fake_providers(Recorder()), music=LocalComposer())
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           providers, retry=RetryPolicy(attempts=1),
                                           save_delay=0.01)
        try:
            project = session.project
            for scene, mood in zip(project.ordered_scenes, ("calm", "tense"), strict=True):
                session.execute(EditScene(scene.id, "emotions", [mood]))
            await session.wait(session.generate_all())
            first = project.music.active_take
            assert first is not None and project.music.is_ready and first.file
            length = audio.audio_duration(session.folder.path / first.file)
            assert abs(length - project.duration) < 0.01
            await session.wait(session.generate_all())
            assert project.music.active_take == first  # nothing changed: reused, not remade
            session.execute(ReorderScenes([s.id for s in reversed(project.ordered_scenes)]))
            assert project.music.stale
            await session.wait(session.generate_all())
            assert project.music.is_ready and len(project.music.takes) == 2
            # Regenerate: a new take of the score (another seed), the earlier ones kept.
            await session.wait(session.regenerate(SlotRef(FILM, SlotKind.MUSIC)))
            assert project.music.is_ready and len(project.music.takes) == 3
            assert project.music.active_take == project.music.takes[-1]
            project.music_settings.enabled = False
            await session.wait(session.generate_all())
            assert len(project.music.takes) == 3
        finally:
            await session.close()

    asyncio.run(scenario())
