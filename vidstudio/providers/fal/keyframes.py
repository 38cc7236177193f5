"""``FalKeyframeGenerator``: keyframes drawn by FLUX with an environment's style LoRA."""

from __future__ import annotations

import asyncio
import math
from typing import TYPE_CHECKING, Any

from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    ContentRefusedError,
    ImageRequest,
    MediaResult,
    NotConfiguredError,
    ProviderInfo,
)
from vidstudio.providers.cast_prompt import cast_text
from vidstudio.providers.fal._queue import PROVIDER, FalQueue, PollSettings
from vidstudio.providers.fal.training import PRICES_AS_OF, TRAINING_APP
from vidstudio.providers.fal.upload import read_bytes
from vidstudio.providers.http_common import download_verified, fit_image
from vidstudio.providers.pricing import default_prices

if TYPE_CHECKING:
    from concurrent.futures import Executor

IMAGE_APP = "fal-ai/flux-lora"
#: FLUX works on 16-pixel blocks and is trained for at most about two megapixels.
_BLOCK = 16
_MAX_PIXELS = 2_000_000
_MIN_SIDE = 256


def flux_size(width: int, height: int) -> tuple[int, int]:
    """A FLUX-friendly size with the aspect of ``width`` x ``height`` (multiples of 16)."""
    scale = min(1.0, math.sqrt(_MAX_PIXELS / (width * height)))
    scale = max(scale, _MIN_SIDE / min(width, height))  # tiny requests are drawn larger
    return (max(_BLOCK, round(width * scale / _BLOCK) * _BLOCK),
            max(_BLOCK, round(height * scale / _BLOCK) * _BLOCK))


def keyframe_prompt(request: ImageRequest, trigger_word: str) -> str:
    """The prompt with the style's trigger word first and, for keyframes, shot, action and the
    characters in frame with their looks."""
    parts = [request.prompt.strip().rstrip(".")]
    lowered = request.prompt.lower()
    if request.purpose == "keyframe":
        if request.shot_type.value not in lowered:
            parts.append(f"{request.shot_type.value} shot")
        action = request.action.strip().rstrip(".")
        if action and action.lower() not in lowered:
            parts.append(action if request.frame == "first" else f"after: {action}")
        # fal's FLUX LoRA endpoint takes no reference image: the cast goes in words.
        parts.append(cast_text(request))
    text = ". ".join(p for p in parts if p) + "."
    if trigger_word and trigger_word.lower() not in lowered:
        text = f"{trigger_word} style. {text}"
    return text


class FalKeyframeGenerator:
    """An ``ImageGenerator`` (meant for ``purpose="keyframe"``) backed by ``fal-ai/flux-lora``.

    The style LoRA comes from ``request.style_metadata["lora_url"]`` (what ``FalStyleTrainer``
    records) with its ``trigger_word``; without one the image is drawn by plain FLUX and the
    result's metadata carries a ``notice`` saying so. A LoRA URL that no longer serves its
    file (fal's storage expires; a style from the library may be old) is replaced, before
    anything is paid, by uploading the project's own copy of the LoRA (``request.style``) —
    free, and noted on the result. Without a copy the call stops with a message naming what
    training the style again would cost; nothing is trained without the user asking.

    Args:
        api_key: the fal key.
        base_url: root of the queue API; None for fal's.
        rest_url: root of the REST/storage API; defaults to ``base_url`` when that is given.
        lora_scale: how strongly the LoRA applies (fal's default is 1).
        num_inference_steps / guidance_scale: FLUX sampling settings.
        Others: as for ``FalStyleTrainer``.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        rest_url: str | None = None,
        lora_scale: float = 1.0,
        num_inference_steps: int = 28,
        guidance_scale: float = 3.5,
        timeout: float = 60.0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 5.0,
        generation_timeout: float = 300.0,
        download_timeout: float = 120.0,
        max_download_bytes: int = 64 * 1024 * 1024,
        download_attempts: int = 3,
        call_deadline: float | None = None,
        executor: Executor | None = None,
    ) -> None:
        self._queue = FalQueue(api_key, queue_url=base_url, rest_url=rest_url or base_url,
                               timeout=timeout)
        self._key = api_key
        self.lora_scale = lora_scale
        self.num_inference_steps = num_inference_steps
        self.guidance_scale = guidance_scale
        self._poll = PollSettings(
            poll_interval, max_poll_interval, generation_timeout, expected_seconds=15.0,
            deadline=(call_deadline if call_deadline is not None
                      else generation_timeout + 2 * download_timeout + 4 * timeout))
        self._download_timeout = download_timeout
        self._download_attempts = download_attempts
        self._rehosted: dict[str, str] = {}
        self._max_download_bytes = max_download_bytes
        self._executor = executor
        self.info = ProviderInfo(name=PROVIDER, model=IMAGE_APP, kind="cloud")
        self.capabilities = Capabilities(
            durations=(), unit_price=default_prices().cost(self.info, 1.0), price_unit="image",
            concurrency=4, paid=True, can_vary=True,  # FLUX takes the take's seed
        )

    async def check(self) -> None:
        """Prove the key with a free authenticated call (a storage token)."""
        await self._queue.check()

    async def _live_lora(self, url: str, request: ImageRequest, notices: list[str]) -> str:
        """``url`` if it still serves the LoRA, else the URL of the project's copy uploaded
        again."""
        if url in self._rehosted:
            return self._rehosted[url]
        if await self._queue.reachable(url):
            return url
        local = request.style
        if local is None or local.suffix.lower() != ".safetensors":
            training = default_prices().cost(ProviderInfo(PROVIDER, TRAINING_APP, "cloud"), 1000)
            raise NotConfiguredError(
                "the environment's style LoRA is no longer at fal and this project keeps no "
                f"copy of it; training it again costs about ${training:.2f}"
                " — regenerate one of the environment's images to train a new style",
                provider=PROVIDER,
            )
        data = await read_bytes(local, self._executor)
        fresh = await self._queue.upload(data, "application/octet-stream", local.name)
        self._rehosted[url] = fresh
        notices.append("the style's LoRA had expired at fal; the project's own copy was "
                       "uploaded again (no training was paid)")
        return fresh

    def _price(self, size: tuple[int, int]) -> float:
        """USD fal bills for an image of ``size``: per megapixel, rounded up to a whole one,
        at the shared price table's rate."""
        return default_prices().cost(self.info, float(math.ceil(size[0] * size[1] / 1e6)))

    def billed_units(self, request: object, unit: str) -> float | None:
        """Megapixels fal bills for the keyframe (its price before it is made)."""
        if unit == "megapixel" and isinstance(request, ImageRequest):
            width, height = flux_size(request.width, request.height)
            return float(math.ceil(width * height / 1e6))
        return None

    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        """A PNG of exactly ``request.width`` x ``request.height`` in ``ctx.work_dir``.

        Raises:
            ContentRefusedError: fal's safety checker flagged the image.
            GenerationFailedError: fal failed the job (e.g. the LoRA could not be loaded).
            BadOutputError: no image, or a file that is not an image.
        """
        lora_url = request.style_metadata.get("lora_url")
        notices: list[str] = []
        if isinstance(lora_url, str) and lora_url and not ctx.resume_remote_id:
            lora_url = await self._live_lora(lora_url, request, notices)
        trigger = str(request.style_metadata.get("trigger_word") or "")
        width, height = flux_size(request.width, request.height)
        prompt = keyframe_prompt(request, trigger if lora_url else "")
        arguments: dict[str, Any] = {
            "prompt": prompt,
            "image_size": {"width": width, "height": height},
            "num_inference_steps": self.num_inference_steps,
            "guidance_scale": self.guidance_scale,
            "num_images": 1,
            "enable_safety_checker": True,
            "output_format": "png",
            "seed": ctx.seed,
            "loras": [{"path": lora_url, "scale": self.lora_scale}] if lora_url else [],
        }
        request_id, result = await self._queue.run(
            IMAGE_APP, arguments, ctx, what="image", poll=self._poll,
            possible_cost=self._price((width, height)))
        images = result.get("images")
        first = images[0] if isinstance(images, list) and images else None
        url = first.get("url") if isinstance(first, dict) else None
        if not isinstance(url, str):
            raise BadOutputError(f"fal finished {request_id} without an image", provider=PROVIDER)
        flags = result.get("has_nsfw_concepts")
        if isinstance(flags, list) and flags and flags[0]:
            raise ContentRefusedError("fal's safety checker flagged the image", provider=PROVIDER)
        source = ctx.work_dir / "fal-source.img"
        ctx.progress(0.9, "downloading the image from fal")
        await download_verified(
            url, source, kind="image", provider=PROVIDER, what=f"fal image {request_id}",
            attempts=self._download_attempts, max_bytes=self._max_download_bytes,
            request_timeout=self._download_timeout, secrets=(self._key,),
            executor=self._executor, ctx=ctx)
        dest = ctx.work_dir / "image.png"
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, fit_image, str(source), str(dest),
                                   request.width, request.height)
        source.unlink(missing_ok=True)
        ctx.progress(1.0, "image ready")
        metadata: dict[str, Any] = {
            "prompt": prompt, "seed": result.get("seed", ctx.seed), "source_url": url,
            "lora_url": lora_url, "lora_scale": self.lora_scale if lora_url else 0.0,
            "price_as_of": PRICES_AS_OF,
        }
        if not lora_url:
            notices.append("this environment has no trained LoRA style, so the image was "
                           "drawn by FLUX without one")
        if notices:
            metadata["notice"] = " ".join(notices)
        return MediaResult(path=dest, model=IMAGE_APP,
                           cost=round(self._price((width, height)), 6),
                           remote_id=request_id, metadata=metadata)
