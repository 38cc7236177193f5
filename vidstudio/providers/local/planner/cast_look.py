"""A character's look from the script's own words: age, build, hair or fur, wardrobe with
colours, and distinguishing marks, each as a short field.

Two readers: ``read_modifiers`` takes the words before a role noun ("a stooped old man", "a
one-eyed dog"), ``read_look`` the words after a mention up to the next mention or the sentence's
end ("Sierra, in a blue raincoat,", "Pip had bright orange fur", "The boatman's hat is straw").
The first value found for a field is kept: scripts describe someone when they first appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vidstudio.core.plan import PlanGarment, PlanLook
from vidstudio.core.vocabulary import IMAGES_PER_CHARACTER, CharacterKind
from vidstudio.providers.local.planner.cast_words import (
    AGES,
    BODY_MARKS,
    BODY_PARTS,
    BUILDS,
    FEATHERED,
    FINISHES,
    GARMENTS,
    HAIR,
    HAIR_WORDS,
    MARK_NOUNS,
    MARK_WORDS,
    MATERIALS,
    NUMBERS,
    SHADES,
    SKINNED,
    colour_word,
)
from vidstudio.providers.local.planner.matcher import split_list

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\(\s*(?:\d\d?s?|late \d0s|early \d0s|mid-\d0s)\s*\)")
_STOPS = frozenset(split_list("the a an his her their its my our and or with in on of to at by"))
# "her shawl was green", "her shawl as green as the sea"
_GARMENT_IS = re.compile(r"^(?:is|was|are|were|as)\s+([\w-]+)")
_AGE_NUMBER = re.compile(r"\(\s*(\d\d?s?|late \d0s|early \d0s|mid-\d0s)\s*\)")
_NUMBER_WORD = (r"(?:(?:(?:early|late|mid)[\s-])?(?:twenties|thirties|forties|fifties|"
                r"sixties|seventies|eighties|nineties)|"
                r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?|"
                r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                r"nineteen|\d\d?))")
# An age, not any number: "was eighty-one," / ", fourteen," / "twelve years old" / "aged ten";
# "left forty years before" is no age.
_AGE_WORDS = re.compile(
    rf"(?:(?:\b(?:is|was|aged|turned)|,)\s+({_NUMBER_WORD})(?=\s*[,.;:)]|\s+and\b)"
    rf"|\b({_NUMBER_WORD})[\s-]+years?[\s-]+old\b)", re.IGNORECASE)
_IN_HER_AGE = re.compile(
    r"\bin\s+(?:her|his|their)\s+((?:early\s+|late\s+|mid-)?(?:twenties|thirties|forties|"
    r"fifties|sixties|seventies|eighties|nineties|teens))\b")


@dataclass
class Features:
    """The look as it is read; the first value of each field wins."""

    age: str = ""
    build: str = ""
    hair: str = ""
    skin: str = ""
    wardrobe: dict[str, str] = field(default_factory=dict)
    marks: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.age or self.build or self.hair or self.skin or self.wardrobe
                    or self.marks)

    def absorb(self, other: Features) -> None:
        self.age = self.age or other.age
        self.build = self.build or other.build
        self.hair = self.hair or other.hair
        self.skin = self.skin or other.skin
        for item, colour in other.wardrobe.items():
            self.wear(item, colour)
        for mark in other.marks:
            self.mark(mark)

    def wear(self, item: str, colour: str) -> None:
        if item not in self.wardrobe or (colour and not self.wardrobe[item]):
            self.wardrobe[item] = colour

    def mark(self, mark: str) -> None:
        if mark and mark not in self.marks and len(self.marks) < 3:
            self.marks.append(mark)


def _cover(kind: CharacterKind, role: str) -> str:
    """What covers a character of this kind: fur, feathers, or (people) hair."""
    if kind is CharacterKind.ANIMAL:
        return "feathers" if role.split()[-1] in FEATHERED else "fur"
    return "hair"


def colour_before(words: list[str], index: int, limit: int = 4) -> tuple[str, int]:
    """The colour named right before ``words[index]`` with its shade ("pale blue", "dark red",
    "sea-green", "mustard-coloured"), and the index where it starts; ('', index) if none."""
    at = index - 1
    while at >= max(0, index - limit) and not colour_word(words[at]):
        if words[at].lower() in _STOPS or words[at].lower() in _WEAR_CUES:
            return "", index
        at -= 1
    if at < max(0, index - limit):
        return "", index
    colour = [colour_word(words[at])]
    start = at
    while start > 0 and (words[start - 1].lower() in SHADES or colour_word(words[start - 1])) \
            and len(colour) < 3:
        start -= 1
        colour.insert(0, words[start].lower())
    return " ".join(colour), start


def read_modifiers(look: Features, modifiers: tuple[str, ...], kind: CharacterKind,
                   role: str) -> None:
    """The words before a role noun: "stooped old", "one-eyed", "scruffy black", "rusty"."""
    colours: list[str] = []
    for word in modifiers:
        limbs = _LIMBS.fullmatch(word)
        if limbs and word not in MARK_WORDS:
            noun = {"wheeled": "wheels", "legged": "legs", "armed": "arms", "eyed": "eyes",
                    "horned": "horns"}[limbs.group(2)]
            look.mark(f"{limbs.group(1)} {noun}")
        elif word in MARK_WORDS:
            look.mark(MARK_WORDS[word])
        elif word.endswith("-haired") and not look.hair:
            look.hair = f"{word.removesuffix('-haired')} hair"
            if word.removesuffix("-haired") in ("grey", "white", "silver"):
                look.age = look.age or "old"
        elif word in AGES and not (word == "little" and kind is not CharacterKind.PERSON):
            look.age = look.age or AGES[word]
        elif word in BUILDS or word == "little":
            look.build = look.build or word
        elif colour_word(word) or word in FINISHES or (word in SHADES and not colours):
            colours.append(colour_word(word) or word)
    if not colours:
        return
    if kind in (CharacterKind.ROBOT, CharacterKind.VEHICLE, CharacterKind.CREATURE) or (
            kind is CharacterKind.ANIMAL and role.split()[-1] in SKINNED):
        look.skin = look.skin or " ".join(colours)
    elif kind is CharacterKind.ANIMAL:
        look.hair = look.hair or f"{' '.join(colours)} {_cover(kind, role)}"


def _words_before(words: list[str], index: int, allowed: frozenset[str], limit: int = 3
                  ) -> list[str]:
    kept: list[str] = []
    for word in reversed(words[max(0, index - limit):index]):
        if word.lower() not in allowed and not colour_word(word):  # "iron-grey hair"
            break
        kept.insert(0, word.lower())
    return kept


_WEAR_CUES = frozenset(split_list("in wearing wore wears dressed with on had has sported sports"))
_OWNERS = frozenset(split_list("a an the her his their its"))
_POSSESSIVES = frozenset(split_list("her his their its"))
_COUNTS = frozenset(split_list("one two three four five six some many few"))
_VERBS = frozenset(split_list(
    "poured pours holds held carries carried grabs grabbed drops dropped finds found takes took "
    "buys bought brings brought opened opens lifted lifts filled fills washed washes sells sold "
    "counted counts packed packs"))
_TEETH = re.compile(
    r"\b(?:a\s+)?(gap|chipped|missing|gold|crooked|broken|silver|black)\s+"
    r"(?:(?:between|in)\s+(?:his|her|their)\s+|a\s+)?(?:front\s+)?(?:teeth|tooth)\b",
    re.IGNORECASE)
# A mark said as an adjective of the one mentioned: "Desmond, bald and sunburnt," / "ELI (10),
# freckled," / "she was one-eyed" / "a tattooed arm" is read by the body parts.
_MARK_ADJECTIVE = re.compile(
    r"(?:^|[,;(]|\b(?:and|is|was|looks|looked|seemed|a|an))\s*([a-z-]+)(?=\s*(?:[,;.)]|and\b|$))")
# A limp in the verb: "limps", "limped", "limping".
_LIMPS = re.compile(r"\blimp(?:s|ed|ing)\b")
# Words that may stand between "a"/"with" and a mark: "a long pale scar", "a scruffy tuft".
_MARK_LEADS = frozenset(split_list("a an with his her its their"))


def _mark_noun(look: Features, words: list[str], index: int) -> None:
    """A mark noun with the words that describe it: "a scruffy tuft of feathers", "a long
    scar across his chin", "a tattoo of a swallow", "walks with a limp"."""
    start = index
    while start > 0 and index - start < 3 and words[start - 1].lower() not in _MARK_LEADS \
            and words[start - 1].lower() not in _STOPS:
        start -= 1
    if start == 0 or words[start - 1].lower() not in _MARK_LEADS:
        return
    mark = [w.lower() for w in words[start:index + 1]]
    rest = [w.lower() for w in words[index + 1:index + 5]]
    if rest[:1] == ["of"] and len(rest) > 1:  # "a tuft of feathers", "a tattoo of a swallow"
        article = rest[1] in ("a", "an") and len(rest) > 2
        mark += ["of", *rest[1:3]] if article else ["of", rest[1]]
    elif len(rest) > 2 and rest[0] in ("on", "across", "over", "above", "below", "under") \
            and rest[1] in _POSSESSIVES and rest[2] in BODY_PARTS:
        mark += [rest[0], rest[2]]  # "a scar across his chin": the chin, whose is plain
    look.mark(" ".join(mark))


def _described_part(look: Features, words: list[str], index: int) -> None:
    """A body part described where someone is said to have it: "had a stripy yellow shell",
    "with a long crooked nose"."""
    start = index
    while start > 0 and index - start < 3 and words[start - 1].lower() not in _STOPS \
            and words[start - 1].lower() not in _VERBS:
        start -= 1
    if start == index or start < 2 or words[start - 1].lower() not in ("a", "an") \
            or words[start - 2].lower() not in ("had", "has", "with", "and"):
        return
    look.mark(" ".join(w.lower() for w in words[start:index + 1]))


def _mark_words(look: Features, window: str) -> None:
    for match in _MARK_ADJECTIVE.finditer(window):
        word = match.group(1)
        if word in MARK_WORDS:
            look.mark(MARK_WORDS[word])
        elif word.endswith("-bearded"):
            look.mark(f"{word.removesuffix('-bearded')} beard")
    if _LIMPS.search(window):
        look.mark("a limp")
_LIMBS = re.compile(r"\b(one|two|three|four|six|eight)-(wheeled|legged|armed|eyed|horned)\b")


def _worn(words: list[str], index: int) -> bool:
    """Whether the garment at ``index`` is worn by the one mentioned before the window: the
    window opens on it ("[Hattie]'s red bonnet"), a possessive leads to it ("her blue raincoat")
    or a cue of wearing does ("in a blue raincoat", "wore orange overalls")."""
    start = index
    while start > 0 and index - start < 3:
        word = words[start - 1].lower()
        if word in _STOPS or word in _WEAR_CUES or word in NUMBERS or word in _COUNTS \
                or word in _VERBS:
            break
        start -= 1
    if start == 0:
        return True
    before = words[start - 1].lower()
    if before in _WEAR_CUES or before in _POSSESSIVES:
        return True
    if before in _OWNERS and start > 1 and words[start - 2].lower() == "and":
        # "had a cracked shell and a red woollen hat": the cue before the list wears it too.
        listed = [w.lower() for w in words[max(0, start - 10):start - 2]]
        return any(w in _WEAR_CUES for w in listed) and not any(w in _VERBS for w in listed)
    return before in _OWNERS and start > 1 and words[start - 2].lower() in _WEAR_CUES


def _garment(look: Features, words: list[str], index: int, window: str, at: int) -> None:
    if not _worn(words, index):
        return
    item = [words[index].lower()]
    colour, start = colour_before(words, index)
    for word in reversed(words[start if colour else max(0, index - 3):index]):
        low = word.lower()
        if low in _STOPS or low in _WEAR_CUES or low.startswith("(") or len(low) < 2:
            break
        if colour_word(low) or low in SHADES:
            continue
        if low not in BUILDS and low not in _PLAIN:
            item.insert(0, low)
    if not colour:
        said = _GARMENT_IS.match(window[at:].lstrip())
        if said and (colour_word(said.group(1)) or said.group(1).lower() in MATERIALS):
            colour = said.group(1).lower()
    if not colour:
        material = next((w for w in item[:-1] if w in MATERIALS), "")
        colour = material
    look.wear(" ".join(w for w in item if w != colour), colour)


# Words before a garment that say nothing lasting about it.
_PLAIN = frozenset(split_list(
    "soaked wet old new worn torn dirty long short big little battered shabby faded tattered "
    "oversized baggy tight muddy dripping crumpled ragged patched stained threadbare "
    "favourite favorite best spare clean neat smart scruffy heavy thick thin warm"))


def read_look(look: Features, window: str, kind: CharacterKind, *, after_name: bool) -> None:
    """What the words after a mention say about the one mentioned."""
    window = re.sub(r"^['’]s\b", "", window)
    matches = list(_WORD.finditer(window))
    words = [m.group(0) for m in matches]
    if after_name:
        aged = _AGE_NUMBER.match(window.lstrip())
        if aged:
            look.age = look.age or aged.group(1)
        early = [w.lower() for w in words[:4]]
        for word in early:
            if word in BUILDS:
                look.build = look.build or word
                break
        for word in early:  # "A CONDUCTOR, young and nervous," / "Ana, elderly, ..."
            if word in AGES and word != "little":
                look.age = look.age or AGES[word]
                break
    spelled = _AGE_WORDS.search(window[:40])
    if spelled and after_name:
        look.age = look.age or (spelled.group(1) or spelled.group(2)).lower()
    decade = _IN_HER_AGE.search(window)
    if decade:
        look.age = look.age or decade.group(1)
    for index, word in enumerate(words):
        low = word.lower()
        if low in GARMENTS:
            _garment(look, words, index, window, matches[index].end())
        elif low in HAIR and not look.hair:
            before = _words_before(words, index, HAIR_WORDS)
            if before or low not in ("hair", "fur"):
                look.hair = " ".join([*before, low])
        elif low.endswith("-haired") and not look.hair:
            look.hair = f"{low.removesuffix('-haired')} hair"
        elif low in BODY_PARTS and index:
            before = [w.lower() for w in words[max(0, index - 3):index]]
            counted = next((i for i, w in enumerate(before) if w in ("one", "single", "only",
                                                                       "three", "missing")), None)
            acting = counted is not None and counted > 0 and (
                before[counted - 1].endswith("ed") or before[counted - 1] in _VERBS)
            if counted is not None and not acting:
                look.mark(" ".join([*before[counted:], low]))
            elif before and (before[-1] in BODY_MARKS or before[-1] in ("striped", "spotted")):
                look.mark(f"{before[-1]} {low}")
            else:
                _described_part(look, words, index)
        elif low in MARK_NOUNS and index:
            _mark_noun(look, words, index)
        elif low in NUMBERS and after_name:
            continue
    _mark_words(look, window)
    teeth = _TEETH.search(window)
    if teeth:
        look.mark(f"{teeth.group(1).lower()} in the front teeth" if teeth.group(1).lower() == "gap"
                  else f"{teeth.group(1).lower()} tooth")
    if kind in (CharacterKind.ROBOT, CharacterKind.VEHICLE) and not look.skin:
        finish = [w.lower() for w in words[:3] if w.lower() in FINISHES]
        if finish:
            look.skin = finish[0]


def plan_look(look: Features) -> tuple[PlanLook, str]:
    """The look as the plan stores it, and as one line for prompts."""
    planned = PlanLook(
        age=look.age, build=look.build, hair=look.hair, skin=look.skin,
        wardrobe=[PlanGarment(item=item, colour=colour) for item, colour in look.wardrobe.items()],
        marks=", ".join(look.marks))
    summary = ", ".join(p for p in [planned.age, planned.build, planned.hair, planned.skin,
                                    *(f"{g.colour} {g.item}".strip() for g in planned.wardrobe),
                                    planned.marks] if p)
    return planned, summary


def sheet_prompts(name: str, kind: CharacterKind, look: str, important: bool) -> list[str]:
    """The prompts of a character's reference sheet: the same look from a few views."""
    being = name if kind is CharacterKind.PERSON else f"{name}, a {kind.value}"
    who = f"{being}, {look}" if look else being
    views = ["full body, front view", "full body, three-quarter view",
             "head and shoulders close-up", "full body, side view"]
    count = IMAGES_PER_CHARACTER if important else 2
    return [f"Character reference of {who}; {view}; plain light grey background, soft even "
            "light, the same clothes and colours in every view." for view in views[:count]]
