"""A railway platform: seen from the platform, across the tracks to the far platform.

Stations, platforms and railway halts are their own kind of place, not a street: a canopy on
pillars overhead, a lamp and a clock hanging from it, the track bed with its two rails below
the platform's edge, the far platform's wall and the sky (or the town) beyond.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vidstudio.providers.local.paint import sky
from vidstudio.providers.local.paint.canvas import scale_rgb
from vidstudio.providers.local.paint.scenes_urban import skyline
from vidstudio.providers.local.paint.stage import Grounds, Stage, flat

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.world import Painter


# A railway station or platform by name: not a street (nor a petrol or a space station).
_RAILWAY = re.compile(r"\b(\w+)?\s*\b(?:stations?|platforms?|halts?)\b"
                     r"(?!\s+(?:road|street|lane|avenue|square|hotel))", re.IGNORECASE)
_OTHER_STATIONS = frozenset((
    "gas", "petrol", "fuel", "space", "police", "fire", "radio", "research", "weather",
    "service", "power", "pumping", "relay", "polling", "charging", "work", "oil", "drilling"))


def is_railway(text: str) -> bool:
    """Whether ``text`` names a railway station or platform (not "Station Road")."""
    return any((m.group(1) or "").lower() not in _OTHER_STATIONS for m in _RAILWAY.finditer(text))


def station(st: Stage) -> Grounds:
    """A platform under a canopy, the tracks below its edge, the town beyond."""
    hz = st.horizon - 0.04
    pal = st.pal
    st.add("sky", sky.gradient(pal, hz))
    if pal.stars:
        st.add("sky", sky.stars(st.seed("stars"), hz, st.aspect, density=200))
    st.add("sky", sky.sun(pal))
    st.add("far", skyline(st, hz + 0.02, 0.22, 0.6, "skyline-far", (0.03, 0.08)))
    edge = hz + 0.2  # the near platform's edge over the tracks
    st.add("mid", _far_side(st, hz, edge))
    st.add("mid", _canopy(st))
    return Grounds(
        mid_y=flat(0.8),
        mid_person=0.32,
        near_y=flat(0.95),
        near_person=0.45,
        mid_span=(-0.3, st.aspect + 0.3),
        sky_y=0.3,
        depth_mid=0.1,
    )


def _far_side(st: Stage, hz: float, edge: float) -> Painter:
    """The far platform's wall, the track bed with its rails, and the near platform."""
    pal = st.pal

    def paint(c: Canvas) -> None:
        wall = pal.shade((150, 96, 74), 0.25)
        c.rect_fill(-2.0, hz - 0.12, st.aspect + 2.0, hz + 0.08, wall)
        # Posters and a bench on the far platform.
        for k in range(-2, 8):
            x = k * 0.42 + (st.env_seed % 7) * 0.03
            c.rect_fill(x, hz - 0.08, x + 0.1, hz + 0.02, pal.shade((210, 200, 170), 0.25))
            c.rect_fill(x + 0.015, hz - 0.065, x + 0.085, hz - 0.02,
                        pal.shade(((60, 110, 170), (190, 70, 60))[k % 2], 0.25))
        c.rect_fill(-2.0, hz + 0.08, st.aspect + 2.0, hz + 0.1, pal.shade((200, 196, 188), 0.2))
        # The track bed: gravel, sleepers and two rails, under the near platform's edge.
        bed = pal.shade((96, 88, 80), 0.15)
        c.rect_fill(-2.0, hz + 0.1, st.aspect + 2.0, edge, bed)
        sleeper = pal.shade((70, 52, 40), 0.12)
        for k in range(-10, 40):
            x = k * 0.08
            c.rect_fill(x, hz + 0.13, x + 0.03, hz + 0.17, sleeper)
        rail = pal.shade((170, 170, 176), 0.1)
        c.rect_fill(-2.0, hz + 0.132, st.aspect + 2.0, hz + 0.138, rail)
        c.rect_fill(-2.0, hz + 0.162, st.aspect + 2.0, hz + 0.168, rail)
        # The near platform, its edge and the yellow line that keeps passengers back.
        paving = pal.shade((176, 170, 160), 0.0)
        c.rect_fill(-2.0, edge, st.aspect + 2.0, 2.0,
                    c.vertical_gradient([(edge, paving), (1.2, scale_rgb(paving, 0.75))]))
        c.rect_fill(-2.0, edge, st.aspect + 2.0, edge + 0.012, pal.shade((220, 216, 206), 0.0))
        c.rect_fill(-2.0, edge + 0.03, st.aspect + 2.0, edge + 0.04, pal.shade((230, 190, 40), 0.0))

    return paint


def _canopy(st: Stage) -> Painter:
    """The platform's canopy on its pillars, with a hanging clock and lamps."""
    pal = st.pal
    clock_x = st.aspect / 2 + st.side * st.aspect * 0.3

    def paint(c: Canvas) -> None:
        iron = pal.shade((60, 70, 74), 0.05)
        c.polygon([(-2.0, -2.0), (st.aspect + 2.0, -2.0), (st.aspect + 2.0, 0.1), (-2.0, 0.1)],
                  pal.shade((84, 90, 96), 0.05))
        c.rect_fill(-2.0, 0.1, st.aspect + 2.0, 0.13, iron)
        for k in range(-3, 10):
            x = k * 0.55 + 0.12
            c.rect_fill(x - 0.015, 0.13, x + 0.015, 0.86, iron)
            c.polygon([(x - 0.015, 0.13), (x - 0.09, 0.13), (x - 0.015, 0.2)], iron)
            c.polygon([(x + 0.015, 0.13), (x + 0.09, 0.13), (x + 0.015, 0.2)], iron)
        lamp = pal.emissive((255, 220, 160), 0.05) if pal.windows_lit >= 0.5 \
            else pal.shade((230, 226, 214), 0.05)
        for k in range(-3, 10):
            x = k * 0.55 + 0.39
            c.lines([[(x, 0.13), (x, 0.2)]], 0.004, iron)
            c.ellipse(x, 0.215, 0.025, 0.015, lamp)
            if pal.windows_lit >= 0.5:
                c.glow(x, 0.23, 0.18, lamp, strength=0.35)
        c.lines([[(clock_x, 0.13), (clock_x, 0.2)]], 0.006, iron)
        c.ellipse(clock_x, 0.25, 0.05, 0.05, iron)
        c.ellipse(clock_x, 0.25, 0.042, 0.042, pal.shade((236, 232, 220), 0.05))
        c.lines([[(clock_x, 0.25), (clock_x, 0.22)], [(clock_x, 0.25), (clock_x + 0.022, 0.25)]],
                 0.005, iron)

    return paint
