"""The composition context a scene recipe paints into, and the placing of key objects.

A recipe (one per kind of setting) adds painters to the layers of a ``World`` through a
``Stage`` and returns ``Grounds``: where things can stand in the middle distance and in the
foreground. ``place_objects`` then stands the environment's key objects there, the first one
(the subject) on the composition's third line, where shots will frame it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vidstudio.providers.local.paint.look import Look
from vidstudio.providers.local.paint.noise import stable_seed
from vidstudio.providers.local.paint.objects import KINDS
from vidstudio.providers.local.paint.subjects import Subject, draw

if TYPE_CHECKING:
    import numpy as np

    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.palette import Palette
    from vidstudio.providers.local.paint.world import Painter, World

GroundFn = Callable[[float], float]


def flat(y: float) -> GroundFn:
    return lambda _x: y


@dataclass
class Grounds:
    """Where objects can stand, per depth plane.

    Attributes:
        mid_y / near_y: ground height (world y) at x in the mid and near planes.
        mid_person / near_person: a standing person's height (units) there: the scale of things.
        mid_span: x range of solid ground in the mid plane (e.g. a cliff top, a quay).
        water_y / water_span: waterline and x range of open water for boats, if any.
        default_hero: drawn as the subject when the environment names no key object.
        sky_y: where floating things (stations, birds) hang.
        weightless: everything floats (orbit): people drift beside the station.
        depth_mid / depth_near: haze depth of the two planes.
    """

    mid_y: GroundFn
    mid_person: float
    near_y: GroundFn
    near_person: float
    mid_span: tuple[float, float] | None = None
    water_y: float | None = None
    water_span: tuple[float, float] | None = None
    default_hero: str | None = None
    sky_y: float = 0.3
    weightless: bool = False
    depth_mid: float = 0.35
    depth_near: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


@dataclass
class Stage:
    """Everything a recipe needs to compose one world.

    ``env_seed`` fixes the place (its mountains and coastline are the same in every picture of
    the environment); ``rng`` varies the composition between variants and shots.
    """

    world: World
    pal: Palette
    rng: np.random.Generator
    env_seed: int
    aspect: float
    horizon: float
    side: float
    objects: list[str]
    words: set[str]
    subjects: list[Subject] = field(default_factory=list)

    def seed(self, *parts: object) -> int:
        return stable_seed(self.env_seed, *parts)

    def add(self, layer: str, painter: Painter) -> None:
        self.world.add(layer, painter)

    def look(self, depth: float, facing: float | None = None, salt: int = 0) -> Look:
        return Look(
            self.pal,
            depth,
            self.side * -1 if facing is None else facing,
            (self.env_seed + salt) % 9973,
        )

    def has(self, *words: str) -> bool:
        return any(w in self.words for w in words)

    def uniform(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi))

    @property
    def centre_x(self) -> float:
        return self.aspect / 2

    def third_x(self, side: float | None = None) -> float:
        s = self.side if side is None else side
        return self.aspect / 2 + s * self.aspect / 6


def _draw_kind(kind: str, x: float, y: float, h: float, look: Look) -> Painter:
    draw = KINDS[kind].draw

    def paint(c: Canvas) -> None:
        if c.visible((x - h * 3, y - h * 1.6, x + h * 3, y + h * 0.6)):
            draw(c, x, y, h, look)

    return paint


def _draw_subject(subject: Subject, x: float, y: float, h: float, look: Look) -> Painter:
    def paint(c: Canvas) -> None:
        if c.visible((x - h * 3.5, y - h * 1.8, x + h * 3.5, y + h * 0.6)):
            draw(c, x, y, h, look, subject)

    return paint


_SUBJECT_PERSON = 0.2


def place_subjects(st: Stage, g: Grounds) -> tuple[float, float] | None:
    """Stand the shot's subjects on the ground (boats on the water); returns the focus point.

    The first subject stands on a third line of the frame, the others beside it toward the
    centre, all on the mid plane so they share one scale: a cat at a woman's heels is a cat's
    size next to her. Nothing is drawn that has no medium here (a boat where there is no water).
    """
    if not st.subjects or g.weightless:
        return None
    x0 = st.third_x() + st.uniform(-0.03, 0.03)
    lo, hi = g.mid_span if g.mid_span else (-0.3, st.aspect + 0.3)
    x0 = min(hi - 0.05, max(lo + 0.05, x0))
    focus: tuple[float, float] | None = None
    offset = 0.0
    # Subjects stand between the mid plane and the foreground, where a person is about a fifth
    # of the frame tall: big enough to read in a wide shot, framed by the camera in a close-up.
    span = max(g.near_person - g.mid_person, 1e-6)
    depth = min(0.7, max(0.0, (_SUBJECT_PERSON - g.mid_person) / span))
    person_h = g.mid_person + depth * span

    def ground(x: float) -> float:
        return g.mid_y(x) + depth * (g.near_y(x) - g.mid_y(x))

    if st.subjects[0].size < 0.6 and not st.subjects[0].on_water:
        # A cat or a fox alone is the shot: bring it forward so it reads.
        depth = max(depth, 0.85)
        person_h = g.mid_person + depth * span
    for index, subject in enumerate(st.subjects):
        h = subject.size * person_h
        if index == 0 and not subject.on_water:
            h = max(h, 0.09)
        facing = -st.side if subject.pose not in ("walking", "running", "riding") else st.side
        look = st.look(g.depth_mid, facing, 31 + index)
        if subject.on_water:
            if g.water_y is None:
                continue
            wlo, whi = g.water_span if g.water_span else (-0.3, st.aspect + 0.3)
            x = min(whi - 0.1, max(wlo + 0.1, x0 if index == 0 else x0 - st.side * 0.35))
            y = g.water_y + 0.02
            st.add("mid", _draw_subject(subject, x, y, h * 1.1, look))
            if focus is None:
                focus = (x, y - h * 0.5)
            continue
        if index > 0:
            # Beside the first subject, on the side toward the frame's centre.
            offset += person_h * (0.55 if subject.size < 0.6 else 0.9)
        x = min(hi, max(lo, x0 - st.side * offset))
        y = ground(x) + 0.004
        width = h * (3.0 if subject.kind == "crowd" else 1.0)
        st.add("mid", _draw_subject(subject, x, y, h, look))
        offset += width * 0.3
        if focus is None:
            focus = (x, y - max(h, person_h * 0.6) * 0.5)
    return focus


def place_objects(st: Stage, g: Grounds) -> tuple[float, float]:
    """Stand the key objects in the world; returns the focus point (the subject's centre)."""
    kinds = list(st.objects)
    subject_focus = place_subjects(st, g)
    if subject_focus is not None:
        # The subjects hold the eye; the place's landmarks and props stand around them.
        kinds = [k for k in kinds if k != "sign"]
        _place_kinds(st, g, kinds, first_side=-st.side)
        return subject_focus
    if not kinds and g.default_hero:
        kinds = [g.default_hero]
    return _place_kinds(st, g, kinds, first_side=st.side)


def _place_kinds(st: Stage, g: Grounds, kinds: list[str], first_side: float
                 ) -> tuple[float, float]:
    focus = (st.third_x(), g.mid_y(st.third_x()) - g.mid_person * 1.5)
    if not kinds:
        return focus
    lo, hi = g.mid_span if g.mid_span else (-0.3, st.aspect + 0.3)
    slots = _slots(st, lo, hi, len(kinds), first_side)
    near_side = -st.side
    for index, kind in enumerate(kinds):
        spec = KINDS[kind]
        x = slots[index]
        facing = -1.0 if x > st.aspect / 2 else 1.0
        if spec.floats or g.weightless:
            h = spec.size * (0.14 if spec.landmark else 0.1)
            y = g.sky_y + st.uniform(-0.05, 0.05)
            if g.weightless and not spec.floats:
                # A floating person: beside the station, smaller, feet toward the planet.
                h = spec.size * 0.16
                y = g.sky_y + 0.18 + st.uniform(-0.03, 0.03)
                x = st.aspect / 2 - st.side * st.aspect * 0.22
            st.add("mid", _draw_kind(kind, x, y, h, st.look(0.05, facing, index)))
            if index == 0:
                focus = (x, y)
            continue
        if spec.on_water and g.water_y is None:
            continue  # no boats on grass
        if kind == "sign" and index > 0:
            continue  # a sign belongs on a wall, never floating in the foreground
        if spec.on_water and g.water_y is not None:
            h = spec.size * g.mid_person * 1.2
            y = g.water_y + st.uniform(0.0, 0.04)
            wlo, whi = g.water_span if g.water_span else (-0.3, st.aspect + 0.3)
            x = st.third_x(first_side) if index == 0 else x
            margin = min(0.1, (whi - wlo) * 0.3)
            if not wlo + margin < x < whi - margin:
                other = st.third_x(-st.side)
                x = other if wlo + margin < other < whi - margin else (wlo + whi) / 2
            facing = -1.0 if x > st.aspect / 2 else 1.0
            st.add("mid", _draw_kind(kind, x, y, h, st.look(g.depth_mid, facing, index)))
            if index == 0:
                focus = (x, y - h * 0.5)
            continue
        if index == 0 or spec.landmark:
            # The subject is shown a little larger than life, unless it is big already.
            boost = 1.0 if spec.landmark or spec.size > 1.0 else 1.5
            h = spec.size * g.mid_person * boost
            y = g.mid_y(x) + 0.004
            st.add("mid", _draw_kind(kind, x, y, h, st.look(g.depth_mid, facing, index)))
            if index == 0:
                focus = (x, y - h * (0.55 if spec.landmark else 0.5))
            continue
        # Secondary props stand in the foreground on the side away from the subject, so they
        # frame the shot and show the strongest parallax when the camera moves.
        nx = st.aspect / 2 + near_side * st.aspect * st.uniform(0.2, 0.34)
        h = min(0.62, spec.size * g.near_person)
        y = g.near_y(nx)
        st.add("near", _draw_kind(kind, nx, y, h, st.look(g.depth_near, -near_side, index)))
        near_side = -near_side if index % 2 else near_side
    return focus


def _slots(st: Stage, lo: float, hi: float, count: int, first_side: float) -> list[float]:
    """x positions: the subject on its third line, others spread across the ground."""
    first = min(hi, max(lo, st.third_x(first_side) + st.uniform(-0.05, 0.05)))
    out = [first]
    for k in range(1, count):
        x = st.aspect / 2 - st.side * st.aspect * (0.08 + 0.14 * k) + st.uniform(-0.04, 0.04)
        out.append(min(hi, max(lo, x)))
    return out
