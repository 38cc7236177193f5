"""The OpenTimelineIO hand-off."""

from __future__ import annotations

import asyncio
from pathlib import Path

import opentimelineio as otio
import pytest

from tests.export.conftest import NARRATION_TEXT, SENTENCES, Media
from tests.export.media import SceneMedia, build_project
from vidstudio.core.timeline import NARRATION_LEAD
from vidstudio.export import ExportOptions, Transition, export_project


def test_otio_timeline_loads_back_with_scene_durations(media: Media, tmp_path: Path) -> None:
    scenes = [
        SceneMedia(media.match_a, bed=media.bed, narration=media.narration,
                   sentences=SENTENCES, text=NARRATION_TEXT, title="Dawn"),
        SceneMedia(media.match_9s, duration=9, title="Harbour"),
    ]
    project = build_project(tmp_path, scenes)
    output = tmp_path / "film.otio"
    result = asyncio.run(export_project(project, tmp_path, output))
    assert result.video_mode == "timeline"
    assert result.output == output
    assert (tmp_path / "film.srt").read_text(encoding="utf-8").count("-->") == 2

    timeline = otio.adapters.read_from_file(str(output))
    video = timeline.video_tracks()[0]
    clips = list(video.find_clips())
    assert [c.name for c in clips] == ["Dawn", "Harbour"]
    assert [c.duration().to_seconds() for c in clips] == [5.0, 9.0]
    for clip in clips:
        url = clip.media_reference.target_url
        assert Path(url).is_absolute() and Path(url).is_file()
    assert video.duration().to_seconds() == pytest.approx(14.0)

    beds, narration = timeline.audio_tracks()
    assert beds.duration().to_seconds() == pytest.approx(14.0)
    assert narration.duration().to_seconds() == pytest.approx(14.0)
    bed_clips = list(beds.find_clips())
    assert len(bed_clips) == 1
    # The 3 s bed is shorter than its 5 s scene; the rest is a gap, not offline media.
    assert bed_clips[0].duration().to_seconds() == pytest.approx(3.0)
    speech = next(iter(narration.find_clips()))
    assert narration.range_of_child(speech).start_time.to_seconds() == pytest.approx(
        NARRATION_LEAD)
    assert speech.duration().to_seconds() == pytest.approx(4.4, abs=0.01)


def test_crossfades_become_dissolves(media: Media, tmp_path: Path) -> None:
    project = build_project(tmp_path, [SceneMedia(media.match_a), SceneMedia(media.match_b)])
    options = ExportOptions(transition=Transition.CROSSFADE, transition_seconds=0.5)
    asyncio.run(export_project(project, tmp_path, tmp_path / "film.otio", options))
    video = otio.adapters.read_from_file(str(tmp_path / "film.otio")).video_tracks()[0]
    transitions = [item for item in video if isinstance(item, otio.schema.Transition)]
    assert len(transitions) == 1
    assert transitions[0].in_offset.to_seconds() == pytest.approx(0.25, abs=0.05)
    assert video.duration().to_seconds() == pytest.approx(10.0)
