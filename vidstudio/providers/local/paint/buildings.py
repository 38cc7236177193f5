"""Structures: lighthouse, house, tower, windmill, tent, market stall, crane, bridge."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from vidstudio.providers.local.paint.look import Look

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import Canvas


def lighthouse(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A tapered tower with red bands, a gallery and a lantern room (beaming when lit)."""
    base_w, top_w = h * 0.2, h * 0.12
    body_top = y - h * 0.78
    white, red = look.body((236, 234, 226)), look.body((176, 44, 40))

    def half_width(yy: float) -> float:
        t = (y - yy) / (y - body_top)
        return base_w / 2 + (top_w / 2 - base_w / 2) * t

    c.polygon(
        [
            (x - base_w / 2, y),
            (x + base_w / 2, y),
            (x + top_w / 2, body_top),
            (x - top_w / 2, body_top),
        ],
        white,
    )
    bands = []
    for k in range(3):
        y1 = y - h * (0.12 + 0.22 * k)
        y0 = y1 - h * 0.1
        bands.append(
            [
                (x - half_width(y1), y1),
                (x + half_width(y1), y1),
                (x + half_width(y0), y0),
                (x - half_width(y0), y0),
            ]
        )
    c.polygons(bands, red)
    # Shade the side away from the light.
    shade_side = -1.0 if look.pal.sun_xy[0] > x else 1.0
    c.polygon(
        [
            (x, y),
            (x + shade_side * base_w / 2, y),
            (x + shade_side * top_w / 2, body_top),
            (x, body_top),
        ],
        look.dark((120, 120, 130), 0.4),
        opacity=0.35,
    )
    # Gallery, lantern room and cap.
    g = body_top
    c.rect_fill(x - top_w * 0.85, g - h * 0.025, x + top_w * 0.85, g, look.dark((60, 60, 60)))
    room_top = g - h * 0.12
    glass = look.lamp((255, 240, 190)) if look.lights_on else look.body((200, 210, 200))
    c.rect_fill(x - top_w * 0.42, room_top, x + top_w * 0.42, g - h * 0.025, glass)
    c.lines(
        [[(x + dx, room_top), (x + dx, g - h * 0.025)] for dx in (-top_w * 0.14, top_w * 0.14)],
        h * 0.006,
        look.dark((40, 40, 40)),
    )
    c.polygon(
        [(x - top_w * 0.55, room_top), (x + top_w * 0.55, room_top), (x, room_top - h * 0.07)],
        look.body((150, 40, 36)),
    )
    if look.lights_on:
        cy = (room_top + g) / 2
        c.glow(x, cy, h * 0.5, look.lamp((255, 244, 200)), strength=0.6)
        length = h * 3.5
        side = look.facing
        c.polygon(
            [
                (x, cy - h * 0.02),
                (x + side * length, cy - h * 0.2),
                (x + side * length, cy + h * 0.16),
                (x, cy + h * 0.02),
            ],
            look.lamp((255, 246, 214)),
            opacity=0.16,
        )
    # The keeper's cottage at the foot.
    house(
        c,
        x + look.facing * h * 0.24,
        y,
        h * 0.2,
        Look(look.pal, look.depth, -look.facing, look.seed + 1),
    )


def house(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A cottage: walls, pitched roof, chimney, a door and windows (lit after dark)."""
    w = h * 1.3
    wall_top = y - h * 0.58
    walls = look.pick([(220, 210, 190), (196, 170, 140), (214, 200, 176), (170, 120, 96)])
    roof = look.pick([(120, 60, 48), (70, 74, 84), (96, 70, 54)], 1)
    c.rect_fill(x - w / 2, wall_top, x + w / 2, y, walls)
    c.rect_fill(
        x - w / 2, wall_top, x - w / 2 + w * 0.3, y, look.dark((150, 140, 130)), opacity=0.25
    )
    c.polygon(
        [
            (x - w * 0.58, wall_top + h * 0.02),
            (x + w * 0.58, wall_top + h * 0.02),
            (x + w * 0.1, y - h),
            (x - w * 0.1, y - h),
        ],
        roof,
    )
    cx = x + w * 0.28 * look.facing
    c.rect_fill(cx - w * 0.05, y - h * 1.02, cx + w * 0.05, y - h * 0.75, look.dark((110, 90, 80)))
    door_x = x - w * 0.22 * look.facing
    c.rect_fill(door_x - w * 0.08, y - h * 0.34, door_x + w * 0.08, y, look.dark((90, 60, 40)))
    win = look.window()
    wins = [
        (x + w * 0.12, y - h * 0.42, x + w * 0.3, y - h * 0.26),
        (
            x - w * 0.42 * look.facing - w * 0.05,
            y - h * 0.42,
            x - w * 0.42 * look.facing + w * 0.08,
            y - h * 0.26,
        ),
    ]
    for a, b, cc, d in wins:
        c.rect_fill(min(a, cc), b, max(a, cc), d, win)
        if look.lights_on:
            c.glow((a + cc) / 2, (b + d) / 2, h * 0.25, win, strength=0.25)


def tower(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A slim stone tower or spire."""
    w = h * 0.16
    stone = look.pick([(190, 176, 150), (150, 140, 130), (200, 170, 130)])
    c.rect_fill(x - w / 2, y - h * 0.8, x + w / 2, y, stone)
    c.polygon(
        [(x - w * 0.65, y - h * 0.8), (x + w * 0.65, y - h * 0.8), (x, y - h)],
        look.body((90, 70, 60)),
    )
    c.rect_fill(x - w * 0.15, y - h * 0.7, x + w * 0.15, y - h * 0.6, look.window())


def windmill(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    w = h * 0.3
    c.polygon(
        [(x - w / 2, y), (x + w / 2, y), (x + w * 0.3, y - h * 0.7), (x - w * 0.3, y - h * 0.7)],
        look.body((210, 200, 180)),
    )
    c.polygon(
        [(x - w * 0.36, y - h * 0.7), (x + w * 0.36, y - h * 0.7), (x, y - h * 0.85)],
        look.body((110, 70, 50)),
    )
    hub = (x, y - h * 0.72)
    blades = []
    for k in range(4):
        a = math.radians(20 + 90 * k + (look.seed % 40))
        ex, ey = hub[0] + math.cos(a) * h * 0.5, hub[1] + math.sin(a) * h * 0.5
        px, py = -math.sin(a) * h * 0.05, math.cos(a) * h * 0.05
        blades.append([hub, (ex, ey), (ex + px, ey + py), (hub[0] + px * 0.3, hub[1] + py * 0.3)])
    c.polygons(blades, look.body((180, 170, 150)))


def tent(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    w = h * 1.6
    cloth = look.pick([(200, 120, 60), (80, 120, 90), (190, 60, 50)])
    c.polygon([(x - w / 2, y), (x + w / 2, y), (x, y - h)], cloth)
    c.polygon([(x, y - h), (x + w / 2, y), (x, y)], look.dark((120, 80, 50), 0.7), opacity=0.35)
    c.polygon(
        [(x - w * 0.1, y), (x + w * 0.1, y), (x, y - h * 0.45)],
        look.lamp((255, 180, 100)) if look.lights_on else look.dark((40, 30, 20)),
    )


def stall(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A market stall: a counter of goods under a striped awning."""
    w = h * 1.5
    top = y - h
    awning_a = look.pick([(196, 52, 44), (40, 110, 160), (220, 150, 40), (60, 130, 80)])
    awning_b = look.body((236, 228, 210))
    c.lines(
        [[(x - w * 0.45, y), (x - w * 0.45, top)], [(x + w * 0.45, y), (x + w * 0.45, top)]],
        h * 0.03,
        look.dark((80, 60, 40)),
    )
    stripes = 6
    for k in range(stripes):
        x0 = x - w / 2 + w * k / stripes
        x1 = x0 + w / stripes
        c.polygon(
            [
                (x0, top),
                (x1, top),
                (x1 + w * 0.02, top + h * 0.22),
                (x0 + w * 0.02, top + h * 0.22),
            ],
            awning_a if k % 2 == 0 else awning_b,
        )
    counter_top = y - h * 0.42
    c.rect_fill(x - w * 0.48, counter_top, x + w * 0.48, y, look.body((120, 84, 54)))
    goods = [
        (x - w * 0.4 + w * 0.8 * (k + 0.5) / 7, counter_top - h * 0.04, h * 0.06, h * 0.045)
        for k in range(7)
    ]
    colours = [(230, 170, 40), (200, 80, 40), (120, 150, 50), (210, 120, 60)]
    for k, g in enumerate(goods):
        c.ellipse(*g, look.body(colours[(k + look.seed) % len(colours)]))
    if look.lights_on:
        c.glow(x, top + h * 0.3, h * 0.7, look.lamp(), strength=0.3)
        c.ellipse(x, top + h * 0.26, h * 0.03, h * 0.03, look.lamp((255, 230, 170)))


def crane(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A harbour or building-site crane: lattice tower and jib."""
    steel = look.body((190, 140, 50))
    w = h * 0.08
    c.rect_fill(x - w / 2, y - h, x + w / 2, y, steel)
    c.lines(
        [[(x - w / 2, y - h * k / 8), (x + w / 2, y - h * (k + 1) / 8)] for k in range(8)],
        h * 0.006,
        look.dark((80, 60, 20)),
    )
    c.rect_fill(x - h * 0.25, y - h - h * 0.03, x + h * 0.7, y - h, steel)
    c.lines(
        [[(x + h * 0.55, y - h), (x + h * 0.55, y - h * 0.55)]], h * 0.004, look.dark((40, 40, 40))
    )
    if look.lights_on:
        c.ellipse(x, y - h - h * 0.05, h * 0.012, h * 0.012, look.lamp((255, 60, 40)))


def bridge(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A stone arch bridge spanning about four heights."""
    w = h * 4
    stone = look.body((170, 160, 146))
    c.rect_fill(x - w / 2, y - h, x + w / 2, y - h * 0.75, stone)
    arches = []
    for k in range(3):
        ax = x - w / 2 + w * (k + 0.5) / 3
        pts = [(ax - w / 6, y - h * 0.75), (ax + w / 6, y - h * 0.75), (ax + w / 6, y)]
        pts += [
            (ax + w / 7 * math.cos(t), y - h * 0.55 * math.sin(t))
            for t in [i * math.pi / 12 for i in range(13)]
        ]
        pts += [(ax - w / 6, y)]
        arches.append(pts)
    c.polygons(arches, stone)
