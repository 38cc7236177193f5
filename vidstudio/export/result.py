"""What an export returns, and the one error it raises for expected failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pathlib import Path

VideoMode = Literal["stream_copy", "normalized", "reencoded", "timeline"]


class ExportError(RuntimeError):
    """An export could not be made; ``str()`` says why in words meant for the user
    (which scene, which file, what ffmpeg said)."""


@dataclass(frozen=True)
class ExportResult:
    """The finished export.

    Attributes:
        output: the file written (MP4 or OTIO).
        duration: its length in seconds, always the sum of the scene durations.
        video_mode: ``stream_copy`` (every clip joined as is), ``normalized`` (some clips were
            first brought to the target, from the cache or fresh, then joined as is),
            ``reencoded`` (transitions or burned-in subtitles) or ``timeline`` (OTIO).
        normalized_scenes: ids of the scenes whose clip was normalised (cached or not).
        cache_hits: normalised clips found in the cache.
        sidecars: subtitle files written beside the output.
        loudness_lufs: integrated loudness of the output audio, measured after encoding.
        true_peak_dbtp: true peak of the output audio, measured after encoding.
        limiter_applied: a true-peak limiter had to act to reach the loudness target.
        sound_reused: the finished sound track was copied from the project's cache (kept by
            an earlier export of the same mix and encoding): no sound was mixed or encoded.
        notes: things the user should know (a missing font, a stale take used, ...).
        elapsed_s: wall time of the export.
        up_to_date: nothing the output depends on changed since it was written, so it was
            left as it was (the other fields are those of the export that wrote it).
    """

    output: Path
    duration: float
    video_mode: VideoMode
    normalized_scenes: tuple[str, ...] = ()
    cache_hits: int = 0
    sidecars: tuple[Path, ...] = ()
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    limiter_applied: bool = False
    sound_reused: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    elapsed_s: float = 0.0
    up_to_date: bool = False
