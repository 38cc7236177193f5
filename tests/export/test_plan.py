"""The pure planning step and the options it resolves."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.export.media import SceneMedia, build_project
from vidstudio.core.models import Environment, Project, Scene, Settings, Slot, Take
from vidstudio.core.vocabulary import AspectRatio, SlotKind
from vidstudio.export import PRESETS, ExportError, ExportOptions, build_render_plan
from vidstudio.export.plan import parse_sentences

if TYPE_CHECKING:
    from pathlib import Path


def _project(durations: list[int], settings: Settings | None = None) -> Project:
    env = Environment(name="Forest", setting="forest")
    project = Project(settings=settings or Settings(), environments=[env])
    scenes = []
    for i, duration in enumerate(durations):
        scene = Scene(title=f"S{i}", environment_id=env.id, order=len(durations) - i,
                      duration=duration)
        scene.slots[SlotKind.CLIP].add_take(Take(provider="t", file=f"clips/{i}.mp4"))
        scenes.append(scene)
    project.scenes = scenes
    return project


def test_scenes_are_placed_back_to_back_in_order(tmp_path: Path) -> None:
    project = _project([5, 9, 5])
    plan = build_render_plan(project, tmp_path)
    # ``order`` was given in reverse, so the last scene created comes first.
    assert [s.title for s in plan.scenes] == ["S2", "S1", "S0"]
    assert [s.start for s in plan.scenes] == [0.0, 5.0, 14.0]
    assert [s.frames for s in plan.scenes] == [120, 216, 120]
    assert plan.duration == 19.0 and plan.total_frames == 456
    assert plan.scenes[0].clip == tmp_path / "clips" / "2.mp4"
    assert plan.scenes[0].bed is None and plan.scenes[0].narration is None


def test_default_target_is_the_project_format_at_web_loudness(tmp_path: Path) -> None:
    settings = Settings(aspect_ratio=AspectRatio.PORTRAIT, short_side=720, fps=30)
    plan = build_render_plan(_project([5], settings), tmp_path)
    target = plan.target
    assert (target.width, target.height, target.fps) == (720, 1280, 30)
    assert target.loudness_lufs == -14.0 and target.true_peak_dbtp == -1.0
    assert target.timescale == 15360


def test_presets_cover_the_delivery_formats(tmp_path: Path) -> None:
    sizes = {(p.width, p.height) for p in PRESETS.values()}
    assert {(1920, 1080), (1280, 720), (1080, 1920), (1080, 1080)} <= sizes
    assert {p.loudness_lufs for p in PRESETS.values()} == {-14.0, -23.0}
    for preset in PRESETS.values():
        plan = build_render_plan(_project([5]), tmp_path, ExportOptions(preset=preset.name))
        assert (plan.target.width, plan.target.height, plan.target.fps, plan.target.crf) == (
            preset.width, preset.height, preset.fps, preset.crf)
    broadcast = build_render_plan(_project([5]), tmp_path, ExportOptions(
        preset="broadcast-1080p", loudness_lufs=-16.0))
    assert broadcast.target.loudness_lufs == -16.0


def test_bad_options_are_export_errors(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown preset"):
        build_render_plan(_project([5]), tmp_path, ExportOptions(preset="vhs"))
    with pytest.raises(ExportError, match="even"):
        build_render_plan(_project([5]), tmp_path, ExportOptions(width=641, height=360))


def test_unready_clips_name_the_scene(tmp_path: Path) -> None:
    project = _project([5, 9])
    project.ordered_scenes[1].slots[SlotKind.CLIP] = Slot(kind=SlotKind.CLIP)
    with pytest.raises(ExportError, match='scene 2 "S0" has no ready clip'):
        build_render_plan(project, tmp_path)
    failed = _project([5])
    slot = failed.scenes[0].slots[SlotKind.CLIP]
    slot.add_take(Take(provider="t", status="failed", error="boom"), activate=False)
    slot.active = slot.takes[-1].id
    with pytest.raises(ExportError, match="scene 1"):
        build_render_plan(failed, tmp_path)
    with pytest.raises(ExportError, match="no scenes"):
        build_render_plan(_project([]), tmp_path)


def test_paths_may_not_leave_the_project(tmp_path: Path) -> None:
    project = _project([5])
    slot = project.scenes[0].slots[SlotKind.CLIP]
    slot.add_take(Take(provider="t", file="../elsewhere/clip.mp4"))
    with pytest.raises(ExportError, match="outside the project"):
        build_render_plan(project, tmp_path)


def test_sentence_metadata_is_validated() -> None:
    good = {"sentences": [{"text": "One.", "start": 0, "end": 1.5},
                          {"text": "", "start": 2, "end": 3},
                          {"text": "Backwards.", "start": 3, "end": 2},
                          {"text": "Two.", "start": "2", "end": "3.5"}]}
    parsed = parse_sentences(good)
    assert parsed is not None
    assert [(s.text, s.start, s.end) for s in parsed] == [("One.", 0.0, 1.5),
                                                         ("Two.", 2.0, 3.5)]
    assert parse_sentences({}) is None
    assert parse_sentences({"sentences": [{"text": "x"}]}) is None


def test_stale_sound_is_used_with_a_note(tmp_path: Path) -> None:
    clip = tmp_path / "c.mp4"
    clip.write_bytes(b"")
    bed = tmp_path / "b.wav"
    bed.write_bytes(b"")
    project = build_project(tmp_path / "p", [SceneMedia(clip, bed=bed)])
    project.scenes[0].slots[SlotKind.SFX].stale = True
    plan = build_render_plan(project, tmp_path / "p")
    assert plan.scenes[0].bed is not None
    assert any("out of date" in n for n in plan.notes)
