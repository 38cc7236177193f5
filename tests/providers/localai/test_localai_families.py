"""The catalog's families beyond the first three: SDXL and PixArt recognised from their
``model_index.json``, the tiny FLUX and Wan models found with their families. The takes FLUX and
Wan make (a keyframe with the environment's LoRA, clips on the first and last keyframes) run in
test_localai.py's one model process, from families.py."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tests.emulators import media
from vidstudio.providers.localai.catalog import find_models

if TYPE_CHECKING:
    from pathlib import Path


def _part(folder: Path, part: str, config: dict[str, Any], weights: bytes | None) -> None:
    (folder / part).mkdir(parents=True)
    (folder / part / "config.json").write_text(json.dumps(config))
    if weights is not None:
        (folder / part / "diffusion_pytorch_model.safetensors").write_bytes(weights)


def test_sdxl_and_pixart_are_recognised_from_their_model_index(tmp_path: Path) -> None:
    """No weights worth the name: the family comes from ``model_index.json`` alone."""
    weights = media.safetensors(dim=8)
    sdxl, pixart, other = tmp_path / "my-sdxl", tmp_path / "my-pixart", tmp_path / "my-kandinsky"
    for folder, pipeline, parts in (
            (sdxl, "StableDiffusionXLPipeline", ("unet", "vae", "text_encoder", "text_encoder_2")),
            (pixart, "PixArtSigmaPipeline", ("transformer", "vae", "text_encoder")),
            (other, "KandinskyV22Pipeline", ("unet", "movq"))):
        folder.mkdir()
        index: dict[str, Any] = {"_class_name": pipeline, "_diffusers_version": "0.30.0",
                                 "scheduler": ["diffusers", "EulerDiscreteScheduler"]}
        _part(folder, "scheduler", {"_class_name": "EulerDiscreteScheduler"}, None)
        for part in parts:
            index[part] = ["diffusers", "AnyModel"]
            _part(folder, part, {"_class_name": "AnyModel"}, weights)
        (folder / "model_index.json").write_text(json.dumps(index))
    found = {m.name: m for m in find_models(tmp_path)}
    xl, px, unknown = found["my-sdxl"], found["my-pixart"], found["my-kandinsky"]
    assert xl.family is not None and px.family is not None and unknown.family is None
    assert (xl.family.name, xl.family.capability, xl.usable) == ("sdxl", "image", True)
    assert (px.family.name, px.family.capability, px.usable) == ("pixart", "image", True)
    assert not xl.family.lora and not px.family.lora  # the style's FLUX LoRA is not for them
    assert xl.licence == "CreativeML OpenRAIL++-M" and xl.dtype == "fp32"
    assert xl.size == 4 * len(weights) and px.size == 3 * len(weights)
    assert not unknown.usable and "not a family vidstudio runs" in unknown.describe()


def test_the_tiny_flux_and_wan_models_are_found_with_their_families(tiny_models: Path) -> None:
    found = {m.name: m for m in find_models(tiny_models / "more")}
    assert {n: (m.family.name if m.family else None) for n, m in found.items()} == {
        "tiny-flux": "flux", "tiny-wan": "wan", "tiny-wan-i2v": "wan"}
    assert all(m.usable for m in found.values())
    flux, wan = found["tiny-flux"].family, found["tiny-wan"].family
    assert flux is not None and flux.lora and flux.capability == "image"
    assert wan is not None and wan.first_last and wan.capability == "video"
