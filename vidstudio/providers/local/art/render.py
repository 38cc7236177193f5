"""Drawings to pixels: an SVG rendered by resvg, cropped to what is drawn, cached per process.

The painter runs in the process pool, so this runs there too: a worker decodes the SVG bodies
once and keeps the last rasters it made (a shot's two keyframes ask for the same ones).
"""

from __future__ import annotations

import io
import json
import lzma
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from vidstudio.providers.local.art.library import DATA, drawing

if TYPE_CHECKING:
    from numpy.typing import NDArray


class DrawingError(ValueError):
    """A drawing is not in the library or could not be rendered."""


@lru_cache(maxsize=1)
def _bodies() -> dict[str, str]:
    bodies: dict[str, str] = json.loads(lzma.decompress((DATA / "drawings.json.xz").read_bytes()))
    return bodies


def svg(name: str) -> str:
    """The drawing as a standalone SVG document."""
    found = drawing(name)
    body = _bodies().get(name)
    if found is None or body is None:
        raise DrawingError(f"no drawing called {name!r}")
    w, h = found.view
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:g} {h:g}" '
            f'width="{w:g}" height="{h:g}">{body}</svg>')


def _render(name: str, width: int, height: int) -> NDArray[np.uint8]:
    import resvg_py

    try:
        png = resvg_py.svg_to_bytes(svg_string=svg(name), width=width, height=height,
                                    skip_system_fonts=True)
    except ValueError as exc:
        raise DrawingError(f"drawing {name!r} could not be rendered: {exc}") from exc
    with Image.open(io.BytesIO(bytes(png))) as image:
        return np.asarray(image.convert("RGBA"))


@lru_cache(maxsize=512)
def content_box(name: str) -> tuple[float, float, float, float]:
    """The drawn part of the view box, as fractions (x0, y0, x1, y1) of its width and height."""
    probe = _render(name, 128, 128)
    alpha = probe[:, :, 3] > 8
    if not alpha.any():
        return (0.0, 0.0, 1.0, 1.0)
    rows = np.flatnonzero(alpha.any(axis=1))
    cols = np.flatnonzero(alpha.any(axis=0))
    return (cols[0] / 128, rows[0] / 128, (cols[-1] + 1) / 128, (rows[-1] + 1) / 128)


def aspect(name: str) -> float:
    """Width / height of the drawn part."""
    x0, y0, x1, y1 = content_box(name)
    found = drawing(name)
    vw, vh = found.view if found is not None else (32.0, 32.0)
    return ((x1 - x0) * vw) / max(1e-6, (y1 - y0) * vh)


@lru_cache(maxsize=48)
def rgba(name: str, height_px: int) -> NDArray[np.uint8]:
    """The drawing's drawn part, ``height_px`` tall, straight-alpha RGBA (read-only array).

    Raises:
        DrawingError: no such drawing, or resvg could not render it.
    """
    height_px = max(2, int(height_px))
    x0, y0, x1, y1 = content_box(name)
    scale = height_px / max(1e-6, y1 - y0)  # pixels per view-box height
    found = drawing(name)
    vw, vh = found.view if found is not None else (32.0, 32.0)
    full_h = max(2, round(scale))
    full_w = max(2, round(scale * vw / vh))
    image = _render(name, full_w, full_h)
    top = min(max(0, round(y0 * full_h)), max(0, full_h - height_px))
    bottom = min(full_h, top + height_px)
    left, right = round(x0 * full_w), max(round(x0 * full_w) + 1, round(x1 * full_w))
    out = np.ascontiguousarray(image[top:bottom, left:right])
    out.setflags(write=False)
    return out
