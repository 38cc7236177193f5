"""Land and water: ridges, hills, ground planes, sea, shore, dunes, canyons, ice, rivers, roads.

Each function returns a painter. Shapes are height fields (a world-y curve per column) filled
with a vertical colour gradient and a world-anchored texture, so any canvas paints the same land.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from vidstudio.providers.local.paint import noise
from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix, scale_rgb

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.palette import Palette
    from vidstudio.providers.local.paint.world import Painter

Curve = Callable[[np.ndarray], np.ndarray]


def fill_below(
    c: Canvas,
    top: np.ndarray,
    stops: Sequence[tuple[float, RGB]],
    *,
    tex_seed: int = 0,
    tex_cell: float = 0.08,
    tex_depth: float = 0.0,
    tex_stretch: float = 1.0,
    bottom: np.ndarray | None = None,
) -> None:
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
            field = stretched_texture(c, tex_seed, tex_cell, r0, tex_stretch)
        else:
            field = c.texture(tex_seed, tex_cell, 3, first_row=r0)
        img = c.modulate(img, field, tex_depth)
    c.paint(mask, img, (0, r0))


def stretched_texture(c: Canvas, seed: int, cell: float, r0: int, stretch: float) -> np.ndarray:
    rows = c.h - r0
    y_top = c.y0 + r0 / c.ppu
    rect = (c.x0 / stretch, y_top, (c.x0 + c.w / c.ppu) / stretch, c.y0 + c.h / c.ppu)
    small = (max(2, c.w // 2), max(2, rows // 2))
    field = noise.fbm(seed, rect, small, cell, 4)
    return np.asarray(Image.fromarray(field).resize((c.w, rows), Image.Resampling.BILINEAR))


def ridge_curve(
    seed: int, base_y: float, height: float, cell: float = 0.7, sharp: float = 1.0
) -> Curve:
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


def mountains(
    seed: int,
    pal: Palette,
    base_y: float,
    height: float,
    depth: float,
    rock: RGB = (120, 112, 108),
    snow: bool = True,
    cell: float = 0.7,
    sharp: float = 1.0,
) -> Painter:
    """A mountain range: faceted rock lit from the sun's side, snow on the upper slopes,
    fading into haze toward its foot."""
    curve = ridge_curve(seed, base_y, height, cell, sharp)

    def paint(c: Canvas) -> None:
        xs = c.xs()
        top = curve(xs)
        peak = float(base_y - height)
        mask, r0 = c.height_mask(top)
        if r0 >= c.h:
            return
        rows = c.h - r0
        pal.shade(rock, depth)
        img = c.vertical_gradient(
            [
                (peak, pal.shade(mix(rock, (250, 250, 255), 0.2), depth)),
                (base_y, pal.shade(scale_rgb(rock, 0.8), min(1.0, depth + 0.3))),
            ],
            r0,
        )
        # Facets: the sideways slope of a 2-D height field lights one side of each ridge.
        red = 2
        small = (max(2, c.w // red), max(2, rows // red))
        y_top = c.y0 + r0 / c.ppu
        rect = (c.x0, y_top, c.x0 + c.w / c.ppu, c.y0 + c.h / c.ppu)
        # Squashed vertically, the field runs in gullies down the slopes, like erosion does.
        tall = (rect[0], rect[1] * 0.3, rect[2], rect[3] * 0.3)
        field = noise.fbm(seed + 11, tall, small, 0.07, 4, 0.5, min_cell_px=4.0)
        slope = np.gradient(field, axis=1) * (small[0] / max(1e-6, rect[2] - rect[0])) * 0.05
        side = 1.0 if pal.sun_xy[0] > (c.x0 + c.w / (2 * c.ppu)) else -1.0
        light = np.clip(0.5 + side * slope * 4.0, 0.0, 1.0)
        ys = np.linspace(y_top, rect[3], small[1], dtype=np.float32)[:, None]
        top_small = np.interp(np.linspace(rect[0], rect[2], small[0]), xs, top)[None, :]
        below = np.clip((ys - top_small) / max(1e-6, height), 0.0, 1.0)
        shade = 0.72 + 0.5 * light * (1.0 - 0.6 * below)
        arr = (
            np.asarray(img.resize(small, Image.Resampling.BILINEAR), np.float32) * shade[..., None]
        )
        if snow:
            # Snow clings near the summits and on gentle facets; thins out lower down.
            cover = np.clip((0.55 - below * 1.6 + (field - 0.5) * 0.9) / 0.12, 0.0, 1.0)
            white = np.array(pal.shade((246, 248, 255), depth), np.float32)
            arr += (white * (0.8 + 0.3 * light[..., None]) - arr) * cover[..., None]
        haze = np.array(pal.haze, np.float32)
        arr += (haze - arr) * (below[..., None] ** 1.5 * 0.35 * pal.haze_amount)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).resize(
            (c.w, rows), Image.Resampling.BILINEAR
        )
        c.paint(mask, img, (0, r0))

    return paint


def hills(
    seed: int,
    pal: Palette,
    base_y: float,
    height: float,
    colour: RGB,
    depth: float,
    cell: float = 1.1,
    texture: float = 0.25,
) -> Painter:
    curve = hill_curve(seed, base_y, height, cell)

    def paint(c: Canvas) -> None:
        top = curve(c.xs())
        fill_below(
            c,
            top,
            [
                (base_y - height, pal.shade(colour, depth)),
                (base_y + 0.3, pal.shade(scale_rgb(colour, 0.8), max(0.0, depth - 0.3))),
            ],
            tex_seed=seed + 1,
            tex_cell=0.06,
            tex_depth=texture,
        )

    return paint


def ground(
    seed: int,
    pal: Palette,
    top_y: float,
    near: RGB,
    far: RGB,
    *,
    depth_far: float = 0.8,
    texture: float = 0.3,
    wobble: float = 0.0,
    stretch: float = 4.0,
) -> Painter:
    """A ground plane from ``top_y`` down: hazy at the far edge, rich and textured near."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        top = np.full_like(xs, top_y)
        if wobble:
            top = top - wobble * noise.fbm_1d(seed + 3, xs, 0.6, octaves=4)
        fill_below(
            c,
            top,
            [
                (top_y - wobble, pal.shade(far, depth_far)),
                (top_y + 0.12, pal.shade(mix(far, near, 0.6), depth_far * 0.4)),
                (1.3, pal.shade(near, 0.0)),
                (1.7, pal.shade(scale_rgb(near, 0.8))),
            ],
            tex_seed=seed,
            tex_cell=0.1,
            tex_depth=texture,
            tex_stretch=stretch,
        )

    return paint


def dunes(
    seed: int,
    pal: Palette,
    base_y: float,
    height: float,
    sand: RGB,
    depth: float,
    cell: float = 0.9,
) -> Painter:
    """Smooth dunes with a lit windward face and a shaded slip face."""

    def paint(c: Canvas) -> None:
        xs = c.xs()
        n = noise.fbm_1d(seed, xs, cell, octaves=4, gain=0.4)
        top = base_y - height * n
        mask, r0 = c.height_mask(top)
        if r0 >= c.h:
            return
        img = c.vertical_gradient(
            [
                (base_y - height, pal.shade(sand, depth)),
                (base_y + 0.3, pal.shade(scale_rgb(sand, 0.85), max(0.0, depth - 0.4))),
            ],
            r0,
        )
        # Light by the slope, smoothed over a few hundredths of a unit so faces shade softly.
        slope = np.gradient(top) * c.ppu
        k = max(1, int(c.ppu * 0.03))
        slope = np.convolve(slope, np.ones(k) / k, mode="same")
        side = 1.0 if pal.sun_xy[0] > (c.x0 + c.w / (2 * c.ppu)) else -1.0
        lit = (0.93 + 0.2 * np.tanh(-slope * side * 4.0)).astype(np.float32)
        rows = np.arange(r0, c.h)[:, None]
        fall = np.clip((rows - (top[None, :] - c.y0) * c.ppu) / (c.ppu * height * 1.5), 0, 1)
        factor = lit[None, :] * (1 - fall) + fall * 0.95
        arr = np.asarray(img, np.float32) * factor[..., None].astype(np.float32)
        c.paint(mask, Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), (0, r0))

    return paint


def mesas(
    seed: int, pal: Palette, base_y: float, height: float, depth: float, rock: RGB = (176, 96, 62)
) -> Painter:
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
        out: np.ndarray = np.minimum(top, base_y)
        return out

    def paint(c: Canvas) -> None:
        xs = c.xs()
        top = curve(xs) + 0.006 * noise.fbm_1d(seed, xs, 0.05, 3)
        mask, r0 = c.height_mask(top)
        if r0 >= c.h:
            return
        img = c.vertical_gradient(
            [
                (base_y - height, pal.shade(rock, depth)),
                (base_y, pal.shade(scale_rgb(rock, 0.75), depth)),
            ],
            r0,
        )
        ys = c.ys()[r0:].astype(np.float32)
        strata = 0.9 + 0.1 * np.sin(ys * 260.0 + 3.0 * np.sin(ys * 31.0))
        arr = np.asarray(img, np.float32) * strata[:, None, None]
        field = c.texture(seed + 1, 0.04, 3, first_row=r0)
        arr *= (0.85 + 0.15 * field)[..., None]
        c.paint(mask, Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), (0, r0))

    return paint


def canyon_walls(
    seed: int,
    pal: Palette,
    horizon: float,
    vanish_x: float,
    depth: float,
    rock: RGB = (178, 98, 62),
) -> Painter:
    """Canyon walls rising on both sides of a valley that runs to ``vanish_x``.

    The rim climbs with the distance from the valley's axis (a V in perspective); strata run
    across the walls and the wall facing the sun is lit, the other in shade.
    """

    def paint(c: Canvas) -> None:
        xs = c.xs()
        d = np.abs(xs - vanish_x)
        rim = noise.fbm_1d(seed, xs, 0.25, 5)
        rise = np.clip(d - 0.05, 0.0, None)
        top = horizon - (0.06 + 0.75 * rise**1.15) * (0.85 + 0.3 * rim)
        # The foot of each wall runs down toward the viewer: the valley floor widens.
        foot = horizon + 0.008 + np.clip(d - 0.09, 0.0, None) * 0.55
        mask, r0 = c.band_mask(top, foot)
        if r0 >= c.h or not mask.size:
            return
        img = c.vertical_gradient(
            [
                (horizon - 0.9, pal.shade(mix(rock, (240, 200, 160), 0.25), depth * 0.6)),
                (horizon + 0.3, pal.shade(scale_rgb(rock, 0.65), depth)),
            ],
            r0,
        )
        arr = np.asarray(img, np.float32)
        ys = c.ys()[r0:].astype(np.float32)
        wobble = (noise.fbm_1d(seed + 1, xs, 0.3, 3) * 0.03).astype(np.float32)
        phase = (ys[:, None] + wobble[None, :]) * 90.0
        strata = 0.9 + 0.1 * np.sin(phase + 2.0 * np.sin(phase * 0.23 + seed % 7))
        arr *= strata[..., None]
        sun_right = pal.sun_xy[0] > vanish_x
        lit_cols = np.where((xs < vanish_x) == sun_right, 1.12, 0.72).astype(np.float32)
        arr *= lit_cols[None, :, None]
        field = c.texture(seed + 3, 0.05, 3, first_row=r0)
        arr *= (0.85 + 0.15 * field)[..., None]
        c.paint(mask, Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), (0, r0))

    return paint


def winding_band(
    seed: int, vanish_x: float, horizon: float, near_width: float, bend: float
) -> tuple[Curve, Curve]:
    """Left and right edges (world x as a function of world y) of a river or road in perspective."""

    def centre(ys: np.ndarray) -> np.ndarray:
        t = np.clip((ys - horizon) / (1.1 - horizon), 0.0, 1.5)
        wiggle = noise.fbm_1d(seed, t * 3.0, 1.0, 3) - 0.5
        return vanish_x + bend * wiggle * t + bend * 0.6 * t * t

    def half(ys: np.ndarray) -> np.ndarray:
        t = np.clip((ys - horizon) / (1.1 - horizon), 0.0, 1.5)
        return 0.004 + near_width * 0.5 * t

    return (lambda ys: centre(ys) - half(ys)), (lambda ys: centre(ys) + half(ys))


def perspective_band(
    c: Canvas, left: Curve, right: Curve, horizon: float
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


def road(
    seed: int,
    pal: Palette,
    horizon: float,
    vanish_x: float,
    near_width: float = 1.6,
    asphalt: RGB = (70, 70, 74),
    wet: bool = False,
    bend: float = 0.25,
) -> Painter:
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
            inset = ex + (centre - ex) * 0.06
            side_line = np.clip(1 - np.abs(xs - inset) / (line_w * 0.7), 0, 1) * cover
            c.paint(
                side_line.astype(np.float32), pal.shade((220, 220, 220), 0.1), (0, r0), opacity=0.7
            )

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
        img = c.vertical_gradient(
            [(top_y - wobble, pal.shade(snow, 0.7)), (1.2, pal.shade(snow, 0.0))], r0
        )
        field = stretched_texture(c, seed + 1, 0.12, r0, 5.0)
        shadow = Image.new("RGB", img.size, pal.shade(hollow, 0.2))
        blend = Image.fromarray((np.clip((0.55 - field) / 0.2, 0, 1) * 150).astype(np.uint8))
        img = Image.composite(shadow, img, blend)
        c.paint(mask, img, (0, r0))

    return paint
