"""The clip compositor in place and in numpy (frameops) against the per-frame Pillow compositor
it replaced, fed the same painted layers and camera path: SSIM >= 0.95 on every sampled frame.

Why a reference implementation here rather than frames saved from the old code: the painter is
being changed, and saved frames would test yesterday's paintings, not the compositor. The
planes are sampled by the same Pillow code in both (``_Track.draw``, now drawing into the
shared frame); what changed is everything after it, so the reference below is the old code of
exactly that: its own RGB frame, ``AnimatedWeather.apply`` (the Pillow path in weather.py),
``Image.blend`` for the crossfade, a lookup table for the light and black pasted through the
vignette's mask.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image, ImageChops
from scipy.ndimage import gaussian_filter

from vidstudio.core.vocabulary import CameraMove
from vidstudio.providers.local.clips import plan_clip
from vidstudio.providers.local.paint.animate import ClipRenderer
from vidstudio.providers.local.paint.compose import vignette_mask
from vidstudio.providers.local.paint.frameops import bands
from vidstudio.providers.local.paint.weather import AnimatedWeather, WeatherSpec

from .test_clips import FPS, clip_request, env, keyframes

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.providers.local.paint.animate import ClipJob


def reference_frame(renderer: ClipRenderer, index: int) -> np.ndarray:
    """Frame ``index`` as the per-frame Pillow compositor drew it (before frameops)."""
    job = renderer.job
    size = renderer.size
    t = renderer.fraction(index)

    def track(which):  # type: ignore[no-untyped-def]
        img = Image.new("RGBA", size)
        which.draw(img, t)
        return img.convert("RGB")

    img = track(renderer.start)
    if renderer.end is not None:
        a, b = job.fade
        mix = min(1.0, max(0.0, (t - a) / max(1e-6, b - a)))
        mix = mix * mix * (3 - 2 * mix)
        if mix >= 1.0:
            img = track(renderer.end)
        elif mix > 0.0:
            img = Image.blend(img, track(renderer.end), mix)
    if job.weather:
        weather = AnimatedWeather(WeatherSpec.from_dict(job.weather), size, job.fps)
        if weather.active:
            weather.apply(img, index)
    if job.life:
        k = 1.0 + 0.018 * math.sin(2 * math.pi * (index / job.fps) / 4.5)
        img = img.point([min(255, int(v * k)) for v in range(256)] * 3)
    if job.vignette:
        shade = ImageChops.invert(vignette_mask(size))
        for box in bands(shade):
            black = Image.new("RGB", (box[2] - box[0], box[3] - box[1]))
            img.paste(black, box[:2], shade.crop(box))
    return np.asarray(img)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean structural similarity of two RGB frames' luma (Gaussian window, sigma 1.5)."""
    weights = np.array([0.299, 0.587, 0.114])
    x, y = a.astype(np.float64) @ weights, b.astype(np.float64) @ weights
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = gaussian_filter(x, 1.5), gaussian_filter(y, 1.5)
    vx = gaussian_filter(x * x, 1.5) - mx * mx
    vy = gaussian_filter(y * y, 1.5) - my * my
    cov = gaussian_filter(x * y, 1.5) - mx * my
    s = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
    return float(s.mean())


def compare(job: ClipJob) -> list[float]:
    renderer = ClipRenderer(job)
    scores = []
    for index in sorted({0, 3, job.frames // 2, job.frames - 2, job.frames - 1}):
        new = np.asarray(renderer.frame(index))
        old = reference_frame(renderer, index)
        scores.append(ssim(old, new))
        # Beyond SSIM: the two round alike, so they differ by a level at most.
        assert np.abs(old.astype(np.int16) - new).max() <= 2
    return scores


@pytest.fixture(scope="module")
def painted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {"folder": tmp_path_factory.mktemp("compositor")}


def folder(painted: dict[str, Path], name: str) -> Path:
    path = painted["folder"] / name
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("weather", "camera", "seed"),
    [
        ("rain", CameraMove.PUSH_IN, 0),  # sparse textures, a push-in
        ("storm", CameraMove.STATIC, 3),  # life (light and drift), lightning flashes
        ("fog", CameraMove.PAN_LEFT, 1),  # a dense texture, a parallax pan, another pacing
        ("snow", CameraMove.CRANE_UP, 2),  # flakes, a crane move
    ],
)
def test_new_compositor_matches_the_old(
    painted: dict[str, Path], weather: str, camera: CameraMove, seed: int
) -> None:
    first, last = keyframes(folder(painted, weather), env(weather), camera)
    job = plan_clip(clip_request(env(weather), camera, first, last, duration=1), weather, seed)
    assert job is not None
    assert job.weather and job.weather["kind"] == weather
    scores = compare(job)
    assert min(scores) >= 0.95, scores


def test_crossfade_between_two_worlds_matches_the_old(painted: dict[str, Path]) -> None:
    first = keyframes(folder(painted, "a"), env("clear"), CameraMove.STATIC)[0]
    last = keyframes(folder(painted, "b"), env("clear", setting="forest"), CameraMove.STATIC)[1]
    job = plan_clip(clip_request(env("clear"), CameraMove.STATIC, first, last, duration=1), "x")
    assert job is not None and job.end is not None
    assert min(compare(job)) >= 0.95


def test_weather_is_drawn_by_both(painted: dict[str, Path]) -> None:
    """The comparison means something: rain changes a few percent of a frame, in both."""
    first, last = keyframes(folder(painted, "dry"), env("rain"), CameraMove.PUSH_IN)
    wet = plan_clip(clip_request(env("rain"), CameraMove.PUSH_IN, first, last, duration=1), "w")
    assert wet is not None
    dry = ClipRenderer(wet.__class__(**{**wet.__dict__, "weather": None}))
    rainy = ClipRenderer(wet)
    index = FPS // 2
    for frame in (np.asarray(rainy.frame(index)), reference_frame(rainy, index)):
        changed = np.abs(frame.astype(np.int16) - np.asarray(dry.frame(index))).max(axis=2) > 8
        assert 0.005 < changed.mean() < 0.5
