"""The film's structure commands: limits, narration split/join, staleness, and undo that keeps
every take."""

from __future__ import annotations

import pytest

from vidstudio.core.commands import AddTake, History
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Environment, Project, Scene, Take
from vidstudio.core.structure import (
    AddScene,
    DeleteScene,
    DuplicateScene,
    MergeScenes,
    SplitScene,
    StructureError,
    split_narration,
)
from vidstudio.core.vocabulary import SlotKind


def project_of(durations: list[int]) -> Project:
    env = Environment(id="env-a", name="Coast", setting="coast")
    scenes = [Scene(id=f"sc-{i}", title=f"s{i}", order=i, environment_id="env-a",
                    duration=d, narration=f"First of {i}. Second of {i}. Third of {i}.")
              for i, d in enumerate(durations)]
    project = Project(environments=[env], scenes=scenes)
    for scene in project.scenes:
        for slot in scene.slots.values():
            slot.add_take(Take(provider="local", file="assets/x"))
    project.music.add_take(Take(provider="local", file="assets/score"))
    return project


def order(project: Project) -> list[str]:
    return [s.id for s in project.ordered_scenes]


def takes(project: Project) -> dict[str, list[str]]:
    return {s.id: sorted(t.id for slot in s.slots.values() for t in slot.takes)
            for s in project.scenes}


def test_add_refuses_a_sixth_scene_with_the_reason() -> None:
    project = project_of([5] * 4)
    history = History()
    command = AddScene(after_id="sc-1")
    history.run(project, command)
    assert order(project)[2] == command.added and len(project.scenes) == 5
    assert project.scene(command.added or "").environment_id == "env-a"
    with pytest.raises(StructureError, match="at most 5 scenes"):
        history.run(project, AddScene())
    with pytest.raises(StructureError, match="at most 5 scenes"):
        history.run(project, DuplicateScene(scene_id="sc-0"))
    with pytest.raises(StructureError, match="at most 5 scenes"):
        history.run(project, SplitScene(scene_id="sc-0"))
    assert len(project.scenes) == 5, "a refused change changes nothing"
    history.undo(project)
    assert order(project) == ["sc-0", "sc-1", "sc-2", "sc-3"]


def test_delete_and_undo_bring_the_scene_back_with_every_take() -> None:
    project = project_of([5, 9, 5])
    before = takes(project)
    history = History()
    changes = history.run(project, DeleteScene(scene_id="sc-1"))
    assert changes.structure and order(project) == ["sc-0", "sc-2"]
    assert [s.order for s in project.ordered_scenes] == [0, 1]
    assert project.music.stale == bool(project.music.takes)  # the score is cut to the scenes
    history.undo(project)
    assert order(project) == ["sc-0", "sc-1", "sc-2"] and takes(project) == before
    assert all(slot.is_ready for slot in project.scene("sc-1").slots.values())
    assert not project.music.stale
    history.redo(project)
    assert order(project) == ["sc-0", "sc-2"]


def test_split_a_9s_scene_makes_two_5s_scenes_and_cuts_the_narration() -> None:
    project = project_of([9, 5])
    history = History()
    changes = history.run(project, SplitScene(scene_id="sc-0"))
    first, second, third = project.ordered_scenes
    assert (first.id, third.id) == ("sc-0", "sc-1")
    assert (first.duration, second.duration) == (5, 5)
    assert first.narration == "First of 0. Second of 0."
    assert second.narration == "Third of 0."
    assert not any(slot.takes for slot in second.slots.values())
    # The kept half's clip, sound and narration were made for 9 s and the whole text.
    assert {k for k, s in first.slots.items() if s.stale} == {
        SlotKind.CLIP, SlotKind.SFX, SlotKind.NARRATION}
    assert SlotRef("sc-0", SlotKind.CLIP) in changes.stale
    history.undo(project)
    original = project.scene("sc-0")
    assert original.duration == 9 and original.narration.endswith("Third of 0.")
    assert not any(s.stale for s in original.slots.values())
    assert order(project) == ["sc-0", "sc-1"]


def test_split_a_5s_scene_uses_the_asked_length() -> None:
    project = project_of([5])
    History().run(project, SplitScene(scene_id="sc-0", new_duration=9))
    assert [s.duration for s in project.ordered_scenes] == [5, 9]


def test_merge_makes_one_9s_scene_with_both_narrations_and_undo_restores() -> None:
    project = project_of([5, 5, 5])
    before = takes(project)
    history = History()
    history.run(project, MergeScenes(scene_id="sc-0"))
    assert order(project) == ["sc-0", "sc-2"]
    merged = project.scene("sc-0")
    assert merged.duration == 9
    assert merged.narration == ("First of 0. Second of 0. Third of 0. "
                                "First of 1. Second of 1. Third of 1.")
    with pytest.raises(StructureError, match="no next scene"):
        history.run(project, MergeScenes(scene_id="sc-2"))
    history.undo(project)
    assert order(project) == ["sc-0", "sc-1", "sc-2"] and takes(project) == before
    assert project.scene("sc-0").duration == 5


def test_a_take_made_after_a_split_survives_its_undo() -> None:
    project = project_of([9])
    history = History()
    history.run(project, SplitScene(scene_id="sc-0"))
    late = Take(provider="local", file="assets/late")
    history.run(project, AddTake(SlotRef("sc-0", SlotKind.CLIP), late))
    history.done.pop()  # the take is a job's, not an undo step: only the split is undone
    history.undo(project)
    clip = project.scene("sc-0").slots[SlotKind.CLIP]
    assert late.id in [t.id for t in clip.takes] and clip.active != late.id


def test_duplicate_copies_content_without_takes() -> None:
    project = project_of([9])
    History().run(project, DuplicateScene(scene_id="sc-0"))
    original, copy = project.ordered_scenes
    assert copy.id != original.id and copy.duration == 9
    assert copy.narration == original.narration and copy.title == "s0 (copy)"
    assert not any(slot.takes for slot in copy.slots.values())


def test_narration_is_cut_at_a_sentence_boundary() -> None:
    assert split_narration("One. Two! Three? Four.") == ("One. Two!", "Three? Four.")
    assert split_narration("Only one sentence") == ("Only one sentence", "")


def test_dialogue_follows_the_narration_through_split_and_join() -> None:
    from vidstudio.core.models import CharacterId, DialogueLine
    from vidstudio.core.structure import join_dialogue, split_dialogue

    who = CharacterId("ch-1")
    early, late, after = (DialogueLine(character_id=who, text=t, position=p)
                          for t, p in (("Hello.", 3), ("Look!", 14), ("Bye.", -1)))
    first, rest = split_dialogue([early, late, after], cut=10)
    assert first == [early]
    assert [(line.text, line.position) for line in rest] == [("Look!", 3), ("Bye.", -1)]
    joined = join_dialogue("One. Two.", first, rest)
    assert [(line.text, line.position) for line in joined] == [
        ("Hello.", 3), ("Look!", 13), ("Bye.", -1)]
