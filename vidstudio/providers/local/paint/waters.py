"""Water and its edges: open sea, beaches, headland cliffs, rivers.

Like ``terrain``, every function returns a painter working in world units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from vidstudio.providers.local.paint import noise
from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix, scale_rgb
from vidstudio.providers.local.paint.terrain import (
    fill_below,
    perspective_band,
    stretched_texture,
    winding_band,
)

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.palette import Palette
    from vidstudio.providers.local.paint.world import Painter


def sea(
    seed: int, pal: Palette, horizon: float, water: RGB = (40, 86, 120), rough: float = 0.5
) -> Painter:
    """Open water from the horizon down: wave streaks and the sun's (or moon's) glitter path."""

    def paint(c: Canvas) -> None:
        r0 = c.row_of(horizon)
        if r0 >= c.h:
            return
        rows = c.h - r0
        far = mix(pal.shade(water, 0.9), pal.sky_horizon, 0.45)
        near = pal.shade(scale_rgb(water, 0.7), 0.0)
        img = c.vertical_gradient(
            [(horizon, far), (horizon + 0.25, pal.shade(water, 0.4)), (1.3, near)], r0
        )
        arr = np.asarray(img, np.float32)
        ys = c.ys()[r0:][:, None].astype(np.float32)
        dist = np.clip(ys - horizon, 0.002, None)
        # Waves: noise squashed vertically, finer near the horizon (perspective).
        small = (max(2, c.w // 2), max(2, rows // 2))
        rect = (c.x0 / 6.0, horizon, (c.x0 + c.w / c.ppu) / 6.0, c.y0 + c.h / c.ppu)
        waves = noise.fbm(seed, rect, small, 0.02, 3)
        waves = np.asarray(Image.fromarray(waves).resize((c.w, rows), Image.Resampling.BILINEAR))
        strength = (0.1 + 0.25 * rough) * np.clip(dist / 0.3, 0.15, 1.0)
        arr *= (1.0 - strength + 2 * strength * waves)[..., None]
        if (pal.sun_visible or pal.moon) and pal.sun_xy[1] < horizon + 0.01:
            sx = pal.sun_xy[0]
            xs = c.xs()[None, :].astype(np.float32)
            width = 0.02 + dist * 0.6
            path = np.exp(-(((xs - sx) / width) ** 2))
            sparkle = np.clip((waves - 0.52) / 0.12, 0, 1)
            amount = (path * sparkle * (0.9 if not pal.moon else 0.7))[..., None]
            arr += (np.array(pal.sun, np.float32) - arr) * amount
        # A soft band of sky reflected at the horizon.
        arr += (np.array(pal.sky_horizon, np.float32) - arr) * (np.exp(-dist / 0.02) * 0.5)[
            ..., None
        ]
        c.img.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).convert("RGBA"), (0, r0))

    return paint


def shore(
    seed: int,
    pal: Palette,
    y: float,
    sand: RGB = (206, 184, 140),
    side: float = 1.0,
    reach: float = 0.6,
) -> Painter:
    """A beach curving in from one side at ``y``, with a line of surf along its edge."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        edge = y + 0.06 * noise.fbm_1d(seed, xs, 0.5, 4) - 0.02
        # The beach rises toward the chosen side and dips under the sea on the other.
        tilt = np.clip((xs - (c.x0 + c.w / (2 * c.ppu))) * side / reach, -1.5, 1.5)
        top = edge - tilt * 0.07
        surf = top - 0.006
        foam, r0 = c.band_mask(surf - 0.012, surf + 0.004)
        c.paint(foam, pal.shade((236, 240, 242), 0.2), (0, r0), opacity=0.7)
        fill_below(
            c,
            top,
            [(y - 0.1, pal.shade(sand, 0.4)), (1.2, pal.shade(sand, 0.0))],
            tex_seed=seed + 5,
            tex_cell=0.05,
            tex_depth=0.2,
            tex_stretch=3.0,
        )

    return paint


def cliff(
    seed: int,
    pal: Palette,
    x_edge: float,
    top_y: float,
    side: float,
    foot: float,
    rock: RGB = (124, 114, 100),
    grass: RGB = (88, 120, 64),
) -> Painter:
    """A headland on one side of the frame (``side`` -1 left, 1 right): a grassy top, a
    creviced rock face dropping to the sea at ``foot`` with surf along its base."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        d = (xs - x_edge) * side  # > 0 inside the headland
        rough = noise.fbm_1d(seed, xs, 0.25, 5)
        shoulder = np.clip(d / 0.12, 0.0, 1.0) ** 0.6
        top = np.where(
            d > -0.02,
            top_y
            - 0.03 * rough
            - np.clip(d, 0, 0.6) * 0.05
            + (1 - shoulder) * (foot - top_y) * 0.9,
            9.0,
        )
        # The face ends at the waterline; the sea (painted before) shows below it.
        mask, r0 = c.band_mask(top, np.full_like(xs, foot))
        if r0 >= c.h or not mask.size:
            return
        lit = pal.shade(mix(rock, (220, 210, 190), 0.25), 0.2)
        img = c.vertical_gradient(
            [
                (top_y - 0.05, lit),
                (foot, pal.shade(scale_rgb(rock, 0.7), 0.1)),
                (foot + 0.4, pal.shade(scale_rgb(rock, 0.45), 0.0)),
            ],
            r0,
        )
        # Vertical crevices: noise stretched tall, plus a few horizontal ledges.
        rows = c.h - r0
        rect = (c.x0, (c.y0 + r0 / c.ppu) / 6, c.x0 + c.w / c.ppu, (c.y0 + c.h / c.ppu) / 6)
        small = (max(2, c.w // 2), max(2, rows // 2))
        crev = noise.fbm(seed + 9, rect, small, 0.035, 4)
        crev = np.asarray(Image.fromarray(crev).resize((c.w, rows), Image.Resampling.BILINEAR))
        ledges = 0.5 + 0.5 * np.sin(
            c.ys()[r0:] * 90.0 + 4.0 * noise.fbm_1d(seed, c.ys()[r0:], 0.2, 3)
        )
        field = np.clip(crev * 0.8 + ledges[:, None].astype(np.float32) * 0.25, 0, 1)
        img = c.modulate(img, field.astype(np.float32), 0.5)
        c.paint(mask, img, (0, r0))
        fill_below(
            c,
            top - 0.004,
            [(top_y - 0.06, pal.shade(grass, 0.15)), (top_y + 0.3, pal.shade(grass, 0.0))],
            tex_seed=seed + 3,
            tex_cell=0.03,
            tex_depth=0.3,
            bottom=top + 0.02,
        )
        # Surf where the rock meets the water.
        surf_top = np.where(d > -0.03, foot - 0.004 - 0.004 * rough, 9.0)
        foam, f0 = c.band_mask(surf_top, surf_top + 0.012)
        c.paint(foam, pal.shade((240, 244, 246), 0.2), (0, f0), opacity=0.75)

    return paint


def river(
    seed: int,
    pal: Palette,
    horizon: float,
    vanish_x: float,
    near_width: float = 1.1,
    water: RGB = (54, 92, 112),
) -> Painter:
    """A river winding from the horizon to the foreground, reflecting the sky."""
    left, right = winding_band(seed, vanish_x, horizon, near_width, 0.5)

    def paint(c: Canvas) -> None:
        cover, r0 = perspective_band(c, left, right, horizon)
        if cover.size == 0:
            return
        img = c.vertical_gradient(
            [
                (horizon, mix(pal.sky_horizon, pal.shade(water, 0.5), 0.3)),
                (horizon + 0.3, mix(pal.sky_mid, pal.shade(water, 0.2), 0.5)),
                (1.2, pal.shade(water, 0.0)),
            ],
            r0,
        )
        field = stretched_texture(c, seed + 4, 0.015, r0, 8.0)
        img = c.modulate(img, field, 0.25)
        c.paint(cover, img, (0, r0))

    return paint
