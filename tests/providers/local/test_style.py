"""LocalStyleTrainer: a colour profile that pulls an environment's keyframes together."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.providers.base import (
    CallContext,
    EnvironmentSpec,
    ImageRequest,
    InvalidRequestError,
    StyleRequest,
    StyleTrainer,
)
from vidstudio.providers.local.images import LocalImageGenerator
from vidstudio.providers.local.paint import grade
from vidstudio.providers.local.style import LocalStyleTrainer, load_style_profile

if TYPE_CHECKING:
    from pathlib import Path

SIZE = (192, 108)
COAST = EnvironmentSpec(
    name="Point",
    setting="coast",
    weather=Weather.CLEAR,
    time_of_day=TimeOfDay.DAY,
    key_objects=("lighthouse",),
)
CITY = EnvironmentSpec(
    name="Neon alley",
    setting="city street",
    weather=Weather.RAIN,
    time_of_day=TimeOfDay.NIGHT,
    key_objects=("car",),
)
MARKET = EnvironmentSpec(
    name="Souk",
    setting="old town market",
    weather=Weather.CLEAR,
    time_of_day=TimeOfDay.DAWN,
    key_objects=("stall",),
)


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def environment_images(env: EnvironmentSpec, folder: Path, count: int = 4) -> list[Path]:
    provider = LocalImageGenerator()
    paths = []
    for variant in range(count):
        result = run(
            provider.generate_image(
                ImageRequest(
                    prompt="", width=SIZE[0], height=SIZE[1], environment=env, variant=variant
                ),
                CallContext(work_dir=folder),
            )
        )
        paths.append(result.path)
    return paths


def train(env: EnvironmentSpec, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    images = environment_images(env, folder)
    result = run(
        LocalStyleTrainer().train_style(
            StyleRequest(environment=env, images=tuple(images), trigger_word="vsabc123"),
            CallContext(work_dir=folder),
        )
    )
    return result.path


def keyframe(
    env: EnvironmentSpec,
    style: Path | None,
    folder: Path,
    camera: CameraMove,
    shot: ShotType,
    action: str,
) -> Image.Image:
    folder.mkdir(parents=True, exist_ok=True)
    result = run(
        LocalImageGenerator().generate_image(
            ImageRequest(
                prompt="",
                width=SIZE[0],
                height=SIZE[1],
                environment=env,
                purpose="keyframe",
                camera=camera,
                shot_type=shot,
                action=action,
                style=style,
            ),
            CallContext(work_dir=folder),
        )
    )
    return Image.open(result.path).convert("RGB")


def test_is_a_style_trainer() -> None:
    assert isinstance(LocalStyleTrainer(), StyleTrainer)


def test_profile_file(tmp_path: Path) -> None:
    path = train(COAST, tmp_path)
    data = json.loads(path.read_text())
    assert data["format"] == "vidstudio-style-profile"
    assert data["trigger_word"] == "vsabc123" and data["images"] == 4
    assert len(data["palette"]) >= 3
    assert len(data["histogram"]) == grade.HIST_BINS**3
    assert load_style_profile(path) is not None


def test_no_images_or_unreadable_images_are_invalid(tmp_path: Path) -> None:
    trainer = LocalStyleTrainer()
    with pytest.raises(InvalidRequestError):
        run(trainer.train_style(StyleRequest(COAST, (), "x"), CallContext(work_dir=tmp_path)))
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not a picture")
    with pytest.raises(InvalidRequestError):
        run(trainer.train_style(StyleRequest(COAST, (junk,), "x"), CallContext(work_dir=tmp_path)))


def test_grade_moves_a_keyframe_toward_the_profile(tmp_path: Path) -> None:
    style = train(COAST, tmp_path / "coast")
    profile = load_style_profile(style)
    assert profile is not None
    target = [float(v) for v in profile["histogram"]]
    plain = keyframe(MARKET, None, tmp_path / "a", CameraMove.STATIC, ShotType.WIDE, "")
    graded = keyframe(MARKET, style, tmp_path / "b", CameraMove.STATIC, ShotType.WIDE, "")
    before = grade.histogram_distance(grade.histogram(plain), np.array(target))
    after = grade.histogram_distance(grade.histogram(graded), np.array(target))
    assert after < before
    means = grade.colour_stats([graded])["rgb_mean"]
    plain_means = grade.colour_stats([plain])["rgb_mean"]
    gap_after = sum(abs(a - b) for a, b in zip(means, profile["rgb_mean"], strict=True))
    gap_before = sum(abs(a - b) for a, b in zip(plain_means, profile["rgb_mean"], strict=True))
    assert gap_after < gap_before


def test_keyframes_of_one_environment_are_closer_than_across(tmp_path: Path) -> None:
    frames: dict[str, list[Image.Image]] = {}
    shots = [
        (CameraMove.PUSH_IN, ShotType.WIDE, "a figure waits"),
        (CameraMove.PAN_RIGHT, ShotType.MEDIUM, "a car passes"),
        (CameraMove.STATIC, ShotType.CLOSE_UP, ""),
    ]
    for env in (COAST, CITY, MARKET):
        style = train(env, tmp_path / env.name)
        frames[env.name] = [
            keyframe(env, style, tmp_path / env.name / f"k{i}", camera, shot, act)
            for i, (camera, shot, act) in enumerate(shots)
        ]
    hists = {name: [grade.histogram(img) for img in imgs] for name, imgs in frames.items()}
    within = [
        grade.histogram_distance(h[i], h[j])
        for h in hists.values()
        for i in range(len(h))
        for j in range(i + 1, len(h))
    ]
    names = list(hists)
    across = [
        grade.histogram_distance(a, b)
        for x in range(len(names))
        for y in range(x + 1, len(names))
        for a in hists[names[x]]
        for b in hists[names[y]]
    ]
    assert max(within) < min(across)
    assert sum(within) / len(within) < 0.5 * sum(across) / len(across)


def test_a_scene_at_another_hour_keeps_its_own_light() -> None:
    """A dawn-fitted profile must not drag a midday keyframe of the same place back to dawn."""
    import asyncio
    import tempfile
    from pathlib import Path

    from vidstudio.core.vocabulary import TimeOfDay
    from vidstudio.providers.base import CallContext, EnvironmentSpec, ImageRequest, StyleRequest
    from vidstudio.providers.local.images import LocalImageGenerator
    from vidstudio.providers.local.style import LocalStyleTrainer

    dawn = EnvironmentSpec(name="Market", setting="market", time_of_day=TimeOfDay.DAWN)
    noon = EnvironmentSpec(name="Market", setting="market", time_of_day=TimeOfDay.DAY)

    async def scenario(tmp: Path) -> tuple[float, float]:
        painter, trainer = LocalImageGenerator(), LocalStyleTrainer()
        images = []
        for i in range(3):
            (tmp / f"e{i}").mkdir()
            res = await painter.generate_image(
                ImageRequest("m", 192, 108, dawn, variant=i), CallContext(tmp / f"e{i}"))
            images.append(res.path)
        (tmp / "s").mkdir()
        style = await trainer.train_style(StyleRequest(dawn, tuple(images), "vsmk"),
                                          CallContext(tmp / "s"))
        means = []
        for name, style_path in (("plain", None), ("styled", style.path)):
            (tmp / name).mkdir()
            res = await painter.generate_image(
                ImageRequest("m", 192, 108, noon, purpose="keyframe", style=style_path),
                CallContext(tmp / name))
            from PIL import Image

            with Image.open(res.path) as img:
                means.append(sum(img.convert("L").getdata()) / (192 * 108))
            assert "lightly" in res.metadata["style"] or style_path is None
        return means[0], means[1]

    with tempfile.TemporaryDirectory() as tmp:
        plain, styled = asyncio.run(scenario(Path(tmp)))
    assert abs(plain - styled) < 0.1 * plain, (plain, styled)
