"""A person named by a role wears that role's costume; big things with no drawing are painted."""

from __future__ import annotations

import numpy as np
import pytest

from vidstudio.core.vocabulary import CameraMove, ShotType
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.paint.costume import costume_for
from vidstudio.providers.local.paint.painter import Painting, paint_keyframe

FIELD = EnvironmentSpec("Field", "landscape", "an open field")
ROOM = EnvironmentSpec("Parlour", "interior", "a small parlour")


@pytest.mark.parametrize(("role", "costume"), [
    ("knight", "armour"), ("paladin", "armour"),
    ("wizard", "robe and pointed hat"), ("sorcerer", "robe and pointed hat"),
    ("witch", "black robe and pointed hat"), ("queen", "crown and robe"),
    ("sheriff", "wide-brimmed hat and star badge"), ("cowgirl", "wide-brimmed hat"),
    ("police officer", "police uniform and cap"), ("constable", "police uniform and cap"),
    ("baker", "white coat and toque"), ("nurse", "white coat"), ("admiral", "navy coat and white cap"),
    ("buccaneer", "tricorn hat"), ("friar", "long robe"), ("sentry", "uniform and helmet"),
    ("fireman", "fire helmet and coat"), ("inspector", "trench coat and hat"),
    ("highwayman", "dark coat and hat"), ("shepherd", "straw hat"), ("archer", "hooded cloak"),
])
def test_a_role_noun_picks_its_costume(role: str, costume: str) -> None:
    found = costume_for(role)
    assert found is not None and found.name == costume


@pytest.mark.parametrize("word", ["woman", "man", "stranger", "tourist", "child", "table", ""])
def test_people_without_a_role_and_things_wear_nothing_special(word: str) -> None:
    assert costume_for(word) is None


def _paint(env: EnvironmentSpec, prompt: str) -> Painting:
    return paint_keyframe(env, size=(192, 108), seed=5, variant=0, shot=ShotType.MEDIUM,
                          camera=CameraMove.STATIC, frame="first", action="", prompt=prompt)


def test_a_knight_is_drawn_in_armour_where_a_stranger_is_not() -> None:
    knight = _paint(FIELD, "Subject: a knight.")
    stranger = _paint(FIELD, "Subject: a stranger.")
    record = knight.meta["subjects"][0]
    assert record["drawing"] == "painted:person" and record["costume"] == "armour"
    assert "costume" not in stranger.meta["subjects"][0]
    # The same figure at the same place, dressed differently: the pixels inside its box differ.
    w, h = knight.image.size
    x0, y0, x1, y1 = record["frame_box"]
    box = (int(x0 * w), int(y0 * h), int(np.ceil(x1 * w)), int(np.ceil(y1 * h)))
    a = np.asarray(knight.image.convert("RGB").crop(box), dtype=np.float32)
    b = np.asarray(stranger.image.convert("RGB").crop(box), dtype=np.float32)
    assert float(np.abs(a - b).mean()) > 4.0


def test_big_things_without_a_drawing_are_painted_by_hand() -> None:
    room = _paint(ROOM, "Subject: a woman; a fireplace; a harp.")
    drawn = {r["subject"]: r["drawing"] for r in room.meta["subjects"]}
    assert drawn == {"woman": "painted:person", "fireplace": "painted:fireplace",
                     "harp": "painted:harp"}
    yard = _paint(FIELD, "Subject: a wagon; a scarecrow; a beehive.")
    assert [r["drawing"] for r in yard.meta["subjects"]] == [
        "painted:wagon", "painted:scarecrow", "painted:beehive"]
