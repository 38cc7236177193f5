"""The order in which a scene's voice track is heard: the narrator's sentences with the
characters' lines at their places (shared by every narrator; pure functions)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vidstudio.providers.base import SpokenLine

_SENTENCE_END = re.compile(r"(?<=[.!?\u2026\u3002\uff01\uff1f])\s+")


def rough_sentences(text: str) -> list[str]:
    """``text`` cut after each sentence's closing mark (enough to place lines between)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()] if text.strip() else []


def heard_order(sentences: Sequence[str], lines: Sequence[SpokenLine]) -> list[tuple[str, int]]:
    """``("narration", i)`` and ``("line", j)`` in the order they are heard.

    A line goes before the first narration sentence that starts at or after its position (the
    number of narration characters before it, sentences counted as joined by one space), so a
    line placed inside a sentence waits for the sentence to end; position -1 is the end. Lines
    at the same place keep their order.
    """
    def place(j: int) -> float:
        return lines[j].position if lines[j].position >= 0 else math.inf

    queue = sorted(range(len(lines)), key=lambda j: (place(j), j))
    out: list[tuple[str, int]] = []
    start = 0
    for i, sentence in enumerate(sentences):
        while queue and place(queue[0]) <= start:
            out.append(("line", queue.pop(0)))
        out.append(("narration", i))
        start += len(sentence) + 1
    out += [("line", j) for j in queue]
    return out
