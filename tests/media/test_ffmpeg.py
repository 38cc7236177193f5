from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from vidstudio.atomic import atomic_output, atomic_write_text
from vidstudio.media.ffmpeg import FFmpegError, probe, run_ffmpeg

if TYPE_CHECKING:
    from pathlib import Path


def _testsrc(path: Path, seconds: float = 1.0, size: str = "160x90") -> None:
    asyncio.run(run_ffmpeg([
        "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=24:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-shortest", str(path),
    ]))


def test_probe_reads_streams_and_duration(tmp_path: Path) -> None:
    clip = tmp_path / "c.mp4"
    _testsrc(clip, 2.0)
    info = probe(clip)
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert info.video is not None and info.video.codec == "h264"
    assert (info.video.width, info.video.height) == (160, 90)
    assert info.video.fps == pytest.approx(24)
    assert info.audio is not None and info.audio.codec == "aac" and info.audio.sample_rate > 0


def test_probe_rejects_non_media(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"<html>not a video</html>")
    with pytest.raises(FFmpegError, match="not a media file"):
        probe(junk)
    with pytest.raises(FFmpegError, match="no such media file"):
        probe(tmp_path / "missing.mp4")


def test_run_ffmpeg_reports_progress_and_errors(tmp_path: Path) -> None:
    seen: list[float] = []
    asyncio.run(run_ffmpeg(
        ["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=24:duration=3", "-c:v", "libx264",
         "-preset", "ultrafast", str(tmp_path / "p.mp4")],
        duration=3.0, progress=seen.append,
    ))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(FFmpegError) as info:
        asyncio.run(run_ffmpeg(["-i", str(tmp_path / "absent.mp4"), str(tmp_path / "x.mp4")]))
    assert "absent.mp4" in str(info.value)


def test_cancelling_kills_ffmpeg_and_atomic_output_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "long.mp4"
    target.write_bytes(b"previous")

    async def scenario() -> None:
        with atomic_output(target) as tmp:
            task = asyncio.create_task(run_ffmpeg(
                ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24:duration=600",
                 "-c:v", "libx264", "-preset", "ultrafast", str(tmp)]))
            await asyncio.sleep(0.5)
            task.cancel()
            await task

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(scenario())
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["long.mp4"]


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    atomic_write_text(path, "one")
    atomic_write_text(path, "two")
    assert path.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
