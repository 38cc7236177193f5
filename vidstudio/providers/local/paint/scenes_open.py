"""Recipes for open country: snowfields, rivers and lakes, highways, and plain fields.

``landscape`` is the fallback for setting words the painter does not know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vidstudio.providers.local.paint import noise, props, sky, terrain, waters
from vidstudio.providers.local.paint.canvas import Canvas, mix
from vidstudio.providers.local.paint.scenes_nature import (
    DRY_GRASS,
    GRASS,
    open_sky,
    scatter_painter,
)
from vidstudio.providers.local.paint.stage import Grounds, Stage, flat

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.world import Painter


def arctic(st: Stage) -> Grounds:
    """Ice-blue mountains, a snowfield to the horizon, drifts and ice blocks near."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    if pal.time.value == "night" and pal.precipitation == "":
        st.add("sky", sky.aurora(st.seed("aurora"), hz))
    st.add(
        "far",
        terrain.mountains(
            st.seed("ice-range"),
            pal,
            hz + 0.01,
            0.2,
            0.7,
            rock=(170, 190, 214),
            snow=True,
            cell=0.8,
            sharp=0.7,
        ),
    )
    st.add("mid", terrain.snowfield(st.seed("snow-mid"), pal, hz + 0.02, wobble=0.015))
    st.add("near", terrain.snowfield(st.seed("snow-near"), pal, 0.94, wobble=0.06))
    return Grounds(
        mid_y=flat(hz + 0.06),
        mid_person=0.06,
        near_y=flat(0.93),
        near_person=0.3,
        sky_y=0.22,
        depth_mid=0.3,
    )


def river(st: Stage) -> Grounds:
    """A river (or a lake's edge) winding toward the viewer between wooded banks."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    lake = st.has("lake", "pond", "lagoon", "reservoir")
    st.add("far", terrain.hills(st.seed("far"), pal, hz, 0.08, (80, 110, 90), 0.8))
    st.add(
        "far",
        scatter_painter(
            st,
            props.conifer,
            0.7,
            hz + 0.005,
            0.06,
            0.03,
            (-1.2, st.aspect + 1.2),
            "far-trees",
            0.01,
        ),
    )
    st.add("mid", terrain.ground(st.seed("banks"), pal, hz, GRASS, (90, 116, 84), texture=0.3))
    water_y = hz + 0.16
    if lake:
        st.add("mid", _lake(st))
        water_span = (-1.0, st.aspect + 1.0)
    else:
        vanish = st.third_x(-st.side)
        st.add("mid", waters.river(st.seed("river"), pal, hz, vanish, 1.3))
        left, right = terrain.winding_band(st.seed("river"), vanish, hz, 1.3, 0.5)
        at = np.array([water_y])
        water_span = (float(left(at)[0]), float(right(at)[0]))
    bank = hz + (0.032 if lake else 0.06)
    st.add(
        "mid",
        scatter_painter(
            st,
            props.broadleaf,
            0.3 if not lake else 0.5,
            bank,
            0.2 if not lake else 0.1,
            0.2 if not lake else 0.12,
            (st.third_x() - 0.1, st.aspect + 1.2) if st.side > 0 else (-1.2, st.third_x() + 0.1),
            "bank-trees",
            0.01,
        ),
    )
    st.add("near", terrain.hills(st.seed("reeds"), pal, 1.02, 0.08, (76, 100, 50), 0.0, 0.4, 0.5))
    if lake:
        return Grounds(
            mid_y=flat(hz + 0.031),
            mid_person=0.035,
            near_y=flat(0.95),
            near_person=0.3,
            water_y=water_y - 0.02,
            water_span=water_span,
            sky_y=0.22,
            depth_mid=0.5,
        )
    return Grounds(
        mid_y=flat(hz + 0.08),
        mid_person=0.06,
        near_y=flat(0.95),
        near_person=0.3,
        water_y=water_y - 0.02,
        water_span=water_span,
        sky_y=0.22,
        depth_mid=0.3,
    )


def _lake(st: Stage) -> Painter:
    pal = st.pal
    sea = waters.sea(st.seed("lake"), pal, st.horizon + 0.03, water=(50, 90, 110), rough=0.2)
    far_shore = st.horizon + 0.03

    def paint(c: Canvas) -> None:
        sea(c)
        xs = c.xs()
        top = far_shore - 0.012 * noise.fbm_1d(st.seed("shoreline"), xs, 0.3, 3)
        terrain.fill_below(
            c,
            top,
            [(far_shore - 0.02, pal.shade((70, 96, 70), 0.6))],
            bottom=np.full_like(xs, far_shore + 0.002),
        )

    return paint


def road(st: Stage) -> Grounds:
    """A highway running to the horizon across open country."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    dry = st.has("desert", "arid", "route", "interstate")
    st.add(
        "far",
        terrain.hills(
            st.seed("far"),
            pal,
            hz + 0.004,
            0.06,
            (120, 110, 110) if dry else (90, 110, 100),
            0.85,
            cell=0.8,
        ),
    )
    st.add(
        "mid",
        terrain.ground(
            st.seed("verge"),
            pal,
            hz,
            DRY_GRASS if dry else GRASS,
            mix(DRY_GRASS, (150, 150, 140), 0.5),
            texture=0.3,
        ),
    )
    st.add(
        "mid",
        terrain.road(
            st.seed("road"),
            pal,
            hz,
            st.aspect / 2 + st.place_uniform(-0.2, 0.2),
            1.9,
            wet=pal.precipitation == "rain",
        ),
    )
    st.add("mid", _poles(st))
    return Grounds(
        mid_y=lambda x: hz + 0.1 + abs(x - st.aspect / 2) * 0.05,
        mid_person=0.07,
        near_y=flat(0.96),
        near_person=0.32,
        sky_y=0.22,
        depth_mid=0.3,
    )


def _poles(st: Stage) -> Painter:
    """Telegraph poles receding along the road."""
    pal = st.pal
    side = -st.side

    def paint(c: Canvas) -> None:
        colour = pal.shade((70, 56, 44), 0.2)
        lines = []
        for k in range(7):
            y = st.horizon + 0.5 / (1 + k * 1.4)
            x = st.aspect / 2 + side * (0.2 + 0.9 / (1 + k * 1.2))
            h = 0.55 / (1 + k * 1.4)
            lines.append([(x, y), (x, y - h)])
            lines.append([(x - h * 0.12, y - h * 0.92), (x + h * 0.12, y - h * 0.92)])
        c.lines(lines, 0.004, colour)

    return paint


def landscape(st: Stage) -> Grounds:
    """Rolling fields, hedgerows and a lone tree: the fallback for unknown settings."""
    hz = st.horizon
    open_sky(st)
    pal = st.pal
    st.add("far", terrain.hills(st.seed("far"), pal, hz + 0.005, 0.07, (100, 124, 100), 0.8))
    st.add("mid", terrain.hills(st.seed("fields"), pal, hz + 0.09, 0.06, GRASS, 0.35, cell=0.9))
    st.add(
        "mid",
        scatter_painter(
            st,
            props.broadleaf,
            0.35,
            hz + 0.07,
            0.07,
            0.16,
            (-1.2, st.aspect + 1.2),
            "hedges",
            0.02,
        ),
    )
    st.add("near", terrain.hills(st.seed("near"), pal, 1.0, 0.1, (96, 130, 60), 0.0, 0.6, 0.4))
    return Grounds(
        mid_y=flat(hz + 0.09),
        mid_person=0.06,
        near_y=flat(0.94),
        near_person=0.3,
        sky_y=0.22,
        depth_mid=0.3,
    )
