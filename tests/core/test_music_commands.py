"""The film's music settings as undoable edits: on/off, level (merged while stepped), lock;
none of them makes the score stale, a refused value changes nothing."""

from __future__ import annotations

import pytest

from vidstudio.core.commands import History
from vidstudio.core.models import Project, Take
from vidstudio.core.music_commands import MUSIC_SETTINGS_FIELD, EditMusic


def scored() -> Project:
    project = Project()
    project.music.takes = [Take(provider="local-music", file="assets/m.wav")]
    project.music.active = project.music.takes[0].id
    return project


def test_on_off_level_and_lock_are_undone_and_leave_the_score_fresh() -> None:
    project, history = scored(), History()
    changes = history.run(project, EditMusic({"enabled": False}))
    assert MUSIC_SETTINGS_FIELD in changes.fields and not changes.stale
    assert history.undo_label == "Turn music off"
    history.run(project, EditMusic({"locked": True}))
    assert history.undo_label == "Lock the score"
    assert project.music_settings.locked and not project.music_settings.enabled
    assert not project.music.stale
    history.undo(project)
    history.undo(project)
    assert project.music_settings.enabled and not project.music_settings.locked
    history.redo(project)
    assert not project.music_settings.enabled


def test_level_steps_merge_into_one_undo_step() -> None:
    project, history = scored(), History()
    for level in (-19.0, -18.0, -12.0):
        history.run(project, EditMusic({"level_db": level}), merge=True)
    assert len(history.done) == 1 and history.undo_label == "Set music level"
    assert project.music_settings.level_db == -12.0
    history.undo(project)
    assert project.music_settings.level_db == -20.0
    history.run(project, EditMusic({"enabled": False}), merge=True)
    history.run(project, EditMusic({"level_db": -30.0}), merge=True)
    assert len(history.done) == 2  # an on/off step is not merged with a level step


def test_a_refused_value_changes_nothing() -> None:
    project = scored()
    with pytest.raises(ValueError, match="level_db"):
        EditMusic({"enabled": False, "level_db": 6.0}).apply(project)
    assert project.music_settings.enabled and project.music_settings.level_db == -20.0
    with pytest.raises(ValueError, match="not a music setting"):
        EditMusic({"volume": 1}).apply(project)
    assert EditMusic({"level_db": -20.0}).apply(project).empty  # the same value: no change
