"""End-to-end MP4 exports of small projects: picture, sound, subtitles, errors, cancellation."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyloudnorm
import pytest

from tests.export.conftest import NARRATION_TEXT, SENTENCES, Media
from tests.export.media import (
    BED_BAND,
    SceneMedia,
    band_rms_db,
    build_project,
    decode_audio,
    true_peak_db,
    video_frames,
    video_packets,
)
from vidstudio.core.timeline import NARRATION_LEAD
from vidstudio.core.vocabulary import SlotKind
from vidstudio.export import ExportError, ExportOptions, ExportResult, export_project

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.models import Project


def export(project: Project, project_dir: Path, name: str = "out.mp4",
           options: ExportOptions | None = None,
           progress: Callable[[float, str], None] | None = None) -> ExportResult:
    return asyncio.run(export_project(project, project_dir, project_dir / name, options,
                                      progress))


def narrated(clip: Path, media: Media, duration: int = 5) -> SceneMedia:
    return SceneMedia(clip, duration=duration, bed=media.bed, narration=media.narration,
                      sentences=SENTENCES, text=NARRATION_TEXT)


class Standard:
    def __init__(self, project: Project, folder: Path, result: ExportResult,
                 progress: list[tuple[float, str]]) -> None:
        self.project, self.folder, self.result, self.progress = project, folder, result, progress
        self.audio, self.rate = decode_audio(result.output)


@pytest.fixture(scope="module")
def standard(media: Media, tmp_path_factory: pytest.TempPathFactory) -> Standard:
    """Two matching clips with narration and beds, exported with the default options."""
    folder = tmp_path_factory.mktemp("standard")
    project = build_project(folder, [narrated(media.match_a, media),
                                     narrated(media.match_b, media)])
    seen: list[tuple[float, str]] = []
    result = export(project, folder, progress=lambda f, m: seen.append((f, m)))
    return Standard(project, folder, result, seen)


def test_matching_clips_are_joined_by_stream_copy(standard: Standard, media: Media) -> None:
    assert standard.result.video_mode == "stream_copy"
    assert standard.result.normalized_scenes == ()
    # Timing-free evidence that nothing was re-encoded: the output's video packets are the
    # clips' packets, byte for byte, in order.
    assert video_packets(standard.result.output) == (video_packets(media.match_a) +
                                                     video_packets(media.match_b))
    assert not (standard.folder / "cache" / "normalized").exists()


def test_length_is_the_sum_of_the_scenes(standard: Standard) -> None:
    count, seconds, size = video_frames(standard.result.output)
    assert standard.result.duration == 10.0
    assert count == 240
    assert seconds == pytest.approx(10.0, abs=0.05)
    assert size == (320, 180)
    # Decoders hand out whole AAC frames (1024 samples), hence the small tolerance.
    assert len(standard.audio) / standard.rate == pytest.approx(10.0, abs=0.05)


def test_loudness_reaches_the_web_target_under_the_true_peak_ceiling(standard: Standard) -> None:
    loudness = pyloudnorm.Meter(standard.rate).integrated_loudness(standard.audio)
    assert loudness == pytest.approx(-14.0, abs=1.0)
    assert true_peak_db(standard.audio) <= -1.0
    assert standard.result.loudness_lufs == pytest.approx(-14.0, abs=0.5)
    assert standard.result.true_peak_dbtp is not None
    assert standard.result.true_peak_dbtp <= -1.0


def test_beds_duck_under_the_narration(standard: Standard) -> None:
    for offset in (0.0, 5.0):
        lead = offset + NARRATION_LEAD
        speaking = band_rms_db(standard.audio, standard.rate, BED_BAND, lead + 0.2, lead + 1.4)
        # The pause between the sentences (film 1.9-3.1 s), after the release has passed.
        gap = band_rms_db(standard.audio, standard.rate, BED_BAND, lead + 2.2, lead + 2.75)
        assert gap - speaking >= 8.0, (offset, gap, speaking)


def _cue_times(text: str, sep: str) -> list[tuple[float, float]]:
    stamp = rf"(\d\d):(\d\d):(\d\d){sep}(\d\d\d)"
    times = []
    for m in re.finditer(rf"{stamp} --> {stamp}", text):
        g = [int(x) for x in m.groups()]
        times.append((g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000,
                      g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000))
    return times


def test_sidecars_follow_the_narration_sentences(standard: Standard) -> None:
    srt = standard.folder / "out.srt"
    vtt = standard.folder / "out.vtt"
    assert standard.result.sidecars == (srt, vtt)
    expected = [(offset + NARRATION_LEAD + float(s["start"]),  # type: ignore[arg-type]
                 offset + NARRATION_LEAD + float(s["end"]))  # type: ignore[arg-type]
                for offset in (0.0, 5.0) for s in SENTENCES]
    vtt_text = vtt.read_text(encoding="utf-8")
    assert vtt_text.startswith("WEBVTT")
    for times in (_cue_times(srt.read_text(encoding="utf-8"), ","), _cue_times(vtt_text, r"\.")):
        assert len(times) == len(expected)
        for (start, end), (want_start, want_end) in zip(times, expected, strict=True):
            assert abs(start - want_start) <= 0.2
            assert abs(end - want_end) <= 0.2
    assert "Its beam sweeps the harbour." in srt.read_text(encoding="utf-8")
    for path in (standard.result.output, srt, vtt):
        assert path.stat().st_mode & 0o777 == 0o644


def test_progress_rises_to_one(standard: Standard) -> None:
    fractions = [f for f, _ in standard.progress]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any("Mixing" in m for _, m in standard.progress)


def test_broadcast_target(standard: Standard) -> None:
    result = export(standard.project, standard.folder, "broadcast.mp4",
                    ExportOptions(loudness_lufs=-23.0, sidecars=False))
    audio, rate = decode_audio(result.output)
    assert pyloudnorm.Meter(rate).integrated_loudness(audio) == pytest.approx(-23.0, abs=1.0)
    assert true_peak_db(audio) <= -1.0
    assert result.sidecars == ()
    assert not (standard.folder / "broadcast.srt").exists()


def test_missing_sound_and_narration_give_silence(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a), SceneMedia(media.match_9s,
                                                                             duration=9)])
    result = export(project, tmp_path)
    audio, rate = decode_audio(result.output)
    assert np.max(np.abs(audio)) < 1e-4
    assert result.loudness_lufs is None
    count, seconds, _ = video_frames(result.output)
    assert (count, result.duration) == (14 * 24, 14.0)
    assert seconds == pytest.approx(14.0, abs=0.05)
    assert (tmp_path / "out.srt").read_text(encoding="utf-8") == ""


def test_a_missing_clip_file_names_the_scene(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a, title="Dawn"),
                                       SceneMedia(media.match_b, title="Harbour")])
    (tmp_path / "media" / "clip1.mp4").unlink()
    with pytest.raises(ExportError, match='scene 2 "Harbour"'):
        export(project, tmp_path)
    assert not (tmp_path / "out.mp4").exists()


def test_a_scene_without_a_ready_clip_is_refused(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a, title="Dawn")])
    project.scenes[0].slots[SlotKind.CLIP].stale = True
    with pytest.raises(ExportError, match='scene 1 "Dawn"'):
        export(project, tmp_path)


def test_an_unknown_extension_is_refused(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a)])
    with pytest.raises(ExportError, match=r"\.avi"):
        export(project, tmp_path, "out.avi")


def _ffmpeg_children() -> list[int]:
    me = str(os.getpid())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split()
        except OSError:
            continue
        if fields[3] == me and "ffmpeg" in fields[1]:
            found.append(int(fields[0]))
    return found


def test_cancelling_keeps_the_previous_output(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [narrated(media.odd, media), narrated(media.portrait,
                                                                            media)])
    output = tmp_path / "out.mp4"
    output.write_bytes(b"the previous export")
    (tmp_path / "out.srt").write_text("previous subtitles", encoding="utf-8")

    async def cancel_midway() -> None:
        task: asyncio.Task[ExportResult] | None = None

        def progress(fraction: float, message: str) -> None:
            # Cancel from inside the export, while ffmpeg is normalising the first clip.
            if task is not None and message.startswith("Normalising") and fraction > 0:
                task.cancel()

        task = asyncio.create_task(export_project(project, tmp_path, output,
                                                  ExportOptions(x264_preset="medium"), progress))
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_midway())
    assert output.read_bytes() == b"the previous export"
    assert (tmp_path / "out.srt").read_text(encoding="utf-8") == "previous subtitles"
    leftovers = [p.name for p in tmp_path.rglob("*") if ".part" in p.name]
    assert leftovers == []
    assert list((tmp_path / "cache" / "tmp").iterdir()) == []
    if Path("/proc/self/stat").exists():
        assert _ffmpeg_children() == []


def test_clip_sound_is_mixed_when_its_volume_is_up(media: Media, tmp_path: Path) -> None:
    from scipy import signal

    project = build_project(tmp_path, [SceneMedia(media.odd), SceneMedia(media.match_a)])
    project.settings.volumes.clip_audio = 1.0
    result = export(project, tmp_path, options=ExportOptions(sidecars=False))
    audio, rate = decode_audio(result.output)
    assert len(audio) / rate == pytest.approx(10.0, abs=0.05)
    freqs, power = signal.welch(audio[: 4 * rate, 0], rate, nperseg=8192)
    assert freqs[np.argmax(power)] == pytest.approx(300.0, abs=10.0)  # the clip's tone
    silent_part = audio[int(5.2 * rate): int(9.8 * rate)]  # the second clip has no sound
    assert np.max(np.abs(silent_part)) < 1e-3


def test_untimed_narration_gets_estimated_cues(media: Media, tmp_path: Path) -> None:
    scene = SceneMedia(media.match_a, narration=media.narration, sentences=None,
                       text=NARRATION_TEXT)
    project = build_project(tmp_path, [scene])
    export(project, tmp_path)
    times = _cue_times((tmp_path / "out.srt").read_text(encoding="utf-8"), ",")
    assert len(times) == 2
    # Spread over the 4.4 s narration file, which starts at the lead.
    assert times[0][0] == pytest.approx(NARRATION_LEAD, abs=0.01)
    assert times[0][1] < times[1][0] < times[1][1] <= NARRATION_LEAD + 4.4 + 0.01
