"""The film's score as a slot: stored, migrated, made stale by the cuts it follows, undone."""

from __future__ import annotations

import pytest

from vidstudio.core import consistency
from vidstudio.core.commands import AddTake, EditScene, History, ReorderScenes
from vidstudio.core.deps import FILM, SlotRef, all_slots, slot_at
from vidstudio.core.models import SCHEMA_VERSION, Environment, Project, Scene, Take
from vidstudio.core.structure import AddScene
from vidstudio.core.vocabulary import SlotKind
from vidstudio.storage.migrations import migrate

MUSIC = SlotRef(FILM, SlotKind.MUSIC)


def scored() -> tuple[Project, History]:
    env = Environment(id="env-a", name="Coast", setting="coast")
    scenes = [Scene(id=f"sc-{i}", title=f"s{i}", order=i, environment_id="env-a", duration=5,
                    emotions=["calm"]) for i in range(2)]
    project = Project(environments=[env], scenes=scenes)
    history = History()
    take = Take(provider="local-music", file="assets/m.flac",
                inputs={consistency.FIELDS: consistency.fields_digest(project, MUSIC)})
    history.run(project, AddTake(MUSIC, take))
    assert project.music.is_ready and slot_at(project, MUSIC) is project.music
    assert all_slots(project)[MUSIC] is project.music
    return project, history


def test_reorder_marks_the_score_stale_and_undo_keeps_the_take() -> None:
    project, history = scored()
    changes = history.run(project, ReorderScenes(["sc-1", "sc-0"]))
    assert project.music.stale and MUSIC in changes.stale
    assert consistency.out_of_date(project) == []
    changes = history.undo(project)
    assert [t.file for t in project.music.takes] == ["assets/m.flac"]
    # The score fits the order again: undo puts its state back with the order.
    assert not project.music.stale and MUSIC in changes.fresh
    history.redo(project)
    assert project.music.stale


def test_duration_and_mood_edits_mark_it_stale_a_caption_does_not() -> None:
    for name, value in (("duration", 9), ("emotions", ["tense"]), ("caption", "Hello")):
        project, history = scored()
        history.run(project, EditScene("sc-0", name, value))
        assert project.music.stale is (name != "caption"), name
        history.undo(project)
        assert not project.music.stale, name  # undo puts the edit and its staleness back


def test_a_new_scene_marks_it_stale() -> None:
    project, history = scored()
    history.run(project, AddScene(after_id="sc-1"))
    assert project.music.stale


def test_old_projects_open_with_no_score_and_music_on() -> None:
    old = Project().model_dump(mode="json")
    for key in ("music", "music_settings"):
        del old[key]
    old["schema_version"] = 3
    project = Project.model_validate(migrate(old, 3, SCHEMA_VERSION))
    assert project.music.kind is SlotKind.MUSIC and not project.music.takes
    assert project.music_settings.enabled and SCHEMA_VERSION == 5


def test_a_schema_4_project_loses_only_the_scores_unused_provider_field() -> None:
    old = Project().model_dump(mode="json")
    old["music_settings"] = {"enabled": False, "level_db": -12.0, "provider": "auto"}
    old["schema_version"] = 4
    with pytest.raises(ValueError, match="provider"):
        Project.model_validate(old)  # what the field's removal would do without the step
    project = Project.model_validate(migrate(old, 4, SCHEMA_VERSION))
    assert not project.music_settings.enabled and project.music_settings.level_db == -12.0
