"""Media shared by the export tests: generated once per session, small (320x180, 5 s)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.export.media import make_bed, make_clip, make_narration

if TYPE_CHECKING:
    from pathlib import Path

# Narration of a 5 s scene: two sentences with a long pause between them, so the beds must
# come back up in the gap (lead 0.3 s: film times 0.3-1.9 and 3.1-4.5).
SENTENCES: list[dict[str, object]] = [
    {"text": "The lighthouse wakes before the town does.", "start": 0.0, "end": 1.6},
    {"text": "Its beam sweeps the harbour.", "start": 2.8, "end": 4.2},
]
SPANS = [(0.0, 1.6), (2.8, 4.2)]
NARRATION_TEXT = "The lighthouse wakes before the town does. Its beam sweeps the harbour."


@dataclass(frozen=True)
class Media:
    match_a: Path  # 320x180, 24 fps, 5 s: matches the default test target
    match_b: Path
    match_9s: Path  # 9 s at the target format
    odd: Path  # 256x144, 30 fps, 6 s, with sound: needs normalising
    portrait: Path  # 180x320, 4 s: another aspect, and too short
    red: Path
    blue: Path
    grey: Path
    narration: Path  # 4.4 s, speech in SPANS
    bed: Path  # 3 s of 5-10 kHz noise (shorter than a scene: loops)


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    root = tmp_path_factory.mktemp("export-media")
    return Media(
        match_a=make_clip(root / "match_a.mp4"),
        match_b=make_clip(root / "match_b.mp4", source="testsrc"),
        match_9s=make_clip(root / "match_9s.mp4", seconds=9),
        odd=make_clip(root / "odd.mp4", size="256x144", fps=30, seconds=6, audio=True),
        portrait=make_clip(root / "portrait.mp4", size="180x320", seconds=4),
        red=make_clip(root / "red.mp4", source="color=red"),
        blue=make_clip(root / "blue.mp4", source="color=blue"),
        grey=make_clip(root / "grey.mp4", source="color=gray"),
        narration=make_narration(root / "narration.wav", 4.4, SPANS),
        bed=make_bed(root / "bed.wav", 3.0),
    )
