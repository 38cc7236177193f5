"""Library drawings in a painting: lit by the world's light, hazed with depth, with a shadow.

A drawing from ``providers.local.art`` is rendered once per size (resvg, cached in the worker),
then coloured the way the palette colours any material at that depth (``Palette.shade`` is
applied per channel as an affine map, so a red car at dusk is the red of a car at dusk), laid on
its anchor: standing on the ground with a contact shadow cast away from the sun, floating with
its lower part under the waterline, hanging on a wall with a soft drop shadow, or in the sky.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageFilter

from vidstudio.providers.local.art import render
from vidstudio.providers.local.art.sizes import EMISSIVE

__all__ = ["SUBMERGED", "box", "draw", "render"]

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.look import Look

# Part of a floating thing's height under the waterline.
SUBMERGED = 0.14


def box(name: str, x: float, y: float, h: float, anchor: str) -> tuple[float, float, float, float]:
    """World box (x0, y0, x1, y1) of a drawing ``h`` tall whose base centre is at (x, y)."""
    w = h * render.aspect(name)
    if anchor == "water":
        return (x - w / 2, y - h * (1 - SUBMERGED), x + w / 2, y)
    if anchor in ("sky", "wall"):
        return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return (x - w / 2, y - h, x + w / 2, y)


def _lit(rgba: np.ndarray, look: Look) -> np.ndarray:
    """RGB of the drawing as the world's light and haze colour it (float32, 0..255)."""
    black = np.array(look.body((0, 0, 0)), np.float32)
    white = np.array(look.body((255, 255, 255)), np.float32)
    rgb = rgba[:, :, :3].astype(np.float32) / 255.0
    lit: np.ndarray = black + rgb * (white - black)
    # Keep some of the drawing's own colour in deep shade so it still reads at night.
    floor = rgba[:, :, :3].astype(np.float32) * 0.42
    out: np.ndarray = np.maximum(lit, floor)
    return out


def draw(c: Canvas, name: str, x: float, y: float, h: float, look: Look, anchor: str,
         facing: float = 1.0) -> None:
    """Paint drawing ``name`` ``h`` world units tall with its base centre at (x, y)."""
    x0, y0, x1, y1 = box(name, x, y, h, anchor)
    if not c.visible((x0 - h, y0, x1 + h, y1 + h * 0.2)):
        return
    height_px = max(2, round(h * c.ppu / 2) * 2)  # even sizes: fewer distinct cache entries
    rgba = render.rgba(name, height_px)
    if facing < 0:
        rgba = rgba[:, ::-1]
    alpha = rgba[:, :, 3].astype(np.float32) / 255.0
    if anchor == "ground":
        _ground_shadow(c, look, x, y, (x1 - x0), h)
    elif anchor == "wall":
        _drop_shadow(c, alpha, x0 + h * 0.03, y0 + h * 0.04)
    if anchor == "water":
        # The hull sits in the water: fade the submerged part out.
        keep = round(alpha.shape[0] * (1 - SUBMERGED))
        fade = np.ones(alpha.shape[0], np.float32)
        fade[keep:] = np.linspace(0.35, 0.0, alpha.shape[0] - keep, dtype=np.float32)
        alpha = alpha * fade[:, None]
    if name in EMISSIVE:
        # A light source: its own colours, and a warm glow round it when the world is dim.
        rgb = rgba[:, :, :3].astype(np.float32)
        if look.lights_on:
            c.glow((x0 + x1) / 2, (y0 + y1) / 2, h * 1.3, look.lamp(), 0.45)
    else:
        rgb = _lit(rgba, look)
    rgb, rim = _lifted(rgb, alpha, look)
    px, py = c.px(x0, y0)
    at = (round(px), round(py))
    _outline(c, alpha, at, look, rim)
    source = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    _paint_clipped(c, alpha, source, at)


_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


def _lifted(rgb: np.ndarray, alpha: np.ndarray, look: Look) -> tuple[np.ndarray, bool]:
    """A dark thing in a dark place (a black spider in a hall at midnight) lifted, as a film
    lights its subject: its tones raised above the world's mid tone. Returns the colours and
    whether it wants a rim light round its edge rather than a dark ink line."""
    solid = alpha > 0.5
    if not solid.any():
        return rgb, False
    mean = float((rgb @ _LUMA)[solid].mean())
    world = float(np.array(look.body((128, 128, 128)), np.float32) @ _LUMA)
    if world > 90.0 or mean > world + 40.0:
        return rgb, False
    lifted: np.ndarray = rgb + (world + 35.0 - mean)
    return lifted, True


def _outline(c: Canvas, alpha: np.ndarray, at: tuple[int, int], look: Look,
             rim: bool = False) -> None:
    """A thin dark edge round the silhouette, as an illustrator inks a figure, so the thing
    stands out from a background of its own colour (a brown chair in a brown room); ``rim``
    makes it a pale rim light instead, for a dark thing in a dark place."""
    size = max(3, int(alpha.shape[0] * 0.025) | 1)  # a wider max filter costs its square
    pad = size // 2
    padded = np.pad(alpha, pad)
    grown = Image.fromarray((padded * 255).astype(np.uint8)).filter(
        ImageFilter.MaxFilter(size))
    edge = np.asarray(grown, np.float32) / 255.0 * (0.8 if rim else 0.7)
    colour = look.lamp((214, 222, 240)) if rim else look.dark((36, 32, 36), 0.6)
    _paint_clipped(c, edge, colour, (at[0] - pad, at[1] - pad))


def _ground_shadow(c: Canvas, look: Look, x: float, y: float, width: float, h: float) -> None:
    """A soft contact shadow under the thing, pushed away from the sun."""
    pal = look.pal
    away = -1.0 if pal.sun_xy[0] > x else 1.0
    strength = 0.45 * min(1.0, 0.35 + pal.ambient) if pal.sun_visible else 0.3
    colour = look.dark((40, 38, 44), 0.5)
    rx, ry = width * 0.55, max(h * 0.05, width * 0.06)
    c.ellipse(x + away * width * 0.12, y - ry * 0.2, rx, ry, colour, strength)
    c.ellipse(x, y - ry * 0.1, rx * 0.7, ry * 0.6, colour, strength * 0.8)


def _drop_shadow(c: Canvas, alpha: np.ndarray, x0: float, y0: float) -> None:
    px, py = c.px(x0, y0)
    shadow = Image.fromarray((alpha * 90).astype(np.uint8))
    box = (round(px), round(py))
    _paint_clipped(c, np.asarray(shadow, np.float32) / 255.0, (20, 20, 24), box)


def _paint_clipped(c: Canvas, alpha: np.ndarray, source: Image.Image | tuple[int, int, int],
                   at: tuple[int, int]) -> None:
    """``Canvas.paint`` with the parts outside the canvas cut off first."""
    ax, ay = at
    h, w = alpha.shape
    left, top = max(0, -ax), max(0, -ay)
    right, bottom = min(w, c.w - ax), min(h, c.h - ay)
    if right <= left or bottom <= top:
        return
    mask = alpha[top:bottom, left:right]
    if isinstance(source, Image.Image):
        source = source.crop((left, top, right, bottom))
    c.paint(mask, source, (ax + left, ay + top))
