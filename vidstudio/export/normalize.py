"""Bringing clips to the target format: the match test, conform filters, and the cache.

A clip that already matches the target (H.264 avc1, size, frame rate, yuv420p, time scale,
square pixels, exact frame count) is joined as is. Any other is re-encoded once per take and
target into ``<project>/cache/normalized/`` with fixed x264 settings, so every normalised clip
shares one decoder configuration and they can all be joined by stream copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from vidstudio.export.mp4info import VideoTrackInfo
from vidstudio.export.options import Conform, VideoTarget

# Bump when the normalised output changes for the same inputs, to invalidate old cache entries.
NORMALIZE_VERSION = 1
CACHE_SUBDIR = Path("cache") / "normalized"


def mismatches(info: VideoTrackInfo | None, target: VideoTarget, frames: int) -> list[str]:
    """Why a clip cannot be joined as is; empty when it can."""
    if info is None:
        return ["not an MP4 file whose video can be read"]
    reasons: list[str] = []
    if info.codec != "avc1" or not info.decoder_config:
        reasons.append(f"codec {info.codec} is not H.264 (avc1)")
    if (info.width, info.height) != (target.width, target.height):
        reasons.append(f"size {info.width}x{info.height} is not {target.width}x{target.height}")
    if info.sps is None:
        reasons.append("its H.264 parameters cannot be read")
    else:
        if info.pix_fmt != "yuv420p":
            reasons.append(f"pixel format {info.pix_fmt} is not yuv420p")
        if not info.sps.progressive:
            reasons.append("it is interlaced")
        if info.sps.sar != (1, 1):
            reasons.append(f"pixels are not square ({info.sps.sar[0]}:{info.sps.sar[1]})")
        if (info.sps.width, info.sps.height) != (info.width, info.height):
            reasons.append("its coded size disagrees with its container")
    if info.sample_delta is None:
        reasons.append("its frame rate is variable")
    elif info.sample_delta * target.fps != info.timescale:
        reasons.append(f"{info.fps:g} fps is not {target.fps} fps")
    if info.timescale != target.timescale:
        reasons.append(f"time scale {info.timescale} is not {target.timescale}")
    if info.frame_count != frames:
        reasons.append(f"{info.frame_count} frames, the scene needs {frames}")
    if not info.identity_matrix:
        reasons.append("it is rotated")
    if not info.edit_ok:
        reasons.append("its edit list hides part of it")
    return reasons


def _display_aspect(info: VideoTrackInfo | None) -> float | None:
    if info is None or not info.width or not info.height:
        return None
    sar = info.sps.sar if info.sps else (1, 1)
    return info.width * sar[0] / (info.height * sar[1])


def conform_graph(src: str, dst: str, target: VideoTarget, conform: Conform, frames: int,
                  info: VideoTrackInfo | None) -> str:
    """Filter-graph text taking pad ``[src]`` to ``[dst]``: constant ``target.fps``, the target
    size (crop / pad / blurred pad when the aspect differs), yuv420p, square pixels, and exactly
    ``frames`` frames (the last frame is held if the clip is short)."""
    w, h, fps = target.width, target.height, target.fps
    duration = frames / fps
    head = f"setpts=PTS-STARTPTS,fps={fps}"
    sar = info.sps.sar if info is not None and info.sps is not None else (1, 1)
    if sar != (1, 1):
        head += f",scale=trunc(iw*{sar[0]}/{sar[1]}/2)*2:ih,setsar=1"
    tail = (f"setsar=1,format=yuv420p,tpad=stop_mode=clone:stop_duration={duration + 1:g},"
            f"trim=end_frame={frames},setpts=PTS-STARTPTS")
    aspect = _display_aspect(info)
    same_aspect = aspect is not None and abs(aspect - w / h) < 0.01
    if same_aspect:
        return f"[{src}]{head},scale={w}:{h},{tail}[{dst}]"
    cover = f"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h}"
    fit = f"scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2"
    if conform is Conform.CROP:
        return f"[{src}]{head},{cover},{tail}[{dst}]"
    if conform is Conform.PAD:
        return f"[{src}]{head},{fit},pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black,{tail}[{dst}]"
    # Blurred pad: blur a small copy (cheap) and scale it back up behind the fitted clip.
    small_w, small_h = max(2, w // 8 // 2 * 2), max(2, h // 8 // 2 * 2)
    return (
        f"[{src}]{head},split=2[{dst}_bg][{dst}_fg];"
        f"[{dst}_bg]{cover},scale={small_w}:{small_h},boxblur=4:2,scale={w}:{h}[{dst}_bgb];"
        f"[{dst}_fg]{fit}[{dst}_fgs];"
        f"[{dst}_bgb][{dst}_fgs]overlay=(W-w)/2:(H-h)/2,{tail}[{dst}]"
    )


def encoder_args(target: VideoTarget, frames: int) -> list[str]:
    """x264 settings shared by every clip this module writes, so their streams can be joined."""
    return [
        "-an", "-sn", "-dn",
        "-c:v", "libx264", "-preset", target.x264_preset, "-crf", str(target.crf),
        "-pix_fmt", "yuv420p", "-profile:v", "high",
        "-g", str(target.fps * 4), "-keyint_min", str(target.fps),
        "-video_track_timescale", str(target.timescale),
        "-frames:v", str(frames),
        "-f", "mp4",
    ]


@dataclass(frozen=True)
class NormalizeJob:
    """One clip to bring to the target, and where its cached result lives."""

    scene_id: str
    label: str
    source: Path
    destination: Path
    frames: int
    info: VideoTrackInfo | None

    def ffmpeg_args(self, target: VideoTarget, conform: Conform, output: Path) -> list[str]:
        graph = conform_graph("0:v", "v", target, conform, self.frames, self.info)
        return ["-i", str(self.source), "-filter_complex", graph, "-map", "[v]",
                *encoder_args(target, self.frames), str(output)]


def cache_path(project_dir: Path, take_id: str, source: Path, target: VideoTarget,
               conform: Conform, frames: int) -> Path:
    """Where the normalised version of a take's clip is kept.

    The key covers everything the result depends on: the take and its file (size and
    modification time, in case a file is replaced), the target, the conform mode and the
    frame count.
    """
    stat = source.stat()
    key = "|".join([str(NORMALIZE_VERSION), take_id, source.name, str(stat.st_size),
                    str(stat.st_mtime_ns), target.key(), conform.value, str(frames)])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    safe_take = "".join(ch for ch in take_id if ch.isalnum() or ch in "-_") or "take"
    return Path(project_dir) / CACHE_SUBDIR / f"{safe_take}-{digest}.mp4"
