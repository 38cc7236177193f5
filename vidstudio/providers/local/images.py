"""The offline image provider: procedural paintings of environments and shot keyframes.

Keyframes come with their layer stack (``extra_files["layers"]``, an ``.npz``) and the camera
pose in ``metadata``; the offline clip renderer animates between a shot's two keyframes with
parallax when both carry layers of the same world (``metadata["world_id"]``).

A shot's two keyframes share one layer stack: the first keyframe's job leaves its layer file in
the provider's stack cache (``paint.stackcache``, a private scratch folder removed with the
provider) and the last keyframe's job reads it there instead of painting the stack again.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.atomic import fresh_temp_dir
from vidstudio.core.vocabulary import CameraMove, ShotType
from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    CastInShot,
    CharacterSpec,
    EnvironmentSpec,
    GenerationFailedError,
    ImageRequest,
    InvalidRequestError,
    MediaResult,
    ProviderInfo,
)
from vidstudio.providers.local.paint.cast import paint_character
from vidstudio.providers.local.paint.painter import (
    paint_environment,
    paint_keyframe,
    write_keyframe,
)
from vidstudio.providers.local.paint.placeplanes import PlaceSheets
from vidstudio.providers.local.paint.stackcache import StackCache
from vidstudio.providers.local.style import StyleProfileError, load_style_profile

if TYPE_CHECKING:
    from concurrent.futures import Executor

log = logging.getLogger(__name__)

MODEL = "painter-1"
MIN_SIDE, MAX_SIDE = 16, 4096
STACKS_PREFIX = "vidstudio-paint-"
PLACES = "places"  # the places' sheets, in the scratch folder


@dataclass(frozen=True)
class PaintJob:
    """One picture to paint (plain values, picklable for a process pool)."""

    environment: EnvironmentSpec
    width: int
    height: int
    seed: int
    variant: int
    purpose: str
    shot_type: ShotType
    camera: CameraMove
    frame: str
    action: str
    prompt: str
    style_path: str | None
    out_dir: str
    cast: tuple[CastInShot, ...] = ()
    character: CharacterSpec | None = None
    stack_dir: str | None = None  # the stack cache's folder (keyframes); None: no cache
    # The places' sheets' folder (see ``paint.placeplanes``); None: every plane is painted.
    places_dir: str | None = None


def paint_job(job: PaintJob) -> dict[str, Any]:
    """Paint and write one picture; returns the written paths and the metadata.

    Raises:
        InvalidRequestError: the style profile is ours but unusable.
        GenerationFailedError: the files could not be written.
    """
    style: dict[str, Any] | None = None
    style_note = "none"
    if job.style_path:
        try:
            style = load_style_profile(Path(job.style_path))
        except StyleProfileError as exc:
            raise InvalidRequestError(f"style profile: {exc}", provider="local") from exc
        style_note = "applied" if style else "ignored (not a local style profile)"
    strength = 0.6
    if style and _hour_or_weather_differs(style, job.environment):
        # The profile was fitted on the place at its usual hour; a scene set at another hour
        # (or in other weather) keeps its own light and takes only a hint of the palette.
        strength = 0.2
        style_note = "applied lightly (the scene's hour or weather differs)"
    out_dir = Path(job.out_dir)
    size = (job.width, job.height)
    sheets = PlaceSheets(Path(job.places_dir)) if job.places_dir else None
    try:
        if job.purpose == "keyframe":
            stacks = StackCache(Path(job.stack_dir)) if job.stack_dir else None
            painting = paint_keyframe(
                job.environment,
                size=size,
                seed=job.seed,
                variant=job.variant,
                shot=job.shot_type,
                camera=job.camera,
                frame=job.frame,
                action=job.action,
                prompt=job.prompt,
                style=style,
                style_strength=strength,
                cast=job.cast,
                stacks=stacks,
                sheets=sheets,
            )
            png = out_dir / f"keyframe_{job.frame}_s{job.seed}.png"
            layers = out_dir / f"layers_{job.frame}_s{job.seed}.npz"
            write_keyframe(painting, png, layers)
            if stacks is not None and painting.stack_key and not painting.stack_reused:
                try:
                    stacks.store_file(painting.stack_key, layers)
                except OSError as exc:  # the cache only saves time; the keyframe is written
                    log.warning("could not keep the painted layers for reuse: %s", exc)
            meta = dict(painting.meta)
            meta.pop("weather", None)
            meta["style"] = style_note
            return {"path": str(png), "layers": str(layers), "metadata": meta}
        if job.purpose == "character" and job.character is not None:
            png = out_dir / f"character_v{job.variant}_s{job.seed}.png"
            paint_character(job.character, size, job.variant).save(png, format="PNG")
            return {"path": str(png), "layers": None, "metadata": {
                "character": job.character.key, "variant": job.variant, "style": style_note}}
        painting = paint_environment(
            job.environment,
            size=size,
            seed=job.seed,
            variant=job.variant,
            prompt=job.prompt,
            style=style,
            sheets=sheets,
        )
        png = out_dir / f"environment_v{job.variant}_s{job.seed}.png"
        painting.image.save(png, format="PNG", compress_level=3)
    except OSError as exc:
        raise GenerationFailedError(
            f"could not write the painting: {exc}", provider="local"
        ) from exc
    return {
        "path": str(png),
        "layers": None,
        "metadata": {
            "world_id": painting.world.world_id,
            "archetype": painting.world.archetype,
            "objects": list(painting.world.objects),
            "variant": job.variant,
            "pose": painting.pose.to_dict(),
            "style": style_note,
        },
    }


def _hour_or_weather_differs(style: dict[str, Any], spec: EnvironmentSpec) -> bool:
    hour = style.get("time_of_day") or spec.time_of_day.value
    weather = style.get("weather") or spec.weather.value
    return bool(hour != spec.time_of_day.value or weather != spec.weather.value)


class LocalImageGenerator:
    """Paints environments and keyframes procedurally (Pillow + numpy), offline and free.

    Args:
        executor: where painting runs (a process pool works); None uses the loop's default.
    """

    info = ProviderInfo("local", MODEL, "local")
    capabilities = Capabilities(
        durations=(),
        aspect_ratios=("16:9", "9:16", "1:1"),
        unit_price=0.0,
        price_unit="image",
        concurrency=2,
        paid=False,
    )

    def __init__(self, executor: Executor | None = None) -> None:
        self._executor = executor
        self._stack_dir: Path | None = None

    async def _stacks(self) -> Path:
        """The stack cache's folder: made on the first keyframe (off the loop), removed when
        the provider is (or, after a killed process, by the next one's ``fresh_temp_dir``)."""
        if self._stack_dir is None:
            folder = await asyncio.to_thread(
                fresh_temp_dir, Path(tempfile.gettempdir()), STACKS_PREFIX)
            weakref.finalize(self, shutil.rmtree, folder, True)
            if self._stack_dir is None:  # else two first keyframes raced: keep the first one
                self._stack_dir = folder
        return self._stack_dir

    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        """Paint ``request`` into ``ctx.work_dir``.

        Raises:
            InvalidRequestError: a size out of range, an unknown purpose or frame, or an
                unusable local style profile.
            GenerationFailedError: the files could not be written.
        """
        for side in (request.width, request.height):
            if not MIN_SIDE <= side <= MAX_SIDE:
                raise InvalidRequestError(
                    f"image size {request.width}x{request.height} is outside "
                    f"{MIN_SIDE}..{MAX_SIDE} pixels",
                    provider=self.info.name,
                )
        if request.purpose not in ("environment", "keyframe", "character"):
            raise InvalidRequestError(
                f"unknown image purpose {request.purpose!r}", provider=self.info.name
            )
        if request.purpose == "character" and request.character is None:
            raise InvalidRequestError(
                "a character sheet image needs the character", provider=self.info.name
            )
        if request.frame not in ("first", "last"):
            raise InvalidRequestError(
                f"unknown keyframe {request.frame!r}", provider=self.info.name
            )
        job = PaintJob(
            environment=request.environment,
            width=request.width,
            height=request.height,
            seed=ctx.seed,
            variant=max(0, request.variant),
            purpose=request.purpose,
            shot_type=ShotType(request.shot_type),
            camera=CameraMove(request.camera),
            frame=request.frame,
            action=request.action,
            prompt=request.prompt,
            style_path=str(request.style) if request.style else None,
            out_dir=str(ctx.work_dir),
            cast=tuple(request.cast),
            character=request.character,
            stack_dir=str(await self._stacks()) if request.purpose == "keyframe" else None,
            places_dir=(str(await self._stacks() / PLACES)
                        if request.purpose in ("keyframe", "environment") else None),
        )
        what = {"keyframe": f"{request.frame} keyframe",
                "character": "character sheet image"}.get(request.purpose, "environment")
        ctx.progress(0.0, f"painting the {what}")
        loop = asyncio.get_running_loop()
        done = await loop.run_in_executor(self._executor, paint_job, job)
        ctx.progress(1.0, f"painted the {what}")
        extra = {"layers": Path(done["layers"])} if done["layers"] else {}
        return MediaResult(
            path=Path(done["path"]), model=MODEL, extra_files=extra, metadata=done["metadata"]
        )
