"""Audio helpers: WAV I/O, resampling, BS.1770 loudness (checked against pyloudnorm), limiting,
fades, loops, silence trimming and ffmpeg tempo changes."""

from __future__ import annotations

import asyncio
import math
from typing import TYPE_CHECKING

import numpy as np
import pyloudnorm
import pytest

from vidstudio.media import audio

if TYPE_CHECKING:
    from pathlib import Path

RATE = 48_000


def _sine(freq: float, seconds: float, rate: int = RATE, amp: float = 0.5) -> np.ndarray:
    return amp * np.sin(2 * np.pi * freq * np.arange(int(seconds * rate)) / rate)


def _dominant_hz(x: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.fft.rfftfreq(x.size, 1 / rate)[np.argmax(spectrum)])


def _pink(seconds: float, rate: int = RATE, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    spec = np.fft.rfft(rng.standard_normal((n, 2)), axis=0)
    f = np.maximum(np.fft.rfftfreq(n, 1 / rate), 20.0)
    x = np.fft.irfft(spec / np.sqrt(f)[:, None], n=n, axis=0)
    return 0.1 * x / np.std(x)


def test_wav_round_trip_keeps_shape_rate_and_values(tmp_path: Path) -> None:
    stereo = np.stack([_sine(440, 0.25), _sine(660, 0.25)], axis=1)
    path = audio.write_wav(tmp_path / "a.wav", stereo, RATE)
    data, rate = audio.read_audio(path)
    assert rate == RATE
    assert data.shape == stereo.shape
    assert np.max(np.abs(data - stereo)) < 1e-4  # 16-bit quantisation only
    assert audio.audio_duration(path) == pytest.approx(0.25, abs=1e-6)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav"]  # no temporary left


def test_write_wav_clips_instead_of_wrapping(tmp_path: Path) -> None:
    path = audio.write_wav(tmp_path / "loud.wav", np.array([0.0, 3.0, -3.0, np.nan]), RATE)
    data, _ = audio.read_audio(path, always_2d=False)
    assert data[1] == pytest.approx(1.0, abs=1e-4)
    assert data[2] == pytest.approx(-1.0, abs=1e-4)
    assert data[3] == 0.0


def test_reading_something_that_is_not_audio_raises_oserror(tmp_path: Path) -> None:
    bogus = tmp_path / "x.wav"
    bogus.write_text("not a sound")
    with pytest.raises(OSError, match=r"x\.wav"):
        audio.read_audio(bogus)
    with pytest.raises(OSError, match=r"x\.wav"):
        audio.audio_duration(bogus)


def test_channel_conversions() -> None:
    mono = _sine(100, 0.01)
    assert audio.to_stereo(mono).shape == (mono.size, 2)
    assert np.allclose(audio.to_mono(audio.to_stereo(mono)), mono)
    assert audio.to_stereo(np.zeros((10, 6))).shape == (10, 2)


def test_resample_keeps_pitch_and_duration() -> None:
    tone = _sine(1000, 1.0)
    out = audio.resample(tone, RATE, 22_050)
    assert out.size == pytest.approx(22_050, abs=2)
    assert _dominant_hz(out, 22_050) == pytest.approx(1000, abs=2)


# pyloudnorm designs its K-weighting from rounded parameters (a 1.5 kHz shelf, a 38 Hz high-pass)
# where we use the exact BS.1770 filters, so the two differ by a few hundredths of a LU, a bit
# more at low sample rates where the bilinear warping differs.
@pytest.mark.parametrize(("rate", "tolerance"), [(48_000, 0.1), (44_100, 0.1), (22_050, 0.15)])
def test_integrated_loudness_matches_pyloudnorm(rate: int, tolerance: float) -> None:
    # Pink noise with a quiet stretch in the middle exercises both gates.
    x = _pink(3.0, rate)
    x[rate: int(1.5 * rate)] *= 0.01
    ours = audio.integrated_loudness(x, rate)
    reference = pyloudnorm.Meter(rate).integrated_loudness(x)
    assert ours == pytest.approx(reference, abs=tolerance)


def test_loudness_of_a_full_scale_1khz_sine_is_about_minus_3_lufs() -> None:
    # BS.1770's calibration point: a 0 dBFS 997 Hz sine in one channel reads -3.01 LUFS.
    assert audio.integrated_loudness(_sine(997, 2.0, amp=1.0), RATE) == pytest.approx(-3.01,
                                                                                       abs=0.05)


def test_silence_and_empty_measure_as_the_gate() -> None:
    assert audio.integrated_loudness(np.zeros(RATE), RATE) == audio.SILENCE_LUFS
    assert audio.integrated_loudness(np.zeros((0, 2)), RATE) == audio.SILENCE_LUFS
    assert audio.rms_dbfs(np.zeros(10)) == -math.inf
    assert audio.peak_dbfs(np.array([0.5])) == pytest.approx(-6.02, abs=0.01)


def test_normalize_reaches_target_and_respects_the_ceiling() -> None:
    quiet = _pink(2.0) * 0.05
    out = audio.normalize_loudness(quiet, RATE, -20.0, peak_ceiling_db=-1.0)
    assert audio.integrated_loudness(out, RATE) == pytest.approx(-20.0, abs=0.3)
    assert audio.peak_dbfs(out) <= -1.0 + 1e-9
    assert np.array_equal(audio.normalize_loudness(np.zeros(100), RATE), np.zeros(100))


def test_limiter_catches_peaks_without_touching_quiet_parts() -> None:
    x = _sine(200, 1.0, amp=0.3)
    x[RATE // 2: RATE // 2 + 50] = 0.99
    out = audio.limit_peaks(x, RATE, -6.0, release_s=0.02)
    assert np.max(np.abs(out)) <= audio.db_to_gain(-6.0) + 1e-12
    # Far from the spike the signal is untouched.
    assert np.allclose(out[:RATE // 4], x[:RATE // 4])
    # The gain moves smoothly (no click): tiny changes from one sample to the next.
    loud = np.abs(x) > 0.05
    gain = out[loud] / x[loud]
    assert np.max(np.abs(np.diff(gain))) < 0.01
    assert gain.min() == pytest.approx(audio.db_to_gain(-6.0) / 0.99, rel=1e-3)
    below = _sine(200, 0.1, amp=0.1)
    assert np.array_equal(audio.limit_peaks(below, RATE, -6.0), below)


def test_fades_start_and_end_at_silence() -> None:
    x = np.ones((RATE, 2))
    out = audio.fade(x, RATE, fade_in=0.1, fade_out=0.2)
    assert np.all(out[0] < 1e-3)
    assert np.all(out[-1] < 1e-3)
    assert np.allclose(out[RATE // 2], 1.0)
    assert np.all(np.diff(out[: int(0.1 * RATE), 0]) >= 0)


def test_fit_length_pads_and_cuts_exactly() -> None:
    x = np.ones(1000)
    assert audio.fit_length(x, 1500, RATE).shape == (1500,)
    assert audio.fit_length(x, 1500, RATE)[-1] == 0.0
    cut = audio.fit_length(np.ones((1000, 2)), 700, RATE, fade_s=0.001)
    assert cut.shape == (700, 2)
    assert np.all(cut[-1] < 0.05)


def test_seamless_loop_has_no_jump_at_the_seam() -> None:
    rng = np.random.default_rng(3)
    smooth = np.cumsum(rng.standard_normal(RATE + 4800)) * 0.01  # a slow random walk
    smooth -= smooth.mean()
    looped = audio.make_seamless_loop(smooth, RATE)
    assert looped.shape == (RATE,)
    inner = np.max(np.abs(np.diff(looped)))
    assert abs(looped[-1] - looped[0]) <= inner
    # A plain cut of the same material would jump far more at the seam.
    assert abs(smooth[RATE - 1] - smooth[0]) > 5 * inner
    with pytest.raises(ValueError, match="beyond"):
        audio.make_seamless_loop(smooth[:100], 100)


def test_trim_silence_finds_the_sound() -> None:
    x = np.zeros(RATE)
    x[10_000:20_000] = _sine(300, 10_000 / RATE)
    start, end = audio.trim_silence(x, RATE, keep_s=0.01)
    assert start == pytest.approx(10_000 - 480, abs=300)
    assert end == pytest.approx(20_000 + 480, abs=300)
    assert audio.trim_silence(np.zeros(100), RATE) == (0, 0)


@pytest.mark.parametrize("factor", [0.3, 0.8, 1.0, 1.25, 3.0, 5.0])
def test_atempo_chain_multiplies_to_the_factor_within_bounds(factor: float) -> None:
    parts = [float(p.split("=")[1]) for p in audio.atempo_chain(factor).split(",")]
    assert all(0.5 <= p <= 2.0 for p in parts)
    assert math.prod(parts) == pytest.approx(factor, rel=1e-5)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_atempo_chain_rejects_nonsense(bad: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        audio.atempo_chain(bad)


def test_choose_tempo_never_slows_down_by_default() -> None:
    assert audio.choose_tempo(4.0, 5.0) == 1.0
    assert audio.choose_tempo(4.0, 5.0, min_tempo=0.8) == pytest.approx(0.8)
    assert audio.choose_tempo(5.5, 5.0) == pytest.approx(1.1)
    assert audio.choose_tempo(10.0, 5.0) == pytest.approx(1.25)


def test_change_tempo_shortens_without_changing_pitch(tmp_path: Path) -> None:
    src = audio.write_wav(tmp_path / "tone.wav", _sine(440, 2.0, 22_050), 22_050)
    dst = asyncio.run(audio.change_tempo(src, tmp_path / "fast.wav", 1.25))
    data, rate = audio.read_audio(dst, always_2d=False)
    assert rate == 22_050
    assert data.size / rate == pytest.approx(1.6, abs=0.03)
    assert _dominant_hz(data, rate) == pytest.approx(440, abs=3)


def test_fit_tempo_fits_when_it_can_and_reports_overflow_when_it_cannot(tmp_path: Path) -> None:
    src = audio.write_wav(tmp_path / "tone.wav", _sine(300, 2.0, 22_050), 22_050)
    fitted = asyncio.run(audio.fit_tempo(src, tmp_path / "fit.wav", 1.8))
    assert 1.0 < fitted.tempo <= 1.25
    assert fitted.duration <= 1.8 + 0.02
    assert fitted.overflow == pytest.approx(0.0, abs=0.02)
    capped = asyncio.run(audio.fit_tempo(src, tmp_path / "cap.wav", 1.0))
    assert capped.tempo == pytest.approx(1.25)
    assert capped.overflow == pytest.approx(0.6, abs=0.03)
    roomy = asyncio.run(audio.fit_tempo(src, tmp_path / "same.wav", 5.0))
    assert roomy.tempo == 1.0
    assert roomy.duration == pytest.approx(2.0, abs=1e-3)
