"""Places that follow the script, for the settings films commonly use."""

from __future__ import annotations

import pytest

from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.paint.settings import archetype_of
from vidstudio.providers.local.planner.build import build_plan


@pytest.mark.parametrize(("setting", "painted"), [
    ("outer space", "space"), ("surface of mars", "desert"), ("alien planet", "desert"),
    ("train carriage", "interior"), ("inside the car", "interior"),
    ("airplane cabin", "interior"), ("spaceship bridge", "space"), ("corner shop", "interior"),
    ("café", "interior"), ("theatre stage", "interior"), ("recording studio", "workshop"),
    ("museum hall", "interior"), ("laboratory", "workshop"), ("office", "interior"),
    ("staircase", "interior"), ("attic", "interior"), ("ship deck", "coast"),
    ("supermarket", "interior"), ("hospital ward", "interior"),
])
def test_common_film_settings_are_painted_as_the_nearest_place(setting: str,
                                                                painted: str) -> None:
    assert archetype_of(EnvironmentSpec(name=setting.title(), setting=setting)) == painted


def test_a_scene_that_moves_gets_its_new_place() -> None:
    plan = build_plan("[Outer space. A rocket climbs past a ringed planet.]\n"
                      "NARRATOR: They left Earth.\n"
                      "[The red desert of Mars at dusk. An astronaut walks beside a rover.]\n"
                      "NARRATOR: It was not empty.\n")
    settings = [next(e.setting for e in plan.environments if e.id == s.environment_id)
                for s in plan.scenes]
    assert settings == ["space", "desert"]


def test_vehicle_insides_decks_and_attics_are_their_own_places() -> None:
    plan = build_plan("The plane cruises above the clouds. In the cockpit, a pilot checks the "
                      "instruments.\n\nOn the deck of the old ship, sailors haul the ropes in "
                      "the storm.\n\nIn the attic, a girl opens a dusty trunk.\n")
    assert len(plan.environments) == 3
    assert len({s.environment_id for s in plan.scenes}) == 3
    assert [e.setting for e in plan.environments] == ["interior", "coast", "interior"]


def test_a_return_to_a_place_shares_its_environment() -> None:
    plan = build_plan("Ana waits in the busy cafe.\n\nShe walks down the rainy street.\n\n"
                      "Back in the cafe, she orders another coffee.\n")
    ids = [s.environment_id for s in plan.scenes]
    assert ids[0] == ids[-1] != ids[1]
