"""The offline score: sections change at the cuts (found by listening to the rendered track),
no gap or dip at a cut, deterministic per seed, different per take, levelled."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import numpy as np
import pytest

from vidstudio.media import audio
from vidstudio.providers.base import CallContext, InvalidRequestError
from vidstudio.providers.local.music import LocalComposer, MusicRequest, ScoreSection
from vidstudio.providers.local.music.synth import SAMPLE_RATE, character_of, render_score

if TYPE_CHECKING:
    from pathlib import Path

SECTIONS = [ScoreSection(5.0, ("calm",)), ScoreSection(9.0, ("tense", "fear")),
            ScoreSection(5.0, ("joyful",))]
CUTS = (5.0, 14.0)


@pytest.fixture(scope="module")
def score() -> np.ndarray:
    return render_score(SECTIONS, seed=7)


def novelty(signal: np.ndarray, rate: int, hop_s: float = 0.02, span_s: float = 1.0
            ) -> tuple[np.ndarray, np.ndarray]:
    """How much the spectrum of the second before each instant differs from the second after
    it (a checkerboard novelty on log spectra): peaks where the music changes character."""
    mono = audio.to_mono(signal)
    hop, size = int(hop_s * rate), 4096
    frames = np.stack([mono[i:i + size] * np.hanning(size)
                       for i in range(0, len(mono) - size, hop)])
    spectra = np.log1p(np.abs(np.fft.rfft(frames, axis=1))[:, :800])
    span = int(span_s / hop_s)
    times, values = [], []
    for i in range(span, len(spectra) - span):
        before, after = spectra[i - span:i].mean(0), spectra[i:i + span].mean(0)
        times.append((i * hop + size / 2) / rate)
        values.append(float(np.linalg.norm(after - before)))
    return np.array(times), np.array(values)


def test_the_sections_change_at_the_cuts(score: np.ndarray) -> None:
    assert score.shape[0] == round(19.0 * SAMPLE_RATE)
    times, values = novelty(score, SAMPLE_RATE)
    found = []
    for _ in CUTS:  # the strongest changes, each at least 2 s from the others
        best = int(np.argmax(values))
        found.append(float(times[best]))
        values[np.abs(times - times[best]) < 2.0] = 0.0
    for cut in CUTS:
        assert min(abs(cut - t) for t in found) <= 0.25, (cut, found)


def test_no_gap_or_dip_at_a_cut(score: np.ndarray) -> None:
    win = int(0.05 * SAMPLE_RATE)
    for cut in CUTS:
        at = int(cut * SAMPLE_RATE)
        around = audio.rms_dbfs(score[at - int(0.5 * SAMPLE_RATE):at + int(0.5 * SAMPLE_RATE)])
        for start in range(at - 2 * win, at + 2 * win, win):
            assert audio.rms_dbfs(score[start:start + win]) > around - 6.0, (cut, start)


def test_levelled_deterministic_and_new_per_seed(score: np.ndarray) -> None:
    assert abs(audio.integrated_loudness(score, SAMPLE_RATE) + 20.0) < 1.0
    assert audio.peak_dbfs(score) <= -0.9
    short = [ScoreSection(5.0, ("calm",)), ScoreSection(5.0, ("sad",))]
    a, b = render_score(short, seed=1), render_score(short, seed=1)
    assert np.array_equal(a, b)
    assert not np.allclose(a, render_score(short, seed=2))
    assert [character_of(s).name for s in SECTIONS] == ["calm", "tense", "joy"]


def test_the_provider_writes_a_take(tmp_path: Path) -> None:
    ctx = CallContext(work_dir=tmp_path, progress=lambda f, m: None, seed=3)
    composer = LocalComposer()
    request = MusicRequest((ScoreSection(5.0, ("calm",)), ScoreSection(5.0, ("epic",))))
    result = asyncio.run(composer.compose_music(request, ctx))
    assert abs(audio.audio_duration(result.path) - 10.0) < 0.01
    assert result.metadata["sections"] == [5.0, 5.0]
    with pytest.raises(InvalidRequestError):
        asyncio.run(composer.compose_music(MusicRequest(()), ctx))
