"""The local-ai providers on CPU with tiny random-weight models, through the same model-manager
path a user's folder takes: a keyframe, a clip from it, a sound bed; FLUX keyframes with the
style's LoRA and Wan clips on the first and last keyframes (families.py); determinism by seed and
keyframe; progress per step; cancel between steps; the model kept loaded between takes and
released when idle; a real out-of-memory under RLIMIT_AS; torch never in this process. All of it
runs in one model process (starting one, with its torch import, is most of the time)."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

import pytest

from vidstudio.core.vocabulary import CameraMove
from vidstudio.media.audio import audio_duration
from vidstudio.media.ffmpeg import probe
from vidstudio.providers.base import (
    CallContext,
    ClipRequest,
    ImageRequest,
    Keyframe,
    NotConfiguredError,
    SoundRequest,
)
from vidstudio.providers.localai import INSTALL_HINT
from vidstudio.providers.localai.catalog import find_models, inspect_model
from vidstudio.providers.localai.host import ModelHost, OutOfMemoryError
from vidstudio.providers.localai.providers import build

from .families import ENV, check_flux_and_wan, digest, flux_and_wan_takes, lora_files

if TYPE_CHECKING:
    from pathlib import Path

def test_catalog_reads_family_size_dtype_and_licence(tiny_models: Path) -> None:
    found = {m.name: m for m in find_models(tiny_models)}
    assert set(found) == {"tiny-sd", "tiny-ltx", "tiny-stable-audio"}
    assert [found[n].family.capability for n in ("tiny-sd", "tiny-ltx", "tiny-stable-audio")
            if found[n].family] == ["image", "video", "audio"]
    ltx = found["tiny-ltx"]
    assert ltx.usable and ltx.dtype == "fp32" and ltx.size > 0 and ltx.size16 * 2 <= ltx.size
    assert ltx.family is not None and ltx.family.first_last
    assert "LTX" in ltx.licence and "non-commercial" not in ltx.licence


def test_catalog_finds_damage_and_reads_the_cards_licence(tiny_models: Path,
                                                         tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "broken-sd"
    shutil.copytree(tiny_models / "tiny-sd", copy)
    weights = next((copy / "unet").glob("*.safetensors"))
    weights.write_bytes(weights.read_bytes()[:20])  # a download cut short
    shutil.rmtree(copy / "vae")
    (copy / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n# a model\n")
    info = inspect_model(copy)
    assert not info.usable
    assert any("vae/ is missing" in p for p in info.problems)
    assert any("unet" in p and "damaged" in p for p in info.problems)
    assert info.licence == "cc-by-nc-4.0"


def test_without_the_extra_the_providers_say_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch, tiny_models: Path) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "diffusers" else real(name, *a))
    with pytest.raises(NotConfiguredError) as caught:
        build("video", {"models": [tiny_models]})
    assert str(caught.value) == f"local-ai: {INSTALL_HINT}"
    assert "pip install 'vidstudio[local-ai]'" in str(caught.value)


def test_no_model_of_its_kind_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(NotConfiguredError, match="no video model found in") as caught:
        build("video", {"models": [tmp_path]})
    assert "\n" not in str(caught.value)


def test_every_family_cancel_and_oom_in_one_model_process(tiny_models: Path,
                                                          tmp_path: Path) -> None:
    """One model process serves every take (kept loaded), is released when idle, and torch
    never loads here."""
    opts = {"models": [tiny_models], "steps": 2, "max_side": 32, "device": "cpu"}

    async def scenario() -> dict[str, object]:
        host = ModelHost("cpu")
        images, video, sound = (build(kind, {**opts, "host": host})  # type: ignore[arg-type]
                                for kind in ("image", "video", "audio"))
        messages: list[str] = []

        def ctx(name: str, seed: int = 7) -> CallContext:
            folder = tmp_path / name
            folder.mkdir()
            return CallContext(work_dir=folder, seed=seed,
                               progress=lambda _f, m: messages.append(m))

        try:
            first = await images.generate_image(  # type: ignore[attr-defined]
                ImageRequest("a lighthouse at night", 160, 90, ENV, purpose="keyframe"),
                ctx("first"))
            other = await images.generate_image(  # type: ignore[attr-defined]
                ImageRequest("a lighthouse at night", 160, 90, ENV, purpose="keyframe"),
                ctx("other", seed=8))

            def clip(name: str, keyframe: Path, seed: int = 7):
                request = ClipRequest("waves on the rocks", 5, 160, 90, 8, CameraMove.STATIC,
                                      ENV, Keyframe(keyframe), Keyframe(other.path))
                return video.generate_clip(request, ctx(name, seed))  # type: ignore[attr-defined]

            a = await clip("a", first.path)
            again = await clip("again", first.path)
            changed = await clip("changed", other.path)
            bed = await sound.generate_sound(SoundRequest("wind", 2.5),  # type: ignore[attr-defined]
                                             ctx("sound"))
            families = await flux_and_wan_takes(tiny_models / "more", host, tmp_path / "more")
            (tmp_path / "cancel" / "next").mkdir(parents=True)
            stopped = await cancel_between_steps(images, tmp_path / "cancel")
            host.idle_release = 0.2  # after the last take, the process is let go
            oom = await out_of_memory(tiny_models, host, ctx("oom"))
            starts = host.starts
            for _ in range(100):
                if host.pid is None:
                    break
                await asyncio.sleep(0.1)
            return {"first": first, "other": other, "a": a, "again": again,
                    "changed": changed, "bed": bed, "starts": starts, "pid": host.pid,
                    "messages": messages, "stopped": stopped, "oom": oom,
                    "families": families}
        finally:
            await host.close()

    lora_files(tmp_path / "more")
    got = asyncio.run(scenario())
    first, other, a, again, changed, bed = (got[k] for k in
                                            ("first", "other", "a", "again", "changed", "bed"))
    assert digest(first.path) != digest(other.path)  # type: ignore[attr-defined]
    info = probe(a.path)  # type: ignore[attr-defined]
    assert info.duration == pytest.approx(5.0, abs=0.01)
    video = info.streams[0]
    assert (video.codec, video.width, video.height, video.fps) == ("h264", 160, 90, 8.0)
    meta = a.metadata  # type: ignore[attr-defined]
    assert meta["frames"] == 40 and meta["generated_frames"] == 41  # 4k+1 for this VAE
    assert meta["last_frame_used"] is True
    assert meta["licence"] == "LTX-Video open weights licence" and meta["device"] == "CPU"
    # the same seed and keyframe give the same clip; another keyframe another clip
    assert digest(a.path) == digest(again.path)  # type: ignore[attr-defined]
    assert digest(a.path) != digest(changed.path)  # type: ignore[attr-defined]
    # the sound bed is as long as asked, though the model makes less
    assert audio_duration(bed.path) == pytest.approx(2.5, abs=0.01)  # type: ignore[attr-defined]
    assert bed.metadata["family"] == "stable-audio"  # type: ignore[attr-defined]
    assert first.metadata["style"] == "none"  # type: ignore[attr-defined]
    # progress per denoising step, with the device shown
    steps = [m for m in got["messages"] if "step" in m]  # type: ignore[attr-defined]
    assert "clip: step 1/2 on CPU (cpu" in " ".join(steps) and len(steps) == 2 * 6
    # cancelled between steps, long before the end; the same process made the next take
    seen, next_take = got["stopped"]  # type: ignore[misc]
    assert 1 <= len(seen) < 400 and next_take.endswith(".png")
    # a real out-of-memory: one line saying what to change, and the process lived on
    message, alive = got["oom"]  # type: ignore[misc]
    assert message.startswith("local-ai: out of memory")
    assert "smaller size" in message and "\n" not in message and alive
    check_flux_and_wan(got["families"])  # type: ignore[arg-type]
    assert got["starts"] == 1 and got["pid"] is None
    assert "torch" not in sys.modules and "diffusers" not in sys.modules


async def cancel_between_steps(images: object, work: Path) -> tuple[list[int], str]:
    """Cancel a 400-step take after its first step; then a short take in the same process."""
    seen: list[int] = []
    started = asyncio.Event()

    def progress(_fraction: float, message: str) -> None:
        if "step" in message:
            seen.append(int(message.split("step ")[1].split("/")[0]))
            started.set()

    request = ImageRequest("rain", 32, 32, ENV)
    images.steps = 400  # type: ignore[attr-defined]
    task = asyncio.ensure_future(images.generate_image(  # type: ignore[attr-defined]
        request, CallContext(work_dir=work, progress=progress)))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    stopped_at = len(seen)
    images.steps = 2  # type: ignore[attr-defined]
    result = await images.generate_image(  # type: ignore[attr-defined]
        request, CallContext(work_dir=work / "next"))
    return seen[:stopped_at], result.path.name


async def out_of_memory(models: Path, host: ModelHost, ctx: CallContext) -> tuple[str, bool]:
    """The model process may map only 256 MB more than it holds (RLIMIT_AS, set before this
    take and kept): an 8192x8192 image's latents alone are 256 MB, so it fails at once. (At
    2048x2048 it sometimes did not fail before the UNet's attention over a quarter of a million
    latent pixels, which then ran for minutes: about one run in eight here.)"""
    images = build("image", {"models": [models], "steps": 1, "max_side": 8192, "host": host,
                             "memory_headroom": 256 * 1024**2})
    with pytest.raises(OutOfMemoryError) as caught:
        await images.generate_image(  # type: ignore[attr-defined]
            ImageRequest("storm", 8192, 8192, ENV), ctx)
    return str(caught.value), host.pid is not None
