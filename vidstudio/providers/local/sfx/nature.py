"""Synthesised nature sounds: rain, thunder, storm, wind, ocean waves, river, birds, night insects
and fire.

Each generator has the signature ``(rng, n, rate, variant) -> (n, 2) float64`` and returns
stereo at an arbitrary level; the renderer levels every layer by loudness afterwards. ``variant``
is a hint chosen from the prompt (e.g. ``"light"`` rain); unknown hints are ignored.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from vidstudio.providers.local.sfx import dsp

if TYPE_CHECKING:
    from vidstudio.providers.local.sfx.dsp import Signal


def rain(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A wash of hiss plus thousands of individual drops, heavier or lighter by ``variant``."""
    intensity = {"light": 0.45, "heavy": 1.6}.get(variant, 1.0)
    duration = n / rate
    swell = 1.0 + 0.2 * dsp.lfo(rng, n, rate, 0.15)

    hiss = dsp.bandpass(dsp.colored_noise(rng, n, rate, 1.0), rate, 900.0, 9000.0)
    body = dsp.lowpass(dsp.colored_noise(rng, n, rate, 2.0), rate, 450.0)

    # Drops: a sparse impulse train per channel convolved with a 6 ms noise grain, so the cost
    # does not grow with the number of drops.
    drops = np.zeros((n, 2))
    count = int(260 * intensity * duration) + 1
    for ch in range(2):
        idx = rng.integers(0, n, size=count)
        np.add.at(drops[:, ch], idx, rng.lognormal(0.0, 0.7, size=count))
    grain = dsp.noise_burst(rng, rate, 0.006, 0.0012)
    drops = np.stack([np.convolve(drops[:, ch], grain)[:n] for ch in range(2)], axis=1)
    drops = dsp.bandpass(drops, rate, 1500.0, 11000.0)

    # A few heavier drops landing on something hard: short high resonances.
    plinks = np.zeros((n, 2))
    for t in dsp.event_times(rng, duration, 0.25 / intensity):
        freq = float(rng.uniform(2200.0, 5200.0))
        hit = dsp.strike(rng, rate, [freq, freq * 1.7], [0.03, 0.02], [1.0, 0.4], 0.04)
        dsp.add_at(plinks, int(t * rate), dsp.pan(hit * rng.uniform(0.2, 1.0),
                                                  float(rng.uniform(-0.9, 0.9))))

    mix = (0.55 * dsp.unit_rms(hiss) + 0.9 * dsp.unit_rms(drops)
           + (0.25 + 0.2 * intensity) * dsp.unit_rms(body) + 0.25 * dsp.unit_rms(plinks))
    return mix * swell[:, None]


def thunder(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """Rolling thunder claps, each a crack (when near) and a long low rumble, far apart."""
    duration = n / rate
    out = np.zeros((n, 2))
    first = float(rng.uniform(0.05, 0.35)) * duration
    for i, start in enumerate(dsp.event_times(rng, duration, 9.0, jitter=0.6, first=first)):
        near = variant == "near" or (i == 0 and rng.random() < 0.5) or rng.random() < 0.3
        length = float(rng.uniform(3.0, 6.5))
        m = int(length * rate)
        rumble = dsp.lowpass(dsp.colored_noise(rng, m, rate, 2.0, channels=2), rate,
                             float(rng.uniform(140.0, 260.0)), order=3)
        # Several overlapping rolls give thunder its irregular, rolling decay.
        env = np.zeros(m)
        for _ in range(int(rng.integers(2, 5))):
            offset = int(rng.uniform(0.0, 0.5) * m)
            roll = dsp.envelope_ar(m - offset, rate, float(rng.uniform(0.05, 0.4)),
                                   float(rng.uniform(1.5, length)))
            env[offset:] += roll * rng.uniform(0.4, 1.0)
        clap = rumble * env[:, None]
        if near:
            crack = dsp.noise_burst(rng, rate, 0.35, 0.06, low=700.0)
            clap[: crack.size] += dsp.pan(crack * 3.0, float(rng.uniform(-0.5, 0.5)))
        dsp.add_at(out, int(start * rate), clap * rng.uniform(0.6, 1.0))
    return dsp.reverb(rng, out, rate, rt60=2.8, wet=0.35, damping=0.7)


def wind(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """Gusting wind: noise through a bank of bands whose balance follows the gusts, so the
    pitch of the rush rises as the wind strengthens."""
    strength = {"gentle": 0.5, "strong": 1.5}.get(variant, 1.0)
    gust = dsp.lfo(rng, n, rate, 0.25) * 0.6 + dsp.lfo(rng, n, rate, 0.05) * 0.8
    gust = 1.0 / (1.0 + np.exp(-gust * strength))  # 0..1, mostly in the middle
    noise = dsp.colored_noise(rng, n, rate, 1.0)
    centre = 180.0 * (1.0 + 5.0 * gust * strength)
    out = np.zeros((n, 2))
    for band in (120.0, 220.0, 400.0, 700.0, 1200.0, 2000.0):
        part = dsp.bandpass(noise, rate, band / 1.5, band * 1.5)
        weight = np.exp(-(np.log(band / centre) ** 2) / (2 * 0.55**2))
        out += part * weight[:, None]
    rumble = dsp.lowpass(dsp.colored_noise(rng, n, rate, 2.0), rate, 120.0)
    out = dsp.unit_rms(out) * (0.3 + gust)[:, None] + 0.35 * dsp.unit_rms(rumble)
    return dsp.widen(rng, out, 0.4)


def waves(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """Ocean waves: swells that build, break and wash back, over a constant distant surf."""
    duration = n / rate
    t_axis = np.arange(n) / rate
    low_env = np.zeros(n)
    high_env = np.zeros(n)
    positions = np.zeros(n)
    weights = np.zeros(n)
    start = -float(rng.uniform(0.0, 4.0))
    while start < duration:
        period = float(rng.uniform(4.5, 8.5))
        build = float(rng.uniform(1.5, 3.0))
        wash = float(rng.uniform(3.0, 5.5))
        crest = start + build
        rel = t_axis - crest
        rising = np.where(rel < 0, np.exp(-((rel / (build / 2.2)) ** 2)), 0.0)
        falling = np.where(rel >= 0, np.exp(-rel / (wash / 3.0)), 0.0)
        shape = (rising + falling) * rng.uniform(0.6, 1.0)
        low_env += shape
        # The break is bright and short; the wash keeps only some of the hiss.
        high_env += np.where(rel >= 0, np.exp(-rel / (wash / 5.0)), rising**2) * shape
        positions += shape * float(rng.uniform(-0.6, 0.6))
        weights += shape
        start += period
    place = positions / np.maximum(weights, 1e-6)
    noise = dsp.colored_noise(rng, n, rate, 1.0, channels=1)
    low = dsp.lowpass(noise, rate, 700.0)
    foam = dsp.bandpass(noise, rate, 1200.0, 9000.0)
    surge = dsp.unit_rms(low) * low_env + 0.8 * dsp.unit_rms(foam) * high_env
    surf = dsp.lowpass(dsp.colored_noise(rng, n, rate, 1.5), rate, 500.0)
    out = dsp.pan(surge, place) + 0.35 * dsp.unit_rms(surf) * np.mean(low_env)
    return dsp.widen(rng, out, 0.5)


def river(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """Running water: a steady rush plus the bubbling of many small resonating bubbles."""
    duration = n / rate
    rush = dsp.bandpass(dsp.colored_noise(rng, n, rate, 1.0), rate, 200.0, 3500.0)
    flutter = 1.0 + 0.25 * dsp.lfo(rng, n, rate, 6.0)
    bubbles = np.zeros((n, 2))
    rate_per_s = 70.0 if variant != "trickle" else 25.0
    for t in dsp.event_times(rng, duration, 1.0 / rate_per_s):
        f0 = float(np.clip(rng.lognormal(math.log(900.0), 0.35), 300.0, 3000.0))
        life = float(rng.uniform(0.015, 0.05))
        m = int(life * rate)
        tt = np.arange(m) / rate
        # A bubble's pitch rises as it shrinks near the surface (Minnaert resonance).
        freq = f0 * (1.0 + 0.8 * tt / life)
        bubble = np.sin(2 * math.pi * np.cumsum(freq) / rate) * np.exp(-tt / (life / 3.0))
        dsp.add_at(bubbles, int(t * rate),
                   dsp.pan(bubble * rng.uniform(0.2, 1.0), float(rng.uniform(-0.8, 0.8))))
    out = dsp.unit_rms(rush) * flutter[:, None] + 0.6 * dsp.unit_rms(bubbles)
    return dsp.widen(rng, out, 0.3)


def _bird_syllable(rng: np.random.Generator, rate: int, base: float, kind: int) -> Signal:
    length = float(rng.uniform(0.04, 0.16))
    m = int(length * rate)
    t = np.linspace(0.0, 1.0, m)
    if kind == 0:  # up-sweep
        freq = base * (0.8 + 0.6 * t)
    elif kind == 1:  # down-sweep
        freq = base * (1.4 - 0.6 * t)
    elif kind == 2:  # trill: fast frequency modulation
        freq = base * (1.0 + 0.15 * np.sin(2 * math.pi * rng.uniform(25, 45) * t * length))
    else:  # warble: a bent note
        freq = base * (1.0 + 0.25 * np.sin(math.pi * t))
    env = np.sin(math.pi * t) ** 2
    return np.asarray(dsp.tone(rate, freq, m, harmonics=(1.0, 0.18, 0.05)) * env)


def birds(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A few songbirds, each with its own repeated phrase, near and far, over leaf rustle."""
    duration = n / rate
    out = np.zeros((n, 2))
    for bird in range(int(rng.integers(3, 6))):
        base = float(rng.uniform(2200.0, 5500.0))
        kinds = rng.integers(0, 4, size=int(rng.integers(2, 7)))
        gaps = rng.uniform(0.02, 0.09, size=kinds.size)
        position = float(rng.uniform(-0.9, 0.9))
        distance = float(rng.uniform(0.0, 1.0))
        mean_gap = float(rng.uniform(2.0, 5.0))
        first = float(rng.uniform(0.0, min(1.5, duration * 0.6))) if bird < 2 else None
        for start in dsp.event_times(rng, duration, mean_gap, jitter=0.7, first=first):
            cursor = int(start * rate)
            pitch = base * float(rng.uniform(0.95, 1.05))
            for kind, gap in zip(kinds, gaps, strict=True):
                syllable = _bird_syllable(rng, rate, pitch, int(kind))
                dsp.add_at(out, cursor, dsp.pan(syllable * (1.0 - 0.7 * distance), position))
                cursor += syllable.size + int(gap * rate)
    out = dsp.reverb(rng, out, rate, rt60=1.2, wet=0.25, damping=0.6)
    leaves = dsp.highpass(dsp.colored_noise(rng, n, rate, 1.0), rate, 1500.0)
    leaves *= (0.5 + 0.5 * np.abs(dsp.lfo(rng, n, rate, 0.4)))[:, None]
    return dsp.unit_rms(out) + 0.12 * dsp.unit_rms(leaves)


def insects(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A summer night: crickets chirping in pulses at their own rhythms, a cicada-like buzz
    and a faint air bed."""
    t = np.arange(n) / rate
    out = np.zeros((n, 2))
    for _ in range(int(rng.integers(3, 7))):
        carrier = float(rng.uniform(3800.0, 5200.0))
        pulse_rate = float(rng.uniform(25.0, 40.0))
        chirp_rate = float(rng.uniform(1.2, 3.0))
        pulses = int(rng.integers(2, 5))
        chirp_phase = (t * chirp_rate + rng.random()) % 1.0
        active = chirp_phase < pulses / pulse_rate * chirp_rate
        pulse = np.sin(math.pi * ((t * pulse_rate) % 1.0)) ** 2
        song = np.sin(2 * math.pi * carrier * t + rng.uniform(0, 6.28)) * pulse * active
        gain = float(rng.uniform(0.2, 1.0))
        out += dsp.pan(song * gain, float(rng.uniform(-0.9, 0.9)))
    buzz = dsp.bandpass(dsp.white(rng, n, 2), rate, 6000.0, 9000.0)
    buzz *= (0.5 + 0.5 * np.sin(2 * math.pi * 55.0 * t) ** 8)[:, None]
    buzz *= (0.6 + 0.4 * dsp.lfo(rng, n, rate, 0.2).clip(-1, 1))[:, None]
    air = dsp.lowpass(dsp.colored_noise(rng, n, rate, 2.0), rate, 300.0)
    out = dsp.reverb(rng, out, rate, rt60=0.9, wet=0.3, damping=0.5)
    return dsp.unit_rms(out) + 0.25 * dsp.unit_rms(buzz) + 0.2 * dsp.unit_rms(air)


def fire(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A wood fire: a low flickering roar, hiss, and heavy-tailed crackles and pops."""
    duration = n / rate
    roar = dsp.lowpass(dsp.colored_noise(rng, n, rate, 2.0), rate, 280.0)
    roar *= (1.0 + 0.35 * dsp.lfo(rng, n, rate, 1.5))[:, None]
    hiss = dsp.bandpass(dsp.colored_noise(rng, n, rate, 1.0), rate, 2000.0, 7000.0)
    hiss *= (0.6 + 0.4 * np.abs(dsp.lfo(rng, n, rate, 3.0)))[:, None]
    crackle = np.zeros((n, 2))
    for t in dsp.event_times(rng, duration, 1.0 / 18.0):
        size = float(min(rng.pareto(2.5) + 0.3, 3.0))
        burst = dsp.noise_burst(rng, rate, 0.004 + 0.002 * size, 0.0008 * size, low=1200.0)
        dsp.add_at(crackle, int(t * rate), dsp.pan(burst * size, float(rng.uniform(-0.6, 0.6))))
    for t in dsp.event_times(rng, duration, 1.6):
        freq = float(rng.uniform(700.0, 1800.0))
        pop = dsp.strike(rng, rate, [freq, freq * 2.3], [0.05, 0.03], [1.0, 0.5], 0.06)
        snap = dsp.noise_burst(rng, rate, 0.01, 0.002, low=2000.0)
        pop[: snap.size] += 0.7 * snap[: pop.size]
        dsp.add_at(crackle, int(t * rate), dsp.pan(pop * rng.uniform(1.0, 3.0),
                                                   float(rng.uniform(-0.5, 0.5))))
    # Crackles are sparse: scaled by their peak, not by their mostly silent RMS.
    crackle = crackle / (np.max(np.abs(crackle)) + 1e-12)
    out = 0.8 * dsp.unit_rms(roar) + 0.25 * dsp.unit_rms(hiss) + 3.0 * crackle
    return dsp.reverb(rng, out, rate, rt60=0.5, wet=0.15, damping=0.5)


def storm(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A full storm: heavy rain driven by strong gusting wind, with thunder rolling through."""
    heavy = dsp.unit_rms(rain(rng, n, rate, "heavy"))
    gusts = dsp.unit_rms(wind(rng, n, rate, "strong"))
    claps = thunder(rng, n, rate, "near")
    # Thunder is sparse, so it is scaled by its peak rather than its (mostly silent) RMS.
    claps = claps / (np.max(np.abs(claps)) + 1e-12) * 4.0
    return np.asarray(heavy + 0.8 * gusts + claps)
