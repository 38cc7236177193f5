"""The cast, drawn the same in every shot: a character's figure comes from the character.

A member of the cast (``CharacterSpec``) is turned into a subject once: its kind (a person, a
painted animal, or the library's drawing of a creature, robot or vehicle), its colours (the
wardrobe's named colours; hair, skin and anything not named picked from the character's key,
never from the scene), its build and height. The scene only poses it (from what the shot says
the character does) and lights it, so a blue raincoat is a blue raincoat in every shot.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import CharacterKind
from vidstudio.providers.local.art import library
from vidstudio.providers.local.paint.canvas import mix, scale_rgb
from vidstudio.providers.local.paint.noise import stable_seed
from vidstudio.providers.local.paint.people import Dress
from vidstudio.providers.local.paint.subjects import (
    ANIMALS,
    COLOURS,
    Subject,
    _pose,
    _words,
    art_subject,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PIL import Image

    from vidstudio.providers.base import CastInShot, CharacterSpec
    from vidstudio.providers.local.paint.canvas import RGB

_WORD = re.compile(r"[a-z]+")
_EXTRA_COLOURS: dict[str, RGB] = {
    "ginger": (196, 96, 40), "auburn": (140, 60, 36), "blonde": (222, 190, 120),
    "blond": (222, 190, 120), "fair": (222, 196, 140), "grey": (180, 180, 176),
    "gray": (180, 180, 176), "silver": (200, 200, 204), "white": (236, 234, 228),
    "maroon": (110, 30, 40), "turquoise": (40, 170, 170), "cream": (236, 226, 200),
    "khaki": (150, 140, 96), "mustard": (200, 160, 40), "burgundy": (120, 30, 50),
    "lilac": (190, 160, 210), "emerald": (30, 140, 90), "rust": (170, 80, 40),
}
_OUTER = frozenset(_words(
    "coat raincoat overcoat jacket anorak parka cloak cape mac trenchcoat dress gown suit "
    "uniform sweater jumper hoodie shirt blouse overalls apron robe kimono sari poncho vest "
    "tuxedo cardigan blazer top tunic habit waistcoat fleece"))
_LEGS = frozenset(_words("trousers jeans skirt shorts leggings pants slacks breeches"))
_HATS = frozenset(_words("hat cap beret helmet hood beanie bonnet turban headscarf bowler "
                         "fedora"))
_COATS: list[RGB] = [(70, 84, 120), (150, 52, 44), (72, 110, 64), (160, 116, 70),
                     (110, 70, 130), (190, 150, 50), (70, 70, 76), (40, 116, 126),
                     (196, 96, 40), (120, 40, 70), (200, 196, 180), (30, 60, 110)]
_TROUSERS: list[RGB] = [(44, 44, 52), (60, 54, 46), (40, 48, 70), (84, 80, 74)]
_HAIR: list[RGB] = [(50, 36, 28), (120, 86, 56), (28, 26, 26), (196, 160, 100), (150, 70, 36)]
_SKIN: list[RGB] = [(236, 200, 172), (214, 170, 136), (190, 140, 104), (150, 102, 72),
                    (104, 70, 50)]
_SKIN_WORDS: dict[str, int] = {"pale": 0, "fair": 0, "light": 0, "freckled": 0, "olive": 2,
                               "tan": 2, "tanned": 2, "brown": 3, "dark": 4, "black": 4,
                               "deep": 4}


def _colour(text: str) -> RGB | None:
    """The colour a phrase names ("navy blue" -> navy, "dark green" -> a darker green)."""
    words = _WORD.findall(text.lower())
    found: RGB | None = None
    for word in words:
        named = _EXTRA_COLOURS.get(word) or COLOURS.get(word)
        if named is not None and word not in ("dark", "pale"):
            found = named
    if found is None:
        return None
    if "dark" in words:
        return scale_rgb(found, 0.65)
    if "pale" in words or "light" in words:
        return mix(found, (240, 240, 236), 0.4)
    return found


def _pick(options: Sequence[RGB], key: str, salt: str) -> RGB:
    return options[stable_seed("cast", key, salt) % len(options)]


def dress_of(spec: CharacterSpec) -> Dress:
    """A person's colours and build, from the character alone."""
    coat = trousers = hat = None
    for item, colour in spec.wardrobe:
        words = set(_WORD.findall(item.lower()))
        named = _colour(colour) or _colour(item)
        if words & _HATS and hat is None:
            hat = named or _pick(_COATS, spec.key, "hat")
        elif words & _LEGS and trousers is None:
            trousers = named or _pick(_TROUSERS, spec.key, "legs")
        elif coat is None and (words & _OUTER or named is not None):
            coat = named or _pick(_COATS, spec.key, "coat")
    hair_text = spec.hair.lower()
    old = _age(spec.age) >= 60
    hair = _colour(hair_text) or ((180, 180, 176) if old else _pick(_HAIR, spec.key, "hair"))
    skin_words = _WORD.findall(spec.skin.lower())
    tone = next((_SKIN_WORDS[w] for w in skin_words if w in _SKIN_WORDS), None)
    skin = _SKIN[tone] if tone is not None else _pick(_SKIN, spec.key, "skin")
    build = spec.build.lower()
    width = 1.25 if re.search(r"\b(stocky|broad|heavy|burly|large|stout|big)\b", build) else \
        0.86 if re.search(r"\b(slight|thin|slim|wiry|skinny|lean)\b", build) else 1.0
    marks = f"{spec.marks} {spec.description}".lower()
    return Dress(
        coat=coat or _pick(_COATS, spec.key, "coat"),
        trousers=trousers or _pick(_TROUSERS, spec.key, "legs"),
        hair=hair, skin=skin, hat=hat, width=width,
        bald=bool(re.search(r"\bbald\b", f"{hair_text} {marks}")),
        glasses=bool(re.search(r"\b(glasses|spectacles)\b", marks)),
    )


def _age(age: str) -> int:
    text = age.lower()
    number = re.search(r"\d+", text)
    if number:
        return int(number.group(0))
    if re.search(r"\b(child|kid|little|young girl|young boy|toddler)\b", text):
        return 8
    if re.search(r"\b(teen|teenage|teenager)\b", text):
        return 15
    if re.search(r"\b(old|elderly|aged|ancient)\b", text):
        return 70
    return 35


def _height(spec: CharacterSpec) -> float:
    age = _age(spec.age)
    height = 0.62 if age < 12 else 0.88 if age < 16 else 1.0
    build = spec.build.lower()
    if re.search(r"\b(tall|lanky)\b", build):
        height *= 1.08
    elif re.search(r"\b(short|small|petite|tiny)\b", build):
        height *= 0.92
    return height


@lru_cache(maxsize=1)
def _painted_animal_drawings() -> dict[str, str]:
    """The library drawing of each animal painted by hand -> that animal's painted kind
    (the first kind drawn so: "dog", not "puppy")."""
    kinds: dict[str, str] = {}
    for kind in ANIMALS:
        if (found := library.find(kind)) is not None:
            kinds.setdefault(found.name, kind)
    return kinds


@lru_cache(maxsize=128)
def figure_of(spec: CharacterSpec) -> Subject:
    """The character as a subject, standing (``pose_of`` poses it for a shot)."""
    text = " ".join((spec.name, spec.description, spec.hair, spec.skin)).lower()
    words = _WORD.findall(text)
    if spec.kind == CharacterKind.PERSON:
        return Subject("person", noun=spec.name.lower(), character=spec.key,
                       dress=dress_of(spec), scale=_height(spec), colour=dress_of(spec).coat)
    if spec.kind == CharacterKind.ANIMAL:
        painted = next((w for w in words if w in ANIMALS), None) or next(
            (w[:-1] for w in words if w.endswith("s") and w[:-1] in ANIMALS), None)
        colour = _colour(f"{spec.hair} {spec.skin}") or (
            _colour(spec.description) if painted else None)
        drawn = art_subject(spec.description or spec.name) if painted is None else None
        if drawn is not None and drawn.art in _painted_animal_drawings():
            # A breed the library draws as an animal we paint by hand ("a terrier" is the
            # dog): painted, so it wears the character's own fur colour in every scene.
            painted, drawn = _painted_animal_drawings()[drawn.art], None
            colour = colour or _colour(spec.description)
        if drawn is not None:
            return Subject("art", noun=spec.name.lower(), art=drawn.art, anchor=drawn.anchor,
                           height=drawn.height, character=spec.key)
        kind = painted or "dog"
        return Subject(kind, noun=spec.name.lower(), colour=colour, character=spec.key,
                       scale=ANIMALS[kind][0])
    # Creatures, robots and vehicles: the library's drawing of what they are.
    fallback = {CharacterKind.ROBOT: "robot", CharacterKind.VEHICLE: "automobile",
                CharacterKind.CREATURE: "dragon"}.get(spec.kind, "robot")
    drawn = art_subject(spec.description or spec.name) or art_subject(spec.name) or \
        art_subject(fallback)
    if drawn is None:
        return Subject("person", noun=spec.name.lower(), character=spec.key,
                       dress=dress_of(spec), scale=_height(spec))
    return Subject("art", noun=spec.name.lower(), art=drawn.art, anchor=drawn.anchor,
                   height=drawn.height, character=spec.key)


def pose_of(member: CastInShot) -> Subject:
    """The member as this shot shows them: their own figure, posed by what they do."""
    base = figure_of(member.character)
    action = member.action.lower()
    pose = _pose(action)
    if base.kind == "art":
        return replace(base, pose=pose)
    return replace(base, pose=pose,
                   lantern=bool(re.search(r"\b(lantern|torch|candle)\b", action)))


def with_cast(parsed: list[Subject], cast: Sequence[CastInShot], limit: int = 5
              ) -> list[Subject]:
    """The shot's subjects: the cast in frame first, in frame order, then what else the shot
    names (a prop, a vehicle), leaving out the people and animals the cast already is."""
    members = [pose_of(m) for m in cast]
    if not members:
        return parsed
    has_person = any(m.kind == "person" for m in members)
    kinds = {m.kind for m in members if m.kind != "art"}
    # A painted cat in the cast is the cat the shot names, whichever way it would be drawn.
    arts = {m.art for m in members if m.art} | {
        found.name for kind in kinds if (found := library.find(kind)) is not None}
    others = [s for s in parsed
              if not (s.kind == "person" and has_person) and s.kind not in kinds
              and not (s.art and s.art in arts)]
    return (members + others)[:max(limit, len(members))]


# The character sheet's views: (pose words, facing).
_SHEET_VIEWS: tuple[tuple[str, float], ...] = (
    ("stands", 1.0), ("stands", -1.0), ("walks", 1.0), ("sits", 1.0))


def paint_character(spec: CharacterSpec, size: tuple[int, int], variant: int) -> Image.Image:
    """One image of the character's sheet: the character alone on a plain backdrop, in even
    daylight, standing (views 0 and 1, facing each way), walking (2) or sitting (3)."""
    from PIL import Image

    from vidstudio.core.vocabulary import TimeOfDay, Weather
    from vidstudio.providers.base import CastInShot
    from vidstudio.providers.local.paint.canvas import Canvas
    from vidstudio.providers.local.paint.look import Look
    from vidstudio.providers.local.paint.palette import make_palette
    from vidstudio.providers.local.paint.subjects import draw

    w, h = size
    aspect = w / h
    c = Canvas((0.0, 0.0, aspect, 1.0), h)
    c.rect_fill(0.0, 0.0, aspect, 0.86, (214, 212, 206))
    c.rect_fill(0.0, 0.86, aspect, 1.0, (176, 172, 164))
    words, facing = _SHEET_VIEWS[variant % len(_SHEET_VIEWS)]
    subject = pose_of(CastInShot(spec, words))
    pal = make_palette(TimeOfDay.DAY, Weather.CLEAR, "soft even studio light", aspect * 0.3, 0.5)
    look = Look(pal, 0.0, facing, stable_seed("cast", spec.key) % 9973)
    # A person fills most of the height (a child less); an animal or a drawing half of it.
    tall = 0.72 * min(subject.size, 1.1) if subject.kind == "person" else 0.5
    c.ellipse(aspect / 2, 0.9, tall * 0.3, 0.02, (120, 116, 110), 0.6)
    draw(c, aspect / 2, 0.9, tall, look, subject)
    out = Image.new("RGB", (c.w, c.h), (214, 212, 206))
    out.paste(c.img.convert("RGB"), (0, 0), c.img)
    return out if out.size == (w, h) else out.resize((w, h))
