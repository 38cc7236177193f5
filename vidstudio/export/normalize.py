"""Bringing clips to the delivery format: the match test, conform filters, and the cache.

The delivery format of a target is what this module's encoder writes: H.264 High, yuv420p,
limited ("tv") range, BT.709 colour tags, square pixels, the target's size, frame rate and MP4
time scale, and one fixed set of x264 settings (``stitchable``, so the parameter sets do not
depend on the quality setting). Every file this module writes for a target therefore carries
the same decoder configuration, and any number of them can be joined by stream copy.

A clip is joined as it is when it already matches structurally (codec, size, rate, pixel
format, range, colour tags, frame count...) and its decoder configuration is the one every
other joined file has. Any other clip is re-encoded once per take and target into
``<project>/cache/normalized/``; its colours are converted (matrix and range) to BT.709
limited range on the way, reading untagged sources the way players guess them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.export.options import Conform, VideoTarget

if TYPE_CHECKING:
    from vidstudio.export.mp4info import VideoTrackInfo
    from vidstudio.media.ffmpeg import StreamInfo

# Bump when the normalised output changes for the same inputs, to invalidate old cache entries.
NORMALIZE_VERSION = 2
CACHE_SUBDIR = Path("cache") / "normalized"

# H.273 code points: 1 = BT.709, 2 = unspecified.
BT709 = 1
UNSPECIFIED = 2
ACCEPTED_TAGS = frozenset({BT709, UNSPECIFIED})
# Tags every written frame carries, so the encoder writes them into the SPS whatever the source.
DELIVERY_PARAMS = ("setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:"
                   "range=tv")
_TAG_NAMES = {1: "bt709", 4: "bt470m", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m",
              9: "bt2020", 10: "bt2020", 16: "smpte2084", 18: "arib-std-b67"}


def _tag_name(code: int) -> str:
    return _TAG_NAMES.get(code, f"code {code}")


def mismatches(info: VideoTrackInfo | None, target: VideoTarget, frames: int) -> list[str]:
    """Why a clip cannot be joined as is, its decoder configuration aside; empty when it can."""
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
        for what, code in zip(("primaries", "transfer", "matrix"), info.sps.colour_tags,
                              strict=True):
            if code not in ACCEPTED_TAGS:
                reasons.append(f"colour {what} {_tag_name(code)} is not bt709")
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


@dataclass(frozen=True)
class SourceFormat:
    """What the conform graph needs to know about a clip's picture.

    ``matrix`` is the colour matrix to read it with, as a name the ``scale`` filter knows;
    ``"auto"`` when the file says (the decoder passes the tag on). ``interlaced`` adds a
    deinterlacer.
    """

    width: int
    height: int
    sar: tuple[int, int] = (1, 1)
    rotation: int = 0
    matrix: str = "auto"
    interlaced: bool = False

    @property
    def display_aspect(self) -> float | None:
        if not self.width or not self.height:
            return None
        aspect = self.width * self.sar[0] / (self.height * self.sar[1])
        return 1 / aspect if self.rotation in (90, 270) else aspect


def _untagged_matrix(width: int, height: int) -> str:
    """How players read an untagged picture: BT.709 from HD up, BT.601 below."""
    return "bt709" if width >= 1280 or height > 576 else "bt601"


def source_from_track(info: VideoTrackInfo) -> SourceFormat:
    sps = info.sps
    tagged = sps is not None and sps.matrix != UNSPECIFIED
    return SourceFormat(
        width=info.width, height=info.height,
        sar=sps.sar if sps is not None else (1, 1),
        rotation=info.rotation,
        matrix="auto" if tagged else _untagged_matrix(info.width, info.height),
        interlaced=sps is not None and not sps.progressive,
    )


def source_from_probe(stream: StreamInfo) -> SourceFormat:
    tagged = stream.color_space not in ("", "unknown")
    return SourceFormat(
        width=stream.width, height=stream.height, sar=stream.sar, rotation=stream.rotation,
        matrix="auto" if tagged else _untagged_matrix(stream.width, stream.height),
        interlaced=stream.interlaced,
    )


def conform_graph(src: str, dst: str, target: VideoTarget, conform: Conform, frames: int,
                  source: SourceFormat | None) -> str:
    """Filter-graph text taking pad ``[src]`` to ``[dst]``: constant ``target.fps``, the target
    size (crop / pad / blurred pad when the aspect differs), yuv420p in limited range with
    BT.709 colours and tags, square pixels, and exactly ``frames`` frames (the last frame is
    held if the clip is short).

    ``source`` describes the input picture; None means unknown (fitted by ``conform``).
    ffmpeg turns a rotated input upright before the graph, which ``display_aspect`` allows for.
    """
    w, h, fps = target.width, target.height, target.fps
    duration = frames / fps
    head = f"setpts=PTS-STARTPTS,fps={fps}"
    if source is not None and source.interlaced:
        head = f"bwdif=deint=interlaced,{head}"
    sar = source.sar if source is not None else (1, 1)
    if sar != (1, 1):
        head += f",scale=trunc(iw*{sar[0]}/{sar[1]}/2)*2:ih,setsar=1"
    # The colour conversion rides on the scale that sizes the picture (one pass).
    matrix = source.matrix if source is not None else "auto"
    colour = f":in_color_matrix={matrix}:out_color_matrix=bt709:out_range=tv"
    tail = (f"setsar=1,format=yuv420p,{DELIVERY_PARAMS},"
            f"tpad=stop_mode=clone:stop_duration={duration + 1:g},"
            f"trim=end_frame={frames},setpts=PTS-STARTPTS")
    aspect = source.display_aspect if source is not None else None
    same_aspect = aspect is not None and abs(aspect - w / h) < 0.01
    if same_aspect:
        return f"[{src}]{head},scale={w}:{h}{colour},{tail}[{dst}]"
    cover = f"scale={w}:{h}:force_original_aspect_ratio=increase{colour},crop={w}:{h}"
    fit = f"scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2{colour}"
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
    """x264 settings shared by every clip this module writes, so their streams can be joined.

    ``stitchable`` keeps the parameter sets independent of the CRF; the colour options repeat
    what ``DELIVERY_PARAMS`` put on the frames.
    """
    return [
        "-an", "-sn", "-dn",
        "-c:v", "libx264", "-preset", target.x264_preset, "-crf", str(target.crf),
        "-x264-params", "stitchable=1",
        "-pix_fmt", "yuv420p", "-profile:v", "high",
        "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709",
        "-color_range", "tv",
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
    format: SourceFormat | None

    def ffmpeg_args(self, target: VideoTarget, conform: Conform, output: Path) -> list[str]:
        graph = conform_graph("0:v", "v", target, conform, self.frames, self.format)
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


def reference_args(target: VideoTarget, output: Path) -> list[str]:
    """ffmpeg arguments writing two frames in the delivery format, to read its decoder
    configuration: the one every normalised clip of ``target`` carries."""
    frames = 2
    source = SourceFormat(target.width, target.height, matrix="bt709")
    graph = conform_graph("0:v", "v", target, Conform.CROP, frames, source)
    lavfi = f"color=c=gray:s={target.width}x{target.height}:r={target.fps}:d=1"
    return ["-f", "lavfi", "-i", lavfi, "-filter_complex", graph, "-map", "[v]",
            *encoder_args(target, frames), str(output)]


def reference_path(project_dir: Path, target: VideoTarget, encoder_id: str) -> Path:
    """Where the delivery format's reference clip for ``target`` is kept; ``encoder_id``
    identifies the ffmpeg build (another x264 may write other parameter sets)."""
    key = "|".join([str(NORMALIZE_VERSION), target.key(), encoder_id])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(project_dir) / CACHE_SUBDIR / "delivery" / f"{digest}.mp4"
