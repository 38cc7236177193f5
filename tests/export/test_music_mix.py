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
