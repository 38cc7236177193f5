"""What a re-export reuses: the measured mix, the ffmpeg probe; and the credit tag."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.export.conftest import NARRATION_TEXT, SENTENCES, Media
from tests.export.media import SceneMedia, build_project
from vidstudio.core.models import Take
from vidstudio.core.vocabulary import SlotKind
from vidstudio.export import ExportOptions, ExportResult, export_project
from vidstudio.export import runner as export_runner
from vidstudio.export.mixcache import MIX_CACHE
from vidstudio.export.plan import ILLUSTRATION_CREDIT
from vidstudio.media.ffmpeg import ffmpeg_exe

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.core.models import Project

OPTIONS = ExportOptions(x264_preset="ultrafast", sidecars=False)
MIXING = "mixing the sound"
MEASURING = ("encoding and checking the sound", "checking the loudness")
ENCODING = ("encoding and checking the sound", "encoding the sound")


def _export(project: Project, folder: Path, options: ExportOptions = OPTIONS) -> ExportResult:
    return asyncio.run(export_project(project, folder, folder / "out.mp4", options,
                                      force=True))


def _measured() -> int:
    """ffmpeg runs so far that measured an encoded sound track."""
    return sum(export_runner.RUNS[what] for what in MEASURING)


def _encoded() -> int:
    """ffmpeg runs so far that encoded a sound track."""
    return sum(export_runner.RUNS[what] for what in ENCODING)


def _tracks(folder: Path) -> dict[str, tuple[int, int]]:
    """Each kept sound track: (inode, modification time)."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (folder / MIX_CACHE).glob("*.m4a")}


def _mixes(folder: Path) -> dict[str, tuple[int, int]]:
    """Each cached mix WAV: (inode, modification time)."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (folder / MIX_CACHE).glob("*.wav")}


def _project(media: Media, folder: Path) -> Project:
    return build_project(folder, [
        SceneMedia(media.match_a, bed=media.bed, narration=media.narration,
                   sentences=SENTENCES, text=NARRATION_TEXT),
        SceneMedia(media.match_b, bed=media.bed),
    ])


def _new_clip_take(project: Project, folder: Path, source: Path, name: str) -> None:
    (folder / "media" / name).write_bytes(source.read_bytes())
    project.scenes[1].slots[SlotKind.CLIP].add_take(Take(provider="test",
                                                         file=f"media/{name}"))


def test_a_picture_only_change_reuses_the_mix(media: Media, tmp_path: Path) -> None:
    project = _project(media, tmp_path)
    export_runner.RUNS.clear()
    result = _export(project, tmp_path)
    assert export_runner.RUNS[MIXING] == 1
    assert _measured() == 1
    first = _mixes(tmp_path)
    assert len(first) == 1
    tracks = _tracks(tmp_path)
    assert len(tracks) == 1

    # Another clip take for scene 2 (the picture changes, the sound does not): the film is
    # written again, the mix is not made again.
    _new_clip_take(project, tmp_path, media.red, "red.mp4")
    before = (tmp_path / "out.mp4").stat().st_mtime_ns
    again = _export(project, tmp_path)
    assert (tmp_path / "out.mp4").stat().st_mtime_ns != before
    assert export_runner.RUNS[MIXING] == 1
    assert _mixes(tmp_path) == first
    # The same sound track as before: copied from the cache into the MP4, not encoded or
    # measured again; its measurement stands.
    assert _measured() == 1
    assert _encoded() == 1
    assert export_runner.RUNS["writing the MP4"] == 1  # the first export's encoding wrote it
    assert _tracks(tmp_path) == tracks
    assert again.loudness_lufs == result.loudness_lufs
    assert again.loudness_lufs == pytest.approx(-14.0, abs=0.5)

    # Another loudness target: the stored measurement plans the new gain, no new mix.
    quieter = _export(project, tmp_path, OPTIONS.model_copy(update={"loudness_lufs": -20.0}))
    assert export_runner.RUNS[MIXING] == 1
    assert _measured() == 2  # another gain: another sound track, measured
    assert quieter.loudness_lufs == pytest.approx(-20.0, abs=0.5)

    # A sound change (the bed's volume) makes another mix.
    project.settings.volumes.sound_effects = 0.3
    _export(project, tmp_path)
    assert export_runner.RUNS[MIXING] == 2
    assert len(_mixes(tmp_path)) == 2


def test_a_bed_replaced_in_place_is_mixed_again(media: Media, tmp_path: Path) -> None:
    project = _project(media, tmp_path)
    export_runner.RUNS.clear()
    _export(project, tmp_path)
    bed = tmp_path / "media" / "bed1.wav"
    data = bytearray(bed.read_bytes())
    data[-2000:] = bytes(2000)  # same size, other content
    bed.write_bytes(bytes(data))
    _export(project, tmp_path)
    assert export_runner.RUNS[MIXING] == 2
    assert _encoded() == 2  # another mix: its sound track is encoded anew


def test_a_damaged_cached_mix_is_made_again(media: Media, tmp_path: Path) -> None:
    project = _project(media, tmp_path)
    export_runner.RUNS.clear()
    _export(project, tmp_path)
    (wav,) = (tmp_path / MIX_CACHE).glob("*.wav")
    with wav.open("r+b") as handle:
        handle.truncate(1000)
    _export(project, tmp_path)
    assert export_runner.RUNS[MIXING] == 2
    assert wav.stat().st_size > 1000


# ------------------------------------------------------------------ the ffmpeg probe


_COUNT_PROBES = """
import sys
from vidstudio.export.runner import has_loopback_decoders
print(has_loopback_decoders())
"""


def _counting_ffmpeg(folder: Path) -> tuple[Path, Path]:
    """A stand-in binary that logs each run and then runs the real ffmpeg."""
    log, exe = folder / "runs.log", folder / "ffmpeg"
    exe.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{ffmpeg_exe()}" "$@"\n',
                   encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe, log


def _new_process(exe: Path, cache_home: Path) -> str:
    env = {**os.environ, "VIDSTUDIO_FFMPEG": str(exe), "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run([sys.executable, "-c", _COUNT_PROBES], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


def test_the_ffmpeg_probe_is_paid_once_per_binary(tmp_path: Path) -> None:
    exe, log = _counting_ffmpeg(tmp_path)
    cache_home = tmp_path / "cache"
    assert _new_process(exe, cache_home) == "True"
    assert _new_process(exe, cache_home) == "True"
    assert log.read_text(encoding="utf-8").count("-version") == 1
    record = json.loads((cache_home / "vidstudio" / export_runner.PROBE_CACHE).read_text())
    assert [str(exe) in key for key in record] == [True]

    # The binary replaced (another modification time): probed again.
    os.utime(exe, ns=(exe.stat().st_atime_ns, exe.stat().st_mtime_ns + 10**9))
    assert _new_process(exe, cache_home) == "True"
    assert log.read_text(encoding="utf-8").count("-version") == 2


def test_an_unreadable_probe_record_only_costs_the_probe(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    exe, log = _counting_ffmpeg(tmp_path)
    cache_home = tmp_path / "cache"
    (cache_home / "vidstudio").mkdir(parents=True)
    (cache_home / "vidstudio" / export_runner.PROBE_CACHE).write_text("{not json")
    assert _new_process(exe, cache_home) == "True"
    assert _new_process(exe, cache_home) == "True"
    assert log.read_text(encoding="utf-8").count("-version") == 1


# ------------------------------------------------------------------ the illustration credit


def _tags(path: Path) -> dict[str, str]:
    import av

    with av.open(str(path)) as container:
        return dict(container.metadata)


def _keyframe(project: Project, drawings: list[str]) -> None:
    subjects = [{"drawing": name, "box": [0, 0, 1, 1]} for name in drawings]
    project.scenes[0].slots[SlotKind.FIRST_FRAME].add_take(
        Take(provider="test", file="media/clip0.mp4", metadata={"subjects": subjects}))


def test_library_drawings_put_their_credit_in_the_film(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a)])
    _keyframe(project, ["painted:person", "lighthouse"])
    _export(project, tmp_path)
    tags = _tags(tmp_path / "out.mp4")
    assert tags.get("comment") == ILLUSTRATION_CREDIT
    assert tags.get("title") == project.title


def test_painted_subjects_only_carry_no_credit(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a)])
    _keyframe(project, ["painted:person", "painted:boat"])
    _export(project, tmp_path)
    assert "comment" not in _tags(tmp_path / "out.mp4")


def test_the_credit_is_the_library_s_own() -> None:
    from vidstudio.providers.local.art.library import CREDIT

    assert ILLUSTRATION_CREDIT == CREDIT
