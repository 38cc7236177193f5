"""Locating and running ffmpeg, and probing media without ffprobe.

imageio-ffmpeg ships a static ffmpeg but no ffprobe, so probing parses ``ffmpeg -i`` output.
``run_ffmpeg`` is the one way the code base runs ffmpeg: asynchronously, with ``-progress`` parsed
into a fraction, stderr kept for the error message, and the process killed on cancellation.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vidstudio.lifetime import guarded
from vidstudio.osdeps_children import stop_signal


class FFmpegError(RuntimeError):
    """ffmpeg failed; ``str()`` is the last meaningful lines it printed."""


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary: ``VIDSTUDIO_FFMPEG`` if set, else imageio-ffmpeg's."""
    override = os.environ.get("VIDSTUDIO_FFMPEG")
    if override:
        return override
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        found = shutil.which("ffmpeg")
        if found:
            return found
        raise FFmpegError(
            "ffmpeg was not found: reinstall vidstudio (it ships imageio-ffmpeg)"
        ) from None


@dataclass(frozen=True)
class StreamInfo:
    """One stream as ``ffmpeg -i`` describes it. Colour fields hold ffmpeg's names
    (``"bt709"``, ``"bt470bg"``, ...) or ``""`` when the file does not say."""

    kind: str  # "video" | "audio" | other
    codec: str
    width: int = 0
    height: int = 0
    fps: float = 0.0
    sample_rate: int = 0
    channels: int = 0
    pix_fmt: str = ""
    color_range: str = ""  # "tv" (limited) | "pc" (full) | ""
    color_space: str = ""  # the matrix
    color_primaries: str = ""
    color_transfer: str = ""
    field_order: str = ""  # "progressive", "top first", ... or ""
    sar: tuple[int, int] = (1, 1)
    rotation: int = 0  # degrees clockwise a player turns the picture (0, 90, 180, 270)
    attached_pic: bool = False  # cover art, not a moving picture
    channel_layout: str = ""

    @property
    def display_aspect(self) -> float:
        """Width over height as shown (sample aspect and rotation applied); 0 if unknown."""
        if not self.width or not self.height:
            return 0.0
        aspect = self.width * self.sar[0] / (self.height * self.sar[1])
        return 1 / aspect if self.rotation in (90, 270) else aspect

    @property
    def interlaced(self) -> bool:
        return self.field_order not in ("", "progressive")


@dataclass(frozen=True)
class MediaInfo:
    duration: float
    streams: tuple[StreamInfo, ...] = field(default_factory=tuple)
    format_name: str = ""

    @property
    def video(self) -> StreamInfo | None:
        """The first moving-picture stream (cover art is skipped when there is another)."""
        videos = [s for s in self.streams if s.kind == "video"]
        moving = [s for s in videos if not s.attached_pic]
        found = moving or videos
        return found[0] if found else None

    @property
    def audio(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == "audio"), None)


_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_INPUT = re.compile(r"^Input #0,\s*([^,]+(?:,[^,]+)*?),\s*from", re.MULTILINE)
_STREAM = re.compile(
    r"Stream #0:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: (Video|Audio|Subtitle|Data|Attachment): "
    r"(\w+)(.*)"
)
_RANGES = {"tv": "tv", "pc": "pc", "limited": "tv", "full": "pc"}
_FIELD_ORDERS = ("progressive", "top first", "bottom first", "top coded first",
                 "bottom coded first")
_LAYOUT_CHANNELS = {"mono": 1, "stereo": 2, "2.1": 3, "3.0": 3, "quad": 4, "4.0": 4, "5.0": 5,
                    "5.1": 6, "5.1(side)": 6, "6.1": 7, "7.1": 8}


def _split_top(text: str) -> list[str]:
    """Split ``text`` at commas outside parentheses and brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


def _parse_pixel_format(item: str) -> dict[str, str]:
    """``yuv420p(tv, bt470bg/unknown/unknown, progressive)`` -> its fields."""
    m = re.match(r"([a-z0-9_]+)(?:\((.*)\))?$", item)
    if not m:
        return {}
    found = {"pix_fmt": m.group(1)}
    for detail in (d.strip() for d in (m.group(2) or "").split(",")):
        if detail in _RANGES:
            found["color_range"] = _RANGES[detail]
        elif detail in _FIELD_ORDERS:
            found["field_order"] = detail
        elif re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+/[a-z0-9-]+)?", detail):
            names = [("" if n in ("unknown", "reserved") else n) for n in detail.split("/")]
            space, primaries, transfer = (names * 3)[:3] if len(names) == 1 else names
            found.update(color_space=space, color_primaries=primaries,
                         color_transfer=transfer)
    return found


def _video_stream(codec: str, rest: str, after: str) -> StreamInfo:
    items = _split_top(rest)
    fields: dict[str, str] = {}
    if len(items) > 1:
        fields = _parse_pixel_format(items[1])
    size = re.search(r"\b(\d{1,5})x(\d{1,5})\b", rest)
    fps = re.search(r"([\d.]+) fps", rest)
    sar_match = re.search(r"\[SAR (\d+):(\d+) DAR", rest)
    sar = (1, 1)
    if sar_match and int(sar_match.group(1)) and int(sar_match.group(2)):
        sar = (int(sar_match.group(1)), int(sar_match.group(2)))
    rotation = 0
    if turn := re.search(r"rotation of (-?[\d.]+) degrees", after):
        # ffmpeg prints the display matrix's counter-clockwise angle.
        rotation = round(-float(turn.group(1)) / 90) * 90 % 360
    return StreamInfo(
        "video", codec,
        width=int(size.group(1)) if size else 0,
        height=int(size.group(2)) if size else 0,
        fps=float(fps.group(1)) if fps else 0.0,
        pix_fmt=fields.get("pix_fmt", ""),
        color_range=fields.get("color_range", ""),
        color_space=fields.get("color_space", ""),
        color_primaries=fields.get("color_primaries", ""),
        color_transfer=fields.get("color_transfer", ""),
        field_order=fields.get("field_order", ""),
        sar=sar,
        rotation=rotation,
        attached_pic="(attached pic)" in rest,
    )


def _audio_stream(codec: str, rest: str) -> StreamInfo:
    rate = re.search(r"(\d+) Hz", rest)
    items = _split_top(rest)
    layout = items[2] if len(items) > 2 else ""
    channels = _LAYOUT_CHANNELS.get(layout, 0)
    if not channels and (count := re.match(r"(\d+) channels", layout)):
        channels = int(count.group(1))
    return StreamInfo("audio", codec, sample_rate=int(rate.group(1)) if rate else 0,
                      channels=channels or 2, channel_layout=layout)


def _parse_probe(text: str) -> MediaInfo:
    duration = 0.0
    if m := _DURATION.search(text):
        h, mnt, sec = m.groups()
        duration = int(h) * 3600 + int(mnt) * 60 + float(sec)
    streams: list[StreamInfo] = []
    matches = list(_STREAM.finditer(text))
    for i, match in enumerate(matches):
        kind, codec, rest = match.groups()
        after = text[match.end():matches[i + 1].start() if i + 1 < len(matches) else None]
        if kind == "Video":
            streams.append(_video_stream(codec, rest, after))
        elif kind == "Audio":
            streams.append(_audio_stream(codec, rest))
        else:
            streams.append(StreamInfo(kind.lower(), codec))
    fmt = m.group(1).strip() if (m := _INPUT.search(text)) else ""
    return MediaInfo(duration=duration, streams=tuple(streams), format_name=fmt)


def probe(path: Path) -> MediaInfo:
    """Duration and streams of a media file (blocking; call from a worker or the CLI).

    Raises:
        FFmpegError: the file is missing or not a media file ffmpeg can read.
    """
    if not Path(path).is_file():
        raise FFmpegError(f"no such media file: {path}")
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path)],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    info = _parse_probe(proc.stderr)
    if not info.streams:
        raise FFmpegError(f"{Path(path).name} is not a media file ffmpeg can read")
    return info


async def probe_async(path: Path) -> MediaInfo:
    return await asyncio.to_thread(probe, path)


def measured_duration(path: Path) -> float:
    """Exact duration by decoding (slower than ``probe``, exact for files with a wrong header)."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-f", "null", "-"],
        capture_output=True, text=True, errors="replace", check=False,
    )
    times = re.findall(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)", proc.stderr)
    if not times:
        return probe(path).duration
    h, m, s = times[-1]
    return int(h) * 3600 + int(m) * 60 + float(s)


def _tail(stderr: str, lines: int = 6) -> str:
    useful = [ln for ln in stderr.strip().splitlines() if ln.strip() and not ln.startswith("  ")]
    return "\n".join(useful[-lines:]) or "ffmpeg failed without a message"


ProgressCallback = Callable[[float], None]


async def run_ffmpeg(
    args: Sequence[str],
    *,
    duration: float | None = None,
    progress: ProgressCallback | None = None,
    stdin_data: bytes | None = None,
) -> str:
    """Run ffmpeg with ``args`` (without the executable); returns its stderr.

    Progress is read from ``-progress pipe:1`` and reported as a fraction of ``duration``.
    Cancelling the awaiting task kills ffmpeg and waits for it to exit.

    Raises:
        FFmpegError: ffmpeg exited non-zero; the message is the tail of its log.
    """
    cmd, preexec = guarded(
        [ffmpeg_exe(), "-hide_banner", *(["-nostdin"] if stdin_data is None else []),
         "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats", *args])
    proc = await asyncio.create_subprocess_exec(
        *cmd,
        stdin=asyncio.subprocess.PIPE if stdin_data is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=preexec,  # ffmpeg dies with us, even when we are killed
    )
    assert proc.stdout is not None and proc.stderr is not None

    async def read_progress() -> None:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            line = raw.decode(errors="replace").strip()
            if progress and duration and line.startswith("out_time_us="):
                with contextlib.suppress(ValueError):
                    progress(min(1.0, max(0.0, int(line.split("=", 1)[1]) / 1e6 / duration)))

    async def feed() -> None:
        if stdin_data is not None and proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                proc.stdin.write(stdin_data)
                await proc.stdin.drain()
                proc.stdin.close()

    try:
        _, stderr, _ = await asyncio.gather(read_progress(), proc.stderr.read(), feed())
        code = await proc.wait()
    except asyncio.CancelledError:
        await kill_process(proc)
        raise
    text = stderr.decode(errors="replace")
    if code != 0:
        raise FFmpegError(_tail(text))
    if progress:
        progress(1.0)
    return text


async def kill_process(proc: asyncio.subprocess.Process) -> None:
    """Stop a child process for good, without leaving a zombie. A child started through
    ``guarded`` may be a watcher standing for ffmpeg (``vidstudio.osdeps``): it gets the signal
    that lets it end its child first, and is killed if it has not ended a few seconds later."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(stop_signal())
        try:
            await asyncio.wait_for(asyncio.shield(proc.wait()), 5.0)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            with contextlib.suppress(ProcessLookupError):
                await asyncio.shield(proc.wait())
