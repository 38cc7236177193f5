"""LocalImageGenerator: the provider contract around the painter."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.providers.base import (
    CallContext,
    EnvironmentSpec,
    ImageGenerator,
    ImageRequest,
    InvalidRequestError,
)
from vidstudio.providers.local.images import LocalImageGenerator
from vidstudio.providers.local.paint.camera import Pose
from vidstudio.providers.local.paint.world import load_layers

if TYPE_CHECKING:
    from pathlib import Path

ENV = EnvironmentSpec(
    name="Quay",
    setting="harbour",
    description="a fishing harbour",
    weather=Weather.CLOUDY,
    time_of_day=TimeOfDay.DUSK,
    key_objects=("fishing boat", "lamp"),
)


def request(**changes: object) -> ImageRequest:
    base = {"prompt": "the quay at dusk", "width": 256, "height": 144, "environment": ENV}
    base.update(changes)
    return ImageRequest(**base)  # type: ignore[arg-type]


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_is_an_image_generator() -> None:
    provider = LocalImageGenerator()
    assert isinstance(provider, ImageGenerator)
    assert provider.info.name == "local" and provider.info.model == "painter-1"


def test_environment_image(tmp_path: Path) -> None:
    progress: list[float] = []
    ctx = CallContext(work_dir=tmp_path, seed=3, progress=lambda f, _m: progress.append(f))
    result = run(LocalImageGenerator().generate_image(request(variant=4), ctx))
    assert result.path.parent == tmp_path
    with Image.open(result.path) as img:
        assert img.format == "PNG" and img.size == (256, 144)
    assert result.model == "painter-1"
    assert result.extra_files == {}
    assert result.metadata["archetype"] == "harbour"
    assert progress[0] == 0.0 and progress[-1] == 1.0
    json.dumps(result.metadata)  # stored in the project file


def test_keyframe_carries_its_layers_and_pose(tmp_path: Path) -> None:
    ctx = CallContext(work_dir=tmp_path, seed=1)
    provider = LocalImageGenerator()
    first = run(
        provider.generate_image(
            request(
                purpose="keyframe",
                camera=CameraMove.PAN_LEFT,
                shot_type=ShotType.MEDIUM,
                frame="first",
            ),
            ctx,
        )
    )
    last = run(
        provider.generate_image(
            request(
                purpose="keyframe",
                camera=CameraMove.PAN_LEFT,
                shot_type=ShotType.MEDIUM,
                frame="last",
            ),
            ctx,
        )
    )
    json.dumps(first.metadata)
    assert first.metadata["world_id"] == last.metadata["world_id"]
    layers, meta = load_layers(first.extra_files["layers"])
    assert [layer.name for layer in layers][:2] == ["sky", "clouds"]
    assert meta["pose"] == first.metadata["pose"]
    assert (
        Pose.from_dict(last.metadata["pose"]).pan_x < Pose.from_dict(first.metadata["pose"]).pan_x
    )
    assert first.path != last.path and first.extra_files["layers"] != last.extra_files["layers"]
    with Image.open(first.path) as img:
        assert img.size == (256, 144)


def test_portrait_and_square_frames(tmp_path: Path) -> None:
    for size in ((144, 256), (200, 200)):
        result = run(
            LocalImageGenerator().generate_image(
                request(
                    width=size[0], height=size[1], purpose="keyframe", camera=CameraMove.CRANE_UP
                ),
                CallContext(work_dir=tmp_path),
            )
        )
        with Image.open(result.path) as img:
            assert img.size == size
            assert np.asarray(img).std() > 8


@pytest.mark.parametrize("size", [(8, 144), (256, 5000)])
def test_rejects_impossible_sizes(tmp_path: Path, size: tuple[int, int]) -> None:
    with pytest.raises(InvalidRequestError):
        run(
            LocalImageGenerator().generate_image(
                request(width=size[0], height=size[1]), CallContext(work_dir=tmp_path)
            )
        )


def test_a_foreign_style_model_is_ignored_and_said_so(tmp_path: Path) -> None:
    lora = tmp_path / "lora.json"
    lora.write_text(json.dumps({"loras": [{"path": "https://example.invalid/x"}]}))
    result = run(
        LocalImageGenerator().generate_image(
            request(purpose="keyframe", style=lora), CallContext(work_dir=tmp_path)
        )
    )
    assert result.metadata["style"].startswith("ignored")


def test_a_broken_local_profile_is_an_invalid_request(tmp_path: Path) -> None:
    bad = tmp_path / "style.json"
    bad.write_text(
        json.dumps(
            {
                "format": "vidstudio-style-profile",
                "version": 1,
                "rgb_mean": [1, 2],
                "rgb_std": [1, 2, 3],
            }
        )
    )
    with pytest.raises(InvalidRequestError):
        run(
            LocalImageGenerator().generate_image(
                request(purpose="keyframe", style=bad), CallContext(work_dir=tmp_path)
            )
        )


def test_runs_in_a_process_pool(tmp_path: Path) -> None:
    async def paint() -> Path:
        with ProcessPoolExecutor(max_workers=1) as pool:
            provider = LocalImageGenerator(executor=pool)
            result = await provider.generate_image(
                request(purpose="keyframe"), CallContext(work_dir=tmp_path, seed=2)
            )
            return result.path

    path = run(paint())
    here = tmp_path / "here"
    here.mkdir()
    direct = run(
        LocalImageGenerator().generate_image(
            request(purpose="keyframe"), CallContext(work_dir=here, seed=2)
        )
    )
    assert path.read_bytes() == direct.path.read_bytes()
