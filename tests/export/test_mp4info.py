"""Reading clips' boxes and SPS, and the stream-copy match test."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import TYPE_CHECKING

import pytest

from tests.export.media import make_clip
from vidstudio.export.mp4info import Mp4Error, read_video_track
from vidstudio.export.normalize import mismatches
from vidstudio.export.options import VideoTarget

if TYPE_CHECKING:
    from pathlib import Path

    from tests.export.conftest import Media

TARGET = VideoTarget(width=320, height=180, fps=24, crf=20, x264_preset="veryfast",
                     loudness_lufs=-14.0, true_peak_dbtp=-1.0)


def test_a_matching_clip(media: Media) -> None:
    info = read_video_track(media.match_a)
    assert (info.codec, info.width, info.height) == ("avc1", 320, 180)
    assert (info.timescale, info.frame_count, info.fps) == (12288, 120, 24.0)
    assert info.duration == pytest.approx(5.0)
    assert info.pix_fmt == "yuv420p" and info.sps is not None and info.sps.sar == (1, 1)
    assert info.identity_matrix and info.edit_ok and not info.has_audio
    assert mismatches(info, TARGET, 120) == []
    assert mismatches(info, TARGET, 216) == ["120 frames, the scene needs 216"]


def test_clips_that_do_not_match_say_why(media: Media) -> None:
    odd = read_video_track(media.odd)
    assert odd.has_audio
    reasons = " | ".join(mismatches(odd, TARGET, 120))
    for words in ("size 256x144", "30 fps", "time scale 15360", "180 frames"):
        assert words in reasons
    assert mismatches(None, TARGET, 120) == ["not an MP4 file whose video can be read"]


def test_pixel_format_range_and_aspect_come_from_the_sps(tmp_path: Path) -> None:
    full = read_video_track(make_clip(tmp_path / "full.mp4", pix_fmt="yuvj420p", seconds=1))
    assert full.pix_fmt == "yuvj420p"
    assert "pixel format yuvj420p is not yuv420p" in mismatches(full, TARGET, 24)
    deep = read_video_track(make_clip(tmp_path / "deep.mp4", pix_fmt="yuv444p10le", seconds=1))
    assert deep.pix_fmt == "yuv444p10le"
    from tests.export.media import run

    run("-f", "lavfi", "-i", "testsrc2=s=320x180:r=24:d=1", "-vf", "setsar=4/3",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        str(tmp_path / "sar.mp4"))
    sar = read_video_track(tmp_path / "sar.mp4")
    assert sar.sps is not None and sar.sps.sar == (4, 3)
    assert any("square" in r for r in mismatches(sar, TARGET, 24))


def test_not_an_mp4(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x10free\x00\x00\x00\x00\x00\x00\x00\x00not a movie")
    with pytest.raises(Mp4Error):
        read_video_track(junk)


@pytest.mark.parametrize(("name", "args"), [
    ("plain", ("-pix_fmt", "yuv420p")),
    ("full", ("-pix_fmt", "yuvj420p")),
    ("deep", ("-pix_fmt", "yuv444p10le")),
    ("sar", ("-vf", "setsar=4/3", "-pix_fmt", "yuv420p")),
    ("bframes", ("-pix_fmt", "yuv420p", "-bf", "3", "-r", "30")),
    ("tagged", ("-pix_fmt", "yuv420p", "-color_primaries", "bt709", "-color_trc", "bt709",
                "-colorspace", "bt709")),
])
def test_what_pyav_also_reads_agrees(tmp_path: Path, name: str,
                                     args: tuple[str, ...]) -> None:
    """PyAV (FFmpeg's own demuxer and H.264 parser) is the oracle for every field it exposes;
    the module keeps its own reader for the reasons its docstring measures."""
    import av

    from tests.export.media import run

    path = tmp_path / f"{name}.mp4"
    run("-f", "lavfi", "-i", "testsrc2=s=320x180:r=24:d=1", "-c:v", "libx264", "-preset",
        "veryfast", *args, str(path))
    info = read_video_track(path)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        context = stream.codec_context
        assert info.codec == stream.codec_context.codec_tag
        assert (info.width, info.height) == (context.width, context.height)
        assert info.frame_count == stream.frames
        assert stream.time_base == Fraction(1, info.timescale)
        assert info.decoder_config == bytes(context.extradata)
        assert info.pix_fmt == context.pix_fmt
        assert info.sps is not None
        sar = stream.sample_aspect_ratio
        assert info.sps.sar == ((sar.numerator, sar.denominator) if sar else (1, 1))
        assert info.sps.full_range == (context.color_range == 2)  # AVCOL_RANGE_JPEG
        assert info.sps.colour_tags == (int(context.color_primaries), int(context.color_trc),
                                        int(context.colorspace))
        assert info.has_audio == bool(container.streams.audio)
        stamps = sorted(entry.timestamp for entry in stream.index_entries)
    deltas = {b - a for a, b in itertools.pairwise(stamps)}
    assert info.sample_delta == (deltas.pop() if len(deltas) == 1 else None)
