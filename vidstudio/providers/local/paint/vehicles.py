"""Things that move: boats, cars, motorbikes, bicycles, space stations and satellites."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from vidstudio.providers.local.paint.people import figure

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.look import Look


def boat(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A fishing boat riding at waterline ``y``: hull, wheelhouse, mast (lit at night)."""
    length = h * 2.2
    f = look.facing
    hull = look.pick([(150, 40, 36), (40, 70, 120), (230, 226, 214), (40, 90, 70)])
    bow, stern = x + f * length / 2, x - f * length / 2
    c.polygon(
        [
            (stern, y - h * 0.32),
            (bow + f * h * 0.15, y - h * 0.42),
            (x + f * length * 0.3, y),
            (x - f * length * 0.38, y),
        ],
        hull,
    )
    c.polygon(
        [
            (stern, y - h * 0.32),
            (bow + f * h * 0.15, y - h * 0.42),
            (bow + f * h * 0.1, y - h * 0.36),
            (stern, y - h * 0.27),
        ],
        look.body((236, 232, 220)),
    )
    cab0, cab1 = x - f * length * 0.3, x - f * length * 0.02
    c.rect_fill(
        min(cab0, cab1), y - h * 0.75, max(cab0, cab1), y - h * 0.33, look.body((226, 222, 210))
    )
    c.rect_fill(
        min(cab0, cab1) + h * 0.06,
        y - h * 0.68,
        max(cab0, cab1) - h * 0.06,
        y - h * 0.52,
        look.window(),
    )
    mast = x + f * length * 0.18
    c.lines(
        [
            [(mast, y - h * 0.35), (mast, y - h * 1.45)],
            [(mast, y - h * 1.3), (stern + f * h * 0.1, y - h * 0.45)],
        ],
        h * 0.025,
        look.dark((60, 50, 40)),
    )
    if look.lights_on:
        c.glow(mast, y - h * 1.45, h * 0.35, look.lamp((255, 236, 190)), strength=0.5)
        c.ellipse(mast, y - h * 1.45, h * 0.04, h * 0.04, look.lamp((255, 250, 230)))
    # Reflection and a little wake on the water.
    c.polygon(
        [
            (x - length * 0.4, y + h * 0.02),
            (x + length * 0.4, y + h * 0.02),
            (x + length * 0.3, y + h * 0.22),
            (x - length * 0.3, y + h * 0.22),
        ],
        look.dark(hull, 0.5),
        opacity=0.3,
    )
    c.lines(
        [[(x - length * 0.5, y + h * 0.03), (x + length * 0.55, y + h * 0.03)]],
        h * 0.03,
        look.body((230, 236, 240)),
        opacity=0.5,
    )


def car(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A saloon car in profile; headlights and tail lights glow after dark."""
    length = h * 2.6
    f = look.facing
    paint = look.pick([(170, 40, 40), (40, 70, 140), (220, 220, 220), (30, 30, 34), (210, 170, 40)])
    wheel_r = h * 0.2
    front, back = x + f * length / 2, x - f * length / 2
    c.polygon(
        [
            (back, y - wheel_r * 0.6),
            (back, y - h * 0.5),
            (x - f * length * 0.28, y - h * 0.55),
            (x - f * length * 0.15, y - h * 0.95),
            (x + f * length * 0.15, y - h * 0.95),
            (x + f * length * 0.3, y - h * 0.58),
            (front, y - h * 0.5),
            (front, y - wheel_r * 0.6),
        ],
        paint,
    )
    glass = look.window() if look.lights_on else look.body((90, 110, 130))
    c.polygon(
        [
            (x - f * length * 0.24, y - h * 0.57),
            (x - f * length * 0.13, y - h * 0.88),
            (x + f * length * 0.13, y - h * 0.88),
            (x + f * length * 0.25, y - h * 0.57),
        ],
        glass,
    )
    c.lines([[(x, y - h * 0.88), (x, y - h * 0.57)]], h * 0.04, paint)
    c.ellipses(
        [
            (x - f * length * 0.3, y - wheel_r, wheel_r, wheel_r),
            (x + f * length * 0.3, y - wheel_r, wheel_r, wheel_r),
        ],
        look.dark((30, 30, 30)),
    )
    c.ellipses(
        [
            (x - f * length * 0.3, y - wheel_r, wheel_r * 0.45, wheel_r * 0.45),
            (x + f * length * 0.3, y - wheel_r, wheel_r * 0.45, wheel_r * 0.45),
        ],
        look.body((150, 150, 156)),
    )
    if look.lights_on:
        c.glow(front, y - h * 0.42, h * 0.9, look.lamp((255, 240, 200)), strength=0.35, squash=0.45)
        c.ellipse(front, y - h * 0.42, h * 0.06, h * 0.05, look.lamp((255, 250, 230)))
        c.ellipse(back, y - h * 0.42, h * 0.05, h * 0.05, look.lamp((255, 40, 30)))
        c.glow(back, y - h * 0.42, h * 0.3, look.lamp((255, 40, 30)), strength=0.3)


def motorbike(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A motorbike in profile with its rider."""
    f = look.facing
    r = h * 0.22
    wb = h * 0.9
    rear, front = x - f * wb / 2, x + f * wb / 2
    tyre, metal = look.dark((30, 30, 30)), look.body((170, 50, 40))
    for wx in (rear, front):
        c.ellipse(wx, y - r, r, r, tyre)
        c.ellipse(wx, y - r, r * 0.55, r * 0.55, look.body((120, 120, 126)))
    c.polygon(
        [
            (rear, y - r),
            (x - f * wb * 0.1, y - h * 0.55),
            (x + f * wb * 0.25, y - h * 0.6),
            (front, y - r),
            (x, y - r * 0.8),
        ],
        metal,
    )
    c.lines(
        [[(front, y - r), (x + f * wb * 0.32, y - h * 0.75)]], h * 0.04, look.dark((60, 60, 60))
    )
    figure(c, x - f * wb * 0.05, y - h * 0.45, h * 0.75, look, pose="sit")
    if look.lights_on:
        c.glow(
            x + f * wb * 0.38,
            y - h * 0.62,
            h * 0.8,
            look.lamp((255, 244, 210)),
            strength=0.35,
            squash=0.5,
        )


def bicycle(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    r = h * 0.3
    wb = h * 0.95
    metal = look.body((60, 110, 150))
    wheels = [(x - wb / 2, y - r), (x + wb / 2, y - r)]
    c.lines(
        [
            [
                (wx + r * math.cos(t * math.pi / 10), wy + r * math.sin(t * math.pi / 10))
                for t in range(21)
            ]
            for wx, wy in wheels
        ],
        h * 0.025,
        look.dark((30, 30, 30)),
    )
    c.lines(
        [
            [wheels[0], (x, y - r), (x + wb * 0.3, y - h * 0.85), wheels[1]],
            [(x, y - r), (x - wb * 0.1, y - h * 0.8)],
            [(x - wb * 0.1, y - h * 0.8), (x + wb * 0.3, y - h * 0.85)],
        ],
        h * 0.03,
        metal,
    )


def station(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A space station: pressurised modules on a truss with wide solar-panel wings.

    ``y`` is the station's centre line (it floats; nothing to stand on).
    """
    span = h * 4.0
    truss = look.body((200, 200, 196), 1.2)
    panel = look.body((40, 60, 120), 1.1)
    grid = look.body((120, 140, 190), 1.1)
    c.rect_fill(x - span / 2, y - h * 0.03, x + span / 2, y + h * 0.03, truss)
    wings = []
    for side in (-1, 1):
        for k in range(2):
            px = x + side * span * (0.22 + 0.22 * k)
            wings.append(
                [
                    (px - h * 0.3, y - h * 0.9),
                    (px + h * 0.3, y - h * 0.9),
                    (px + h * 0.3, y - h * 0.1),
                    (px - h * 0.3, y - h * 0.1),
                ]
            )
            wings.append(
                [
                    (px - h * 0.3, y + h * 0.1),
                    (px + h * 0.3, y + h * 0.1),
                    (px + h * 0.3, y + h * 0.9),
                    (px - h * 0.3, y + h * 0.9),
                ]
            )
    c.polygons(wings, panel)
    lines = []
    for w in wings:
        x0, y0, x1, y1 = w[0][0], w[0][1], w[2][0], w[2][1]
        lines += [[(x0 + (x1 - x0) * k / 4, y0), (x0 + (x1 - x0) * k / 4, y1)] for k in range(1, 4)]
        lines += [[(x0, y0 + (y1 - y0) * k / 6), (x1, y0 + (y1 - y0) * k / 6)] for k in range(1, 6)]
    c.lines(lines, h * 0.008, grid, opacity=0.6)
    body = look.body((226, 224, 216), 1.2)
    c.rect_fill(x - h * 0.9, y - h * 0.16, x + h * 0.9, y + h * 0.16, body)
    c.rect_fill(x - h * 0.2, y - h * 0.5, x + h * 0.2, y + h * 0.5, body)
    c.ellipses([(x - h * 0.9, y, h * 0.06, h * 0.16), (x + h * 0.9, y, h * 0.06, h * 0.16)], body)
    c.rect_fill(
        x - h * 0.9,
        y + h * 0.02,
        x + h * 0.9,
        y + h * 0.16,
        look.dark((140, 140, 140)),
        opacity=0.35,
    )
    c.ellipse(x + h * 0.35, y - h * 0.05, h * 0.05, h * 0.05, look.lamp((255, 60, 50)))
    c.glow(x + h * 0.35, y - h * 0.05, h * 0.2, look.lamp((255, 60, 50)), strength=0.4)


def satellite(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    body = look.body((214, 180, 90), 1.2)
    panel = look.body((40, 60, 120), 1.1)
    c.polygons(
        [
            [
                (x - h * 1.2, y - h * 0.2),
                (x - h * 0.3, y - h * 0.2),
                (x - h * 0.3, y + h * 0.2),
                (x - h * 1.2, y + h * 0.2),
            ],
            [
                (x + h * 0.3, y - h * 0.2),
                (x + h * 1.2, y - h * 0.2),
                (x + h * 1.2, y + h * 0.2),
                (x + h * 0.3, y + h * 0.2),
            ],
        ],
        panel,
    )
    c.rect_fill(x - h * 0.3, y - h * 0.3, x + h * 0.3, y + h * 0.3, body)
    c.lines([[(x, y - h * 0.3), (x + h * 0.15, y - h * 0.6)]], h * 0.03, look.body((220, 220, 220)))
    c.ellipse(x + h * 0.2, y - h * 0.65, h * 0.15, h * 0.06, look.body((230, 230, 230)))
