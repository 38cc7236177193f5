"""FLUX keyframes with the environment's LoRA and Wan clips on the first and last keyframes,
made by the tiny models in ``more/`` (tiny_models.py) through the same catalog path a user's
folder takes. They run in the one model process of test_localai.py's takes (starting a process,
with its torch import, is most of a take's time); ``check_flux_and_wan`` says what must hold."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import pytest

from tests.emulators import media
from vidstudio.core.vocabulary import CameraMove
from vidstudio.media.ffmpeg import probe
from vidstudio.providers.base import (
    CallContext,
    ClipRequest,
    EnvironmentSpec,
    ImageRequest,
    InvalidRequestError,
    Keyframe,
    MediaResult,
)
from vidstudio.providers.localai.providers import build

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.providers.localai.host import ModelHost

ENV = EnvironmentSpec("harbour", "a harbour at night", description="old boat and lighthouse")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lora_with_keys(path: Path, prefix: str) -> Path:
    """A LoRA of the right width whose layers are ``prefix``'s (another model's)."""
    import numpy as np
    from safetensors.numpy import save_file

    rng = np.random.default_rng(3)
    save_file({f"{prefix}.lora_A.weight": rng.standard_normal((4, 16)).astype(np.float32),
               f"{prefix}.lora_B.weight": rng.standard_normal((16, 4)).astype(np.float32)},
              str(path))
    return path


def lora_files(work: Path) -> tuple[Path, Path, Path]:
    """The style's LoRA, one for a wider FLUX, one for another model's layers (in ``work``)."""
    work.mkdir()
    style = work / "style.safetensors"  # as FalStyleTrainer stores the trained LoRA
    style.write_bytes(media.safetensors())  # what the fal emulator's training serves
    misfit = work / "wider.safetensors"  # another FLUX's LoRA: its layers are wider
    misfit.write_bytes(media.safetensors(dim=24))
    elsewhere = _lora_with_keys(work / "sd.safetensors",
                                "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q")
    return style, misfit, elsewhere


async def flux_and_wan_takes(more: Path, host: ModelHost, work: Path) -> dict[str, Any]:
    """Keyframes from FLUX with and without LoRAs, then Wan clips from those keyframes; ``work``
    holds ``lora_files``."""
    style, misfit, elsewhere = (work / n for n in ("style.safetensors", "wider.safetensors",
                                                   "sd.safetensors"))
    opts = {"steps": 2, "max_side": 32, "device": "cpu", "host": host}
    images = build("image", {**opts, "models": [more]})
    video = build("video", {**opts, "models": [more]})
    plain = build("video", {**opts, "models": [more / "tiny-wan-i2v"]})
    runs = iter(range(100))

    def ctx(seed: int = 7) -> CallContext:
        folder = work / f"take{next(runs)}"
        folder.mkdir()
        return CallContext(work_dir=folder, seed=seed)

    async def keyframe(lora: Path | None = None, seed: int = 7) -> MediaResult:
        request = ImageRequest("a lighthouse at night", 160, 90, ENV, purpose="keyframe",
                               style=lora)
        return await images.generate_image(request, ctx(seed))  # type: ignore[attr-defined,no-any-return]

    async def clip(gen: Any, first: Path, last: Path | None, seconds: int = 5) -> MediaResult:
        request = ClipRequest("waves on the rocks", seconds, 160, 90, 8, CameraMove.STATIC,
                              ENV, Keyframe(first), Keyframe(last) if last else None)
        return await gen.generate_clip(request, ctx())  # type: ignore[no-any-return]

    got: dict[str, Any] = {"plain": await keyframe(), "styled": await keyframe(style)}
    got["plain_again"] = await keyframe()  # the LoRA does not stay on the model
    got["misfit"] = await keyframe(misfit)
    got["elsewhere"] = await keyframe(elsewhere)
    got["other"] = await keyframe(seed=8)
    first, last, other = (got[k].path for k in ("plain", "styled", "other"))
    got["a"] = await clip(video, first, last)
    got["again"] = await clip(video, first, last)
    got["changed_last"] = await clip(video, first, other)
    got["one_frame_model"] = await clip(plain, first, last, seconds=9)
    with pytest.raises(InvalidRequestError) as caught:
        await clip(video, first, None)
    got["no_last"] = str(caught.value)
    return got


def check_flux_and_wan(got: dict[str, Any]) -> None:
    plain, styled = got["plain"], got["styled"]
    # the LoRA changes the picture, and the take says it was applied
    assert digest(plain.path) != digest(styled.path)
    assert plain.metadata["style"] == "none" and styled.metadata["style"] == "applied"
    assert styled.metadata["family"] == "flux" and "FLUX.1" in styled.metadata["licence"]
    assert digest(got["plain_again"].path) == digest(plain.path)
    # a LoRA that does not fit the model is one line on the take, and the picture is unstyled
    for name, why in (("misfit", "the LoRA does not fit this model (size mismatch"),
                      ("elsewhere", "none of the LoRA's layers is in this model")):
        note = got[name].metadata["style"]
        assert note.startswith(f"not applied: {why}") and "\n" not in note, note
        assert digest(got[name].path) == digest(plain.path)
    assert digest(got["other"].path) != digest(plain.path)
    # Wan, first and last keyframes: 5 s at 8 fps, a frame count the model takes cut to 40
    a = got["a"]
    info = probe(a.path)
    assert info.duration == pytest.approx(5.0, abs=0.01)
    stream = info.streams[0]
    assert (stream.codec, stream.width, stream.height, stream.fps) == ("h264", 160, 90, 8.0)
    assert a.metadata["frames"] == 40 and a.metadata["generated_frames"] == 41
    assert a.metadata["last_frame_used"] is True and "last_keyframe" not in a.metadata
    assert a.metadata["family"] == "wan" and a.metadata["licence"] == "Apache-2.0"
    assert a.model == "wan:tiny-wan"
    assert digest(a.path) == digest(got["again"].path)
    assert digest(a.path) != digest(got["changed_last"].path)  # the last keyframe counts
    # Wan's first-frame-only model is given the first keyframe alone, and the take says so
    one = got["one_frame_model"]
    assert probe(one.path).duration == pytest.approx(9.0, abs=0.01)
    assert one.metadata["frames"] == 72 and one.metadata["generated_frames"] == 73
    assert one.metadata["last_frame_used"] is False
    assert one.metadata["last_keyframe"].startswith("not used")
    assert "needs the shot's last keyframe" in got["no_last"] and "\n" not in got["no_last"]
