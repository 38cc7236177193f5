"""The subject layer: who or what a shot is about, read from its words and drawn on the ground.

A keyframe prompt may carry a ``Subject:`` sentence written by the planner ("Subject: a woman in
a red raincoat, walking; a black cat, lying."); without one the scene's action is read the same
way. Each subject is a person (pose, coat colour), a crowd, a common animal (a cat is a cat,
lying when it sleeps), or a vehicle that keeps to its medium (boats only on water).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vidstudio.providers.local.art import library
from vidstudio.providers.local.art.painted import THINGS, painted, painted_noun
from vidstudio.providers.local.art.roles import is_role
from vidstudio.providers.local.art.sizes import HEAD_ONLY
from vidstudio.providers.local.art.words import singular
from vidstudio.providers.local.paint import (
    costume,
    drawings,
    objects,
    people,
    props,
    things,
    vehicles,
)
from vidstudio.providers.local.paint.look import Look

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vidstudio.providers.local.paint.canvas import RGB, Canvas


def _words(text: str) -> list[str]:
    return text.split()


COLOURS: dict[str, RGB] = {
    "red": (178, 40, 36), "crimson": (160, 24, 40), "scarlet": (196, 36, 30),
    "blue": (40, 80, 170), "navy": (30, 40, 84), "green": (50, 120, 60), "olive": (100, 104, 50),
    "yellow": (226, 190, 40), "golden": (212, 170, 60), "gold": (212, 170, 60),
    "orange": (226, 120, 36), "purple": (110, 50, 130), "violet": (130, 80, 170),
    "pink": (226, 130, 160), "white": (236, 236, 230), "black": (28, 28, 32),
    "grey": (120, 120, 124), "gray": (120, 120, 124), "brown": (110, 74, 44),
    "beige": (200, 180, 150), "tan": (190, 150, 100), "teal": (30, 120, 120),
    "silver": (190, 190, 196), "dark": (40, 40, 48), "pale": (210, 206, 196),
}
_PERSON_WORDS = frozenset(_words(
    "woman girl grandmother granddaughter mother sister daughter wife queen princess nurse lady "
    "man boy grandfather grandson father brother son husband king prince fisherman person "
    "keeper engineer captain doctor detective courier driver baker sailor pilot teacher farmer "
    "soldier astronaut skater dancer singer rider cyclist biker volunteer stranger traveller "
    "traveler hiker runner worker chef scientist guard child kid hero heroine figure seller "
    "merchant vendor violinist pianist trumpeter saxophonist astronomer "
    "thief burglar drummer guitarist musician producer policeman policewoman officer "
    "conductor passenger priest monk nun knight pirate spy agent clerk cashier "
    "customer student artist painter writer poet photographer reporter journalist "
    "actor actress magician clown waitress janitor porter gardener shepherd hunter "
    "miner mechanic surgeon nurse professor inventor explorer ranger lifeguard "
    "firefighter butler maid tailor boxer athlete climber diver swimmer surfer "
    "fisherwoman")
)
_SMALL_PEOPLE = frozenset(_words("girl boy child kid granddaughter grandson"))
_CROWD_WORDS = frozenset(_words(
    "crowd crowds gamblers people children kids shoppers dancers villagers passengers "
    "spectators fans soldiers workers tourists pedestrians commuters sellers guests audience "
    "revellers onlookers")
)
# Animal: (height relative to a person, body colour).
ANIMALS: dict[str, tuple[float, RGB]] = {
    "cat": (0.22, (96, 84, 74)), "kitten": (0.16, (200, 160, 110)),
    "dog": (0.42, (120, 90, 60)), "puppy": (0.28, (170, 130, 90)),
    "fox": (0.36, (206, 104, 40)), "wolf": (0.5, (120, 120, 124)),
    "lion": (0.75, (196, 150, 84)), "tiger": (0.72, (220, 128, 40)),
    "horse": (1.15, (110, 74, 46)), "pony": (0.8, (150, 110, 70)),
    "sheep": (0.5, (232, 228, 214)), "lamb": (0.36, (240, 236, 224)),
    "goat": (0.5, (200, 190, 170)), "cow": (0.9, (90, 70, 60)),
    "deer": (0.9, (150, 100, 60)), "bear": (0.8, (80, 56, 40)),
    "rabbit": (0.16, (150, 130, 110)), "hare": (0.18, (150, 120, 90)),
    "camel": (1.4, (196, 160, 110)), "elephant": (1.8, (130, 126, 124)),
}
_BIRDS = frozenset(
    _words("bird birds gull gulls seagull seagulls crow crows owl eagle duck ducks swan swans")
)
_VEHICLES = {"motorbike": "motorbike", "motorcycle": "motorbike", "scooter": "motorbike",
             "bicycle": "bicycle", "bike": "bicycle", "car": "car", "taxi": "car", "van": "car",
             "truck": "car", "bus": "car", "boat": "boat", "boats": "boat", "ship": "boat",
             "yacht": "boat", "ferry": "boat", "canoe": "boat", "skateboard": "skateboard"}
# Painted things hung from a ceiling or high in the sky (the library has no drawing of them).
HUNG = frozenset(k for k, (_, _, where) in THINGS.items() if where == "sky")
# Landmarks the planner names as seen from afar (see ``planner.subjects``): their drawings.
# A castle, named by the library, stands there too: seen across the land, behind the story.
LANDMARKS = {"mountain": "snow-capped-mountain", "volcano": "volcano", "castle": "castle"}
_SUBJECT_LINE = re.compile(r"Subject:\s*([^.]*)\.?", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z-]*")
_POSE_WORDS: tuple[tuple[str, str], ...] = (
    (r"\b(?:lying|asleep|sleep\w*|curled|lies|lay|dozing|dozes)\b", "lying"),
    (r"\briding\b|\brides?\b|\brode\b", "riding"),
    (r"\bskat\w+", "skating"),
    (r"\bsitting\b|\bsits?\b|\bsat\b|\bseated\b", "sitting"),
    (r"\brunning\b|\bruns?\b|\bran\b|\bchas\w+", "running"),
    (r"\bdancing\b|\bdances?\b", "dancing"),
    (r"\bwaving\b|\bwaves\b", "waving"),
    (r"\bclimbing\b|\bclimbs?\b", "climbing"),
    (r"\bfloating\b", "floating"),
    (r"\bwalking\b|\bwalks?\b|\bcross\w*|\bstrid\w+", "walking"),
)


@dataclass(frozen=True)
class Subject:
    """One thing a shot is about.

    Attributes:
        kind: "person", "crowd", "birds", an animal of ``ANIMALS``, or a vehicle
            ("motorbike", "bicycle", "car", "boat").
        pose: walking, sitting, lying, riding, running, ... ("" standing).
        colour: the coat (people) or body (animals, vehicles) colour named, if any.
        rides: the vehicle a person rides ("motorbike", "bicycle", "skateboard", "horse").
        small: a child.
        noun: the word that named it ("keeper", "cat").
        lantern: a person carrying a lantern, torch or candle.
        count: how many of an animal (a flock, a herd).
        art: the library drawing that shows it (kind "art"), e.g. "giraffe", "police-car".
        anchor: where a drawing rests: "ground", "sky", "water", "wall" or "far" (on the
            horizon, seen from afar: a mountain).
        height: a drawing's real-world height relative to a standing person.
        character: the cast member's key, when the subject is one (see ``cast``).
        dress: a cast member's own colours and build (people).
        scale: a cast member's height relative to an adult (a child is smaller).
    """

    kind: str
    pose: str = ""
    colour: RGB | None = None
    rides: str = ""
    small: bool = False
    noun: str = ""
    lantern: bool = False
    count: int = 1
    art: str = ""
    anchor: str = "ground"
    height: float = 0.0
    character: str = ""
    dress: people.Dress | None = None
    scale: float = 0.0

    @property
    def size(self) -> float:
        """Height relative to a standing person."""
        if self.kind == "art" or (self.kind in THINGS and self.height):
            return self.height
        if self.scale:
            return self.scale * (0.45 if self.kind in ANIMALS and self.pose == "lying" else 1.0)
        if self.kind in ANIMALS:
            return ANIMALS[self.kind][0] * (0.45 if self.pose == "lying" else 1.0)
        if self.kind == "boat":
            return 1.1
        if self.kind in ("car", "motorbike"):
            return 0.85
        if self.kind == "bicycle":
            return 0.6
        if self.kind == "birds":
            return 1.2
        return 0.7 if self.small else 1.0

    @property
    def on_water(self) -> bool:
        return self.kind == "boat" or (self.kind == "art" and self.anchor == "water")

    @property
    def in_sky(self) -> bool:
        return (self.kind == "art" and self.anchor == "sky") or self.kind in HUNG

    @property
    def on_wall(self) -> bool:
        return self.kind == "art" and self.anchor == "wall"


def art_subject(text: str, pose: str = "", colour: RGB | None = None) -> Subject | None:
    """The library drawing ``text`` names, as a subject (``None`` if the library has none)."""
    found = library.find_all(text, limit=1)
    if not found:
        return None
    d = found[0].drawing
    return Subject("art", pose, colour, noun=found[0].words, art=d.name, anchor=d.anchor,
                   height=d.size)


def subject_text(prompt: str, action: str) -> str:
    """The words to read subjects from: the planner's Subject sentence, else the action."""
    match = _SUBJECT_LINE.search(prompt or "")
    # The planner's sentence lists one subject per ";" (a trailing one marks it as a list).
    return f"{match.group(1)};" if match else (action or "")


def _pose(text: str) -> str:
    for pattern, pose in _POSE_WORDS:
        if re.search(pattern, text):
            return pose
    return ""


def _one(part: str) -> Subject | None:
    words = _WORD.findall(part.lower())
    colour = next((COLOURS[w] for w in words if w in COLOURS), None)
    pose = _pose(part.lower())
    rides = next((_VEHICLES.get(w, w) for w in words
                  if pose == "riding" and (w in _VEHICLES or w == "horse")), "")
    if pose == "skating":
        rides = "skateboard"
    lantern = any(w in ("lantern", "torch", "candle", "lamp") for w in words)
    people_named = any(_people_word(w) for w in words)
    for at, word in enumerate(words):
        thing = painted(words, at) if not people_named else ""
        if thing:
            # A lighthouse, a bridge, a stove, the moon: painted by hand, at its own size,
            # recorded with the noun before it that says which ("a water tower").
            size, _, where = THINGS[thing]
            noun = painted_noun(words, at, singular(word))
            return Subject(thing, noun=noun, anchor=where, height=size)
        if word in LANDMARKS:
            # A mountain or a volcano seen from afar: drawn standing on the horizon.
            d = library.drawing(LANDMARKS[word])
            if d is not None:
                return Subject("art", noun=word, art=d.name, anchor="far", height=d.size)
    named = art_subject(part, pose, colour)
    if named is not None and " " in named.noun and not _people_word(named.noun.split()[-1]) \
            and named.noun.split()[0] not in COLOURS:
        return named  # a longer name wins over the word inside it: "a hot dog" is no dog
    for word in words:
        if word in _CROWD_WORDS:
            young = any(w in ("children", "kids", "schoolchildren") for w in words)
            return Subject("crowd", pose, colour, small=young, noun=word)
        one = word[:-3] + "man" if word.endswith("men") and len(word) > 5 else ""
        if one and (one in _PERSON_WORDS or is_role(one)):
            # "two policemen": a pair of figures, named in the singular.
            return Subject("person", pose, colour, noun=one, lantern=lantern, count=2)
        if word in _PERSON_WORDS or is_role(word):
            # "a woman keeper", "a man janitor": drawn and recorded as the role.
            roles = [w for w in words if (w in _PERSON_WORDS or is_role(w))
                     and w not in ("woman", "man", "person")]
            noun = roles[-1] if roles else word
            return Subject("person", pose, colour, rides,
                           small=any(w in _SMALL_PEOPLE for w in words),
                           noun=noun, lantern=lantern)
        if word.endswith("s") and (word[:-1] in _PERSON_WORDS or is_role(word[:-1])):
            # "two divers": a pair of figures side by side.
            return Subject("person", pose, colour, small=word[:-1] in _SMALL_PEOPLE,
                           noun=word[:-1], lantern=lantern, count=2)
        if word in ANIMALS or (word.endswith("s") and word[:-1] in ANIMALS):
            name = word if word in ANIMALS else word[:-1]
            many = any(w in ("flock", "herd", "pack", "group", "pride") for w in words)
            drawn = art_subject(name, pose, colour) if pose != "lying" and not many \
                and name not in HEAD_ONLY else None
            # A curled-up or herded animal is painted by hand (posed); otherwise the drawing.
            return drawn or Subject(name, pose, colour, noun=name, count=4 if many else 1)
        if word in _BIRDS:
            # One bird named ("a crow") is its drawing, big enough to read; a flock, or a
            # bird the library lacks, is painted as a few strokes in the sky.
            one_bird = not word.endswith("s") and not any(
                w in ("flock", "group") for w in words)
            return (art_subject(word, pose, colour) if one_bird else None) \
                or Subject("birds", noun=word)
        if word in _VEHICLES and _VEHICLES[word] != "skateboard":
            return art_subject(part) or Subject(_VEHICLES[word], "", colour, noun=word)
    return art_subject(part, pose, colour)


def _carried(part: str) -> Subject | None:
    """What a person holds, named after them ("a man with a suitcase"): a drawing of its own
    beside them, no taller than a hand holds (a lantern, a torch or a candle is in the hand)."""
    match = re.search(r"\bwith an? ([a-z][a-z -]*)$", part.strip().lower())
    if match is None or match.group(1) in ("lantern", "torch", "candle", "lamp"):
        return None
    held = art_subject(match.group(1))
    return replace(held, height=min(held.height, 0.5)) if held is not None else None


def _people_word(word: str) -> bool:
    return word in _PERSON_WORDS or word in _CROWD_WORDS or is_role(word)


def _key(subject: Subject) -> tuple[str, str, str]:
    return subject.kind, subject.art, subject.noun if subject.kind == "person" else ""


def parse_subjects(text: str, limit: int = 6) -> list[Subject]:
    """Subjects named in ``text`` ("a woman in a red raincoat, walking; a black cat")."""
    out: list[Subject] = []
    parts = text.split(";") if ";" in text else re.split(r",\s+(?:and\s+)?|\s+and\s+", text)
    if ";" not in text and parts:
        # Free text: a pose word after a comma still belongs to the subject before it.
        merged: list[str] = []
        for part in parts:
            if merged and _one(part) is None:
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        parts = merged
    for part in parts:
        subject = _one(part)
        # Two people named by different words are two figures ("a man; a goalkeeper").
        if subject is not None and _key(subject) not in {_key(s) for s in out}:
            out.append(subject)
            held = _carried(part) if subject.kind == "person" else None
            if held is not None and len(out) < limit \
                    and _key(held) not in {_key(s) for s in out}:
                out.append(held)
        if len(out) >= limit:
            break
    return out


# ----------------------------------------------------------------------------------- drawing
def draw(c: Canvas, x: float, y: float, h: float, look: Look, subject: Subject) -> None:
    """Draw ``subject`` standing (or lying, riding, floating) on ``y``; ``h`` is its height."""
    kind = subject.kind
    if kind == "art":
        drawings.draw(c, subject.art, x, y, h, look, subject.anchor, look.facing)
    elif kind == "person":
        for k in range(subject.count - 1, -1, -1):
            # A pair stands a little apart, the second a step behind and a different figure.
            sub = Look(look.pal, look.depth, look.facing, look.seed + 7 * k)
            dx = look.facing * h * 0.42 * ((subject.count - 1) / 2 - k)
            _person(c, x + dx, y - k * h * 0.02, h * (1 - 0.05 * k),
                    sub, subject)
    elif kind == "crowd":
        scale = 0.65 if subject.small else 1.0
        people.crowd(c, x, y, h * scale, look, count=7, spread=h * 3.0)
    elif kind == "birds":
        people.birds(c, x, y, h, look)
    elif kind in ANIMALS:
        for k in range(subject.count - 1, -1, -1):
            # A flock spreads behind and beside the first animal, a little smaller with distance.
            dx = (k * 0.9 if k % 2 else -k * 0.7) * h * 1.2
            sub = Look(look.pal, look.depth, look.facing if k % 3 else -look.facing, look.seed + k)
            animal(c, x + dx, y - k * h * 0.06, h * (1.0 - 0.08 * k), sub, kind, subject.pose,
                   subject.colour)
    elif kind == "chandelier":
        props.chandelier(c, x, y - h * 0.5, h, look)  # ``y`` is its middle, hanging
    elif kind == "moon":
        things.moon(c, x, y, h, look)
    elif kind in ("stove", "safe"):
        (things.stove if kind == "stove" else things.safe)(c, x, y, h, look)
    elif kind in things.PAINTERS:
        things.PAINTERS[kind](c, x, y, h, look)  # a fireplace, a harp, a wagon, ...
    elif kind in objects.KINDS:
        objects.KINDS[kind].draw(c, x, y, h, look)  # a lighthouse, a bridge, a windmill
    elif kind == "boat":
        vehicles.boat(c, x, y, h, look)
    elif kind == "car":
        vehicles.car(c, x, y, h, look)
    elif kind == "motorbike":
        vehicles.motorbike(c, x, y, h, look)
    elif kind == "bicycle":
        vehicles.bicycle(c, x, y, h, look)


def _person(c: Canvas, x: float, y: float, h: float, look: Look, subject: Subject) -> None:
    pose = {"walking": "walk", "running": "walk", "dancing": "walk", "climbing": "walk",
            "sitting": "sit", "lying": "sit", "floating": "suit"}.get(subject.pose, "stand")
    if subject.rides in ("motorbike", "bicycle"):
        ride = vehicles.motorbike if subject.rides == "motorbike" else vehicles.bicycle
        ride(c, x, y, h * 0.85, look)
        people.figure(c, x - look.facing * h * 0.05, y - h * 0.42, h * 0.9, look, pose="sit",
                      coat=subject.colour, dress=subject.dress)
        return
    if subject.rides == "skateboard":
        board = look.dark((50, 40, 36), 0.8)
        c.rect_fill(x - h * 0.13, y - h * 0.045, x + h * 0.13, y - h * 0.025, board)
        c.ellipses([(x - h * 0.09, y - h * 0.015, h * 0.018, h * 0.018),
                    (x + h * 0.09, y - h * 0.015, h * 0.018, h * 0.018)],
                   look.dark((20, 20, 20), 0.8))
        people.figure(c, x, y - h * 0.045, h * 0.96, look, pose="stand", coat=subject.colour,
                      dress=subject.dress)
        return
    if pose == "sit":
        # Something to sit on: a plain bench under the hips.
        wood = look.dark((96, 70, 50), 0.85)
        c.rect_fill(x - h * 0.2, y - h * 0.29, x + h * 0.2, y - h * 0.25, wood)
        c.lines([[(x - h * 0.17, y - h * 0.26), (x - h * 0.17, y)],
                 [(x + h * 0.17, y - h * 0.26), (x + h * 0.17, y)]], h * 0.03, wood)
    dressed = costume.costume_for(subject.noun) if pose != "suit" else None
    coat = subject.colour or (dressed.coat if dressed is not None and subject.dress is None
                              else None)
    people.figure(c, x, y, h, look, pose=pose, coat=coat, lantern=subject.lantern,
                  dress=subject.dress)
    if dressed is not None:
        # A knight in armour, a wizard in a robe and a pointed hat (see ``costume``).
        costume.wear(c, x, y, h, look, dressed, pose=pose,
                     coat=subject.colour or (subject.dress.coat if subject.dress else None))


def _luma(rgb: Sequence[float]) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def _lit(look: Look, rgb: RGB) -> RGB:
    """A dark animal in a dark place (a black cat in an alley at midnight) lifted above the
    world's mid tone, as a film lights its subject (the drawings' rule, ``drawings._lifted``)."""
    world = _luma(look.body((128, 128, 128)))
    mean = _luma(rgb)
    if world > 90.0 or mean > world + 40.0:
        return rgb
    k = world + 40.0 - mean
    return (min(255, int(rgb[0] + k)), min(255, int(rgb[1] + k)), min(255, int(rgb[2] + k)))


def animal(c: Canvas, x: float, y: float, h: float, look: Look, kind: str, pose: str = "",
           colour: RGB | None = None) -> None:
    """A four-legged animal ``h`` tall at the head, side on; ``pose`` "lying" curls it up."""
    f = look.facing
    fur = _lit(look, look.body(colour or ANIMALS.get(kind, (0.5, (120, 100, 80)))[1]))
    dark = _lit(look, look.dark(colour or ANIMALS.get(kind, (0.5, (120, 100, 80)))[1], 0.7))
    cat_like = kind in ("cat", "kitten", "lion", "tiger", "fox")
    if pose == "lying":
        # Curled up: a low oval body, the head resting at one end, the tail wrapped round.
        c.ellipse(x, y - h * 0.38, h * 1.1, h * 0.42, fur)
        c.ellipse(x + f * h * 0.85, y - h * 0.5, h * 0.42, h * 0.36, fur)
        if cat_like:
            c.polygons([[(x + f * h * (0.6 + dx), y - h * 0.78), (x + f * h * (0.68 + dx),
                         y - h * 1.05), (x + f * h * (0.8 + dx), y - h * 0.8)]
                        for dx in (0.0, 0.3)], fur)
        c.lines([[(x - f * h * 1.0, y - h * 0.2), (x - f * h * 0.3, y - h * 0.04),
                  (x + f * h * 0.5, y - h * 0.08)]], h * 0.16, dark)
        return
    long_body = {"horse": 0.6, "cow": 0.62, "deer": 0.5, "camel": 0.6, "elephant": 0.55,
                 "sheep": 0.55, "goat": 0.5, "lion": 0.6, "tiger": 0.62, "bear": 0.58}
    half = h * long_body.get(kind, 0.55)
    leg = h * (0.5 if kind in ("horse", "deer", "camel", "pony") else 0.36)
    body_h = h * (0.34 if kind not in ("sheep", "bear", "elephant") else 0.46)
    body_y = y - leg - body_h * 0.35
    walking = pose in ("walking", "running")
    swing = h * (0.1 if walking else 0.02)
    leg_w = h * (0.07 if kind not in ("horse", "deer") else 0.06)
    legs = [
        [(x + dx * half, body_y), (x + dx * half + s, y)]
        for dx, s in ((-0.75, -swing), (-0.5, swing), (0.55, swing), (0.8, -swing))
    ]
    c.lines(legs, leg_w, dark if kind != "sheep" else look.dark((40, 36, 34), 0.8))
    c.ellipse(x, body_y, half, body_h * 0.6, fur)
    neck_x = x + f * half * 0.85
    head_r = h * (0.16 if kind not in ("horse", "camel", "elephant") else 0.13)
    head_y = body_y - body_h * (0.9 if kind in ("horse", "camel", "deer") else 0.45)
    if kind in ("horse", "camel", "deer", "pony"):
        c.lines([[(neck_x - f * h * 0.05, body_y), (neck_x + f * h * 0.12, head_y)]],
                h * 0.16, fur)
        c.ellipse(neck_x + f * h * 0.22, head_y + h * 0.04, head_r * 1.5, head_r * 0.75, fur)
    else:
        c.ellipse(neck_x + f * head_r * 0.4, head_y, head_r, head_r * 0.9, fur)
    head_x = neck_x + f * head_r * 0.4
    if kind == "lion":
        c.ellipse(head_x - f * head_r * 0.3, head_y, head_r * 1.7, head_r * 1.6,
                  look.dark((150, 96, 40), 0.9))
        c.ellipse(head_x + f * head_r * 0.2, head_y + head_r * 0.1, head_r * 0.9, head_r * 0.85,
                  fur)
    if cat_like and kind != "lion":
        c.polygons([[(head_x + f * head_r * dx - head_r * 0.35, head_y - head_r * 0.6),
                     (head_x + f * head_r * dx, head_y - head_r * 1.6),
                     (head_x + f * head_r * dx + head_r * 0.35, head_y - head_r * 0.6)]
                    for dx in (-0.45, 0.45)], fur)
    if kind == "fox":
        c.ellipse(head_x + f * head_r * 1.0, head_y + head_r * 0.3, head_r * 0.6,
                  head_r * 0.3, fur)
    if kind in ("cow", "goat", "deer"):
        c.lines([[(head_x, head_y - head_r * 0.8), (head_x - f * head_r * 0.5,
                                                   head_y - head_r * 1.8)]], h * 0.03, dark)
    if kind == "sheep":
        c.ellipse(head_x + f * head_r * 0.3, head_y + head_r * 0.1, head_r * 0.7,
                  head_r * 0.8, look.dark((50, 44, 40), 0.8))
    # Tails: a cat's upright, a fox's bushy, a horse's hanging, a lion's with a tuft.
    tail_x = x - f * half * 0.95
    if kind in ("cat", "kitten"):
        c.lines([[(tail_x, body_y), (tail_x - f * h * 0.2, body_y - h * 0.25),
                  (tail_x - f * h * 0.12, body_y - h * 0.55)]], h * 0.06, fur)
    elif kind == "fox":
        c.ellipse(tail_x - f * h * 0.3, body_y + h * 0.05, h * 0.35, h * 0.12, fur)
        c.ellipse(tail_x - f * h * 0.6, body_y + h * 0.08, h * 0.08, h * 0.07,
                  look.body((240, 236, 226)))
    elif kind in ("horse", "pony", "lion", "tiger", "cow", "dog", "wolf", "puppy"):
        c.lines([[(tail_x, body_y - body_h * 0.2), (tail_x - f * h * 0.15,
                                                    body_y + h * 0.25)]], h * 0.05, dark)
