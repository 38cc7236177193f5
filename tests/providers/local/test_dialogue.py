"""Dialogue from the script (issue 22): each form's lines go to their speakers at their place,
and the narrator reads only what a narrator would (no cues, headings, labels or fragments)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.planner.dialogue import voice_track

if TYPE_CHECKING:
    from vidstudio.core.plan import Plan

SCREENPLAY = """INT. NIGHT TRAIN - CARRIAGE - NIGHT

Rain streaks the windows. ANA sits alone with a battered suitcase.

The NIGHT PORTER shuffles in, lantern swinging.

PORTER
Tickets, please.

ANA
(quietly)
I lost mine at the station.
"""

LABELLED = """ANA: Where were you last night?
BEN: Out by the harbour, watching the boats."""

ORDINARY_CASE = """Ana: We should go.
Ben: Five more minutes."""

PROSE = """The rain had not stopped for three days. "Come home," said Ana, pulling her coat tight.
Ben looked at the grey sea."""

TRAILER = """GENRE: Thriller

NARRATOR (V.O.): In a city that never sleeps, one woman is running out of time.

ANA: They know who I am.

Morning light."""

ADVERT = """Scene 1: A kitchen at dawn.

MUM: Who finished the orange juice?

NARRATOR: Sunny Grove juice. Gone before breakfast."""


def _said(plan: Plan) -> list[tuple[str, str, int]]:
    """(speaker name or NARRATOR, text, position) in the order of the film."""
    names = {c.id: c.name for c in plan.characters}
    out: list[tuple[str, str, int]] = []
    for scene in plan.scenes:
        if scene.narration:
            out.append(("NARRATOR", scene.narration, -1))
        out += [(names[line.character_id], line.text, line.position) for line in scene.dialogue]
    return out


def _narration(plan: Plan) -> str:
    return " ".join(scene.narration for scene in plan.scenes)


def test_screenplay_cues_are_speakers_and_never_read() -> None:
    plan = build_plan(SCREENPLAY)
    said = _said(plan)
    lines = [(who, text) for who, text, _ in said if who != "NARRATOR"]
    assert lines == [("Porter", "Tickets, please."), ("Ana", "I lost mine at the station.")]
    narration = _narration(plan)
    assert "PORTER" not in narration and "INT." not in narration
    assert "quietly" not in narration and "Tickets" not in narration
    assert "Rain streaks the windows." in narration
    # The lines come after the porter walks in: their position is past that sentence.
    scene = next(s for s in plan.scenes if s.dialogue)
    assert scene.narration.startswith("The Night Porter shuffles in")
    assert all(line.position == len(scene.narration) for line in scene.dialogue)


@pytest.mark.parametrize("script", [LABELLED, ORDINARY_CASE])
def test_labelled_lines_leave_no_narration(script: str) -> None:
    plan = build_plan(script)
    said = _said(plan)
    assert [who for who, _, _ in said] == ["Ana", "Ben"]
    assert said[0][1] in ("Where were you last night?", "We should go.")
    assert _narration(plan).strip() == ""  # no "ANA:" read by the narrator


def test_quoted_speech_in_prose_is_the_attributed_characters() -> None:
    plan = build_plan(PROSE)
    names = {c.id: c.name for c in plan.characters}
    lines = [(names[line.character_id], line.text, scene)
             for scene in plan.scenes for line in scene.dialogue]
    assert [(who, text) for who, text, _ in lines] == [("Ana", "Come home.")]
    scene = lines[0][2]
    narration = scene.narration
    assert "Come home" not in narration and '"' not in narration
    # The line falls before the narrator's "Ana said, pulling her coat tight."
    assert narration[lines[0][2].dialogue[0].position:].lstrip().startswith("Ana said, pulling")


def test_trailer_labels_headings_and_fragments_are_not_read() -> None:
    plan = build_plan(TRAILER)
    narration = _narration(plan)
    assert "Thriller" not in narration and "GENRE" not in narration
    assert "NARRATOR" not in narration and "Morning light" not in narration
    assert "In a city that never sleeps, one woman is running out of time." in narration
    assert [(who, text) for who, text, _ in _said(plan) if who != "NARRATOR"] == [
        ("Ana", "They know who I am.")]
    assert all(line.character_id != c.id for c in plan.characters if c.name == "Genre"
               for scene in plan.scenes for line in scene.dialogue)  # "GENRE:" speaks no line


def test_advert_character_and_narrator() -> None:
    plan = build_plan(ADVERT)
    assert [(who, text) for who, text, _ in _said(plan) if who != "NARRATOR"] == [
        ("Mum", "Who finished the orange juice?")]
    narration = _narration(plan)
    assert "Scene 1" not in narration and "MUM" not in narration
    assert "Sunny Grove juice." in narration


def test_positions_interleave_with_the_narration() -> None:
    voiced = voice_track(
        'Ana opens the door. "Hello," said Ana. The dog barks. "Quiet!" Ben shouted.',
        [], {"Ana": "ch1", "Ben": "ch2"}.get)
    assert voiced.narration == "Ana opens the door. The dog barks."
    assert voiced.lines == [("ch1", "Hello.", len("Ana opens the door.")),
                            ("ch2", "Quiet!", len(voiced.narration))]


def test_unknown_speaker_stays_with_the_narrator() -> None:
    voiced = voice_track('"Hello," said Ana.', [], lambda _name: None)
    assert voiced.lines == [] and "Hello" in voiced.narration


def test_a_childrens_story_animal_speaks_its_own_line() -> None:
    voiced = voice_track('"Wait for me!" squeaked the little mouse. The owl blinked.', [],
                         {"the little mouse": "ch1"}.get)
    assert voiced.lines == [("ch1", "Wait for me!", 0)]
    assert voiced.narration == "The owl blinked."
