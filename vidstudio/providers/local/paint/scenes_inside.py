"""Recipes for enclosed places: a room (home, bakery, cafe), a workshop or factory hall, orbit."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from vidstudio.providers.local.paint import props, sky
from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix, scale_rgb
from vidstudio.providers.local.paint.look import Look
from vidstudio.providers.local.paint.stage import Grounds, Stage, flat

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.palette import Palette
    from vidstudio.providers.local.paint.world import Painter


def indoor_palette(outdoor: Palette, industrial: bool) -> Palette:
    """Light inside: daylight through windows by day, warm lamps after dark."""
    if outdoor.is_dark or outdoor.time.value == "dusk":
        light: RGB = (255, 176, 110) if not industrial else (255, 210, 160)
        ambient = 0.62
    else:
        light = mix(outdoor.light, (255, 226, 190), 0.4)
        ambient = max(0.75, outdoor.ambient * 0.85)
    return replace(
        outdoor,
        light=light,
        ambient=ambient,
        haze=scale_rgb(light, 0.35),
        haze_amount=0.25,
        windows_lit=1.0 if outdoor.is_dark else outdoor.windows_lit,
        saturation=1.0,
    )


def _window_view(
    c: Canvas,
    outdoor: Palette,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    panes: tuple[int, int],
    frame: RGB,
    bar: float,
) -> None:
    """A window in the back wall showing the outside sky and a distant horizon."""
    sky_img = c.vertical_gradient([(y0, outdoor.sky_mid), (y1, outdoor.sky_horizon)])
    c.rect_fill(x0, y0, x1, y1, sky_img)
    hz = y0 + (y1 - y0) * 0.78
    c.polygon(
        [
            (x0, hz),
            (x0 + (x1 - x0) * 0.3, hz - (y1 - y0) * 0.06),
            (x1, hz - (y1 - y0) * 0.02),
            (x1, y1),
            (x0, y1),
        ],
        mix(outdoor.haze, (60, 70, 60), 0.4),
    )
    if outdoor.stars:
        xs = np.linspace(x0, x1, 9)[1:-1]
        c.splat(xs, y0 + (y1 - y0) * (0.2 + 0.3 * np.abs(np.sin(xs * 37))), 0.9, (230, 230, 255))
    bars = [
        [(x0 + (x1 - x0) * k / panes[0], y0), (x0 + (x1 - x0) * k / panes[0], y1)]
        for k in range(1, panes[0])
    ]
    bars += [
        [(x0, y0 + (y1 - y0) * k / panes[1]), (x1, y0 + (y1 - y0) * k / panes[1])]
        for k in range(1, panes[1])
    ]
    c.lines(bars, bar, frame)
    c.lines([[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]], bar * 2, frame)


def room(st: Stage, industrial: bool = False) -> Grounds:
    """A room seen toward its back wall: windows, floorboards, light falling in, furniture."""
    outdoor = st.pal
    pal = indoor_palette(outdoor, industrial)
    st.pal = pal
    floor_y = 0.68
    wall = (196, 170, 136) if not industrial else (150, 84, 64)
    windows = []
    count = 2 if industrial else 1 + int(st.place_rng.integers(0, 2))
    for k in range(count):
        cx = (
            st.aspect / 2
            + (k - (count - 1) / 2) * (0.75 if industrial else 0.6)
            - st.side * 0.12 * (count == 1)
        )
        w = 0.34 if industrial else 0.26
        top = 0.08 if industrial else 0.2
        windows.append((cx - w / 2, top, cx + w / 2, floor_y - (0.1 if industrial else 0.22)))

    def back_wall(c: Canvas) -> None:
        base = c.vertical_gradient(
            [
                (-0.7, pal.shade(scale_rgb(wall, 0.55))),
                (0.3, pal.shade(wall)),
                (floor_y + 0.05, pal.shade(scale_rgb(wall, 0.8))),
            ]
        )
        c.rect_fill(-3, -1, 6, floor_y + 0.06, base)
        if industrial:
            rows = [[(-3.0, y), (6.0, y)] for y in np.arange(-0.7, floor_y, 0.025)]
            c.lines(rows, 0.002, pal.shade(scale_rgb(wall, 0.6)), opacity=0.5)
        else:
            c.rect_fill(
                -3, floor_y - 0.12, 6, floor_y + 0.06, pal.shade((120, 90, 64)), opacity=0.9
            )
            c.rect_fill(-3, floor_y - 0.125, 6, floor_y - 0.115, pal.shade((90, 66, 48)))
        for x0, y0, x1, y1 in windows:
            _window_view(
                c,
                outdoor,
                x0,
                y0,
                x1,
                y1,
                (4, 3) if industrial else (2, 2),
                pal.shade((70, 60, 50) if not industrial else (40, 44, 48)),
                0.008,
            )
            if not outdoor.is_dark:
                c.glow(
                    (x0 + x1) / 2,
                    (y0 + y1) / 2,
                    (x1 - x0) * 1.4,
                    pal.emissive(outdoor.sun),
                    strength=0.25,
                )

    st.add("sky", lambda c: c.img.paste((*pal.shade(wall), 255), (0, 0, c.w, c.h)))
    st.add("far", back_wall)

    def floor(c: Canvas) -> None:
        wood = (134, 96, 64) if not industrial else (110, 110, 106)
        img = c.vertical_gradient(
            [(floor_y, pal.shade(scale_rgb(wood, 0.8), 0.3)), (1.4, pal.shade(wood))]
        )
        c.rect_fill(-3, floor_y, 6, 2.0, img)
        vx = st.aspect / 2
        lines = [[(vx + k * 0.02, floor_y), (vx + k * 0.35, 1.7)] for k in range(-40, 41)]
        c.lines(lines, 0.002, pal.shade(scale_rgb(wood, 0.55)), opacity=0.6)

    st.add("mid", floor)

    def shafts(c: Canvas) -> None:
        if outdoor.is_dark or not outdoor.sun_visible:
            return  # no sunbeams at night or under cloud
        for x0, y0, x1, y1 in windows:
            drop = 0.5
            c.polygon(
                [(x0, y0), (x1, y0), (x1 + drop * 0.5, y1 + drop), (x0 + drop * 0.3, y1 + drop)],
                pal.emissive(mix(outdoor.sun, (255, 255, 255), 0.3)),
                opacity=0.12,
            )

    st.add("mid", shafts)
    if industrial:
        st.add("mid", _hanging_lamps(st, pal, floor_y))
        if st.has("lab", "laboratory", "monitors", "screens", "computers", "vr", "server",
                  "control"):
            st.add("mid", _room_furniture(st, pal, floor_y))
        else:
            st.add("near", _girders(st, pal))
    else:
        st.add("mid", _room_furniture(st, pal, floor_y))
        if outdoor.is_dark:
            st.add("mid", _hanging_lamps(st, pal, floor_y))
    return Grounds(
        mid_y=flat(floor_y + 0.06),
        mid_person=0.27,
        near_y=flat(1.02),
        near_person=0.55,
        sky_y=0.2,
        depth_mid=0.1,
        default_hero="table",
    )


def _room_furniture(st: Stage, pal: Palette, floor_y: float) -> Painter:
    """Set dressing along the back wall, chosen by what kind of room the words describe."""
    wall_x = st.aspect / 2 + st.side * st.aspect * 0.36
    other_x = st.aspect / 2 - st.side * st.aspect * 0.4
    base = floor_y + 0.02
    bakery = st.has("bakery", "bread", "baker", "bakehouse", "flour", "kitchen")
    tavern = st.has("tavern", "bar", "pub", "inn", "cellar", "saloon")
    study = st.has("library", "study", "office", "bookshop", "classroom", "archive")
    casino = st.has("casino", "roulette", "gambling", "gamblers", "chandeliers", "ballroom",
                    "nightclub")
    cafe = st.has("café", "cafe", "coffee", "cups", "espresso", "bistro", "diner")
    lab = st.has("lab", "laboratory", "monitors", "screens", "computers", "vr", "server",
                 "control")

    def paint(c: Canvas) -> None:
        look = Look(pal, 0.15, 1.0, st.env_seed % 31)
        if casino:
            for k, fx in enumerate((0.2, 0.5, 0.8)):
                props.chandelier(c, st.aspect * fx, 0.02 + 0.02 * (k % 2), 0.12, look)
            props.casino_table(c, other_x, base + 0.04, 0.1, look)
            props.casino_table(c, wall_x, base + 0.02, 0.08, look)
            return
        if lab:
            props.monitor_desk(c, wall_x, base + 0.02, 0.16, look)
            props.monitor_desk(c, other_x, base + 0.02, 0.16, look)
            return
        if cafe:
            for k, fx in enumerate((-0.3, 0.0, 0.3)):
                props.cafe_table(c, st.aspect / 2 + fx * st.aspect, base + 0.03 + 0.01 * k,
                                 0.12, look)
            props.shelf(c, wall_x, base, 0.5, Look(pal, 0.15, 1.0, 3))
            return
        props.shelf(c, wall_x, base, 0.5, look, goods="bread" if bakery else "books")
        if study:
            props.shelf(c, wall_x - st.side * 0.32, base, 0.5, Look(pal, 0.15, 1.0, 7))
        if bakery:
            for k in range(3):
                props.sack(c, other_x + k * 0.07 * st.side, base + 0.01 * k, 0.1, look)
        if tavern:
            for k in range(3):
                props.barrel(c, other_x + k * 0.09 * st.side, base + 0.005 * k, 0.14, look)

    return paint


def _hanging_lamps(st: Stage, pal: Palette, floor_y: float) -> Painter:
    xs = [st.aspect * f for f in (0.25, 0.55, 0.85)]

    def paint(c: Canvas) -> None:
        cord = pal.shade((40, 40, 40), 0.1)
        c.lines([[(x, -0.8), (x, 0.12)] for x in xs], 0.004, cord)
        shade = pal.shade((60, 70, 60), 0.1)
        c.polygons(
            [
                [(x - 0.04, 0.16), (x + 0.04, 0.16), (x + 0.015, 0.12), (x - 0.015, 0.12)]
                for x in xs
            ],
            shade,
        )
        for x in xs:
            c.glow(x, 0.17, 0.35, pal.emissive((255, 214, 150)), strength=0.35)
            c.polygon(
                [
                    (x - 0.04, 0.16),
                    (x + 0.04, 0.16),
                    (x + 0.25, floor_y + 0.1),
                    (x - 0.25, floor_y + 0.1),
                ],
                pal.emissive((255, 220, 160)),
                opacity=0.07,
            )

    return paint


def _girders(st: Stage, pal: Palette) -> Painter:
    def paint(c: Canvas) -> None:
        steel = pal.shade((60, 62, 66), 0.0)
        c.rect_fill(-3, -0.9, 6, -0.02, steel)
        c.lines(
            [[(x, -0.02), (x + 0.12, -0.12)] for x in np.arange(-2.0, 5.0, 0.24)],
            0.012,
            scale_rgb(steel, 0.7),
        )

    return paint


def interior(st: Stage) -> Grounds:
    return room(st, industrial=False)


def workshop(st: Stage) -> Grounds:
    return room(st, industrial=True)


def space(st: Stage) -> Grounds:
    """Orbit: black sky thick with stars, the planet's limb below, the sun's glare to one side."""
    pal = replace(
        st.pal,
        sky_top=(2, 3, 8),
        sky_mid=(4, 6, 14),
        sky_horizon=(8, 12, 26),
        haze=(10, 14, 30),
        haze_amount=0.1,
        light=(255, 250, 240),
        ambient=0.95,
        sun=(255, 252, 240),
        sun_visible=True,
        moon=False,
        stars=True,
        sun_xy=(st.aspect / 2 - st.side * st.aspect * 0.42, 0.16),
        sun_size=0.03,
        cloud_cover=0.0,
        precipitation="",
        lightning=False,
        fog=0.0,
        windows_lit=1.0,
    )
    st.pal = pal
    st.add("sky", sky.gradient(pal, 1.4))
    st.add("sky", sky.nebula(st.seed("nebula")))
    st.add("sky", sky.stars(st.seed("stars"), 1.6, st.aspect, density=1600))
    st.add("sky", sky.sun(pal))
    st.add("far", sky.planet_limb(st.seed("planet"), st.aspect, lit_from=-st.side))
    return Grounds(
        mid_y=flat(0.62),
        mid_person=0.18,
        near_y=flat(1.0),
        near_person=0.45,
        sky_y=0.36,
        depth_mid=0.0,
        default_hero="station",
        weightless=True,
    )
