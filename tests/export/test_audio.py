"""The mix graph, the ducking and loudness arithmetic, and the beds' fit to their scenes."""

from __future__ import annotations

import asyncio
import math
import subprocess
from typing import TYPE_CHECKING

import numpy as np
import pytest
import soundfile as sf

from tests.export.media import BED_BAND, SceneMedia, band_rms_db, build_project
from vidstudio.export import BedFit, ExportOptions, build_render_plan
from vidstudio.export.audio import (
    GainPlan,
    Loudness,
    adjust_gain,
    build_mix_graph,
    duck_mix_amount,
    final_chain,
    parse_ebur128,
    plan_gain,
)
from vidstudio.media.ffmpeg import ffmpeg_exe

if TYPE_CHECKING:
    from pathlib import Path

    from tests.export.conftest import Media


def test_duck_mix_reaches_the_amount_at_nominal_speech() -> None:
    for amount in (6.0, 12.0, 20.0):
        mix = duck_mix_amount(amount)
        wet = 10 ** (-35.0 * (1 - 1 / 20) / 20)
        left = (1 - mix) + wet * mix
        assert 20 * math.log10(left) == pytest.approx(-amount, abs=0.01)
    assert duck_mix_amount(0.0) == 0.0
    assert duck_mix_amount(40.0) == 1.0


def test_gain_planning() -> None:
    quiet = Loudness(integrated=-24.0, true_peak=-12.0)
    assert plan_gain(quiet, -14.0, -1.0) == GainPlan(10.0, None)
    peaky = Loudness(integrated=-24.0, true_peak=-6.0)
    assert plan_gain(peaky, -14.0, -1.0) == GainPlan(10.0, -2.0)
    silent = Loudness(integrated=-70.0, true_peak=-math.inf)
    assert plan_gain(silent, -14.0, -1.0) == GainPlan(0.0, None)
    assert adjust_gain(GainPlan(10.0, None), Loudness(-14.2, -1.5), -14.0, -1.0) is None
    fixed = adjust_gain(GainPlan(10.0, -2.0), Loudness(-15.0, -0.8), -14.0, -1.0)
    assert fixed is not None and fixed.gain_db == pytest.approx(11.0)
    assert fixed.limit_dbtp is not None and fixed.limit_dbtp < -2.0
    assert "alimiter" in final_chain(GainPlan(3.0, -2.0), 48000)
    assert "alimiter" not in final_chain(GainPlan(3.0, None), 48000)


def test_ebur128_summary_is_parsed() -> None:
    log = ("[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -18.5 LUFS\n"
           "    Threshold: -28.6 LUFS\n\n  True peak:\n    Peak:      -3.2 dBFS\n")
    assert parse_ebur128(log) == Loudness(-18.5, -3.2)
    silent = parse_ebur128(log.replace("-18.5", "-70.0").replace("-3.2", "-inf"))
    assert silent.silent and silent.true_peak == -math.inf
    with pytest.raises(ValueError, match="summary"):
        parse_ebur128("nothing here")


def test_graph_uses_only_what_exists(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a, bed=media.bed),
                                       SceneMedia(media.match_b)])
    graph = build_mix_graph(build_render_plan(project, tmp_path), 1)
    assert [i.path.name for i in graph.inputs] == ["bed0.wav"]
    assert graph.input_args()[-4:] == ["-stream_loop", "-1", "-i", str(tmp_path / "media" /
                                                                        "bed0.wav")]
    assert "[1:a]" in graph.graph and "sidechaincompress" not in graph.graph
    assert graph.samples == 10 * 48000
    project.settings.volumes.sound_effects = 0.0
    muted = build_mix_graph(build_render_plan(project, tmp_path), 0)
    assert muted.inputs == () and "anullsrc" in muted.graph


def _render_mix(project_dir: Path, options: ExportOptions, media: Media) -> tuple[np.ndarray,
                                                                                   int]:
    project = build_project(project_dir, [SceneMedia(media.match_a, bed=media.bed)])
    graph = build_mix_graph(build_render_plan(project, project_dir, options), 0)
    out = project_dir / "mix.wav"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *graph.input_args(), "-filter_complex",
                    graph.graph, "-map", f"[{graph.label}]", "-c:a", "pcm_f32le", str(out)],
                   check=True)
    data, rate = sf.read(str(out))
    return data, rate


@pytest.mark.parametrize("fit", [BedFit.LOOP, BedFit.PAD])
def test_a_short_bed_loops_or_pads_to_its_scene(media: Media, tmp_path: Path,
                                                fit: BedFit) -> None:
    data, rate = _render_mix(tmp_path, ExportOptions(bed_fit=fit), media)
    assert len(data) == 5 * rate  # never longer or shorter than the scene
    playing = band_rms_db(data, rate, BED_BAND, 1.0, 2.5)
    after_end = band_rms_db(data, rate, BED_BAND, 3.5, 4.8)  # the 3 s file has ended
    if fit is BedFit.LOOP:
        assert after_end == pytest.approx(playing, abs=2.0)
    else:
        assert after_end < playing - 60


def test_a_long_film_is_mixed_in_bounded_groups_with_the_same_result(
        media: Media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vidstudio.export import mixdown
    from vidstudio.export.runner import ProgressTracker

    scenes = [SceneMedia(media.match_a, bed=media.bed, narration=media.narration)
              for _ in range(3)]
    plan = build_render_plan(build_project(tmp_path, scenes), tmp_path)

    def render(folder: Path) -> tuple[np.ndarray, mixdown.Mixdown]:
        folder.mkdir()
        tracker = ProgressTracker(None, {"mix": 1.0})
        mix = asyncio.run(mixdown.render_mix(plan, folder, {}, tracker, 2))
        data, _ = sf.read(str(mix.path))
        return data, mix

    whole, whole_mix = render(tmp_path / "one")
    monkeypatch.setattr(mixdown, "MAX_INPUTS_PER_RUN", 2)  # one scene per group
    grouped, grouped_mix = render(tmp_path / "groups")
    assert len(whole) == len(grouped) == 15 * 48000
    assert np.max(np.abs(whole - grouped)) < 1e-6
    assert grouped_mix.loudness.integrated == pytest.approx(whole_mix.loudness.integrated,
                                                            abs=0.05)
    # The stem pieces are removed once joined; the mix stays for the output pass.
    assert sorted(p.name for p in (tmp_path / "groups").iterdir()) == [
        "beds.ffconcat", "mix.wav", "narration.ffconcat"]
