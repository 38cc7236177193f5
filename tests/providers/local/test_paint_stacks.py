"""A shot's layer stack is painted once: the last keyframe reads what the first one painted.

Every keyframe here is painted through ``paint_job`` (the pool's entry), with the stack cache
and without it, and compared pixel for pixel: the picture and every layer of the layer file.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import json
import os
import threading
from pathlib import Path
from typing import Any

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
)
from vidstudio.providers.local import images
from vidstudio.providers.local.images import LocalImageGenerator, PaintJob, paint_job
from vidstudio.providers.local.paint import stackcache
from vidstudio.providers.local.paint.stackcache import StackCache
from vidstudio.providers.local.paint.world import load_layers, save_layers
from vidstudio.providers.local.style import fit_profile

W, H = 192, 108
MARA = CastInShot(CharacterSpec(key="c-mara", name="Mara", hair="red", wardrobe=(
    ("raincoat", "blue"),)), "walks along the shore")


def place(setting: str, time: str, weather: str, *objs: str, lighting: str = "") -> EnvironmentSpec:
    return EnvironmentSpec(name=setting.title(), setting=setting, lighting=lighting,
                           weather=Weather(weather), time_of_day=TimeOfDay(time),
                           key_objects=objs)


# Several places, hours and weathers, camera moves and a cast member.
SHOTS: list[dict[str, Any]] = [
    {"environment": place("coast", "night", "storm", "lighthouse"), "camera": CameraMove.PUSH_IN,
     "action": "waves break below the lighthouse", "cast": (MARA,)},
    {"environment": place("city street", "dusk", "rain", "lamp"), "camera": CameraMove.PAN_LEFT,
     "action": "a man in a grey coat crosses the street"},
    {"environment": place("forest", "day", "fog"), "camera": CameraMove.CRANE_UP,
     "action": "a deer steps into the clearing", "shot_type": ShotType.EXTREME_WIDE},
    {"environment": place("kitchen", "day", "clear", lighting="candlelit"),
     "camera": CameraMove.STATIC, "action": "bread cools on the table", "style": True},
]


def job(folder: Path, frame: str, stack_dir: Path | None, **shot: Any) -> PaintJob:
    out = folder / frame
    out.mkdir(parents=True, exist_ok=True)
    values: dict[str, Any] = {
        "width": W, "height": H, "seed": 5, "variant": 0, "purpose": "keyframe",
        "shot_type": ShotType.WIDE, "frame": frame, "prompt": "", "style_path": None,
        "out_dir": str(out), "stack_dir": str(stack_dir) if stack_dir else None, **shot}
    if values.pop("style", False):
        profile = folder / "style.json"
        warm = Image.new("RGB", (8, 8), (196, 140, 84))
        profile.write_text(json.dumps(fit_profile([warm])), "utf-8")
        values["style_path"] = str(profile)
    return PaintJob(**values)


def pictures(done: dict[str, Any]) -> list[np.ndarray]:
    """The keyframe's pixels, then each layer of its layer file."""
    with Image.open(done["path"]) as img:
        out = [np.asarray(img.convert("RGB"))]
    layers, _meta = load_layers(Path(done["layers"]))
    return out + [layer.rgba for layer in layers]


def assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    pa, pb = pictures(a), pictures(b)
    assert len(pa) == len(pb)
    for x, y in zip(pa, pb, strict=True):
        assert x.shape == y.shape and np.array_equal(x, y)
    assert a["metadata"] == b["metadata"]


@pytest.fixture(scope="module")
def painted(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Per shot: both keyframes painted without a cache and with one (first, then last)."""
    root = tmp_path_factory.mktemp("stacks")
    out = []
    for index, shot in enumerate(SHOTS):
        stacks = root / f"cache{index}"
        plain = {f: paint_job(job(root / f"plain{index}", f, None, **shot))
                 for f in ("first", "last")}
        reads: list[bool] = []
        real_load = StackCache.load

        def spy(self: StackCache, key: str, world_id: str, real_load: Any = real_load,
                reads: list[bool] = reads) -> Any:
            found = real_load(self, key, world_id)
            reads.append(found is not None)
            return found

        StackCache.load = spy  # type: ignore[method-assign]
        try:
            cached = {f: paint_job(job(root / f"cached{index}", f, stacks, **shot))
                      for f in ("first", "last")}
        finally:
            StackCache.load = real_load  # type: ignore[method-assign]
        out.append({"plain": plain, "cached": cached, "reads": reads, "stacks": stacks,
                    "root": root / f"more{index}", "shot": shot})
    return out


def test_keyframes_from_the_cache_equal_painted_ones(painted: list[dict[str, Any]]) -> None:
    for shot in painted:
        # The first keyframe painted its stack and kept it; the last one read it.
        assert shot["reads"] == [False, True]
        assert len(list(shot["stacks"].glob("*.npz"))) == 1
        assert not list(shot["stacks"].glob(".*"))  # no temporary file left
        for frame in ("first", "last"):
            assert_same(shot["plain"][frame], shot["cached"][frame])
        # Both ends of the shot carry the same stack, at different poses.
        first, last = (pictures(shot["cached"][f]) for f in ("first", "last"))
        assert all(np.array_equal(a, b) for a, b in zip(first[1:], last[1:], strict=True))


@pytest.mark.parametrize(("change", "value"), [
    ("lighting", "neon"), ("weather", Weather.SNOW), ("time_of_day", TimeOfDay.DAWN),
    ("key_objects", ("lighthouse", "boat")),
])
def test_a_changed_place_misses_the_cache(painted: list[dict[str, Any]], change: str,
                                          value: Any) -> None:
    """Another light, weather or place is painted afresh (and as without the cache)."""
    shot = dict(painted[0]["shot"])
    shot["environment"] = dataclasses.replace(shot["environment"], **{change: value})
    stacks = painted[0]["stacks"]
    before = set(stacks.glob("*.npz"))
    root = painted[0]["root"] / change
    cached = paint_job(job(root / "cached", "last", stacks, **shot))
    assert set(stacks.glob("*.npz")) - before  # painted, and kept under a new key
    assert_same(cached, paint_job(job(root / "plain", "last", None, **shot)))


def test_another_look_of_the_cast_misses_the_cache(painted: list[dict[str, Any]]) -> None:
    shot = dict(painted[0]["shot"])
    look = dataclasses.replace(MARA.character, wardrobe=(("raincoat", "yellow"),))
    shot["cast"] = (CastInShot(look, MARA.action),)
    root = painted[0]["root"] / "look"
    cached = paint_job(job(root / "cached", "last", painted[0]["stacks"], **shot))
    assert not np.array_equal(pictures(cached)[0], pictures(painted[0]["plain"]["last"])[0])
    assert_same(cached, paint_job(job(root / "plain", "last", None, **shot)))


def test_the_last_keyframe_is_composed_from_the_stored_stack(tmp_path: Path) -> None:
    """A stored stack is what the last keyframe shows (here one with its sky painted red)."""
    shot = SHOTS[1]
    stacks = tmp_path / "cache"
    paint_job(job(tmp_path / "a", "first", stacks, **shot))
    (entry,) = stacks.glob("*.npz")
    layers, meta = load_layers(entry)
    layers[0].rgba[..., :3] = (255, 0, 0)
    save_layers(entry, layers, meta)
    last = pictures(paint_job(job(tmp_path / "b", "last", stacks, **shot)))
    assert np.array_equal(last[1], layers[0].rgba)
    # An entry that cannot be read is a miss: painted again, as without the cache.
    entry.write_bytes(b"not a layer file")
    again = paint_job(job(tmp_path / "c", "last", stacks, **shot))
    assert_same(again, paint_job(job(tmp_path / "d", "last", None, **shot)))


def test_two_workers_painting_one_stack_at_once(tmp_path: Path) -> None:
    shot = SHOTS[2]
    stacks = tmp_path / "cache"
    done: dict[str, dict[str, Any]] = {}
    start = threading.Barrier(2)

    def paint(frame: str) -> None:
        start.wait()
        done[frame] = paint_job(job(tmp_path / "cached", frame, stacks, **shot))

    threads = [threading.Thread(target=paint, args=(f,)) for f in ("first", "last")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (entry,) = stacks.glob("*.npz")
    assert not list(stacks.glob(".*"))
    assert load_layers(entry)[0]
    for frame in ("first", "last"):
        assert_same(done[frame], paint_job(job(tmp_path / "plain", frame, None, **shot)))


def test_the_cache_keeps_its_newest_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setattr(stackcache, "MAX_ENTRIES", 2)
    source = tmp_path / "layers.npz"
    source.write_bytes(b"x")
    cache = StackCache(tmp_path / "cache")
    for index, key in enumerate(("a", "b", "c")):
        cache.store_file(key, source)
        stamp = 1_000_000 + index
        os.utime(cache.path(key), (stamp, stamp))
    cache.store_file("d", source)
    assert sorted(p.stem for p in cache.folder.glob("*.npz")) == ["c", "d"]


def test_the_provider_shares_a_shot_stack_and_removes_its_cache(tmp_path: Path) -> None:
    env = SHOTS[1]["environment"]
    def keyframe(provider: LocalImageGenerator, frame: str) -> Any:
        request = ImageRequest(prompt="", width=W, height=H, environment=env,
                               purpose="keyframe", frame=frame, camera=CameraMove.PAN_LEFT,
                               action="a man crosses the street")
        folder = tmp_path / frame
        folder.mkdir()
        return asyncio.run(provider.generate_image(request, CallContext(work_dir=folder)))

    provider = LocalImageGenerator()
    first, last = keyframe(provider, "first"), keyframe(provider, "last")
    folder = provider._stack_dir
    assert folder is not None and folder.name.startswith(images.STACKS_PREFIX)
    assert len(list(folder.glob("*.npz"))) == 1
    a, b = load_layers(first.extra_files["layers"])[0], load_layers(last.extra_files["layers"])[0]
    assert all(np.array_equal(x.rgba, y.rgba) for x, y in zip(a, b, strict=True))
    assert first.metadata["pose"] != last.metadata["pose"]
    del provider
    gc.collect()
    assert not folder.exists()


def test_character_kind_is_part_of_the_key() -> None:
    """Every field of a cast member counts, enums and paths included."""
    a = CharacterSpec(key="k", name="Rex", kind=CharacterKind.PERSON)
    b = dataclasses.replace(a, kind=CharacterKind.ANIMAL)
    c = dataclasses.replace(a, references=(Path("sheet.png"),))
    keys = {stackcache.stack_key(cast=(CastInShot(x),)) for x in (a, b, c)}
    assert len(keys) == 3
