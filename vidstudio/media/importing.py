"""Checking a user's own file before it becomes a take: a clip, a sound bed, a narration or a
keyframe.

``inspect_import`` probes the file with ffmpeg, decodes a little of it, and either returns what
storing it as a take needs (an :class:`ImportedMedia`) or raises :class:`UnusableMediaError`
whose message is one line meant for the user ("beach.mov has no picture: import it as sfx or
narration"). It never changes the file; copying it into the project is the caller's job.
Blocking (it runs ffmpeg): call it from a worker thread (``asyncio.to_thread``) or the CLI.
"""

from __future__ import annotations

import math
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from vidstudio.media.ffmpeg import FFmpegError, MediaInfo, StreamInfo, ffmpeg_exe, probe

ImportKind = Literal["clip", "sfx", "narration", "first_frame", "last_frame"]
IMPORT_KINDS: tuple[str, ...] = get_args(ImportKind)

# Longest file accepted per kind: a scene lasts 5 or 9 s, so anything beyond this is almost
# certainly the wrong file, and it would be decoded in full by every export.
MAX_SECONDS: dict[str, float] = {"clip": 600.0, "sfx": 600.0, "narration": 600.0}
MIN_SIDE = 16  # pixels; anything smaller is not a picture anyone meant to use
MAX_SIDE = 8192
_STILL_FORMATS = frozenset({"image2", "gif"})
_DECODE_TIMEOUT_S = 60


class UnusableMediaError(ValueError):
    """The file cannot be used for the slot asked for; ``str()`` is one line saying why."""


@dataclass(frozen=True)
class ImportedMedia:
    """What a take needs to know about an imported file.

    Attributes:
        path: the file inspected (unchanged).
        kind: the slot it was checked for.
        suffix: the extension to store it under, lower case (``.mp4``, ``.wav``, ``.png``...).
        duration: seconds of media; 0 for a still picture.
        size_bytes: the file's size.
        width, height: the picture as shown (rotation applied); 0 without a picture.
        fps: the picture's frame rate; 0 for a still or without a picture.
        has_video, has_audio: whether it carries a (moving or still) picture / sound.
        video_codec, audio_codec: ffmpeg's codec names, ``""`` when absent.
        sample_rate, channels: of the sound; 0 without sound.
        container: ffmpeg's name of the container format.
        notes: things the user should know that do not stop the import.
    """

    path: Path
    kind: ImportKind
    suffix: str
    duration: float
    size_bytes: int
    width: int = 0
    height: int = 0
    fps: float = 0.0
    has_video: bool = False
    has_audio: bool = False
    video_codec: str = ""
    audio_codec: str = ""
    sample_rate: int = 0
    channels: int = 0
    container: str = ""
    notes: tuple[str, ...] = ()

    def metadata(self) -> dict[str, Any]:
        """The facts worth keeping in the take's ``metadata`` (JSON-friendly)."""
        found: dict[str, Any] = {"imported_from": self.path.name,
                                 "duration": round(self.duration, 3),
                                 "size_bytes": self.size_bytes, "container": self.container}
        if self.has_video:
            found.update(width=self.width, height=self.height, video_codec=self.video_codec)
            if self.fps:
                found["fps"] = round(self.fps, 3)
        if self.has_audio:
            found.update(audio_codec=self.audio_codec, sample_rate=self.sample_rate,
                         channels=self.channels)
        return found


def _clock(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else \
        f"{rest // 60}:{rest % 60:02d}"


def _check_file(path: Path) -> int:
    name = path.name
    if not path.exists():
        raise UnusableMediaError(f"{path}: no such file")
    if path.is_dir():
        raise UnusableMediaError(f"{name} is a folder, not a media file")
    if not path.is_file():
        raise UnusableMediaError(f"{name} is not a regular file")
    if not os.access(path, os.R_OK):
        raise UnusableMediaError(f"{name} cannot be read (permission denied)")
    try:
        with open(path, "rb") as handle:
            handle.read(1)
        size = path.stat().st_size
    except OSError as exc:
        raise UnusableMediaError(f"{name} cannot be read ({exc.strerror or exc})") from exc
    if size == 0:
        raise UnusableMediaError(f"{name} is empty")
    return size


def _is_still(info: MediaInfo) -> bool:
    fmt = info.format_name.split(",")[0]
    return fmt.endswith("_pipe") or (fmt in _STILL_FORMATS and info.duration <= 0.05)


def _decode_check(path: Path, stream: str, seconds: float | None) -> None:
    """Decode the start of ``stream`` (``v``/``a``); a file whose media is damaged or in a
    codec this ffmpeg cannot decode fails here rather than in the middle of an export."""
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path),
            "-map", f"0:{stream}:0"]
    args += ["-frames:v", "1"] if seconds is None else ["-t", f"{seconds:g}"]
    try:
        proc = subprocess.run([*args, "-f", "null", "-"], capture_output=True, text=True,
                              errors="replace", check=False, timeout=_DECODE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise UnusableMediaError(f"{path.name} takes too long to decode") from None
    what = "picture" if stream == "v" else "sound"
    lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
    if proc.returncode != 0:
        detail = lines[-1] if lines else f"ffmpeg exited with {proc.returncode}"
        raise UnusableMediaError(f"the {what} of {path.name} cannot be decoded ({detail})")


def _measured(path: Path, info: MediaInfo, stream: str) -> float:
    """The duration, decoding the stream when the header does not say (raw streams)."""
    if info.duration > 0:
        return info.duration
    try:
        proc = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path),
             "-map", f"0:{stream}:0", "-progress", "pipe:1", "-nostats", "-f", "null", "-"],
            capture_output=True, text=True, errors="replace", check=False,
            timeout=_DECODE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise UnusableMediaError(f"{path.name} takes too long to decode") from None
    times = [line.split("=", 1)[1] for line in proc.stdout.splitlines()
             if line.startswith("out_time_us=")]
    try:
        return max(0.0, int(times[-1]) / 1e6) if times else 0.0
    except ValueError:
        return 0.0


def _suffix(path: Path, info: MediaInfo, still: bool) -> str:
    suffix = path.suffix.lower()
    if suffix and len(suffix) <= 6 and suffix[1:].isalnum():
        return suffix
    fmt = info.format_name.split(",")[0]
    if still:
        return "." + fmt.removesuffix("_pipe").replace("image2", "jpg")
    return {"mov": ".mov", "matroska": ".mkv", "mp3": ".mp3", "wav": ".wav", "ogg": ".ogg",
            "flac": ".flac", "avi": ".avi"}.get(fmt, ".mp4" if info.video else ".m4a")


def _shown_size(stream: StreamInfo) -> tuple[int, int]:
    """Width and height as a player shows them: pixel aspect and rotation applied."""
    width = round(stream.width * stream.sar[0] / stream.sar[1])
    if stream.rotation in (90, 270):
        return stream.height, width
    return width, stream.height


def _check_picture(name: str, stream: StreamInfo) -> None:
    if not stream.width or not stream.height:
        raise UnusableMediaError(f"{name}: the size of its picture cannot be read")
    if min(stream.width, stream.height) < MIN_SIDE:
        raise UnusableMediaError(f"{name} is only {stream.width}x{stream.height} pixels")
    if max(stream.width, stream.height) > MAX_SIDE:
        raise UnusableMediaError(f"{name} is {stream.width}x{stream.height} pixels; the "
                                 f"largest usable picture is {MAX_SIDE} pixels a side")


def _check_length(name: str, kind: str, seconds: float, limit: float | None) -> None:
    if not math.isfinite(seconds) or seconds <= 0.0:
        raise UnusableMediaError(f"{name} has zero length")
    limit = MAX_SECONDS.get(kind) if limit is None else limit
    if limit is not None and seconds > limit:
        raise UnusableMediaError(f"{name} lasts {_clock(seconds)}; a {kind} may last at most "
                                 f"{_clock(limit)}")


def inspect_import(path: Path, kind: ImportKind, *,
                   max_seconds: float | None = None) -> ImportedMedia:
    """Check that ``path`` can fill a slot of ``kind`` and describe it.

    * ``clip``: a moving picture (any container and codec ffmpeg decodes; the export
      conforms it), at most ``MAX_SECONDS["clip"]`` long; its own sound is kept.
    * ``sfx`` / ``narration``: sound (a video file's sound track is accepted).
    * ``first_frame`` / ``last_frame``: one still picture (PNG, JPEG, WebP, ...).

    Args:
        path: the user's file.
        kind: the slot it is meant for.
        max_seconds: overrides the longest accepted duration for ``kind``.

    Raises:
        UnusableMediaError: the file is missing, empty, unreadable, not media, lacks what the
            slot needs (no picture, no sound, an animation for a keyframe), cannot be decoded,
            has zero length or is too long. The message is one line.
        ValueError: ``kind`` is not one of ``IMPORT_KINDS``.
    """
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}; choose one of "
                         f"{', '.join(IMPORT_KINDS)}")
    path = Path(path)
    size = _check_file(path)
    name = path.name
    try:
        info = probe(path)
    except FFmpegError:
        raise UnusableMediaError(f"{name} is not a picture, video or sound file that "
                                 f"ffmpeg can read") from None
    video, audio = info.video, info.audio
    still = video is not None and (_is_still(info) or video.attached_pic)
    notes: list[str] = []

    if kind in ("first_frame", "last_frame"):
        if video is None or video.attached_pic:
            raise UnusableMediaError(f"{name} has no picture: a {kind.replace('_', ' ')} is "
                                     f"a still image (PNG, JPEG, WebP)")
        if not still:
            raise UnusableMediaError(f"{name} is a moving picture: a "
                                     f"{kind.replace('_', ' ')} is one still image")
        _check_picture(name, video)
        _decode_check(path, "v", None)
        duration = 0.0
    elif kind == "clip":
        if video is None or video.attached_pic:
            hint = ": import it as sfx or narration" if audio is not None else ""
            raise UnusableMediaError(f"{name} has no picture{hint}")
        if still:
            raise UnusableMediaError(f"{name} is a still image: import it as a first or last "
                                     f"frame")
        _check_picture(name, video)
        duration = _measured(path, info, "v")
        _check_length(name, kind, duration, max_seconds)
        _decode_check(path, "v", None)
        if audio is not None:
            _decode_check(path, "a", 1.0)
        if video.interlaced:
            notes.append(f"{name} is interlaced; the export deinterlaces it")
    else:
        if audio is None:
            raise UnusableMediaError(f"{name} has no sound")
        duration = _measured(path, info, "a")
        _check_length(name, kind, duration, max_seconds)
        _decode_check(path, "a", 1.0)
        if video is not None and not video.attached_pic:
            notes.append(f"only the sound of {name} is used")
    has_video = video is not None and kind not in ("sfx", "narration")
    width, height = _shown_size(video) if has_video and video is not None else (0, 0)
    return ImportedMedia(
        path=path, kind=kind, suffix=_suffix(path, info, still), duration=duration,
        size_bytes=size, width=width, height=height,
        fps=video.fps if has_video and video is not None and not still else 0.0,
        has_video=has_video,
        has_audio=audio is not None and kind not in ("first_frame", "last_frame"),
        video_codec=video.codec if has_video and video is not None else "",
        audio_codec=audio.codec if audio is not None else "",
        sample_rate=audio.sample_rate if audio is not None else 0,
        channels=audio.channels if audio is not None else 0,
        container=info.format_name, notes=tuple(notes),
    )
