"""What the words around a noun say about it, before the library draws it: a likeness ("like
a ghost"), a garment someone wears ("a man in a top hat"), a material that says what the next
noun is made of ("a timber barn"), a camera move rather than a machine ("CRANE UP").

Word lists and checks over a sentence's words only; the library's own lookups stay in
``library``.
"""

from __future__ import annotations

from functools import lru_cache

from vidstudio.providers.local.art import nouns
from vidstudio.providers.local.art.sizes import WORN
from vidstudio.providers.local.art.words import split


def likeness(words: list[str], index: int, last: bool) -> bool:
    """Whether the word at ``index`` is named as a likeness: "like a ghost", "waves the size of
    houses", and "round as a plate" when the simile ends there (``last``: punctuation or the
    end follows; "as a bus passes" is a bus)."""
    before = words[max(0, index - 3):index]
    if before[-2:] in (["like", "a"], ["like", "an"]):
        return True
    if before[-2:] in (["as", "a"], ["as", "an"]):
        return last
    if before and before[-1] in ("a", "an", "the"):
        before = before[:-1]
    return before[-2:] in (["size", "of"], ["shape", "of"], ["height", "of"])


# Words before a garment that say it is worn ("wearing gloves", "a man in a hat").
WEARING_WORDS = frozenset(split(
    "wear wears wearing wore worn dressed don dons donned donning in with pulls pulled slips "
    "slipped tugs tugged adjusts adjusted tips tipped doffs doffed tightens tightened zips zipped "
    "unzips unzipped buttons buttoned unbuttons unbuttoned fastens fastened straightens "
    "straightened laces laced"))
# Materials: a thing of their own, or what the noun after them is made of ("a timber barn").
MATERIALS = frozenset(split(
    "timber timbers wood log stone brick glass steel iron oak pine marble paper plastic leather "
    "rubber tin copper brass straw"))


@lru_cache(maxsize=1)
def worn_words() -> frozenset[str]:
    """Nouns of things worn: ``sizes.WORN`` and the garment rows of the noun table."""
    from vidstudio.providers.local.art import nouns_worn

    garments = (noun.split()[-1] for _, noun, _ in nouns.parse(nouns_worn.GARMENTS))
    return frozenset(WORN) | frozenset(garments)


# What only a garment someone wears does, said right after it ("a yellow jacket flapping").
WORN_MOVING = frozenset(split(
    "flapping billowing fluttering streaming swirling whipping snapping swishing flying flared "
    "flaring"))


def worn(words: list[str], index: int, clause_ends: set[int]) -> bool:
    """Whether the garment at ``index`` is worn by someone: a word that says so among the five
    before it, in the same clause ("a man in a top hat and gloves"), or the garment moving as
    only a worn one does ("a courier tears past, a yellow jacket flapping")."""
    if index not in clause_ends and index + 1 < len(words) and words[index + 1] in WORN_MOVING:
        return True
    start = max(0, index - 5)
    for k in range(index - 1, start - 1, -1):
        if k in clause_ends:
            start = k + 1
            break
    return any(word in WEARING_WORDS for word in words[start:index])


# A crane the camera rides: "CRANE UP", "a crane shot", "the camera cranes over the roofs".
CAMERA_MOVES = frozenset(split("crane cranes"))
CAMERA_AFTER = frozenset(split(
    "up down shot shots move moves movement left right across back past along away reveals "
    "reveal"))


def camera_move(words: list[str], index: int) -> bool:
    """Whether the word at ``index`` is a camera move ("crane up"), not the machine."""
    if words[index] not in CAMERA_MOVES:
        return False
    after = words[index + 1] if index + 1 < len(words) else ""
    return after in CAMERA_AFTER or (index > 0 and words[index - 1] in ("camera", "we"))
