"""The score made from the assembled picture (issue 26, "video-to-music ... when the user
chooses it"): the real elevenlabs SDK against the emulator, driven by the pipeline. The estimate
names the provider and the cost before anything is paid; the run uploads one video as long as
the film, pays once, and the take says it was scored from the picture."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

import pytest

from tests.emulators import media
from vidstudio.core.models import Settings
from vidstudio.core.music_commands import EditMusic
from vidstudio.jobs.estimate import estimate_run
from vidstudio.jobs.render import RenderOptions, open_for_render, render_script
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.media import audio
from vidstudio.providers.elevenlabs.music import ElevenLabsComposer
from vidstudio.providers.pricing import default_prices

from .fakes import Fake, Recorder, fake_providers

if TYPE_CHECKING:
    from pathlib import Path

    from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
    from vidstudio.providers.base import CallContext, ClipRequest, MediaResult

pytest_plugins = ["tests.providers.conftest_media"]

SCRIPT = "A calm morning at the harbour.\n\nA storm breaks over the boats."


class RealClips(Fake):
    """The fake provider, but its clips are real (short) videos: the picture is joined from
    them."""

    async def generate_clip(self, request: ClipRequest, ctx: CallContext) -> MediaResult:
        made = await super().generate_clip(request, ctx)
        made.path.write_bytes(media.mp4(2.0, seed=ctx.seed % 1000 + 1))
        return made


def test_a_score_from_the_picture_is_priced_first_and_paid_once(
        tmp_path: Path, elevenlabs_emulator: ElevenLabsEmulator) -> None:
    emu = elevenlabs_emulator

    async def scenario() -> None:
        rec = Recorder()
        composer = ElevenLabsComposer(emu.api_key, emu.base_url)
        providers = dataclasses.replace(fake_providers(rec), video=RealClips("fake", rec),
                                        music=composer)
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           providers, retry=RetryPolicy(attempts=1),
                                           save_delay=0.01)
        try:
            project = session.project
            # The provider and its cost, shown before anything is paid (a second of music costs
            # the same whichever way it is made).
            estimate = estimate_run(project, providers, default_prices(), include_plan=False)
            (item,) = [i for i in estimate.items if i.stage == "music"]
            assert item.provider == "elevenlabs" and item.price > 0
            assert emu.music_creations == 0 and emu.billed == 0
            # The render's option (``--score-from picture``) makes it the film's choice.
            await render_script(SCRIPT, session.folder.path, Settings(), providers,
                                RenderOptions(score_from="picture"), session=session)
            assert project.music_settings.score_from == "picture"
            take = project.music.active_take
            assert take is not None and take.file and project.music.is_ready
            assert take.metadata["scored_from"] == "picture"
            (body,) = emu.video_music_requests
            (video,) = body["videos"]  # the clips joined into one picture, the film's length
            assert video["seconds"] == pytest.approx(project.duration, abs=0.045)
            assert emu.music_requests == [] and emu.music_creations == 1
            assert take.cost == pytest.approx(item.price, abs=0.001)
            assert take.cost == pytest.approx(emu.billed, abs=0.001)
            length = audio.audio_duration(session.folder.path / take.file)
            assert abs(length - project.duration) < 0.01
            await session.wait(session.generate_all())  # nothing changed: reused, not paid
            assert emu.music_creations == 1 and project.music.active_take == take
            session.execute(EditMusic({"score_from": "scenes"}))  # one undoable edit
            session.undo()
            assert project.music_settings.score_from == "picture"
        finally:
            await session.close()

    asyncio.run(scenario())


def test_render_takes_the_choice_on_its_command_line() -> None:
    from vidstudio.cli.parser import build_parser

    parser = build_parser()
    chosen = parser.parse_args(["render", "s.txt", "-o", "f.mp4", "--score-from", "picture"])
    assert chosen.score_from == "picture"
    assert parser.parse_args(["render", "s.txt", "-o", "f.mp4"]).score_from is None
    with pytest.raises(SystemExit):
        parser.parse_args(["render", "s.txt", "-o", "f.mp4", "--score-from", "video"])


def test_a_project_saved_before_the_choice_reads_as_scored_from_the_scenes() -> None:
    from pydantic import ValidationError

    from vidstudio.core.models import MusicSettings

    old = MusicSettings.model_validate({"enabled": True, "level_db": -18.0})
    assert old.score_from == "scenes"
    with pytest.raises(ValidationError):
        MusicSettings.model_validate({"score_from": "video"})
