"""The offline style model: a colour profile (palette and grade) fitted to an environment.

A cloud provider trains a LoRA from the ten environment images; offline, the "style" that keeps
an environment's keyframes consistent is its colour: per-channel RGB mean and spread, Lab
statistics, a few dominant colours and a joint histogram, saved as a small JSON file. The image
provider grades keyframes toward it (``paint.grade.grade_lut``).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, UnidentifiedImageError

from vidstudio.atomic import atomic_write_text
from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    InvalidRequestError,
    MediaResult,
    ProviderInfo,
    StyleRequest,
)
from vidstudio.providers.local.paint import grade

if TYPE_CHECKING:
    from concurrent.futures import Executor

PROFILE_FORMAT = "vidstudio-style-profile"
PROFILE_VERSION = 1
_REQUIRED = ("rgb_mean", "rgb_std")


class StyleProfileError(ValueError):
    """A style profile file that should be ours is unreadable or malformed."""


def fit_profile(images: list[Image.Image]) -> dict[str, Any]:
    """The colour profile of a set of pictures (see the module docstring)."""
    stats = grade.colour_stats(images)
    return {"format": PROFILE_FORMAT, "version": PROFILE_VERSION, **stats}


def load_style_profile(path: Path) -> dict[str, Any] | None:
    """Read a style profile; ``None`` when the file is some other kind of style model.

    Raises:
        StyleProfileError: the file claims to be a profile but cannot be used.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict) or data.get("format") != PROFILE_FORMAT:
        return None
    if data.get("version") != PROFILE_VERSION:
        raise StyleProfileError(f"style profile version {data.get('version')!r} is not supported")
    for key in _REQUIRED:
        values = data.get(key)
        if (
            not isinstance(values, list)
            or len(values) != 3
            or not all(isinstance(v, (int, float)) for v in values)
        ):
            raise StyleProfileError(f"style profile field {key!r} is malformed")
    return data


@dataclass(frozen=True)
class StyleJob:
    images: tuple[str, ...]
    out_path: str
    environment: str
    trigger_word: str
    time_of_day: str = ""
    weather: str = ""


def fit_style_job(job: StyleJob) -> dict[str, Any]:
    """Fit and write a profile (runs in an executor; top level so a process pool can run it).

    Raises:
        InvalidRequestError: an input picture is missing or unreadable.
    """
    pictures: list[Image.Image] = []
    for name in job.images:
        try:
            with Image.open(name) as img:
                img.load()
                pictures.append(img.convert("RGB"))
        except (OSError, UnidentifiedImageError) as exc:
            raise InvalidRequestError(
                f"cannot read environment image {Path(name).name}: {exc}", provider="local"
            ) from exc
    profile = fit_profile(pictures)
    profile.update(
        {"environment": job.environment, "trigger_word": job.trigger_word,
         "images": len(pictures), "time_of_day": job.time_of_day, "weather": job.weather}
    )
    atomic_write_text(Path(job.out_path), json.dumps(profile, indent=1))
    return profile


class LocalStyleTrainer:
    """Fits a colour profile (JSON) from an environment's pictures, offline and instantly.

    Args:
        executor: where the CPU work runs (a process pool works); None uses the loop's default.
    """

    info = ProviderInfo("local", "style-profile-1", "local")
    capabilities = Capabilities(
        durations=(), unit_price=0.0, price_unit="training", concurrency=2, paid=False
    )

    def __init__(self, executor: Executor | None = None) -> None:
        self._executor = executor

    async def train_style(self, request: StyleRequest, ctx: CallContext) -> MediaResult:
        """Write ``style_<trigger>.json`` into ``ctx.work_dir``.

        Raises:
            InvalidRequestError: no images, or an image cannot be read.
        """
        if not request.images:
            raise InvalidRequestError(
                "a style needs at least one environment image", provider=self.info.name
            )
        out = Path(ctx.work_dir) / f"style_{_safe(request.trigger_word) or 'profile'}.json"
        job = StyleJob(
            tuple(str(p) for p in request.images),
            str(out),
            request.environment.name,
            request.trigger_word,
            request.environment.time_of_day.value,
            request.environment.weather.value,
        )
        ctx.progress(0.0, "measuring colours")
        loop = asyncio.get_running_loop()
        profile = await loop.run_in_executor(self._executor, fit_style_job, job)
        ctx.progress(1.0, "style profile ready")
        palette = [entry["rgb"] for entry in profile.get("palette", [])]
        return MediaResult(
            path=out,
            model=self.info.model,
            metadata={
                "format": PROFILE_FORMAT,
                "trigger_word": request.trigger_word,
                "images": len(request.images),
                "palette": palette,
            },
        )


def _safe(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_")[:40]
