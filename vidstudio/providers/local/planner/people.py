"""Telling people from places: "Marina walks" is a woman, not a harbour.

A capitalised name is taken for a person when the script treats it like one: a character cue or
an age in a screenplay (``MARINA (30s)``), a verb only people do right after it ("Marina walks",
"Paris whispers"), an apposition of clothes ("Marina, in a red raincoat,"), or a pronoun that
refers back to it ("Marina ... She ..."). The pronouns also say whether the person is a woman or
a man, which the picture needs.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Literal

from vidstudio.providers.local.planner.cast_words import (
    FUNCTION_WORDS,
    GENDERS,
    HEADINGS,
    KINDS,
    OBJECT_FOLLOWERS,
    ROLE_PATTERN,
    TITLES,
)
from vidstudio.providers.local.planner.matcher import split_list

if TYPE_CHECKING:
    from collections.abc import Callable

Gender = Literal["woman", "man", "person"]

# Verbs (present and past) that only people (or at least living things) do.
_PERSON_VERBS = frozenset(
    split_list(
        "walks walked runs ran sits sat stands stood says said smiles smiled laughs laughed "
        "cries cried whispers whispered shouts shouted screams screamed climbs climbed looks "
        "looked watches watched pushes pushed pulls pulled grabs grabbed "
        "held leans leaned kneels knelt waits waited sighs sighed "
        "nods nodded reads read writes wrote sings sang dances danced counts counted trades "
        "traded haggles haggled yawns yawned suits checks checked led "
        "carries carried picks picked drinks drank eats ate smokes smoked pours poured steps "
        "stepped enters entered leaves left rides rode drives drove hurries hurried rushes "
        "rushed wakes woke sleeps slept breathes breathed stares stared glances glanced frowns "
        "frowned answers answered asks asked replies replied tells told thinks thought knows "
        "knew wants wanted loves loved hates hated remembers remembered feels felt hears heard "
        "sees saw finds found takes took gives gave puts put slides slid straps strapped "
        "unbolts unbolted pries pried replaces replaced lets let hugs hugged kisses kissed "
        "points pointed jumps jumped crawls crawled kicks kicked "
        "throws threw catches caught listens listened sips sipped types typed calls called "
        "answers hesitates hesitated wanders wandered strides strode marches marched limps "
        "limped dashes dashed sprints sprinted skates skated cycles cycled paddles paddled "
        "swims swam stumbles stumbled grins grinned shrugs shrugged winks winked "
        "wore wears arrives arrived waves waved giggles giggled sobs sobbed weeps wept "
        "yells yelled mutters muttered mumbles mumbled whistles whistled blinks blinked "
        "hums hummed snores snored chuckles chuckled scowls scowled squints squinted "
        "gasps gasped sneezes sneezed coughs coughed hesitate argues argued insists insisted "
        "apologises apologised apologizes apologized promises promised explains explained "
        "greets greeted introduces introduced marries married visits visited",
    )
)
_PRONOUNS: dict[str, Gender] = {
    "she": "woman", "her": "woman", "hers": "woman", "herself": "woman",
    "he": "man", "him": "man", "his": "man", "himself": "man",
    "they": "person", "them": "person", "their": "person",
}
_NAME = r"[A-Z][a-zà-ÿ]+(?:[-'][A-Z][a-zà-ÿ]+)?"
_CAPS_NAME = r"(?:(?:DR|MR|MRS|MS|PROF)\.\s+)?[A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)?"
# MARINA (30s) / OMAR (60s) / LINA (10): a screenplay's first mention of a character.
_AGED = re.compile(rf"\b({_CAPS_NAME}|{_NAME})\s*\((?:\d\d?s?|late \d0s|early \d0s|mid-\d0s)\)")
# A cue alone on its line before dialogue: MARINA / DR. OKAFOR (V.O.)
_CUE_LINE = re.compile(rf"^\s*({_CAPS_NAME})\s*(?:\([^)]*\))?\s*:?\s*$", re.MULTILINE)
# A name and the verb after it, past an aside ("Beatrix, freckled and sharp, counted").
_FOLLOWED = re.compile(
    rf"\b({_NAME})(?:,\s+[a-z][a-z' -]{{0,40}},)?(?:\s+(?:and\s+{_NAME}|[a-z]+ly))?"
    r"\s+([a-z]+)\b")
# Verbs anyone or anything may do ("kept", "visited", "changes"): a name before one is a
# person's when a pronoun for a person stands in its sentence or the next.
_IRREGULAR_PAST = frozenset(split_list(
    "had kept wore went came made got bought brought built began broke chose drew drove fell "
    "fed fought flew forgot froze grew hid hung knew laid lost met paid rang rose sank shook "
    "shut sold sent spent spoke spun stole struck swept swung taught tore understood won "
    "did was"))
_GENDERED = re.compile(r"\b(?:she|he|her|his|him|herself|himself)\b", re.IGNORECASE)
_APPOSITION = re.compile(
    rf"\b({_NAME}(?:\s+{_NAME})?),\s+(?:[a-z-]+(?:\s+and\s+[a-z-]+)?,\s+)?"
    r"(?:in|wearing|dressed in|with)\s+(?:a|an|the|his|her|their)?\s*[a-z]+"
)
# A line that opens on a name dressed by its own pronoun: "Jenny in her cherry-red boots".
_DRESSED = re.compile(
    rf"^[ \t]*(?:(?:Old|Young|Little|Big|Poor|Dear|Sweet|Pretty)\s+)?({_NAME}(?:\s+{_NAME})?)"
    r"\s+(?:in|wearing)\s+(his|her)\b", re.MULTILINE)
# A screenplay brings a character in in capitals in an action line: "GUS, a scrawny dishwasher"
_CAPS_INTRODUCED = re.compile(
    r"(?m)^(?=.*[a-z]).*?(?<![A-Z] )\b((?:(?:DR|MR|MRS|MS)\.?\s+)?[A-Z][A-Z'-]{2,}"
    r"(?:\s+[A-Z][A-Z'-]{2,})?),\s+(?:a|an|the|his|her|their)\s")
_SENTENCE_START_NAME = re.compile(rf"(?:^|[.!?]\s+|\n)({_NAME})\b[^.!?\n]*[.!?]\s+(\w+)")
_ROLE_NAME = re.compile(
    r"\b(?:the\s+)?(keeper|engineer|captain|doctor|detective|courier|driver|baker|sailor|"
    r"pilot|nurse|teacher|farmer|soldier|girl|boy|woman|man|old man|old woman|grandmother|"
    r"grandfather|granddaughter|grandson|mother|father|sister|brother|daughter|son|wife|"
    r"husband|king|queen|prince|princess|astronaut|skater|dancer|singer)[,\s]+({_NAME})\b"
    .replace("{_NAME}", _NAME)
)
_NAMES = rf"{_NAME}(?:\s+{_NAME})?"
# An age in apposition: "Rosa Delgado, forties," / "DANNY, twenty-two," / "Ana, 30,"
_AGE_APPOSED = re.compile(
    rf"\b({_CAPS_NAME}|{_NAMES}),\s+(?:(?:early|late|mid)[\s-])?(?:\d\d?s?|(?:twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?|twenties|thirties|forties|fifties|"
    r"sixties|seventies|eighties|nineties|teens|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen)\s*[,.;]")
# "a little fox called Pip", "a girl named Rosa"
_CALLED = re.compile(rf"\b(?:called|named)\s+({_CAPS_NAME}|{_NAMES})\b")
# "Kwame, who climbed": only people and their pets are "who"
_WHO = re.compile(rf"\b({_NAMES}),?\s+who\b")
# "Her name is Vega." / "Meet Priya."
_NAME_IS = re.compile(rf"\b([Hh]er|[Hh]is|[Ii]ts|[Tt]heir)\s+name\s+(?:is|was)\s+({_NAMES})")
_MEET = re.compile(rf"\bMeet\s+({_NAMES})\b")
# A dialogue script's cue and line on one line: "ROSA: Come on!" / "Rosa (softly): Wait."
_INLINE_CUE = re.compile(rf"^\s*({_CAPS_NAME}|{_NAMES})\s*(?:\([^)]*\))?:[ \t]+\S", re.MULTILINE)
# "Tom, a lanky young man" / "Hattie, a plump brown hen" / "BROOKLYN (20s), a waitress"
_NAME_ROLE = re.compile(
    rf"\b({_CAPS_NAME}|{_NAMES})(?:\s*\([^)]*\))?,\s+(?:a|an|the|his|her|their)\s+"
    rf"(?:[a-z'-]+\s+){{0,3}}?({ROLE_PATTERN})\b")
# "her colleague Tom", "the pilot, Ines", "his granddaughter LINA", "her old sheepdog, Biscuit"
_ANY_ROLE_NAME = re.compile(
    r"\b(?:the|a|an|his|her|their|my|our)\s+(?:[a-z-]+\s+){0,2}?([a-z-]+)(?:,\s+|\s+)"
    rf"({_CAPS_NAME}|{_NAMES})\b")
# "Detective Ray Calloway", "Aunt May"
_TITLED = re.compile(
    r"\b(?:" + "|".join(re.escape(t) for t in TITLES) + rf")\s+({_NAMES})")
_WOMEN = frozenset(split_list(
    "girl woman old woman grandmother granddaughter mother sister daughter wife queen princess "
    "nurse"))
_MEN = frozenset(split_list(
    "boy man old man grandfather grandson father brother son husband king prince"))
_NOT_NAMES = frozenset(split_list(
    "The A An And But Or So Then When While As If In On At By For From With Into Onto Over "
    "Under After Before During Every All Each No Some This That These Those There Here We You "
    "They He She It His Her Its Our Their My Your I Me Us Them Who What Where Why How Outside "
    "Inside Later Meanwhile Night Day Dawn Dusk Morning Evening Rain Snow Fog Wind Storm "
    "Narrator Voice Int Ext Cut Fade Title Verse Chorus Intro Outro Bridge Scene Act God "
    "Somebody Someone Nobody Everyone Everybody One Two Three Breathe Dance Look Listen Come "
    "Go Stop Wait Run Yes Oh Hey Hello Far Back Down Up Out Now Once Still Just Only Even "
    "Not Never Always Sometimes Together Alone Rows Children People Fishing Old Young Earth Moon "
    "Sun Mars Heaven Hell Nature Time Death Love Life Fate Meet Until Coming Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April June July August "
    "September October November December Chorus Note Notes Cast Narrator Voiceover Announcer "
    "Super Caption Music Sound Sfx Vo Kitchen Coffee"
))


def find_people(text: str) -> dict[str, Gender]:
    """Names of people in ``text``, lower case, with the gender the script gives them."""
    found: dict[str, Gender] = {}

    def add(name: str, gender: Gender = "person") -> None:
        name = " ".join(name.split())
        key = re.sub(r"^(?:dr|mr|mrs|ms|prof)\.\s+", "", name.lower())
        if not key or name.title().split()[0] in _NOT_NAMES or key in HEADINGS:
            return
        if found.get(key, "person") == "person":
            found[key] = gender

    for match in _AGED.finditer(text):
        add(match.group(1))
    lines = text.split("\n")
    for index, line in enumerate(lines[:-1]):
        cue = _CUE_LINE.match(line)
        following = lines[index + 1].strip()
        if cue and following and not following.isupper() and len(cue.group(1)) <= 30 \
                and not line.strip().upper().startswith(("INT", "EXT", "EST")):
            add(cue.group(1))
    for match in _FOLLOWED.finditer(text):
        verb = match.group(2)
        if verb in _PERSON_VERBS or (_may_act(verb) and _GENDERED.search(
                _before_someone_else(_this_and_next_sentence(text, match.end()),
                                     found, match.group(1)))):
            # "Hannelore Brandt came back": the whole name, when the word before is one too
            before = re.search(rf"({_NAME})\s+$", text[max(0, match.start() - 30):match.start()])
            whole = f"{before.group(1)} {match.group(1)}" if before else ""
            add(whole if before and before.group(1) not in _NOT_NAMES else match.group(1))
    for match in _APPOSITION.finditer(text):
        add(match.group(1))
    for pattern in (_AGE_APPOSED, _CAPS_INTRODUCED):
        for match in pattern.finditer(text):
            add(match.group(1))
    for match in _DRESSED.finditer(text):
        add(match.group(1), "woman" if match.group(2) == "her" else "man")
    for match in _ROLE_NAME.finditer(text):
        role = match.group(1).lower()
        gender: Gender = "woman" if role in _WOMEN else "man" if role in _MEN else "person"
        add(match.group(2), gender)
    _find_more(text, add)
    # Pronouns: the next sentence after one that opens on a name, or the name's own sentence.
    votes: dict[str, Counter[Gender]] = {}
    for match in _SENTENCE_START_NAME.finditer(text):
        # Only a name found above gets a vote: a capitalised word opening a sentence ("Pass me
        # the spanner.") is no one because the next sentence starts with "She".
        name, word = match.group(1), match.group(2).lower()
        if word in _PRONOUNS and name.lower() in found:
            votes.setdefault(name.lower(), Counter())[_PRONOUNS[word]] += 1
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        # Within a sentence a pronoun only says which gender a known person is.
        # A name inside quoted speech is spoken to or of, not the one the pronouns mean.
        outside = re.sub(r"[\"\u201c][^\"\u201c\u201d]*[\"\u201d]", " ", sentence)
        names = {m.lower() for m in re.findall(r"[^\W\d_]+", outside)} & set(found)
        if len(names) == 1:
            pronouns = _own_pronouns(sentence)
            if pronouns:
                votes.setdefault(names.pop(), Counter()).update(pronouns)
    for name, tally in votes.items():
        strong: list[Gender] = [g for g in ("woman", "man") if tally[g]]
        gender_vote: Gender = max(strong, key=lambda g: tally[g]) if strong else "person"
        add(name.title(), gender_vote)
    return found


def _own_pronouns(sentence: str) -> list[Gender]:
    """The pronouns of a sentence with one name that may be that name's: not an object ("Florence
    did not chase him") nor one that owns a role ("Felix, her apprentice,")."""
    votes: list[Gender] = []
    for match in re.finditer(r"[^\W\d_]+(?:\s+([a-z-]+))?", sentence):
        word = match.group(0).split()[0].lower()
        if word not in _PRONOUNS:
            continue
        after = (match.group(1) or "").lower()
        if word in ("him", "them") or (word == "her" and (not after or after in
                                                          OBJECT_FOLLOWERS)):
            continue  # an object: someone else
        if word in ("her", "his", "their") and after in KINDS:
            continue  # "her apprentice": the apprentice is not the one who owns him
        votes.append(_PRONOUNS[word])
    return votes


def _may_act(verb: str) -> bool:
    return verb in _IRREGULAR_PAST or (verb.endswith("ed") and len(verb) > 4) or (
        verb.endswith("s") and not verb.endswith(("ss", "us", "is")))


def _this_and_next_sentence(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at), 0)
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)|\n\s*\n", text[at:at + 600])]
    end = at + ends[1] if len(ends) > 1 else at + 600
    return text[start:end]


def _before_someone_else(span: str, known: dict[str, Gender], name: str) -> str:
    """``span`` up to the first person already known who is not ``name``: a pronoun after them
    is theirs ("Flour hangs in the air. OMAR (60s) slides a tray while his ...")."""
    others = [k for k in known if k != name.lower()]
    if not others:
        return span
    first = re.search(r"\b(?:" + "|".join(re.escape(k) for k in others) + r")\b", span,
                      re.IGNORECASE)
    return span[:first.start()] if first else span


def _role_gender(role: str) -> Gender:
    gender = GENDERS.get(role.lower(), "person")
    return "woman" if gender == "woman" else "man" if gender == "man" else "person"


def _find_more(text: str, add: Callable[[str, Gender], None]) -> None:
    """Names the script gives by calling, introducing, titling or cueing someone."""
    for match in _CALLED.finditer(text):
        add(match.group(1), "person")
    for match in _NAME_IS.finditer(text):
        word = match.group(1).lower()
        add(match.group(2), "woman" if word == "her" else "man" if word == "his" else "person")
    for match in _WHO.finditer(text):
        add(match.group(1), "person")
    for match in _MEET.finditer(text):
        add(match.group(1), "person")
    for match in _INLINE_CUE.finditer(text):
        if len(match.group(1)) <= 30 and not _a_label(text, match):
            add(match.group(1), "person")
    for match in _NAME_ROLE.finditer(text):
        if match.group(2) in KINDS:
            add(match.group(1), _role_gender(match.group(2)))
    for match in _ANY_ROLE_NAME.finditer(text):
        if match.group(1) in KINDS:  # "her colleague Tom", "her old sheepdog, Biscuit"
            add(match.group(2), _role_gender(match.group(1)))
    for match in _TITLED.finditer(text):
        add(match.group(1), "person")


def _a_label(text: str, cue: re.Match[str]) -> bool:
    """Whether a capitalised word before a colon heads a line ("Puzzle: three doors") rather
    than cues a speaker. A speaker cued in capitals or with a delivery note is one; otherwise
    a speaker's name is a name: never written in lower case in the script, and written again
    (cued twice, or in the action). A label is a common word used once."""
    name = cue.group(1)
    if name.isupper() or "(" in cue.group(0):
        return False
    if re.search(rf"\b{re.escape(name.lower())}\b", text):
        return True  # "the puzzle", "a clue": a word, not a name
    return len(re.findall(rf"\b{re.escape(name)}\b", text)) < 2


def is_person(text: str, start: int, end: int, people: dict[str, Gender]) -> bool:
    """Whether the words ``text[start:end]`` are (part of) a person's name, written capitalised:
    "Hills" in "Jordan Hills" is a man's name, not a landscape."""
    phrase = text[start:end]
    if not phrase[:1].isupper():
        return False
    if phrase.lower() in people:
        return True
    before = text[max(0, start - 40):start].split()[-2:]
    after = text[end:end + 40].split()[:2]
    words = [*before, phrase, *after]
    at = len(before)
    for first in range(at + 1):
        for last in range(at + 1, len(words) + 1):
            candidate = " ".join(w.strip(",.;:!?()\"'") for w in words[first:last])
            if (last - first) > 1 and candidate.lower() in people \
                    and all(w[:1].isupper() for w in words[first:last]):
                return True
    return False


_ACTION_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_ACTION_STOP = frozenset(split_list(
    "the a an his her their its my our with to at in on into onto for of from and but or by "
    "as than then"))
_NOT_ACTIONS = frozenset(split_list(
    "is was has had does did were are be been this that called named"))


def acts_after(text: str, end: int) -> bool:
    """Whether the mention is followed by something only someone does ("the boatman said")."""
    action = action_after(text, end)
    return bool(action) and action.split()[0] in _PERSON_VERBS


def names_a_thing(text: str, end: int) -> bool:
    """Whether the noun is a modifier of the noun after it ("the fish hall", "the dog lead"):
    the next word is a plain lower-case noun, not a verb, adverb or preposition."""
    after = re.match(r"\s+([a-z]+)\b", text[end:])
    if after is None:
        return False
    word = after.group(1)
    return not (word in _PERSON_VERBS or word in _ACTION_STOP or word in _NOT_ACTIONS
                or word.endswith(("s", "ed", "ly", "ing")) or word in FUNCTION_WORDS)


def action_after(text: str, end: int) -> str:
    """What a character does right after it is mentioned ("runs ahead"), or ''."""
    rest = re.sub(r"^\s*(?:\([^)]*\))?\s*(?:,[^,.;!?]{0,60},)?", "", text[end:])
    words: list[str] = []
    for word in _ACTION_WORD.findall(re.split(r"[.,;:!?\n\"]", rest, maxsplit=1)[0])[:5]:
        if not word.islower():
            break  # a name: the action goes on to someone else
        words.append(word)
    if not words or words[0] in _NOT_ACTIONS or words[0] in _ACTION_STOP:
        return ""
    first = words[0]
    if first not in _PERSON_VERBS and not (first.endswith(("s", "ed")) and len(first) > 3):
        return ""
    while words and words[-1] in _ACTION_STOP:
        words.pop()
    return " ".join(words[:4])


def first_word_acts(text: str, end: int) -> bool:
    """Whether the word right after ``end`` is something only a character does."""
    after = _ACTION_WORD.findall(text[end:end + 30])
    return bool(after) and after[0] in _PERSON_VERBS


# Titles written short before a name ("Dr Reyes").
SHORT_TITLES = {"dr": "doctor", "prof": "professor", "sgt": "sergeant", "capt": "captain",
                "insp": "inspector", "rev": "reverend"}


def capitalised(word: str) -> bool:
    """Whether the word is written with a capital and then small letters ("Gull", not "GULL")."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())
