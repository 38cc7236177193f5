"""The picture side of the MP4 export: normalisation and its cache, conforming, transitions,
burned-in subtitles."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.export.conftest import NARRATION_TEXT, SENTENCES, Media
from tests.export.media import (
    SceneMedia,
    build_project,
    frame_at,
    video_frames,
    video_packets,
)
from vidstudio.core.vocabulary import SlotKind
from vidstudio.export import (
    Conform,
    ExportOptions,
    ExportResult,
    Transition,
    build_render_plan,
    export_project,
)
from vidstudio.export.mp4info import read_video_track
from vidstudio.export.normalize import cache_path, mismatches

if TYPE_CHECKING:
    from pathlib import Path


def export(project_dir: Path, scenes: list[SceneMedia], options: ExportOptions | None = None,
           name: str = "out.mp4") -> ExportResult:
    project = build_project(project_dir, scenes)
    return asyncio.run(export_project(project, project_dir, project_dir / name, options))


def test_clips_that_differ_are_normalised_once_and_cached(media: Media, tmp_path: Path) -> None:
    scenes = [SceneMedia(media.odd), SceneMedia(media.portrait), SceneMedia(media.match_a)]
    project = build_project(tmp_path, scenes)
    first = asyncio.run(export_project(project, tmp_path, tmp_path / "a.mp4"))
    assert first.video_mode == "normalized"
    ids = [s.id for s in project.ordered_scenes]
    # The odd-sized and the portrait clip must be normalised; the matching one may join them
    # so that all joined files share one H.264 configuration.
    assert {ids[0], ids[1]} <= set(first.normalized_scenes)
    assert first.cache_hits == 0

    count, seconds, size = video_frames(first.output)
    assert (count, size) == (15 * 24, (320, 180))
    assert seconds == pytest.approx(15.0, abs=0.05)

    plan = build_render_plan(project, tmp_path)
    cached = {s.scene_id: cache_path(tmp_path, s.clip_take_id, s.clip, plan.target,
                                     plan.options.conform, s.frames) for s in plan.scenes}
    for scene in plan.scenes:
        if scene.scene_id in first.normalized_scenes:
            info = read_video_track(cached[scene.scene_id])
            assert mismatches(info, plan.target, scene.frames) == []
    # The export joined the cached files as they are (no second encode).
    joined = []
    for scene in plan.scenes:
        source = cached[scene.scene_id] if scene.scene_id in first.normalized_scenes else scene.clip
        joined += video_packets(source)
    assert video_packets(first.output) == joined

    stamps = {p: p.stat().st_mtime_ns for p in cached.values() if p.exists()}
    second = asyncio.run(export_project(project, tmp_path, tmp_path / "b.mp4"))
    assert second.cache_hits == len(first.normalized_scenes)
    assert second.normalized_scenes == first.normalized_scenes
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert video_packets(second.output) == joined


def test_a_new_take_gets_its_own_cache_entry(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.odd)])
    asyncio.run(export_project(project, tmp_path, tmp_path / "a.mp4"))
    clip_slot = project.scenes[0].slots[SlotKind.CLIP]
    from vidstudio.core.models import Take

    clip_slot.add_take(Take(provider="test", file="media/clip0.mp4"))
    again = asyncio.run(export_project(project, tmp_path, tmp_path / "b.mp4"))
    assert again.cache_hits == 0
    assert len(list((tmp_path / "cache" / "normalized").glob("*.mp4"))) == 2


@pytest.mark.parametrize("conform", [Conform.CROP, Conform.PAD, Conform.BLUR])
def test_other_aspects_are_conformed(media: Media, tmp_path: Path, conform: Conform) -> None:
    # A 16:9 clip into a 9:16 frame.
    options = ExportOptions(width=180, height=320, conform=conform, x264_preset="ultrafast",
                            sidecars=False)
    result = export(tmp_path, [SceneMedia(media.match_a)], options)
    count, _, size = video_frames(result.output)
    assert (count, size) == (120, (180, 320))
    top = frame_at(result.output, 30)[:60].astype(float)
    if conform is Conform.PAD:
        assert top.max() < 30  # black bars
    elif conform is Conform.CROP:
        assert top.mean() > 40  # picture reaches the top
    else:
        assert top.mean() > 40  # a blurred copy fills the bars...
        rows = top.mean(axis=2)
        sharp = frame_at(result.output, 30)[130:190].astype(float).mean(axis=2)
        # ...and it is much smoother than the picture itself.
        assert np.abs(np.diff(rows, axis=1)).mean() < np.abs(np.diff(sharp, axis=1)).mean() / 2


def test_crossfade_keeps_the_length_and_blends_at_the_cut(media: Media, tmp_path: Path) -> None:
    options = ExportOptions(transition=Transition.CROSSFADE, transition_seconds=0.5,
                            x264_preset="ultrafast")
    result = export(tmp_path, [SceneMedia(media.red), SceneMedia(media.blue)], options)
    assert result.video_mode == "reencoded"
    count, seconds, _ = video_frames(result.output)
    assert count == 240
    assert seconds == pytest.approx(10.0, abs=0.05)
    red, blue = frame_at(result.output, 60).mean(axis=(0, 1)), frame_at(result.output,
                                                                        180).mean(axis=(0, 1))
    assert red[0] > 200 and red[2] < 40
    assert blue[2] > 200 and blue[0] < 40
    for index in (119, 120):  # both sides of the cut are about half and half
        r, _, b = frame_at(result.output, index).mean(axis=(0, 1))
        assert 70 < r < 190 and 70 < b < 190, (index, r, b)
    early = frame_at(result.output, 112).mean(axis=(0, 1))
    assert early[0] > 200  # the fade is only 0.5 s long


def test_dip_to_black(media: Media, tmp_path: Path) -> None:
    options = ExportOptions(transition=Transition.DIP_TO_BLACK, transition_seconds=0.5,
                            x264_preset="ultrafast")
    result = export(tmp_path, [SceneMedia(media.red), SceneMedia(media.blue)], options)
    count, _, _ = video_frames(result.output)
    assert count == 240
    for index in (119, 120):
        assert frame_at(result.output, index).mean() < 25
    assert frame_at(result.output, 100)[..., 0].mean() > 200
    assert frame_at(result.output, 0)[..., 0].mean() > 200  # no fade at the film's start


def test_burned_in_subtitles(media: Media, tmp_path: Path) -> None:
    scene = SceneMedia(media.grey, narration=media.narration, sentences=SENTENCES,
                       text=NARRATION_TEXT)
    options = ExportOptions(burn_subtitles=True, x264_preset="ultrafast")
    result = export(tmp_path, [scene], options)
    assert result.video_mode == "reencoded"
    assert not [n for n in result.notes if "font" in n and "not burned" in n]
    during = frame_at(result.output, 24)[120:].astype(float)  # t = 1.0 s, first cue shown
    between = frame_at(result.output, 60)[120:].astype(float)  # t = 2.5 s, between cues
    assert during.max() > 220  # white letters
    assert during.min() < 40  # their black outline
    assert between.max() < 160 and between.min() > 100  # plain grey
