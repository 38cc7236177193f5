"""Import validation of a user's own files, with real files made by ffmpeg."""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

import pytest

from vidstudio.media.ffmpeg import ffmpeg_exe, probe
from vidstudio.media.importing import (
    IMPORT_KINDS,
    ImportedMedia,
    UnusableMediaError,
    inspect_import,
)

if TYPE_CHECKING:
    from pathlib import Path


def ff(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("imports")
    video = ["-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2"]
    tone = ["-f", "lavfi", "-i", "sine=f=330:d=2:sample_rate=44100"]
    made = {
        "camera.mov": [*video, *tone, "-c:v", "prores_ks", "-c:a", "pcm_s16le", "-shortest"],
        "landscape.mp4": ["-f", "lavfi", "-i",
                          "testsrc2=s=320x180:r=30:d=2", *tone, "-c:v", "libx265", "-x265-params",
                      "log-level=error", "-preset", "ultrafast", "-tag:v", "hvc1", "-c:a",
                      "aac", "-shortest"],
        "silent.webm": [*video, "-c:v", "libvpx-vp9", "-deadline", "realtime",
                        "-cpu-used", "8"],
        "raw.h264": [*video, "-c:v", "libx264", "-preset", "ultrafast", "-f", "h264"],
        "bed.wav": [*tone],
        "voice.mp3": [*tone, "-ac", "1", "-c:a", "libmp3lame"],
        "still.png": [*video, "-frames:v", "1"],
        "still.jpg": [*video, "-frames:v", "1"],
        "anim.gif": ["-f", "lavfi", "-i", "testsrc2=s=64x64:r=10:d=1"],
        "tiny.png": ["-f", "lavfi", "-i", "color=c=red:s=8x8:d=1", "-frames:v", "1"],
        "empty.wav": ["-f", "lavfi", "-i", "anullsrc=d=0.01", "-t", "0"],
        "cover.mp3": [*tone, *video, "-map", "0", "-map", "1", "-frames:v", "1",
                      "-c:v", "mjpeg", "-disposition:v", "attached_pic", "-c:a",
                      "libmp3lame"],
    }
    paths = {}
    for name, args in made.items():
        ff(*args, str(root / name))
        paths[name] = root / name
    # A phone's portrait video: landscape pixels and a display matrix turning them upright.
    ff("-display_rotation", "90", "-i", str(paths["landscape.mp4"]), "-c", "copy",
       str(root / "phone.mp4"))
    paths["phone.mp4"] = root / "phone.mp4"
    notes = root / "notes.txt"
    notes.write_text("not media at all\n", encoding="utf-8")
    paths["notes.txt"] = notes
    zero = root / "zero.mp4"
    zero.write_bytes(b"")
    paths["zero.mp4"] = zero
    cut = root / "cut.mp4"  # a download that stopped half-way: no index
    cut.write_bytes(paths["phone.mp4"].read_bytes()[:3000])
    paths["cut.mp4"] = cut
    return paths


def test_clips_in_any_codec_are_accepted(files: dict[str, Path]) -> None:
    mov = inspect_import(files["camera.mov"], "clip")
    assert isinstance(mov, ImportedMedia)
    assert (mov.suffix, mov.width, mov.height) == (".mov", 320, 180)
    assert mov.duration == pytest.approx(2.0, abs=0.1)
    assert mov.has_video and mov.has_audio and mov.video_codec == "prores"
    assert mov.size_bytes == files["camera.mov"].stat().st_size
    assert mov.metadata()["imported_from"] == "camera.mov"

    phone = inspect_import(files["phone.mp4"], "clip")
    assert (phone.width, phone.height) == (180, 320)  # shown upright
    assert phone.video_codec == "hevc" and phone.fps == pytest.approx(30)

    webm = inspect_import(files["silent.webm"], "clip")
    assert not webm.has_audio and webm.suffix == ".webm"

    raw = inspect_import(files["raw.h264"], "clip")  # no duration in the header: decoded
    assert raw.duration == pytest.approx(2.0, abs=0.1)


def test_sound_files_and_the_sound_of_a_video(files: dict[str, Path]) -> None:
    bed = inspect_import(files["bed.wav"], "sfx")
    assert bed.has_audio and not bed.has_video and bed.sample_rate == 44100
    assert bed.duration == pytest.approx(2.0, abs=0.05)
    voice = inspect_import(files["voice.mp3"], "narration")
    assert voice.channels == 1 and voice.suffix == ".mp3"
    cover = inspect_import(files["cover.mp3"], "narration")
    assert not cover.has_video and cover.notes == ()
    from_video = inspect_import(files["camera.mov"], "sfx")
    assert not from_video.has_video and from_video.notes == (
        "only the sound of camera.mov is used",)


def test_keyframes_are_still_pictures(files: dict[str, Path]) -> None:
    png = inspect_import(files["still.png"], "first_frame")
    assert (png.width, png.height, png.duration, png.suffix) == (320, 180, 0.0, ".png")
    assert inspect_import(files["still.jpg"], "last_frame").suffix == ".jpg"


@pytest.mark.parametrize(("name", "kind", "message"), [
    ("notes.txt", "clip", "notes.txt is not a picture, video or sound file that ffmpeg "
                          "can read"),
    ("zero.mp4", "clip", "zero.mp4 is empty"),
    ("cut.mp4", "clip", "cut.mp4 is not a picture, video or sound file that ffmpeg can read"),
    ("bed.wav", "clip", "bed.wav has no picture: import it as sfx or narration"),
    ("still.png", "clip", "still.png is a still image: import it as a first or last frame"),
    ("silent.webm", "sfx", "silent.webm has no sound"),
    ("still.png", "narration", "still.png has no sound"),
    ("empty.wav", "sfx", "empty.wav has zero length"),
    ("camera.mov", "first_frame", "camera.mov is a moving picture: a first frame is one "
                                  "still image"),
    ("anim.gif", "last_frame", "anim.gif is a moving picture: a last frame is one still "
                               "image"),
    ("cover.mp3", "first_frame", "cover.mp3 has no picture: a first frame is a still image "
                                 "(PNG, JPEG, WebP)"),
    ("tiny.png", "first_frame", "tiny.png is only 8x8 pixels"),
])
def test_unusable_files_say_why_in_one_line(files: dict[str, Path], name: str, kind: str,
                                            message: str) -> None:
    with pytest.raises(UnusableMediaError) as caught:
        inspect_import(files[name], kind)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_missing_folders_and_long_files(files: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(UnusableMediaError, match="no such file"):
        inspect_import(tmp_path / "gone.mp4", "clip")
    with pytest.raises(UnusableMediaError, match="is a folder"):
        inspect_import(tmp_path, "clip")
    with pytest.raises(UnusableMediaError,
                       match=r"^bed.wav lasts 0:02; a sfx may last at most 0:01$"):
        inspect_import(files["bed.wav"], "sfx", max_seconds=1.0)
    with pytest.raises(ValueError, match="unknown import kind"):
        inspect_import(files["bed.wav"], "music")  # type: ignore[arg-type]
    assert set(IMPORT_KINDS) == {"clip", "sfx", "narration", "first_frame", "last_frame"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(files: dict[str, Path], tmp_path: Path) -> None:
    locked = tmp_path / "locked.wav"
    locked.write_bytes(files["bed.wav"].read_bytes())
    locked.chmod(0)
    with pytest.raises(UnusableMediaError, match="cannot be read"):
        inspect_import(locked, "sfx")


def test_a_damaged_picture_is_caught_by_decoding(files: dict[str, Path],
                                                 tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    data = bytearray(files["still.png"].read_bytes())
    data[200:] = bytes(len(data) - 200)  # header intact, image data zeroed
    broken.write_bytes(bytes(data))
    with pytest.raises(UnusableMediaError, match=r"^the picture of broken\.png cannot be decoded"):
        inspect_import(broken, "first_frame")


def test_probe_reads_colour_rotation_and_layout(files: dict[str, Path],
                                                tmp_path: Path) -> None:
    tagged = tmp_path / "tagged.mp4"
    ff("-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=1", "-f", "lavfi", "-i",
       "sine=d=1", "-vf", "setsar=4/3,setparams=colorspace=bt470bg:range=pc,format=yuvj420p",
       "-c:v", "libx264", "-preset", "ultrafast", "-filter:a",
       "aformat=channel_layouts=5.1", "-c:a", "aac", str(tagged))
    info = probe(tagged)
    assert info.video is not None and info.audio is not None
    assert info.video.pix_fmt == "yuvj420p"
    assert (info.video.color_range, info.video.color_space) == ("pc", "bt470bg")
    assert info.video.sar == (4, 3)
    assert info.video.display_aspect == pytest.approx(16 / 9)
    assert (info.audio.channels, info.audio.channel_layout) == (6, "5.1")
    phone = probe(files["phone.mp4"]).video
    assert phone is not None and phone.rotation in (90, 270)
    assert phone.display_aspect == pytest.approx(180 / 320)
