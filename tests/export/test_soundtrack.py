"""The finished sound track kept with its mix, the limiter's probe, and the kept digests."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
import soundfile as sf

from tests.export.media import SceneMedia, build_project, decode_audio
from vidstudio.export import ExportOptions, ExportResult, export_project, mixcache
from vidstudio.export import runner as export_runner
from vidstudio.export.mixcache import DIGESTS, MIX_CACHE
from vidstudio.export.soundtrack import (
    ENCODING,
    ENCODING_CHECKED,
    PROBE_STEPS_DB,
    PROBING,
    gain_for_target,
    parse_probe,
)

if TYPE_CHECKING:
    from pathlib import Path

    from tests.export.conftest import Media
    from vidstudio.core.models import Project

OPTIONS = ExportOptions(x264_preset="ultrafast", sidecars=False)


def _export(project: Project, folder: Path) -> ExportResult:
    return asyncio.run(export_project(project, folder, folder / "out.mp4", OPTIONS,
                                      force=True))


def _encoded() -> int:
    return export_runner.RUNS[ENCODING] + export_runner.RUNS[ENCODING_CHECKED]


def _bursts(path: Path, seconds: float = 5.0, rate: int = 48000) -> Path:
    """Quiet rumble with loud 40 ms bursts of low-passed noise four times a second: its peaks
    sit far above its loudness, so reaching -14 LUFS takes a limiter that takes loudness."""
    from scipy import signal

    rng = np.random.default_rng(7)
    sound = rng.standard_normal((round(seconds * rate), 2)) * 10 ** (-40 / 20)
    burst = round(0.04 * rate)
    for start in range(0, len(sound) - burst, rate // 4):
        sound[start:start + burst] = rng.standard_normal((burst, 2)) * 10 ** (-8 / 20)
    sos = signal.butter(6, 3000, "lowpass", fs=rate, output="sos")
    sound = signal.sosfilt(sos, sound, axis=0)
    sound *= 10 ** (-1 / 20) / np.max(np.abs(sound))
    sf.write(str(path), sound.astype(np.float32), rate, subtype="FLOAT")
    return path


@pytest.fixture
def loud_peaks(media: Media, tmp_path: Path) -> Project:
    # A folder name with the characters the tee muxer's list gives a meaning to.
    folder = tmp_path / "film's [a|b]"
    folder.mkdir()
    return build_project(folder, [SceneMedia(media.match_a, bed=_bursts(tmp_path / "b.wav"))])


def test_a_limited_track_is_encoded_once_kept_and_rebuilt_when_damaged(
        loud_peaks: Project, tmp_path: Path) -> None:
    tmp_path = tmp_path / "film's [a|b]"
    export_runner.RUNS.clear()
    first = _export(loud_peaks, tmp_path)
    # The probe's first guess counts the limiter: one encoding meets the target.
    assert first.limiter_applied
    assert not first.sound_reused
    assert export_runner.RUNS[PROBING] == 1
    assert _encoded() == 1
    assert first.loudness_lufs == pytest.approx(-14.0, abs=0.5)
    assert first.true_peak_dbtp is not None and first.true_peak_dbtp <= -1.0
    # The film the encoding run wrote through the tee muxer holds the whole sound.
    sound, rate = decode_audio(tmp_path / "out.mp4")
    assert len(sound) == pytest.approx(5 * rate, rel=0.01)
    (track,) = (tmp_path / MIX_CACHE).glob("*.m4a")
    kept = track.read_bytes()

    # Re-export of the same sound: the kept track is copied in; no probe, no encoding.
    again = _export(loud_peaks, tmp_path)
    assert (export_runner.RUNS[PROBING], _encoded()) == (1, 1)
    assert export_runner.RUNS["writing the MP4"] == 1  # the first one's encoding wrote it
    assert again.loudness_lufs == first.loudness_lufs
    assert again.sound_reused

    # A damaged track (same size, other bytes) is found out by its digest and encoded again.
    damaged = bytearray(kept)
    damaged[len(damaged) // 2:len(damaged) // 2 + 64] = bytes(64)
    track.write_bytes(bytes(damaged))
    mended = _export(loud_peaks, tmp_path)
    assert (export_runner.RUNS[PROBING], _encoded()) == (1, 2)
    assert export_runner.RUNS["mixing the sound"] == 1
    assert track.read_bytes() == kept  # the same mix and encoding give the same track
    assert mended.loudness_lufs == first.loudness_lufs
    assert not mended.sound_reused


def test_sound_inputs_are_not_hashed_again_while_unchanged(
        loud_peaks: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = tmp_path / "film's [a|b]"
    _export(loud_peaks, tmp_path)
    record = json.loads((tmp_path / DIGESTS).read_text(encoding="utf-8"))
    bed = tmp_path / "media" / "bed0.wav"
    assert str(bed) in record
    # A new process knows only what the project's cache says.
    monkeypatch.setattr(mixcache, "_digests", {})
    monkeypatch.setattr(mixcache, "_records", {})
    hashed: list[str] = []
    real = hashlib.file_digest

    def counting(handle: Any, digest: Any) -> Any:
        hashed.append(str(handle.name))
        return real(handle, digest)

    monkeypatch.setattr(hashlib, "file_digest", counting)
    export_runner.RUNS.clear()
    _export(loud_peaks, tmp_path)
    assert str(bed) not in hashed
    assert export_runner.RUNS["mixing the sound"] == 0

    # The same bytes written again (a new modification time): hashed again, same mix.
    bed.write_bytes(bed.read_bytes())
    _export(loud_peaks, tmp_path)
    assert str(bed) in hashed
    assert export_runner.RUNS["mixing the sound"] == 0


_SUMMARY = ("[Parsed_ebur128_{n} @ 0x1] Summary:\n\n  Integrated loudness:\n"
            "    I:         {value} LUFS\n    Threshold: -30.0 LUFS\n")


def test_probe_summaries_are_read_in_branch_order() -> None:
    values = [-16.0 + k * 0.4 for k in range(len(PROBE_STEPS_DB))]
    # ffmpeg closes the later branches first: their summaries come first.
    log = "".join(_SUMMARY.format(n=3 * k + 2, value=f"{v:.1f}")
                  for k, v in reversed(list(enumerate(values))))
    assert parse_probe(log) == pytest.approx(values)
    with pytest.raises(ValueError, match="summaries"):
        parse_probe(_SUMMARY.format(n=2, value="-14.0"))


def test_the_gain_meeting_the_target_is_interpolated() -> None:
    gains = [7.0, 8.0, 9.0, 10.5]
    limited = [-15.3, -14.7, -14.1, -13.4]
    assert gain_for_target(gains, limited, -14.4) == pytest.approx(8.5)
    assert gain_for_target(gains, limited, -16.0) == 7.0  # already loud enough
    # Beyond the last point: along the last slope.
    assert gain_for_target(gains, limited, -13.0) == pytest.approx(10.5 + 0.4 / (0.7 / 1.5))
