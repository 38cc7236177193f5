"""Places follow the script: a named place seen from outside and then from inside is two
environments (the street in front, the room inside), different places stay apart (within the project's limit), a street named after a thing is a street."""

from __future__ import annotations

from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.planner.lexicon import PLACES

SCRIPT = """EXT. ROSIE'S DINER - NIGHT

Rain drums on the neon sign. A pickup truck pulls into the lot.

INT. RAILWAY CARRIAGE - DAY

Jo watches the fields roll past the window, a suitcase on the rack above her.

INT. ROSIE'S DINER - NIGHT

Jo pours coffee behind the counter while the jukebox plays.

INT. HOTEL LOBBY - EVENING

A porter wheels a luggage trolley past the reception desk.
"""


def test_inside_a_named_place_is_a_room_apart_from_its_outside_and_others_stay_apart() -> None:
    plan = build_plan(SCRIPT, max_scenes=5, max_environments=5)
    envs = {env.id: env for env in plan.environments}
    by_scene = [scene.environment_id for scene in plan.scenes]
    assert len(by_scene) == 4
    assert len(set(by_scene)) == 4  # diner outside, carriage, diner inside, lobby
    assert envs[by_scene[0]].setting == "city"
    assert envs[by_scene[2]].setting == "interior"  # inside the diner, not its street


def test_a_street_named_after_a_thing_is_a_street() -> None:
    assert [(h.phrase, h.value.setting) for h in PLACES.finditer("homes on Mill Street")] == \
        [("homes", "interior"), ("Mill Street", "city")]
    assert [h.value.key for h in PLACES.finditer("the old mill by the river")] == \
        ["workshop", "river"]
    assert [h.value.key for h in PLACES.finditer("Church Road at night")] == ["street"]
