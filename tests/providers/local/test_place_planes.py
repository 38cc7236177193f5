"""A place's planes are fixed by the place and lit per scene (issue 27, brief K10).

The place's identity (name, setting, description, key objects, the take's seed) fixes its
geometry (horizon, side, sun) and its own planes (sky, clouds, far plane); the hour, weather and
lighting only light them; the scene's action and the picture's variant choose what stands in it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.paint.camera import Pose
from vidstudio.providers.local.paint.settings import build_world
from vidstudio.providers.local.paint.world import render_layers

LIGHTHOUSE = EnvironmentSpec(name="Old Lighthouse", setting="rocky coast",
                             description="a white lighthouse on the cliff above the sea",
                             time_of_day=TimeOfDay.DAY, weather=Weather.CLEAR,
                             key_objects=("lighthouse",))
STORM = dataclasses.replace(LIGHTHOUSE, time_of_day=TimeOfDay.NIGHT, weather=Weather.STORM)
CITY = EnvironmentSpec(name="Main Street", setting="city street", description="shops and neon",
                       time_of_day=TimeOfDay.DUSK, weather=Weather.RAIN)


def _far_pixels(env: EnvironmentSpec, action: str, variant: int) -> tuple[Any, np.ndarray]:
    """The world and its far plane's coverage (alpha) painted for the base pose."""
    world = build_world(env, 3, variant, 16 / 9, action=action)
    layers = {layer.name: layer for layer in render_layers(world, [Pose()], 72)}
    return world, layers["far"].rgba[..., 3]


def test_a_place_keeps_its_geometry_and_far_plane_at_any_hour_or_action() -> None:
    day, day_far = _far_pixels(LIGHTHOUSE, "a keeper climbs the stairs", 0)
    night, night_far = _far_pixels(STORM, "waves break on the rocks, a boat in the bay", 4)
    assert (day.horizon, day.side, day.palette.sun_xy[0]) == (
        night.horizon, night.side, night.palette.sun_xy[0])
    # The far plane's shapes (islands, headlands) stand where they stood; only the light
    # differs (the colours, not the coverage).
    assert np.array_equal(day_far, night_far)
    assert day.palette != night.palette
    # Another place is another geometry or far plane.
    other, other_far = _far_pixels(dataclasses.replace(LIGHTHOUSE, name="Black Rock"), "", 0)
    assert (other.horizon, other.side) != (day.horizon, day.side) or not np.array_equal(
        other_far, day_far)


def test_the_ten_environment_pictures_show_one_place() -> None:
    worlds = [build_world(CITY, 0, v, 16 / 9, extra_text=f"view {v} of the street")
              for v in range(10)]
    assert len({(w.horizon, w.side, w.palette.sun_xy) for w in worlds}) == 1
    # ... composed each its own way: what stands there differs, so the ids differ.
    assert len({w.world_id for w in worlds}) == 10
    # The same place at another hour keeps its geometry but is another world (another light).
    night = build_world(dataclasses.replace(CITY, time_of_day=TimeOfDay.NIGHT), 0, 0, 16 / 9,
                        extra_text="view 0 of the street")
    assert (night.horizon, night.side) == (worlds[0].horizon, worlds[0].side)
    assert night.world_id != worlds[0].world_id
