"""Characters' voices offline (issue 22's done-when): a two-character script becomes one voice
track in which each line is spoken by its character's voice at its place in the scene."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import numpy as np
import pytest

from vidstudio.core.models import Settings
from vidstudio.core.plan import project_from_plan
from vidstudio.core.timeline import narration_window
from vidstudio.jobs.requests import narration_request
from vidstudio.media import audio
from vidstudio.providers.base import CallContext, MediaResult, SpokenLine
from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.voice import LocalNarrator

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = """Night falls on the cliff.

MARA
Light the lamp.

TOM
The oil is gone.

The sea is dark.
"""


def mean_pitch(samples: np.ndarray, rate: int) -> float:
    """Median fundamental frequency (Hz) of the voiced 40 ms frames, by autocorrelation."""
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    shortest, longest = int(rate / 400), int(rate / 60)
    window = np.hanning(frame)
    found: list[float] = []
    for start in range(0, samples.size - frame, hop):
        piece = samples[start:start + frame] * window
        if np.sqrt(np.mean(piece ** 2)) < 0.02:
            continue  # silence or a breath
        corr = np.correlate(piece, piece, "full")[frame - 1:]
        corr = corr / corr[0]
        lag = shortest + int(np.argmax(corr[shortest:longest]))
        if corr[lag] > 0.5:  # clearly periodic: a voiced sound
            found.append(rate / lag)
    assert len(found) >= 10, "too little voiced speech to measure"
    return float(np.median(found))


@pytest.fixture(scope="module")
def track(tmp_path_factory: pytest.TempPathFactory) -> tuple[MediaResult, list[str]]:
    plan = build_plan(SCRIPT, max_scenes=1)
    project = project_from_plan(plan, SCRIPT, Settings(), "local")
    scene = project.ordered_scenes[0]
    names = [project.character(line.character_id).name for line in scene.dialogue]
    request = narration_request(project.settings, scene, narration_window(9),
                                project.characters)
    work = tmp_path_factory.mktemp("cast-voice")
    result = asyncio.run(LocalNarrator().narrate(request, CallContext(work_dir=work)))
    return result, names


def test_each_line_is_spoken_by_its_character_at_its_place(
        track: tuple[MediaResult, list[str]]) -> None:
    result, names = track
    assert names == ["Mara", "Tom"]
    sentences = result.metadata["sentences"]
    said = [(s.get("speaker", ""), s["text"]) for s in sentences]
    ids = [speaker for speaker, _ in said if speaker]
    # Narration, Mara's line, Tom's line, narration: the script's order.
    assert [text for _, text in said] == [
        "Night falls on the cliff.", "Light the lamp.", "The oil is gone.", "The sea is dark."]
    assert said[0][0] == "" and said[3][0] == "" and len(set(ids)) == 2
    starts = [s["start"] for s in sentences]
    assert starts == sorted(starts)
    # Three different voices: the narrator's piper model and two espeak-ng voices.
    voices = result.metadata["voices"]
    assert result.metadata["voice"] == "piper:en_US-joe-medium"
    assert len({result.metadata["voice"], *voices.values()}) == 3
    assert all(v.startswith("espeak-ng:") for v in voices.values())


def test_the_two_characters_differ_in_pitch_on_the_audio(
        track: tuple[MediaResult, list[str]]) -> None:
    result, _ = track
    samples, rate = audio.read_audio(result.path, always_2d=False)
    lines = [s for s in result.metadata["sentences"] if s.get("speaker")]
    pitches = [mean_pitch(samples[int(s["start"] * rate):int(s["end"] * rate)], rate)
               for s in lines]
    low, high = sorted(pitches)
    assert high >= 1.15 * low, pitches


def test_a_characters_own_voice_is_kept_and_chosen_ones_differ() -> None:
    narrator = LocalNarrator()
    own = narrator.line_voice(SpokenLine("ch1", "Ana", "Hi.", voice="espeak-ng:en-029+m7"), "en")
    assert own.label == "espeak-ng:en-029+m7" and not own.notice
    first = narrator.line_voice(SpokenLine("ch1", "Ana", "Hi.", rank=0), "en")
    second = narrator.line_voice(SpokenLine("ch2", "Ben", "Hi.", rank=1), "en")
    assert first.label != second.label
    assert first == narrator.line_voice(SpokenLine("ch1", "Ana", "Again.", rank=0), "en")
    robot = narrator.line_voice(SpokenLine("ch3", "Unit 7", "Hi.", hint="robot: a robot"), "en")
    assert "Robot" in robot.label or "klatt" in robot.label
    unknown = narrator.line_voice(SpokenLine("ch1", "Ana", "Hi.", voice="Rachel"), "en")
    assert unknown.engine == "espeak-ng" and "Rachel" in unknown.notice
    assert narrator.line_voice(SpokenLine("ch1", "A", "Hi."), "fr").name.startswith("fr+")


def test_lines_alone_need_no_narration(tmp_path: Path) -> None:
    request_lines = (SpokenLine("ch1", "Ana", "Where were you?", rank=0),
                     SpokenLine("ch2", "Ben", "Out by the harbour.", rank=1))
    from vidstudio.providers.base import NarrationRequest

    request = NarrationRequest(text="", target_duration=5.0, lines=request_lines)
    result = asyncio.run(LocalNarrator().narrate(request, CallContext(work_dir=tmp_path)))
    assert [s["speaker"] for s in result.metadata["sentences"]] == ["ch1", "ch2"]


def test_a_request_without_lines_keeps_its_old_cache_key() -> None:
    from vidstudio.jobs.cache import canonical
    from vidstudio.providers.base import NarrationRequest

    assert "lines" not in canonical(NarrationRequest("Night falls.", 5.0))
    with_line = NarrationRequest("Night falls.", 5.0, lines=(SpokenLine("ch1", "A", "Hi."),))
    assert canonical(with_line)["lines"][0]["text"] == "Hi."
