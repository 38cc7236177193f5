"""Key objects: matching free words ("keeper", "lantern", "fishing boat") to drawable things.

Each drawable kind has a drawing function ``draw(canvas, x, y, h, look)`` (``y`` is where it
stands, ``h`` its height in world units), a natural height relative to a standing person, and
whether it is a landmark (placed in the middle distance, large) or a prop.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vidstudio.providers.local.paint import buildings, people, props, vehicles
from vidstudio.providers.local.paint.canvas import Canvas
from vidstudio.providers.local.paint.look import Look

Draw = Callable[[Canvas, float, float, float, Look], None]


@dataclass(frozen=True)
class Kind:
    """A drawable thing: ``size`` is its height relative to a person; ``floats`` for space."""

    name: str
    draw: Draw
    size: float
    landmark: bool = False
    floats: bool = False
    on_water: bool = False


def _walker(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    people.figure(c, x, y, h, look, pose="walk")


def _astronaut(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    people.figure(c, x, y, h, look, pose="suit")


def _keeper(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    people.figure(c, x, y, h, look, pose="stand", lantern=True)


def _tree(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    (props.conifer if look.seed % 2 else props.broadleaf)(c, x, y, h, look)


def _crowd(c: Canvas, x: float, y: float, h: float, look: Look) -> None:
    people.crowd(c, x, y, h, look, count=6, spread=h * 2.5)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("lighthouse", buildings.lighthouse, 9.0, landmark=True),
        Kind("house", buildings.house, 3.2, landmark=True),
        Kind("tower", buildings.tower, 8.0, landmark=True),
        Kind("windmill", buildings.windmill, 6.0, landmark=True),
        Kind("tent", buildings.tent, 1.3),
        Kind("stall", buildings.stall, 1.4),
        Kind("crane", buildings.crane, 10.0, landmark=True),
        Kind("bridge", buildings.bridge, 2.5, landmark=True),
        Kind("boat", vehicles.boat, 1.1, on_water=True),
        Kind("car", vehicles.car, 0.85),
        Kind("motorbike", vehicles.motorbike, 0.85),
        Kind("bicycle", vehicles.bicycle, 0.6),
        Kind("station", vehicles.station, 1.0, landmark=True, floats=True),
        Kind("satellite", vehicles.satellite, 0.6, floats=True),
        Kind("figure", people.figure, 1.0),
        Kind("walker", _walker, 1.0),
        Kind("keeper", _keeper, 1.0),
        Kind("astronaut", _astronaut, 1.0),
        Kind("crowd", _crowd, 1.0),
        Kind("dog", people.dog, 0.45),
        Kind("birds", people.birds, 1.2, floats=True),
        Kind("lamp", props.street_lamp, 2.3),
        Kind("lantern", props.lantern, 0.22),
        Kind("floorlamp", props.floor_lamp, 1.5),
        Kind("tree", _tree, 3.5),
        Kind("palm", props.palm, 3.5),
        Kind("rock", props.rock, 0.6),
        Kind("oven", props.oven, 1.1),
        Kind("table", props.table, 0.45),
        Kind("chair", props.chair, 0.5),
        Kind("crate", props.crate, 0.35),
        Kind("barrel", props.barrel, 0.5),
        Kind("bench", props.bench, 0.45),
        Kind("sign", props.neon_sign, 0.5),
        Kind("fire", props.fire, 0.35),
        Kind("sack", props.sack, 0.35),
        Kind("shelf", props.shelf, 1.8),
    )
}

# Words (singular, lower case) that name a kind; the first listed kind of a phrase wins.
SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["lighthouse", "beacon", "lightkeeper", "beam"], "lighthouse"),
    **dict.fromkeys(
        [
            "house",
            "cottage",
            "cabin",
            "hut",
            "home",
            "barn",
            "farmhouse",
            "shack",
            "bakery",
            "shop",
            "inn",
            "chapel",
            "church",
        ],
        "house",
    ),
    **dict.fromkeys(["tower", "spire", "minaret", "steeple", "belfry", "clocktower"], "tower"),
    **dict.fromkeys(["windmill", "mill"], "windmill"),
    **dict.fromkeys(["tent", "camp", "yurt"], "tent"),
    **dict.fromkeys(
        ["stall", "stand", "booth", "kiosk", "cart", "vendor", "awning", "market"], "stall"
    ),
    **dict.fromkeys(["crane", "derrick", "gantry"], "crane"),
    **dict.fromkeys(["bridge", "viaduct", "aqueduct"], "bridge"),
    **dict.fromkeys(
        [
            "boat",
            "ship",
            "trawler",
            "yacht",
            "canoe",
            "ferry",
            "vessel",
            "sailboat",
            "dinghy",
            "barge",
            "tug",
            "tugboat",
            "fishing",
            "rowboat",
            "kayak",
            "raft",
        ],
        "boat",
    ),
    **dict.fromkeys(
        [
            "car",
            "taxi",
            "cab",
            "truck",
            "van",
            "jeep",
            "bus",
            "lorry",
            "sedan",
            "pickup",
            "vehicle",
            "automobile",
            "suv",
        ],
        "car",
    ),
    **dict.fromkeys(
        ["motorbike", "motorcycle", "scooter", "moped", "bike", "rider", "biker"], "motorbike"
    ),
    **dict.fromkeys(["bicycle", "cyclist"], "bicycle"),
    **dict.fromkeys(
        [
            "station",
            "spacestation",
            "iss",
            "spacecraft",
            "spaceship",
            "module",
            "capsule",
            "shuttle",
            "rocket",
            "airlock",
            "cupola",
            "array",
        ],
        "station",
    ),
    **dict.fromkeys(["satellite", "probe", "panel", "antenna", "dish"], "satellite"),
    **dict.fromkeys(["keeper", "watchman", "guard"], "keeper"),
    **dict.fromkeys(["astronaut", "cosmonaut", "spacesuit", "spacewalker"], "astronaut"),
    **dict.fromkeys(
        [
            "person",
            "figure",
            "man",
            "woman",
            "girl",
            "boy",
            "child",
            "kid",
            "people",
            "engineer",
            "baker",
            "grandfather",
            "grandmother",
            "granddaughter",
            "grandson",
            "father",
            "mother",
            "stranger",
            "traveller",
            "traveler",
            "fisherman",
            "sailor",
            "farmer",
            "worker",
            "hero",
            "driver",
            "soldier",
            "seller",
            "merchant",
            "trader",
            "crew",
            "captain",
            "friend",
            "narrator",
            "mechanic",
            "smith",
            "blacksmith",
            "chef",
            "cook",
            "student",
            "teacher",
        ],
        "figure",
    ),
    **dict.fromkeys(["walker", "runner", "hiker", "wanderer", "pedestrian"], "walker"),
    **dict.fromkeys(["crowd", "shoppers", "passersby", "villagers", "townsfolk"], "crowd"),
    **dict.fromkeys(["dog", "cat", "horse", "goat", "donkey", "fox", "wolf", "animal"], "dog"),
    **dict.fromkeys(
        ["bird", "gull", "seagull", "crow", "raven", "pigeon", "flock", "eagle", "swallow"], "birds"
    ),
    **dict.fromkeys(
        ["lamp", "streetlight", "streetlamp", "lamppost", "light", "floodlight", "spotlight"],
        "lamp",
    ),
    **dict.fromkeys(["lantern", "candle", "torch", "lamplight", "oillamp"], "lantern"),
    **dict.fromkeys(
        [
            "tree",
            "oak",
            "pine",
            "fir",
            "spruce",
            "birch",
            "willow",
            "maple",
            "cedar",
            "forest",
            "woods",
            "grove",
            "orchard",
        ],
        "tree",
    ),
    **dict.fromkeys(["palm", "coconut"], "palm"),
    **dict.fromkeys(["rock", "boulder", "stone", "cliff", "crag", "outcrop"], "rock"),
    **dict.fromkeys(
        ["oven", "stove", "furnace", "kiln", "fireplace", "hearth", "forge", "bakehouse"], "oven"
    ),
    **dict.fromkeys(["table", "desk", "workbench", "counter", "bench-top", "tray"], "table"),
    **dict.fromkeys(["chair", "stool", "seat", "armchair", "throne"], "chair"),
    **dict.fromkeys(["crate", "box", "chest", "parcel", "package", "cargo", "container"], "crate"),
    **dict.fromkeys(["barrel", "cask", "keg", "drum"], "barrel"),
    **dict.fromkeys(["bench", "pew"], "bench"),
    **dict.fromkeys(["sign", "neon", "billboard", "signboard", "poster"], "sign"),
    **dict.fromkeys(["fire", "campfire", "bonfire", "flame", "embers"], "fire"),
    **dict.fromkeys(["sack", "bag", "basket", "grain", "flour", "sacks"], "sack"),
    **dict.fromkeys(
        [
            "shelf",
            "shelves",
            "bookcase",
            "cupboard",
            "cabinet",
            "jar",
            "jars",
            "books",
            "spices",
            "spice",
        ],
        "shelf",
    ),
}

_WORD = re.compile(r"[a-z][a-z'-]*")
_VOCABULARY = sorted(SYNONYMS)


def singular(word: str) -> str:
    """A rough singular form: enough for matching object names."""
    for suffix, repl in (
        ("ies", "y"),
        ("ves", "f"),
        ("sses", "ss"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("xes", "x"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    return word


def match_word(word: str) -> str | None:
    """The kind a single word names, matching loosely (plurals, small misspellings)."""
    word = word.lower().strip("'-")
    for candidate in (word, singular(word)):
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    if len(word) >= 5:
        close = difflib.get_close_matches(word, _VOCABULARY, n=1, cutoff=0.84)
        if close:
            return SYNONYMS[close[0]]
    return None


def match_phrase(phrase: str) -> str | None:
    """The kind a phrase names: the last matching word wins ("fishing boat" -> boat)."""
    found = None
    for word in _WORD.findall(phrase.lower()):
        kind = match_word(word)
        if kind is not None:
            found = kind
    return found


def kinds_in(phrases: Iterable[str], limit: int = 6) -> list[str]:
    """Distinct kinds named by ``phrases`` (in order), at most ``limit``."""
    out: list[str] = []
    for phrase in phrases:
        kind = match_phrase(phrase)
        if kind is not None and kind not in out:
            out.append(kind)
        if len(out) >= limit:
            break
    return out


def kinds_in_text(text: str, limit: int = 3) -> list[str]:
    """Kinds named anywhere in free text (an action line), each word on its own."""
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        kind = match_word(word)
        if kind is not None and kind not in out:
            out.append(kind)
        if len(out) >= limit:
            break
    return out
