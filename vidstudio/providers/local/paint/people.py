"""Living things: people (standing, walking, sitting, in a spacesuit), animals, birds, crowds."""

from __future__ import annotations

from vidstudio.providers.local.paint.canvas import Canvas
from vidstudio.providers.local.paint.look import Look

_COATS = [(60, 70, 96), (120, 50, 44), (70, 90, 60), (150, 110, 70), (50, 50, 56), (170, 140, 60)]


def figure(c: Canvas, x: float, y: float, h: float, look: Look, pose: str = "stand",
           lantern: bool = False) -> None:
    """A person ``h`` tall standing on ``y``: head, coat, legs; ``pose`` stand|walk|sit|suit."""
    f = look.facing
    coat = look.pick(_COATS)
    skin = look.body((200, 160, 130))
    dark = look.dark((40, 36, 40))
    if pose == "suit":
        coat, skin = look.body((232, 232, 226), 1.1), look.body((200, 170, 90), 1.2)
    head_r = h * 0.075
    head_y = y - h + head_r
    shoulder = y - h * 0.8
    hip = y - h * 0.45
    if pose == "sit":
        c.lines([[(x, hip), (x + f * h * 0.22, hip), (x + f * h * 0.24, y)]], h * 0.09, dark)
    else:
        stride = h * (0.14 if pose == "walk" else 0.04)
        c.lines([[(x - h * 0.03, hip), (x - stride, y)], [(x + h * 0.03, hip), (x + stride, y)]],
                h * 0.085, dark)
    width = h * (0.15 if pose != "suit" else 0.2)
    c.polygon([(x - width / 2, shoulder), (x + width / 2, shoulder), (x + width * 0.62, hip + h * 0.06),
               (x - width * 0.62, hip + h * 0.06)], coat)
    swing = h * (0.12 if pose == "walk" else 0.05)
    arm_end = (x + f * swing, y - h * 0.46)
    c.lines([[(x - f * width * 0.35, shoulder + h * 0.02), (x - f * swing, y - h * 0.47)],
             [(x + f * width * 0.35, shoulder + h * 0.02), arm_end]], h * 0.06, coat)
    c.ellipse(x, head_y, head_r, head_r * 1.1, skin)
    if pose == "suit":
        c.ellipse(x, head_y, head_r * 1.35, head_r * 1.35, look.body((236, 236, 230), 1.1))
        c.ellipse(x + f * head_r * 0.2, head_y, head_r * 0.85, head_r * 0.8, look.body((190, 150, 60)))
        c.rect_fill(x - f * width * 0.95, shoulder, x - f * width * 0.5, hip,
                    look.body((210, 210, 204)))
    else:
        hair = look.pick([(50, 36, 28), (120, 90, 60), (30, 30, 30), (160, 150, 140)], 2)
        c.ellipse(x - f * head_r * 0.15, head_y - head_r * 0.35, head_r * 1.02, head_r * 0.75, hair)
    if lantern:
        lx, ly = arm_end[0] + f * h * 0.02, arm_end[1] + h * 0.05
        c.glow(lx, ly, h * 0.7, look.lamp((255, 200, 110)), strength=0.55)
        c.rect_fill(lx - h * 0.03, ly - h * 0.04, lx + h * 0.03, ly + h * 0.04,
                    look.lamp((255, 226, 150)))


def dog(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    f = look.facing
    fur = look.pick([(120, 90, 60), (60, 50, 44), (200, 180, 150)])
    c.ellipse(x, y - h * 0.6, h * 0.55, h * 0.22, fur)
    c.ellipse(x + f * h * 0.55, y - h * 0.85, h * 0.16, h * 0.14, fur)
    c.polygon([(x + f * h * 0.5, y - h * 0.95), (x + f * h * 0.58, y - h * 1.08),
               (x + f * h * 0.62, y - h * 0.92)], fur)
    c.lines([[(x - h * 0.4, y - h * 0.5), (x - h * 0.42, y)], [(x - h * 0.25, y - h * 0.5), (x - h * 0.22, y)],
             [(x + h * 0.25, y - h * 0.5), (x + h * 0.24, y)], [(x + h * 0.4, y - h * 0.5), (x + h * 0.42, y)],
             [(x - f * h * 0.5, y - h * 0.65), (x - f * h * 0.72, y - h * 0.85)]], h * 0.08, fur)


def birds(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A few gulls in flight around (x, y); ``h`` is the flock's spread."""
    colour = look.dark((60, 60, 70), 0.8) if not look.pal.is_dark else look.body((200, 200, 210))
    paths = []
    for k in range(5):
        bx = x + h * ((k * 0.37 + look.seed * 0.13) % 1.0 - 0.5) * 2
        by = y - h * ((k * 0.61 + look.seed * 0.07) % 1.0) * 0.8
        s = h * (0.06 + 0.02 * (k % 3))
        paths.append([(bx - s, by - s * 0.3), (bx - s * 0.4, by - s * 0.45), (bx, by),
                      (bx + s * 0.4, by - s * 0.45), (bx + s, by - s * 0.3)])
    c.lines(paths, h * 0.012, colour)


def crowd(c: Canvas, x: float, y: float, h: float, look: Look, count: int = 6,
          spread: float = 1.0) -> None:
    """A loose group of people around ``x`` (market squares, quays, streets)."""
    for k in range(count):
        dx = ((k * 0.618 + look.seed * 0.1) % 1.0 - 0.5) * spread
        scale = 0.85 + 0.3 * ((k * 0.37) % 1.0)
        sub = Look(look.pal, look.depth, 1.0 if k % 2 else -1.0, look.seed + k * 7)
        figure(c, x + dx, y + (k % 3) * h * 0.04, h * scale, sub, pose="walk" if k % 3 else "stand")
