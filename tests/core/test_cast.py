"""The cast in the model: schema 3, what a character's edit makes stale, undo of cast commands."""

from __future__ import annotations

import json

import pytest

from vidstudio.core import consistency
from vidstudio.core.cast_commands import AddCharacter, EditCharacter, RemoveCharacter
from vidstudio.core.commands import AddTake, EditScene, History
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import (
    SCHEMA_VERSION,
    CastMember,
    Character,
    DialogueLine,
    Environment,
    Garment,
    Look,
    Project,
    Scene,
    Take,
)
from vidstudio.core.vocabulary import SlotKind
from vidstudio.storage.migrations import migrate


def _take(name: str) -> Take:
    return Take(provider="local", file=f"assets/{name}.png")


def _project() -> Project:
    env = Environment(name="Harbour", setting="coast")
    ana = Character(name="Ana", look=Look(wardrobe=(Garment(item="raincoat", colour="blue"),)),
                    sheet_prompts=["Ana, front", "Ana, side"])
    dog = Character(name="Pip", kind="animal", voice="v-dog")
    scenes = [
        Scene(title="one", environment_id=env.id, order=0,
              cast=[CastMember(character_id=ana.id, action="walks")]),
        Scene(title="two", environment_id=env.id, order=1,
              cast=[CastMember(character_id=dog.id)],
              dialogue=[DialogueLine(character_id=dog.id, text="Woof.")]),
        Scene(title="three", environment_id=env.id, order=2),
    ]
    project = Project(environments=[env], characters=[ana, dog], scenes=scenes)
    history = History()
    for scene in scenes:
        for kind in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP,
                     SlotKind.NARRATION):
            history.run(project, AddTake(SlotRef(scene.id, kind), _take(f"{scene.title}{kind}")))
    for index in range(2):
        history.run(project, AddTake(SlotRef(ana.id, SlotKind.CHARACTER_IMAGE, index),
                                     _take(f"ana{index}")))
    return project


def _stale(project: Project) -> set[tuple[str, str]]:
    from vidstudio.core.deps import all_slots
    names = {s.id: s.title for s in project.scenes} | {c.id: c.name for c in project.characters}
    return {(names[ref.owner], f"{ref.kind.value}{'' if ref.index is None else ref.index}")
            for ref, slot in all_slots(project).items() if slot.stale}


def test_a_schema_2_project_opens_with_an_empty_cast() -> None:
    old = json.loads(Project(environments=[Environment(name="x", setting="coast")]
                             ).model_dump_json(exclude={"characters"}))
    old["schema_version"] = 2
    for key in ("characters",):
        old.pop(key, None)
    data = migrate(old, 2, SCHEMA_VERSION)
    project = Project.model_validate(data)
    assert project.characters == [] and project.schema_version == SCHEMA_VERSION


def test_a_scene_naming_an_unknown_character_is_refused() -> None:
    env = Environment(name="x", setting="coast")
    with pytest.raises(ValueError, match="unknown character"):
        Project(environments=[env], scenes=[Scene(
            title="a", environment_id=env.id, cast=[CastMember(character_id="ch-nobody")])])


def test_editing_a_look_makes_exactly_its_sheet_and_its_scenes_keyframes_stale() -> None:
    project = _project()
    ana = project.characters[0]
    history = History()
    look = ana.look.model_copy(update={"hair": "red hair"})
    history.run(project, EditCharacter(ana.id, "look", look))
    assert _stale(project) == {("Ana", "character_image0"), ("Ana", "character_image1"),
                               ("one", "first_frame"), ("one", "last_frame"), ("one", "clip")}
    assert consistency.character_downstream(project, ana.id, "look") == {
        SlotRef(ana.id, SlotKind.CHARACTER_IMAGE, 0), SlotRef(ana.id, SlotKind.CHARACTER_IMAGE, 1),
        *(SlotRef(project.scenes[0].id, k) for k in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME,
                                                      SlotKind.CLIP))}
    history.undo(project)
    assert _stale(project) == set()
    assert project.characters[0].look == ana.look


def test_editing_a_voice_makes_only_the_lines_it_speaks_stale() -> None:
    project = _project()
    dog = project.characters[1]
    History().run(project, EditCharacter(dog.id, "voice", "v-other"))
    assert _stale(project) == {("two", "narration")}


def test_a_new_sheet_take_makes_the_keyframes_that_used_it_stale() -> None:
    project = _project()
    ana = project.characters[0]
    History().run(project, AddTake(SlotRef(ana.id, SlotKind.CHARACTER_IMAGE, 0), _take("new")))
    assert _stale(project) == {("one", "first_frame"), ("one", "last_frame"), ("one", "clip")}


def test_recasting_a_scene_is_an_undoable_scene_edit() -> None:
    project = _project()
    dog = project.characters[1]
    three = project.scenes[2]
    history = History()
    history.run(project, EditScene(three.id, "cast", [CastMember(character_id=dog.id)]))
    assert _stale(project) == {("three", "first_frame"), ("three", "last_frame"),
                               ("three", "clip")}
    history.undo(project)
    assert project.scene(three.id).cast == [] and _stale(project) == set()


def test_removing_a_character_and_undo_keep_every_take() -> None:
    project = _project()
    ana = project.characters[0]
    takes = len(project.all_takes())
    history = History()
    history.run(project, RemoveCharacter(ana.id))
    assert [c.name for c in project.characters] == ["Pip"]
    assert project.scenes[0].cast == []
    history.undo(project)
    assert [c.name for c in project.characters] == ["Ana", "Pip"]
    assert project.scenes[0].cast[0].character_id == ana.id
    assert len(project.all_takes()) == takes
    history.redo(project)
    history.undo(project)
    added = Character(name="Ines")
    history.run(project, AddCharacter(added, (project.scenes[2].id,)))
    assert project.scenes[2].cast[-1].character_id == added.id
    history.undo(project)
    assert all(c.id != added.id for c in project.characters) and not project.scenes[2].cast
