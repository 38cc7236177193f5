"""The offline narrator: piper speech, sentence timings, fitting to the scene, the espeak-ng
fallback, determinism and errors."""

from __future__ import annotations

import asyncio
import itertools
import pickle
from typing import TYPE_CHECKING

import numpy as np
import pytest

from vidstudio.media import audio
from vidstudio.media.ffmpeg import FFmpegError
from vidstudio.providers.base import (
    CallContext,
    GenerationFailedError,
    InvalidRequestError,
    MediaResult,
    NarrationRequest,
    Narrator,
    NotConfiguredError,
)
from vidstudio.providers.local.voice import (
    LocalNarrator,
    VoiceChoice,
    split_sentences,
    strip_speaker_labels,
    synthesize_speech,
)

if TYPE_CHECKING:
    from pathlib import Path

FIVE = "The lamp caught at last."
TWENTY_FIVE = (
    "The storm had been building since noon, and by nightfall the waves broke against the "
    "rocks below the old lighthouse while the keeper climbed the stairs."
)
THREE_SENTENCES = "The lamp caught. A white beam swept across the sea. The boat turned home."


@pytest.fixture(scope="module")
def narrator() -> LocalNarrator:
    return LocalNarrator()


def _say(narrator: LocalNarrator, tmp_path: Path, text: str, target: float = 30.0,
         **kwargs: str) -> MediaResult:
    work = tmp_path / f"w{len(list(tmp_path.iterdir()))}"
    work.mkdir()
    request = NarrationRequest(text=text, target_duration=target, **kwargs)
    return asyncio.run(narrator.narrate(request, CallContext(work_dir=work)))


def _samples(result: MediaResult) -> tuple[np.ndarray, int]:
    return audio.read_audio(result.path, always_2d=False)


def test_it_is_a_narrator_named_after_its_voice(narrator: LocalNarrator) -> None:
    assert isinstance(narrator, Narrator)
    assert narrator.info.model == "piper:en_US-joe-medium"
    assert LocalNarrator(force_espeak=True).info.model == "espeak-ng"
    assert LocalNarrator(voice="xx_XX-nobody-low").info.model == "espeak-ng"


def test_speech_is_audible_speech(narrator: LocalNarrator, tmp_path: Path) -> None:
    result = _say(narrator, tmp_path, TWENTY_FIVE)
    data, rate = _samples(result)
    assert rate == 22_050
    assert data.ndim == 1
    assert result.metadata["voice"] == "piper:en_US-joe-medium"
    assert result.metadata["engine"] == "piper"
    assert result.model == "piper:en_US-joe-medium"
    assert "notice" not in result.metadata
    assert audio.rms_dbfs(data) > -35.0
    # Speech has energy in the voice band, not just noise or a tone.
    spectrum = np.abs(np.fft.rfft(data)) ** 2
    freqs = np.fft.rfftfreq(data.size, 1 / rate)
    assert spectrum[(freqs > 100) & (freqs < 4000)].sum() > 0.8 * spectrum.sum()
    assert result.metadata["duration"] == pytest.approx(data.size / rate, abs=0.01)


def test_more_words_take_longer(narrator: LocalNarrator, tmp_path: Path) -> None:
    short = _say(narrator, tmp_path, FIVE).metadata["duration"]
    long = _say(narrator, tmp_path, TWENTY_FIVE).metadata["duration"]
    assert 0.8 < short < 4.0
    assert long > 3 * short


def test_sentence_timings_are_ordered_and_cover_the_audio(narrator: LocalNarrator,
                                                          tmp_path: Path) -> None:
    result = _say(narrator, tmp_path, THREE_SENTENCES + "\n\nAt dawn the wind fell away.")
    sentences = result.metadata["sentences"]
    assert [s["text"] for s in sentences] == [
        "The lamp caught.", "A white beam swept across the sea.", "The boat turned home.",
        "At dawn the wind fell away."]
    assert sentences[0]["start"] < 0.15
    assert sentences[-1]["end"] > result.metadata["duration"] - 0.25
    for before, after in itertools.pairwise(sentences):
        assert before["start"] < before["end"] <= after["start"]
    # Each sentence's span holds speech and the pauses between spans are quiet.
    data, rate = _samples(result)
    for s in sentences:
        assert audio.rms_dbfs(data[int(s["start"] * rate): int(s["end"] * rate)]) > -35
    gap = data[int(sentences[0]["end"] * rate) + 50: int(sentences[1]["start"] * rate) - 50]
    assert gap.size > 0 and audio.rms_dbfs(gap) < -50
    # A new paragraph gets a longer pause than a new sentence.
    pause_sentence = sentences[1]["start"] - sentences[0]["end"]
    pause_paragraph = sentences[3]["start"] - sentences[2]["end"]
    assert pause_paragraph > pause_sentence


def test_long_speech_is_sped_up_to_fit(narrator: LocalNarrator, tmp_path: Path) -> None:
    natural = _say(narrator, tmp_path, TWENTY_FIVE).metadata["duration"]
    target = natural / 1.15
    fitted = _say(narrator, tmp_path, TWENTY_FIVE, target)
    data, rate = _samples(fitted)
    assert 1.1 < fitted.metadata["tempo"] <= 1.25
    assert data.size / rate <= target + 1e-3
    assert fitted.metadata["duration"] <= target + 1e-3
    assert fitted.metadata["overflow_seconds"] == 0.0
    assert fitted.metadata["natural_duration"] == pytest.approx(natural, abs=0.01)
    assert fitted.metadata["sentences"][-1]["end"] <= fitted.metadata["duration"]


def test_pauses_tighten_before_the_tempo_changes(narrator: LocalNarrator,
                                                 tmp_path: Path) -> None:
    natural = _say(narrator, tmp_path, THREE_SENTENCES).metadata["duration"]
    tighter = _say(narrator, tmp_path, THREE_SENTENCES, natural - 0.2)
    assert tighter.metadata["tempo"] == 1.0
    assert tighter.metadata["duration"] <= natural - 0.2 + 1e-3


def test_speech_that_cannot_fit_is_capped_at_1_25x_trimmed_and_says_so(
        narrator: LocalNarrator, tmp_path: Path) -> None:
    result = _say(narrator, tmp_path, TWENTY_FIVE, 2.0)
    assert result.metadata["tempo"] == pytest.approx(1.25)
    # The take always fits its scene; what did not fit is reported, never played past the cut.
    assert result.metadata["duration"] <= 2.0 + 1e-3
    assert result.metadata["overflow_seconds"] > 0
    assert "trimmed" in result.metadata["notice"]
    assert result.metadata["trimmed"]


def test_japanese_with_kanji_is_silent_with_a_notice_not_garbage(
        tmp_path: Path) -> None:
    narrator = LocalNarrator(force_espeak=True)
    result = _say(narrator, tmp_path, "夜の東京。雨が降っている。", 4.0, language="ja")
    assert result.metadata["silent"] is True
    assert "Japanese cannot be spoken" in result.metadata["notice"]
    assert result.metadata["duration"] == pytest.approx(4.0, abs=0.01)


def test_speaker_labels_are_never_read_aloud() -> None:
    assert strip_speaker_labels("MARA: Hold the light.\nNARRATOR (V.O.): It held.") == \
        "Hold the light.\nIt held."


def test_short_speech_is_never_slowed_down(narrator: LocalNarrator, tmp_path: Path) -> None:
    result = _say(narrator, tmp_path, FIVE, 9.0)
    assert result.metadata["tempo"] == 1.0
    assert result.metadata["duration"] < 4.0
    stretch = LocalNarrator(stretch_to_fill=True)
    slowed = _say(stretch, tmp_path, FIVE, 9.0)
    assert slowed.metadata["tempo"] == pytest.approx(0.8)


def test_same_text_gives_the_same_samples(narrator: LocalNarrator, tmp_path: Path) -> None:
    first, _ = _samples(_say(narrator, tmp_path, THREE_SENTENCES))
    second, _ = _samples(_say(LocalNarrator(), tmp_path, THREE_SENTENCES))
    assert np.array_equal(first, second)


def test_forced_espeak_speaks_and_says_so(tmp_path: Path) -> None:
    espeak = LocalNarrator(force_espeak=True)
    result = _say(espeak, tmp_path, THREE_SENTENCES)
    data, _ = _samples(result)
    assert result.metadata["engine"] == "espeak-ng"
    assert result.metadata["voice"].startswith("espeak-ng:")
    assert "espeak-ng" in result.metadata["notice"]
    assert audio.rms_dbfs(data) > -35.0
    assert len(result.metadata["sentences"]) == 3
    again, _ = _samples(_say(espeak, tmp_path, THREE_SENTENCES))
    assert np.array_equal(data, again)


def test_an_unknown_voice_falls_back_to_espeak(narrator: LocalNarrator, tmp_path: Path) -> None:
    result = _say(narrator, tmp_path, FIVE, voice="en_GB-missing-low")
    assert result.metadata["engine"] == "espeak-ng"
    assert "en_GB-missing-low" in result.metadata["notice"]
    assert result.model.startswith("espeak-ng")


def test_a_language_without_a_piper_voice_uses_espeak(narrator: LocalNarrator,
                                                      tmp_path: Path) -> None:
    result = _say(narrator, tmp_path, "Le phare est allumé. La mer est calme.", language="fr")
    assert result.metadata["voice"] == "espeak-ng:fr"
    assert result.metadata["notice"] == "no piper voice for 'fr'; used espeak-ng"
    assert len(result.metadata["sentences"]) == 2
    # Regional English still goes to the English piper voice.
    assert _say(narrator, tmp_path, FIVE, language="en-GB").metadata["engine"] == "piper"


def test_a_language_nobody_speaks_is_not_configured(narrator: LocalNarrator,
                                                    tmp_path: Path) -> None:
    with pytest.raises(NotConfiguredError, match="no voice"):
        _say(narrator, tmp_path, FIVE, language="xx")


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_an_invalid_request(narrator: LocalNarrator, tmp_path: Path,
                                          text: str) -> None:
    with pytest.raises(InvalidRequestError, match="no text"):
        _say(narrator, tmp_path, text)


@pytest.mark.parametrize("engine", ["piper", "espeak"])
def test_unpronounceable_text_is_an_invalid_request(tmp_path: Path, engine: str) -> None:
    narrator = LocalNarrator(force_espeak=engine == "espeak")
    with pytest.raises(InvalidRequestError, match="spoken"):
        _say(narrator, tmp_path, "... -- ...")


@pytest.mark.parametrize("target", [0.0, -2.0, float("nan")])
def test_a_nonsense_target_is_an_invalid_request(narrator: LocalNarrator, tmp_path: Path,
                                                 target: float) -> None:
    with pytest.raises(InvalidRequestError, match="target"):
        _say(narrator, tmp_path, FIVE, target)


def test_only_the_result_is_left_in_the_work_dir(narrator: LocalNarrator, tmp_path: Path) -> None:
    result = _say(narrator, tmp_path, THREE_SENTENCES, 2.5)
    assert [p.name for p in result.path.parent.iterdir()] == [result.path.name]


def test_sentence_splitting_handles_abbreviations_and_paragraphs() -> None:
    assert split_sentences("Dr. Smith came home. It rained.\n\nThen it stopped.") == [
        ("Dr. Smith came home.", False), ("It rained.", True), ("Then it stopped.", True)]


def test_the_work_function_pickles_for_a_process_pool() -> None:
    choice = VoiceChoice("espeak-ng", "en-us", notice="test")
    assert pickle.loads(pickle.dumps(choice)) == choice
    assert pickle.loads(pickle.dumps(synthesize_speech)) is synthesize_speech


def test_an_ffmpeg_failure_is_a_generation_failure(narrator: LocalNarrator, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*_args: object) -> Path:
        raise FFmpegError("atempo: boom")

    monkeypatch.setattr(audio, "change_tempo", broken)
    with pytest.raises(GenerationFailedError, match="boom"):
        _say(narrator, tmp_path, TWENTY_FIVE, 2.0)


def test_a_broken_piper_model_falls_back_to_espeak(tmp_path: Path) -> None:
    model = tmp_path / "xx_broken.onnx"
    model.write_bytes(b"not an onnx model")
    (tmp_path / "xx_broken.onnx.json").write_text('{"language": {"code": "en_US"}}')
    result = _say(LocalNarrator(voice=str(model)), tmp_path, FIVE)
    assert result.metadata["engine"] == "espeak-ng"
    assert "xx_broken" in result.metadata["notice"]
