"""The painter: worlds follow their environment, and camera moves frame shots as asked."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.paint import grade, objects
from vidstudio.providers.local.paint.camera import Pose, layer_view, view_rect
from vidstudio.providers.local.paint.compose import luminance
from vidstudio.providers.local.paint.painter import paint_environment, paint_keyframe
from vidstudio.providers.local.paint.settings import RECIPES, archetype_of

SIZE = (320, 180)


def env(
    setting: str,
    time: str = "day",
    weather: str = "clear",
    objs: tuple[str, ...] = (),
    name: str = "Place",
    description: str = "",
) -> EnvironmentSpec:
    return EnvironmentSpec(
        name=name,
        setting=setting,
        description=description,
        weather=Weather(weather),
        time_of_day=TimeOfDay(time),
        key_objects=objs,
    )


def painted_pair(
    spec: EnvironmentSpec, camera: CameraMove, shot: ShotType = ShotType.WIDE, seed: int = 0
) -> tuple[Any, Any]:
    """The first and last keyframe paintings of one shot."""
    first = paint_keyframe(
        spec, size=SIZE, seed=seed, variant=0, shot=shot, camera=camera, frame="first"
    )
    last = paint_keyframe(
        spec, size=SIZE, seed=seed, variant=0, shot=shot, camera=camera, frame="last"
    )
    return first, last


def keyframes(
    spec: EnvironmentSpec, camera: CameraMove, shot: ShotType = ShotType.WIDE, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    first, last = painted_pair(spec, camera, shot, seed)
    return np.asarray(first.image, np.float32), np.asarray(last.image, np.float32)


def mean_abs(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).mean())


def best_shift(a: np.ndarray, b: np.ndarray, axis: int, reach: int = 40) -> int:
    """The shift s (pixels) that best explains b as a moved by s along ``axis``."""
    profile_a = a.mean(axis=(1 - axis, 2))
    profile_b = b.mean(axis=(1 - axis, 2))
    n = profile_a.size
    scores = {}
    for s in range(-reach, reach + 1):
        lo, hi = max(0, s), min(n, n + s)
        if hi - lo < n // 2:
            continue
        scores[s] = float(np.abs(profile_b[lo:hi] - profile_a[lo - s : hi - s]).mean())
    return min(scores, key=scores.__getitem__)


@pytest.mark.parametrize("setting", ["coast", "city street", "forest", "interior room"])
def test_night_is_clearly_darker_than_day(setting: str) -> None:
    day = paint_environment(env(setting, "day"), size=SIZE, seed=1, variant=0).image
    night = paint_environment(env(setting, "night"), size=SIZE, seed=1, variant=0).image
    assert luminance(night) < 0.7 * luminance(day)


def test_settings_paint_clearly_different_places() -> None:
    settings = [
        "coast",
        "forest",
        "mountains",
        "desert canyon",
        "city street",
        "old town market",
        "interior room",
        "workshop",
        "arctic snowfield",
        "space orbit",
        "river",
        "highway",
        "rooftop skyline",
        "harbour",
    ]
    hists = {
        s: grade.histogram(paint_environment(env(s), size=SIZE, seed=3, variant=0).image)
        for s in settings
    }
    archetypes = {archetype_of(env(s)) for s in settings}
    assert len(archetypes) == len(settings)
    close = [
        (a, b)
        for i, a in enumerate(settings)
        for b in settings[i + 1 :]
        if grade.histogram_distance(hists[a], hists[b]) < 0.12
    ]
    assert not close


def test_every_recipe_paints_a_full_frame() -> None:
    for archetype in RECIPES:
        spec = env(archetype if archetype != "oldtown" else "old town", objs=("figure", "lamp"))
        image = paint_environment(spec, size=(160, 90), seed=0, variant=0).image
        assert image.size == (160, 90)
        assert np.asarray(image).std() > 8, archetype


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("coast", "coast"),
        ("Mountainside village pass", "mountains"),
        ("INT. BAKERY", "interior"),
        ("old city market", "oldtown"),
        ("space station in orbit", "space"),
        ("neon alley", "city"),
        ("frozen tundra", "arctic"),
        ("canyon", "desert"),
        ("quay", "harbour"),
        ("flibbertigibbet", "landscape"),
        ("moutains", "mountains"),
    ],
)
def test_setting_words_map_to_the_nearest_place(words: str, expected: str) -> None:
    assert archetype_of(env(words)) == expected


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("keeper", "keeper"),
        ("lantern", "lantern"),
        ("fishing boat", "boat"),
        ("old lighthouse", "lighthouse"),
        ("taxis", "car"),
        ("a spice stall", "stall"),
        ("stone oven", "oven"),
        ("solar array", "station"),
        ("granddaughter", "figure"),
        ("motorcycle", "motorbike"),
        ("zebra crossing sign", "sign"),
        ("quasar", None),
    ],
)
def test_object_words_match_loosely(phrase: str, kind: str | None) -> None:
    assert objects.match_phrase(phrase) == kind


def test_key_objects_and_action_join_the_world() -> None:
    painting = paint_keyframe(
        env("coast", objs=("lighthouse",)),
        size=SIZE,
        seed=0,
        variant=0,
        shot=ShotType.WIDE,
        camera=CameraMove.STATIC,
        frame="first",
        action="The keeper climbs the stairs with a lantern",
    )
    assert painting.world.objects[0] == "lighthouse"
    assert "keeper" in painting.world.objects


def test_static_barely_changes_and_moves_change_framing() -> None:
    spec = env("coast", objs=("lighthouse",))
    a, b = keyframes(spec, CameraMove.STATIC)
    assert mean_abs(a, b) < 0.5
    for move in (
        CameraMove.PUSH_IN,
        CameraMove.PAN_LEFT,
        CameraMove.CRANE_UP,
        CameraMove.ORBIT_LEFT,
        CameraMove.MOVE_RIGHT,
        CameraMove.ZOOM_OUT,
    ):
        a, b = keyframes(spec, move)
        assert mean_abs(a, b) > 4.0, move


def test_pan_left_ends_looking_further_left() -> None:
    a, b = keyframes(env("mountains"), CameraMove.PAN_LEFT)
    # Looking left, the scene slides right in the frame.
    assert best_shift(a, b, axis=1) > 5
    a, b = keyframes(env("mountains"), CameraMove.PAN_RIGHT)
    assert best_shift(a, b, axis=1) < -5


def test_crane_up_ends_higher() -> None:
    spec = env("forest")
    first, last = painted_pair(spec, CameraMove.CRANE_UP, seed=0)
    for layer in (0.16, 0.45, 1.0):
        top_first = view_rect(first.pose, layer, 16 / 9)[1]
        top_last = view_rect(last.pose, layer, 16 / 9)[1]
        assert top_last < top_first  # the view of every layer rose
    a, b = np.asarray(first.image, np.float32), np.asarray(last.image, np.float32)
    assert best_shift(a, b, axis=0) > 3  # so the scene sinks in the frame


def test_push_in_ends_tighter_with_parallax() -> None:
    spec = env("mountains")
    first, last = painted_pair(spec, CameraMove.PUSH_IN, seed=0)
    aspect = SIZE[0] / SIZE[1]
    near_gain = layer_view(last.pose, 1.0, aspect)[2] / layer_view(first.pose, 1.0, aspect)[2]
    far_gain = layer_view(last.pose, 0.16, aspect)[2] / layer_view(first.pose, 0.16, aspect)[2]
    assert near_gain > far_gain > 1.0
    # The last frame looks like the part of the first one it pushed into, enlarged.
    v0 = view_rect(first.pose, 0.45, aspect)
    v1 = view_rect(last.pose, 0.45, aspect)
    scale = SIZE[0] / (v0[2] - v0[0])
    box = tuple((v1[i] - v0[i % 2]) * scale for i in range(4))
    assert box[2] - box[0] < 0.9 * SIZE[0]
    enlarged = first.image.crop(box).resize(SIZE, Image.Resampling.BILINEAR)  # type: ignore[arg-type]
    # Compare the middle of the frames (the vignette and the parallax layers sit at the rim).
    inner = (slice(SIZE[1] // 5, SIZE[1] * 4 // 5), slice(SIZE[0] // 5, SIZE[0] * 4 // 5))
    b = np.asarray(last.image, np.float32)[inner]
    a = np.asarray(first.image, np.float32)[inner]
    e = np.asarray(enlarged, np.float32)[inner]
    assert mean_abs(e, b) < 0.8 * mean_abs(a, b)


def test_shot_types_frame_tighter() -> None:
    spec = env("coast", objs=("lighthouse",))
    wide = paint_keyframe(
        spec,
        size=SIZE,
        seed=0,
        variant=0,
        shot=ShotType.WIDE,
        camera=CameraMove.STATIC,
        frame="first",
    ).pose
    close = paint_keyframe(
        spec,
        size=SIZE,
        seed=0,
        variant=0,
        shot=ShotType.CLOSE_UP,
        camera=CameraMove.STATIC,
        frame="first",
    ).pose
    assert close.zoom > 1.8 * wide.zoom


def test_first_and_last_keyframes_share_one_world() -> None:
    spec = env("harbour", "dusk", "rain", ("boat",))
    first, last = painted_pair(spec, CameraMove.MOVE_LEFT, seed=4)
    assert first.meta["world_id"] == last.meta["world_id"]
    assert len(first.layers) >= 4
    for a, b in zip(first.layers, last.layers, strict=True):
        assert a.rect == b.rect
        assert np.array_equal(a.rgba, b.rgba)
    # The stack is painted larger than the frame, to cover the move.
    near = first.layers[-2] if first.layers[-1].animated else first.layers[-1]
    assert near.rgba.shape[1] > SIZE[0] and near.rgba.shape[0] > SIZE[1]
    assert Pose.from_dict(first.meta["pose"]) != Pose.from_dict(last.meta["pose"])


def test_painting_is_deterministic_by_seed() -> None:
    spec = env("old town market", "dawn", "clear", ("stall", "figure"))
    a = paint_environment(spec, size=SIZE, seed=7, variant=2).image
    b = paint_environment(spec, size=SIZE, seed=7, variant=2).image
    c = paint_environment(spec, size=SIZE, seed=8, variant=2).image
    assert a.tobytes() == b.tobytes()
    assert mean_abs(np.asarray(a, np.float32), np.asarray(c, np.float32)) > 2.0


def test_ten_variants_differ_in_framing() -> None:
    spec = env("mountains", "dusk", "clear", ("house",))
    images = [
        np.asarray(paint_environment(spec, size=(160, 90), seed=0, variant=v).image, np.float32)
        for v in range(10)
    ]
    for i in range(10):
        for j in range(i + 1, 10):
            assert mean_abs(images[i], images[j]) > 1.0, (i, j)


def test_weather_shows() -> None:
    clear = np.asarray(
        paint_environment(env("road", "day", "clear"), size=SIZE, seed=2, variant=0).image,
        np.float32,
    )
    fog = np.asarray(
        paint_environment(env("road", "day", "fog"), size=SIZE, seed=2, variant=0).image, np.float32
    )
    storm = np.asarray(
        paint_environment(env("road", "day", "storm"), size=SIZE, seed=2, variant=0).image,
        np.float32,
    )
    assert fog.std() < clear.std()  # fog flattens contrast
    assert storm.mean() < 0.75 * clear.mean()  # storms are dark


def test_the_vignette_is_made_once_per_size_and_only_read() -> None:
    from vidstudio.providers.local.paint.compose import finish, vignette_mask, vignette_rgb

    size = (160, 90)
    mask = vignette_mask(size)
    before = mask.tobytes()
    env = EnvironmentSpec(name="Dunes", setting="desert", time_of_day=TimeOfDay.DAY)
    paint_environment(env, size=size, seed=1, variant=0)
    paint_environment(env, size=size, seed=1, variant=4)
    assert vignette_mask(size) is mask and mask.tobytes() == before
    assert vignette_rgb(size) is vignette_rgb(size)
    frame = Image.new("RGB", size, (200, 120, 60))
    # The mask and its three-band form darken a frame alike: the rim, not the middle.
    a, b = finish(frame, mask), finish(frame, vignette_rgb(size))
    assert a.tobytes() == b.tobytes()
    assert a.getpixel((80, 45)) == (200, 120, 60) and sum(a.getpixel((0, 0))) < 300
