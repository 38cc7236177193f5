"""``FalStyleTrainer``: one FLUX LoRA per environment with ``fal-ai/flux-lora-fast-training``."""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    InvalidRequestError,
    MediaResult,
    ProviderInfo,
    StyleRequest,
)
from vidstudio.providers.fal._queue import PROVIDER, FalQueue, PollSettings
from vidstudio.providers.fal.upload import read_bytes
from vidstudio.providers.http_common import download_verified
from vidstudio.providers.pricing import default_prices

if TYPE_CHECKING:
    from concurrent.futures import Executor

TRAINING_APP = "fal-ai/flux-lora-fast-training"
#: When the prices below were read from fal's model pages (USD).
PRICES_AS_OF = "2025-06-01"
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}


def zip_images(paths: list[str], dest: str) -> int:
    """Write the images at ``paths`` into a zip at ``dest``; returns how many went in.

    Top level so a process pool can run it. Images are stored, not deflated: PNG and JPEG are
    already compressed.
    """
    count = 0
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, path in enumerate(paths):
            suffix = Path(path).suffix.lower()
            if suffix not in _IMAGE_SUFFIXES:
                continue
            archive.write(path, arcname=f"image_{index:02d}{suffix}")
            count += 1
    return count


class FalStyleTrainer:
    """A ``StyleTrainer`` that fits a FLUX style LoRA on an environment's images.

    The LoRA file is downloaded as the take; ``metadata["lora_url"]`` keeps fal's URL so the
    style can be used by ``FalKeyframeGenerator`` (and reused across projects) without
    re-uploading it.

    Args:
        api_key: the fal key.
        base_url: root of the queue API (``https://queue.fal.run``); None for fal's.
        rest_url: root of the REST/storage API; defaults to ``base_url`` when that is given,
            else ``https://rest.fal.ai``.
        steps: training steps (fal's default is 1000; the price scales with them).
        timeout: seconds per HTTP request.
        poll_interval / max_poll_interval / training_timeout: status polling.
        executor: where zipping and file checks run; None for the default thread pool.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        rest_url: str | None = None,
        steps: int = 1000,
        timeout: float = 120.0,
        poll_interval: float = 5.0,
        max_poll_interval: float = 30.0,
        training_timeout: float = 3600.0,
        download_timeout: float = 600.0,
        max_download_bytes: int = 2 * 1024 * 1024 * 1024,
        download_attempts: int = 3,
        call_deadline: float | None = None,
        executor: Executor | None = None,
    ) -> None:
        self._queue = FalQueue(api_key, queue_url=base_url, rest_url=rest_url or base_url,
                               timeout=timeout)
        self._key = api_key
        self.steps = steps
        self._poll = PollSettings(
            poll_interval, max_poll_interval, training_timeout, expected_seconds=0.3 * steps,
            deadline=(call_deadline if call_deadline is not None
                      else training_timeout + 2 * download_timeout + 4 * timeout))
        self._download_timeout = download_timeout
        self._download_attempts = download_attempts
        self._max_download_bytes = max_download_bytes
        self._executor = executor
        self.info = ProviderInfo(name=PROVIDER, model=TRAINING_APP, kind="cloud")
        self.capabilities = Capabilities(
            durations=(), unit_price=round(default_prices().cost(self.info, steps), 4),
            price_unit="training", concurrency=2, paid=True,
        )

    async def check(self) -> None:
        """Prove the key with a free authenticated call (a storage token)."""
        await self._queue.check()

    def billed_units(self, request: object, unit: str) -> float | None:
        """Training steps fal bills (the training's price before it is made)."""
        return float(self.steps) if unit == "step" else None

    async def train_style(self, request: StyleRequest, ctx: CallContext) -> MediaResult:
        """Train (or resume training) and download the LoRA to ``ctx.work_dir``.

        Raises:
            InvalidRequestError: no usable images or no trigger word, or fal rejected them.
            GenerationFailedError: fal accepted the training, then failed it.
            ProviderTimeoutError: the training outlasted ``training_timeout``.
            BadOutputError: the downloaded file is not a safetensors LoRA.
        """
        trigger = request.trigger_word.strip()
        if not trigger:
            raise InvalidRequestError("a style needs a trigger word", provider=PROVIDER)
        arguments: dict[str, Any] = {}
        if not ctx.resume_remote_id:
            images_url, count = await self._upload_images(request, ctx)
            arguments = {
                "images_data_url": images_url,
                "trigger_word": trigger,
                "steps": self.steps,
                # A style, not a subject: no masks, no auto-captions, the trigger word instead.
                "is_style": True,
                "create_masks": False,
            }
            ctx.progress(0.08, f"training a style on {count} images")
        request_id, result = await self._queue.run(
            TRAINING_APP, arguments, ctx, what="style training", poll=self._poll,
            possible_cost=self.capabilities.unit_price)
        lora = result.get("diffusers_lora_file")
        url = lora.get("url") if isinstance(lora, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise BadOutputError(f"fal finished training {request_id} without a LoRA file",
                                 provider=PROVIDER)
        dest = ctx.work_dir / "style.safetensors"
        ctx.progress(0.9, "downloading the LoRA")
        info = await download_verified(
            url, dest, kind="safetensors", provider=PROVIDER, what=f"style {request_id}",
            attempts=self._download_attempts, max_bytes=self._max_download_bytes,
            request_timeout=self._download_timeout, secrets=(self._key,),
            executor=self._executor, ctx=ctx)
        ctx.progress(1.0, "style ready")
        config = result.get("config_file")
        metadata: dict[str, Any] = {
            "lora_url": url,
            "trigger_word": trigger,
            "steps": self.steps,
            "environment": request.environment.name,
            "tensors": info["tensors"],
            "price_as_of": PRICES_AS_OF,
        }
        if isinstance(config, dict) and isinstance(config.get("url"), str):
            metadata["config_url"] = config["url"]
        return MediaResult(path=dest, model=TRAINING_APP,
                           cost=round(default_prices().cost(self.info, self.steps), 6),
                           remote_id=request_id, metadata=metadata)

    async def _upload_images(self, request: StyleRequest, ctx: CallContext) -> tuple[str, int]:
        paths = [str(p) for p in request.images if Path(p).suffix.lower() in _IMAGE_SUFFIXES]
        if not paths:
            raise InvalidRequestError("no PNG/JPEG/WebP images to train a style on",
                                      provider=PROVIDER)
        archive = ctx.work_dir / "images.zip"
        loop = asyncio.get_running_loop()
        try:
            count = await loop.run_in_executor(self._executor, zip_images, paths, str(archive))
        except OSError as exc:
            raise InvalidRequestError(f"cannot pack the images ({exc.strerror or exc})",
                                      provider=PROVIDER) from None
        ctx.progress(0.03, "uploading the images to fal")
        data = await read_bytes(archive, self._executor)
        url = await self._queue.upload(data, "application/zip", "images.zip")
        archive.unlink(missing_ok=True)
        return url, count
