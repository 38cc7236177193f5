"""Words that are stop words in one sense and objects in another, and frozen water."""

from __future__ import annotations

from vidstudio.providers.local.art import library
from vidstudio.providers.local.planner.lexicon import PLACES


def _drawn(text: str) -> list[str]:
    return [m.drawing.name for m in library.find_all(text)]


def test_a_stop_word_introduced_as_an_object_is_drawn() -> None:
    assert _drawn("She lifts a camera to her eye.") == ["camera"]
    assert _drawn("He checks his watch.") == ["watch"]
    assert _drawn("She holds an old camera.") == ["camera"]


def test_the_same_word_as_a_direction_or_a_verb_is_not() -> None:
    assert _drawn("The camera pans across the room.") == []
    assert _drawn("Watch the sky.") == []


def test_a_flag_has_a_drawing() -> None:
    assert _drawn("A red flag flaps above the fort.") == ["flag-in-hole"]


def test_frozen_water_is_ice_not_a_flowing_river() -> None:
    assert [h.value.key for h in PLACES.find("and the frozen pond, and the stars")] == ["arctic"]
    assert [h.value.key for h in PLACES.find("They skate on the frozen river.")] == ["arctic"]
    assert [h.value.key for h in PLACES.find("Ducks on the pond.")] == ["lake"]


def test_the_inside_of_a_place_first_seen_from_outside_is_a_room() -> None:
    from vidstudio.providers.local.planner.build import build_plan

    plan = build_plan("EXT. ROSIE'S DINER - NIGHT\nRain on the parking lot. A pickup truck waits.\n\n"
                      "INT. ROSIE'S DINER - NIGHT\nA waitress pours coffee at the counter.\n")
    envs = {e.id: e for e in plan.environments}
    outside, inside = (envs[s.environment_id] for s in plan.scenes)
    assert outside.id != inside.id
    assert inside.setting == "interior" and outside.setting != "interior"
