"""Issue 27, session 9: the planes sampled straight into the frame (``frameops.sample_into``,
no resized copy), the weather blended over whole pixel words in 16 bits and the textures'
lit pixels found by words draw exactly the frames of the path before that change.

The path before is rebuilt here from its own code: ``_Track.draw`` resizing every plane and
cell into a new image and pasting it, and the blends gathering three bytes per pixel through a
2-D index in 32 bits. Those are put in place of the new ones for one pass (a reference
implementation of the old code, not a stand-in for the new), the same renderer draws the same
frames both ways, and every RGB byte must match. The motions: a push-in with rain across two
worlds (a crossfade), a crane with snow, a pan with fog (the dense, full-frame blend) and a
held shot in a storm (drift, breathing light, a lightning flash and its bolt). Since session
10 the rows of a plane that a later opaque piece hides are not drawn (``planedraw``); the path
before draws them all.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

from vidstudio.core.vocabulary import CameraMove
from vidstudio.providers.local.clips import plan_clip
from vidstudio.providers.local.paint import animate, frameops, planedraw
from vidstudio.providers.local.paint.compose import raster_box

from .test_clip_prepare import use_before
from .test_clips import H, W, clip_request, env, keyframes

if TYPE_CHECKING:
    from pathlib import Path


def _draw_before(self: animate._Track, frame: Image.Image, t: float) -> None:
    """``_Track.draw`` as it was: each plane or cell resized into a new image, then pasted."""
    w, h = frame.size
    pose = self.pose(t)
    seconds = t * self.duration
    for plane in self.planes:
        view = self._view(pose, plane.parallax, plane.drift, seconds)
        box = raster_box(plane.rect, plane.ppu, view, plane.size)
        if plane.bottom:
            frame.paste(plane.pieces[0].image.resize((w, h), Image.Resampling.NEAREST, box=box))
            continue
        sx, sy = w / (box[2] - box[0]), h / (box[3] - box[1])
        for piece in plane.pieces:
            image = piece.image
            iw, ih = image.size
            px, py = piece.offset
            for cx0, cy0, cx1, cy1 in piece.cells or ((0, 0, iw, ih),):
                ox0 = max(0, math.ceil((px + cx0 - box[0]) * sx - 0.5))
                oy0 = max(0, math.ceil((py + cy0 - box[1]) * sy - 0.5))
                ox1 = min(w, math.ceil((px + cx1 - box[0]) * sx - 0.5))
                oy1 = min(h, math.ceil((py + cy1 - box[1]) * sy - 0.5))
                if ox1 <= ox0 or oy1 <= oy0:
                    continue
                sub = (
                    max(0.0, box[0] + ox0 / sx - px),
                    max(0.0, box[1] + oy0 / sy - py),
                    min(float(iw), box[0] + ox1 / sx - px),
                    min(float(ih), box[1] + oy1 / sy - py),
                )
                part = image.resize((ox1 - ox0, oy1 - oy0), Image.Resampling.NEAREST, box=sub)
                frame.paste(part, (ox0, oy0), None if piece.opaque else part)


def _div255_wide(value: np.ndarray) -> np.ndarray:
    value += 128
    value += value >> 8
    value >>= 8
    return value


def _blend_colour_before(frame, flat_index, amount, colour):  # type: ignore[no-untyped-def]
    if flat_index.size == 0:
        return
    pixels = frame.reshape(-1, 4)
    m = amount.astype(np.uint32)[:, None]
    old = pixels[flat_index, :3].astype(np.uint32)
    old *= 255 - m
    old += m * np.asarray(colour, np.uint32)
    pixels[flat_index, :3] = _div255_wide(old)


def _blend_uniform_before(frame, colour, amount):  # type: ignore[no-untyped-def]
    if amount <= 0:
        return
    rgb = frame[..., :3]
    tmp = rgb.astype(np.uint32)
    tmp *= 255 - amount
    tmp += np.asarray(colour, np.uint32) * amount
    rgb[...] = _div255_wide(tmp)


def _blend_mask_before(frame, mask, colour):  # type: ignore[no-untyped-def]
    rgb = frame[..., :3]
    m = mask.astype(np.uint32)[..., None]
    tmp = rgb.astype(np.uint32)
    tmp *= 255 - m
    tmp += m * np.asarray(colour, np.uint32)
    rgb[...] = _div255_wide(tmp)


def _frames(renderer: animate.ClipRenderer, indices: list[int]) -> np.ndarray:
    out = np.zeros((len(indices), H, W, 4), np.uint8)
    for k, index in enumerate(indices):
        renderer.frame_into(out[k], index)
    return out[..., :3]


@pytest.mark.parametrize(
    ("weather", "camera", "seeds", "flash"),
    [
        ("rain", CameraMove.PUSH_IN, (0, 9), False),  # two worlds: a crossfade on the way
        ("snow", CameraMove.CRANE_UP, (0, 0), False),
        ("fog", CameraMove.PAN_LEFT, (0, 0), False),
        ("storm", CameraMove.STATIC, (0, 0), True),
    ],
)
def test_frames_equal_those_of_the_path_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, weather: str, camera: CameraMove,
    seeds: tuple[int, int], flash: bool,
) -> None:
    spec = env(weather)
    first, last = keyframes(tmp_path, spec, camera, seeds=seeds)
    job = plan_clip(clip_request(spec, camera, first, last, duration=1), weather, 1)
    assert job is not None and job.weather and job.weather["kind"] == weather
    renderer = animate.ClipRenderer(job)
    assert renderer.weather is not None
    indices = sorted({0, 3, job.frames // 2, job.frames - 1})
    if flash:  # a frame lit by lightning, so that the flash and its bolt are compared too
        lit = [i for i, s in renderer.weather.flashes.items() if s > 0.5 and i < job.frames]
        assert lit, "the storm's clip has a lightning flash"
        indices.append(lit[0])
    if seeds[0] != seeds[1]:
        assert renderer.end is not None, "two worlds: the clip crossfades"
    hidden: list[int] = []  # rows of a plane not drawn: a later opaque piece covers them

    def spy(frame, source, where, box, rows=None):  # type: ignore[no-untyped-def]
        if rows is not None and rows < where[3] - where[1]:
            hidden.append(where[3] - where[1] - rows)
        frameops.sample_into(frame, source, where, box, rows)

    with monkeypatch.context() as counted:
        counted.setattr(planedraw, "sample_into", spy)
        new = _frames(renderer, indices)
    if camera is not CameraMove.PAN_LEFT:  # (a pan moves every layer alike: one plane)
        assert sum(hidden) > len(indices) * H // 10, "the ground hides part of the sky"
    with monkeypatch.context() as old:
        old.setattr(animate._Track, "draw", _draw_before)
        old.setattr(frameops, "blend_colour", _blend_colour_before)
        old.setattr(frameops, "blend_uniform", _blend_uniform_before)
        old.setattr(frameops, "_blend_mask", _blend_mask_before)
        before = _frames(renderer, indices)
    # The comparison can fail: the frames move and carry weather.
    assert np.abs(new[0].astype(np.int16) - new[-1]).mean() > 1.0
    assert np.array_equal(new, before)
    # Session 10: the weather textures and the planes' upsampling of the code before it
    # (``test_clip_prepare``'s references) give a renderer that draws the same frames.
    with monkeypatch.context() as old:
        use_before(old)
        prepared_before = animate.ClipRenderer(job)
    assert np.array_equal(new, _frames(prepared_before, indices))


def test_lit_pixels_are_those_numpy_finds() -> None:
    gen = np.random.default_rng(5)
    for shape, density in (((37, 53), 0.01), ((64, 80), 0.3), ((5, 3), 0.0), ((9, 7), 1.0)):
        texture = (gen.random(shape) < density) * gen.integers(1, 256, shape)
        texture = texture.astype(np.uint8)
        assert np.array_equal(frameops._lit_pixels(texture), np.flatnonzero(texture))
