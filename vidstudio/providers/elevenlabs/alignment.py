"""Text chunking for long narration and sentence timings from a character alignment.

Pure functions (no I/O), so they are tested directly.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pysbd  # type: ignore[import-untyped]
from pysbd.languages import LANGUAGE_CODES  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from collections.abc import Sequence

# Languages pysbd lacks are segmented with English rules, which still split on the usual
# terminal punctuation.
_PYSBD_LANGUAGES = frozenset(LANGUAGE_CODES)


@functools.lru_cache(maxsize=8)
def _segmenter(language: str) -> pysbd.Segmenter:
    lang = language.split("-")[0].split("_")[0].lower()
    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGUAGES else "en", clean=False,
                           char_span=True)


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of each sentence of ``text`` (whitespace excluded)."""
    spans: list[tuple[int, int]] = []
    for piece in _segmenter(language).segment(text):
        start, end = piece.start, piece.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def chunk_text(text: str, max_chars: int, language: str = "en") -> list[str]:
    """Split ``text`` into pieces of at most ``max_chars``, at sentence ends where possible
    and at spaces inside a sentence that is too long on its own."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return [text] if text else []
    sentences: list[str] = []
    for start, end in sentence_spans(text, language):
        sentence = text[start:end]
        while len(sentence) > max_chars:
            cut = sentence.rfind(" ", 0, max_chars + 1)
            cut = cut if cut > 0 else max_chars
            sentences.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            sentences.append(sentence)
    chunks: list[str] = []
    current = ""
    for sentence in sentences:
        candidate = f"{current} {sentence}" if current else sentence
        if len(candidate) <= max_chars:
            current = candidate
        else:
            chunks.append(current)
            current = sentence
    if current:
        chunks.append(current)
    return chunks


@dataclass
class Alignment:
    """Characters with their start and end times in seconds, in speaking order."""

    characters: list[str]
    starts: list[float]
    ends: list[float]

    @classmethod
    def empty(cls) -> Alignment:
        return cls([], [], [])

    def extend(self, characters: Sequence[str], starts: Sequence[float],
               ends: Sequence[float], offset: float) -> None:
        """Append another chunk's alignment shifted by ``offset`` seconds, with a space
        between chunks so sentences do not run together."""
        if not (len(characters) == len(starts) == len(ends)):
            raise ValueError("the alignment's lists differ in length")
        if self.characters and characters:
            self.characters.append(" ")
            self.starts.append(offset)
            self.ends.append(offset)
        self.characters.extend(characters)
        self.starts.extend(float(s) + offset for s in starts)
        self.ends.extend(float(e) + offset for e in ends)


def sentences_from_alignment(alignment: Alignment, *, language: str = "en",
                             time_scale: float = 1.0,
                             duration: float | None = None) -> list[dict[str, object]]:
    """``[{"text", "start", "end"}]`` for each sentence of the aligned text.

    A sentence starts when its first character starts and ends when its last one ends. Times
    are multiplied by ``time_scale`` (``1 / tempo`` after speeding speech up) and clipped to
    ``duration`` when given.
    """
    text = "".join(alignment.characters)
    if len(text) != len(alignment.characters):
        # Some aligners emit multi-character entries; fall back to one entry per position.
        text = "".join(c[:1] or " " for c in alignment.characters)
    sentences: list[dict[str, object]] = []
    for start, end in sentence_spans(text, language):
        t0 = alignment.starts[start] * time_scale
        t1 = max(alignment.ends[end - 1] * time_scale, t0)
        if duration is not None:
            # To the millisecond, never past the end: 2.8327 s of sound ends at 2.832, not 2.833.
            last = math.floor(duration * 1000) / 1000
            t0, t1 = min(t0, last), min(t1, last)
        sentences.append({"text": text[start:end], "start": round(t0, 3), "end": round(t1, 3)})
    return sentences
