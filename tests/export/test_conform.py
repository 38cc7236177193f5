"""Clips from different encoders, taggings and containers are conformed to the delivery format
(only those that differ, once, cached) and the export joins them by stream copy."""

from __future__ import annotations

import asyncio
import subprocess
from typing import TYPE_CHECKING

import pytest

from tests.export.media import SceneMedia, build_project, run, video_frames, video_packets
from vidstudio.core.models import Project, Settings
from vidstudio.export import ExportOptions, build_render_plan, export_project
from vidstudio.export.mp4info import read_video_track
from vidstudio.export.normalize import (
    SourceFormat,
    cache_path,
    conform_graph,
    encoder_args,
)
from vidstudio.export.options import Conform, resolve_target
from vidstudio.media.ffmpeg import ffmpeg_exe, probe

if TYPE_CHECKING:
    from pathlib import Path

SIZE, FPS, SECONDS = "320x180", 24, 5


def _lavfi(size: str = SIZE, fps: float = FPS, hue: int = 0) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=s={size}:r={fps}:d={SECONDS},hue=h={hue}"]


def _tone(layout: str) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=f=440:d={SECONDS}:sample_rate=44100",
            "-filter:a", f"aformat=channel_layouts={layout}"]


def x264_tagged(path: Path) -> Path:
    """Like a cloud clip: x264 veryfast CRF 23, tagged BT.601 (bt470bg) limited range."""
    run(*_lavfi(hue=40), "-vf", "scale=out_color_matrix=bt601:out_range=tv,"
        "setparams=colorspace=bt470bg:range=tv", "-c:v", "libx264", "-preset", "veryfast",
        "-crf", "23", "-pix_fmt", "yuv420p", str(path))
    return path


def x264_untagged(path: Path) -> Path:
    """Like the offline engine's clips: x264 ultrafast, no colour tags."""
    run(*_lavfi(hue=80), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        str(path))
    return path


def openh264(path: Path) -> Path:
    """Another H.264 encoder (constrained baseline), 25 fps, 90 kHz time scale, mono sound."""
    run(*_lavfi(fps=25, hue=120), *_tone("mono"), "-c:v", "libopenh264", "-b:v", "400k",
        "-pix_fmt", "yuv420p", "-video_track_timescale", "90000", "-c:a", "aac", "-shortest",
        str(path))
    return path


def hevc_anamorphic(path: Path) -> Path:
    """A camera's HEVC: 10-bit, 240x180 stored with 4:3 pixels (shown 320x180), 30 fps."""
    run(*_lavfi(size="240x180", fps=30, hue=160), "-vf", "setsar=4/3", "-c:v", "libx265",
        "-x265-params", "log-level=error", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
        "-tag:v", "hvc1", str(path))
    return path


def vp9_webm(path: Path) -> Path:
    """VP9 in WebM at 30 fps with stereo Opus."""
    run(*_lavfi(fps=30, hue=200), *_tone("stereo"), "-c:v", "libvpx-vp9", "-b:v", "300k",
        "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "-shortest", str(path))
    return path


def prores_mov(path: Path) -> Path:
    """ProRes 422 (10-bit 4:2:2) in a QuickTime file with 5.1 PCM sound."""
    run(*_lavfi(hue=240), *_tone("5.1"), "-c:v", "prores_ks", "-profile:v", "0",
        "-c:a", "pcm_s16le", "-shortest", str(path))
    return path


def mjpeg_avi(path: Path) -> Path:
    """Motion JPEG in AVI: full-range 4:2:2, tagged BT.601."""
    run(*_lavfi(hue=280), "-c:v", "mjpeg", "-pix_fmt", "yuvj422p", "-q:v", "5", str(path))
    return path


def delivery_clip(path: Path) -> Path:
    """A clip written with the normaliser's own filters and encoder settings, as the offline
    engine would if it wrote the delivery format directly."""
    target = resolve_target(Project(title="t", settings=Settings(short_side=180, fps=FPS)),
                            ExportOptions())
    frames = SECONDS * FPS
    graph = conform_graph("0:v", "v", target, Conform.CROP, frames,
                          SourceFormat(320, 180, matrix="bt709"))
    run(*_lavfi(hue=320), "-filter_complex", graph, "-map", "[v]",
        *encoder_args(target, frames), str(path))
    return path


def decodes_cleanly(path: Path) -> str:
    """What a full decode complains about (nothing, for a good file)."""
    proc = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr.strip()


def test_clips_from_many_encoders_export_to_one_stream(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    clips = [x264_tagged(src / "tagged.mp4"), x264_untagged(src / "untagged.mp4"),
             openh264(src / "openh264.mp4"), hevc_anamorphic(src / "hevc.mp4"),
             vp9_webm(src / "vp9.webm"), prores_mov(src / "prores.mov"),
             mjpeg_avi(src / "mjpeg.avi")]
    folder = tmp_path / "project"
    project = build_project(folder, [SceneMedia(c) for c in clips])
    project.settings.volumes.clip_audio = 1.0  # mono, stereo and 5.1 clip sound in the mix
    out = folder / "out.mp4"

    result = asyncio.run(export_project(project, folder, out))

    assert result.video_mode == "normalized"
    assert len(result.normalized_scenes) == len(clips)
    assert decodes_cleanly(out) == ""
    count, seconds, size = video_frames(out)
    assert (count, size) == (len(clips) * SECONDS * FPS, (320, 180))
    assert seconds == pytest.approx(len(clips) * SECONDS, abs=0.05)
    info = probe(out)
    assert info.duration == pytest.approx(len(clips) * SECONDS, abs=0.1)
    assert info.audio is not None and info.audio.channels == 2
    track = read_video_track(out)
    assert track.sps is not None
    assert track.sps.colour_tags == (1, 1, 1) and not track.sps.full_range
    assert track.pix_fmt == "yuv420p"

    # Every clip is normalised once: a second export takes them all from the cache.
    plan = build_render_plan(project, folder)
    cached = [cache_path(folder, s.clip_take_id, s.clip, plan.target, plan.options.conform,
                         s.frames) for s in plan.scenes]
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    again = asyncio.run(export_project(project, folder, folder / "again.mp4"))
    assert again.cache_hits == len(clips)
    assert {p: p.stat().st_mtime_ns for p in cached} == stamps
    joined = [packet for p in cached for packet in video_packets(p)]
    assert video_packets(folder / "again.mp4") == joined  # stream copy of the cached clips


def test_tagged_and_untagged_clips_of_one_encoder(tmp_path: Path) -> None:
    """The reported failure: the same encoder settings, some clips tagged bt470bg / tv range
    and some untagged, used to stop with "do not share one H.264 configuration"."""
    src = tmp_path / "sources"
    src.mkdir()
    tagged, plain = x264_tagged(src / "tagged.mp4"), src / "plain.mp4"
    run(*_lavfi(hue=90), "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
        "-pix_fmt", "yuv420p", str(plain))
    folder = tmp_path / "project"
    order = [tagged, plain, tagged, plain, plain]
    project = build_project(folder, [SceneMedia(c) for c in order])
    out = folder / "out.mp4"
    result = asyncio.run(export_project(project, folder, out))
    assert decodes_cleanly(out) == ""
    assert video_frames(out)[0] == len(order) * SECONDS * FPS
    assert result.video_mode == "normalized"


def test_only_clips_that_differ_are_reencoded(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    ready = delivery_clip(src / "ready.mp4")
    tagged = x264_tagged(src / "tagged.mp4")
    folder = tmp_path / "project"
    project = build_project(folder, [SceneMedia(ready), SceneMedia(tagged)])
    out = folder / "out.mp4"
    result = asyncio.run(export_project(project, folder, out))
    ids = [s.id for s in project.ordered_scenes]
    assert result.normalized_scenes == (ids[1],)
    assert decodes_cleanly(out) == ""
    plan = build_render_plan(project, folder)
    second = plan.scenes[1]
    normalised = cache_path(folder, second.clip_take_id, second.clip, plan.target,
                            plan.options.conform, second.frames)
    assert video_packets(out) == video_packets(ready) + video_packets(normalised)


def _mean_rgb(path: Path, frame: int) -> tuple[float, float, float]:
    """Mean colour of a frame as ffmpeg shows it (honouring the file's colour tags)."""
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"select=eq(n\\,{frame}),"
         "format=rgb24", "-frames:v", "1",
         "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    n = len(raw) // 3
    r, g, b = (sum(raw[i::3]) / n for i in range(3))
    return r, g, b


def test_colours_are_converted_not_just_retagged(tmp_path: Path) -> None:
    """A BT.601 full-range clip keeps its look once it is BT.709 limited range."""
    src = tmp_path / "orange.mp4"
    run("-f", "lavfi", "-i", f"color=c=0xE03020:s={SIZE}:r={FPS}:d={SECONDS},format=rgb24",
        "-vf", "scale=out_color_matrix=bt601:out_range=pc,format=yuvj420p,"
        "setparams=colorspace=bt470bg:range=pc",
        "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", str(src))
    folder = tmp_path / "project"
    project = build_project(folder, [SceneMedia(src)])
    out = folder / "out.mp4"
    asyncio.run(export_project(project, folder, out))
    before, after = _mean_rgb(src, 10), _mean_rgb(out, 10)
    assert max(abs(a - b) for a, b in zip(before, after, strict=True)) < 6, (before, after)
