"""Land and water: ridges, hills, ground planes, sea, shore, dunes, canyons, ice, rivers, roads.

Each function returns a painter. Shapes are height fields (a world-y curve per column) filled
with a vertical colour gradient and a world-anchored texture, so any canvas paints the same land.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image

from vidstudio.providers.local.paint import noise
from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix, scale_rgb
from vidstudio.providers.local.paint.palette import Palette
from vidstudio.providers.local.paint.world import Painter

Curve = Callable[[np.ndarray], np.ndarray]


def fill_below(c: Canvas, top: np.ndarray, stops: Sequence[tuple[float, RGB]], *,
               tex_seed: int = 0, tex_cell: float = 0.08, tex_depth: float = 0.0,
               tex_stretch: float = 1.0, bottom: np.ndarray | None = None) -> None:
    """Fill everything below curve ``top`` (and above ``bottom``) with a textured gradient."""
    if bottom is None:
        mask, r0 = c.height_mask(top)
    else:
        mask, r0 = c.band_mask(top, bottom)
    if r0 >= c.h:
        return
    img = c.vertical_gradient(stops, r0)
    if tex_depth > 0:
        if tex_stretch != 1.0:
            field = _stretched_texture(c, tex_seed, tex_cell, r0, tex_stretch)
        else:
            field = c.texture(tex_seed, tex_cell, 3, first_row=r0)
        img = c.modulate(img, field, tex_depth)
    c.paint(mask, img, (0, r0))


def _stretched_texture(c: Canvas, seed: int, cell: float, r0: int, stretch: float) -> np.ndarray:
    rows = c.h - r0
    y_top = c.y0 + r0 / c.ppu
    rect = (c.x0 / stretch, y_top, (c.x0 + c.w / c.ppu) / stretch, c.y0 + c.h / c.ppu)
    small = (max(2, c.w // 2), max(2, rows // 2))
    field = noise.fbm(seed, rect, small, cell, 4)
    return np.asarray(Image.fromarray(field).resize((c.w, rows), Image.Resampling.BILINEAR))


def ridge_curve(seed: int, base_y: float, height: float, cell: float = 0.7,
                sharp: float = 1.0) -> Curve:
    """Mountain-like profile: ridged fractal noise, peaks up to ``height`` above ``base_y``."""

    def curve(xs: np.ndarray) -> np.ndarray:
        n = noise.fbm_1d(seed, xs, cell, octaves=7, gain=0.5)
        ridged = 1.0 - np.abs(2.0 * n - 1.0)
        profile = (1.0 - sharp) * n + sharp * ridged
        return base_y - height * np.clip(profile * 1.4 - 0.25, 0.0, None)

    return curve


def hill_curve(seed: int, base_y: float, height: float, cell: float = 1.1) -> Curve:
    def curve(xs: np.ndarray) -> np.ndarray:
        return base_y - height * noise.fbm_1d(seed, xs, cell, octaves=4, gain=0.35)

    return curve


def mountains(seed: int, pal: Palette, base_y: float, height: float, depth: float,
              rock: RGB = (120, 112, 108), snow: bool = True, cell: float = 0.7,
              sharp: float = 1.0) -> Painter:
    """A mountain range: snow on the upper slopes, sun-side faces lit, fading into haze."""
    curve = ridge_curve(seed, base_y, height, cell, sharp)

    def paint(c: Canvas) -> None:
        xs = c.xs()
        top = curve(xs)
        peak = float(base_y - height)
        body = pal.shade(rock, depth)
        stops = [(peak, pal.shade(mix(rock, (240, 242, 250), 0.85 if snow else 0.15), depth)),
                 (peak + height * 0.35, pal.shade(mix(rock, (230, 232, 240), 0.5 if snow else 0.05),
                                                  depth)),
                 (peak + height * 0.55, body), (base_y, pal.shade(rock, min(1.0, depth + 0.25)))]
        mask, r0 = c.height_mask(top)
        if r0 >= c.h:
            return
        img = c.vertical_gradient(stops, r0)
        # Light the faces that slope toward the sun; shade the others.
        slope = np.gradient(top) * c.ppu
        side = 1.0 if pal.sun_xy[0] > (c.x0 + c.w / (2 * c.ppu)) else -1.0
        face = np.clip(-slope * side * 2.0, -1.0, 1.0)
        rows = np.arange(r0, c.h)[:, None]
        below = np.clip((rows - (top[None, :] - c.y0) * c.ppu) / (c.ppu * height * 0.8), 0, 1)
        light = 1.0 + 0.22 * face[None, :] * (1.0 - below)
        arr = np.asarray(img, np.float32) * light[..., None].astype(np.float32)
        field = c.texture(seed + 11, 0.05, 3, first_row=r0)
        arr *= (0.86 + 0.14 * field)[..., None]
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        c.paint(mask, img, (0, r0))

    return paint


def hills(seed: int, pal: Palette, base_y: float, height: float, colour: RGB, depth: float,
          cell: float = 1.1, texture: float = 0.25) -> Painter:
    curve = hill_curve(seed, base_y, height, cell)

    def paint(c: Canvas) -> None:
        top = curve(c.xs())
        fill_below(c, top, [(base_y - height, pal.shade(colour, depth)),
                            (base_y + 0.3, pal.shade(scale_rgb(colour, 0.8), max(0.0, depth - 0.3)))],
                   tex_seed=seed + 1, tex_cell=0.06, tex_depth=texture)

    return paint


def ground(seed: int, pal: Palette, top_y: float, near: RGB, far: RGB, *, depth_far: float = 0.8,
           texture: float = 0.3, wobble: float = 0.0, stretch: float = 4.0) -> Painter:
    """A ground plane from ``top_y`` down: hazy at the far edge, rich and textured near."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        top = np.full_like(xs, top_y)
        if wobble:
            top = top - wobble * noise.fbm_1d(seed + 3, xs, 0.6, octaves=4)
        fill_below(c, top, [(top_y - wobble, pal.shade(far, depth_far)),
                            (top_y + 0.12, pal.shade(mix(far, near, 0.6), depth_far * 0.4)),
                            (1.3, pal.shade(near, 0.0)), (1.7, pal.shade(scale_rgb(near, 0.8)))],
                   tex_seed=seed, tex_cell=0.1, tex_depth=texture, tex_stretch=stretch)

    return paint


def sea(seed: int, pal: Palette, horizon: float, water: RGB = (40, 86, 120),
        rough: float = 0.5) -> Painter:
    """Open water from the horizon down: wave streaks and the sun's (or moon's) glitter path."""

    def paint(c: Canvas) -> None:
        r0 = c.row_of(horizon)
        if r0 >= c.h:
            return
        rows = c.h - r0
        far = mix(pal.shade(water, 0.9), pal.sky_horizon, 0.45)
        near = pal.shade(scale_rgb(water, 0.7), 0.0)
        img = c.vertical_gradient([(horizon, far), (horizon + 0.25, pal.shade(water, 0.4)),
                                   (1.3, near)], r0)
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
        arr += (np.array(pal.sky_horizon, np.float32) - arr) * (
            np.exp(-dist / 0.02) * 0.5)[..., None]
        c.img.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).convert("RGBA"),
                    (0, r0))

    return paint


def shore(seed: int, pal: Palette, y: float, sand: RGB = (206, 184, 140), side: float = 1.0,
          reach: float = 0.6) -> Painter:
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
        fill_below(c, top, [(y - 0.1, pal.shade(sand, 0.4)), (1.2, pal.shade(sand, 0.0))],
                   tex_seed=seed + 5, tex_cell=0.05, tex_depth=0.2, tex_stretch=3.0)

    return paint


def cliff(seed: int, pal: Palette, x_edge: float, top_y: float, side: float,
          rock: RGB = (110, 104, 96), grass: RGB = (88, 120, 64)) -> Painter:
    """A headland: a rock mass on one side of the frame (``side`` -1 left, 1 right)."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        d = (xs - x_edge) * side  # > 0 inside the cliff
        rough = noise.fbm_1d(seed, xs, 0.25, 5)
        top = np.where(d > 0, top_y - 0.03 * rough - np.clip(d, 0, 0.3) * 0.12, 3.0)
        slope = np.clip(d / 0.08, 0, 1)
        top = top + (1 - slope) * 0.6
        fill_below(c, top, [(top_y - 0.05, pal.shade(rock, 0.2)),
                            (top_y + 0.4, pal.shade(scale_rgb(rock, 0.7), 0.1))],
                   tex_seed=seed + 2, tex_cell=0.06, tex_depth=0.45)
        fill_below(c, top - 0.004, [(top_y - 0.05, pal.shade(grass, 0.15)),
                                    (top_y + 0.3, pal.shade(grass, 0.0))],
                   tex_seed=seed + 3, tex_cell=0.03, tex_depth=0.3, bottom=top + 0.025)

    return paint


def dunes(seed: int, pal: Palette, base_y: float, height: float, sand: RGB, depth: float,
          cell: float = 0.9) -> Painter:
    """Smooth dunes with a lit windward face and a shaded slip face."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        n = noise.fbm_1d(seed, xs, cell, octaves=3, gain=0.35)
        top = base_y - height * n
        mask, r0 = c.height_mask(top)
        if r0 >= c.h:
            return
        img = c.vertical_gradient([(base_y - height, pal.shade(sand, depth)),
                                   (base_y + 0.3, pal.shade(scale_rgb(sand, 0.85),
                                                            max(0.0, depth - 0.4)))], r0)
        slope = np.gradient(top) * c.ppu
        side = 1.0 if pal.sun_xy[0] > (c.x0 + c.w / (2 * c.ppu)) else -1.0
        lit = np.where(-slope * side > 0, 1.08, 0.78).astype(np.float32)
        rows = np.arange(r0, c.h)[:, None]
        fall = np.clip((rows - (top[None, :] - c.y0) * c.ppu) / (c.ppu * 0.15), 0, 1)
        factor = lit[None, :] * (1 - fall) + fall * 0.95
        arr = np.asarray(img, np.float32) * factor[..., None].astype(np.float32)
        c.paint(mask, Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), (0, r0))

    return paint


def mesas(seed: int, pal: Palette, base_y: float, height: float, depth: float,
          rock: RGB = (176, 96, 62)) -> Painter:
    """Flat-topped canyon buttes with horizontal strata."""
    rng = noise.rng_for(seed, "mesas")
    tops = []
    x = -1.5
    while x < 4.5:
        w = float(rng.uniform(0.3, 0.9))
        h = float(rng.uniform(0.4, 1.0)) * height
        tops.append((x, x + w, h))
        x += w + float(rng.uniform(0.1, 0.6))

    def curve(xs: np.ndarray) -> np.ndarray:
        top = np.full_like(xs, base_y + 0.5)
        for a, b, h in tops:
            inside = (xs > a) & (xs < b)
            shoulder = np.minimum(xs - a, b - xs)
            y = base_y - h + np.clip(0.05 - shoulder, 0, None) * 3.0
            top = np.where(inside, np.minimum(top, y), top)
        return np.minimum(top, base_y)

    def paint(c: Canvas) -> None:
        xs = c.xs()
        top = curve(xs) + 0.006 * noise.fbm_1d(seed, xs, 0.05, 3)
        mask, r0 = c.height_mask(top)
        if r0 >= c.h:
            return
        img = c.vertical_gradient([(base_y - height, pal.shade(rock, depth)),
                                   (base_y, pal.shade(scale_rgb(rock, 0.75), depth))], r0)
        ys = c.ys()[r0:].astype(np.float32)
        strata = 0.9 + 0.1 * np.sin(ys * 260.0 + 3.0 * np.sin(ys * 31.0))
        arr = np.asarray(img, np.float32) * strata[:, None, None]
        field = c.texture(seed + 1, 0.04, 3, first_row=r0)
        arr *= (0.85 + 0.15 * field)[..., None]
        c.paint(mask, Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), (0, r0))

    return paint


def winding_band(seed: int, vanish_x: float, horizon: float, near_width: float,
                 bend: float) -> tuple[Curve, Curve]:
    """Left and right edges (world x as a function of world y) of a river or road in perspective."""

    def centre(ys: np.ndarray) -> np.ndarray:
        t = np.clip((ys - horizon) / (1.1 - horizon), 0.0, 1.5)
        wiggle = noise.fbm_1d(seed, t * 3.0, 1.0, 3) - 0.5
        return vanish_x + bend * wiggle * t + bend * 0.6 * t * t

    def half(ys: np.ndarray) -> np.ndarray:
        t = np.clip((ys - horizon) / (1.1 - horizon), 0.0, 1.5)
        return 0.004 + near_width * 0.5 * t

    return (lambda ys: centre(ys) - half(ys)), (lambda ys: centre(ys) + half(ys))


def perspective_band(c: Canvas, left: Curve, right: Curve, horizon: float
                     ) -> tuple[np.ndarray, int]:
    """Coverage of the region between two x(y) edges, below the horizon."""
    r0 = c.row_of(horizon)
    if r0 >= c.h:
        return np.zeros((0, c.w), np.float32), r0
    ys = c.ys()[r0:]
    xs = c.xs()[None, :]
    lx = left(ys)[:, None]
    rx = right(ys)[:, None]
    cover = np.clip((xs - lx) * c.ppu + 0.5, 0, 1) * np.clip((rx - xs) * c.ppu + 0.5, 0, 1)
    return cover.astype(np.float32), r0


def river(seed: int, pal: Palette, horizon: float, vanish_x: float, near_width: float = 1.1,
          water: RGB = (54, 92, 112)) -> Painter:
    """A river winding from the horizon to the foreground, reflecting the sky."""
    left, right = winding_band(seed, vanish_x, horizon, near_width, 0.5)

    def paint(c: Canvas) -> None:
        cover, r0 = perspective_band(c, left, right, horizon)
        if cover.size == 0:
            return
        img = c.vertical_gradient([(horizon, mix(pal.sky_horizon, pal.shade(water, 0.5), 0.3)),
                                   (horizon + 0.3, mix(pal.sky_mid, pal.shade(water, 0.2), 0.5)),
                                   (1.2, pal.shade(water, 0.0))], r0)
        field = _stretched_texture(c, seed + 4, 0.015, r0, 8.0)
        img = c.modulate(img, field, 0.25)
        c.paint(cover, img, (0, r0))

    return paint


def road(seed: int, pal: Palette, horizon: float, vanish_x: float, near_width: float = 1.6,
         asphalt: RGB = (70, 70, 74), wet: bool = False, bend: float = 0.25) -> Painter:
    """A road running to the horizon with a dashed centre line and pale edge lines."""
    left, right = winding_band(seed, vanish_x, horizon, near_width, bend)

    def mid(ys: np.ndarray) -> np.ndarray:
        return (left(ys) + right(ys)) / 2

    def paint(c: Canvas) -> None:
        cover, r0 = perspective_band(c, left, right, horizon)
        if cover.size == 0:
            return
        far = mix(pal.shade(asphalt, 0.8), pal.sky_horizon, 0.35 if wet else 0.1)
        img = c.vertical_gradient([(horizon, far), (1.2, pal.shade(asphalt, 0.0))], r0)
        img = c.modulate(img, c.texture(seed + 7, 0.02, 3, first_row=r0), 0.2)
        c.paint(cover, img, (0, r0))
        ys = c.ys()[r0:]
        xs = c.xs()[None, :]
        t = np.clip((ys - horizon) / (1.1 - horizon), 1e-3, 1.5)
        line_w = (0.002 + 0.012 * t)[:, None]
        centre = mid(ys)[:, None]
        # Dashes evenly spaced in depth: phase by 1/t so they bunch up toward the horizon.
        dash = (np.sin(2.2 / t) > 0.2)[:, None]
        line = np.clip(1 - np.abs(xs - centre) / line_w, 0, 1) * dash * cover
        paint_col = pal.emissive((230, 200, 90)) if pal.is_dark else pal.shade((235, 205, 80))
        c.paint(line.astype(np.float32), paint_col, (0, r0), opacity=0.9)
        for edge in (left, right):
            ex = edge(ys)[:, None]
            inset = (ex + (centre - ex) * 0.06)
            side_line = np.clip(1 - np.abs(xs - inset) / (line_w * 0.7), 0, 1) * cover
            c.paint(side_line.astype(np.float32), pal.shade((220, 220, 220), 0.1), (0, r0),
                    opacity=0.7)

    return paint


def snowfield(seed: int, pal: Palette, top_y: float, wobble: float = 0.03) -> Painter:
    """Snow-covered ground with soft blue hollows and wind-carved drifts."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        top = top_y - wobble * noise.fbm_1d(seed, xs, 0.4, 4)
        snow = (244, 247, 252)
        hollow = (150, 176, 214)
        mask, r0 = c.height_mask(top)
        if r0 >= c.h:
            return
        img = c.vertical_gradient([(top_y - wobble, pal.shade(snow, 0.7)),
                                   (1.2, pal.shade(snow, 0.0))], r0)
        field = _stretched_texture(c, seed + 1, 0.12, r0, 5.0)
        shadow = Image.new("RGB", img.size, pal.shade(hollow, 0.2))
        blend = Image.fromarray((np.clip((0.55 - field) / 0.2, 0, 1) * 150).astype(np.uint8))
        img = Image.composite(shadow, img, blend)
        c.paint(mask, img, (0, r0))

    return paint
