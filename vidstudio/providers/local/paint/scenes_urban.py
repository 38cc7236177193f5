"""Recipes for built places: city street, old town and market, harbour, rooftop skyline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from vidstudio.providers.local.paint import buildings, noise, props, sky, terrain, vehicles, waters
from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix, scale_rgb
from vidstudio.providers.local.paint.look import Look
from vidstudio.providers.local.paint.scenes_nature import open_sky
from vidstudio.providers.local.paint.stage import Grounds, Stage, flat

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.providers.local.paint.palette import Palette
    from vidstudio.providers.local.paint.world import Painter

NEON = [(255, 60, 170), (60, 220, 255), (255, 190, 60), (150, 255, 110), (190, 90, 255)]


def skyline(
    st: Stage,
    base_y: float,
    height: float,
    depth: float,
    salt: str,
    width: tuple[float, float] = (0.05, 0.16),
) -> Painter:
    """A row of tower blocks against the sky; windows lit after dark, aircraft lights on top."""
    pal = st.pal
    rng = noise.rng_for(st.env_seed, salt)
    blocks = []
    x = -1.6
    while x < st.aspect + 1.6:
        w = float(rng.uniform(*width))
        h = height * float(rng.uniform(0.3, 1.0)) ** 1.4
        blocks.append((x, x + w, h, int(rng.integers(0, 1 << 30))))
        x += w * float(rng.uniform(0.75, 1.05))
    body = pal.shade((70, 76, 90), depth)
    alt = pal.shade((96, 100, 112), depth)

    def paint(c: Canvas) -> None:
        a: list[list[tuple[float, float]]] = []
        b: list[list[tuple[float, float]]] = []
        for k, (x0, x1, h, _) in enumerate(blocks):
            shape = [(x0, base_y), (x0, base_y - h), (x1, base_y - h), (x1, base_y)]
            (a if k % 2 else b).append(shape)
        c.polygons(a, body)
        c.polygons(b, alt)
        if pal.windows_lit > 0.3 or pal.is_dark:
            xs, ys, vals = [], [], []
            for x0, x1, h, seed in blocks:
                cols = max(1, int((x1 - x0) / 0.012))
                rows = max(1, int(h / 0.016))
                gx, gy = np.meshgrid(np.arange(cols), np.arange(rows))
                on = noise.hash_grid(seed, gx, gy) < 0.35
                xs.append((x0 + (gx[on] + 0.5) * (x1 - x0) / cols).ravel())
                ys.append((base_y - h + 0.01 + gy[on] * 0.016).ravel())
                vals.append(np.full(int(on.sum()), 0.9, np.float32))
            if xs:
                c.splat(
                    np.concatenate(xs),
                    np.concatenate(ys),
                    np.concatenate(vals),
                    pal.emissive((255, 214, 150), depth),
                )
            tops = [
                ((x0 + x1) / 2, base_y - h - 0.004) for x0, x1, h, _ in blocks if h > height * 0.7
            ]
            for tx, ty in tops:
                c.glow(tx, ty, 0.008, pal.emissive((255, 50, 40), depth), strength=0.9)

    return paint


@dataclass(frozen=True)
class StreetStyle:
    """What the facades of a perspective street look like."""

    walls: tuple[RGB, ...]
    roof_pitch: float  # 0: flat modern tops; > 0: pitched old-town roofs
    height: tuple[float, float]
    neon: bool
    shutters: bool
    awnings: bool


MODERN = StreetStyle(
    ((80, 84, 96), (110, 100, 96), (70, 80, 100), (120, 116, 110)),
    0.0,
    (0.5, 1.3),
    True,
    False,
    False,
)
OLD_TOWN = StreetStyle(
    ((214, 190, 150), (200, 160, 120), (226, 210, 176), (190, 140, 110), (210, 180, 120)),
    0.12,
    (0.35, 0.6),
    False,
    True,
    True,
)


def street(st: Stage, style: StreetStyle, vanish_x: float) -> Painter:
    """Facades on both sides of a street receding to a vanishing point on the horizon.

    Buildings are laid out along a depth parameter ``t`` (0 at the vanishing point, 1 at the
    frame's edge); everything scales with ``t``, which gives one-point perspective.
    """
    pal = st.pal
    hz = st.horizon
    spread = st.aspect * 0.62
    rng = noise.rng_for(st.env_seed, "street", style.roof_pitch)
    lots: list[tuple[float, float, float, float, RGB, int]] = []
    for side in (-1.0, 1.0):
        t = 0.08
        while t < 2.2:
            dt = float(rng.uniform(0.1, 0.22)) * t**0.5 + 0.03
            h = float(rng.uniform(*style.height))
            wall = style.walls[int(rng.integers(0, len(style.walls)))]
            lots.append((side, t, t + dt, h, wall, int(rng.integers(0, 1 << 30))))
            t += dt

    def px(side: float, t: float) -> float:
        return vanish_x + side * t * spread

    def base(t: float) -> float:
        return hz + t * 0.42

    def roof(t: float, h: float) -> float:
        return hz - t * h

    def paint(c: Canvas) -> None:
        # Street and pavements first.
        road_col = pal.shade((64, 64, 70) if style.neon else (150, 134, 110), 0.1)
        far_road = mix(road_col, pal.haze, 0.6)
        c.polygon(
            [
                (vanish_x - 0.01, hz),
                (vanish_x + 0.01, hz),
                (px(1, 2.4), base(2.4)),
                (px(-1, 2.4), base(2.4)),
            ],
            c.vertical_gradient([(hz, far_road), (1.2, road_col)]),
        )
        fills: dict[RGB, list[list[tuple[float, float]]]] = defaultdict(list)
        windows: dict[RGB, list[list[tuple[float, float]]]] = defaultdict(list)
        glows: list[tuple[float, float, float, RGB]] = []
        for side, t0, t1, h, wall, seed in sorted(lots, key=lambda lot: -lot[2]):
            depth = max(0.0, 0.7 - t0 * 0.6)
            wall_col = pal.shade(
                wall, depth, 0.95 if side * (pal.sun_xy[0] - vanish_x) > 0 else 0.75
            )
            top0, top1 = roof(t0, h), roof(t1, h)
            face = [
                (px(side, t0), base(t0)),
                (px(side, t0), top0),
                (px(side, t1), top1),
                (px(side, t1), base(t1)),
            ]
            fills[wall_col].append(face)
            if style.roof_pitch:
                peak = [
                    (px(side, t0), top0),
                    (
                        px(side, (t0 + t1) / 2),
                        roof((t0 + t1) / 2, h) - style.roof_pitch * (t1 - t0),
                    ),
                    (px(side, t1), top1),
                ]
                fills[pal.shade((150, 70, 50), depth)].append(peak)
            _facade_windows(
                style, pal, side, t0, t1, h, seed, depth, px, base, roof, windows, fills
            )
            if style.awnings and noise.hash_grid(seed, np.array([7]), np.array([7]))[0] < 0.6:
                aw = [
                    (px(side, t0 + 0.01), base(t0) - (base(t0) - roof(t0, h)) * 0.28),
                    (px(side, t1 - 0.01), base(t1) - (base(t1) - roof(t1, h)) * 0.28),
                    (px(side * 0.8, t1 - 0.01), base(t1) - (base(t1) - roof(t1, h)) * 0.2),
                    (px(side * 0.8, t0 + 0.01), base(t0) - (base(t0) - roof(t0, h)) * 0.2),
                ]
                fills[
                    pal.shade([(190, 50, 40), (40, 110, 150), (220, 160, 40)][seed % 3], depth)
                ].append(aw)
            if style.neon and noise.hash_grid(seed, np.array([3]), np.array([3]))[0] < 0.55:
                hue = NEON[seed % len(NEON)]
                tm = (t0 + t1) / 2
                sy = base(tm) - (base(tm) - roof(tm, h)) * 0.3
                sh = 0.3 * tm + 0.01
                # A blade sign standing out from the wall over the pavement.
                sign = [
                    (px(side, tm), sy - sh),
                    (px(side * 0.92, tm), sy - sh * 0.97),
                    (px(side * 0.92, tm), sy - sh * 0.03),
                    (px(side, tm), sy),
                ]
                on = pal.windows_lit >= 0.5 or pal.is_dark
                colour = pal.emissive(hue, depth) if on else pal.shade(scale_rgb(hue, 0.6), depth)
                windows[colour].append(sign)
                if on:
                    glows.append((px(side * 0.96, tm), sy - sh / 2, sh * 0.9, pal.emissive(hue)))
                    # Its reflection on the street below.
                    glows.append(
                        (px(side * 0.9, tm), base(tm) + 0.04 * tm, sh * 0.6, pal.emissive(hue))
                    )
        for colour, shapes in fills.items():
            c.polygons(shapes, colour)
        for colour, shapes in windows.items():
            c.polygons(shapes, colour)
        for gx, gy, r, colour in glows:
            c.glow(gx, gy, r, colour, strength=0.4)

    return paint


def _facade_windows(
    style: StreetStyle,
    pal: Palette,
    side: float,
    t0: float,
    t1: float,
    h: float,
    seed: int,
    depth: float,
    px: Callable[[float, float], float],
    base: Callable[[float], float],
    roof: Callable[[float, float], float],
    windows: dict[RGB, list[list[tuple[float, float]]]],
    fills: dict[RGB, list[list[tuple[float, float]]]],
) -> None:
    """Rows of windows on one facade, some lit after dark; a lit shopfront at street level."""
    cols = max(1, round((t1 - t0) / (0.032 if style.neon else 0.05)))
    floors = max(2, round(h / (0.05 if style.neon else 0.12)))
    gi, gj = np.meshgrid(np.arange(cols), np.arange(1, floors))
    lit = noise.hash_grid(seed, gi, gj)
    dark_glass = mix(pal.shade((46, 52, 64), depth), pal.sky_mid, 0.25)
    warm = pal.emissive((255, 204, 128), depth)
    cool = pal.emissive((176, 214, 255), depth)
    lights_on = pal.windows_lit >= 0.5
    for i, j, v in zip(gi.ravel().tolist(), gj.ravel().tolist(), lit.ravel().tolist(), strict=True):
        ta = t0 + (t1 - t0) * (i + 0.22) / cols
        tb = t0 + (t1 - t0) * (i + 0.78) / cols
        fa, fb = (j + 0.28) / floors, (j + 0.78) / floors
        quad = [
            (px(side, ta), base(ta) + (roof(ta, h) - base(ta)) * fb),
            (px(side, tb), base(tb) + (roof(tb, h) - base(tb)) * fb),
            (px(side, tb), base(tb) + (roof(tb, h) - base(tb)) * fa),
            (px(side, ta), base(ta) + (roof(ta, h) - base(ta)) * fa),
        ]
        colour = (warm if v < 0.3 else cool) if lights_on and v < 0.38 else dark_glass
        windows[colour].append(quad)
        if style.shutters and v > 0.55:
            sw = (tb - ta) * 0.4
            shutter = [
                (px(side, ta - sw), quad[3][1]),
                (px(side, ta), quad[3][1]),
                (px(side, ta), quad[0][1]),
                (px(side, ta - sw), quad[0][1]),
            ]
            fills[pal.shade((60, 110, 120) if seed % 2 else (110, 70, 50), depth)].append(shutter)
    # The ground floor: a shop window, lit in the evening.
    ta, tb = t0 + (t1 - t0) * 0.12, t0 + (t1 - t0) * 0.88
    fa, fb = 0.02, 0.75 / floors
    shop = [
        (px(side, ta), base(ta) + (roof(ta, h) - base(ta)) * fb),
        (px(side, tb), base(tb) + (roof(tb, h) - base(tb)) * fb),
        (px(side, tb), base(tb) + (roof(tb, h) - base(tb)) * fa),
        (px(side, ta), base(ta) + (roof(ta, h) - base(ta)) * fa),
    ]
    on = lights_on or pal.is_dark
    windows[pal.emissive((255, 226, 170), depth) if on and seed % 3 else dark_glass].append(shop)


def _wet_street(st: Stage) -> Painter:
    """A sheen of reflected sky light on a wet street."""
    pal = st.pal

    def paint(c: Canvas) -> None:
        r0 = c.row_of(st.horizon)
        if r0 >= c.h:
            return
        rows = c.h - r0
        rect = (c.x0 / 5.0, st.horizon, (c.x0 + c.w / c.ppu) / 5.0, c.y0 + c.h / c.ppu)
        small = (max(2, c.w // 3), max(2, rows // 3))
        field = noise.fbm(st.seed("puddles"), rect, small, 0.03, 3)
        field = np.asarray(Image.fromarray(field).resize((c.w, rows), Image.Resampling.BILINEAR))
        sheen = np.clip((field - 0.52) / 0.15, 0, 1) * 0.22
        c.paint(sheen.astype(np.float32), mix(pal.sky_horizon, (255, 255, 255), 0.2), (0, r0))

    return paint


def city(st: Stage) -> Grounds:
    """A city street at street level: towers, neon signs, wet asphalt, lamps."""
    hz = st.horizon
    pal = st.pal
    st.add("sky", sky.gradient(pal, hz))
    if pal.stars and pal.precipitation == "":
        st.add("sky", sky.stars(st.seed("stars"), hz, st.aspect, density=120))
    st.add("clouds", sky.clouds(st.seed("clouds"), pal, hz, stretch=4.0))
    st.world.layer("clouds").drift = 0.006 + 0.02 * pal.wind
    vanish = st.aspect / 2 + st.side * st.aspect * 0.08
    st.add("far", skyline(st, hz + 0.01, 0.55, 0.75, "skyline", (0.04, 0.1)))
    st.add("mid", street(st, MODERN, vanish))
    if pal.precipitation == "rain" or pal.is_dark:
        st.add("mid", _wet_street(st))
    lamp_look = st.look(0.0, 1.0)
    st.add("near", _lamp_row(st, lamp_look, vanish))
    return Grounds(
        mid_y=flat(hz + 0.16),
        mid_person=0.09,
        near_y=flat(0.98),
        near_person=0.4,
        mid_span=(vanish - 0.35, vanish + 0.35),
        sky_y=0.2,
        depth_mid=0.25,
    )


def _lamp_row(st: Stage, look: Look, vanish: float) -> Painter:
    side = -st.side

    def paint(c: Canvas) -> None:
        x = vanish + side * st.aspect * 0.55
        props.street_lamp(c, x, 1.02, 0.85, Look(look.pal, 0.0, -side, look.seed))

    return paint


def oldtown(st: Stage) -> Grounds:
    """An old town street or market square: warm stone, shutters, awnings, stalls, people."""
    hz = st.horizon
    open_sky(st)
    vanish = st.aspect / 2 + st.side * st.aspect * 0.06
    st.add("far", _domes(st, vanish))
    st.add("mid", street(st, OLD_TOWN, vanish))
    market = st.has("market", "bazaar", "souk", "stall", "stalls", "square", "plaza", "piazza")
    if market or "stall" in st.place_kinds:
        for k, t in enumerate((0.35, 0.55)):
            side = -1.0 if k % 2 == 0 else 1.0
            x = vanish + side * t * st.aspect * 0.62 * 0.7
            st.add("mid", _stall_at(st, x, hz + t * 0.42 * 0.95, 0.16 * t / 0.35 * 0.6, k))
    return Grounds(
        mid_y=flat(hz + 0.17),
        mid_person=0.09,
        near_y=flat(0.98),
        near_person=0.4,
        mid_span=(vanish - 0.3, vanish + 0.3),
        sky_y=0.2,
        depth_mid=0.25,
        default_hero="crowd" if market else None,
    )


def _stall_at(st: Stage, x: float, y: float, h: float, k: int) -> Painter:
    look = st.look(0.25, 1.0, salt=k * 13)

    def paint(c: Canvas) -> None:
        buildings.stall(c, x, y, h, look)

    return paint


def _domes(st: Stage, vanish: float) -> Painter:
    """A dome and a minaret (or a bell tower) rising beyond the end of the street."""
    pal = st.pal

    def paint(c: Canvas) -> None:
        look = Look(pal, 0.6, 1.0, st.env_seed % 97)
        x = vanish - 0.04
        stone = look.body((220, 200, 170))
        dome = look.body((110, 150, 160))
        lit = 1.0 if pal.sun_xy[0] > x else -1.0
        c.ellipse(x, st.horizon - 0.16, 0.1, 0.11, dome)
        c.ellipse(
            x + lit * 0.035,
            st.horizon - 0.2,
            0.05,
            0.06,
            look.body((190, 220, 220), 1.1),
            opacity=0.45,
        )
        c.polygon(
            [
                (x - 0.005, st.horizon - 0.27),
                (x + 0.005, st.horizon - 0.27),
                (x + 0.003, st.horizon - 0.32),
                (x - 0.003, st.horizon - 0.32),
            ],
            dome,
        )
        c.rect_fill(x - 0.13, st.horizon - 0.17, x + 0.13, st.horizon + 0.01, stone)
        c.rect_fill(
            x - 0.13, st.horizon - 0.17, x + 0.13, st.horizon - 0.155, look.body((240, 226, 200))
        )
        buildings.tower(c, x + 0.2, st.horizon + 0.01, 0.4, look)

    return paint


def harbour(st: Stage) -> Grounds:
    """A quay lined with houses and warehouses, boats moored on the water below."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    st.add("far", terrain.hills(st.seed("far-shore"), pal, hz + 0.003, 0.06, (90, 104, 96), 0.85))
    st.add("far", skyline(st, hz + 0.004, 0.06, 0.85, "far-town", (0.02, 0.05)))
    st.add("mid", waters.sea(st.seed("water"), pal, hz, water=(44, 80, 96), rough=0.3))
    quay_top = hz + 0.12
    st.add("mid", _quay(st, quay_top))
    st.add("mid", _crane_at(st, quay_top))
    water_y = quay_top + 0.09
    st.add("near", _moored(st, water_y + 0.14))
    return Grounds(
        mid_y=flat(quay_top),
        mid_person=0.06,
        near_y=flat(0.99),
        near_person=0.36,
        water_y=water_y + 0.05,
        sky_y=0.2,
        depth_mid=0.25,
        default_hero="boat",
        open_between=True,
    )


def _quay(st: Stage, top: float) -> Painter:
    pal = st.pal
    rng = noise.rng_for(st.env_seed, "quay-houses")
    houses = []
    x = -1.4
    while x < st.aspect + 1.4:
        w = float(rng.uniform(0.1, 0.22))
        houses.append((x, w, float(rng.uniform(0.1, 0.22)), int(rng.integers(0, 1000))))
        x += w + float(rng.uniform(0.0, 0.03))

    def paint(c: Canvas) -> None:
        wall = pal.shade((150, 140, 124), 0.3)
        c.rect_fill(-2.0, top, st.aspect + 2.0, top + 0.06, wall)
        c.rect_fill(-2.0, top, st.aspect + 2.0, top + 0.006, pal.shade((180, 170, 150), 0.3))
        c.rect_fill(-2.0, top + 0.05, st.aspect + 2.0, top + 0.06, pal.shade((50, 60, 56), 0.3))
        for hx, w, h, seed in houses:
            look = Look(pal, 0.4, 1.0, seed)
            if c.visible((hx, top - h * 1.5, hx + w, top)):
                buildings.house(c, hx + w / 2, top, h, look)

    return paint


def _crane_at(st: Stage, top: float) -> Painter:
    x = st.aspect / 2 - st.side * st.aspect * 0.4
    look = st.look(0.45, 1.0)

    def paint(c: Canvas) -> None:
        buildings.crane(c, x, top, 0.35, look)

    return paint


def _moored(st: Stage, y: float) -> Painter:
    """A boat moored in the foreground and a pair of bollards on the near quay edge."""
    x = st.aspect / 2 - st.side * st.aspect * 0.38
    look = st.look(0.0, st.side)

    def paint(c: Canvas) -> None:
        vehicles.boat(c, x, y, 0.2, look)

    return paint


def rooftop(st: Stage) -> Grounds:
    """On a roof above the city: parapet and water tower near, roofs and skyline beyond."""
    hz = st.horizon + 0.08
    pal = st.pal
    st.add("sky", sky.gradient(pal, hz))
    if pal.stars:
        st.add("sky", sky.stars(st.seed("stars"), hz, st.aspect, density=250))
    st.add("sky", sky.sun(pal))
    st.add("clouds", sky.clouds(st.seed("clouds"), pal, hz, stretch=4.0))
    st.world.layer("clouds").drift = 0.006 + 0.02 * pal.wind
    st.add("far", skyline(st, hz + 0.02, 0.35, 0.7, "skyline-far", (0.03, 0.08)))
    st.add("mid", skyline(st, hz + 0.2, 0.3, 0.35, "skyline-mid", (0.08, 0.2)))
    parapet = 0.82
    # The roof is painted before the people and things that stand on it (the mid layer), in
    # front of the parapet's coping; the water tower stands nearer.
    st.add("mid", _parapet(st, parapet, floor=True))
    st.add("near", _parapet(st, parapet, floor=False))
    return Grounds(
        mid_y=flat(parapet + 0.05),
        mid_person=0.3,
        near_y=flat(parapet + 0.12),
        near_person=0.38,
        sky_y=0.2,
        depth_mid=0.0,
    )


def _parapet(st: Stage, y: float, floor: bool) -> Painter:
    pal = st.pal
    tower_x = st.aspect / 2 - st.side * st.aspect * 0.38

    def paint(c: Canvas) -> None:
        if floor:
            roof = pal.shade((96, 90, 86), 0.0)
            c.rect_fill(-2.0, y, st.aspect + 2.0, 2.0,
                        c.vertical_gradient([(y, roof), (1.2, scale_rgb(roof, 0.6))]))
            c.rect_fill(-2.0, y - 0.04, st.aspect + 2.0, y + 0.01,
                        pal.shade((150, 120, 100), 0.0))
            c.rect_fill(-2.0, y - 0.05, st.aspect + 2.0, y - 0.04,
                        pal.shade((180, 170, 160), 0.0))
            return
        tank = pal.shade((120, 84, 60), 0.0)
        c.rect_fill(tower_x - 0.1, y - 0.55, tower_x + 0.1, y - 0.3, tank)
        c.polygon(
            [(tower_x - 0.11, y - 0.55), (tower_x + 0.11, y - 0.55), (tower_x, y - 0.64)],
            scale_rgb(tank, 0.7),
        )
        c.lines(
            [
                [(tower_x - 0.08, y - 0.3), (tower_x - 0.1, y)],
                [(tower_x + 0.08, y - 0.3), (tower_x + 0.1, y)],
            ],
            0.012,
            pal.shade((50, 50, 50), 0.0),
        )
        c.lines(
            [
                [(tower_x + 0.4, y - 0.04), (tower_x + 0.4, y - 0.3)],
                [(tower_x + 0.35, y - 0.25), (tower_x + 0.45, y - 0.25)],
            ],
            0.006,
            pal.shade((70, 70, 74), 0.0),
        )

    return paint
