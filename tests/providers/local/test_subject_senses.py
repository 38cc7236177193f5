"""Words that are stop words in one sense and objects in another, frozen water, the inside of a
place seen from outside, and the cast's own costume in space."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from vidstudio.providers.base import CallContext, CastInShot, EnvironmentSpec, ImageRequest
from vidstudio.providers.local.art import library
from vidstudio.providers.local.images import LocalImageGenerator
from vidstudio.providers.local.planner.lexicon import PLACES

if TYPE_CHECKING:
    from pathlib import Path


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


def test_in_space_a_member_of_the_cast_keeps_their_own_costume(tmp_path: Path) -> None:
    from tests.providers.local.test_cast_paint import MARA, _keyframe, _wardrobe_hue

    env = EnvironmentSpec("Orbit", "space", "a space station above the earth")
    with_ = _keyframe(tmp_path / "w", env, (CastInShot(MARA, "floats outside the station"),))
    without = _keyframe(tmp_path / "o", env, ())
    assert 200 <= _wardrobe_hue(with_, without) <= 245  # her blue raincoat, not a white suit
    request = ImageRequest(prompt="", width=160, height=90, environment=env, purpose="keyframe",
                           cast=(CastInShot(MARA, "floats"),))
    result = asyncio.run(LocalImageGenerator().generate_image(
        request, CallContext(work_dir=tmp_path / "w", seed=2)))
    drawn = result.metadata["subjects"]
    assert [(d["drawing"], d.get("character")) for d in drawn] == [("painted:person", "ch_mara")]
