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
from vidstudio.providers.cast_prompt import cast_text, sheet_prompt
from vidstudio.providers.http_common import (
    download_verified,
    fit_image,
    nearest_aspect_ratio,
)
from vidstudio.providers.luma._common import (
    ASPECT_RATIOS,
    PRICES_AS_OF,
    PROVIDER,
    LumaBase,
    price_of_megapixels,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import lumaai
    from lumaai.types import Generation

IMAGE_MODELS = ("photon-1", "photon-flash-1")
#: Luma takes at most this many image references per request.
MAX_REFERENCES = 4
#: Photon's ``character_ref`` takes at most this many images per identity.
MAX_IDENTITY_IMAGES = 4
#: Photon renders about this many pixels (1080p-class); used for the advertised unit price.
TYPICAL_IMAGE_PIXELS = 1920 * 1080


def image_prompt(request: ImageRequest) -> str:
    """The request's prompt, with the shot, action and cast spelled out for keyframes, and the
    look for a character sheet image."""
    if request.purpose == "character":
        return sheet_prompt(request)
    parts = [request.prompt.strip().rstrip(".")]
    if request.purpose == "keyframe":
        lowered = request.prompt.lower()
        if request.shot_type.value not in lowered:
            parts.append(f"{request.shot_type.value} shot")
        if request.action.strip() and request.action.strip().lower() not in lowered:
            moment = "the moment the action begins" if request.frame == "first" else "the end"
            parts.append(f"{request.action.strip().rstrip('.')}, {moment}")
        parts.append(cast_text(request))
    return ". ".join(p for p in parts if p) + "."


class LumaImageGenerator(LumaBase):
    """An ``ImageGenerator`` backed by Luma Photon (``lumaai.AsyncLumaAI``).

    ``request.references`` (local images) are uploaded through ``upload_host`` and given to
    Photon as ``style_ref`` (the first, for keyframes) and ``image_ref``; the characters in frame
    (``request.cast``) go as ``character_ref`` identities (identity0, identity1, ... in frame
    order), each with up to four images of its sheet, and are named with their looks in the
    prompt. Uploads go through the project's upload memo (``ctx.upload_memo``), so an unchanged
    image is uploaded once. Without an upload host references are left out and the result's
    metadata carries a ``notice``. A character sheet image (``purpose="character"``) is drawn
    from the character's look. The image is cropped to
    exactly the requested size; ``metadata["source_url"]`` keeps Luma's own URL so a Luma clip
    can use the frame without another upload.

    Args:
        model: ``"photon-1"`` or ``"photon-flash-1"``.
        Others: see ``LumaBase``.
    """

    #: Keyframes send the characters' sheets (``character_ref``): a run makes the sheets.
    uses_cast_references = True

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
            unit_price=round(price_of_megapixels(model, TYPICAL_IMAGE_PIXELS / 1e6), 4),
            price_unit="image",
            concurrency=4,
            paid=True,
            can_vary=True,  # Luma takes no seed and makes a new result for every request
        )

    def billed_units(self, request: object, unit: str) -> float | None:
        """Megapixels Luma bills for an image (for its price before it is made)."""
        return TYPICAL_IMAGE_PIXELS / 1e6 if unit == "megapixel" else None

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
        refs: dict[str, Any] = {}
        if not ctx.resume_remote_id:
            refs = await self._references(request, notices, ctx)

        sent: dict[str, Any] = {"model": self.model, "prompt": prompt, "aspect_ratio": aspect,
                                "format": "png", **refs}

        async def create(client: lumaai.AsyncLumaAI) -> Generation:
            return await client.generations.image.create(**sent)

        generation = await self._generate(
            ctx, create, what="image", expected_seconds=20.0, kind="image", sent=sent,
            possible_cost=price_of_megapixels(self.model, TYPICAL_IMAGE_PIXELS / 1e6))
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
        # Luma bills the pixels it renders (about 1080p), whatever size is downloaded.
        cost = price_of_megapixels(self.model, TYPICAL_IMAGE_PIXELS / 1e6)
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
        self, request: ImageRequest, notices: list[str], ctx: CallContext
    ) -> dict[str, Any]:
        paths = list(request.references[:MAX_REFERENCES])
        # Each character in frame is one Photon identity, its sheet the identity's images:
        # the same images (so the same URLs) in every keyframe the character is in.
        identities = [m.character.references[:MAX_IDENTITY_IMAGES] for m in request.cast
                      if m.character.references]
        if not paths and not identities:
            return {}
        if self.upload_host is None:
            count = len(paths) + sum(len(i) for i in identities)
            notices.append(
                f"Luma only takes reference images by URL and no upload host is set up, so "
                f"{count} reference image(s) were not sent."
            )
            return {}
        urls = [await self._hosted(path, ctx) for path in paths]
        refs: dict[str, Any] = {}
        if identities:
            refs["character_ref"] = {
                f"identity{n}": {"images": [await self._hosted(p, ctx) for p in images]}
                for n, images in enumerate(identities)}
        if not urls:
            return refs
        if request.purpose == "keyframe":
            # A keyframe must look like its environment: the first reference sets the style,
            # the others anchor the content.
            refs["style_ref"] = [{"url": urls[0], "weight": 0.8}]
            if urls[1:]:
                refs["image_ref"] = [{"url": u, "weight": 0.6} for u in urls[1:]]
            return refs
        refs["image_ref"] = [{"url": u, "weight": 0.85} for u in urls]
        return refs
