"""Things a script names that the illustration library has no drawing of, which the painter
paints by hand instead: a lighthouse, a bridge, a windmill, a house, a stove, a safe, the moon.

The planner names them as a scene's subjects and the painter draws them, so both read the
same table. Each word maps to the painted thing and where it stands: "far" (a landmark on the
horizon, seen across the land or the water), "ground" (on the floor, at its real size) or
"sky" (hung or high up).
"""

from __future__ import annotations

from vidstudio.providers.local.art.words import split

# painted thing -> (height relative to a standing person, width relative to its height, where)
THINGS: dict[str, tuple[float, float, str]] = {
    "lighthouse": (9.0, 0.34, "far"),
    "bridge": (2.5, 4.0, "far"),
    "windmill": (6.0, 0.9, "far"),
    "house": (3.2, 1.3, "far"),
    "tower": (8.0, 0.4, "far"),
    "stove": (0.55, 0.75, "ground"),
    "oven": (0.6, 1.3, "ground"),
    "bench": (0.45, 3.0, "ground"),
    "safe": (0.5, 0.8, "ground"),
    "moon": (1.0, 1.0, "sky"),
    "chandelier": (1.0, 1.0, "sky"),
    # Big furniture and things a scene is often about that no drawing shows: they stand on
    # the floor or the ground behind or beside the people.
    "fireplace": (0.75, 1.1, "ground"),
    "harp": (1.0, 0.6, "ground"),
    "swing": (1.1, 0.8, "ground"),
    "beehive": (0.35, 0.8, "ground"),
    "wagon": (1.2, 1.6, "ground"),
    "scarecrow": (1.1, 0.8, "ground"),
    "table": (0.45, 1.8, "ground"),
}
# words a script uses -> the painted thing
WORDS: dict[str, str] = {
    **dict.fromkeys(split("lighthouse lighthouses beacon"), "lighthouse"),
    **dict.fromkeys(split("bridge bridges viaduct footbridge"), "bridge"),
    **dict.fromkeys(split("windmill windmills"), "windmill"),
    **dict.fromkeys(split("house houses cottage cottages cabin hut farmhouse barn shack "
                          "farmhouses barns huts cabins"), "house"),
    **dict.fromkeys(split("tower towers clocktower belfry"), "tower"),
    **dict.fromkeys(split("stove stoves cooker cookers"), "stove"),
    **dict.fromkeys(split("oven ovens"), "oven"),
    **dict.fromkeys(split("bench benches"), "bench"),
    **dict.fromkeys(split("safe safes vault strongroom strongbox strongboxes"), "safe"),
    **dict.fromkeys(split("moon"), "moon"),
    **dict.fromkeys(split("chandelier chandeliers"), "chandelier"),
    **dict.fromkeys(split("fireplace fireplaces hearth hearths"), "fireplace"),
    **dict.fromkeys(split("harp harps"), "harp"),
    **dict.fromkeys(split("swing swings"), "swing"),
    **dict.fromkeys(split("beehive beehives hive hives skep"), "beehive"),
    **dict.fromkeys(split("wagon wagons cart carts stagecoach caravan"), "wagon"),
    **dict.fromkeys(split("scarecrow scarecrows"), "scarecrow"),
    **dict.fromkeys(split("table tables"), "table"),
    # Buildings a scene looks at from outside, painted as a house ("a saloon with swinging
    # doors"); a scene inside one is in the place instead (see planner.subjects).
    **dict.fromkeys(split("saloon saloons tavern taverns inn inns chapel chapels pub pubs "
                          "farmstead church churches"), "house"),
}
# Words that are also adjectives or name something else: a thing only after an article or a
# possessive, one adjective at most between, and at the end of its noun phrase ("a steel
# safe", "the safe in the corner"; not "safe at home", "a safe place", "a beacon fire").
NEEDS_ARTICLE: frozenset[str] = frozenset(split(
    "safe safes vault beacon swing swings cart carts hive hives inn inns"))
_ARTICLES = frozenset(split("a an the his her their my our your its"))
_ENDS = frozenset(split(
    "by in on at with and is was stands stood sits sat opens opened under behind beside near "
    "of to from for as that while"))


def painted(words: list[str], index: int) -> str:
    """The painted thing the word at ``index`` of ``words`` (lower case) names, or ""."""
    word = words[index]
    thing = WORDS.get(word, "")
    if not thing or word not in NEEDS_ARTICLE:
        return thing
    before = words[max(0, index - 2):index]
    introduced = bool(before) and (before[-1] in _ARTICLES or (
        len(before) == 2 and before[0] in _ARTICLES))
    after = words[index + 1] if index + 1 < len(words) else ""
    ends = not after[:1].isalpha() or after in _ENDS or after.endswith(("ing", "ed"))
    return thing if introduced and ends else ""  # "a swing hanging from the tree"


# Words before a painted thing's name that do not say which kind it is ("the old tower").
_NOT_KINDS = frozenset(split(
    "a an the one two three some this that his her their its our my your old new big small "
    "little tall great huge tiny ancient empty abandoned distant lone far high low broken "
    "ruined stone wooden brick red blue green yellow white black grey gray brown pink dark pale "
    "golden silver orange purple than as like of in on at to for with from by and or but into "
    "onto every each any no all both"))


def painted_noun(words: list[str], index: int, singular_word: str) -> str:
    """The painted thing's name as the script says it, with the noun before it that says which
    ("water tower", "log cabin"; "tower" for "the old tower"), so the take records it."""
    kind = words[index - 1] if index > 0 else ""
    if not kind.isalpha() or kind in _NOT_KINDS or kind.endswith(("ed", "ing", "ly")):
        return singular_word
    return f"{kind} {singular_word}"
