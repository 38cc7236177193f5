"""Synthesised sounds of machines and struck things: space-station hum, engine, machinery, bells
and footsteps.

Same generator signature as :mod:`nature`: ``(rng, n, rate, variant) -> (n, 2) float64``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from vidstudio.providers.local.sfx import dsp

if TYPE_CHECKING:
    from vidstudio.providers.local.sfx.dsp import Signal


def space_hum(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """Inside a space station: a deep slowly beating drone, life-support air, a faint whine and
    the odd soft telemetry beep."""
    duration = n / rate
    f0 = float(rng.uniform(48.0, 62.0))
    drone = np.zeros(n)
    for k, amp in ((1, 1.0), (2, 0.6), (3, 0.35), (4.02, 0.2), (6.01, 0.1)):
        # Pairs of slightly detuned partials beat slowly, so the hum breathes instead of
        # sitting still like a test tone.
        for detune in (0.0, float(rng.uniform(0.15, 0.5))):
            drone += amp * np.sin(2 * math.pi * (f0 * k + detune) * np.arange(n) / rate
                                  + rng.uniform(0, 6.28))
    air = dsp.lowpass(dsp.colored_noise(rng, n, rate, 1.0), rate, 1200.0)
    whine = dsp.bandpass(dsp.colored_noise(rng, n, rate, 0.0), rate, 2900.0, 3100.0)
    out = 0.8 * dsp.as_stereo(dsp.unit_rms(drone)) + 0.6 * dsp.unit_rms(air)
    out += 0.05 * dsp.unit_rms(whine)
    beeps = np.zeros((n, 2))
    for start in dsp.event_times(rng, duration, 7.0, jitter=0.5):
        f = float(rng.choice([880.0, 1320.0, 1760.0]))
        m = int(0.09 * rate)
        beep = np.sin(2 * math.pi * f * np.arange(m) / rate) * np.hanning(m)
        dsp.add_at(beeps, int(start * rate), dsp.pan(beep, float(rng.uniform(-0.6, 0.6))))
    return out + 0.15 * dsp.reverb(rng, beeps, rate, rt60=0.7, wet=0.4, damping=0.2)


def engine(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A running engine: firing pulses at a wandering rpm, their harmonics, and valve noise."""
    firing = float(rng.uniform(28.0, 45.0)) * (1.0 + 0.04 * dsp.lfo(rng, n, rate, 0.3))
    phase = np.cumsum(firing) / rate
    # Each combustion is a sharp pulse that decays within its cycle; the per-cycle jitter of
    # its strength is what makes an engine sound alive rather than like a buzzer.
    cycle = phase % 1.0
    strength = rng.uniform(0.7, 1.0, size=int(phase[-1]) + 2)[phase.astype(int)]
    pulses = np.exp(-cycle * 9.0) * strength
    body = dsp.lowpass(pulses - pulses.mean(), rate, 900.0, order=3)
    harmonics = dsp.tone(rate, firing, n, harmonics=(1.0, 0.5, 0.3, 0.2))
    valves = dsp.bandpass(dsp.white(rng, n, 1), rate, 1000.0, 4000.0) * pulses
    mono = dsp.unit_rms(body) + 0.5 * dsp.unit_rms(harmonics) + 0.2 * dsp.unit_rms(valves)
    out = dsp.pan(mono, 0.0) + 0.15 * dsp.lowpass(dsp.colored_noise(rng, n, rate, 2.0), rate,
                                                   200.0)
    return dsp.widen(rng, out, 0.3)


def _metal_hit(rng: np.random.Generator, rate: int, base: float, length: float) -> Signal:
    # Ratios of a free metal plate: inharmonic, which is what reads as "metal".
    ratios = [1.0, 2.76, 5.40, 8.93]
    return dsp.strike(rng, rate, [base * r for r in ratios],
                      [length, length * 0.7, length * 0.5, length * 0.3],
                      [1.0, 0.6, 0.35, 0.2], length)


def machinery(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A workshop or factory: a motor with its whine, and a mechanism clanking and hissing in a
    steady cycle, in a large hard room."""
    duration = n / rate
    mains = float(rng.choice([100.0, 120.0]))
    motor = dsp.tone(rate, mains * (1.0 + 0.003 * dsp.lfo(rng, n, rate, 0.5)), n,
                     harmonics=(1.0, 0.5, 0.4, 0.2))
    whine = dsp.tone(rate, float(rng.uniform(700.0, 1400.0)), n) * 0.3
    out = dsp.as_stereo(dsp.unit_rms(motor) * 0.6 + whine)
    out += 0.3 * dsp.lowpass(dsp.colored_noise(rng, n, rate, 1.5), rate, 800.0)
    period = float(rng.uniform(0.8, 1.6))
    clank_base = float(rng.uniform(250.0, 600.0))
    events = np.zeros((n, 2))
    for i, start in enumerate(dsp.event_times(rng, duration, period, jitter=0.05,
                                              first=float(rng.uniform(0.05, 0.3)))):
        hit = _metal_hit(rng, rate, clank_base * (1.0 if i % 2 else 1.12), 0.25)
        thud = dsp.noise_burst(rng, rate, 0.03, 0.008, high=400.0)
        hit[: thud.size] += 2.0 * thud[: hit.size]
        dsp.add_at(events, int(start * rate), dsp.pan(hit, -0.3 if i % 2 else 0.3))
        hiss = dsp.noise_burst(rng, rate, period * 0.4, period * 0.15, low=2000.0, high=7000.0)
        dsp.add_at(events, int((start + period * 0.5) * rate), dsp.pan(hiss * 0.12, 0.1))
    out = dsp.unit_rms(out) + 1.2 * dsp.unit_rms(events)
    return dsp.reverb(rng, out, rate, rt60=1.6, wet=0.3, damping=0.4)


def bells(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """A tolling bell (or a small chime when ``variant`` is ``"chime"``) with the partials of a
    real church bell: hum, prime, minor third, fifth and nominal."""
    duration = n / rate
    small = variant == "chime"
    strike_f = float(rng.uniform(600.0, 1100.0) if small else rng.uniform(180.0, 330.0))
    ratios = [0.5, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.2]
    amps = [0.6, 1.0, 0.8, 0.4, 0.7, 0.25, 0.2, 0.1]
    ring = 2.5 if small else 6.0
    decays = [ring * (1.6 if r < 1 else 1.0 / math.sqrt(r)) for r in ratios]
    out = np.zeros((n, 2))
    gap = float(rng.uniform(0.9, 1.6) if small else rng.uniform(2.8, 4.5))
    first = float(rng.uniform(0.02, 0.3))
    for i, start in enumerate(dsp.event_times(rng, duration, gap, jitter=0.05, first=first)):
        f = strike_f * (1.0 if not small else float(rng.choice([1.0, 1.25, 1.5, 2.0])))
        tone_ = dsp.strike(rng, rate, [f * r for r in ratios], decays, amps, min(ring * 1.6, 10),
                           detune_hz=0.7)
        clang = dsp.noise_burst(rng, rate, 0.02, 0.004, low=1500.0)
        tone_[: clang.size] += 0.5 * clang
        dsp.add_at(out, int(start * rate), dsp.pan(tone_ * (0.85 + 0.15 * (i % 2)), 0.1))
    return dsp.reverb(rng, out, rate, rt60=2.5, wet=0.3, damping=0.5)


def footsteps(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """Someone walking; ``variant`` picks the surface: ``"metal"`` (iron stairs, ringing),
    ``"gravel"`` (crunching), ``"wood"`` or a hard floor by default."""
    duration = n / rate
    climbing = "stairs" in variant
    surface = variant.replace("stairs", "").strip(" -")
    interval = float(rng.uniform(0.6, 0.72) if climbing else rng.uniform(0.5, 0.6))
    out = np.zeros((n, 2))
    first = float(rng.uniform(0.05, 0.25))
    for i, start in enumerate(dsp.event_times(rng, duration, interval, jitter=0.08,
                                              first=first)):
        weight = float(rng.uniform(0.75, 1.0)) * (1.0 if i % 2 else 0.85)
        thump_f = float(rng.uniform(70.0, 120.0))
        step = dsp.strike(rng, rate, [thump_f, thump_f * 1.9], [0.06, 0.04], [1.0, 0.3], 0.12)
        step += 0.6 * dsp.noise_burst(rng, rate, 0.12, 0.01, high=900.0)
        scuff_at = int(float(rng.uniform(0.05, 0.09)) * rate)
        scuff = dsp.noise_burst(rng, rate, 0.05, 0.012, low=1500.0, high=8000.0)
        if surface == "gravel":
            scuff = np.zeros(int(0.16 * rate))
            for _ in range(40):
                at = int(rng.uniform(0.0, 0.14) * rate)
                grain = dsp.noise_burst(rng, rate, 0.004, 0.0008, low=2000.0)
                scuff[at: at + grain.size] += grain[: scuff.size - at] * rng.uniform(0.2, 1.0)
        elif surface == "metal":
            ring = _metal_hit(rng, rate, float(rng.uniform(320.0, 520.0)), 0.45)
            step = np.pad(step, (0, max(0, ring.size - step.size)))
            step[: ring.size] += 0.8 * ring
        elif surface == "wood":
            creak = dsp.strike(rng, rate, [float(rng.uniform(180, 320))], [0.15], [0.5], 0.18)
            step = np.pad(step, (0, max(0, creak.size - step.size)))
            step[: creak.size] += creak
        total = np.zeros(max(step.size, scuff_at + scuff.size))
        total[: step.size] += step
        total[scuff_at: scuff_at + scuff.size] += 0.5 * scuff
        dsp.add_at(out, int(start * rate), dsp.pan(total * weight, -0.15 if i % 2 else 0.15))
    hard_room = surface == "metal" or climbing
    return dsp.reverb(rng, out, rate, rt60=1.4 if hard_room else 0.6,
                      wet=0.3 if hard_room else 0.18, damping=0.4)
