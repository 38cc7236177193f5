"""Rendering chosen layers into one loudness-levelled, seamlessly looping stereo bed.

:func:`render_bed_file` is the unit of work handed to an executor: a top-level function taking
and returning plain values, so it runs in a thread or a worker process alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from vidstudio.media import audio
from vidstudio.providers.local.sfx import dsp
from vidstudio.providers.local.sfx.library import LIBRARY, LayerSpec

SAMPLE_RATE = 48_000
TARGET_LUFS = -20.0
PEAK_CEILING_DB = -1.0

# The loop crossfade: long enough to hide the seam in slow sounds (waves), never more than a
# quarter of the bed.
_MAX_OVERLAP_S = 0.75
_MIN_OVERLAP_FRAMES = 64
_LAYER_CEILING_DB = -4.0


def frames_for(duration: float, rate: int = SAMPLE_RATE) -> int:
    """Frames in ``duration`` seconds, rounded to the nearest frame."""
    return max(1, round(duration * rate))


def render_layer(layer: LayerSpec, frames: int, seed: int, rate: int = SAMPLE_RATE) -> dsp.Signal:
    """Synthesise one library sound, stereo, ``frames`` long, levelled to the mix target plus
    its ``gain_db``.

    Raises:
        KeyError: the layer names no library sound.
    """
    sound = LIBRARY[layer.name]
    rng = dsp.rng_for(seed, f"{layer.name}:{layer.variant}")
    sig = dsp.as_stereo(np.asarray(sound.generator(rng, frames, rate, layer.variant),
                                   dtype=np.float64))
    sig = np.nan_to_num(sig[:frames], nan=0.0, posinf=0.0, neginf=0.0)
    loudness = audio.integrated_loudness(sig, rate)
    if loudness <= audio.SILENCE_LUFS:
        return sig
    sig = sig * audio.db_to_gain(TARGET_LUFS - loudness)
    # Tame this layer's own spikes (a crackle, a drop) with a fast limiter before mixing, so the
    # final limiter never has to pull the whole bed down around them.
    # Limiting lowers the loudness a little, and making that up raises the peaks again, so a
    # few rounds converge on both.
    for _ in range(3):
        if audio.peak_dbfs(sig) <= _LAYER_CEILING_DB + 0.5:
            break
        sig = np.asarray(audio.limit_peaks(sig, rate, _LAYER_CEILING_DB, release_s=0.015),
                         dtype=np.float64)
        sig = sig * audio.db_to_gain(TARGET_LUFS - audio.integrated_loudness(sig, rate))
    return sig * audio.db_to_gain(layer.gain_db)


def render_bed(layers: tuple[LayerSpec, ...], duration: float, seed: int,
               rate: int = SAMPLE_RATE) -> dsp.Signal:
    """Mix ``layers`` into a bed exactly ``duration`` seconds long that loops without a click,
    at :data:`TARGET_LUFS` integrated with peaks under :data:`PEAK_CEILING_DB`.

    Raises:
        ValueError: no layers, or a non-positive duration.
    """
    if not layers:
        raise ValueError("a bed needs at least one layer")
    if not duration > 0:
        raise ValueError(f"duration must be positive, got {duration!r}")
    frames = frames_for(duration, rate)
    overlap = max(_MIN_OVERLAP_FRAMES, min(int(_MAX_OVERLAP_S * rate), frames // 4))
    total = frames + overlap
    mix = np.zeros((total, 2))
    for layer in layers:
        mix += render_layer(layer, total, seed, rate)
    looped = audio.make_seamless_loop(mix, frames)
    return np.asarray(audio.normalize_loudness(looped, rate, TARGET_LUFS,
                                               peak_ceiling_db=PEAK_CEILING_DB, circular=True))


def render_bed_file(layers: tuple[LayerSpec, ...], duration: float, seed: int,
                    path: str) -> dict[str, Any]:
    """Render a bed (see :func:`render_bed`) to a 48 kHz stereo 16-bit WAV at ``path``.

    Returns:
        Measurements of what was written: ``loudness_lufs``, ``peak_dbfs``, ``frames``,
        ``sample_rate``.
    """
    bed = render_bed(layers, duration, seed, SAMPLE_RATE)
    audio.write_wav(Path(path), bed, SAMPLE_RATE)
    return {
        "loudness_lufs": round(audio.integrated_loudness(bed, SAMPLE_RATE), 2),
        "peak_dbfs": round(audio.peak_dbfs(bed), 2),
        "frames": int(bed.shape[0]),
        "sample_rate": SAMPLE_RATE,
    }
