"""Drawings to pixels: an SVG rendered by resvg, cropped to what is drawn, cached per process.

The painter runs in the process pool, so this runs there too: a worker decodes the SVG bodies
once and keeps the last rasters it made (a shot's two keyframes ask for the same ones).
"""

from __future__ import annotations

import colorsys
import io
import json
import lzma
import re
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


def _document(name: str, body: str) -> str:
    found = drawing(name)
    if found is None:
        raise DrawingError(f"no drawing called {name!r}")
    w, h = found.view
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:g} {h:g}" '
            f'width="{w:g}" height="{h:g}">{body}</svg>')


def svg(name: str, *, base: bool = True) -> str:
    """The drawing as a standalone SVG document; ``base=False`` leaves out the strip of sea or
    lawn some drawings stand on (the painting gives them its own water or ground)."""
    body = _bodies().get(name)
    if drawing(name) is None or body is None:
        raise DrawingError(f"no drawing called {name!r}")
    return _document(name, body if base else _bare_body(name))


# One filled shape of a body: the set draws its bases as single paths.
_PATH = re.compile(r'<path\b[^>]*?\bfill="(#[0-9a-fA-F]{3,6})"[^>]*?/>')


def _hue(colour: str) -> tuple[float, float, float]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    r, g, b = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    return h * 360.0, s, v


def _base_colour(colour: str) -> str:
    """"water" for a sea blue, "ground" for a lawn green, "" for any other fill."""
    hue, sat, val = _hue(colour)
    if sat < 0.5 or val < 0.45:
        return ""
    if 185.0 <= hue <= 222.0:
        return "water"
    if 75.0 <= hue <= 160.0:
        return "ground"
    return ""


def _alpha_box(document: str, size: int = 96) -> tuple[float, float, float, float] | None:
    import resvg_py

    png = resvg_py.svg_to_bytes(svg_string=document, width=size, height=size,
                                skip_system_fonts=True)
    with Image.open(io.BytesIO(bytes(png))) as image:
        alpha = np.asarray(image.convert("RGBA"))[:, :, 3] > 8
    if not alpha.any():
        return None
    rows = np.flatnonzero(alpha.any(axis=1))
    cols = np.flatnonzero(alpha.any(axis=0))
    return (cols[0] / size, rows[0] / size, (cols[-1] + 1) / size, (rows[-1] + 1) / size)


@lru_cache(maxsize=256)
def _bare_body(name: str) -> str:
    """The body without its base: a sea-blue or lawn-green shape that runs along the bottom
    of the drawing under most of its width (a boat's waves, a house's lawn)."""
    body = _bodies()[name]
    candidates = [m for m in _PATH.finditer(body) if _base_colour(m.group(1))]
    if not candidates:
        return body
    whole = _alpha_box(_document(name, body))
    if whole is None:
        return body
    wx0, wy0, wx1, wy1 = whole
    width, height = wx1 - wx0, wy1 - wy0
    cut: list[tuple[int, int]] = []
    for match in candidates:
        box = _alpha_box(_document(name, match.group(0)))
        if box is None:
            continue
        x0, y0, x1, y1 = box
        tallest = 0.45 if _base_colour(match.group(1)) == "water" else 0.2
        if (x1 - x0 >= 0.6 * width and y1 >= wy1 - 0.04 and y0 >= wy0 + 0.5 * height
                and y1 - y0 <= tallest * height):
            cut.append(match.span())
    if not cut or len(cut) == len(_PATH.findall(body)):
        return body
    for start, end in reversed(cut):
        body = body[:start] + body[end:]
    return body


def _render(name: str, width: int, height: int) -> NDArray[np.uint8]:
    import resvg_py

    try:
        png = resvg_py.svg_to_bytes(svg_string=svg(name, base=False), width=width,
                                    height=height, skip_system_fonts=True)
    except ValueError as exc:
        raise DrawingError(f"drawing {name!r} could not be rendered: {exc}") from exc
    with Image.open(io.BytesIO(bytes(png))) as image:
        return _without_band(np.array(image.convert("RGBA")))


def _without_band(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """``image`` with the sea or lawn band along its bottom cleared, when a base is drawn as
    part of a shape with other parts (a ship's waves and portholes in one path): the pixels of
    the bottom row's own colour that join the bottom row."""
    from scipy import ndimage

    alpha = image[:, :, 3] > 128
    rows = np.flatnonzero(alpha.any(axis=1))
    if rows.size == 0:
        return image
    bottom = int(rows[-1])
    # The band's colour: the commonest colour of the lowest rows that are mostly drawn.
    for row in range(bottom, max(bottom - 4, -1), -1):
        if alpha[row].sum() >= 0.6 * max(1, int(alpha.any(axis=0).sum())):
            bottom = row
            break
    else:
        return image
    # (Whole pixels of the lowest rows: the very last row is often only part covered.)
    low = image[max(0, bottom - 3):bottom + 1]
    colours = low[low[:, :, 3] == 255][:, :3].astype(np.int32)
    if colours.size == 0:
        return image
    values, counts = np.unique(colours, axis=0, return_counts=True)
    colour = values[int(np.argmax(counts))]
    hex_colour = "#" + "".join(f"{int(v):02x}" for v in colour)
    if not _base_colour(hex_colour):
        return image
    near = np.abs(image[:, :, :3].astype(np.int32) - colour).sum(axis=2) < 60
    near &= image[:, :, 3] > 0
    labels, _ = ndimage.label(near)
    touching = np.unique(labels[bottom - 3:][near[bottom - 3:]])
    band = np.isin(labels, touching[touching > 0])
    if band.sum() > 0.6 * alpha.sum():
        return image  # the drawing is mostly that colour (a whale): not a base
    image[band, 3] = 0
    return image


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
