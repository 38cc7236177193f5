"""Sound beds never contradict the place or the weather."""

from __future__ import annotations

import pytest

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.sfx.library import choose_layers


def test_no_city_wind_or_birds_in_space() -> None:
    env = EnvironmentSpec("Orbit", "outer space", "a space station above the Earth")
    chosen = choose_layers("The astronaut drifts past the window while the city lights of the "
                           "coast slide by far below, birds of fire in the sunrise.", env)
    assert "space_hum" in chosen.names
    assert not {"traffic", "crowd", "birds", "waves", "wind"} & set(chosen.names)


@pytest.mark.parametrize("prompt", ["An old fisherman rows his boat out of the harbour.",
                                    "A sailing boat leans into the swell, sails full."])
def test_no_engine_under_a_rowed_or_sailed_boat(prompt: str) -> None:
    assert "engine" not in choose_layers(prompt, EnvironmentSpec("Harbour", "harbour")).names


def test_a_named_motor_keeps_its_engine() -> None:
    chosen = choose_layers("The motorboat's outboard engine roars across the bay.",
                           EnvironmentSpec("Bay", "coast"))
    assert "engine" in chosen.names


def test_no_sea_or_gulls_on_a_lake() -> None:
    chosen = choose_layers("A fishing boat drifts on the still lake.",
                           EnvironmentSpec("Lake", "lake"))
    assert "waves" not in chosen.names and "river" in chosen.names


@pytest.mark.parametrize("time", [TimeOfDay.DAY, TimeOfDay.NIGHT])
def test_nothing_calm_inside_a_storm(time: TimeOfDay) -> None:
    env = EnvironmentSpec("Meadow", "meadow", "an open meadow by the woods",
                          weather=Weather.STORM, time_of_day=time)
    chosen = choose_layers("Crickets and songbirds in the meadow, a gentle breeze.", env)
    assert "storm" in chosen.names
    assert not {"birds", "insects"} & set(chosen.names)


def test_rain_silences_the_birds() -> None:
    env = EnvironmentSpec("Park", "park", weather=Weather.RAIN)
    chosen = choose_layers("A robin sings in the park.", env)
    assert "birds" not in chosen.names and "rain" in chosen.names


def test_no_birds_insects_or_wind_inside_a_room() -> None:
    kitchen = EnvironmentSpec("Farm Kitchen", "interior", "a farmhouse kitchen by the fields",
                              time_of_day=TimeOfDay.NIGHT)
    chosen = choose_layers("A kettle whistles on the stove in the farm kitchen.", kitchen)
    assert not {"birds", "insects", "wind"} & set(chosen.names)
    # Unless the shot names them: a caged bird sings in the room.
    assert "birds" in choose_layers("A canary sings, birdsong fills the room.", kitchen).names


def test_no_running_water_where_it_is_frozen() -> None:
    chosen = choose_layers("The frozen river lies still under the moon.",
                           EnvironmentSpec("River", "river", weather=Weather.SNOW))
    assert "river" not in chosen.names


def test_no_crowd_where_the_shot_says_the_place_is_empty() -> None:
    station = EnvironmentSpec("Station", "city", "a busy railway station with a crowd")
    assert "crowd" in choose_layers("Passengers hurry past the crowd.", station).names
    assert "crowd" not in choose_layers("The platform is empty at dawn.", station).names
