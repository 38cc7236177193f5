"""Hand-painted things a script names that the illustration library does not draw (see
``art.painted``): a kitchen stove, a safe, the moon, a fireplace, a harp, a garden swing, a
beehive, a covered wagon and a scarecrow. Each takes ``(canvas, x, y, h, look)``
like the other painters: ``y`` is where it stands (the moon's: its middle), ``h`` its height.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.look import Look


def stove(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A kitchen range: an enamel body, two rings on the hob, an oven door with a lit window."""
    w = h * 0.75
    body = look.body((226, 222, 212))
    edge = look.dark((70, 66, 62), 0.8)
    c.rect_fill(x - w / 2, y - h, x + w / 2, y, edge)
    c.rect_fill(x - w / 2 + h * 0.02, y - h + h * 0.02, x + w / 2 - h * 0.02, y - h * 0.02, body)
    c.rect_fill(x - w / 2, y - h * 1.04, x + w / 2, y - h * 0.98, edge)  # the hob
    c.ellipses([(x - w * 0.22, y - h * 1.04, w * 0.16, h * 0.03),
                (x + w * 0.22, y - h * 1.04, w * 0.16, h * 0.03)], look.dark((40, 40, 44), 0.9))
    c.ellipses([(x - w * 0.3 + w * 0.2 * k, y - h * 0.86, h * 0.03, h * 0.03) for k in range(4)],
               edge)  # the knobs
    c.rect_fill(x - w * 0.38, y - h * 0.74, x + w * 0.38, y - h * 0.12, edge)
    c.rect_fill(x - w * 0.3, y - h * 0.64, x + w * 0.3, y - h * 0.26, look.lamp((255, 150, 70)))
    c.rect_fill(x - w * 0.3, y - h * 0.8, x + w * 0.3, y - h * 0.77, edge)  # the handle


def safe(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A steel safe: a heavy box, a recessed door, a dial and a handle."""
    w = h * 0.8
    steel = look.body((92, 100, 110))
    c.rect_fill(x - w / 2, y - h, x + w / 2, y, look.dark((60, 64, 70), 0.8))
    c.rect_fill(x - w * 0.42, y - h * 0.93, x + w * 0.42, y - h * 0.07, steel)
    c.ellipse(x - w * 0.08, y - h * 0.55, h * 0.14, h * 0.14, look.body((200, 190, 150)))
    c.ellipse(x - w * 0.08, y - h * 0.55, h * 0.06, h * 0.06, look.dark((60, 64, 70), 0.7))
    c.lines([[(x + w * 0.28, y - h * 0.7), (x + w * 0.28, y - h * 0.4)]], h * 0.05,
            look.body((200, 190, 150)))
    c.rect_fill(x - w * 0.45, y - h * 0.04, x - w * 0.3, y + h * 0.0, look.dark((30, 30, 30)))
    c.rect_fill(x + w * 0.3, y - h * 0.04, x + w * 0.45, y + h * 0.0, look.dark((30, 30, 30)))


def moon(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """The moon: a pale disc ``h`` across, centred on ``(x, y)``, with a halo and a few maria."""
    r = h * 0.42
    c.glow(x, y, r * 3.0, look.lamp((226, 232, 246)), strength=0.35, falloff=2.2)
    c.ellipse(x, y, r, r, look.lamp((240, 238, 226)))
    grey = look.lamp((196, 196, 192))
    c.ellipses([(x - r * 0.3, y - r * 0.2, r * 0.24, r * 0.2), (x + r * 0.25, y + r * 0.3,
                r * 0.18, r * 0.14), (x + r * 0.1, y - r * 0.4, r * 0.12, r * 0.1)], grey)


def table(c: Canvas, x0: float, x1: float, y: float, h: float, look: Look,
          rgb: tuple[int, int, int] = (132, 92, 58)) -> None:
    """A plain wooden table from ``x0`` to ``x1``, standing on ``y``, its top ``h`` high."""
    wood = look.body(rgb)
    dark = look.dark(rgb, 0.6)
    leg = max(0.012, h * 0.1)
    c.ellipse((x0 + x1) / 2, y, (x1 - x0) * 0.55, h * 0.08, look.dark((40, 34, 30), 0.5),
              opacity=0.5)
    c.rect_fill(x0 + leg, y - h, x0 + leg * 2, y, dark)
    c.rect_fill(x1 - leg * 2, y - h, x1 - leg, y, dark)
    c.rect_fill(x0, y - h, x1, y - h + h * 0.12, wood)
    c.rect_fill(x0, y - h + h * 0.12, x1, y - h + h * 0.2, dark)


def fireplace(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A hearth against the back wall: a brick surround, a mantel shelf and a fire inside."""
    w = h * 1.1
    brick = look.body((150, 78, 60))
    c.rect_fill(x - w / 2, y - h, x + w / 2, y, brick)
    c.lines([[(x - w / 2, y - h * k), (x + w / 2, y - h * k)] for k in (0.25, 0.5, 0.75)],
            h * 0.012, look.dark((150, 78, 60), 0.7))
    c.rect_fill(x - w * 0.58, y - h * 1.04, x + w * 0.58, y - h * 0.94,
                look.body((120, 84, 56)))  # the mantel
    c.rect_fill(x - w * 0.3, y - h * 0.62, x + w * 0.3, y, look.dark((24, 20, 18), 0.9))
    c.glow(x, y - h * 0.18, h * 0.9, look.lamp((255, 150, 60)), strength=0.45)
    c.polygons([[(x + w * dx - h * 0.08, y - h * 0.04), (x + w * dx, y - h * 0.4),
                 (x + w * dx + h * 0.08, y - h * 0.04)] for dx in (-0.12, 0.0, 0.12)],
               look.lamp((255, 170, 60)))


def harp(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A concert harp: a gilded column, a curved neck, a sounding board and its strings."""
    gold = look.body((214, 170, 72), 1.1)
    top = (x + h * 0.25, y - h * 0.85)
    c.lines([[(x - h * 0.22, y), (x - h * 0.22, y - h)]], h * 0.05, gold)  # the column
    c.lines([[(x - h * 0.22, y - h), (x, y - h * 0.9), top]], h * 0.05, gold)  # the neck
    c.lines([[(x - h * 0.18, y - h * 0.03), top]], h * 0.07, look.body((150, 96, 50)))
    c.lines([[(x - h * 0.22 + h * 0.06 * k, y - h * (0.95 - 0.02 * k)),
              (x - h * 0.22 + h * 0.06 * k, y - h * 0.03 - h * 0.12 * k)] for k in range(1, 7)],
            h * 0.008, look.body((240, 232, 200), 1.1))
    c.rect_fill(x - h * 0.3, y - h * 0.05, x + h * 0.05, y, gold)  # the base


def swing(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A wooden garden swing: an A-frame, two ropes and a seat."""
    w = h * 0.8
    wood = look.body((130, 92, 58))
    c.lines([[(x - w / 2, y), (x - w * 0.42, y - h)], [(x - w * 0.34, y), (x - w * 0.42, y - h)],
             [(x + w / 2, y), (x + w * 0.42, y - h)], [(x + w * 0.34, y), (x + w * 0.42, y - h)]],
            h * 0.04, wood)
    c.lines([[(x - w * 0.46, y - h), (x + w * 0.46, y - h)]], h * 0.05, wood)
    rope = look.body((210, 196, 160))
    c.lines([[(x - w * 0.15, y - h), (x - w * 0.15, y - h * 0.3)],
             [(x + w * 0.15, y - h), (x + w * 0.15, y - h * 0.3)]], h * 0.012, rope)
    c.rect_fill(x - w * 0.2, y - h * 0.32, x + w * 0.2, y - h * 0.27, look.body((110, 70, 40)))


def beehive(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A straw skep: a dome of stacked bands with a dark entrance at its foot."""
    w = h * 0.8
    straw = (206, 160, 70)
    for k in range(5):
        band_y = y - h * (0.12 + 0.18 * k)
        half = w / 2 * (1.0 - 0.16 * k) if k < 4 else w * 0.16
        c.ellipse(x, band_y, half, h * 0.11, look.body(straw, 1.0 - 0.05 * (k % 2)))
    c.ellipse(x, y - h * 0.08, h * 0.08, h * 0.06, look.dark((30, 22, 14), 0.9))


def wagon(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A covered wagon: a wooden box on two big spoked wheels under a white canvas hood."""
    w = h * 1.6
    wood = look.body((130, 88, 52))
    c.rect_fill(x - w * 0.42, y - h * 0.55, x + w * 0.42, y - h * 0.3, wood)
    c.polygon([(x - w * 0.4, y - h * 0.55), (x - w * 0.36, y - h), (x + w * 0.36, y - h),
               (x + w * 0.4, y - h * 0.55)], look.body((232, 226, 206), 1.1))
    c.lines([[(x + w * 0.42, y - h * 0.4), (x + w * 0.5, y - h * 0.2)]], h * 0.03, wood)
    rim = look.dark((60, 44, 30), 0.8)
    for wx in (x - w * 0.26, x + w * 0.26):
        r = h * 0.3
        c.lines([[(wx + r * dx, y - r + r * dy), (wx - r * dx, y - r - r * dy)]
                 for dx, dy in ((1.0, 0.0), (0.0, 1.0), (0.7, 0.7), (0.7, -0.7))], h * 0.02, rim)
        c.ellipse(wx, y - r, h * 0.05, h * 0.05, rim)
        ring = [(wx + r * math.cos(a / 12 * math.tau), y - r + r * math.sin(a / 12 * math.tau))
                for a in range(13)]
        c.lines([ring], h * 0.04, rim)


def scarecrow(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A scarecrow on its pole: a stuffed coat on a cross-bar, straw hands, a sack head and hat."""
    pole = look.body((120, 86, 52))
    c.lines([[(x, y), (x, y - h * 0.8)]], h * 0.04, pole)
    c.lines([[(x - h * 0.38, y - h * 0.66), (x + h * 0.38, y - h * 0.66)]], h * 0.035, pole)
    coat = look.body((120, 60, 40))
    c.polygon([(x - h * 0.36, y - h * 0.7), (x + h * 0.36, y - h * 0.7), (x + h * 0.2, y - h * 0.3),
               (x - h * 0.2, y - h * 0.3)], coat)
    straw = look.body((220, 186, 90))
    c.polygons([[(x + s * h * 0.36, y - h * 0.72), (x + s * h * 0.46, y - h * 0.62),
                 (x + s * h * 0.34, y - h * 0.6)] for s in (-1, 1)], straw)
    c.ellipse(x, y - h * 0.8, h * 0.09, h * 0.1, look.body((214, 190, 140)))  # the sack head
    c.rect_fill(x - h * 0.16, y - h * 0.88, x + h * 0.16, y - h * 0.85, look.dark((60, 50, 40)))
    c.rect_fill(x - h * 0.08, y - h * 1.0, x + h * 0.08, y - h * 0.87, look.dark((60, 50, 40)))


TABLE_RGB = (88, 56, 34)


def table_subject(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A table a scene names, centred on ``x``: as wide as ``THINGS`` says for its height."""
    half = h * 0.9
    table(c, x - half, x + half, y, h, look, TABLE_RGB)


# painted thing -> its painter, for those drawn here (the others have their own modules)
PAINTERS = {"fireplace": fireplace, "harp": harp, "swing": swing, "beehive": beehive,
            "wagon": wagon, "scarecrow": scarecrow, "table": table_subject}
