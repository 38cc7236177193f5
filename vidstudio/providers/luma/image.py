"""Environment images and keyframes from Luma's Photon models."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    ImageRequest,
    MediaResult,
    NotConfiguredError,
    ProviderInfo,
    UploadHost,
)
from vidstudio.providers.http_common import (
    download_verified,
    fit_image,
    nearest_aspect_ratio,
)
from vidstudio.providers.luma._common import (
    ASPECT_RATIOS,
    PRICE_PER_MEGAPIXEL,
    PRICES_AS_OF,
    PROVIDER,
    LumaBase,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import lumaai
    from lumaai.types import Generation

IMAGE_MODELS = ("photon-1", "photon-flash-1")
#: Luma takes at most this many image references per request.
MAX_REFERENCES = 4
#: Photon renders about this many pixels (1080p-class); used for the advertised unit price.
TYPICAL_IMAGE_PIXELS = 1920 * 1080


def image_prompt(request: ImageRequest) -> str:
    """The request's prompt, with the shot and action spelled out for keyframes."""
    parts = [request.prompt.strip().rstrip(".")]
    if request.purpose == "keyframe":
        lowered = request.prompt.lower()
        if request.shot_type.value not in lowered:
            parts.append(f"{request.shot_type.value} shot")
        if request.action.strip() and request.action.strip().lower() not in lowered:
            moment = "the moment the action begins" if request.frame == "first" else "the end"
            parts.append(f"{request.action.strip().rstrip('.')}, {moment}")
    return ". ".join(p for p in parts if p) + "."


class LumaImageGenerator(LumaBase):
    """An ``ImageGenerator`` backed by Luma Photon (``lumaai.AsyncLumaAI``).

    ``request.references`` (local images) are uploaded through ``upload_host`` and given to
    Photon as ``style_ref`` (the first, for keyframes) and ``image_ref``; without an upload host
    they are left out and the result's metadata carries a ``notice``. The image is cropped to
    exactly the requested size; ``metadata["source_url"]`` keeps Luma's own URL so a Luma clip
    can use the frame without another upload.

    Args:
        model: ``"photon-1"`` or ``"photon-flash-1"``.
        Others: see ``LumaBase``.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        model: str = "photon-1",
        upload_host: UploadHost | None = None,
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
        super().__init__(api_key, base_url, timeout=timeout, upload_host=upload_host,
                         poll_interval=poll_interval, max_poll_interval=max_poll_interval,
                         generation_timeout=generation_timeout, download_timeout=download_timeout,
                         max_download_bytes=max_download_bytes,
                         download_attempts=download_attempts, call_deadline=call_deadline,
                         executor=executor)
        if model not in IMAGE_MODELS:
            raise NotConfiguredError(f"unknown Luma image model {model!r}", provider=PROVIDER)
        self.model = model
        self.info = ProviderInfo(name=PROVIDER, model=model, kind="cloud")
        self.capabilities = Capabilities(
            durations=(),
            aspect_ratios=ASPECT_RATIOS,
            unit_price=round(PRICE_PER_MEGAPIXEL[model] * TYPICAL_IMAGE_PIXELS / 1e6, 4),
            price_unit="image",
            concurrency=4,
            paid=True,
            can_vary=True,  # Luma takes no seed and makes a new result for every request
        )

    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        """A PNG of exactly ``request.width`` x ``request.height`` at ``ctx.work_dir``.

        Raises:
            InvalidRequestError / ContentRefusedError: Luma rejected or refused the prompt.
            GenerationFailedError: Luma accepted the job, then failed it.
            ProviderTimeoutError: the generation outlasted ``generation_timeout``.
            BadOutputError: the downloaded file is not an image.
        """
        aspect = nearest_aspect_ratio(request.width, request.height, ASPECT_RATIOS)
        prompt = image_prompt(request)
        notices: list[str] = []
        refs: dict[str, list[dict[str, Any]]] = {}
        if not ctx.resume_remote_id:
            refs = await self._references(request, notices)

        sent: dict[str, Any] = {"model": self.model, "prompt": prompt, "aspect_ratio": aspect,
                                "format": "png", **refs}

        async def create(client: lumaai.AsyncLumaAI) -> Generation:
            return await client.generations.image.create(**sent)

        generation = await self._generate(
            ctx, create, what="image", expected_seconds=20.0, kind="image", sent=sent,
            possible_cost=PRICE_PER_MEGAPIXEL[self.model] * TYPICAL_IMAGE_PIXELS / 1e6)
        url = generation.assets.image if generation.assets else None
        if not url:
            raise BadOutputError(f"Luma completed {generation.id} without an image",
                                 provider=PROVIDER)
        source = ctx.work_dir / "luma-source.img"
        ctx.progress(0.92, "downloading the image from Luma")
        info = await download_verified(
            url, source, kind="image", provider=PROVIDER, what=f"image {generation.id}",
            attempts=self._download_attempts, max_bytes=self._max_download_bytes,
            request_timeout=self._download_timeout, secrets=(self._api_key,),
            executor=self._executor, ctx=ctx)
        dest = ctx.work_dir / "image.png"
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, fit_image, str(source), str(dest),
                                   request.width, request.height)
        source.unlink(missing_ok=True)
        ctx.progress(1.0, "image ready")
        cost = PRICE_PER_MEGAPIXEL[self.model] * info["width"] * info["height"] / 1e6
        metadata: dict[str, Any] = {
            "prompt": prompt, "aspect_ratio": aspect, "source_url": url,
            "source_width": info["width"], "source_height": info["height"],
            "references": {k: len(v) for k, v in refs.items()}, "price_as_of": PRICES_AS_OF,
        }
        if notices:
            metadata["notice"] = " ".join(notices)
        return MediaResult(path=dest, model=self.model, cost=round(cost, 6),
                           remote_id=generation.id, metadata=metadata)

    async def _references(
        self, request: ImageRequest, notices: list[str]
    ) -> dict[str, list[dict[str, Any]]]:
        paths = list(request.references[:MAX_REFERENCES])
        if not paths:
            return {}
        if self.upload_host is None:
            notices.append(
                f"Luma only takes reference images by URL and no upload host is set up, so "
                f"{len(paths)} reference image(s) were not sent."
            )
            return {}
        urls = [await self._upload(path) for path in paths]
        if request.purpose == "keyframe":
            # A keyframe must look like its environment: the first reference sets the style,
            # the others anchor the content.
            refs: dict[str, list[dict[str, Any]]] = {"style_ref": [{"url": urls[0],
                                                                     "weight": 0.8}]}
            if urls[1:]:
                refs["image_ref"] = [{"url": u, "weight": 0.6} for u in urls[1:]]
            return refs
        return {"image_ref": [{"url": u, "weight": 0.85} for u in urls]}
