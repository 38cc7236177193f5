"""Signal building blocks for the sound-effect synthesiser: coloured noise, filters, slow random
modulation, event scheduling, panning, resonant strikes and a convolution reverb.

All signals are float64 numpy arrays, ``(frames,)`` for mono and ``(frames, 2)`` for stereo, at
the sample rate passed in. Randomness always comes from a ``numpy.random.Generator`` handed in
by the caller, so a seed reproduces a sound exactly.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
import numpy.typing as npt

Signal = npt.NDArray[np.float64]


def rng_for(seed: int, name: str, salt: int = 0) -> np.random.Generator:
    """A generator private to one layer of one take.

    ``crc32`` keeps the stream stable across processes (``hash()`` of a str is salted).
    """
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(name.encode()), salt])


# --------------------------------------------------------------------------------------- noise
def colored_noise(rng: np.random.Generator, n: int, rate: int, exponent: float,
                  channels: int = 2, floor_hz: float = 20.0) -> Signal:
    """Noise whose power falls as ``1 / f**exponent`` (0 white, 1 pink, 2 brown), unit RMS.

    Shaped in the frequency domain, so it is cheap for any exponent; below ``floor_hz`` the
    spectrum is flat, which keeps brown noise from drifting like a DC offset.
    """
    spectrum = np.fft.rfft(rng.standard_normal((n, channels)), axis=0)
    freqs = np.fft.rfftfreq(n, 1.0 / rate)
    shape = np.maximum(freqs, floor_hz) ** (-exponent / 2.0)
    shape[0] = 0.0
    out = np.fft.irfft(spectrum * shape[:, None], n=n, axis=0)
    out /= np.sqrt(np.mean(out * out, axis=0, keepdims=True)) + 1e-12
    return out if channels > 1 else out[:, 0]


def white(rng: np.random.Generator, n: int, channels: int = 2) -> Signal:
    out = rng.standard_normal((n, channels)) if channels > 1 else rng.standard_normal(n)
    return np.asarray(out, dtype=np.float64)


def lfo(rng: np.random.Generator, n: int, rate: int, cutoff_hz: float) -> Signal:
    """Smooth random modulation with no energy above ``cutoff_hz``: zero mean, unit std, mono.

    Built on a coarse grid and interpolated, so very slow modulation costs almost nothing.
    """
    hop = max(1, int(rate / (cutoff_hz * 8.0)))
    points = n // hop + 4
    coarse = np.fft.rfft(rng.standard_normal(points))
    freqs = np.fft.rfftfreq(points, hop / rate)
    coarse[freqs > cutoff_hz] = 0.0
    coarse[0] = 0.0
    curve = np.fft.irfft(coarse, n=points)
    curve /= np.std(curve) + 1e-12
    return np.interp(np.arange(n) / hop, np.arange(points), curve)


# ------------------------------------------------------------------------------------- filters
def bandpass(x: Signal, rate: int, low: float, high: float, order: int = 2) -> Signal:
    from scipy import signal  # imported where used: ~70 MB the render's main process never needs
    nyq = rate / 2.0
    sos = signal.butter(order, [max(1.0, low) / nyq, min(high, nyq * 0.98) / nyq],
                        btype="bandpass", output="sos")
    return np.asarray(signal.sosfilt(sos, x, axis=0), dtype=np.float64)


def lowpass(x: Signal, rate: int, cutoff: float, order: int = 2) -> Signal:
    from scipy import signal
    sos = signal.butter(order, min(cutoff, rate * 0.49) / (rate / 2.0), btype="lowpass",
                        output="sos")
    return np.asarray(signal.sosfilt(sos, x, axis=0), dtype=np.float64)


def highpass(x: Signal, rate: int, cutoff: float, order: int = 2) -> Signal:
    from scipy import signal
    sos = signal.butter(order, max(1.0, cutoff) / (rate / 2.0), btype="highpass", output="sos")
    return np.asarray(signal.sosfilt(sos, x, axis=0), dtype=np.float64)


def peak(x: Signal, rate: int, freq: float, q: float, gain_db: float) -> Signal:
    """A peaking EQ band (RBJ cookbook biquad) to colour a sound, e.g. a vowel formant."""
    from scipy import signal
    a = 10.0 ** (gain_db / 40.0)
    w0 = 2.0 * math.pi * freq / rate
    alpha = math.sin(w0) / (2.0 * q)
    b = np.array([1 + alpha * a, -2 * math.cos(w0), 1 - alpha * a])
    den = np.array([1 + alpha / a, -2 * math.cos(w0), 1 - alpha / a])
    return np.asarray(signal.lfilter(b / den[0], den / den[0], x, axis=0), dtype=np.float64)


# ------------------------------------------------------------------------------------- shaping
def as_stereo(x: Signal) -> Signal:
    return x if x.ndim == 2 else np.stack([x, x], axis=1)


def pan(mono: Signal, position: float | Signal) -> Signal:
    """Equal-power pan; ``position`` -1 (left) .. 1 (right), constant or one value per frame."""
    angle = (np.clip(position, -1.0, 1.0) + 1.0) * (math.pi / 4.0)
    return np.stack([mono * np.cos(angle), mono * np.sin(angle)], axis=1)


def widen(rng: np.random.Generator, stereo: Signal, amount: float = 0.3) -> Signal:
    """Mix a little of each channel into the other so independent noises do not sound split."""
    left, right = stereo[:, 0], stereo[:, 1]
    keep = 1.0 - amount / 2.0
    return np.stack([keep * left + amount / 2.0 * right, keep * right + amount / 2.0 * left],
                    axis=1)


def envelope_ar(n: int, rate: int, attack: float, decay: float) -> Signal:
    """Attack (raised cosine) then exponential decay to -60 dB over ``decay`` seconds."""
    t = np.arange(n) / rate
    rise = np.clip(t / max(attack, 1e-4), 0.0, 1.0)
    rise = 0.5 - 0.5 * np.cos(np.pi * rise)
    fall = np.exp(-6.91 * np.maximum(0.0, t - attack) / max(decay, 1e-4))
    return rise * fall


def add_at(out: Signal, start: int, event: Signal) -> None:
    """Add ``event`` into ``out`` from frame ``start``; parts falling outside are dropped."""
    if start >= out.shape[0] or start + event.shape[0] <= 0:
        return
    lo = max(0, start)
    hi = min(out.shape[0], start + event.shape[0])
    ev = event[lo - start: hi - start]
    if out.ndim == 2 and ev.ndim == 1:
        ev = ev[:, None]
    out[lo:hi] += ev


def event_times(rng: np.random.Generator, duration: float, mean_gap: float, *,
                jitter: float = 1.0, first: float | None = None) -> list[float]:
    """Start times (seconds) of events spaced ``mean_gap`` apart on average.

    ``jitter`` 1.0 gives a Poisson process, 0.0 a metronome. ``first`` fixes the first event
    (otherwise it falls within the first gap), so even a short sound gets at least one event.
    """
    times: list[float] = []
    t = first if first is not None else float(rng.uniform(0.0, min(mean_gap, duration * 0.5)))
    while t < duration:
        times.append(t)
        random_gap = float(rng.exponential(mean_gap))
        t += max(0.02, (1.0 - jitter) * mean_gap + jitter * random_gap)
    return times


def strike(rng: np.random.Generator, rate: int, freqs: list[float], decays: list[float],
           amps: list[float], length: float, *, detune_hz: float = 0.0) -> Signal:
    """A struck resonant body: decaying partials (bells, metal, wood, clatter).

    ``detune_hz`` splits each partial into two slightly different ones, the slow beating heard
    in real bells.
    """
    n = max(1, int(length * rate))
    t = np.arange(n) / rate
    out = np.zeros(n)
    for freq, decay, amp in zip(freqs, decays, amps, strict=True):
        if freq >= rate / 2.0:
            continue
        env = np.exp(-6.91 * t / decay)
        phase = rng.uniform(0, 2 * math.pi)
        tone = np.sin(2 * math.pi * freq * t + phase)
        if detune_hz:
            tone = 0.5 * (tone + np.sin(2 * math.pi * (freq + detune_hz) * t + phase))
        out += amp * env * tone
    attack = min(n, max(1, int(0.002 * rate)))
    out[:attack] *= np.linspace(0.0, 1.0, attack)
    return out


def noise_burst(rng: np.random.Generator, rate: int, length: float, decay: float,
                low: float = 0.0, high: float = 0.0) -> Signal:
    """A short decaying noise burst (a tick, a crackle, a scuff), optionally band-limited."""
    n = max(8, int(length * rate))
    burst = rng.standard_normal(n) * np.exp(-np.arange(n) / (decay * rate))
    if low and high:
        burst = bandpass(burst, rate, low, high)
    elif high:
        burst = lowpass(burst, rate, high)
    elif low:
        burst = highpass(burst, rate, low)
    return burst


def tone(rate: int, freq: Signal | float, n: int, harmonics: tuple[float, ...] = (1.0,),
         phase: float = 0.0) -> Signal:
    """A harmonic tone following a frequency curve (Hz per frame), by phase integration."""
    f = np.broadcast_to(np.asarray(freq, dtype=np.float64), (n,))
    base = phase + 2.0 * math.pi * np.cumsum(f) / rate
    out = np.zeros(n)
    for k, amp in enumerate(harmonics, start=1):
        if amp:
            out += amp * np.sin(k * base) * (k * f < rate / 2.0)
    return out


# -------------------------------------------------------------------------------------- reverb
def reverb(rng: np.random.Generator, x: Signal, rate: int, *, rt60: float, wet: float,
           predelay: float = 0.012, damping: float = 0.5, early: int = 8) -> Signal:
    """A convolution reverb with a synthesised impulse response.

    The response is a handful of early reflections followed by decorrelated stereo noise that
    decays to -60 dB in ``rt60`` seconds; ``damping`` makes high frequencies die faster (0 none,
    1 strong), as air and soft walls do.
    """
    from scipy import signal
    stereo = as_stereo(x)
    n_ir = int((rt60 * 1.1 + predelay) * rate)
    t = np.arange(n_ir) / rate
    tail = rng.standard_normal((n_ir, 2))
    low_part = lowpass(tail, rate, 2500.0)
    high_part = tail - low_part
    late = max(rt60 * (1.0 - 0.7 * damping), 0.05)
    ir = (low_part * np.exp(-6.91 * t / rt60)[:, None]
          + high_part * np.exp(-6.91 * t / late)[:, None])
    onset = int(predelay * rate)
    ir[:onset] = 0.0
    # The diffuse tail fades in over ~30 ms while the first discrete reflections arrive.
    build = min(n_ir - onset, max(1, int(0.03 * rate)))
    ir[onset:onset + build] *= np.linspace(0.0, 1.0, build)[:, None]
    for _ in range(early):
        tap = onset + int(rng.uniform(0.0, 0.05) * rate)
        if tap < n_ir:
            ir[tap] += rng.uniform(0.2, 0.6) * rng.choice([-1.0, 1.0], size=2)
    ir /= np.sqrt(np.sum(ir * ir, axis=0, keepdims=True)) + 1e-12
    wet_sig = signal.oaconvolve(stereo, ir, axes=0)[: stereo.shape[0]]
    # Match the wet level to the dry one so ``wet`` is a true balance, not a level change.
    dry_rms = np.sqrt(np.mean(stereo * stereo)) + 1e-12
    wet_rms = np.sqrt(np.mean(wet_sig * wet_sig)) + 1e-12
    return np.asarray((1.0 - wet) * stereo + wet * wet_sig * (dry_rms / wet_rms))


def unit_rms(x: Signal) -> Signal:
    """Scale to RMS 1 (unchanged if silent)."""
    rms = float(np.sqrt(np.mean(x * x))) if x.size else 0.0
    return x / rms if rms > 1e-12 else x


def resample(x: Signal, src_rate: int, dst_rate: int, n: int) -> Signal:
    """Polyphase resampling to ``dst_rate``, cut or zero-padded to exactly ``n`` frames."""
    from scipy import signal
    g = math.gcd(int(src_rate), int(dst_rate))
    out = signal.resample_poly(x, dst_rate // g, src_rate // g, axis=0)[:n]
    if out.shape[0] < n:
        out = np.pad(out, [(0, n - out.shape[0])] + [(0, 0)] * (out.ndim - 1))
    return np.asarray(out)
