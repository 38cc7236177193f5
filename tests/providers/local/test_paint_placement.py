"""Library drawings sit in the painting: without their own sea or lawn, on the scene's water at
the water's scale, clear of the land that bounds it; people on a harbour stand on the quay."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.art import render
from vidstudio.providers.local.paint.painter import paint_keyframe
from vidstudio.providers.local.paint.stage import Grounds, _box, _on_water, flat
from vidstudio.providers.local.paint.subjects import art_subject

SEA_BLUE = np.array([0x00, 0xA6, 0xED])


def _sea_pixels(rgba: np.ndarray) -> int:
    near = np.abs(rgba[:, :, :3].astype(int) - SEA_BLUE).sum(axis=2) < 60
    return int((near & (rgba[:, :, 3] > 128)).sum())


@pytest.mark.parametrize("name", ["sailboat", "canoe", "motor-boat", "ship", "speedboat"])
def test_boats_lose_the_waves_they_are_drawn_on(name: str) -> None:
    assert 'fill="#00a6ed"' in render.svg(name)  # the set's own drawing has them
    rgba = render.rgba(name, 80)
    band = rgba[-max(3, rgba.shape[0] // 6):]
    assert _sea_pixels(band) == 0, f"{name} still stands on its own sea"


def test_a_drawing_of_one_colour_keeps_it() -> None:
    whale = render.rgba("whale", 80)
    assert _sea_pixels(whale) > 0.2 * (whale[:, :, 3] > 128).sum()


def _stage(horizon: float = 0.5) -> Any:
    return SimpleNamespace(horizon=horizon, aspect=16 / 9, zoom=1.0, side=1.0)


def test_a_boat_floats_on_open_water_only_and_shrinks_toward_the_horizon() -> None:
    boat = art_subject("fishing boat")
    assert boat is not None and boat.on_water
    # Open water only between x 0.2 and 0.7 (a cliff on one side, a quay on the other).
    g = Grounds(mid_y=flat(0.55), mid_person=0.04, near_y=flat(0.93), near_person=0.32,
                water_y=0.56, water_span=(0.2, 0.7))
    for x in (0.0, 0.45, 1.5):
        bx, by, bh = _on_water(_stage(), g, boat, x, 0)
        x0, _, x1, _ = _box(boat, bx, by, bh)
        assert x0 >= 0.2 and x1 <= 0.7, (x0, x1)
    near = _on_water(_stage(), g, boat, 0.45, 0)
    far = _on_water(_stage(), Grounds(mid_y=flat(0.55), mid_person=0.04, near_y=flat(0.93),
                                      near_person=0.32, water_y=0.8), boat, 0.45, 0)
    # Set further down the frame (nearer), the same boat is drawn bigger: one scale per depth.
    assert far[1] > near[1] and far[2] > near[2]
    # At the water's scale: a boat of about two people's height, not a building.
    slope = 0.32 / (0.93 - 0.5)
    assert near[2] <= 1.1 * boat.size * slope * (near[1] - 0.5) + 1e-6


def test_on_a_harbour_people_stand_on_the_quay_and_boats_float_below() -> None:
    harbour = EnvironmentSpec("Quay", "harbour", "a stone quay", time_of_day=TimeOfDay.DAWN)
    painting = paint_keyframe(harbour, size=(160, 90), seed=1, variant=0, shot=ShotType.WIDE,
                              camera=CameraMove.STATIC, frame="first", action="",
                              prompt="Subject: a woman, standing; a sailboat.")
    drawn = {r["drawing"]: r for r in painting.meta["subjects"]}
    person, boat = drawn["painted:person"], drawn["sailboat"]
    assert boat["anchor"] == "water"
    # The woman's feet are on the quay, above (behind) the waterline the boat floats on.
    assert person["box"][3] < boat["box"][3] - 0.05


def test_people_named_by_their_role_in_the_plural_are_a_pair() -> None:
    from vidstudio.providers.local.paint.subjects import parse_subjects
    from vidstudio.providers.local.planner.subjects import describe_subjects

    sentence = describe_subjects(["Our divers hang motionless in the blue."], {})
    assert sentence == "Subject: two divers."
    pair = parse_subjects("two divers;")[0]
    assert (pair.kind, pair.noun, pair.count) == ("person", "diver", 2)
    # The crowd words stay crowds; one role noun stays one person.
    assert parse_subjects("tourists;")[0].kind == "crowd"
    assert parse_subjects("a diver;")[0].count == 1
