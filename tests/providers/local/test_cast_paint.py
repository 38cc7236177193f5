"""The offline painter draws the cast with a look that comes from the character (issue 22):
a blue raincoat is measured blue in the keyframes of every scene, whatever the scene's light."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

from vidstudio.core.vocabulary import CameraMove, CharacterKind, ShotType, TimeOfDay, Weather
from vidstudio.providers.base import (
    CallContext,
    CastInShot,
    CharacterSpec,
    EnvironmentSpec,
    ImageRequest,
    InvalidRequestError,
)
from vidstudio.providers.local.images import LocalImageGenerator
from vidstudio.providers.local.paint.cast import dress_of, figure_of, pose_of

if TYPE_CHECKING:
    from pathlib import Path

MARA = CharacterSpec(key="ch_mara", name="Mara", age="old", build="tall",
                     hair="short grey hair", wardrobe=(("raincoat", "blue"), ("boots", "black")))
DOG = CharacterSpec(key="ch_biscuit", name="Biscuit", kind=CharacterKind.ANIMAL,
                    description="a scruffy terrier", hair="ginger fur")
# Four scenes of one film: day, a rainy night, dusk by the sea, a lamplit room.
SCENES = [
    (EnvironmentSpec("Meadow", "landscape", "an open meadow"), "walks across the field"),
    (EnvironmentSpec("Old Town", "city", "city streets at night", time_of_day=TimeOfDay.NIGHT,
                     weather=Weather.RAIN), "stands under a lamp"),
    (EnvironmentSpec("Cove", "coast", "a rocky cove", time_of_day=TimeOfDay.DUSK),
     "sits on a rock"),
    (EnvironmentSpec("Kitchen", "interior", "a farmhouse kitchen",
                     time_of_day=TimeOfDay.NIGHT), "sits at the table"),
]


def _keyframe(tmp: Path, env: EnvironmentSpec, cast: tuple[CastInShot, ...]) -> np.ndarray:
    request = ImageRequest(prompt="", width=320, height=180, environment=env,
                           purpose="keyframe", shot_type=ShotType.WIDE,
                           camera=CameraMove.STATIC, cast=cast)
    tmp.mkdir(parents=True, exist_ok=True)
    result = asyncio.run(LocalImageGenerator().generate_image(
        request, CallContext(work_dir=tmp, seed=1)))
    with Image.open(result.path) as image:
        return np.asarray(image.convert("RGB"))


def _hsv(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = rgb.astype(np.float32) / 255.0
    mx, mn = a.max(axis=2), a.min(axis=2)
    chroma = np.maximum(mx - mn, 1e-6)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    hue = np.where(mx == r, ((g - b) / chroma) % 6,
                   np.where(mx == g, (b - r) / chroma + 2, (r - g) / chroma + 4)) * 60.0
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-6), 0.0)
    return hue, sat, mx


def _wardrobe_hue(with_: np.ndarray, without: np.ndarray) -> float:
    """The main hue of the pixels the character put there: pixels that changed colour (not
    only brightness, as under a lamp's pool of light) to a clear colour; the strongest hue
    (10-degree bins, weighted by saturation and change), averaged within 20 degrees of it."""
    hue, sat, val = _hsv(with_)
    hue0, sat0, _ = _hsv(without)
    change = np.abs(with_.astype(np.float32) - without.astype(np.float32)).sum(axis=2) / 255
    turned = np.abs((hue - hue0 + 180) % 360 - 180)
    mask = (change > 0.15) & (sat > 0.25) & (val > 0.12) & ((turned > 30) | (sat0 < 0.12))
    assert mask.sum() >= 40, "the character changed almost nothing"
    weight = sat * change
    hist, _ = np.histogram(hue[mask], bins=36, range=(0, 360), weights=weight[mask])
    peak = (int(np.argmax(hist)) + 0.5) * 10
    offset = (hue - peak + 180) % 360 - 180
    near = mask & (np.abs(offset) < 20)
    return float((peak + np.average(offset[near], weights=weight[near])) % 360)


def test_a_blue_raincoat_is_blue_in_every_scene(tmp_path: Path) -> None:
    hues = []
    for index, (env, action) in enumerate(SCENES):
        # The dog is in frame both times, so only Mara's own pixels differ.
        dog = CastInShot(DOG, "sleeps")
        with_ = _keyframe(tmp_path / f"w{index}", env, (dog, CastInShot(MARA, action)))
        without = _keyframe(tmp_path / f"o{index}", env, (dog,))
        hues.append(_wardrobe_hue(with_, without))
    mean = float(np.degrees(np.angle(np.exp(1j * np.radians(hues)).mean()))) % 360
    spread = [abs((h - mean + 180) % 360 - 180) for h in hues]
    assert max(spread) <= 12.0, f"hues {hues}"
    assert 200 <= mean <= 245, f"the raincoat is not blue: {mean:.0f} degrees"


def test_the_look_comes_from_the_character_not_the_scene() -> None:
    # No wardrobe named: colours are picked from the character's key, the same every time.
    plain = CharacterSpec(key="ch_ines", name="Ines")
    assert dress_of(plain) == dress_of(CharacterSpec(key="ch_ines", name="Ines"))
    assert figure_of(MARA).dress is not None and figure_of(MARA).dress.coat == (40, 80, 170)
    child = figure_of(CharacterSpec(key="ch_kid", name="Tom", age="child"))
    stocky = dress_of(CharacterSpec(key="ch_big", name="Bo", build="stocky"))
    assert child.size < figure_of(MARA).size and stocky.width > 1.0
    # Posed by what the shot says they do; an animal is its own animal, with its fur colour.
    assert pose_of(CastInShot(MARA, "sits on the harbour wall")).pose == "sitting"
    assert pose_of(CastInShot(DOG, "sleeps by the fire")).kind == "dog"
    robot = figure_of(CharacterSpec(key="ch_r", name="Unit 7", kind=CharacterKind.ROBOT))
    assert (robot.kind, robot.art) == ("art", "robot")


def test_the_keyframe_records_which_character_it_drew(tmp_path: Path) -> None:
    env, action = SCENES[0]
    request = ImageRequest(prompt="Subject: a woman; a kite.", width=160, height=90,
                           environment=env, purpose="keyframe",
                           cast=(CastInShot(MARA, action),))
    result = asyncio.run(LocalImageGenerator().generate_image(
        request, CallContext(work_dir=tmp_path, seed=2)))
    drawn = result.metadata["subjects"]
    assert drawn[0]["character"] == "ch_mara"
    # The cast replaces the generic woman; the kite the shot names is still drawn.
    assert [d["drawing"] for d in drawn].count("painted:person") == 1
    assert any(d["drawing"] == "kite" for d in drawn)


def test_a_character_sheet_image_shows_the_character_alone(tmp_path: Path) -> None:
    env = SCENES[0][0]
    images = []
    for variant in (0, 3):
        request = ImageRequest(prompt="Mara", width=240, height=180, environment=env,
                               purpose="character", variant=variant, character=MARA)
        result = asyncio.run(LocalImageGenerator().generate_image(
            request, CallContext(work_dir=tmp_path, seed=1)))
        assert result.metadata["character"] == "ch_mara"
        with Image.open(result.path) as image:
            assert image.size == (240, 180)
            images.append(np.asarray(image.convert("RGB")).astype(int))
    blue = (np.abs(images[0] - np.array([40, 80, 170])).sum(axis=2) < 60).sum()
    assert blue > 150  # the raincoat
    assert np.abs(images[0] - images[1]).sum() > 0  # standing and sitting differ
    with pytest.raises(InvalidRequestError):
        asyncio.run(LocalImageGenerator().generate_image(
            ImageRequest(prompt="", width=64, height=64, environment=env, purpose="character"),
            CallContext(work_dir=tmp_path)))


def test_a_cast_animal_is_not_drawn_twice() -> None:
    from vidstudio.providers.local.paint.cast import with_cast
    from vidstudio.providers.local.paint.subjects import parse_subjects

    cat = CharacterSpec(key="ch_cat", name="Cat", kind=CharacterKind.ANIMAL,
                        description="a black cat")
    subjects = with_cast(parse_subjects("a woman in red; a black cat, lying;"),
                         (CastInShot(cat, "sleeps"),))
    assert [(s.kind, s.character) for s in subjects] == [("cat", "ch_cat"), ("person", "")]
