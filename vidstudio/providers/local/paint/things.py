"""Hand-painted things a script names that the illustration library does not draw (see
``art.painted``): a kitchen stove, a safe and the moon. Each takes ``(canvas, x, y, h, look)``
like the other painters: ``y`` is where it stands (the moon's: its middle), ``h`` its height.
"""

from __future__ import annotations

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


def table(c: Canvas, x0: float, x1: float, y: float, h: float, look: Look) -> None:
    """A plain wooden table from ``x0`` to ``x1``, standing on ``y``, its top ``h`` high."""
    wood = look.body((132, 92, 58))
    dark = look.dark((132, 92, 58), 0.6)
    leg = max(0.012, h * 0.1)
    c.ellipse((x0 + x1) / 2, y, (x1 - x0) * 0.55, h * 0.08, look.dark((40, 34, 30), 0.5),
              opacity=0.5)
    c.rect_fill(x0 + leg, y - h, x0 + leg * 2, y, dark)
    c.rect_fill(x1 - leg * 2, y - h, x1 - leg, y, dark)
    c.rect_fill(x0, y - h, x1, y - h + h * 0.12, wood)
    c.rect_fill(x0, y - h + h * 0.12, x1, y - h + h * 0.2, dark)
