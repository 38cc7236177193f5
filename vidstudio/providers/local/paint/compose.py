"""Composing a frame: every layer resampled to the camera's view of it, back to front."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageChops

from vidstudio.providers.local.paint.camera import Pose, view_rect

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from vidstudio.providers.local.paint.world import Layer


def raster_box(layer_rect: Sequence[float], ppu: float, view: Sequence[float],
               raster_size: tuple[int, int]) -> tuple[float, float, float, float]:
    """The pixel box of a layer raster that shows world rectangle ``view``.

    A view reaching past the raster (a stack reused at another aspect ratio, say) is shifted
    back inside, and shrunk only if it is larger than the raster itself, so no frame ever shows
    an unpainted edge.
    """
    w, h = raster_size
    bx0 = (view[0] - layer_rect[0]) * ppu
    by0 = (view[1] - layer_rect[1]) * ppu
    bw = (view[2] - view[0]) * ppu
    bh = (view[3] - view[1]) * ppu
    if bw > w or bh > h:
        k = min(w / bw, h / bh)
        cx, cy = bx0 + bw / 2, by0 + bh / 2
        bw, bh = bw * k, bh * k
        bx0, by0 = cx - bw / 2, cy - bh / 2
    bx0 = min(max(bx0, 0.0), w - bw)
    by0 = min(max(by0, 0.0), h - bh)
    return (bx0, by0, bx0 + bw, by0 + bh)


def compose(layers: Sequence[Layer], pose: Pose, aspect: float, size: tuple[int, int],
            *, include_animated: bool = True) -> Image.Image:
    """The frame at ``pose`` as an RGB image of ``size``, resampled with antialiasing.

    This is the quality path (keyframes, environment images); the clip renderer has its own
    per-frame fast path built on the same geometry.
    """
    frame: Image.Image | None = None
    for layer in layers:
        if layer.animated and not include_animated:
            continue
        img = Image.fromarray(layer.rgba)
        view = view_rect(pose, layer.parallax, aspect)
        box = raster_box(layer.rect, layer.ppu, view, img.size)
        # Pillow resamples RGBA premultiplied, so transparent edges do not darken.
        part = img.resize(size, Image.Resampling.BICUBIC, box=box)
        if frame is None:
            frame = Image.new("RGB", size, (0, 0, 0))
        frame.paste(part, (0, 0), part)
    if frame is None:
        raise ValueError("a frame needs at least one layer")
    return frame


def vignette_mask(size: tuple[int, int], strength: float = 0.28) -> Image.Image:
    """An ``L`` image: 255 in the centre, darker toward the corners (a lens's falloff)."""
    w, h = size
    small_w, small_h = max(2, w // 8), max(2, h // 8)
    gx = np.linspace(-1.0, 1.0, small_w, dtype=np.float32)[None, :]
    gy = np.linspace(-1.0, 1.0, small_h, dtype=np.float32)[:, None]
    d = np.clip((gx**2 * 0.8 + gy**2 * 0.9) - 0.25, 0.0, None)
    v = 1.0 - strength * np.clip(d, 0.0, 1.0) ** 1.3
    small = Image.fromarray((v * 255).astype(np.uint8))
    return small.resize(size, Image.Resampling.BILINEAR)


def finish(frame: Image.Image, vignette: Image.Image | None) -> Image.Image:
    """The camera's own look applied in frame space (after the layers): the vignette."""
    if vignette is None:
        return frame
    return ImageChops.multiply(frame, Image.merge("RGB", (vignette, vignette, vignette)))


def luminance(image: Image.Image | NDArray[np.uint8]) -> float:
    """Mean Rec. 601 luma of an RGB image, 0..255."""
    arr = np.asarray(image, dtype=np.float32)
    return float((arr[..., 0] * 0.299 + arr[..., 1] * 0.587 + arr[..., 2] * 0.114).mean())
