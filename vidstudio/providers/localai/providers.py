"""The local-ai providers: text-to-image (environment images, character images, keyframes),
image-to-video (from the first keyframe, and the last where the family takes it) and
text-to-audio (sound beds of the scene's length), each running in the device's model process.

A provider is built for one model found on disk (``catalog``); building one without the extra,
or without a model of its kind, fails at once with one line saying what to do: the set is only
ever chosen by name (``--video local-ai``, the settings), never as a silent fallback. Every take
records the model's family and licence in its metadata.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.media.ffmpeg import FFmpegError, run_ffmpeg
from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    ClipRequest,
    GenerationFailedError,
    ImageRequest,
    InvalidRequestError,
    MediaResult,
    NotConfiguredError,
    ProviderInfo,
    SoundRequest,
)
from vidstudio.providers.localai import missing_extra
from vidstudio.providers.localai.catalog import (
    Capability,
    ModelInfo,
    choose,
    find_models,
    licence_accepted,
)
from vidstudio.providers.localai.host import PROVIDER, ModelHost, host_for

if TYPE_CHECKING:
    from collections.abc import Mapping

NAME = PROVIDER


def device_setting() -> str:
    return os.environ.get("VIDSTUDIO_LOCALAI_DEVICE", "auto")


def env_options() -> dict[str, Any]:
    """Settings from the environment: ``VIDSTUDIO_LOCALAI_STEPS`` (denoising steps) and
    ``VIDSTUDIO_LOCALAI_MAX_SIDE`` (the longest side generated; the result is scaled to the
    project's size)."""
    opts: dict[str, Any] = {}
    for name, key in (("VIDSTUDIO_LOCALAI_STEPS", "steps"),
                      ("VIDSTUDIO_LOCALAI_MAX_SIDE", "max_side")):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            opts[key] = int(value)
    return opts


def generation_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """``width`` x ``height`` scaled down (never up) so that its longest side is ``max_side``."""
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def find_model(capability: Capability, folders: tuple[Path, ...] = ()) -> ModelInfo:
    """The model a ``capability`` provider runs.

    Raises:
        NotConfiguredError: the extra is missing, or no usable model of that kind is found.
    """
    if hint := missing_extra():
        raise NotConfiguredError(hint, provider=NAME)
    models = find_models(*folders)
    model = choose(capability, models)
    if model is None:
        where = ", ".join(str(f) for f in folders) or "the models folder or the Hugging Face cache"
        raise NotConfiguredError(
            f"no {capability} model found in {where}: put one there or run "
            f"'vidstudio models download NAME' (see 'vidstudio models list')", provider=NAME)
    return model


class _LocalAI:
    capability: Capability = "image"

    def __init__(self, model: ModelInfo, *, device: str | None = None, steps: int = 30,
                 guidance: float | None = None, host: ModelHost | None = None,
                 max_sequence_length: int | None = None, max_side: int | None = None,
                 memory_headroom: int | None = None) -> None:
        family = model.family
        if family is None or family.capability != self.capability:
            raise NotConfiguredError(f"{model.name} is not a {self.capability} model",
                                     provider=NAME)
        self.model = model
        self.family = family
        self.device = device or device_setting()
        self.steps = steps
        self.guidance = guidance
        self.max_sequence_length = max_sequence_length
        # the longest side generated: the families' native sizes are near 1024 (images) and
        # 768 (video); larger requests are generated at that and scaled up
        self.max_side = max_side or (768 if self.capability == "video" else 1024)
        self.memory_headroom = memory_headroom  # tests: RLIMIT_AS headroom in the process
        self._host = host
        self.info = ProviderInfo(NAME, f"{family.name}:{model.name}", "local")
        self.capabilities = Capabilities(concurrency=1, paid=False, can_vary=True)

    @property
    def job_limit(self) -> tuple[str, int]:
        """One GPU job at a time per device, through the job manager's limits."""
        return (f"{NAME}:{self.device}", 1)

    @property
    def host(self) -> ModelHost:
        if self._host is None:
            self._host = host_for(self.device)
        return self._host

    def _task(self, kind: str, prompt: str, ctx: CallContext, out: Path,
              **more: Any) -> dict[str, Any]:
        task: dict[str, Any] = {
            "kind": kind, "model": str(self.model.path), "size16": self.model.size16,
            "prompt": prompt, "seed": ctx.seed, "steps": self.steps, "out": str(out), **more}
        if self.guidance is not None:
            task["guidance"] = self.guidance
        if self.max_sequence_length:
            task["max_sequence_length"] = self.max_sequence_length
        if self.memory_headroom:
            task["memory_headroom"] = self.memory_headroom
        return task

    async def _run(self, task: dict[str, Any], ctx: CallContext, what: str) -> dict[str, Any]:
        host = self.host

        def on_step(step: int, steps: int) -> None:
            ctx.progress(step / max(1, steps),
                         f"{what}: step {step}/{steps} on {host.describe_device()}")

        ctx.progress(0.0, f"{what}: {self.model.name} (licence: {self.model.licence})")
        return await host.run(task, on_step)

    def _metadata(self, result: dict[str, Any]) -> dict[str, Any]:
        return {**result, "family": self.family.name, "licence": self.model.licence,
                "model_path": str(self.model.path)}


class LocalAIImageGenerator(_LocalAI):
    """Environment images, character images and keyframes from a text-to-image model."""

    capability: Capability = "image"

    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        if request.width < 16 or request.height < 16:
            raise InvalidRequestError(f"image too small: {request.width}x{request.height}",
                                      provider=NAME)
        out = ctx.work_dir / f"{request.purpose}_{request.frame}_s{ctx.seed}.png"
        lora, note = self._lora(request.style)
        prompt = request.prompt or request.environment.description or request.environment.name
        width, height = generation_size(request.width, request.height, self.max_side)
        task = self._task("image", prompt, ctx, out, width=width, height=height,
                          out_width=request.width, out_height=request.height, lora=lora)
        # the ten pictures of a place differ even where their prompts read alike
        task["seed"] = ctx.seed + 7919 * request.variant
        result = await self._run(task, ctx, request.purpose)
        if not out.is_file():
            raise GenerationFailedError("the model process wrote no image", provider=NAME)
        meta = self._metadata(result)
        if note:
            meta["style"] = note
        return MediaResult(out, model=self.info.model, metadata=meta)

    def _lora(self, style: Path | None) -> tuple[str | None, str]:
        """The LoRA to apply for the environment's style, or why none is (said on the take)."""
        if style is None:
            return None, ""
        if style.suffix != ".safetensors":
            return None, ("not applied: the environment's style is a local style profile, "
                          "not a LoRA (train the style with fal for a FLUX LoRA)")
        if not self.family.lora:
            return None, (f"not applied: the style's LoRA is for FLUX; {self.family.name} "
                          "takes none of that format")
        return str(style), ""


class LocalAIVideoGenerator(_LocalAI):
    """Clips from an image-to-video model, conditioned on the shot's keyframes."""

    capability: Capability = "video"

    async def generate_clip(self, request: ClipRequest, ctx: CallContext) -> MediaResult:
        if request.first_frame is None:
            raise InvalidRequestError("an image-to-video model needs the shot's first keyframe",
                                      provider=NAME)
        if request.duration <= 0 or request.fps <= 0:
            raise InvalidRequestError("a clip needs a positive duration and fps", provider=NAME)
        frames = request.duration * request.fps
        raw = ctx.work_dir / f"frames_s{ctx.seed}.rgb"
        last = request.last_frame.path if request.last_frame and self.family.first_last else None
        width, height = generation_size(request.width, request.height, self.max_side)
        task = self._task("video", request.prompt, ctx, raw, width=width, height=height,
                          frames=frames, fps=request.fps,
                          first=str(request.first_frame.path),
                          last=str(last) if last else None)
        result = await self._run(task, ctx, "clip")
        out = ctx.work_dir / f"clip_s{ctx.seed}.mp4"
        gw, gh = result["generated_size"]
        try:
            await run_ffmpeg([
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{gw}x{gh}",
                "-r", str(request.fps), "-i", str(raw), "-frames:v", str(result["frames"]),
                "-vf", f"scale={request.width}:{request.height}:flags=bicubic",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-crf", "18",
                "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
                "-movflags", "+faststart", str(out)])
        except FFmpegError as exc:
            raise GenerationFailedError(f"encoding the clip failed: {exc}",
                                        provider=NAME) from exc
        finally:
            raw.unlink(missing_ok=True)
        meta = self._metadata(result)
        if request.last_frame is not None and not result.get("last_frame_used"):
            meta["last_keyframe"] = (f"not used: this {self.family.name} model "
                                     f"({self.info.model}) takes the first frame only")
        return MediaResult(out, model=self.info.model, metadata=meta)


class LocalAISoundDesigner(_LocalAI):
    """Sound beds from a text-to-audio model, as long as the scene."""

    capability: Capability = "audio"

    async def generate_sound(self, request: SoundRequest, ctx: CallContext) -> MediaResult:
        if request.duration <= 0:
            raise InvalidRequestError("a sound bed needs a positive duration", provider=NAME)
        out = ctx.work_dir / f"sound_s{ctx.seed}.wav"
        task = self._task("audio", request.prompt, ctx, out, duration=request.duration)
        result = await self._run(task, ctx, "sound")
        return MediaResult(out, model=self.info.model, metadata=self._metadata(result))


def build(capability: Capability, options: Mapping[str, Any] | None = None) -> _LocalAI:
    """The provider of ``capability`` for the settings' ``options`` (``{"models": [folders],
    "device", "steps", "guidance", "licence_accepted"}``), or a NotConfiguredError saying what
    is missing.

    ``licence_accepted=True`` (the editor) refuses a model whose licence the user has not
    accepted in Settings → Models; the command line shows the licence instead."""
    opts = {**env_options(), **(options or {})}
    folders = tuple(Path(f) for f in opts.pop("models", ()))
    needs_acceptance = bool(opts.pop("licence_accepted", False))
    model = find_model(capability, folders)
    if needs_acceptance and not licence_accepted(model):
        raise NotConfiguredError(
            f"the licence of {model.name} ({model.licence}) is not accepted yet: accept it in "
            "Settings → Models", provider=NAME)
    cls = {"image": LocalAIImageGenerator, "video": LocalAIVideoGenerator,
           "audio": LocalAISoundDesigner}[capability]
    return cls(model, **opts)
