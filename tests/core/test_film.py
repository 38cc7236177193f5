"""The film's settings as one undoable step: a new frame shape makes the pictures stale."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vidstudio.core.commands import History
from vidstudio.core.film import EditFilm
from vidstudio.core.models import Environment, Project, Scene, Take
from vidstudio.core.vocabulary import AspectRatio, SlotKind
from vidstudio.export.options import ExportOptions, Transition, with_film_transition


def project() -> Project:
    env = Environment(id="env-a", name="Coast", setting="coast")
    made = Project(environments=[env], scenes=[Scene(id="sc-0", title="s", environment_id="env-a")])
    for slot in made.scenes[0].slots.values():
        slot.add_take(Take(provider="local"))
    return made


def stale(made: Project) -> set[SlotKind]:
    return {k for k, s in made.scenes[0].slots.items() if s.stale}


def test_a_new_aspect_makes_keyframes_and_clips_stale_and_undo_puts_it_back() -> None:
    made, history = project(), History()
    history.run(made, EditFilm({"aspect_ratio": AspectRatio.SQUARE, "short_side": 144}))
    assert made.settings.frame_size == (144, 144)
    assert stale(made) == {SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP}
    history.undo(made)
    assert made.settings.frame_size == (1280, 720) and stale(made) == set()


def test_frame_rate_and_transition_change_only_the_export() -> None:
    made = project()
    History().run(made, EditFilm({"fps": 30, "transition": "crossfade",
                                  "transition_seconds": 1.0}))
    assert stale(made) == set()
    options = with_film_transition(made, ExportOptions())
    assert (options.transition, options.transition_seconds) == (Transition.CROSSFADE, 1.0)
    own = with_film_transition(made, ExportOptions(transition=Transition.CUT))
    assert own.transition is Transition.CUT, "an export's own choice wins"


def test_a_refused_value_changes_nothing() -> None:
    made = project()
    with pytest.raises(ValidationError):
        History().run(made, EditFilm({"fps": 24, "short_side": 5}))
    assert (made.settings.fps, made.settings.short_side) == (24, 720)
