"""Clips from Luma's Ray models, with first/last keyframes and clip-to-clip chaining."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vidstudio.core.vocabulary import CameraMove, TimeOfDay, Weather
from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    ClipRequest,
    InvalidRequestError,
    Keyframe,
    MediaResult,
    NotConfiguredError,
    ProviderInfo,
    UploadHost,
)
from vidstudio.providers.http_common import download_verified, nearest_aspect_ratio
from vidstudio.providers.luma._common import (
    ASPECT_RATIOS,
    PRICES_AS_OF,
    PROVIDER,
    RENDER_FPS,
    LumaBase,
    frame_pixels,
    price_of_megapixels,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import lumaai
    from lumaai.types import Generation

VIDEO_MODELS = ("ray-2", "ray-flash-2")

# Ray follows camera directions written in plain words better than any other cue.
CAMERA_PHRASES: dict[CameraMove, str] = {
    CameraMove.STATIC: "the camera holds perfectly still on a tripod",
    CameraMove.MOVE_LEFT: "the camera trucks slowly to the left",
    CameraMove.MOVE_RIGHT: "the camera trucks slowly to the right",
    CameraMove.MOVE_UP: "the camera pedestals slowly upward",
    CameraMove.MOVE_DOWN: "the camera pedestals slowly downward",
    CameraMove.PUSH_IN: "the camera pushes in slowly toward the subject",
    CameraMove.PULL_OUT: "the camera pulls out slowly, revealing more of the scene",
    CameraMove.ZOOM_IN: "the camera zooms in slowly",
    CameraMove.ZOOM_OUT: "the camera zooms out slowly",
    CameraMove.PAN_LEFT: "the camera pans slowly to the left",
    CameraMove.PAN_RIGHT: "the camera pans slowly to the right",
    CameraMove.ORBIT_LEFT: "the camera orbits to the left around the subject",
    CameraMove.ORBIT_RIGHT: "the camera orbits to the right around the subject",
    CameraMove.CRANE_UP: "the camera cranes up smoothly",
    CameraMove.CRANE_DOWN: "the camera cranes down smoothly",
}


def clip_prompt(request: ClipRequest) -> str:
    """The text Luma gets: the scene, its camera movement, its mood and its light."""
    env = request.environment
    parts = [request.prompt.strip().rstrip(".")]
    parts.append(CAMERA_PHRASES.get(request.camera, f"camera: {request.camera.value.lower()}"))
    if request.emotions:
        parts.append("mood: " + ", ".join(e.strip() for e in request.emotions if e.strip()))
    light = [env.lighting.strip()] if env.lighting.strip() else []
    if env.time_of_day is not TimeOfDay.DAY:
        light.append(f"at {env.time_of_day.value}")
    if env.weather is not Weather.CLEAR:
        light.append(f"{env.weather.value} weather")
    if light:
        parts.append(", ".join(light))
    return ". ".join(p for p in parts if p) + "."


def resolution_for(short_side: int) -> str:
    """The smallest Luma resolution that covers ``short_side`` pixels."""
    for name, side in (("540p", 540), ("720p", 720), ("1080p", 1080)):
        if short_side <= side:
            return name
    return "4k"


class LumaVideoGenerator(LumaBase):
    """A ``VideoGenerator`` backed by Luma Ray (``lumaai.AsyncLumaAI``).

    Keyframes go to Luma as image URLs: a local frame is uploaded through ``upload_host``;
    a frame Luma made itself is passed by its ``source_url``; a previous clip is continued
    by generation id. Without an upload host the clip is made from text (or from the previous
    clip) and the result's metadata carries a ``notice`` saying so.

    Args:
        model: ``"ray-2"`` or ``"ray-flash-2"``.
        resolution: ``"540p"``, ``"720p"``, ``"1080p"`` or ``"4k"``; None picks the smallest
            that covers the requested frame size.
        Others: see ``LumaBase``.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        model: str = "ray-2",
        resolution: str | None = None,
        upload_host: UploadHost | None = None,
        timeout: float = 60.0,
        poll_interval: float = 3.0,
        max_poll_interval: float = 15.0,
        generation_timeout: float = 900.0,
        download_timeout: float = 300.0,
        max_download_bytes: int = 1024 * 1024 * 1024,
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
        if model not in VIDEO_MODELS:
            raise NotConfiguredError(f"unknown Luma video model {model!r}", provider=PROVIDER)
        if resolution is not None and resolution not in ("540p", "720p", "1080p", "4k"):
            raise NotConfiguredError(f"unknown Luma resolution {resolution!r}", provider=PROVIDER)
        self.model = model
        self.resolution = resolution
        self.info = ProviderInfo(name=PROVIDER, model=model, kind="cloud")
        self.capabilities = Capabilities(
            durations=(5, 9),
            aspect_ratios=ASPECT_RATIOS,
            unit_price=round(price_of_megapixels(
                model, frame_pixels("720p", "16:9") * RENDER_FPS / 1e6), 4),
            price_unit="second",
            concurrency=2,
            paid=True,
            can_vary=True,  # Luma takes no seed and makes a new result for every request
        )

    def _shape(self, request: ClipRequest) -> tuple[str, str]:
        """The aspect ratio and resolution Luma renders ``request`` at."""
        aspect = (request.aspect_ratio if request.aspect_ratio in ASPECT_RATIOS
                  else nearest_aspect_ratio(request.width, request.height, ASPECT_RATIOS))
        return aspect, self.resolution or resolution_for(min(request.width, request.height))

    def _megapixels(self, request: ClipRequest) -> float:
        """Millions of pixels Luma renders (and bills) for ``request``."""
        aspect, resolution = self._shape(request)
        return frame_pixels(resolution, aspect) * RENDER_FPS * request.duration / 1e6

    def billed_units(self, request: object, unit: str) -> float | None:
        """Megapixels Luma bills for a clip (for its price before it is made)."""
        if unit == "megapixel" and isinstance(request, ClipRequest):
            return self._megapixels(request)
        return None

    async def generate_clip(self, request: ClipRequest, ctx: CallContext) -> MediaResult:
        """One H.264 MP4 of 5 or 9 seconds at ``ctx.work_dir / "clip.mp4"``.

        Raises:
            InvalidRequestError: a duration Luma does not make, or a request Luma rejects.
            GenerationFailedError / ContentRefusedError: Luma accepted the job, then failed it.
            ProviderTimeoutError: the generation outlasted ``generation_timeout``.
            BadOutputError: the downloaded file is not a usable video.
        """
        if request.duration not in self.capabilities.durations:
            raise InvalidRequestError(
                f"Luma makes 5 s or 9 s clips, not {request.duration} s", provider=PROVIDER
            )
        aspect, resolution = self._shape(request)
        prompt = clip_prompt(request)
        notices: list[str] = []
        keyframes: dict[str, dict[str, str]] = {}
        if not ctx.resume_remote_id:
            # Frames are only needed to create a generation, not to resume one.
            keyframes = await self._keyframes(request, notices, ctx)

        sent: dict[str, Any] = {
            "model": self.model, "prompt": prompt, "duration": f"{request.duration}s",
            "aspect_ratio": aspect, "resolution": resolution, "loop": False,
            **({"keyframes": keyframes} if keyframes else {}),
        }

        async def create(client: lumaai.AsyncLumaAI) -> Generation:
            return await client.generations.video.create(**sent)

        cost = price_of_megapixels(self.model, self._megapixels(request))
        generation = await self._generate(ctx, create, what="clip",
                                          expected_seconds=40.0 * request.duration,
                                          kind="video", sent=sent, possible_cost=cost)
        url = generation.assets.video if generation.assets else None
        if not url:
            raise BadOutputError(f"Luma completed {generation.id} without a video",
                                 provider=PROVIDER)
        dest = ctx.work_dir / "clip.mp4"
        ctx.progress(0.92, "downloading the clip from Luma")
        info = await download_verified(
            url, dest, kind="video", provider=PROVIDER, what=f"clip {generation.id}",
            attempts=self._download_attempts, max_bytes=self._max_download_bytes,
            request_timeout=self._download_timeout, secrets=(self._api_key,),
            executor=self._executor, ctx=ctx)
        if info["duration"] < 0.5 * request.duration:
            raise BadOutputError(
                f"Luma's clip lasts {info['duration']:.2f} s, not {request.duration} s",
                provider=PROVIDER,
            )
        ctx.progress(1.0, "clip ready")
        metadata: dict[str, Any] = {
            "prompt": prompt, "aspect_ratio": aspect, "resolution": resolution,
            "duration": info["duration"], "width": info["width"], "height": info["height"],
            "codec": info["codec"], "source_url": url,
            "keyframes": ({name: frame["type"] for name, frame in keyframes.items()}
                          if keyframes else _keyframe_kinds(generation)),
            "price_as_of": PRICES_AS_OF,
        }
        if notices:
            metadata["notice"] = " ".join(notices)
        return MediaResult(path=dest, model=self.model, cost=round(cost, 6),
                           remote_id=generation.id, metadata=metadata)

    async def _keyframes(
        self, request: ClipRequest, notices: list[str], ctx: CallContext
    ) -> dict[str, dict[str, str]]:
        frames: dict[str, dict[str, str]] = {}
        if request.previous_clip_remote_id:
            # Continuing the previous clip keeps motion and light continuous across the cut.
            frames["frame0"] = {"type": "generation", "id": request.previous_clip_remote_id}
        elif request.first_frame is not None and (
            url := await self._frame_url(request.first_frame, "first", notices, ctx)
        ):
            frames["frame0"] = {"type": "image", "url": url}
        if request.last_frame is not None and (
            url := await self._frame_url(request.last_frame, "last", notices, ctx)
        ):
            frames["frame1"] = {"type": "image", "url": url}
        return frames

    async def _frame_url(self, frame: Keyframe, which: str, notices: list[str],
                         ctx: CallContext) -> str | None:
        if self.upload_host is not None:
            # Through the project's upload memo: a keyframe already hosted for an earlier take
            # of this clip (or a retry after a kill) is not uploaded again.
            return await self._hosted(frame.path, ctx)
        source = frame.metadata.get("source_url")
        if isinstance(source, str) and source.startswith(("http://", "https://")):
            return source
        notices.append(
            f"Luma only takes keyframes by URL and no upload host is set up, so the {which} "
            "frame was not sent; the clip follows the prompt instead."
        )
        return None


def _keyframe_kinds(generation: Generation) -> dict[str, str]:
    """What the frames of a generation were (``image``/``generation``), as Luma recorded them;
    used after a resume, when this process did not build the request itself."""
    frames = getattr(generation.request, "keyframes", None)
    kinds: dict[str, str] = {}
    for name in ("frame0", "frame1"):
        kind = getattr(getattr(frames, name, None), "type", None)
        if isinstance(kind, str):
            kinds[name] = kind
    return kinds
