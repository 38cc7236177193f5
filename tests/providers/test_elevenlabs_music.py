"""ElevenLabsComposer through the real elevenlabs SDK against the emulator: the composition
plan is the scenes (durations, order, instrumental, seed), the score is exactly the film's
length, it is priced from the one price table and billed as priced, and a request an earlier
attempt may have sent is never sent again on its own."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
import soundfile  # type: ignore[import-untyped]

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.providers.conftest_media import Recorder, run  # noqa: E402
from vidstudio.core.vocabulary import Stage  # noqa: E402
from vidstudio.providers.base import InvalidRequestError, UnknownOutcomeError  # noqa: E402
from vidstudio.providers.elevenlabs.music import ElevenLabsComposer  # noqa: E402
from vidstudio.providers.keys import Credentials  # noqa: E402
from vidstudio.providers.local.music import LocalComposer, MusicRequest, ScoreSection  # noqa: E402
from vidstudio.providers.pricing import default_prices  # noqa: E402
from vidstudio.providers.registry import build_providers  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

    from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator

pytest_plugins = ["tests.providers.conftest_media"]

# Three scenes; the second was lengthened by its narration to a fraction of a second.
REQUEST = MusicRequest((ScoreSection(5.0, ("calm",)), ScoreSection(7.35, ("fear",), cast=2),
                        ScoreSection(9.0, ("triumph",))), ("a", "b", "c"))


def composer(emu: ElevenLabsEmulator) -> ElevenLabsComposer:
    return ElevenLabsComposer(emu.api_key, emu.base_url)


def test_the_plan_is_the_scenes_and_the_score_is_the_films_length(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    made = run(composer(elevenlabs_emulator).compose_music(REQUEST, calls.ctx(seed=11)))
    (body,) = elevenlabs_emulator.music_requests
    sections = body["composition_plan"]["sections"]
    assert [s["duration_ms"] for s in sections] == [5000, 7350, 9000]
    assert [s["section_name"] for s in sections] == ["Scene 1", "Scene 2", "Scene 3"]
    # Each section's character follows its scene's mood; fear is tense, triumph epic.
    assert "calm" in sections[0]["positive_local_styles"]
    assert "tense" in sections[1]["positive_local_styles"]
    assert "epic" in sections[2]["positive_local_styles"]
    assert all(s["lines"] == [] for s in sections)  # instrumental: no lyrics, no vocals
    assert "vocals" in body["composition_plan"]["negative_global_styles"]
    assert body["respect_sections_durations"] is True and body["seed"] == 11
    assert body["model_id"] == "music_v1"
    info = soundfile.info(str(made.path))
    assert (info.frames, info.samplerate, info.channels) == (round(21.35 * 48000), 48000, 2)
    assert made.metadata["loudness_lufs"] < -10.0
    # Priced by the shared table, as the estimate prices it, and billed just that.
    assert made.cost == pytest.approx(elevenlabs_emulator.billed, abs=1e-9)
    assert default_prices().price_of(composer(elevenlabs_emulator), REQUEST) == pytest.approx(
        made.cost, abs=0.01)


def test_a_scene_the_api_cannot_score_is_refused_before_sending(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    short = dataclasses.replace(REQUEST, sections=(ScoreSection(2.0, ("calm",)),))
    with pytest.raises(InvalidRequestError, match="3 to 120 s"):
        run(composer(elevenlabs_emulator).compose_music(short, calls.ctx()))
    assert elevenlabs_emulator.music_creations == 0


def test_a_score_an_earlier_attempt_sent_is_not_sent_again_on_its_own(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder, tmp_path: Path) -> None:
    ctx = calls.ctx()
    replies = tmp_path / "replies"
    replies.mkdir()
    (replies / "music.sending").write_bytes(b"sending")  # a crash after sending it
    ctx = dataclasses.replace(ctx, reply_dir=replies)
    with pytest.raises(UnknownOutcomeError) as info:
        run(composer(elevenlabs_emulator).compose_music(REQUEST, ctx))
    assert info.value.possible_cost and "--resend-unknown" in str(info.value)
    assert elevenlabs_emulator.music_creations == 0
    # With the user's consent it is sent again, once; its reply is kept for a crash after it.
    made = run(composer(elevenlabs_emulator).compose_music(
        REQUEST, dataclasses.replace(ctx, resend_unknown=True)))
    assert made.path.is_file() and elevenlabs_emulator.music_creations == 1
    assert any(p.name.startswith("music-") for p in replies.iterdir())
    # The kept reply is used by a later attempt: nothing is bought again.
    run(composer(elevenlabs_emulator).compose_music(REQUEST, dataclasses.replace(
        ctx, work_dir=calls.ctx().work_dir)))
    assert elevenlabs_emulator.music_creations == 1


def test_the_composer_is_chosen_like_the_other_stages(
        elevenlabs_emulator: ElevenLabsEmulator) -> None:
    keys = Credentials(keys={"elevenlabs": elevenlabs_emulator.api_key},
                       base_urls={"elevenlabs": elevenlabs_emulator.base_url})
    assert isinstance(build_providers({}, keys).music, ElevenLabsComposer)  # auto, a key
    assert isinstance(build_providers({}, Credentials()).music, LocalComposer)  # no key
    local = build_providers({Stage.MUSIC: "local"}, keys)
    assert isinstance(local.music, LocalComposer) and local.names[Stage.MUSIC] == "local"


def _picture(root: Path, lengths: tuple[float, ...]) -> Path:
    """An ffconcat script of clips (3 s each, shorter than some of their scenes) cut to the
    scenes' lengths, as the pipeline writes it."""
    from tests.emulators import media
    from vidstudio.export.video import concat_list

    clips = []
    for number in range(len(lengths)):
        clip = root / f"clip{number}.mp4"
        clip.write_bytes(media.mp4(3.0, seed=number + 1))
        clips.append(clip)
    script = root / "picture.ffconcat"
    script.write_text(concat_list(clips, lengths))
    return script


def test_a_score_from_the_picture_uploads_the_films_picture_once(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder, tmp_path: Path) -> None:
    lengths = tuple(s.duration for s in REQUEST.sections)
    request = dataclasses.replace(REQUEST, picture=_picture(tmp_path, lengths),
                                  clips=("c1", "c2", "c3"))
    ctx = calls.ctx()
    replies = tmp_path / "replies"
    replies.mkdir()
    ctx = dataclasses.replace(ctx, reply_dir=replies)
    priced = default_prices().price_of(composer(elevenlabs_emulator), request)
    made = run(composer(elevenlabs_emulator).compose_music(request, ctx))
    assert elevenlabs_emulator.music_requests == []  # no composition plan was sent
    (body,) = elevenlabs_emulator.video_music_requests
    (video,) = body["videos"]
    assert video["seconds"] == pytest.approx(21.35, abs=0.045)  # the film's length, one video
    assert video["bytes"] < 400_000 and body["model_id"] == "music_v1"
    assert made.metadata["scored_from"] == "picture" and "composition_plan" not in made.metadata
    info = soundfile.info(str(made.path))
    assert (info.frames, info.samplerate, info.channels) == (round(21.35 * 48000), 48000, 2)
    # Priced like a composed score of that length, billed just that (the picture is rounded up
    # to a whole frame, under 42 ms), once.
    assert made.cost == pytest.approx(elevenlabs_emulator.billed, abs=0.001)
    assert priced == pytest.approx(made.cost, abs=0.01) and elevenlabs_emulator.music_creations == 1
    # Its reply was kept: a later attempt at the same score buys nothing again.
    run(composer(elevenlabs_emulator).compose_music(request, dataclasses.replace(
        ctx, work_dir=calls.ctx().work_dir)))
    assert elevenlabs_emulator.music_creations == 1


def test_the_offline_composer_scores_the_scenes_and_says_so(
        calls: Recorder, tmp_path: Path) -> None:
    request = MusicRequest((ScoreSection(3.0, ("calm",)),), ("a",),
                           picture=tmp_path / "picture.ffconcat", clips=("c1",))
    made = run(LocalComposer().compose_music(request, calls.ctx()))
    assert made.metadata["scored_from"] == "scenes"
    assert "not the picture" in made.metadata["notice"]
