"""Audio helpers shared by providers and export: WAV I/O, resampling, loudness, fades, loops and
pitch-preserving tempo changes.

Samples are numpy arrays of floats in [-1, 1], shaped ``(frames,)`` for mono or
``(frames, channels)``. Every function here is blocking and CPU-bound except :func:`change_tempo`
and :func:`fit_tempo` (coroutines that run ffmpeg); call the others from an executor when the
signal is long.

Loudness follows ITU-R BS.1770-4 (K-weighting, 400 ms blocks with 75 % overlap, absolute gate at
-70 LUFS, relative gate at -10 LU), implemented here so the runtime does not need pyloudnorm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

from vidstudio.atomic import atomic_output
from vidstudio.media.ffmpeg import FFmpegError, measured_duration, run_ffmpeg

FloatArray = npt.NDArray[np.floating]

SILENCE_LUFS = -70.0
"""Loudness reported for silence (the BS.1770 absolute gate)."""

# ffmpeg's atempo keeps pitch; one instance accepts 0.5..100 in current builds, but older ones
# stop at 2.0, so larger factors are chained to stay portable.
_ATEMPO_MIN, _ATEMPO_MAX = 0.5, 2.0


# ------------------------------------------------------------------------------------ file I/O
def read_audio(path: Path, *, always_2d: bool = True) -> tuple[npt.NDArray[np.float32], int]:
    """Read a sound file soundfile understands (WAV, FLAC, OGG, MP3) as float32 samples.

    Returns:
        ``(samples, sample_rate)``; samples are ``(frames, channels)`` unless ``always_2d`` is
        false and the file is mono.

    Raises:
        OSError: the file is missing or not a readable sound file.
    """
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=always_2d)
    except sf.LibsndfileError as exc:
        raise OSError(f"cannot read audio {Path(path).name}: {exc}") from exc
    return data, int(rate)


def write_wav(path: Path, samples: FloatArray, rate: int, *, subtype: str = "PCM_16") -> Path:
    """Write ``samples`` as a WAV file atomically (a reader never sees half a file).

    Values are clipped to [-1, 1] first so PCM output never wraps around.
    """
    data = np.clip(np.nan_to_num(np.asarray(samples, dtype=np.float32)), -1.0, 1.0)
    with atomic_output(Path(path)) as tmp:
        sf.write(str(tmp), data, int(rate), subtype=subtype, format="WAV")
    return Path(path)


def audio_duration(path: Path) -> float:
    """Duration of a sound file in seconds: exact from the header when soundfile reads it,
    otherwise decoded through ffmpeg.

    Raises:
        OSError: neither soundfile nor ffmpeg can read the file.
    """
    try:
        info = sf.info(str(path))
        if info.samplerate > 0 and info.frames > 0:
            return float(info.frames) / float(info.samplerate)
    except sf.LibsndfileError:
        pass
    try:
        return measured_duration(Path(path))
    except FFmpegError as exc:
        raise OSError(str(exc)) from exc


# ----------------------------------------------------------------------------------- channels
def to_mono(samples: FloatArray) -> FloatArray:
    """Average the channels; a mono 1-D array is returned unchanged."""
    arr = np.asarray(samples)
    return arr if arr.ndim == 1 else arr.mean(axis=1)


def to_stereo(samples: FloatArray) -> FloatArray:
    """``(frames, 2)``: mono is duplicated, more than two channels are folded down."""
    arr = np.asarray(samples)
    if arr.ndim == 1:
        return np.stack([arr, arr], axis=1)
    if arr.shape[1] == 2:
        return arr
    if arr.shape[1] == 1:
        return np.repeat(arr, 2, axis=1)
    mono = arr.mean(axis=1)
    return np.stack([mono, mono], axis=1)


def resample(samples: FloatArray, src_rate: int, dst_rate: int) -> FloatArray:
    """Band-limited polyphase resampling along the time axis."""
    from scipy import signal  # imported where used: ~70 MB the render's main process never needs
    if src_rate == dst_rate:
        return np.asarray(samples)
    ratio = Fraction(int(dst_rate), int(src_rate)).limit_denominator(10_000)
    return np.asarray(signal.resample_poly(samples, ratio.numerator, ratio.denominator, axis=0))


# ----------------------------------------------------------------------------------- loudness
def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def rms_dbfs(samples: FloatArray) -> float:
    """RMS level over all samples and channels in dBFS (-inf for digital silence)."""
    arr = np.asarray(samples, dtype=np.float64)
    if arr.size == 0:
        return -math.inf
    rms = float(np.sqrt(np.mean(arr * arr)))
    return 20.0 * math.log10(rms) if rms > 0 else -math.inf


def peak_dbfs(samples: FloatArray) -> float:
    """Sample peak in dBFS (-inf for digital silence)."""
    arr = np.asarray(samples)
    peak = float(np.max(np.abs(arr))) if arr.size else 0.0
    return 20.0 * math.log10(peak) if peak > 0 else -math.inf


def _k_weighting(rate: int) -> tuple[npt.NDArray[np.float64], ...]:
    """The two BS.1770 pre-filters (a high shelf for the head, a high-pass), derived for any
    sample rate from their analogue prototypes by the bilinear transform."""
    k = math.tan(math.pi * 1681.974450955533 / rate)
    q = 0.7071752369554196
    vh = 10.0 ** (3.999843853973347 / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf_b = np.array([(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0,
                        (vh - vb * k / q + k * k) / a0])
    shelf_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    k = math.tan(math.pi * 38.13547087602444 / rate)
    q = 0.5003270373238773
    a0 = 1.0 + k / q + k * k
    hp_b = np.array([1.0, -2.0, 1.0])
    hp_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    return shelf_b, shelf_a, hp_b, hp_a


def integrated_loudness(samples: FloatArray, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4), all channels weighted 1.0.

    Signals shorter than one 400 ms block are measured as a single block. Returns
    :data:`SILENCE_LUFS` when everything falls under the absolute gate.
    """
    from scipy import signal
    arr = np.asarray(samples, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.shape[0] == 0:
        return SILENCE_LUFS
    shelf_b, shelf_a, hp_b, hp_a = _k_weighting(rate)
    weighted = signal.lfilter(hp_b, hp_a, signal.lfilter(shelf_b, shelf_a, arr, axis=0), axis=0)
    block = round(0.4 * rate)
    step = max(1, block // 4)
    power = weighted * weighted
    if arr.shape[0] < block:
        energies = power.mean(axis=0)[None, :]
    else:
        # Mean square of every block from a running sum: O(n) instead of O(n * blocks).
        csum = np.concatenate([np.zeros((1, power.shape[1])), np.cumsum(power, axis=0)])
        starts = np.arange(0, arr.shape[0] - block + 1, step)
        energies = (csum[starts + block] - csum[starts]) / block
    block_power = energies.sum(axis=1)
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(block_power)
    above_abs = block_power[block_lufs > SILENCE_LUFS]
    if above_abs.size == 0:
        return SILENCE_LUFS
    relative_gate = -0.691 + 10.0 * math.log10(float(above_abs.mean())) - 10.0
    gated = block_power[block_lufs > max(relative_gate, SILENCE_LUFS)]
    if gated.size == 0:
        return SILENCE_LUFS
    return -0.691 + 10.0 * math.log10(float(gated.mean()))


def limit_peaks(samples: FloatArray, rate: int, ceiling_db: float = -1.0, *,
                release_s: float = 0.08, circular: bool = False) -> FloatArray:
    """A look-ahead peak limiter: no sample exceeds ``ceiling_db`` dBFS, with a gain curve that
    starts falling before each peak and recovers over ``release_s`` so nothing clicks.

    Args:
        circular: treat the signal as a loop (the gain curve wraps around), so a seamless loop
            stays seamless.
    """
    from scipy import ndimage
    arr = np.asarray(samples, dtype=np.float64)
    ceiling = db_to_gain(ceiling_db)
    level = np.abs(arr) if arr.ndim == 1 else np.max(np.abs(arr), axis=1)
    if level.size == 0 or float(level.max()) <= ceiling:
        return arr
    needed = np.minimum(1.0, ceiling / np.maximum(level, 1e-12))
    hold = max(1, int(0.005 * rate))
    smooth = max(1, int(release_s * rate))
    mode = "wrap" if circular else "nearest"
    # The minimum over a window wider than the smoothing means the smoothed curve is still at or
    # below the needed gain at the peak itself.
    gain = ndimage.minimum_filter1d(needed, size=2 * (hold + smooth) + 1, mode=mode)
    gain = ndimage.uniform_filter1d(gain, size=2 * smooth + 1, mode=mode)
    gain = np.minimum(gain, needed)
    out = arr * (gain if arr.ndim == 1 else gain[:, None])
    return np.asarray(np.clip(out, -ceiling, ceiling))


def normalize_loudness(samples: FloatArray, rate: int, target_lufs: float = -20.0, *,
                       peak_ceiling_db: float = -1.0, circular: bool = False) -> FloatArray:
    """Scale to ``target_lufs`` integrated, then limit peaks to ``peak_ceiling_db``.

    Silence is returned unchanged (there is nothing to scale).
    """
    arr = np.asarray(samples, dtype=np.float64)
    current = integrated_loudness(arr, rate)
    if current <= SILENCE_LUFS:
        return arr
    scaled = arr * db_to_gain(target_lufs - current)
    return limit_peaks(scaled, rate, peak_ceiling_db, circular=circular)


# ---------------------------------------------------------------------------- shaping in time
def _ramp(length: int, *, equal_power: bool) -> npt.NDArray[np.float64]:
    t = (np.arange(length, dtype=np.float64) + 0.5) / max(1, length)
    return np.sin(0.5 * np.pi * t) if equal_power else 0.5 - 0.5 * np.cos(np.pi * t)


def fade(samples: FloatArray, rate: int, fade_in: float = 0.0,
         fade_out: float = 0.0) -> FloatArray:
    """Raised-cosine fade in and/or out (seconds); returns a new array."""
    out = np.array(samples, dtype=np.float64, copy=True)
    n = out.shape[0]
    fin = min(n, round(fade_in * rate))
    fout = min(n, round(fade_out * rate))
    if fin:
        ramp = _ramp(fin, equal_power=False)
        out[:fin] *= ramp if out.ndim == 1 else ramp[:, None]
    if fout:
        ramp = _ramp(fout, equal_power=False)[::-1]
        out[n - fout:] *= ramp if out.ndim == 1 else ramp[:, None]
    return out


def fit_length(samples: FloatArray, frames: int, rate: int, *,
               fade_s: float = 0.01) -> FloatArray:
    """Exactly ``frames`` long: cut with a short fade-out, or pad with silence."""
    arr = np.asarray(samples, dtype=np.float64)
    n = arr.shape[0]
    if n == frames:
        return arr
    if n > frames:
        return fade(arr[:frames], rate, fade_out=fade_s)
    pad = [(0, frames - n)] + [(0, 0)] * (arr.ndim - 1)
    return np.pad(arr, pad)


def make_seamless_loop(samples: FloatArray, frames: int) -> FloatArray:
    """Fold the material past ``frames`` back over the start with an equal-power crossfade.

    ``samples`` must be longer than ``frames``; the extra part is the crossfade. The result is
    ``frames`` long and its last sample flows into its first, so it loops without a click, and
    whatever transient the head of ``samples`` had is faded under the tail.

    Raises:
        ValueError: ``samples`` is not longer than ``frames``.
    """
    arr = np.asarray(samples, dtype=np.float64)
    overlap = arr.shape[0] - frames
    if overlap <= 0:
        raise ValueError("make_seamless_loop needs material beyond the loop length")
    out = arr[:frames].copy()
    rise = _ramp(overlap, equal_power=True)
    fall = rise[::-1]
    if arr.ndim > 1:
        rise, fall = rise[:, None], fall[:, None]
    out[:overlap] = arr[:overlap] * rise + arr[frames:] * fall
    return out


def trim_silence(samples: FloatArray, rate: int, *, threshold_db: float = -50.0,
                 keep_s: float = 0.03) -> tuple[int, int]:
    """Frame range ``(start, end)`` holding the sound, leaving ``keep_s`` of margin either side.

    Levels are measured over 5 ms windows relative to full scale; an all-quiet signal gives
    ``(0, 0)``.
    """
    from scipy import ndimage
    arr = np.abs(np.asarray(samples, dtype=np.float64))
    level = arr if arr.ndim == 1 else arr.max(axis=1)
    if level.size == 0:
        return 0, 0
    window = max(1, int(0.005 * rate))
    envelope = ndimage.maximum_filter1d(level, size=window)
    loud = np.flatnonzero(envelope > db_to_gain(threshold_db))
    if loud.size == 0:
        return 0, 0
    keep = int(keep_s * rate)
    return max(0, int(loud[0]) - keep), min(level.size, int(loud[-1]) + 1 + keep)


# ------------------------------------------------------------------------------------- tempo
def atempo_chain(factor: float) -> str:
    """An ffmpeg filter string changing tempo by ``factor`` without changing pitch.

    Raises:
        ValueError: ``factor`` is not a positive finite number.
    """
    if not math.isfinite(factor) or factor <= 0:
        raise ValueError(f"tempo factor must be positive, got {factor!r}")
    parts: list[float] = []
    remaining = factor
    while remaining > _ATEMPO_MAX:
        parts.append(_ATEMPO_MAX)
        remaining /= _ATEMPO_MAX
    while remaining < _ATEMPO_MIN:
        parts.append(_ATEMPO_MIN)
        remaining /= _ATEMPO_MIN
    parts.append(remaining)
    return ",".join(f"atempo={p:.6f}" for p in parts)


async def change_tempo(src: Path, dst: Path, factor: float) -> Path:
    """Write ``src`` played ``factor`` times faster (pitch unchanged) to ``dst`` as 16-bit WAV
    at the source's sample rate and channel count.

    Raises:
        FFmpegError: ffmpeg could not read ``src`` or write ``dst``.
        ValueError: ``factor`` is not positive.
    """
    chain = atempo_chain(factor)
    with atomic_output(Path(dst)) as tmp:
        await run_ffmpeg(["-i", str(src), "-filter:a", chain, "-c:a", "pcm_s16le",
                          "-f", "wav", str(tmp)])
    return Path(dst)


@dataclass(frozen=True)
class TempoFit:
    """How a recording was fitted to a time budget.

    Attributes:
        tempo: the speed factor applied (1.0 = untouched, 1.25 = 25 % faster).
        duration: seconds of the fitted recording.
        overflow: seconds it still runs past the budget (0 when it fits).
    """

    tempo: float
    duration: float
    overflow: float


def choose_tempo(natural: float, target: float, *, min_tempo: float = 1.0,
                 max_tempo: float = 1.25) -> float:
    """The tempo that makes ``natural`` seconds last ``target`` seconds, within the bounds.

    With the default ``min_tempo`` of 1.0 a short recording is never slowed down.
    """
    if natural <= 0 or target <= 0:
        return 1.0
    return float(min(max_tempo, max(min_tempo, natural / target)))


async def fit_tempo(src: Path, dst: Path, target: float, *, min_tempo: float = 1.0,
                    max_tempo: float = 1.25) -> TempoFit:
    """Copy or speed up ``src`` into ``dst`` so it lasts at most ``target`` seconds when the
    bounds allow it; pitch is preserved.

    Raises:
        FFmpegError: ffmpeg failed.
        OSError: ``src`` cannot be read.
    """
    natural = audio_duration(src)
    tempo = choose_tempo(natural, target, min_tempo=min_tempo, max_tempo=max_tempo)
    if abs(tempo - 1.0) < 1e-3:
        tempo = 1.0
        data, rate = read_audio(src)
        write_wav(dst, data, rate)
    else:
        await change_tempo(src, dst, tempo)
    duration = audio_duration(dst)
    return TempoFit(tempo=tempo, duration=duration, overflow=max(0.0, duration - target))
