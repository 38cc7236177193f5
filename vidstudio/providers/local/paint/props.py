"""Props: lamps, trees, rocks, ovens, furniture, crates, barrels, signs, fires, sacks."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.look import Look


def street_lamp(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A lamp post with a curved arm; its pool of light shows whenever the lights are on."""
    f = look.facing
    iron = look.dark((50, 52, 56), 0.8)
    head = (x + f * h * 0.18, y - h * 0.93)
    c.lines(
        [[(x, y), (x, y - h * 0.95), (x + f * h * 0.06, y - h)], [(x + f * h * 0.06, y - h), head]],
        h * 0.03,
        iron,
    )
    c.rect_fill(x - h * 0.04, y - h * 0.06, x + h * 0.04, y, iron)
    lit = look.lights_on or look.pal.ambient < 0.7
    bulb = look.lamp((255, 226, 160)) if lit else look.body((210, 210, 200))
    c.polygon(
        [
            (head[0] - h * 0.06, head[1]),
            (head[0] + h * 0.06, head[1]),
            (head[0] + h * 0.03, head[1] + h * 0.05),
            (head[0] - h * 0.03, head[1] + h * 0.05),
        ],
        bulb,
    )
    if lit:
        c.glow(head[0], head[1] + h * 0.03, h * 0.45, look.lamp((255, 210, 140)), strength=0.55)
        c.polygon(
            [
                (head[0] - h * 0.03, head[1] + h * 0.05),
                (head[0] + h * 0.03, head[1] + h * 0.05),
                (head[0] + h * 0.3, y),
                (head[0] - h * 0.3, y),
            ],
            look.lamp((255, 220, 160)),
            opacity=0.12,
        )
        c.glow(head[0], y, h * 0.35, look.lamp((255, 210, 150)), strength=0.3, squash=0.25)


def floor_lamp(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A standing lamp with a fabric shade, lit warm."""
    stand = look.dark((60, 50, 40), 0.8)
    c.lines([[(x, y), (x, y - h * 0.8)]], h * 0.025, stand)
    c.ellipse(x, y - h * 0.01, h * 0.12, h * 0.025, stand)
    c.glow(x, y - h * 0.85, h * 1.1, look.lamp((255, 206, 140)), strength=0.45)
    c.polygon(
        [
            (x - h * 0.16, y - h * 0.72),
            (x + h * 0.16, y - h * 0.72),
            (x + h * 0.1, y - h),
            (x - h * 0.1, y - h),
        ],
        look.lamp((250, 214, 160)),
    )


def lantern(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A hanging or standing lantern (``y`` is its base), glowing warm."""
    frame = look.dark((60, 50, 40), 0.8)
    c.glow(x, y - h * 0.45, h * 2.2, look.lamp((255, 196, 110)), strength=0.5)
    c.rect_fill(x - h * 0.25, y - h * 0.8, x + h * 0.25, y, look.lamp((255, 220, 150)))
    c.lines(
        [
            [(x - h * 0.28, y), (x + h * 0.28, y)],
            [(x - h * 0.28, y - h * 0.8), (x + h * 0.28, y - h * 0.8)],
            [(x, y - h * 0.8), (x, y - h)],
        ],
        h * 0.08,
        frame,
    )
    c.polygon([(x - h * 0.3, y - h * 0.8), (x + h * 0.3, y - h * 0.8), (x, y - h * 1.05)], frame)


def conifer(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A fir: stacked, drooping tiers with ragged edges, lit on the sun's side."""
    green = look.pick([(40, 84, 56), (30, 70, 50), (56, 96, 60)])
    c.rect_fill(x - h * 0.025, y - h * 0.16, x + h * 0.025, y, look.dark((80, 56, 40)))
    tiers = []
    lit = []
    sun = 1.0 if look.pal.sun_xy[0] > x else -1.0
    for k in range(5):
        top = y - h * (1.0 - 0.16 * k)
        half = h * (0.1 + 0.06 * k)
        base = top + h * 0.34
        ragged = [(x - half * (1 - j / 4), base - h * 0.025 * (j % 2)) for j in range(4)]
        tier = [(x, top), (x + half, base)] + [
            (x + half * (1 - j / 4), base - h * 0.025 * (j % 2)) for j in range(1, 4)
        ]
        tier += [(x, base - h * 0.02), *ragged[::-1][:-1], (x - half, base)]
        tiers.append(tier)
        lit.append([(x, top), (x + sun * half, base), (x + sun * half * 0.2, base - h * 0.03)])
    c.polygons(tiers, green)
    c.polygons(lit, look.body((150, 190, 110), 1.1), opacity=0.22)


def broadleaf(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A round-crowned tree; leaves lit on the sun side."""
    leaf = look.pick([(70, 110, 50), (90, 120, 40), (60, 96, 56), (150, 110, 40)])
    bark = look.dark((90, 66, 46))
    c.polygon(
        [
            (x - h * 0.05, y),
            (x + h * 0.05, y),
            (x + h * 0.025, y - h * 0.55),
            (x - h * 0.025, y - h * 0.55),
        ],
        bark,
    )
    blobs = [
        (x + h * dx, y - h * dy, h * r, h * r * 0.85)
        for dx, dy, r in (
            (0, 0.72, 0.26),
            (-0.18, 0.6, 0.2),
            (0.2, 0.6, 0.2),
            (-0.08, 0.88, 0.18),
            (0.12, 0.85, 0.17),
        )
    ]
    c.ellipses(blobs, leaf)
    sun_side = 1.0 if look.pal.sun_xy[0] > x else -1.0
    c.ellipses(
        [(bx + sun_side * r * 0.3, by - r * 0.3, r * 0.6, ry * 0.55) for bx, by, r, ry in blobs],
        look.body((150, 180, 90), 1.1),
        opacity=0.35,
    )


def palm(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    f = look.facing
    trunk = [(x + f * h * 0.12 * (t / 10) ** 2, y - h * 0.9 * t / 10) for t in range(11)]
    c.lines([trunk], h * 0.04, look.dark((110, 84, 56)))
    top = trunk[-1]
    fronds = []
    for k in range(7):
        a = math.radians(-170 + k * 27)
        ex, ey = top[0] + math.cos(a) * h * 0.38, top[1] + math.sin(a) * h * 0.2 + h * 0.12
        fronds.append([top, ((top[0] + ex) / 2, (top[1] + ey) / 2 - h * 0.08), (ex, ey)])
    c.lines(fronds, h * 0.035, look.body((60, 110, 50)))


def rock(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    stone = look.pick([(120, 116, 110), (100, 96, 90), (140, 128, 110)])
    c.polygon(
        [
            (x - h * 0.9, y),
            (x - h * 0.7, y - h * 0.6),
            (x - h * 0.2, y - h),
            (x + h * 0.4, y - h * 0.85),
            (x + h * 0.9, y - h * 0.3),
            (x + h, y),
        ],
        stone,
    )
    c.polygon(
        [
            (x - h * 0.2, y - h),
            (x + h * 0.4, y - h * 0.85),
            (x + h * 0.9, y - h * 0.3),
            (x + h * 0.2, y - h * 0.5),
        ],
        look.body((190, 184, 176)),
        opacity=0.3,
    )


def oven(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A brick bread oven: a dome with a glowing mouth and a chimney."""
    w = h * 1.3
    brick = look.body((150, 80, 56))
    c.rect_fill(x - w / 2, y - h * 0.45, x + w / 2, y, look.body((120, 100, 90)))
    c.ellipse(x, y - h * 0.45, w * 0.48, h * 0.5, brick)
    c.rect_fill(x + w * 0.18, y - h * 1.25, x + w * 0.3, y - h * 0.75, brick)
    mouth_y = y - h * 0.55
    c.ellipse(x, mouth_y, w * 0.17, h * 0.14, look.lamp((255, 140, 50)))
    c.rect_fill(x - w * 0.17, mouth_y, x + w * 0.17, y - h * 0.45, look.lamp((255, 110, 40)))
    c.glow(x, mouth_y, h * 1.3, look.lamp((255, 140, 60)), strength=0.5)
    c.lines(
        [[(x - w / 2 + w * k / 6, y - h * 0.45), (x - w / 2 + w * k / 6, y)] for k in range(1, 6)],
        h * 0.01,
        look.dark((90, 60, 50)),
        opacity=0.5,
    )


def table(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    wood = look.pick([(140, 96, 60), (110, 74, 48), (170, 130, 90)])
    w = h * 2.0
    c.rect_fill(x - w / 2, y - h, x + w / 2, y - h * 0.88, wood)
    c.lines(
        [
            [(x - w * 0.42, y - h * 0.9), (x - w * 0.42, y)],
            [(x + w * 0.42, y - h * 0.9), (x + w * 0.42, y)],
        ],
        h * 0.08,
        look.dark((100, 70, 50), 0.8),
    )
    # What lies on the table varies with the place: loaves, a cloth and cups, or nothing.
    choice = look.seed % 3
    if choice == 0:
        items = [
            (x - w * 0.2, y - h * 1.06, h * 0.14, h * 0.07),
            (x + w * 0.12, y - h * 1.05, h * 0.1, h * 0.06),
        ]
        c.ellipses(items, look.body((200, 150, 80)))
    elif choice == 1:
        c.rect_fill(x - w * 0.3, y - h * 1.0, x + w * 0.3, y - h * 0.7, look.body((220, 216, 204)))
        cup = look.body((240, 240, 236))
        c.rect_fill(x - w * 0.08, y - h * 1.16, x - w * 0.02, y - h * 1.0, cup)


def casino_table(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A gaming table: green baize on a dark wooden rim, a wheel or stacked chips."""
    w = h * 3.0
    c.rect_fill(x - w / 2, y - h * 0.95, x + w / 2, y, look.dark((60, 36, 24), 0.9))
    c.ellipse(x, y - h * 0.98, w * 0.52, h * 0.2, look.dark((70, 44, 28), 0.9))
    c.ellipse(x, y - h * 1.0, w * 0.47, h * 0.16, look.body((30, 110, 60)))
    c.ellipse(x + w * 0.18, y - h * 1.02, h * 0.22, h * 0.08, look.body((150, 110, 50)))
    c.ellipses([(x - w * 0.2 + k * h * 0.1, y - h * 1.03, h * 0.04, h * 0.025) for k in range(4)],
               look.body((200, 40, 40)))


def chandelier(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A chandelier hanging at ``y`` (its top), glowing gold."""
    gold = look.lamp((255, 210, 120))
    c.lines([[(x, y - 1.0), (x, y)]], h * 0.02, look.dark((60, 50, 30), 0.8))
    c.glow(x, y + h * 0.35, h * 2.2, look.lamp((255, 200, 120)), strength=0.5)
    c.polygon([(x - h * 0.5, y + h * 0.3), (x + h * 0.5, y + h * 0.3), (x, y + h * 0.7)], gold)
    c.ellipses([(x + h * 0.5 * k / 3, y + h * 0.28, h * 0.05, h * 0.08) for k in range(-3, 4)],
               look.lamp((255, 240, 200)))


def monitor_desk(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A desk with a row of glowing screens (labs, control rooms)."""
    w = h * 2.6
    desk = look.dark((70, 72, 78), 0.9)
    c.rect_fill(x - w / 2, y - h * 0.45, x + w / 2, y - h * 0.38, desk)
    c.lines([[(x - w * 0.45, y - h * 0.4), (x - w * 0.45, y)],
             [(x + w * 0.45, y - h * 0.4), (x + w * 0.45, y)]], h * 0.05, desk)
    screen = look.lamp((120, 200, 255))
    for k in range(3):
        sx = x - w * 0.3 + k * w * 0.3
        c.rect_fill(sx - h * 0.3, y - h * 0.95, sx + h * 0.3, y - h * 0.55, look.dark((20, 22, 28)))
        c.rect_fill(sx - h * 0.26, y - h * 0.91, sx + h * 0.26, y - h * 0.59, screen)
        c.glow(sx, y - h * 0.75, h * 0.9, screen, strength=0.25)


def chair(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    wood = look.dark((120, 80, 50), 0.9)
    f = look.facing
    c.lines(
        [
            [(x - f * h * 0.2, y - h), (x - f * h * 0.2, y)],
            [(x + f * h * 0.2, y - h * 0.5), (x + f * h * 0.2, y)],
            [(x - f * h * 0.22, y - h * 0.5), (x + f * h * 0.22, y - h * 0.5)],
        ],
        h * 0.07,
        wood,
    )


def crate(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    wood = look.body((160, 120, 70))
    c.rect_fill(x - h / 2, y - h, x + h / 2, y, wood)
    c.lines(
        [
            [(x - h / 2, y - h), (x + h / 2, y)],
            [(x - h / 2, y - h * 0.5), (x + h / 2, y - h * 0.5)],
        ],
        h * 0.05,
        look.dark((110, 80, 50)),
        opacity=0.7,
    )
    c.lines(
        [
            [
                (x - h / 2, y - h),
                (x + h / 2, y - h),
                (x + h / 2, y),
                (x - h / 2, y),
                (x - h / 2, y - h),
            ]
        ],
        h * 0.06,
        look.dark((100, 70, 44)),
    )


def barrel(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    wood = look.body((130, 84, 50))
    c.polygon(
        [
            (x - h * 0.3, y),
            (x - h * 0.36, y - h * 0.5),
            (x - h * 0.3, y - h),
            (x + h * 0.3, y - h),
            (x + h * 0.36, y - h * 0.5),
            (x + h * 0.3, y),
        ],
        wood,
    )
    c.lines(
        [[(x - h * 0.34, y - h * k), (x + h * 0.34, y - h * k)] for k in (0.2, 0.8)],
        h * 0.05,
        look.dark((60, 60, 60)),
    )


def bench(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    wood = look.body((120, 86, 56))
    w = h * 3
    c.rect_fill(x - w / 2, y - h * 0.55, x + w / 2, y - h * 0.45, wood)
    c.rect_fill(x - w / 2, y - h, x + w / 2, y - h * 0.85, wood)
    c.lines(
        [[(x - w * 0.42, y - h), (x - w * 0.42, y)], [(x + w * 0.42, y - h), (x + w * 0.42, y)]],
        h * 0.08,
        look.dark((40, 40, 44)),
    )


def neon_sign(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A glowing sign board (``y`` is its bottom edge); neon-bright after dark."""
    hue = [(255, 60, 160), (60, 220, 255), (255, 200, 60), (140, 255, 120)][look.seed % 4]
    w = h * 2.2
    on = look.lights_on or look.pal.ambient < 0.7
    colour = look.lamp(hue) if on else look.body((200, 190, 180))
    c.rect_fill(x - w / 2, y - h, x + w / 2, y, look.dark((30, 30, 36)))
    c.lines(
        [
            [
                (x - w * 0.4, y - h * 0.3),
                (x - w * 0.2, y - h * 0.7),
                (x, y - h * 0.3),
                (x + w * 0.2, y - h * 0.7),
                (x + w * 0.4, y - h * 0.3),
            ]
        ],
        h * 0.1,
        colour,
    )
    if on:
        c.glow(x, y - h / 2, w * 0.9, colour, strength=0.45, squash=0.6)


def fire(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    c.glow(x, y - h * 0.4, h * 3, look.lamp((255, 140, 50)), strength=0.5)
    c.polygons(
        [
            [
                (x - h * 0.4, y),
                (x - h * 0.2, y - h * 0.6),
                (x, y - h),
                (x + h * 0.15, y - h * 0.5),
                (x + h * 0.4, y),
            ]
        ],
        look.lamp((255, 150, 40)),
    )
    c.polygons([[(x - h * 0.2, y), (x, y - h * 0.6), (x + h * 0.2, y)]], look.lamp((255, 230, 120)))
    c.lines(
        [
            [(x - h * 0.5, y), (x + h * 0.5, y - h * 0.1)],
            [(x - h * 0.5, y - h * 0.1), (x + h * 0.5, y)],
        ],
        h * 0.08,
        look.dark((70, 50, 40)),
    )


def sack(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    cloth = look.body((196, 170, 120))
    c.polygon(
        [
            (x - h * 0.45, y),
            (x - h * 0.5, y - h * 0.5),
            (x - h * 0.3, y - h * 0.9),
            (x, y - h),
            (x + h * 0.3, y - h * 0.9),
            (x + h * 0.5, y - h * 0.5),
            (x + h * 0.45, y),
        ],
        cloth,
    )
    c.lines(
        [[(x - h * 0.2, y - h * 0.88), (x + h * 0.2, y - h * 0.88)]],
        h * 0.05,
        look.dark((120, 90, 60)),
    )


def shelf(c: Canvas, x: float, y: float, h: float, look: Look, goods: str = "books") -> None:
    """A tall shelf against a wall, of books and jars, or (``goods="bread"``) of loaves."""
    w = h * 0.6
    wood = look.body((110, 76, 50))
    c.rect_fill(x - w / 2, y - h, x + w / 2, y, look.dark((80, 56, 40), 0.7))
    boards = [[(x - w / 2, y - h * k / 4), (x + w / 2, y - h * k / 4)] for k in range(5)]
    c.lines(boards, h * 0.025, wood)
    if goods == "bread":
        crust = [look.body((196, 140, 70)), look.body((170, 110, 50)), look.body((214, 170, 100))]
        for k in range(4):
            base = y - h * k / 4 - h * 0.012
            for j in range(3):
                ix = x - w * 0.3 + w * 0.3 * j
                c.ellipse(ix, base - h * 0.05, w * 0.13, h * 0.05, crust[(j + k) % 3])
        return
    colours = [(180, 60, 50), (60, 100, 150), (200, 170, 90), (80, 130, 80), (220, 210, 190)]
    items = []
    for k in range(4):
        base = y - h * k / 4 - h * 0.012
        for j in range(5):
            ix = x - w * 0.4 + w * 0.8 * (j + 0.5) / 5
            items.append((k, j, ix, base))
    for k, j, ix, base in items:
        c.rect_fill(
            ix - w * 0.06,
            base - h * 0.15,
            ix + w * 0.06,
            base,
            look.body(colours[(k * 3 + j + look.seed) % len(colours)]),
        )


def cafe_table(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A small round café table with two cups, steam rising from them."""
    metal = look.dark((50, 50, 54), 0.8)
    top = look.body((200, 190, 170))
    c.lines([[(x, y - h * 0.95), (x, y)], [(x - h * 0.3, y), (x + h * 0.3, y)]], h * 0.06, metal)
    c.ellipse(x, y - h, h * 0.55, h * 0.08, top)
    cup = look.body((246, 244, 238))
    for dx in (-0.22, 0.2):
        c.rect_fill(x + h * dx - h * 0.06, y - h * 1.14, x + h * dx + h * 0.06, y - h * 1.02, cup)
        c.lines([[(x + h * dx, y - h * 1.18), (x + h * dx + h * 0.05, y - h * 1.32),
                  (x + h * dx - h * 0.02, y - h * 1.46)]], h * 0.025, (236, 236, 240))
