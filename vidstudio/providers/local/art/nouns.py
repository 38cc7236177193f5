"""Common concrete nouns of scripts -> the nearest drawing a reader would take for that thing.

The illustration set draws about a thousand things; scripts name many thousands. This table,
the project's own, maps the nouns films commonly name, category by category, to the drawing
a viewer would accept as that thing: a gavel is a hammer, a cello a violin, a deckchair a
chair, a heron a bird, a plank wood. Where the thing's own height differs from the drawing's,
the noun keeps it ("cello=1.2": drawn as the violin, 1.2 m tall).

Each row reads ``drawing: noun noun=height two_words``; an underscore joins the words of a
compound noun. Every section has a kind ("animal", "plant", "food", "vehicle", "building",
"structure", "thing") that the tests check the drawings against: an animal is never drawn as
a plant or a tool. Words that are mostly verbs, adjectives or places in a script (see
``sizes.STOP``) are left out; so are role nouns, people the painter draws by hand (``roles``).
Nouns that are also common verbs ("bolt", "lift") are listed in ``SENSED``: they name the
thing only where a script introduces them as one ("a bolt", "her lift"). A row is kept only
where a viewer who read the noun would accept the drawing as it: no drawing is better than a
wrong one. Words of several senses where none clearly wins ("glasses", "gear") are in
``UNSURE`` and name nothing alone; compounds the set does not draw whose last word names a
drawing ("a punching bag", "a hot-air balloon") are in ``NOT_DRAWN`` and name nothing either.

The table is parsed once per process (``table``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType


@dataclass(frozen=True)
class Noun:
    """One noun of the table: the drawing that shows it, its section's kind (see the module
    docstring), and its own height in metres when it differs from the drawing's (``None``
    keeps the drawing's)."""

    drawing: str
    kind: str
    height_m: float | None


def _modules() -> list[ModuleType]:
    from vidstudio.providers.local.art import (
        nouns_food,
        nouns_gear,
        nouns_living,
        nouns_made,
        nouns_places,
        nouns_work,
        nouns_worn,
    )

    return [nouns_made, nouns_gear, nouns_work, nouns_food, nouns_places, nouns_living,
            nouns_worn]


@lru_cache(maxsize=1)
def table() -> dict[str, Noun]:
    """noun ("deck chair", "cello") -> its ``Noun``; the first row naming a noun wins."""
    out: dict[str, Noun] = {}
    for module in _modules():
        for kind, rows in module.SECTIONS:
            for target, noun, height in parse(rows):
                out.setdefault(noun, Noun(target, kind, height))
    return out


def rows() -> list[tuple[str, str, str, float | None]]:
    """Every row as written, duplicates included: (kind, drawing, noun, height) -- for tests."""
    return [(kind, target, noun, height)
            for module in _modules()
            for kind, section in module.SECTIONS
            for target, noun, height in parse(section)]


# Nouns that are also common verbs or adjectives: the thing only where a script introduces
# it as one ("a drill", "her sink"); "they drill", "the boat began to sink" name nothing.
SENSED: frozenset[str] = frozenset((
    "bolt", "screw", "roll", "wrap", "mint", "sweet",
    "chop", "toast", "crust", "stew", "tart", "jam", "roast", "alarm", "gate",
    "brush", "blade", "snare", "pane", "berth", "bunk", "cot",
    "rocker", "bin", "tub", "tire", "tires", "lift", "lifts", "rope", "milk", "cabinet", "cap",
    "coat", "dress", "jacket", "scarf",
))

# Words of several senses in scripts where none clearly wins, whatever names them (a drawing's
# own name, a compound's head, the table): they name nothing alone, and a longer phrase or the
# plural still may ("fruit bat", "bats"). A wrong thing on screen is worse than none.
UNSURE: frozenset[str] = frozenset((
    "cricket",  # the insect, or the game
    "gear",  # a cog, or someone's kit
    "glasses",  # spectacles (worn, not a thing beside them), or drinking glasses
    "shell",  # a sea shell, a shell fired, an egg's or a building's shell
    "wing",  # a bird's or a plane's, or a building's ("the east wing")
    "link", "pole", "pod", "tube", "wedge", "ruler", "machine", "monster", "nut", "mate",
    "sake",  # "for the sake of"
    "card",  # a playing card, a greetings card, a key card
    "flask",  # a thermos, a hip flask, or a laboratory flask
    "comic",  # a comic book, or a comedian
    "pepper",  # salt and pepper, or a bell pepper ("peppers" are the vegetables)
    "pitcher",  # a jug, or a baseball pitcher
    "speaker",  # a loudspeaker, or a person speaking
    "stable",  # a building for horses, or steady
    "streamer",  # a party streamer, a carp streamer, or someone who streams
    "locked", "unlocked", "dizzy", "sparkles",  # adjectives and verbs
))


# Things the library does not draw whose last word names a drawing: the whole phrase names
# nothing, so that its head is not drawn instead (a hot-air balloon is no party balloon, an
# MRI scanner no printer, a punch bag no backpack, a sea horse no horse).
_NOT_DRAWN_TEXT = """
    arcade cabinet, barrage balloon, baseball bat, baseball mitt, beach ball, bean bag,
    blood bag, boom gate, bouncy castle, bumper car, burning torch, call box, candy cane,
    catchers mitt, chain mail, cotton candy, digging fork, exercise ball, flaming torch,
    fuse box, garden fork, gas balloon, ghost train, gym ball, hamster wheel, hand truck,
    hip flask, hole punch, hot air balloon, hot water bottle, laurel wreath, mail bag,
    medicine ball, medicine cabinet, medicine chest, molotov cocktail, morse key, musket ball,
    night owl, oven mitt, pair of compasses, paper aeroplane, paper airplane, paper plane,
    petrol bomb, phone booth, phone box, polling booth, pommel horse, post bag, potters wheel,
    prayer wheel, punch bag, punching bag, roulette wheel, sack truck, sea dragon, sea horse,
    sleeping bag, space capsule, spinning wheel, tea bag, telephone booth, telephone box,
    time capsule, vaulting horse, wagon train, weather balloon, starfish, machine gun,
    submachine gun, tommy gun, street lamp, street lamps, streetlamp, streetlamps, street light,
    street lights, lamp post, lamp posts, bottle cap, ice cap, swimming cap, shower cap,
    thinking cap, petrol cap, fuel cap, night cap, cowboy hat, bowler hat, party hat, witch hat,
    witch's hat, witches hat, chef hat, chef's hat, santa hat, paper hat, panama hat,
    diving helmet, space helmet, baseball glove, oven glove, oven gloves, paper crane,
    whooping crane, sandhill crane, crowned crane, crane fly, coat of paint,
    dinner jacket, book jacket, dressing gown, dressing gowns, hospital gown, bin bag,
    rubbish bag, garbage bag, trash bag, bin liner, penalty box, sin bin, witness box, jury box,
    signal box, horse box, box junction, press box, goal box,
    batter's box, batters box, cool box, coolbox, desk lamp, floor lamp, standard lamp,
    table lamp, reading lamp, bedside lamp, lava lamp, heat lamp, ceiling lamp, sun lamp,
    anglepoise lamp, paint pot, paint pots, chimney pot, chimney pots, lobster pot, lobster pots,
    crab pot, glue pot, melting pot, pot of paint, bread bin, bread bins, cake tin, baking tin,
    loaf tin, muffin tin, golf ball, golf balls, golf bag, boxing ring, circus ring,
    napkin ring, ring road, crash helmet, bike helmet, bicycle helmet, cycle helmet,
    motorcycle helmet, motorbike helmet, football helmet, hockey helmet, riding helmet
"""
NOT_DRAWN: frozenset[str] = frozenset(p.strip() for p in _NOT_DRAWN_TEXT.split(","))

def parse(rows: str) -> list[tuple[str, str, float | None]]:
    out: list[tuple[str, str, float | None]] = []
    for line in rows.replace("\\\n", " ").splitlines():
        if ":" not in line:
            continue
        target, nouns = line.split(":", 1)
        for item in nouns.split():
            noun, _, height = item.partition("=")
            noun = noun.replace("_", " ").strip()
            if noun:
                out.append((target.strip(), noun, float(height) if height else None))
    return out
