"""A place is painted once per project and light: its pictures are cut from its sheets.

The first wide picture of a place paints the recipe's planes (sky, clouds, far ranges and
skylines, ground, water) once over the reach of the wider shots; every other picture of the
place in that light that fits the sheet takes a cut of it and paints only what stands there.
Closer shots paint their planes themselves, sharper. Pictures are painted through the painter's
entry points as the pool calls them, with sheets and without, and compared.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.osdeps import try_lock
from vidstudio.providers.base import CallContext, EnvironmentSpec, ImageRequest
from vidstudio.providers.local import images
from vidstudio.providers.local.images import LocalImageGenerator
from vidstudio.providers.local.paint import placeplanes
from vidstudio.providers.local.paint.painter import paint_environment, paint_keyframe
from vidstudio.providers.local.paint.placeplanes import PlaceSheets
from vidstudio.providers.local.paint.settings import build_world

if TYPE_CHECKING:
    from pathlib import Path

    from PIL import Image

W, H = 256, 144
LIGHTHOUSE = EnvironmentSpec(name="Old Lighthouse", setting="rocky coast",
                             description="a white lighthouse on the cliff above the sea",
                             time_of_day=TimeOfDay.NIGHT, weather=Weather.STORM,
                             key_objects=("lighthouse", "cottage"))
STREET = EnvironmentSpec(name="Main Street", setting="city street", description="shops and neon",
                         time_of_day=TimeOfDay.DUSK, weather=Weather.RAIN, key_objects=("lamp",))
FOREST = EnvironmentSpec(name="Pine Wood", setting="forest", description="a clearing",
                         time_of_day=TimeOfDay.DAY, weather=Weather.FOG)
KITCHEN = EnvironmentSpec(name="Kitchen", setting="farmhouse kitchen", lighting="candlelit",
                          time_of_day=TimeOfDay.NIGHT, weather=Weather.CLEAR,
                          key_objects=("table",))
# The wide framings among the ten environment pictures (see ``painter._VARIANT_SHOTS``).
WIDE_VARIANTS = (0, 1, 3, 5, 6, 8)


def grey(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"), dtype=np.float64)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Structural similarity of two grey pictures (7-pixel windows)."""
    from scipy.ndimage import uniform_filter

    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    ma, mb = uniform_filter(a, 7), uniform_filter(b, 7)
    va = uniform_filter(a * a, 7) - ma * ma
    vb = uniform_filter(b * b, 7) - mb * mb
    cov = uniform_filter(a * b, 7) - ma * mb
    return float((((2 * ma * mb + c1) * (2 * cov + c2))
                  / ((ma * ma + mb * mb + c1) * (va + vb + c2))).mean())


def picture(env: EnvironmentSpec, variant: int, sheets: PlaceSheets | None) -> Any:
    return paint_environment(env, size=(W, H), seed=4, variant=variant, sheets=sheets)


def settled(env: EnvironmentSpec, sheets: PlaceSheets) -> Any:
    """Two pictures of the place (the first notes it, the second settles its sheets): the
    second."""
    picture(env, 1, sheets)
    return picture(env, 0, sheets)


def keyframe(env: EnvironmentSpec, sheets: PlaceSheets | None, **shot: Any) -> Any:
    values: dict[str, Any] = {"shot": ShotType.EXTREME_WIDE, "camera": CameraMove.PAN_RIGHT,
                              "frame": "first", "action": "a woman walks along the shore",
                              **shot}
    return paint_keyframe(env, size=(W, H), seed=4, variant=0, sheets=sheets, **values)


@pytest.mark.parametrize("env", [LIGHTHOUSE, STREET, FOREST, KITCHEN],
                         ids=["coast", "street", "forest", "kitchen"])
def test_a_place_is_painted_once_and_its_pictures_look_as_painted(
        env: EnvironmentSpec, tmp_path: Path) -> None:
    sheets = PlaceSheets(tmp_path)
    # The first picture of the place paints itself and notes the place (a lone picture would
    # pay for sheets nothing else reads); the second settles the sheets.
    first = picture(env, 0, sheets)
    assert first.planes_cut == 0 and sheets.painted == 0
    assert np.array_equal(np.asarray(first.image), np.asarray(picture(env, 0, None).image))
    for variant in (0, 2, 4, 6, 8):  # wide, medium, close-up, wide, extreme wide
        cut = picture(env, variant, sheets)
        painted = picture(env, variant, None)
        if variant in WIDE_VARIANTS:
            # Every plane the recipe paints came from the sheets...
            assert cut.planes_cut == sum(1 for plan in cut.world.layers.values()
                                         if plan.place_count), variant
        # ... and the picture is the one its own painting gives (the cut is on the sheet's
        # grid, at the wide shot's density, so only edges move by under a pixel).
        a, b = grey(cut.image), grey(painted.image)
        assert ssim(a, b) >= 0.95, variant
        assert np.abs(a - b).mean() < 2.5, variant
        assert cut.world.drawn == painted.world.drawn
    # All the planes were painted once, by the second picture, for all five.
    planes = sum(1 for plan in cut.world.layers.values() if plan.place_count)
    assert planes >= 3
    assert sheets.painted == planes
    assert len(list(tmp_path.glob("*.npy"))) == planes
    # Another process with the same folder paints none: a wide keyframe of a scene set there
    # (another action, another shot) is cut from the same sheets.
    other = PlaceSheets(tmp_path)
    shot = keyframe(env, other)
    assert other.painted == 0 and shot.planes_cut >= 1
    # A close-up needs the place sharper than the sheet where things stand: it paints its
    # ground and its sky (stars stay points) itself and takes only its clouds and far plane
    # enlarged.
    close = keyframe(env, other, shot=ShotType.CLOSE_UP, camera=CameraMove.STATIC)
    distance = sum(1 for name in placeplanes.ENLARGED
                   if name in close.world.layers and close.world.layers[name].place_count)
    assert close.planes_cut == distance


def magenta(painting: Any) -> np.ndarray:
    rgb = np.asarray(painting.image.convert("RGB")).astype(int)
    return (rgb[..., 0] > 150) & (rgb[..., 1] < 90) & (rgb[..., 2] > 150)


def doctor(sheets: PlaceSheets, world: Any, name: str) -> None:
    """Paint the plane's sheet magenta wherever it has paint (premultiplied, as kept)."""
    path = sheets.path(placeplanes.plane_key(world, name, world.layers[name], H))
    pixels = np.load(path)
    alpha = pixels[..., 3:4].astype(np.uint16)
    pixels[..., :3] = (alpha * np.array([255, 0, 255]) // 255).astype(np.uint8)
    np.save(path, pixels)


def test_the_picture_shows_what_the_sheet_holds(tmp_path: Path) -> None:
    sheets = PlaceSheets(tmp_path)
    settled(LIGHTHOUSE, sheets)
    world = build_world(LIGHTHOUSE, 4, 0, W / H)
    assert not magenta(picture(LIGHTHOUSE, 6, sheets)).any()
    doctor(sheets, world, "mid")
    # A wide picture's ground and water are the sheet's ...
    assert magenta(picture(LIGHTHOUSE, 6, sheets))[H // 2:].mean() > 0.2
    # ... a close-up paints where things stand and its sky itself, but its clouds are the
    # sheet's, enlarged.
    assert not magenta(picture(LIGHTHOUSE, 4, sheets)).any()
    doctor(sheets, world, "sky")
    assert not magenta(picture(LIGHTHOUSE, 4, sheets)).any()
    doctor(sheets, world, "clouds")
    close = picture(LIGHTHOUSE, 4, sheets)
    assert close.planes_cut == sum(1 for name in placeplanes.ENLARGED
                                   if world.layers[name].place_count)
    assert magenta(close)[: H // 3].mean() > 0.2


def test_another_light_or_another_take_is_another_sheet(tmp_path: Path) -> None:
    base = build_world(LIGHTHOUSE, 4, 0, W / H, action="a keeper climbs")
    # What stands there (the action, the variant, the prompt) does not change the place...
    same = build_world(LIGHTHOUSE, 4, 7, W / H, action="waves break", extra_text="a boat")
    assert same.place_id == base.place_id and same.world_id != base.world_id
    # ... its light, its take's seed, its description and the frame's aspect do.
    others = [
        build_world(dataclasses.replace(LIGHTHOUSE, weather=Weather.RAIN), 4, 0, W / H),
        build_world(dataclasses.replace(LIGHTHOUSE, time_of_day=TimeOfDay.DAWN), 4, 0, W / H),
        build_world(dataclasses.replace(LIGHTHOUSE, lighting="warm lamplight"), 4, 0, W / H),
        build_world(LIGHTHOUSE, 5, 0, W / H),
        build_world(dataclasses.replace(LIGHTHOUSE, description="a red lighthouse"), 4, 0,
                    W / H),
        build_world(LIGHTHOUSE, 4, 0, 9 / 16),
    ]
    assert len({base.place_id, *(w.place_id for w in others)}) == 1 + len(others)
    # Painted in two lights, the place has a sheet set for each, and each picture is its own
    # light's.
    sheets = PlaceSheets(tmp_path)
    dawn = dataclasses.replace(LIGHTHOUSE, time_of_day=TimeOfDay.DAWN, weather=Weather.CLEAR)
    night_cut, dawn_cut = settled(LIGHTHOUSE, sheets), settled(dawn, sheets)
    assert night_cut.planes_cut and dawn_cut.planes_cut
    assert sheets.painted == len(list(tmp_path.glob("*.npy")))
    assert len({p.name for p in tmp_path.glob("*.npy")}) == sheets.painted
    assert ssim(grey(dawn_cut.image), grey(picture(dawn, 0, None).image)) >= 0.95
    assert grey(dawn_cut.image).mean() > grey(night_cut.image).mean() + 20


def test_a_scene_in_other_weather_is_the_place_lit_otherwise(tmp_path: Path) -> None:
    """The storm's ground, sea and cliffs lit for the rain: only the sky and the clouds (the
    light itself) are painted for the rain; the picture is the one painting it gives."""
    sheets = PlaceSheets(tmp_path)
    storm = settled(LIGHTHOUSE, sheets)
    painted = sheets.painted
    rain_env = dataclasses.replace(LIGHTHOUSE, weather=Weather.RAIN)
    rain = settled(rain_env, sheets)
    # The ground and the sea at least (the map must reproduce the rain's own painting on
    # the probe to be used: a plane it does not is painted in the rain).
    assert sheets.relit >= 2
    assert sheets.painted == painted + 5 - sheets.relit  # its sky and clouds among them
    assert rain.planes_cut == storm.planes_cut
    own = picture(rain_env, 0, None)
    a, b = grey(rain.image), grey(own.image)
    assert ssim(a, b) >= 0.95 and np.abs(a - b).mean() < 2.5
    # The rain's ground is the storm's sheet: without it, the rain picture paints its own.
    world = build_world(LIGHTHOUSE, 4, 0, W / H)
    sheets.path(placeplanes.plane_key(world, "mid", world.layers["mid"], H)).unlink()
    again = PlaceSheets(tmp_path)
    assert picture(rain_env, 0, again).planes_cut == rain.planes_cut - 1
    assert again.painted == 0


@pytest.mark.parametrize(("env", "change", "relit"), [
    (FOREST, {"time_of_day": TimeOfDay.DUSK}, {"far", "mid", "near"}),
    (STREET, {"time_of_day": TimeOfDay.NIGHT, "weather": Weather.CLEAR}, {"far"}),
    (LIGHTHOUSE, {"time_of_day": TimeOfDay.DAY, "weather": Weather.CLEAR}, set()),
], ids=["forest-dusk", "street-night", "coast-day"])
def test_a_light_that_changes_what_is_drawn_is_painted_in_it(
        env: EnvironmentSpec, change: dict[str, Any], relit: set[str], tmp_path: Path) -> None:
    """A forest at dusk is the day's forest lit otherwise; a street at night has its shop
    windows lit and no rain on it, a coast by day another sea: those planes are painted in
    their light (the street's distant skyline is lit from the dusk's)."""
    sheets = PlaceSheets(tmp_path)
    settled(env, sheets)
    other = dataclasses.replace(env, **change)
    lit = settled(other, sheets)
    ledger = json.loads(next(tmp_path.glob("*.json")).read_text("utf-8"))
    assert [set(e["relight"]) for e in ledger] == [set(), relit]
    assert sheets.relit == len(relit)
    # (At 256x144 an edge moved by part of a pixel weighs far more than at 720p, where the
    # street at night lit from the dusk's skyline gives 0.989.)
    a, b = grey(lit.image), grey(picture(other, 0, None).image)
    assert ssim(a, b) >= 0.93 and np.abs(a - b).mean() < 3.0


def test_a_place_being_painted_elsewhere_is_painted_here_as_before(tmp_path: Path) -> None:
    world = build_world(STREET, 4, 0, W / H)
    sheets = PlaceSheets(tmp_path)
    picture(STREET, 1, sheets)  # the place is noted
    lock = try_lock(tmp_path / f"{world.geometry_id}-{H}.lock")
    assert lock is not None
    try:
        held = picture(STREET, 0, sheets)
    finally:
        lock.release()
    assert held.planes_cut == 0 and sheets.painted == 0
    assert np.array_equal(np.asarray(held.image), np.asarray(picture(STREET, 0, None).image))
    # Once the lock is free, the next picture paints the sheets and is cut from them.
    after = picture(STREET, 0, sheets)
    assert after.planes_cut > 0 and sheets.painted > 0


def test_a_broken_or_missing_sheet_is_painted_again(tmp_path: Path) -> None:
    sheets = PlaceSheets(tmp_path)
    first = settled(FOREST, sheets)
    painted = sheets.painted
    files = sorted(tmp_path.glob("*.npy"))
    files[0].write_bytes(b"not a sheet")
    files[1].unlink()
    again = picture(FOREST, 0, sheets)
    assert sheets.painted == painted + 2  # the two were painted again, the rest read
    assert again.planes_cut == first.planes_cut
    assert np.array_equal(np.asarray(again.image), np.asarray(first.image))
    # A damaged ledger lights nothing from it: those planes are painted again.
    dusk = dataclasses.replace(FOREST, time_of_day=TimeOfDay.DUSK)
    settled(dusk, sheets)
    ledger = next(tmp_path.glob("*.json"))
    entries = json.loads(ledger.read_text("utf-8"))
    entries[-1]["relight"] = {"mid": {"from": 7, "map": "x"}, "near": {"from": "p0",
                              "map": [[1.0, 2.0]]}, "sky": {"from": "p0", "map": []}}
    ledger.write_text(json.dumps(entries), "utf-8")
    fresh = PlaceSheets(tmp_path)
    damaged = picture(dusk, 0, fresh)
    assert fresh.relit == 0 and damaged.planes_cut == first.planes_cut
    assert ssim(grey(damaged.image), grey(picture(dusk, 0, None).image)) >= 0.95
    # A first light the ledger cannot name: the new light is painted, nothing breaks.
    entries = json.loads(ledger.read_text("utf-8"))
    entries[0]["light"] = ["noon-ish", 3]
    ledger.write_text(json.dumps(entries), "utf-8")
    dawn = dataclasses.replace(FOREST, time_of_day=TimeOfDay.DAWN)
    odd = PlaceSheets(tmp_path)
    assert settled(dawn, odd).planes_cut == first.planes_cut and odd.relit == 0
    ledger.write_text("{not json", "utf-8")
    assert settled(dusk, PlaceSheets(tmp_path)).planes_cut > 0
    # A folder that cannot be written: the picture paints its planes itself.
    blocked = tmp_path / "file"
    blocked.write_text("x")
    lost = PlaceSheets(blocked / "sheets")
    assert settled(FOREST, lost).planes_cut == 0


def test_old_sheets_make_room_for_new_ones(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(placeplanes, "MAX_BYTES", 1)
    sheets = PlaceSheets(tmp_path)
    settled(FOREST, sheets)
    forest = sorted(tmp_path.glob("*.npy"))
    settled(STREET, sheets)
    street = sorted(set(tmp_path.glob("*.npy")) - set(forest))
    # The newest place's sheets stay; the older place's go (its next picture paints them).
    assert street and not any(p.exists() for p in forest)
    assert picture(FOREST, 6, sheets).planes_cut > 0


def test_the_provider_shares_sheets_between_pictures_and_removes_them(tmp_path: Path) -> None:
    provider = LocalImageGenerator()

    def generate(provider: LocalImageGenerator, n: int, **request: Any) -> Any:
        folder = tmp_path / str(n)
        folder.mkdir()
        values: dict[str, Any] = {"prompt": "", "width": W, "height": H,
                                  "environment": LIGHTHOUSE, **request}
        return asyncio.run(provider.generate_image(ImageRequest(**values),
                                                   CallContext(work_dir=folder, seed=4)))

    generate(provider, 0, purpose="environment", variant=0)
    folder = provider._stack_dir
    assert folder is not None
    places = folder / images.PLACES
    assert not list(places.glob("*.npy"))  # a lone picture paints no sheets
    generate(provider, 3, purpose="environment", variant=1)
    sheets = sorted(places.glob("*.npy"))
    assert sheets
    stamps = [p.stat().st_mtime_ns for p in sheets]
    generate(provider, 1, purpose="environment", variant=6)
    generate(provider, 2, purpose="keyframe", frame="first", camera=CameraMove.PAN_RIGHT,
             shot_type=ShotType.EXTREME_WIDE, action="a woman walks along the shore")
    # The later pictures read the sheets the first one painted.
    assert sorted(places.glob("*.npy")) == sheets
    assert [p.stat().st_mtime_ns for p in sheets] == stamps
    del provider
    gc.collect()
    assert not folder.exists()
