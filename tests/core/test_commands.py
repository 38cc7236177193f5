from __future__ import annotations

from vidstudio.core.commands import ActivateTake, EditEnvironment, EditScene, History
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Environment, Project, Scene, Take
from vidstudio.core.vocabulary import SlotKind


def filled_project() -> Project:
    env = Environment(id="env-a", name="Coast", setting="coast", image_prompts=["p"] * 2)
    other = Environment(id="env-b", name="Room", setting="interior", image_prompts=["p"] * 2)
    scenes = [Scene(id=f"sc-{i}", title=f"s{i}", order=i,
                    environment_id="env-a" if i < 2 else "env-b") for i in range(3)]
    project = Project(environments=[env, other], scenes=scenes)
    for e in project.environments:
        for slot in [*e.images, e.style]:
            slot.add_take(Take(provider="local", file="assets/x"))
    for s in project.scenes:
        for slot in s.slots.values():
            slot.add_take(Take(provider="local", file="assets/x"))
    return project


def stale_kinds(project: Project, scene_id: str) -> set[SlotKind]:
    return {k for k, slot in project.scene(scene_id).slots.items() if slot.stale}


def test_editing_narration_marks_only_narration_stale() -> None:
    project = filled_project()
    changes = History().run(project, EditScene("sc-0", "narration", "New words."))
    assert stale_kinds(project, "sc-0") == {SlotKind.NARRATION}
    assert stale_kinds(project, "sc-1") == set()
    assert changes.stale == {SlotRef("sc-0", SlotKind.NARRATION)}


def test_editing_first_frame_prompt_marks_both_frames_and_clip() -> None:
    # The last keyframe is painted from the first one, so it follows it.
    project = filled_project()
    History().run(project, EditScene("sc-1", "first_frame_prompt", "a boat"))
    assert stale_kinds(project, "sc-1") == {SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME,
                                            SlotKind.CLIP}


def test_editing_duration_marks_clip_sound_and_narration() -> None:
    project = filled_project()
    History().run(project, EditScene("sc-0", "duration", 9))
    assert stale_kinds(project, "sc-0") == {SlotKind.CLIP, SlotKind.SFX, SlotKind.NARRATION}


def test_editing_an_environment_marks_its_images_style_and_its_scenes_visuals() -> None:
    project = filled_project()
    History().run(project, EditEnvironment("env-a", "weather", "storm"))
    env = project.environment("env-a")
    assert all(slot.stale for slot in env.images) and env.style.stale
    for sid in ("sc-0", "sc-1"):
        assert stale_kinds(project, sid) == {SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME,
                                             SlotKind.CLIP}
    assert stale_kinds(project, "sc-2") == set(), "another environment's scene is untouched"
    assert not project.environment("env-b").style.stale


def test_undo_and_redo_restore_value_and_staleness() -> None:
    project = filled_project()
    history = History()
    history.run(project, EditScene("sc-0", "camera", "Pan Left"))
    assert project.scene("sc-0").camera.value == "Pan Left"
    history.undo(project)
    assert project.scene("sc-0").camera.value == "Static"
    assert stale_kinds(project, "sc-0") == set()
    history.redo(project)
    assert project.scene("sc-0").camera.value == "Pan Left"
    assert stale_kinds(project, "sc-0") == {SlotKind.LAST_FRAME, SlotKind.CLIP}


def test_choosing_an_earlier_take_marks_dependents_and_keeps_takes() -> None:
    project = filled_project()
    slot = project.scene("sc-0").slots[SlotKind.FIRST_FRAME]
    older = slot.takes[0]
    slot.add_take(Take(provider="local", file="assets/y"))
    History().run(project, ActivateTake(SlotRef("sc-0", SlotKind.FIRST_FRAME), older.id))
    assert slot.active == older.id and len(slot.takes) == 2
    assert stale_kinds(project, "sc-0") == {SlotKind.LAST_FRAME, SlotKind.CLIP}
