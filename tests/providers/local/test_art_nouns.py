"""The noun table (``art.nouns``): common concrete nouns of scripts -> the nearest drawing.

The whole table is walked: every noun resolves, alone and in a sentence, to the drawing its
row names, at its own height; every drawing exists and is the same kind of thing as the noun
(an animal never becomes a plant, a tool never an animal or a person); no noun is a word kept
out as a verb, a place, a person or a worn thing; heights are physically plausible.
"""

from __future__ import annotations

from collections import Counter

import pytest

from vidstudio.providers.local.art import library, nouns, nouns_worn
from vidstudio.providers.local.art.roles import is_role
from vidstudio.providers.local.art.sizes import STOP, SYNONYMS, WORN
from vidstudio.providers.local.art.words import split, tokens

# Drawings of living things in "Animals & Nature" that are plants or what plants leave.
_PLANTS = frozenset(split(
    "deciduous-tree evergreen-tree christmas-tree palm-tree cactus potted-plant seedling herb "
    "shamrock four-leaf-clover tulip rose sunflower white-flower hibiscus blossom cherry-blossom "
    "hyacinth lotus bouquet wilted-flower rosette maple-leaf fallen-leaf sheaf-of-rice "
    "feather nest-with-eggs empty-nest"))
# Food & Drink drawings that show a whole animal (a crab is a crab, cooked or not).
_SEA_ANIMALS = frozenset(split("crab lobster shrimp squid oyster"))
_KIND_CATEGORIES = {
    "food": {"Food & Drink", "Animals & Nature"},  # mushrooms and chestnuts are both
    "vehicle": {"Travel & Places", "Activities", "Objects"},
    "building": {"Travel & Places"},
    "structure": {"Travel & Places", "Objects"},  # street furniture, rides, standing stones
    "thing": {"Objects", "Activities", "Travel & Places", "Food & Drink"},
}
# What each kind's real heights may be, in metres (a krill to a whale, a bead to a tower).
_HEIGHTS = {"animal": (0.004, 60.0), "plant": (0.004, 120.0), "food": (0.004, 1.0),
            "thing": (0.004, 20.0), "vehicle": (0.05, 70.0), "building": (0.1, 400.0),
            "structure": (0.1, 200.0)}
# Things the set files under "Smileys & Emotion" or "People & Body".
_THINGS_ELSEWHERE = frozenset(split("skull bone bomb love-letter"))


def _kind_ok(kind: str, drawing: library.Drawing) -> bool:
    name, category = drawing.name, drawing.category
    if kind == "animal":
        return (category == "Animals & Nature" and name not in _PLANTS) or name in _SEA_ANIMALS
    if kind == "plant":
        return name in _PLANTS or name in ("mushroom", "brown-mushroom")
    if name in _THINGS_ELSEWHERE:
        return kind == "thing"
    return category in _KIND_CATEGORIES[kind] and name not in _SEA_ANIMALS


def test_the_table_is_broad_and_each_noun_is_written_once() -> None:
    rows = nouns.rows()
    assert len(nouns.table()) >= 1500
    assert {kind for kind, *_ in rows} == set(_HEIGHTS)
    twice = [noun for noun, n in Counter(noun for _, _, noun, _ in rows).items() if n > 1]
    assert twice == []
    assert set(nouns.table()) >= nouns.SENSED


def test_every_drawing_exists_and_is_the_same_kind_of_thing() -> None:
    wrong = []
    for noun, row in nouns.table().items():
        found = library.drawing(row.drawing)
        if found is None or not _kind_ok(row.kind, found):
            wrong.append((noun, row.kind, row.drawing))
    assert wrong == []


def test_no_noun_is_a_stop_word_a_person_a_worn_thing_or_a_drawings_own_name() -> None:
    names = library._names()
    own = {" ".join(tokens(p.replace("-", " "))) for name in names
           for p in (name, names[name]["tts"], library._unicode_name(names[name]["cp"])) if p}
    # Garments are rows of their own (nouns_worn.GARMENTS): a thing where not worn.
    garments = {noun for _, noun, _ in nouns.parse(nouns_worn.GARMENTS)}
    bad = [noun for noun, row in nouns.table().items()
           if (noun not in garments and (noun in STOP or noun.split()[-1] in WORN or noun in own))
           or is_role(noun.split()[-1]) or noun.split()[-1] in library._PEOPLE
           or SYNONYMS.get(noun, row.drawing) != row.drawing]
    assert bad == []


def test_heights_are_plausible_for_their_kind() -> None:
    bad = []
    for noun, row in nouns.table().items():
        found = library.drawing(row.drawing)
        height = row.height_m if row.height_m is not None else getattr(found, "height_m", 0.0)
        low, high = _HEIGHTS[row.kind]
        if not low <= height <= high:
            bad.append((noun, height))
    assert bad == []


def test_every_noun_resolves_alone_and_in_a_sentence_at_its_own_height() -> None:
    wrong = []
    for noun, row in nouns.table().items():
        alone = library.find(noun)
        said = library.find_all(f"She looks at a {noun} on the far side.")
        if alone is None or alone.name != row.drawing or [m.drawing.name for m in said] != [
                row.drawing] or (row.height_m is not None and (
                    alone.height_m != row.height_m or said[0].drawing.height_m != row.height_m)):
            wrong.append(noun)
    assert wrong == []


@pytest.mark.parametrize(("text", "name", "height"), [
    ("the judge's gavel", "hammer", None),
    ("a cello", "violin", 1.2),  # drawn as the violin, at a cello's height
    ("two old deckchairs", "chair", None),
    ("the petrol pump", "fuel-pump", None),
    ("a snowplough", "tractor", 3.0),
    ("a heron", "bird", 1.0),
    ("a wolverine", "badger", 0.4),
    ("a birdhouse", "house", 0.35),  # a small house, not a building
])
def test_the_nearest_drawing_at_the_nouns_own_size(text: str, name: str,
                                                    height: float | None) -> None:
    found = library.find(text)
    assert found is not None and found.name == name
    if height is not None:
        assert found.height_m == height


@pytest.mark.parametrize(("text", "names"), [
    ("The boat began to sink.", ["sailboat"]),  # "sink" is a verb here, not a basin
    ("She fills the sink.", []),  # only an introduced sink is one ("her sink")
    ("He picks up a bolt.", ["nut-and-bolt"]),
    ("They bolt the door.", []),
    ("She wipes her brush.", ["paintbrush"]),
])
def test_nouns_that_are_also_verbs_need_an_introduction(text: str, names: list[str]) -> None:
    assert [m.drawing.name for m in library.find_all(text)] == names


@pytest.mark.parametrize(("text", "name", "height"), [
    ("the pipe organ", "musical-keyboard", 4.0),  # "organ" alone is a body's or a church's
    ("two cellos", "violin", 1.2),  # the plural of a table noun keeps its height
    ("the deck chairs", "chair", None),  # the plural of a two-word noun
    ("deckchairs", "chair", None),  # its closed compound, plural
    ("petrol pumps", "fuel-pump", None),
])
def test_keywords_lose_and_plurals_and_compounds_resolve(text: str, name: str,
                                                         height: float | None) -> None:
    found = library.find(text)
    assert found is not None and found.name == name
    if height is not None:
        assert found.height_m == height
    assert [m.drawing.name for m in library.find_all(text)] == [name]


def test_a_role_is_never_a_thing_inside_its_word() -> None:
    # "navigator" holds a gator, "ringmaster" an aster: both are people.
    assert library.find("the navigator") is None
    assert library.find("a ringmaster") is None
