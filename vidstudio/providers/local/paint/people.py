"""Living things: people (standing, walking, sitting, in a spacesuit), animals, birds, crowds."""

from __future__ import annotations

from dataclasses import dataclass

from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix
from vidstudio.providers.local.paint.look import Look

_COATS = [(60, 70, 96), (120, 50, 44), (70, 90, 60), (150, 110, 70), (50, 50, 56), (170, 140, 60)]


@dataclass(frozen=True)
class Dress:
    """A member of the cast's own colours and build, the same in every shot (see ``cast``).

    Attributes:
        coat / trousers / hair / skin: base colours, lit by the scene where drawn.
        hat: a hat's colour, if they wear one.
        width: build: 1 average, below slight, above stocky.
        bald: no hair drawn.
        glasses: a pair of glasses.
    """

    coat: RGB
    trousers: RGB
    hair: RGB
    skin: RGB
    hat: RGB | None = None
    width: float = 1.0
    bald: bool = False
    glasses: bool = False


# How much of a named colour survives the scene's light: enough that a blue coat is blue at
# dusk and by lamplight, while still taking the light's brightness.
_NAMED = 0.55


def figure(
    c: Canvas,
    x: float,
    y: float,
    h: float,
    look: Look,
    pose: str = "stand",
    lantern: bool = False,
    coat: RGB | None = None,
    dress: Dress | None = None,
) -> None:
    """A person ``h`` tall standing on ``y``; ``pose`` stand|walk|sit|suit (a spacesuit).

    Proportions follow a figure drawing canon of about 7.5 heads: legs half the height,
    shoulders a quarter of it wide; the side toward the light gets a soft rim of light.
    A member of the cast brings their own ``dress`` (colours and build).
    """
    f = look.facing
    suit = pose == "suit"
    if dress is not None and not suit:
        coat = _named(look, dress.coat)
    elif coat is not None and not suit:
        # The colour the script names ("a red raincoat") reads even in dim light.
        coat = mix(look.body(coat, 1.15), coat, 0.4)
    else:
        coat = look.pick(_COATS) if not suit else look.body((232, 232, 226), 1.1)
    if suit:
        trousers = look.body((214, 214, 208), 1.05)
    elif dress is not None:
        trousers = _named(look, dress.trousers)
    else:
        trousers = look.dark((44, 44, 52), 0.9)
    skin = look.body(dress.skin if dress is not None else (206, 164, 132))
    head_r = h * 0.064
    # Seated, the body sinks to seat height (about a quarter of the standing height).
    drop = h * 0.2 if pose == "sit" else 0.0
    head_y = y - h + head_r + drop
    shoulder_y = y - h * 0.81 + drop
    waist_y = y - h * 0.53 + drop
    hem_y = (y - h * 0.4 if not suit else y - h * 0.45) + drop
    hip_y = y - h * 0.47 + drop
    sw = h * (0.125 if not suit else 0.16) * (dress.width if dress else 1.0)  # half shoulders
    # Legs: thigh to ankle, apart when walking; bent forward when sitting.
    stride = {"walk": 0.12, "sit": 0.0}.get(pose, 0.035) * h
    leg_w = h * (0.04 if not suit else 0.055)
    if pose == "sit":
        knee = (x + f * h * 0.22, hip_y + h * 0.02)
        c.lines([[(x, hip_y), knee, (knee[0] + f * h * 0.02, y)]], leg_w * 2, trousers)
    else:
        for side, swing in ((-1, -stride), (1, stride)):
            c.polygon(
                [
                    (x + side * leg_w * 1.1 - leg_w, hip_y),
                    (x + side * leg_w * 1.1 + leg_w, hip_y),
                    (x + swing + leg_w * 0.7, y - h * 0.03),
                    (x + swing - leg_w * 0.7, y - h * 0.03),
                ],
                trousers,
            )
            c.polygon(
                [
                    (x + swing - leg_w * 0.8, y - h * 0.035),
                    (x + swing + f * leg_w * 2.2, y - h * 0.01),
                    (x + swing + f * leg_w * 2.2, y),
                    (x + swing - leg_w * 0.8, y),
                ],
                look.dark((30, 26, 24), 0.8),
            )
    # Torso: a coat from the shoulders to the hem.
    torso = [
        (x - sw, shoulder_y + h * 0.015),
        (x - sw * 0.55, shoulder_y - h * 0.02),
        (x + sw * 0.55, shoulder_y - h * 0.02),
        (x + sw, shoulder_y + h * 0.015),
        (x + sw * 0.78, waist_y),
        (x + sw * 0.95, hem_y),
        (x - sw * 0.95, hem_y),
        (x - sw * 0.78, waist_y),
    ]
    c.polygon(torso, coat)
    lit_side = 1.0 if look.pal.sun_xy[0] > x else -1.0
    c.polygon(
        [
            (x + lit_side * sw * 0.35, shoulder_y),
            (x + lit_side * sw, shoulder_y + h * 0.015),
            (x + lit_side * sw * 0.78, waist_y),
            (x + lit_side * sw * 0.95, hem_y),
            (x + lit_side * sw * 0.5, hem_y),
        ],
        look.body((255, 250, 240), 1.2),
        opacity=0.18,
    )
    # Arms: sleeves from the shoulders, swinging when walking; hands at the ends.
    swing = h * (0.1 if pose == "walk" else 0.03)
    arm_w = h * (0.045 if not suit else 0.06)
    hands = []
    for side, s in ((-1, -swing * f), (1, swing * f)):
        shoulder = (x + side * sw * 0.85, shoulder_y + h * 0.02)
        elbow = (x + side * sw * 1.05 + s * 0.5, y - h * 0.63 + drop)
        hand = (x + side * sw * 0.95 + s, y - h * 0.47 + drop)
        c.lines([[shoulder, elbow, hand]], arm_w, coat)
        hands.append(hand)
    c.ellipses([(hx, hy, h * 0.022, h * 0.026) for hx, hy in hands], skin if not suit else coat)
    # Neck and head; hair or a helmet.
    c.rect_fill(x - h * 0.022, head_y + head_r * 0.7, x + h * 0.022, shoulder_y, skin)
    if suit:
        c.ellipse(x, head_y, head_r * 1.45, head_r * 1.45, look.body((236, 236, 230), 1.1))
        c.ellipse(
            x + f * head_r * 0.25,
            head_y + head_r * 0.05,
            head_r * 0.95,
            head_r * 0.8,
            look.body((200, 150, 60), 1.2),
        )
        c.rect_fill(
            x - f * sw * 1.5, shoulder_y, x - f * sw * 0.9, hem_y, look.body((210, 210, 204), 1.05)
        )
    else:
        c.ellipse(x, head_y, head_r * 0.9, head_r, skin)
        hair = look.body(dress.hair) if dress is not None else \
            look.pick([(50, 36, 28), (120, 90, 60), (30, 30, 30), (160, 150, 140)], 2)
        if dress is None or not dress.bald:
            c.polygon(
                [
                    (x - head_r * 0.95, head_y + head_r * 0.1),
                    (x - head_r * 0.8, head_y - head_r * 0.8),
                    (x, head_y - head_r * 1.08),
                    (x + head_r * 0.8, head_y - head_r * 0.8),
                    (x + head_r * 0.95, head_y),
                    (x - f * head_r * 0.2, head_y - head_r * 0.45),
                ],
                hair,
            )
        if dress is not None and dress.hat is not None:
            hat = _named(look, dress.hat)
            c.ellipse(x, head_y - head_r * 0.55, head_r * 1.05, head_r * 0.6, hat)
            c.rect_fill(x - head_r * 1.35, head_y - head_r * 0.45, x + head_r * 1.35,
                        head_y - head_r * 0.3, hat)
        if dress is not None and dress.glasses:
            c.lines([[(x + f * head_r * 0.1, head_y - head_r * 0.05),
                      (x + f * head_r * 0.85, head_y - head_r * 0.05)]], head_r * 0.18,
                    look.dark((30, 30, 34), 0.7))
    if lantern:
        lx, ly = hands[1 if f > 0 else 0]
        ly += h * 0.06
        c.glow(lx, ly, h * 0.8, look.lamp((255, 200, 110)), strength=0.55)
        c.lines([[(lx, ly - h * 0.06), (lx, ly - h * 0.035)]], h * 0.008, look.dark((40, 40, 40)))
        c.rect_fill(
            lx - h * 0.025,
            ly - h * 0.035,
            lx + h * 0.025,
            ly + h * 0.035,
            look.lamp((255, 226, 150)),
        )


def dog(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    f = look.facing
    fur = look.pick([(120, 90, 60), (60, 50, 44), (200, 180, 150)])
    c.ellipse(x, y - h * 0.6, h * 0.55, h * 0.22, fur)
    c.ellipse(x + f * h * 0.55, y - h * 0.85, h * 0.16, h * 0.14, fur)
    c.polygon(
        [
            (x + f * h * 0.5, y - h * 0.95),
            (x + f * h * 0.58, y - h * 1.08),
            (x + f * h * 0.62, y - h * 0.92),
        ],
        fur,
    )
    c.lines(
        [
            [(x - h * 0.4, y - h * 0.5), (x - h * 0.42, y)],
            [(x - h * 0.25, y - h * 0.5), (x - h * 0.22, y)],
            [(x + h * 0.25, y - h * 0.5), (x + h * 0.24, y)],
            [(x + h * 0.4, y - h * 0.5), (x + h * 0.42, y)],
            [(x - f * h * 0.5, y - h * 0.65), (x - f * h * 0.72, y - h * 0.85)],
        ],
        h * 0.08,
        fur,
    )


def birds(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    """A few gulls in flight around (x, y); ``h`` is the flock's spread."""
    colour = look.dark((60, 60, 70), 0.8) if not look.pal.is_dark else look.body((200, 200, 210))
    paths = []
    for k in range(5):
        bx = x + h * ((k * 0.37 + look.seed * 0.13) % 1.0 - 0.5) * 2
        by = y - h * ((k * 0.61 + look.seed * 0.07) % 1.0) * 0.8
        s = h * (0.06 + 0.02 * (k % 3))
        paths.append(
            [
                (bx - s, by - s * 0.3),
                (bx - s * 0.4, by - s * 0.45),
                (bx, by),
                (bx + s * 0.4, by - s * 0.45),
                (bx + s, by - s * 0.3),
            ]
        )
    c.lines(paths, h * 0.012, colour)


def crowd(
    c: Canvas, x: float, y: float, h: float, look: Look, count: int = 6, spread: float = 1.0
) -> None:
    """A loose group of people around ``x`` (market squares, quays, streets)."""
    for k in range(count):
        dx = ((k * 0.618 + look.seed * 0.1) % 1.0 - 0.5) * spread
        scale = 0.85 + 0.3 * ((k * 0.37) % 1.0)
        sub = Look(look.pal, look.depth, 1.0 if k % 2 else -1.0, look.seed + k * 7)
        figure(c, x + dx, y + (k % 3) * h * 0.04, h * scale, sub, pose="walk" if k % 3 else "stand")


def _named(look: Look, colour: RGB) -> RGB:
    """A colour the script or the cast names, lit by the scene but still that colour."""
    return mix(look.body(colour, 1.15), colour, _NAMED)
