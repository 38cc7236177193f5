"""Synthesised sounds of people and towns: city traffic, crowd murmur, market and room tone.

Same generator signature as :mod:`nature`: ``(rng, n, rate, variant) -> (n, 2) float64``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from vidstudio.providers.local.sfx import dsp

if TYPE_CHECKING:
    from vidstudio.providers.local.sfx.dsp import Signal


def room_tone(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """The quiet of a room: soft air and ventilation, a trace of mains hum, nothing moving."""
    air = dsp.lowpass(dsp.colored_noise(rng, n, rate, 1.0), rate, 1800.0)
    hvac = dsp.bandpass(dsp.colored_noise(rng, n, rate, 2.0), rate, 40.0, 250.0)
    mains = float(rng.choice([50.0, 60.0]))
    hum = dsp.tone(rate, mains, n, harmonics=(1.0, 0.5, 0.3), phase=float(rng.uniform(0, 6)))
    drift = 1.0 + 0.1 * dsp.lfo(rng, n, rate, 0.1)
    out = (0.5 * dsp.unit_rms(air) + 0.8 * dsp.unit_rms(hvac)) * drift[:, None]
    return dsp.widen(rng, out, 0.6) + 0.06 * dsp.as_stereo(dsp.unit_rms(hum))


def _car_pass(rng: np.random.Generator, rate: int, length: float) -> Signal:
    """One vehicle passing: tyre roar and engine note swell, Doppler-drop and sweep across."""
    m = int(length * rate)
    t = np.linspace(-1.0, 1.0, m)
    closeness = 1.0 / (1.0 + (t * float(rng.uniform(2.5, 4.5))) ** 2)
    tyres = dsp.bandpass(dsp.colored_noise(rng, m, rate, 1.0, channels=1), rate, 250.0, 3500.0)
    f0 = float(rng.uniform(28.0, 55.0))
    doppler = 1.0 + 0.05 * np.tanh(-t * 4.0)  # pitch falls as the car goes by
    engine = dsp.tone(rate, f0 * doppler, m, harmonics=(1.0, 0.7, 0.5, 0.35, 0.2, 0.12))
    sound = (dsp.unit_rms(tyres) + 0.5 * dsp.unit_rms(engine)) * closeness
    # Far away a car is dull; close it is bright.
    sound = 0.5 * sound + 0.5 * dsp.lowpass(sound, rate, 700.0)
    direction = float(rng.choice([-1.0, 1.0]))
    return dsp.pan(sound, direction * np.tanh(t * 2.5) * 0.85)


def traffic(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """City traffic: a distant rumble, cars passing by, now and then a horn."""
    duration = n / rate
    rumble = dsp.lowpass(dsp.colored_noise(rng, n, rate, 2.0), rate, 250.0)
    hum = dsp.bandpass(dsp.colored_noise(rng, n, rate, 1.0), rate, 150.0, 1200.0)
    cars = np.zeros((n, 2))
    for start in dsp.event_times(rng, duration + 2.0, 2.2, first=-float(rng.uniform(0.5, 2))):
        length = float(rng.uniform(3.0, 6.0))
        dsp.add_at(cars, int(start * rate), _car_pass(rng, rate, length) * rng.uniform(0.4, 1.0))
        if rng.random() < 0.08:
            note = float(rng.uniform(380.0, 480.0))
            m = int(float(rng.uniform(0.2, 0.6)) * rate)
            horn = dsp.tone(rate, note, m, harmonics=(1.0, 0.6, 0.4, 0.25)) * np.hanning(m)
            dsp.add_at(cars, int((start + length / 2) * rate),
                       dsp.pan(horn * 0.3, float(rng.uniform(-0.7, 0.7))))
    out = 0.6 * dsp.unit_rms(rumble) + 0.35 * dsp.unit_rms(hum) + 1.0 * dsp.unit_rms(cars)
    return dsp.reverb(rng, out, rate, rt60=1.0, wet=0.2, damping=0.6)


def _talk_envelope(rng: np.random.Generator, n: int, rate: int, syllable_rate: float) -> Signal:
    """Speech-like loudness: syllables at ~4-6 per second in spurts separated by pauses."""
    t = np.arange(n) / rate
    wobble = 1.0 + 0.25 * dsp.lfo(rng, n, rate, 1.0)
    phase = np.cumsum(syllable_rate * wobble) / rate + rng.random()
    syllables = np.sin(math.pi * (phase % 1.0)) ** 2
    spurts = np.zeros(n)
    cursor = float(rng.uniform(-2.0, 0.5))
    end = n / rate
    while cursor < end:
        talk = float(rng.uniform(0.8, 3.5))
        spurts[(t >= cursor) & (t < cursor + talk)] = 1.0
        cursor += talk + float(rng.uniform(0.3, 1.8))
    smooth = max(1, int(0.04 * rate))
    spurts = np.convolve(spurts, np.ones(smooth) / smooth, mode="same")
    return syllables * spurts


def _voices(rng: np.random.Generator, n: int, rate: int, count: int, *,
            pitch: tuple[float, float] = (95.0, 240.0), rate_hz: float = 4.5,
            spread: float = 0.9) -> Signal:
    """Many unintelligible voices: voiced buzz plus breath, shaped like speech."""
    out = np.zeros((n, 2))
    for _ in range(count):
        f0 = float(rng.uniform(*pitch))
        intonation = f0 * (1.0 + 0.12 * dsp.lfo(rng, n, rate, 2.0))
        buzz = dsp.tone(rate, intonation, n, harmonics=(1.0, 0.6, 0.45, 0.3, 0.2, 0.12, 0.08))
        breath = dsp.white(rng, n, 1)
        voice = (0.7 * dsp.unit_rms(buzz) + 0.3 * breath)
        voice *= _talk_envelope(rng, n, rate, float(rng.uniform(0.8, 1.2)) * rate_hz)
        out += dsp.pan(voice * float(rng.uniform(0.3, 1.0)), float(rng.uniform(-spread, spread)))
    out = dsp.bandpass(out, rate, 140.0, 3800.0)
    # Vowel-ish formant emphasis so the mix reads as voices, not as filtered noise.
    out = dsp.peak(out, rate, 550.0, 1.2, 6.0)
    return dsp.peak(out, rate, 1600.0, 1.5, 4.0)


def crowd(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """Crowd murmur: a room of people talking, softened by distance and the room."""
    count = 18 if variant != "small" else 7
    # Voices carry nothing above 4 kHz, so they are synthesised at 16 kHz (a third of the work).
    low_rate = 16_000
    talk = _voices(rng, int(n * low_rate / rate) + 16, low_rate, count)
    talk = dsp.lowpass(dsp.resample(talk, low_rate, rate, n), rate, 2800.0)
    murmur = dsp.reverb(rng, talk, rate, rt60=1.1, wet=0.35, damping=0.6)
    bed = dsp.lowpass(dsp.colored_noise(rng, n, rate, 1.5), rate, 600.0)
    return dsp.unit_rms(murmur) + 0.15 * dsp.unit_rms(bed)


def market(rng: np.random.Generator, n: int, rate: int, variant: str = "") -> Signal:
    """An open-air market: a busy murmur, vendors calling out, and the clatter of wares."""
    duration = n / rate
    murmur = dsp.unit_rms(crowd(rng, n, rate))
    calls = np.zeros((n, 2))
    for start in dsp.event_times(rng, duration, 3.5, first=float(rng.uniform(0.1, 1.0))):
        length = float(rng.uniform(0.5, 1.3))
        m = int(length * rate)
        f0 = float(rng.uniform(170.0, 320.0))
        # A call holds long vowels with a rise-fall melody, unlike conversational murmur.
        contour = f0 * (1.0 + 0.2 * np.sin(np.linspace(0.0, math.pi, m)))
        voice = dsp.tone(rate, contour, m, harmonics=(1.0, 0.8, 0.6, 0.5, 0.35, 0.2, 0.1))
        voice *= np.sin(np.linspace(0.0, math.pi * int(rng.integers(1, 4)), m)) ** 2
        voice = dsp.peak(dsp.bandpass(voice, rate, 200.0, 4000.0), rate, 800.0, 1.0, 8.0)
        dsp.add_at(calls, int(start * rate), dsp.pan(dsp.unit_rms(voice) * rng.uniform(0.5, 1),
                                                     float(rng.uniform(-0.8, 0.8))))
    clatter = np.zeros((n, 2))
    for start in dsp.event_times(rng, duration, 0.7):
        if rng.random() < 0.6:  # wooden crates and tables
            f = float(rng.uniform(180.0, 700.0))
            hit = dsp.strike(rng, rate, [f, f * 2.1, f * 3.3], [0.06, 0.04, 0.03],
                             [1.0, 0.5, 0.3], 0.1)
        else:  # coins, pans, scales
            f = float(rng.uniform(2500.0, 5000.0))
            hit = dsp.strike(rng, rate, [f, f * 1.5, f * 2.4], [0.25, 0.18, 0.1],
                             [1.0, 0.6, 0.3], 0.3)
        dsp.add_at(clatter, int(start * rate), dsp.pan(hit * rng.uniform(0.2, 1.0),
                                                       float(rng.uniform(-0.9, 0.9))))
    # Calls and clatter are sparse, so they are scaled by their peaks: a call peaks well above
    # the murmur, as a shout across a market does.
    calls /= np.max(np.abs(calls)) + 1e-12
    clatter /= np.max(np.abs(clatter)) + 1e-12
    extras = dsp.reverb(rng, 6.0 * calls + 4.0 * clatter, rate, rt60=0.8, wet=0.2, damping=0.5)
    return 0.6 * murmur + extras
