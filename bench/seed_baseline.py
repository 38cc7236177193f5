"""The seed project's way of exporting, kept as the benchmark's baseline.

It composites in Python with moviepy 2: every clip is decoded to numpy frames,
``concatenate_videoclips`` joins them, the sound beds and narration are laid on a
``CompositeAudioClip``, and ``write_videofile`` re-encodes everything with its defaults
(libx264 ``medium``). No ducking and no loudness normalisation: the seed had neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

NARRATION_LEAD = 0.3


@dataclass(frozen=True)
class SeedScene:
    clip: Path
    duration: float
    bed: Path | None = None
    narration: Path | None = None


def render_with_moviepy(scenes: Sequence[SeedScene], output: Path, *,
                        narration_volume: float = 1.0, bed_volume: float = 0.8) -> None:
    """Render ``scenes`` to ``output`` the way the seed did (blocking, slow)."""
    from moviepy import (  # type: ignore[import-untyped]
        AudioFileClip,
        CompositeAudioClip,
        VideoFileClip,
        concatenate_videoclips,
    )

    opened: list[Any] = []
    videos: list[Any] = []
    sounds: list[Any] = []
    start = 0.0
    try:
        for scene in scenes:
            video = VideoFileClip(str(scene.clip), audio=False)
            opened.append(video)
            videos.append(video.subclipped(0, min(scene.duration, video.duration)))
            if scene.bed is not None:
                bed = AudioFileClip(str(scene.bed))
                opened.append(bed)
                sounds.append(bed.subclipped(0, min(scene.duration, bed.duration))
                              .with_volume_scaled(bed_volume).with_start(start))
            if scene.narration is not None:
                speech = AudioFileClip(str(scene.narration))
                opened.append(speech)
                room = scene.duration - NARRATION_LEAD
                sounds.append(speech.subclipped(0, min(room, speech.duration))
                              .with_volume_scaled(narration_volume)
                              .with_start(start + NARRATION_LEAD))
            start += scene.duration
        film = concatenate_videoclips(videos)
        if sounds:
            film = film.with_audio(CompositeAudioClip(sounds).with_duration(film.duration))
        film.write_videofile(str(output), logger=None)
    finally:
        for clip in opened:
            clip.close()
