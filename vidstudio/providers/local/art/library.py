"""The drawing index: words -> a drawing, with its real-world height and where it rests.

The names a drawing answers to come from four sources, best first: the project's synonym table
(``sizes.SYNONYMS``) and noun table (``nouns``), the drawing's own name, its Unicode character
name (``unicodedata``) and its CLDR spoken name. A CLDR keyword is not a name: it tags a
drawing with what it evokes ("left" the speech bubble, "iron" the waffle, "pool" the bikini),
so a keyword that does name the thing is a row of the noun table instead. Words of several
senses where none clearly wins (``nouns.UNSURE``: a "bat", "glasses", "gear") name nothing
alone. The names are read from the vendored ``data/names.json.xz`` once per process; nothing
is fetched.

One lookup serves the painter's subjects and, later, the cast: ``find`` for one noun,
``find_all`` for the subjects a sentence names, ``variant`` for a person drawing's skin tone.
"""

from __future__ import annotations

import json
import lzma
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from vidstudio.providers.local.art import context, nouns, painted
from vidstudio.providers.local.art.roles import is_role
from vidstudio.providers.local.art.sizes import (
    OBJECT_SENSES,
    PLACE_PHRASES,
    PLURAL_SENSES,
    STOP,
    SYNONYMS,
    WORN,
    size_and_anchor,
)
from vidstudio.providers.local.art.words import (
    WORD,
    cached_forms,
    forms,
    singular,
    spellings,
    split,
    tokens,
)

DATA = Path(__file__).with_name("data")
PERSON_HEIGHT_M = 1.7
TONES = ("light", "medium-light", "medium", "medium-dark", "dark")
CREDIT = ("Illustrations: Microsoft Fluent Emoji (MIT License, Copyright (c) Microsoft "
          "Corporation); keywords: Unicode CLDR (Unicode License v3)")

_TONE = re.compile(r"-(?:light|medium-light|medium|medium-dark|dark)(?:-|$)")
# Drawings that are a whole scene, the weather, a clock face or a symbol, not a subject: the
# painter paints places, skies and weather itself.
_NOT_SUBJECTS = re.compile(
    r"oclock|thirty|moon|cloud|^sun(?:-|$)|sunrise|sunset|cityscape|night|milky-way|national-park|"
    r"^desert|beach-with|camping|foggy|^fog$|mountain$|mount-fuji|volcano|motorway|"
    r"railway-track|construction|rainbow|water-wave|droplet|snowflake|cyclone|tornado|"
    r"high-voltage|wind-face|hot-springs|wedding|^houses$|^rock$|^wood$|^brick$|map-of-japan|"
    r"globe-showing-(?:americas|asia)|globe-with|button|chart|banknote|envelope-with|"
    r"mobile-phone-with|speaker-|-with-slash|kiss|heart|"
    # whole words of the name: faces, hands, gestures and generic people
    r"(?:^|-)(?:face|hand|hands|finger|thumbs|fist|index|palm|palms|pinch|salute|person|man|"
    r"woman|men|women|people|couple|family|ok|raising|gesturing|pouting|frowning|bowing|"
    r"shrugging|facepalm|tipping|older|baby|child|boy|girl|adult|suit)(?:-|$)"
)
# Person words the painter draws by hand (posed, dressed, lit): never a drawing.
_PEOPLE = frozenset(split(
    "man woman person boy girl child kid baby lady gentleman guy people men women children "
    "kids crowd family couple mother father son daughter wife husband keeper"
))

_NEGATIONS = frozenset(split("no without not never nor"))
# Words after which a verb comes, not a thing: "you cook", "they fish", "to ship", "will ship".
_SUBJECT_WORDS = frozenset(split(
    "i you we they he she it to will would can could must should shall may might don't "
    "doesn't didn't won't can't"))
# People in a role that the painter draws by hand, dressed for it (``paint.costume``): never a
# drawing, so "the judge" wears a judge's gown instead of standing as a small emoji.
_HAND_DRAWN = frozenset(split(
    "artist detective factory-worker farmer firefighter guard health-worker "
    "judge mechanic office-worker pilot police-officer prince princess scientist singer student "
    "teacher technologist"))


@dataclass(frozen=True)
class Drawing:
    """One drawing of the library.

    Attributes:
        name: its identifier ("dog", "police-car").
        category: the set's category ("Animals & Nature", "Travel & Places", ...).
        height_m: the real-world height of what it shows, in metres.
        anchor: where it rests: "ground", "sky", "water" or "wall".
        code: its Unicode code points ("1f415"), "" if none.
        view: the drawing's view box (width, height).
    """

    name: str
    category: str
    height_m: float
    anchor: str
    code: str
    view: tuple[float, float]

    @property
    def size(self) -> float:
        """Height relative to a standing person."""
        return self.height_m / PERSON_HEIGHT_M

    @property
    def unicode_name(self) -> str:
        return _unicode_name(self.code)


@dataclass(frozen=True)
class Match:
    """A drawing named in a text: the name it answered to ("bus"), the text's own words
    ("buses") and where they are (word index)."""

    drawing: Drawing
    words: str
    at: int
    text: str = ""


def _unicode_name(code: str) -> str:
    parts = [int(p, 16) for p in code.split("-") if p and p not in ("fe0f", "200d")]
    if len(parts) != 1:
        return ""
    return unicodedata.name(chr(parts[0]), "").lower()


@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, Any]]:
    raw = lzma.decompress((DATA / "names.json.xz").read_bytes())
    names: dict[str, dict[str, Any]] = json.loads(raw)["names"]
    return names


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[int, str]]:
    """phrase -> (rank, drawing name); a lower rank is a better name for the drawing."""
    return _tables()[0]


@lru_cache(maxsize=1)
def _sensed() -> dict[str, tuple[int, str]]:
    """The stop words of ``OBJECT_SENSES`` -> (rank, drawing name), kept out of ``_index``."""
    return _tables()[1]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
    names = _names()
    index: dict[str, tuple[int, str]] = {}
    sensed: dict[str, tuple[int, str]] = {}

    def put(phrase: str, rank: int, name: str) -> None:
        phrase = " ".join(tokens(phrase.replace("-", " ")))
        table = index
        if phrase in OBJECT_SENSES:
            table = sensed  # a camera only after "a", "her", ... (see find_all)
        elif not phrase or phrase in STOP or phrase.split()[-1] in WORN or phrase in _PEOPLE:
            return  # "lab coat" is worn
        old = table.get(phrase)
        # Equal ranks: the shorter name is the plainer drawing ("dog" before "guide-dog").
        if old is None or (rank, len(name)) < (old[0], len(old[1])):
            table[phrase] = (rank, name)

    usable = [n for n in names if not _TONE.search(n) and not _NOT_SUBJECTS.search(n)
              and n not in _HAND_DRAWN]
    for name in usable:
        entry = names[name]
        put(name, 1, name)
        if entry["tts"]:
            put(entry["tts"], 1, name)
        if uname := _unicode_name(entry["cp"]):
            put(uname, 1, name)
    # A compound's head noun names it when nothing else is plainly called so: "bowl" for the
    # bowl with a spoon, "buoy" for the ring buoy, "bottle" for the lotion bottle.
    heads = [(head, name) for name in usable
             for head in {_head(name.replace("-", " ")), _head(names[name]["tts"])}
             if head and head not in _HEAD_DENY and (index.get(head) or (9, ""))[0] > 1]
    for head, name in heads:
        put(head, 1, name)
    # The project's noun table: a noun names its nearest drawing, ahead of a head noun or a
    # keyword that names something else, but never over a drawing's own name.
    own = {" ".join(tokens(p.replace("-", " "))) for name in usable
           for p in (name, names[name]["tts"], _unicode_name(names[name]["cp"])) if p}
    worn = context.worn_words()
    for word, noun in nouns.table().items():
        garment = word.split()[-1] in worn  # worn things are rows of their own (nouns_worn)
        if noun.drawing in names and (word not in own or garment) and word not in SYNONYMS:
            for key in dict.fromkeys((word, word.replace("-", " "))):
                if word in nouns.SENSED:
                    index.pop(key, None)  # "brush" is a thing only when introduced as one
                    sensed[key] = (0, noun.drawing)
                else:
                    index[key] = (0, noun.drawing)
    for word, name in SYNONYMS.items():
        if name in names and name not in _HAND_DRAWN:
            (sensed if word in OBJECT_SENSES else index)[word] = (0, name)
    for plural in PLURAL_SENSES:
        one = singular(plural)
        name = next((n for n in (one, plural, f"{one}s") if n in names and n in usable), "")
        if name:
            index[plural] = (1, name)
    for word in nouns.UNSURE:
        index.pop(word, None)
        sensed.pop(word, None)
    # A plural of the noun table whose singular names the same drawing is matched as that
    # singular, so that the scene's subject reads "an egg", not "an eggs".
    for word, noun in nouns.table().items():
        for table in (index, sensed):
            if table.get(word, (9, ""))[1] == noun.drawing and any(
                    (hit := index.get(one)) is not None and hit[0] <= 1 and hit[1] == noun.drawing
                    for one in forms(word)[1:]):
                del table[word]
    return index, sensed


# Heads of compound names that are not the thing drawn ("symbol", "gesture"), are a material
# or a part ("glass", "board"), or name a person or a place the painter paints by hand.
_HEAD_DENY = frozenset(split(
    "symbol left right up done away hit struck arts clothes christmas claus africa gesture "
    "sign fingers laughing horizontally vertically silhouette biceps lip feeding points drop "
    "pile racing cut drink green root die game money rex rail railway engine worker officer "
    "spy speaker score notes mail frame frames arrival arriving departure hoop helix ground "
    "handle page roll liquid piece cube slice tabs stop vehicle yo pong prints knobs slider "
    "ray horn amulet beads decoration popper polish paperclips tramway cableway coaster food "
    "fruit bubble glass board mask scale net chain web pin disc disk card temple shrine "
    "statue cream rice pad slide pump trap cart dish tray skate"
))


def _head(phrase: str) -> str:
    """The head noun of a compound name ("bowl with spoon" -> "bowl", "pot of food" -> "pot",
    "lotion bottle" -> "bottle"), "" for a one-word name."""
    words = phrase.split()
    if len(words) < 2:
        return ""
    for joint in ("with", "of", "and"):
        if joint in words:
            words = words[:words.index(joint)]
    head = words[-1] if words else ""
    return head if head.isalpha() and head.islower() and len(head) > 2 else ""


def drawing(name: str) -> Drawing | None:
    """The drawing called ``name`` ("dog", "astronaut-medium"), if the library has it."""
    entry = _names().get(name)
    if entry is None:
        return None
    base = _TONE.sub("", name) if _TONE.search(name) else name
    if base not in _names():
        base = name  # "vertical-traffic-light" ends like a skin tone but is none
    height, anchor = size_and_anchor(base, entry["cat"])
    return Drawing(name, entry["cat"], height, anchor, entry["cp"],
                   (float(entry["w"]), float(entry["h"])))


def find(noun: str) -> Drawing | None:
    """The drawing that shows ``noun`` ("a red fox", "police cars", "sofa"), if any."""
    words = tokens(noun)
    if words and words[-1] in _PEOPLE:
        return None  # a person is drawn by hand
    if words and is_role(singular(words[-1])):
        # A person named by a role is drawn by hand, dressed for it ("judge"), unless the
        # library draws that very being ("troll", "ninja"); never a thing inside the word
        # ("navigator": a gator).
        hit = _lookup_key(words[-1:], 1)
        found = drawing(hit[1]) if hit is not None else None
        return found if found is not None and found.category == "People & Body" else None
    # Names, longest phrase first ("red fox", then "fox"); a phrase the library does not draw
    # names nothing, not its last word ("a hot-air balloon").
    for start in range(len(words)):
        if _not_drawn(words[start:]):
            return None
        hit = _lookup_key(words[start:], 1)
        if hit is not None:
            return _own_size(hit[0], drawing(hit[1]))
    # A noun alone is named as an object ("lantern", "camera"): its object sense holds.
    sensed = _sensed_key(words[-1]) if words else None
    if sensed is not None:
        return _own_size(sensed[0], drawing(sensed[1]))
    return None


def _own_size(key: str, found: Drawing | None) -> Drawing | None:
    """``found`` at the real height of the noun ``key`` when the noun table gives one (a cello
    is drawn as the violin, 1.2 m tall)."""
    height = _heights().get(key)
    return found if found is None or height is None else replace(found, height_m=height)


@lru_cache(maxsize=1)
def _heights() -> dict[str, float]:
    """noun -> its own height (metres) from the noun table; a plural's height serves its
    singular when the table names only the plural ("lambs")."""
    heights = {word: noun.height_m for word, noun in nouns.table().items()
               if noun.height_m is not None}
    for word, height in list(heights.items()):
        for one in forms(word)[1:]:
            heights.setdefault(one, height)
    return heights


def _lookup(words: list[str], worst: int = 2) -> str | None:
    """The drawing a phrase names (plural or singular) with a name of rank ``worst`` or better."""
    found = _lookup_key(words, worst)
    return found[1] if found else None


def _lookup_key(words: list[str], worst: int = 2, spell: bool = True) -> tuple[str, str] | None:
    """(the name matched, the drawing) for a phrase, plural or singular, with hyphens or spaces
    ("fire-engine"), in British or American spelling ("harbor seal")."""
    if not words or (len(words) == 1 and words[0] in nouns.UNSURE):
        return None
    index = _index()
    plurals = _plurals(words[-1]) if words[-1] not in STOP else []  # "rose" is no "roses"
    for last in [*forms(words[-1]), *plurals]:
        key = " ".join([*words[:-1], last])
        hit = index.get(key)
        if hit is not None and hit[0] <= worst:
            return key, hit[1]
    if any("-" in word for word in words):
        parts = [part for word in words for part in word.split("-") if part]
        return _lookup_key(parts, worst, spell)  # "fire-engine", "ice-cream van"
    for at, word in enumerate(words if spell else []):
        for other in (o for o in spellings(word) if o in _vocabulary()):
            spelt = _lookup_key([*words[:at], other, *words[at + 1:]], worst, spell=False)
            if spelt is not None:
                return spelt
    return _compound(words[-1]) if len(words) == 1 else None


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of a name the index knows (a spelling is tried only if it is one of them)."""
    return frozenset(w for table in _tables() for key in table for w in key.split())


@lru_cache(maxsize=1)
def _not_drawn_ends() -> frozenset[str]:
    return frozenset(phrase.split()[-1] for phrase in nouns.NOT_DRAWN)


def _not_drawn(words: list[str]) -> bool:
    """Whether the phrase (plural or singular, hyphens or spaces) is one the library does not
    draw though its last word names a drawing (``nouns.NOT_DRAWN``)."""
    ends = _not_drawn_ends()
    tail = words[-1].rsplit("-", 1)[-1] if words else ""
    if not any(last in ends for last in cached_forms(tail)):
        return False  # the usual case, decided on the last word alone
    parts = [part for word in words for part in word.split("-") if part]
    return any(" ".join([*parts[:-1], last]) in nouns.NOT_DRAWN for last in cached_forms(parts[-1]))


# Closed compounds whose end names another animal than the one meant.
_NOT_COMPOUNDS = frozenset(split("seahorse sealion anteater scarecrow bookworm"))


def _compound(word: str) -> tuple[str, str] | None:
    """A closed compound of an animal's name ("sheepdog", "swordfish", "wildcat") -> that
    animal's drawing, when the word itself names nothing."""
    word = singular(word)
    if len(word) < 6 or word in _NOT_COMPOUNDS:
        return None
    index = _index()
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if len(tail) < 5 and not (head in index or head in _sensed() or head in STOP):
            continue  # "sheepdog", "starfish"; not "kitchen" (a hen?)
        hit = index.get(tail)
        if hit is not None and hit[0] <= 1:
            found = _names().get(hit[1])
            if found is not None and found["cat"] == "Animals & Nature":
                return word, hit[1]
    return None


def _plurals(word: str) -> list[str]:
    """Plurals of ``word``, for drawings named in the plural ("pancake" -> "pancakes")."""
    if word.endswith("s") or len(word) < 3:
        return []
    if word.endswith("y") and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s", word + "es"]


def find_all(text: str, limit: int = 6) -> list[Match]:
    """The drawable things ``text`` names, in the order it names them (each drawing once).

    Longer names win over their parts ("police car" over "car", "fire engine" over "fire").
    Free text is matched on names only: CLDR keywords are too loose for it ("lake" is a
    keyword of the speedboat, "morning" of the hot drink).
    """
    words = tokens(text)
    # The words a punctuation mark (or the text's end) follows.
    clause_ends = {k for k, m in enumerate(WORD.finditer(text.lower()))
                   if text[m.end():].lstrip()[:1] in ("", ".", ",", ";", ":", "!", "?")}
    out: list[Match] = []
    seen: set[str] = set()
    index = 0
    while index < len(words) and len(out) < limit:
        if " ".join(words[index:index + 2]) in PLACE_PHRASES:
            index += 2  # "the dining car": the place the scene is in
            continue
        for span in (3, 2, 1):
            phrase = words[index:index + span]
            if len(phrase) < span:
                continue
            if _not_drawn(phrase):
                index += span  # "a punching bag": not a bag the library draws
                break
            hit = _lookup_key(phrase, worst=1)
            if hit is None and span == 1 and _introduced(words, index) and not (
                    words[index] in _BODY_TOO and words[index - 1] in _POSSESSIVES):
                hit = _sensed_key(phrase[0])
            if hit is not None and span == 1 and words[index].endswith("ed") \
                    and _names_head(words, index + 1):
                hit = None  # "a locked chest", "a fire truck": the last noun is the thing
            if hit is not None and index > 0 and words[index - 1] in _NEGATIONS:
                index += span  # "No map. No signal.": nothing to draw
                break
            if hit is not None and index > 0 and words[index - 1] in _SUBJECT_WORDS:
                index += span  # "you cook dinner", "we fish", "to ship": a verb
                break
            if hit is not None and context.likeness(words, index, index + span - 1 in clause_ends):
                index += span  # "round as a plate": a likeness, not a thing in the scene
                break
            if hit is not None and (
                    (hit[0].rsplit(" ", 1)[-1] in context.worn_words()
                     and context.worn(words, index, clause_ends))
                    or (span == 1 and _material(words, index))):
                index += span  # "a man in a hat": his costume; "a timber barn": a barn
                break
            if hit is not None and span == 1 and words[index] in context.CAMERA_MOVES \
                    and context.camera_move(words, index):
                index += span  # "CRANE UP", "the camera cranes down": a shot, not a crane
                break
            if hit is not None:
                key, name = hit
                if name not in seen:
                    found = _own_size(key, drawing(name))
                    if found is not None:
                        seen.add(name)
                        out.append(Match(found, key, index, " ".join(phrase)))
                index += span
                break
        else:
            index += 1
    return out


def _material(words: list[str], index: int) -> bool:
    """Whether the word at ``index`` is a material that says what the next noun is made of
    ("a timber barn", "the stone well", "a glass case")."""
    if words[index] not in context.MATERIALS or index + 1 >= len(words):
        return False
    after = words[index + 1]
    return after.isalpha() and (_names_head(words, index + 1) or after in painted.WORDS)


def _names_head(words: list[str], index: int) -> bool:
    """Whether the word at ``index`` is itself a drawing's name, so that the participle before
    it only describes it ("locked" in "a locked chest")."""
    if index >= len(words):
        return False
    word = words[index]
    return _lookup_key([word], worst=1) is not None or _sensed_key(word) is not None


# Words that introduce a thing as an object: "a camera", "her lamp", "his old watch".
_INTRODUCERS = frozenset(split("a an his her their my our your its one two some another"))
_POSSESSIVES = frozenset(split("his her their my our your its"))
# Objects that share a word with the body: "a locked chest" is a thing, "his chest" is not.
_BODY_TOO = frozenset(split("chest chests"))


# Prepositions of place: "under the lamp", "beside the camera" name a thing where it stands.
_PLACING = frozenset(split("under beneath beside by near behind below above over on"))


def _introduced(words: list[str], index: int) -> bool:
    """Whether the word at ``index`` follows an introducer, at most one adjective between, or
    a preposition of place and "the" ("under the lamp")."""
    before = words[max(0, index - 2):index]
    if before[-2:] and before[-2:][0] in _PLACING and before[-1] == "the" and len(before) == 2:
        return True
    return bool(before) and (before[-1] in _INTRODUCERS
                             or (len(before) == 2 and before[0] in _INTRODUCERS
                                 and before[1] not in _INTRODUCERS
                                 and not _is_noun(before[1])))


def _is_noun(word: str) -> bool:
    """Whether ``word`` is a person or a thing of its own ("a thief picks": "picks" follows a
    noun, so it is the verb, not a pick)."""
    if word in _PEOPLE or is_role(word):
        return True
    return not word.endswith(("ed", "ing")) and _lookup_key([word], worst=1) is not None


def _sensed_key(word: str) -> tuple[str, str] | None:
    """(the name matched, the drawing) for an ``OBJECT_SENSES`` word, plural or singular."""
    table = _sensed()
    for form in forms(word):
        hit = table.get(form)
        if hit is not None and hit[0] <= 1:
            return form, hit[1]
    return None


def variant(name: str, tone: int) -> str:
    """The skin-tone variant of a person drawing (``tone`` 0..4), or ``name`` if it has none."""
    candidate = f"{name}-{TONES[tone % len(TONES)]}"
    return candidate if candidate in _names() else name


def count() -> int:
    """How many drawings the library holds."""
    return len(_names())


def names_count() -> int:
    """How many distinct names and phrases lead to a drawing."""
    return len(_index())
