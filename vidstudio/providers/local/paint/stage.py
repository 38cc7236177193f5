"""The composition context a scene recipe paints into, and the placing of key objects.

A recipe (one per kind of setting) adds painters to the layers of a ``World`` through a
``Stage`` and returns ``Grounds``: where things can stand in the middle distance and in the
foreground. ``place_objects`` then stands the environment's key objects there, the first one
(the subject) on the composition's third line, where shots will frame it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from vidstudio.providers.local.art import library
from vidstudio.providers.local.art.painted import THINGS
from vidstudio.providers.local.paint import drawings, things
from vidstudio.providers.local.paint.costume import costume_for
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
        open_between: no land between the mid plane and the foreground (a harbour's water
            under its quay): things that stand do so on the mid plane.
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
    open_between: bool = False
    extra: dict[str, float] = field(default_factory=dict)


@dataclass
class Stage:
    """Everything a recipe needs to compose one world.

    ``env_seed`` and ``place_rng`` fix the place (its mountains, coastline and skyline are the
    same in every picture of the environment and every scene there, at any hour): a recipe
    draws its planes' layout from ``place_rng`` only. ``rng`` varies what stands in the place
    (subjects, props) between variants and shots. ``place_kinds`` are the place's own key
    objects (not the scene's).
    """

    world: World
    pal: Palette
    rng: np.random.Generator
    place_rng: np.random.Generator
    env_seed: int
    aspect: float
    horizon: float
    side: float
    objects: list[str]
    words: set[str]
    subjects: list[Subject] = field(default_factory=list)
    zoom: float = 1.0
    place_kinds: frozenset[str] = frozenset()
    # focus -> the world rectangle (mid plane) every pose of the shot shows, when known.
    framing: Callable[[tuple[float, float]], tuple[float, float, float, float]] | None = None

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

    def place_uniform(self, lo: float, hi: float) -> float:
        """A draw for the place's planes (the same in every scene there)."""
        return float(self.place_rng.uniform(lo, hi))

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
            if look.lights_on and subject.kind != "crowd":
                # After dark the subject stands in a pool of light (a lamp, the moon, a window)
                # so its silhouette reads against the night rather than melting into it.
                cy = y if subject.in_sky or subject.on_wall else y - h * 0.45
                c.glow(x, cy, h * 1.0, look.lamp((236, 214, 180)), 0.5, 1.5)
            draw(c, x, y, h, look, subject)

    return paint


_SUBJECT_PERSON = 0.2
# The smallest height (world units, one unit = the frame's height) of a shot's first subject
# and of the others: a key on a table is shown as a close shot would show it.
_MIN_FIRST, _MIN_OTHER = 0.16, 0.09
# ... and the smallest area (world units squared) of a drawing: a tall narrow thing (a
# sunflower, a bottle) is drawn taller than a squat one so that it reads as well.
_MIN_AREA = 0.011


def _fit(st: Stage, subject: Subject, h: float) -> float:
    """``h`` shrunk so a library drawing fits the shot's frame with room to spare (never cut
    by the frame edge: the subject sits on a third line, a third of the frame from its side)."""
    if subject.kind != "art":
        return h
    zoom = max(1.0, st.zoom)
    ratio = drawings.render.aspect(subject.art)
    return float(min(h, 0.62 / zoom, 0.5 * st.aspect / zoom / max(ratio, 1e-3)))


def _record(st: Stage, subject: Subject, x: float, y: float, h: float) -> None:
    x0, y0, x1, y1 = _box(subject, x, y, h)
    st.world.drawn.append({
        "subject": subject.noun or subject.kind,
        "drawing": subject.art or f"painted:{subject.kind}",
        "anchor": subject.anchor if subject.kind == "art" or subject.in_sky else
        ("water" if subject.on_water else "ground"),
        "box": [round(float(v), 4) for v in (x0, y0, x1, y1)],
        **({"character": subject.character} if subject.character else {}),
        **({"costume": dressed.name} if subject.kind == "person"
           and (dressed := costume_for(subject.noun)) is not None else {}),
    })


Placed = tuple[Subject, float, float, float, Look]


# Where the things aloft go, in turn: (a step across the frame from the first subject, toward
# its centre, in frame widths; how much higher): beside it, then on its outer side, then past it.
_ALOFT_SLOTS = ((0.0, 0.0), (0.22, 0.04), (-0.14, -0.08), (0.4, 0.0))


def _place_aloft(st: Stage, g: Grounds, subject: Subject, index: int, x0: float,
                 placed: list[Placed], slot: int | None = None) -> tuple[float, float]:
    """A flying thing in the sky, or a picture on the back wall indoors; returns its centre.
    ``slot`` counts the things already aloft: each stands a step further across the frame
    (the moon, an owl and a bat do not cover one another)."""
    slot = index if slot is None else slot
    grow = 1.0 if subject.kind in ("art", "moon") else 1.8
    h = _fit(st, subject, 0.2 if index == 0 else 0.13) * grow
    step, lift = _ALOFT_SLOTS[min(slot, len(_ALOFT_SLOTS) - 1)]
    x = x0 - st.side * st.aspect * step
    if subject.on_wall:
        y = g.mid_y(x) - g.mid_person * 1.25
    else:
        # High enough to clear the ground, low enough for a shot that looks at it.
        y = max(h * 0.6 + 0.04, min(g.sky_y + 0.05, st.horizon - h * 0.7)) - lift
        if subject.kind == "person":
            y += h * 0.5  # a figure's y is its feet, a drawing's its middle
    look = st.look(0.15 if subject.in_sky else g.depth_mid, -st.side, 41 + index)
    placed.append((subject, x, y, h, look))
    return (x, y)


def _place_far(st: Stage, subject: Subject, index: int, x0: float, placed: list[Placed]
               ) -> tuple[float, float]:
    """A landmark seen from afar (a mountain past the window) standing on the horizon, on the
    other third from the first subject, hazed by the distance; returns its centre."""
    h = _fit(st, subject, 0.34)
    if subject.kind in THINGS:
        h = min(h, st.aspect * 0.45 / THINGS[subject.kind][1])  # a bridge is wide
    x = x0 if index == 0 else x0 - st.side * st.aspect * 0.3
    y = st.horizon + 0.02
    placed.insert(0, (subject, x, y, h, st.look(0.35, -st.side, 51 + index)))
    return (x, y - h / 2)


def _inside(frame: tuple[float, float, float, float], subject: Subject, x: float, y: float,
            h: float) -> tuple[float, float, float]:
    """(x, y, h) moved, and shrunk if it must be, so the subject's box lies inside ``frame``."""
    fx0, fy0, fx1, fy1 = frame
    # Room for the drawing's ink line and shadow, and a pixel's rounding at a small size.
    margin = 0.035 * (fy1 - fy0)
    fx0, fy0, fx1, fy1 = fx0 + margin, fy0 + margin, fx1 - margin, fy1 - margin
    bx0, by0, bx1, by1 = _box(subject, x, y, h)
    k = min(1.0, (fx1 - fx0) / max(1e-6, bx1 - bx0), (fy1 - fy0) / max(1e-6, by1 - by0))
    if k < 1.0:
        h *= k
        bx0, by0, bx1, by1 = _box(subject, x, y, h)
    dx = max(0.0, fx0 - bx0) - max(0.0, bx1 - fx1)
    dy = max(0.0, fy0 - by0) - max(0.0, by1 - fy1)
    return x + dx, y + dy, h


def _box(subject: Subject, x: float, y: float, h: float) -> tuple[float, float, float, float]:
    if subject.kind == "art":
        return drawings.box(subject.art, x, y, h, subject.anchor)
    if subject.in_sky:
        return (x - h / 2, y - h / 2, x + h / 2, y + h / 2)  # a chandelier: hung, ``y`` its middle
    if subject.kind in THINGS:
        w = h * THINGS[subject.kind][1]
        return (x - w / 2, y - h, x + w / 2, y)
    if subject.kind == "person" and subject.count > 1:
        # A pair: the second figure stands behind the first, away from where it faces.
        w = h * (0.6 + 0.42 * (subject.count - 1))
        return (x - w / 2, y - h, x + w / 2, y)
    w = h * (3.0 if subject.kind == "crowd" else 0.6 if subject.kind == "person" else 1.4)
    return (x - w / 2, y - h, x + w / 2, y)


def _commit(st: Stage, placed: list[Placed], focus: tuple[float, float] | None) -> None:
    """Add the placed subjects' painters, each kept inside every frame of the shot."""
    frame = st.framing(focus) if st.framing is not None and focus is not None else None
    for subject, x, y, h, look in placed:
        if frame is not None:
            x, y, h = _inside(frame, subject, x, y, h)
        st.add("mid", _draw_subject(subject, x, y, h, look))
        _record(st, subject, x, y, h)


def _on_water(st: Stage, g: Grounds, subject: Subject, x: float, index: int
              ) -> tuple[float, float, float]:
    """Where a floating thing sits and how tall it is: at the scale of the water where it
    floats (things shrink toward the horizon as a person standing there would), nearer the
    viewer when it must be bigger to read, and wholly on the open water (never over the cliff
    or the quay that bounds it)."""
    assert g.water_y is not None
    wlo, whi = g.water_span if g.water_span else (-0.3, st.aspect + 0.3)
    # A person's height grows linearly from nothing at the horizon to near_person below.
    near_y = g.near_y(x)
    slope = g.near_person / max(0.05, near_y - st.horizon)
    size = max(subject.size, 0.1)
    least = _MIN_FIRST if index == 0 else _MIN_OTHER
    y = max(g.water_y + 0.02, st.horizon + least / (size * slope))
    y = min(y, max(g.water_y + 0.02, near_y - 0.08))
    h = _fit(st, subject, max(size * slope * (y - st.horizon), least * 0.8))
    x0, _, x1, _ = _box(subject, 0.0, y, h)
    half = (x1 - x0) / 2
    room = (whi - wlo) / 2 - 0.02
    if half > room > 0:
        h *= room / half
        half = room
    x = min(whi - half - 0.02, max(wlo + half + 0.02, x))
    return x, y, h


def place_subjects(st: Stage, g: Grounds) -> tuple[float, float] | None:
    """Stand the shot's subjects on the ground (boats on the water); returns the focus point.

    The first subject stands on a third line of the frame, the others beside it toward the
    centre, all on the mid plane so they share one scale: a cat at a woman's heels is a cat's
    size next to her. Nothing is drawn that has no medium here (a boat where there is no water).
    """
    if not st.subjects:
        return None
    placed: list[Placed] = []
    if g.weightless:
        # In orbit only drawings and the cast are placed, all of them floating: a member of
        # the cast keeps their own figure and colours rather than the library's astronaut.
        aloft = [s for s in st.subjects if s.in_sky or (s.kind == "person" and s.character)]
        centres = [_place_aloft(st, g, s, i, st.third_x(), placed) for i, s in enumerate(aloft)]
        _commit(st, placed, centres[0] if centres else None)
        return centres[0] if centres else None
    x0 = st.third_x() + st.uniform(-0.03, 0.03)
    lo, hi = g.mid_span if g.mid_span else (-0.3, st.aspect + 0.3)
    x0 = min(hi - 0.05, max(lo + 0.05, x0))
    focus: tuple[float, float] | None = None
    free_slot = 0  # the next free slot in the sky or on the wall
    offset = 0.0
    edge: float | None = None  # the group's edge toward the frame's centre
    # Subjects stand between the mid plane and the foreground, where a person is about a fifth
    # of the frame tall: big enough to read in a wide shot, framed by the camera in a close-up.
    span = max(g.near_person - g.mid_person, 1e-6)
    depth = 0.0 if g.open_between else \
        min(0.7, max(0.0, (_SUBJECT_PERSON - g.mid_person) / span))
    person_h = g.mid_person + depth * span

    def ground(x: float) -> float:
        return g.mid_y(x) + depth * (g.near_y(x) - g.mid_y(x))

    if st.subjects[0].size < 0.6 and not st.subjects[0].on_water and not g.open_between:
        # A cat or a fox alone is the shot: bring it forward so it reads.
        depth = max(depth, 0.85)
        person_h = g.mid_person + depth * span
    for index, subject in enumerate(st.subjects):
        if subject.on_water and g.water_y is None and subject.kind == "art" and getattr(
                library.drawing(subject.art), "category", "") == "Animals & Nature":
            # A whale where there is no water (among the stars of a bedtime story, hung in a
            # museum's gallery) is shown aloft; a fish or a seal rests on the ground. A boat
            # with no water is not drawn (below).
            big = subject.pose == "floating" or subject.height >= 1.5
            subject = replace(subject, anchor="sky" if big else "ground")
        if subject.anchor == "far":
            centre = _place_far(st, subject, index, x0, placed)
            focus = focus or centre
            continue
        if subject.in_sky or subject.on_wall:
            slot = max(free_slot, 1 if index > 0 else 0)  # beside the first subject, then on
            centre = _place_aloft(st, g, subject, index, x0, placed, slot)
            free_slot = slot + 1
            focus = focus or centre
            continue
        h = subject.size * person_h
        if subject.kind == "art":
            h = max(h, _MIN_FIRST if index == 0 else _MIN_OTHER,
                    math.sqrt(_MIN_AREA / max(drawings.render.aspect(subject.art), 0.2)))
        elif index == 0 and not subject.on_water:
            h = max(h, 0.09)
        elif subject.kind not in ("person", "crowd"):
            h = max(h, _MIN_OTHER * 0.8)  # a dog curled beside its owner still reads
        h = _fit(st, subject, h)
        facing = -st.side if subject.pose not in ("walking", "running", "riding") else st.side
        look = st.look(g.depth_mid, facing, 31 + index)
        if subject.on_water:
            if g.water_y is None:
                continue
            x, y, h = _on_water(st, g, subject, x0 if index == 0 else x0 - st.side * 0.35,
                                index)
            placed.append((subject, x, y, h, look))
            if focus is None:
                focus = (x, y - h * 0.5)
            continue
        if index > 0:
            # Beside the first subject, on the side toward the frame's centre.
            offset += person_h * (0.55 if subject.size < 0.6 else 0.9)
        x = min(hi, max(lo, x0 - st.side * offset))
        bx0, _, bx1, _ = _box(subject, x, 0.0, h)
        half = (bx1 - bx0) / 2
        if edge is not None and (subject.kind == "art" or placed[-1][0].kind == "art"):
            # A drawing stands beside the group, never over what is already there.
            x = edge - st.side * (half + 0.015)
        if subject.kind == "art":
            # Inside the frame whatever its width.
            x = min(st.aspect - half - 0.03, max(half + 0.03, x))
        edge = x - st.side * half
        y = ground(x) + 0.004
        width = h * (3.0 if subject.kind == "crowd" else 1.0)
        placed.append((subject, x, y, h, look))
        offset += width * 0.3
        if focus is None:
            focus = (x, y - max(h, person_h * 0.6) * 0.5)
    if st.world.archetype in _TABLED:
        _on_table(st, placed, person_h)
    _commit(st, placed, focus)
    return focus


# Places where small things stand on a table rather than on the floor.
_TABLED = frozenset({"interior", "workshop"})
_TABLE_THINGS = frozenset({"Food & Drink", "Objects"})


def _on_table(st: Stage, placed: list[Placed], person_h: float) -> None:
    """Small things (a bowl, a jug, a phone) indoors stand on a table at a person's waist, one
    table under all of them, painted before them; ``placed`` is changed in place."""
    small = [k for k, (s, *_rest) in enumerate(placed)
             if s.kind == "art" and s.anchor == "ground"
             and s.height * library.PERSON_HEIGHT_M <= 0.6
             and getattr(library.drawing(s.art), "category", "") in _TABLE_THINGS]
    if not small:
        return
    top = person_h * 0.44  # a table is about 0.75 m high
    boxes = [_box(placed[k][0], placed[k][1], placed[k][2], placed[k][3]) for k in small]
    x0, x1 = min(b[0] for b in boxes) - 0.03, max(b[2] for b in boxes) + 0.03
    ground = max(placed[k][2] for k in small)
    look = placed[small[0]][4]
    for k in small:
        subject, x, _y, h, lk = placed[k]
        placed[k] = (subject, x, ground - top, h, lk)
    st.add("mid", _table(x0, x1, ground, top, look))


def _table(x0: float, x1: float, y: float, h: float, look: Look) -> Painter:
    def paint(c: Canvas) -> None:
        things.table(c, x0, x1, y, h, look)

    return paint


def place_objects(st: Stage, g: Grounds) -> tuple[float, float]:
    """Stand the key objects in the world; returns the focus point (the subject's centre)."""
    kinds = list(st.objects)
    mid = st.world.layer("mid").painters
    before = len(mid)
    subject_focus = place_subjects(st, g)
    if subject_focus is not None:
        # The subjects hold the eye; the place's landmarks and props stand around them, behind
        # them (painted first) and clear of them where there is room.
        taken = [(r["box"][0], r["box"][2]) for r in st.world.drawn
                 if r["anchor"] in ("ground", "water")]
        kinds = [k for k in kinds if k != "sign"]
        subjects_end = len(mid)
        _place_kinds(st, g, kinds, first_side=-st.side, taken=taken)
        mid[before:] = mid[subjects_end:] + mid[before:subjects_end]
        return subject_focus
    if not kinds and g.default_hero:
        kinds = [g.default_hero]
    return _place_kinds(st, g, kinds, first_side=st.side)


def _clear_of(x: float, half: float, taken: list[tuple[float, float]], lo: float, hi: float
              ) -> float | None:
    """``x`` moved beside the subjects' group when a thing ``half`` wide would stand over one
    of them; ``None`` when there is no room on either side."""
    if not any(x + half > a and x - half < b for a, b in taken):
        return x
    left = min(a for a, _ in taken) - half - 0.02
    right = max(b for _, b in taken) + half + 0.02
    room = [c for c in (left, right) if lo + half <= c <= hi - half]
    return min(room, key=lambda c: abs(c - x)) if room else None


def _place_kinds(st: Stage, g: Grounds, kinds: list[str], first_side: float,
                 taken: list[tuple[float, float]] | None = None) -> tuple[float, float]:
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
            if taken and not spec.landmark:
                moved = _clear_of(x, h * 0.7, taken, 0.0, st.aspect)
                if moved is None:
                    continue
                x = moved
            y = g.mid_y(x) + 0.004
            st.add("mid", _draw_kind(kind, x, y, h, st.look(g.depth_mid, facing, index)))
            if index == 0:
                focus = (x, y - h * (0.55 if spec.landmark else 0.5))
            continue
        # Secondary props stand in the foreground on the side away from the subject, so they
        # frame the shot and show the strongest parallax when the camera moves.
        nx = st.aspect / 2 + near_side * st.aspect * st.uniform(0.2, 0.34)
        h = min(0.62, spec.size * g.near_person)
        if taken and any(nx + h * 0.7 > a and nx - h * 0.7 < b for a, b in taken):
            continue  # a prop in the foreground would hide a subject
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
