"""The score in the exported film: a stem under the narration (ducked like the beds), cut
seamlessly at the scenes, and the film still at its loudness target under its peak ceiling."""

from __future__ import annotations

import asyncio
import subprocess
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pyloudnorm
import pytest
import soundfile as sf

from tests.export.conftest import NARRATION_TEXT, SENTENCES, SPANS, Media
from tests.export.media import SceneMedia, build_project, decode_audio, true_peak_db
from vidstudio.core.models import Take
from vidstudio.core.timeline import NARRATION_LEAD
from vidstudio.export import ExportOptions, build_render_plan, export_project
from vidstudio.export.audio import build_mix_graph
from vidstudio.media import audio
from vidstudio.media.ffmpeg import ffmpeg_exe
from vidstudio.providers.local.music.synth import ScoreSection, render_score_file

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.core.models import Project
    from vidstudio.export.plan import RenderPlan


@pytest.fixture(scope="module")
def scored(media: Media, tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """Two narrated 5 s scenes (no beds) and an offline score of them."""
    folder = tmp_path_factory.mktemp("scored")
    scenes = [SceneMedia(clip, narration=media.narration, sentences=SENTENCES,
                         text=NARRATION_TEXT) for clip in (media.match_a, media.match_b)]
    project = build_project(folder, scenes)
    measured = render_score_file([ScoreSection(5.0, ("calm",)), ScoreSection(5.0, ("tense",))],
                                 4, str(folder / "media" / "score.wav"))
    project.music.add_take(Take(provider="local", file="media/score.wav", metadata=measured))
    return project, folder


def _mix(plan: RenderPlan, out: Path) -> np.ndarray:
    graph = build_mix_graph(plan, 0)
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *graph.input_args(), "-filter_complex",
                    graph.graph, "-map", f"[{graph.label}]", "-c:a", "pcm_f32le", str(out)],
                   check=True)
    data, _ = sf.read(str(out))
    return np.asarray(data, dtype=np.float64)


def _rms(x: np.ndarray, start: float, end: float) -> float:
    return audio.rms_dbfs(x[int(start * 48000):int(end * 48000)])


def test_the_score_sits_10_db_under_the_narration_and_joins_at_the_cut(
        scored: tuple[Project, Path]) -> None:
    project, folder = scored
    plan = build_render_plan(project, folder)
    assert plan.music is not None and plan.mix.music > 0
    both = _mix(plan, folder / "both.wav")
    voice = _mix(replace(plan, mix=replace(plan.mix, music=0.0)), folder / "voice.wav")
    alone = _mix(replace(plan, mix=replace(plan.mix, narration=0.0)), folder / "alone.wav")
    music = both - voice  # the score as it sounds in the film, ducked by the narration
    assert len(both) == 10 * 48000
    assert _rms(alone, 1.0, 4.0) > -50.0 and _rms(music, 1.0, 4.0) > -60.0  # it is there
    for scene_start in (0.0, 5.0):
        for start, end in SPANS:
            a, b = scene_start + NARRATION_LEAD + start + 0.2, scene_start + NARRATION_LEAD + end
            assert _rms(music, a, b) <= _rms(voice, a, b) - 10.0, (a, b)
    # Undisturbed by speech, the score runs across the cut without a gap or a dip.
    around = _rms(alone, 4.5, 5.5)
    for k in range(-2, 2):
        assert _rms(alone, 5.0 + k * 0.05, 5.0 + (k + 1) * 0.05) > around - 6.0
    # Music off in the settings: no score in the mix.
    project.music_settings.enabled = False
    try:
        assert build_render_plan(project, folder).music is None
    finally:
        project.music_settings.enabled = True


@pytest.mark.parametrize("target", [-14.0, -23.0])
def test_the_film_with_its_score_meets_the_loudness_target(
        scored: tuple[Project, Path], target: float) -> None:
    project, folder = scored
    result = asyncio.run(export_project(project, folder, folder / f"film{target:g}.mp4",
                                        ExportOptions(loudness_lufs=target, sidecars=False)))
    samples, rate = decode_audio(result.output)
    assert pyloudnorm.Meter(rate).integrated_loudness(samples) == pytest.approx(target, abs=1.0)
    assert true_peak_db(samples) <= -1.0


def _noise(path: Path, seconds: float) -> np.ndarray:
    """``seconds`` of steady stereo pink noise at 48 kHz (music of an even level, so a dip
    or a gap cannot hide in the music itself); the samples as written."""
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:seed=5:"
                    f"duration={seconds}", "-ac", "2", "-c:a", "pcm_s16le", str(path)],
                   check=True)
    data, _ = sf.read(str(path))
    return np.asarray(data, dtype=np.float64)


def _fitted(project: Project, folder: Path, music: Path, seconds: float) -> np.ndarray:
    """The music stem of the film with ``music`` as its score, at unity gain (no voice)."""
    take = Take(provider="import", file=f"media/{music.name}",
                metadata={"duration": seconds, "loudness_lufs": -20.0})
    project.music.add_take(take)
    plan = build_render_plan(project, folder)
    assert plan.music_seconds == seconds
    alone = replace(plan, mix=replace(plan.mix, narration=0.0, music=1.0))
    return _mix(alone, folder / f"fitted-{music.stem}.wav")


def _no_gap_or_dip(stem: np.ndarray, until: float) -> None:
    """No 100 ms of silence before the last 100 ms (where the fade-out reaches silence);
    before ``until`` (where the fade-out starts) no 50 ms more than 6 dB under the level, at
    the cut (5 s) or anywhere else."""
    for k in range(len(stem) // 4800 - 1):
        assert _rms(stem, k * 0.1, (k + 1) * 0.1) > -60.0, f"a gap at {k * 0.1:.1f} s"
    level = _rms(stem, 0.0, until)
    for k in range(int(until / 0.05)):
        assert _rms(stem, k * 0.05, (k + 1) * 0.05) > level - 6.0, f"a dip at {k * 0.05:.2f} s"


def test_music_shorter_than_the_film_loops_with_a_crossfade_and_fades_out(
        scored: tuple[Project, Path]) -> None:
    from vidstudio.export.musicfit import plan_fit

    project, folder = scored
    original = project.music.active
    music = _noise(folder / "media" / "short.wav", 3.0)
    try:
        stem = _fitted(project, folder, folder / "media" / "short.wav", 3.0)
    finally:
        project.music.active = original
    fit = plan_fit(3.0, 10.0)
    assert fit.mode == "loop" and len(stem) == 10 * 48000
    # The first pass is the music itself; after the crossfade, each pass is the music again
    # from where the crossfade ended (a loop, not silence or padding).
    x, period = fit.crossfade_samples, fit.period
    assert np.abs(stem[:period] - music[:period]).max() < 1e-3
    for start in (period + x, 2 * period + x):
        span = stem[start:start + 24000]
        assert np.abs(span - music[x:x + 24000]).max() < 1e-3, start
    _no_gap_or_dip(stem, 10.0 - fit.fade_out)
    # It ends with the fade-out: the last 100 ms far under the level before.
    assert _rms(stem, 9.9, 10.0) < _rms(stem, 1.0, 7.0) - 20.0


def test_music_longer_than_the_film_is_cut_with_a_fade_out(
        scored: tuple[Project, Path]) -> None:
    from vidstudio.export.mixcache import mix_key

    project, folder = scored
    original = project.music.active
    music = _noise(folder / "media" / "long.wav", 14.0)
    try:
        stem = _fitted(project, folder, folder / "media" / "long.wav", 14.0)
        plan = build_render_plan(project, folder)
    finally:
        project.music.active = original
    assert len(stem) == 10 * 48000
    assert np.abs(stem[:5 * 48000] - music[:5 * 48000]).max() < 1e-3  # as it is, no loop
    _no_gap_or_dip(stem, 7.5)
    assert _rms(stem, 9.9, 10.0) < _rms(stem, 1.0, 7.0) - 20.0
    # How the score is fitted is part of the mix cache's key: the same file, fitted another
    # way (here: taken as the film's length), is another mix.
    assert mix_key(plan, {}) != mix_key(replace(plan, music_seconds=None), {})
