"""Recipes for open-air settings: coast, forest, mountains, desert, arctic, river, road, fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vidstudio.providers.local.paint import noise, props, sky, terrain, waters
from vidstudio.providers.local.paint.stage import Grounds, Stage, flat

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.objects import Draw
    from vidstudio.providers.local.paint.world import Painter

GRASS = (86, 122, 62)
DRY_GRASS = (150, 140, 84)
SAND = (214, 190, 142)
ROCK = (118, 112, 106)


def open_sky(st: Stage, *, cloud_top: float = -0.6) -> None:
    """Sky gradient, sun or moon, stars at night, clouds; clouds drift in clips."""
    st.add("sky", sky.gradient(st.pal, st.horizon))
    if st.pal.stars:
        st.add("sky", sky.stars(st.seed("stars"), st.horizon, st.aspect))
    st.add("sky", sky.sun(st.pal))
    stretch = 3.0 + 4.0 * st.pal.wind
    st.add(
        "clouds", sky.clouds(st.seed("clouds"), st.pal, st.horizon, stretch=stretch, top=cloud_top)
    )
    st.world.layer("clouds").drift = 0.004 + 0.02 * st.pal.wind


def scatter_painter(
    st: Stage,
    kind_draw: Draw,
    layer_depth: float,
    ground_y: float,
    height: float,
    spacing: float,
    x_range: tuple[float, float],
    salt: str,
    jitter_y: float = 0.0,
) -> Painter:
    """Many small things of one kind along a ground line (trees, rocks, tufts)."""
    rng = noise.rng_for(st.env_seed, salt)
    xs = np.arange(x_range[0], x_range[1], spacing)
    xs = xs + rng.uniform(-spacing * 0.4, spacing * 0.4, size=xs.size)
    sizes = rng.uniform(0.7, 1.3, size=xs.size) * height
    dys = rng.uniform(0.0, jitter_y, size=xs.size) if jitter_y else np.zeros(xs.size)
    looks = [st.look(layer_depth, 1.0 if k % 2 else -1.0, salt=k) for k in range(xs.size)]

    def paint(c: Canvas) -> None:
        for x, h, dy, look in zip(xs, sizes, dys, looks, strict=True):
            if c.visible((x - h, ground_y + dy - h * 1.2, x + h, ground_y + dy + 0.01)):
                kind_draw(c, float(x), float(ground_y + dy), float(h), look)

    return paint


def coast(st: Stage) -> Grounds:
    """Sea to the horizon, a headland on the subject's side, a beach in the foreground."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    island_x = st.aspect / 2 - st.side * st.aspect * 0.35
    st.add("far", _islands(st, island_x))
    rough = 0.9 if pal.wind > 0.5 else 0.5
    st.add("mid", waters.sea(st.seed("sea"), pal, hz, rough=rough))
    cliff_edge = st.third_x() - st.side * 0.16
    cliff_top = hz - 0.03
    st.add(
        "mid", waters.cliff(st.seed("cliff"), pal, cliff_edge, cliff_top, st.side, foot=hz + 0.2)
    )
    st.add("near", waters.shore(st.seed("shore"), pal, 0.9, side=-st.side))
    st.add(
        "near",
        scatter_painter(
            st, props.rock, 0.0, 0.97, 0.07, 0.5, (-1.0, st.aspect + 1.0), "near-rocks", 0.05
        ),
    )

    def mid_ground(x: float) -> float:
        return cliff_top + 0.004 if (x - cliff_edge) * st.side > 0.05 else hz + 0.04

    span = (cliff_edge + st.side * 0.07, cliff_edge + st.side * 1.2)
    water = (cliff_edge - st.side * 2.0, cliff_edge - st.side * 0.05)
    return Grounds(
        mid_y=mid_ground,
        mid_person=0.04,
        near_y=flat(0.93),
        near_person=0.32,
        mid_span=(min(span), max(span)),
        water_y=hz + 0.1,
        water_span=(min(water), max(water)),
        sky_y=0.22,
        depth_mid=0.3,
    )


def _islands(st: Stage, x: float) -> Painter:
    pal = st.pal
    seed = st.seed("island")

    def paint(c: Canvas) -> None:
        xs = c.xs()
        d = np.abs(xs - x)
        bump = np.clip(1 - d / 0.45, 0, 1) ** 0.6 * (0.05 + 0.02 * noise.fbm_1d(seed, xs, 0.1, 4))
        top = st.horizon + 0.001 - bump
        terrain.fill_below(
            c,
            top,
            [
                (st.horizon - 0.07, pal.shade((80, 92, 90), 0.85)),
                (st.horizon, pal.shade((70, 80, 80), 0.95)),
            ],
            bottom=np.full_like(xs, st.horizon + 0.002),
        )

    return paint


def forest(st: Stage) -> Grounds:
    """Rows of trees receding into haze, a clearing with a path in the middle distance."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    st.add("far", terrain.hills(st.seed("far-hills"), pal, hz, 0.12, (70, 96, 80), 0.85))
    st.add(
        "far",
        scatter_painter(
            st,
            props.conifer,
            0.75,
            hz + 0.01,
            0.09,
            0.035,
            (-1.2, st.aspect + 1.2),
            "far-trees",
            0.02,
        ),
    )
    ground_y = hz + 0.08
    st.add(
        "mid",
        terrain.ground(
            st.seed("forest-floor"),
            pal,
            ground_y,
            (70, 96, 52),
            (90, 110, 80),
            depth_far=0.5,
            texture=0.35,
        ),
    )
    st.add("mid", _path(st, ground_y))
    st.add(
        "mid",
        scatter_painter(
            st,
            props.conifer,
            0.4,
            ground_y + 0.01,
            0.3,
            0.09,
            (-1.2, st.third_x() - 0.25),
            "mid-trees-a",
            0.03,
        ),
    )
    st.add(
        "mid",
        scatter_painter(
            st,
            props.broadleaf,
            0.35,
            ground_y + 0.02,
            0.26,
            0.12,
            (st.third_x() + 0.25, st.aspect + 1.2),
            "mid-trees-b",
            0.03,
        ),
    )
    if st.place_rng.random() < 0.5:
        # Big trees only at the frame's edges, framing the clearing.
        st.add(
            "near",
            scatter_painter(
                st, props.conifer, 0.0, 1.1, 1.15, 0.42, (-1.0, 0.08), "near-trees-left", 0.05
            ),
        )
        st.add(
            "near",
            scatter_painter(
                st,
                props.conifer,
                0.0,
                1.1,
                1.15,
                0.42,
                (st.aspect - 0.08, st.aspect + 1.0),
                "near-trees-right",
                0.05,
            ),
        )
    else:
        st.add("near", _frame_trunks(st))
    return Grounds(
        mid_y=flat(ground_y + 0.03),
        mid_person=0.07,
        near_y=flat(0.97),
        near_person=0.34,
        sky_y=0.25,
        depth_mid=0.25,
    )


def _path(st: Stage, ground_y: float) -> Painter:
    left, right = terrain.winding_band(st.seed("path"), st.third_x(), ground_y, 0.8, 0.4)
    pal = st.pal

    def paint(c: Canvas) -> None:
        cover, r0 = terrain.perspective_band(c, left, right, ground_y)
        if cover.size:
            img = c.vertical_gradient(
                [(ground_y, pal.shade((150, 130, 100), 0.5)), (1.2, pal.shade((120, 96, 70), 0.0))],
                r0,
            )
            c.paint(cover, img, (0, r0))

    return paint


def _frame_trunks(st: Stage) -> Painter:
    """Two big tree trunks framing the shot from the edges of the foreground."""
    pal = st.pal
    seed = st.seed("trunks")
    xs = [-0.02 - st.place_uniform(0, 0.1), st.aspect + 0.02 + st.place_uniform(0, 0.1)]

    def paint(c: Canvas) -> None:
        bark = pal.shade((70, 54, 42), 0.0)
        for k, x in enumerate(xs):
            sway = noise.fbm_1d(seed + k, np.linspace(0, 3, 12), 1.0, 3) - 0.5
            wob = [
                (x + 0.03 * float(s), float(y))
                for s, y in zip(sway, np.linspace(-0.8, 1.4, 12), strict=True)
            ]
            c.lines([wob], 0.16, bark)
            inward = 1.0 if k == 0 else -1.0
            c.ellipses(
                [(x + inward * (0.15 + 0.08 * j), -0.55 + 0.1 * j, 0.25, 0.12) for j in range(3)],
                pal.shade((50, 80, 44), 0.0),
            )

    return paint


def mountains(st: Stage) -> Grounds:
    """Ranges behind ranges, a valley floor, boulders in the foreground."""
    hz = st.horizon
    open_sky(st, cloud_top=-0.7)
    pal = st.pal
    snowy = pal.precipitation == "snow" or st.has("snow", "alps", "alpine", "glacier")
    st.add(
        "far",
        terrain.mountains(
            st.seed("range-far"),
            pal,
            hz + 0.02,
            0.42,
            0.85,
            rock=(130, 130, 140),
            snow=True,
            cell=0.9,
        ),
    )
    st.add(
        "far",
        terrain.mountains(
            st.seed("range-mid"),
            pal,
            hz + 0.06,
            0.28,
            0.55,
            rock=(110, 104, 100),
            snow=snowy,
            cell=0.6,
        ),
    )
    valley = hz + 0.1
    st.add(
        "mid",
        terrain.hills(
            st.seed("valley"),
            pal,
            valley + 0.03,
            0.05,
            GRASS if not snowy else (236, 240, 246),
            0.3,
            cell=0.8,
        ),
    )
    st.add(
        "mid",
        scatter_painter(
            st,
            props.conifer,
            0.3,
            valley + 0.05,
            0.09,
            0.06,
            (-1.2, st.aspect + 1.2),
            "valley-trees",
            0.04,
        ),
    )
    st.add(
        "near",
        terrain.hills(
            st.seed("foreground"),
            pal,
            0.98,
            0.12,
            ROCK if not snowy else (230, 234, 242),
            0.0,
            cell=0.5,
            texture=0.4,
        ),
    )
    st.add(
        "near",
        scatter_painter(
            st, props.rock, 0.0, 0.99, 0.08, 0.45, (-1.0, st.aspect + 1.0), "boulders", 0.03
        ),
    )
    return Grounds(
        mid_y=flat(valley + 0.05),
        mid_person=0.05,
        near_y=flat(0.92),
        near_person=0.3,
        sky_y=0.2,
        depth_mid=0.3,
    )


def desert(st: Stage) -> Grounds:
    """Dunes under a wide sky, or (for canyon words) a canyon's walls closing in on both sides."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    canyon = st.has("canyon", "mesa", "badlands", "gorge", "ravine", "butte")
    st.add("far", terrain.mesas(st.seed("mesas"), pal, hz + 0.01, 0.16 if canyon else 0.1, 0.65))
    if canyon:
        vanish = st.third_x(-st.side)
        st.add(
            "mid",
            terrain.ground(
                st.seed("floor"), pal, hz + 0.005, (196, 150, 104), (200, 160, 120), texture=0.25
            ),
        )
        st.add("mid", terrain.canyon_walls(st.seed("walls"), pal, hz, vanish, 0.5))
        st.add(
            "near",
            terrain.dunes(st.seed("dunes-near"), pal, 1.02, 0.06, (190, 140, 96), 0.0, cell=0.5),
        )
        return Grounds(
            mid_y=flat(hz + 0.12),
            mid_person=0.06,
            near_y=flat(0.97),
            near_person=0.3,
            mid_span=(vanish - 0.16, vanish + 0.16),
            sky_y=0.2,
            depth_mid=0.3,
        )
    st.add("mid", terrain.dunes(st.seed("dunes-mid"), pal, hz + 0.09, 0.06, SAND, 0.35))
    st.add("near", terrain.dunes(st.seed("dunes-near"), pal, 0.99, 0.1, SAND, 0.0, cell=0.7))
    return Grounds(
        mid_y=flat(hz + 0.1),
        mid_person=0.06,
        near_y=flat(0.94),
        near_person=0.3,
        sky_y=0.22,
        depth_mid=0.3,
    )
