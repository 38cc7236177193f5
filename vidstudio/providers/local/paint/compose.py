"""Composing a frame: every layer resampled to the camera's view of it, back to front."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageChops

from vidstudio.providers.local.paint.camera import Pose, view_rect

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from vidstudio.providers.local.paint.world import Layer


def raster_box(
    layer_rect: Sequence[float], ppu: float, view: Sequence[float], raster_size: tuple[int, int]
) -> tuple[float, float, float, float]:
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


def compose(
    layers: Sequence[Layer],
    pose: Pose,
    aspect: float,
    size: tuple[int, int],
    *,
    include_animated: bool = True,
) -> Image.Image:
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
        # Crop to the pixels the view needs first: Pillow premultiplies a whole RGBA image
        # before resampling it (so transparent edges do not darken), which is costly.
        x0, y0 = max(0, int(box[0]) - 2), max(0, int(box[1]) - 2)
        x1, y1 = min(img.width, int(box[2]) + 3), min(img.height, int(box[3]) + 3)
        img = img.crop((x0, y0, x1, y1))
        box = (box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0)
        part = img.resize(size, Image.Resampling.BILINEAR, box=box)
        if frame is None:
            frame = Image.new("RGB", size, (0, 0, 0))
        frame.paste(part, (0, 0), part)
    if frame is None:
        raise ValueError("a frame needs at least one layer")
    return frame


@functools.lru_cache(maxsize=4)
def vignette_mask(size: tuple[int, int], strength: float = 0.36) -> Image.Image:
    """An ``L`` image: 255 over the middle of the frame, darker toward the rim and corners.

    Kept per process for the few sizes a film uses (its pictures and clips share one): the
    same object is handed to every caller, so it is only read, never drawn on.
    """
    w, h = size
    gx = np.linspace(-1.0, 1.0, w, dtype=np.float32)[None, :]
    gy = np.linspace(-1.0, 1.0, h, dtype=np.float32)[:, None]
    r = np.sqrt(gx**2 + gy**2) / np.sqrt(2.0)
    t = np.clip((r - 0.58) / 0.42, 0.0, 1.0)
    v = 1.0 - strength * t * t * (3 - 2 * t)
    return Image.fromarray(np.round(v * 255).astype(np.uint8))


def finish(frame: Image.Image, vignette: Image.Image | None) -> Image.Image:
    """The camera's own look applied in frame space (after the layers): the vignette (an
    ``L`` mask or the same in three bands)."""
    if vignette is None:
        return frame
    if vignette.mode != "RGB":
        vignette = Image.merge("RGB", (vignette, vignette, vignette))
    return ImageChops.multiply(frame, vignette)


@functools.lru_cache(maxsize=4)
def vignette_rgb(size: tuple[int, int]) -> Image.Image:
    """``vignette_mask(size)`` in three bands, as ``finish`` multiplies a frame by it (kept
    per process and shared like the mask: only read)."""
    mask = vignette_mask(size)
    return Image.merge("RGB", (mask, mask, mask))


def luminance(image: Image.Image | NDArray[np.uint8]) -> float:
    """Mean Rec. 601 luma of an RGB image, 0..255."""
    arr = np.asarray(image, dtype=np.float32)
    return float((arr[..., 0] * 0.299 + arr[..., 1] * 0.587 + arr[..., 2] * 0.114).mean())
