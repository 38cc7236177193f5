"""A procedural score: pads, bass and a melodic or rhythmic layer per section, one section per
scene, each exactly its scene's length, so every change of harmony and texture lands on a cut.

:func:`render_score_file` is the unit of work for an executor (a top-level function of plain
values), like the sound designer's.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vidstudio.media import audio
from vidstudio.providers.base import ScoreSection

if TYPE_CHECKING:
    from vidstudio.core.models import Project

SAMPLE_RATE = 48_000
TARGET_LUFS = -20.0
PEAK_CEILING_DB = -1.0
_SEAM_S = 0.04  # the crossfade at a cut: short enough to keep the change on the cut


@dataclass(frozen=True)
class Character:
    """How a section sounds: mode, tempo, brightness (pad harmonics) and energy (rhythm)."""

    name: str
    minor: bool
    tempo: float
    brightness: float
    energy: float


_CHARACTERS = {
    "calm": Character("calm", False, 72.0, 0.35, 0.25),
    "joy": Character("joy", False, 112.0, 0.75, 0.7),
    "tense": Character("tense", True, 100.0, 0.45, 0.85),
    "sad": Character("sad", True, 64.0, 0.25, 0.2),
    "epic": Character("epic", False, 96.0, 0.9, 0.9),
    "mystery": Character("mystery", True, 80.0, 0.3, 0.45),
}
_WORDS = {
    "calm": ("calm", "peace", "serene", "quiet", "gentle", "tender", "warm", "content", "relief"),
    "joy": ("joy", "happy", "hope", "delight", "cheer", "playful", "excite", "love", "wonder"),
    "tense": ("tense", "fear", "anger", "danger", "anx", "urgent", "dread", "panic", "threat"),
    "sad": ("sad", "grief", "melanch", "lonely", "loss", "sorrow", "regret", "nostalg"),
    "epic": ("epic", "triumph", "awe", "brave", "proud", "determin", "heroic", "victory"),
    "mystery": ("myster", "curio", "eerie", "strange", "dark", "suspense", "uncertain"),
}
_MAJOR = (0, 2, 4, 5, 7, 9, 11)
_MINOR = (0, 2, 3, 5, 7, 8, 10)
# Chords as scale degrees; each section starts one step further along, so the harmony turns at
# every cut.
_PROGRESSION = (0, 4, 5, 3)


def character_of(section: ScoreSection) -> Character:
    """The first mood word that names a known character; calm when none does."""
    for mood in section.moods:
        low = mood.lower()
        for name, words in _WORDS.items():
            if any(w in low for w in words):
                return _CHARACTERS[name]
    return _CHARACTERS["calm"]


def sections_of(project: Project) -> list[ScoreSection]:
    """The film's scenes in order, as score sections."""
    return [ScoreSection(float(s.duration), tuple(s.emotions), len(s.characters_named()))
            for s in project.ordered_scenes]


def _rng(seed: int, name: str, index: int) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(name.encode()), index])


def _hz(midi: float) -> float:
    return float(440.0 * 2.0 ** ((midi - 69.0) / 12.0))


def _chord(tonic: int, scale: tuple[int, ...], degree: int) -> list[int]:
    notes = []
    for step in (0, 2, 4):
        d = degree + step
        notes.append(tonic + scale[d % 7] + 12 * (d // 7))
    return notes


def _tone(freq: float, n: int, rate: int, harmonics: int, phase: float) -> np.ndarray:
    t = np.arange(n) / rate
    out = np.zeros(n)
    for k in range(1, harmonics + 1):
        out += np.sin(2 * np.pi * freq * k * t + phase * k) / k
    return out


def _envelope(n: int, rate: int, attack: float, release: float) -> np.ndarray:
    env = np.ones(n)
    a, r = min(n, max(1, int(attack * rate))), min(n, max(1, int(release * rate)))
    env[:a] *= np.linspace(0.0, 1.0, a)
    env[n - r:] *= np.linspace(1.0, 0.0, r)
    return env


def _pluck(freq: float, n: int, rate: int, decay: float) -> np.ndarray:
    t = np.arange(n) / rate
    return (np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)) \
        * np.exp(-t / decay)


def render_section(section: ScoreSection, index: int, tonic: int, seed: int,
                   rate: int = SAMPLE_RATE) -> np.ndarray:
    """One section, stereo, exactly ``section.duration`` long plus a seam to fade over."""
    char = character_of(section)
    rng = _rng(seed, char.name, index)
    frames = max(1, round(section.duration * rate))
    total = frames + int(_SEAM_S * rate)
    out = np.zeros((total, 2))
    scale = _MINOR if char.minor else _MAJOR
    beat = 60.0 / (char.tempo * float(rng.uniform(0.95, 1.05)))
    bar = 4 * beat
    # A chord per four bars at most: the harmony turns mainly at the cuts, so they stand out.
    chords = max(1, int(section.duration / (4 * bar)))
    span = total / chords
    harmonics = 2 + round(5 * char.brightness)
    for c in range(chords):
        degree = _PROGRESSION[(index + c) % len(_PROGRESSION)]
        start, end = int(c * span), int((c + 1) * span) if c + 1 < chords else total
        n = end - start
        env = _envelope(n, rate, 0.02 if c == 0 else 0.25, 0.05)
        delay = int(0.007 * rate)  # width: the right side hears each voice 7 ms later
        for voice, note in enumerate(_chord(tonic + 12, scale, degree)):
            tone = 0.17 * env * _tone(_hz(note), n, rate, harmonics,
                                      float(rng.uniform(0, 6.28)) + voice)
            out[start:end, 0] += tone
            out[start + delay:end, 1] += tone[:n - delay]
        root = _hz(tonic - 12 + scale[degree % 7])
        step = beat if char.energy < 0.5 else beat / 2
        hits = np.arange(start, end, int(step * rate))
        for h in (int(x) for x in hits):
            m = min(int(step * rate), total - h)
            out[h:h + m] += (0.35 * _pluck(root, m, rate, step * 0.8))[:, None]
    # The melodic or rhythmic layer: arpeggios when bright, ticks and a pulse when tense.
    step8 = int(beat / 2 * rate)
    notes = list(scale)
    for k, h in enumerate(range(0, frames, step8)):
        m = min(step8 * 2, total - h)
        if char.energy >= 0.8:
            noise = rng.standard_normal(m) * np.exp(-np.arange(m) / (0.01 * rate))
            out[h:h + m] += 0.08 * noise[:, None]
            if k % 2 == 0:
                kick = _pluck(55.0, m, rate, 0.12)
                out[h:h + m] += 0.4 * kick[:, None]
        elif char.brightness >= 0.5 or rng.random() < 0.35:
            note = tonic + 24 + notes[int(rng.integers(0, 7))]
            pan = float(rng.uniform(0.3, 0.7))
            tone = 0.18 * _pluck(_hz(note), m, rate, 0.25)
            out[h:h + m, 0] += tone * (1 - pan)
            out[h:h + m, 1] += tone * pan
    # A soft swell into the section's first beat marks the cut.
    m = min(int(0.4 * rate), total)
    swell = rng.standard_normal(m) * np.exp(-np.arange(m) / (0.08 * rate))
    out[:m] += 0.05 * swell[:, None]
    level = audio.integrated_loudness(out[:frames], rate)
    if level > audio.SILENCE_LUFS:
        out *= audio.db_to_gain(TARGET_LUFS - 2.0 + 3.0 * char.energy - level)
    return out


def render_score(sections: list[ScoreSection], seed: int,
                 rate: int = SAMPLE_RATE) -> np.ndarray:
    """The whole score, stereo, as long as the sections together; the same for the same
    sections and seed, another for another seed.

    Raises:
        ValueError: no sections, or one of no length.
    """
    if not sections or any(not s.duration > 0 for s in sections):
        raise ValueError("a score needs sections of positive length")
    tonic = 45 + int(_rng(seed, "key", 0).integers(0, 12))  # A2 .. G#3
    lengths = [max(1, round(s.duration * rate)) for s in sections]
    out = np.zeros((sum(lengths) + int(_SEAM_S * rate), 2))
    seam = int(_SEAM_S * rate)
    at = 0
    for index, (section, frames) in enumerate(zip(sections, lengths, strict=True)):
        part = render_section(section, index, tonic, seed, rate)
        if index:  # fade in over the previous section's tail: no gap, no dip at the cut
            part[:seam] *= np.linspace(0.0, 1.0, seam)[:, None]
        part[frames:] *= np.linspace(1.0, 0.0, part.shape[0] - frames)[:, None]
        out[at:at + part.shape[0]] += part
        at += frames
    out = np.asarray(out[:at], dtype=np.float64)
    out = np.asarray(audio.fade(out, rate, fade_in=0.05, fade_out=min(1.5, at / rate / 4)),
                     dtype=np.float64)
    return np.asarray(audio.normalize_loudness(out, rate, TARGET_LUFS,
                                               peak_ceiling_db=PEAK_CEILING_DB))


def render_score_file(sections: list[ScoreSection], seed: int, path: str) -> dict[str, Any]:
    """Render the score to a 48 kHz stereo WAV at ``path``; return what was written."""
    score = render_score(sections, seed, SAMPLE_RATE)
    audio.write_wav(Path(path), score, SAMPLE_RATE)
    return {"loudness_lufs": round(audio.integrated_loudness(score, SAMPLE_RATE), 2),
            "peak_dbfs": round(audio.peak_dbfs(score), 2), "frames": int(score.shape[0]),
            "sample_rate": SAMPLE_RATE,
            "characters": [character_of(s).name for s in sections]}
