"""Who or what a scene shows: people, animals, vehicles and crowds, written out for a painter.

Image prompts carry a ``Subject:`` sentence, the same in a scene's first and last frame, such as
"Subject: a woman in a red raincoat, walking; a black cat, walking." Names are resolved to
people ("Marina" -> "a woman", from the pronouns the script uses), colours stay with the clothes
they are named with, and the pose comes from the verb ("sits", "asleep", "rides").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.providers.local.art import library
from vidstudio.providers.local.art.painted import THINGS, painted, painted_noun
from vidstudio.providers.local.art.roles import is_role
from vidstudio.providers.local.art.sizes import PLACE_PHRASES
from vidstudio.providers.local.art.words import singular
from vidstudio.providers.local.planner.lexicon import PLACES
from vidstudio.providers.local.planner.matcher import split_list
from vidstudio.providers.local.planner.people import SHORT_TITLES, capitalised
from vidstudio.providers.local.planner.subject_words import (
    BODY,
    PARTS,
    TOOL_VERBS,
    in_name,
    likeness,
)

if TYPE_CHECKING:
    from vidstudio.providers.local.planner.people import Gender

_COLOURS = split_list(
    "red crimson scarlet blue navy green olive yellow orange purple violet pink white black "
    "grey gray brown golden gold silver beige tan teal turquoise maroon dark pale bright"
)
_GARMENTS = split_list(
    "raincoat coat jacket hoodie dress gown suit shirt t-shirt sweater jumper scarf hat cap "
    "cloak cape uniform overalls apron robe skirt trousers jeans boots helmet lab coat "
    "headscarf shawl vest poncho tuxedo kimono sari"
)
_PEOPLE: dict[str, str] = {
    **dict.fromkeys(split_list(
        "woman girl grandmother granddaughter mother sister daughter wife queen princess "
        "nurse lady bride"), "woman"),
    **dict.fromkeys(split_list(
        "man boy grandfather grandson father brother son husband king prince gentleman "
        "fisherman"), "man"),
    **dict.fromkeys(split_list(
        "person keeper engineer captain doctor detective courier driver baker sailor pilot "
        "teacher farmer soldier astronaut skater dancer singer rider cyclist biker volunteer "
        "stranger traveller traveler hiker runner worker chef waiter scientist guard child "
        "kid hero heroine figure seller merchant vendor"), "person"),
    # Occupations and roles a script names people by.
    **dict.fromkeys(split_list(
        "thief burglar drummer guitarist violinist pianist trumpeter saxophonist astronomer "
        "musician producer policeman policewoman officer "
        "conductor passenger priest monk nun knight pirate spy agent clerk cashier "
        "customer student artist painter writer poet photographer reporter journalist "
        "actor actress magician clown waitress janitor porter gardener shepherd hunter "
        "miner mechanic surgeon professor inventor explorer ranger lifeguard "
        "firefighter butler maid tailor boxer athlete climber diver swimmer surfer "
        "fisherwoman"), "person"),
}
# Roles named after the thing a person plays or works with.
_ROLE_PROPS: dict[str, str] = {
    "drummer": "drum", "guitarist": "guitar", "violinist": "violin", "pianist": "piano",
    "trumpeter": "trumpet", "saxophonist": "saxophone", "painter": "artist palette",
    "astronomer": "telescope",
}
_PLURAL_PEOPLE = frozenset(split_list(
    "crowd crowds gamblers people children kids shoppers dancers villagers passengers "
    "spectators fans soldiers workers tourists pedestrians commuters sellers guests audience "
    "mourners protesters revellers onlookers"))
_ANIMALS = split_list(
    "cat kitten dog puppy lion tiger horse pony sheep lamb fox wolf bear deer cow goat bird "
    "gull seagull crow owl eagle elephant camel rabbit hare whale dolphin fish duck swan")
_VEHICLES: dict[str, str] = {
    **dict.fromkeys(split_list("motorbike motorcycle scooter moped"), "motorbike"),
    **dict.fromkeys(split_list("bicycle bike"), "bicycle"),
    **dict.fromkeys(split_list("skateboard"), "skateboard"),
    **dict.fromkeys(split_list("car taxi cab truck van jeep sedan"), "car"),
    **dict.fromkeys(split_list("bus tram"), "bus"),
    **dict.fromkeys(split_list(
        "boat boats ship trawler yacht canoe ferry sailboat dinghy barge kayak rowboat"), "boat"),
}
# Verbs and states to poses, checked in order (the first found wins).
_POSES: tuple[tuple[str, str], ...] = (
    (r"\b(?:asleep|sleep\w*|slept|lies|lay|lying|curled|dozing|dozes|napping)\b", "lying"),
    (r"\b(?:rides?|rode|riding|tears? past|speeds?|racing|races)\b", "riding"),
    (r"\b(?:skat\w+|rolls? down)\b", "skating"),
    (r"\b(?:sits?|sat|sitting|seated|perched)\b", "sitting"),
    (r"\b(?:runs?|ran|running|chas\w+|sprint\w*|dash\w*|flee\w*|races?)\b", "running"),
    (r"\b(?:danc\w+)\b", "dancing"),
    (r"\b(?:wav\w+)\b", "waving"),
    (r"\b(?:climb\w*)\b", "climbing"),
    (r"\b(?:float\w*|drift\w*)\b", "floating"),
    (r"\b(?:walk\w*|strid\w+|strode|wander\w*|cross\w*|led|leads?|march\w*|pushes|stroll\w*)\b",
     "walking"),
)
_WORD = re.compile(r"[A-Za-zÀ-ÿ'-]+")


_RIDDEN = frozenset({"motorbike", "bicycle", "skateboard", "horse"})


def _is_person(noun: str) -> bool:
    last = noun.split()[-1]
    return last in _PEOPLE or is_role(last) or noun in ("woman", "man", "person") \
        or _plural_person(last)


def _plural_person(word: str) -> bool:
    """``word`` names several people by their role ("divers", "firefighters", "volunteers",
    "policemen")."""
    if word.endswith("men") and len(word) > 5 and word not in _PLURAL_PEOPLE:
        return _is_person(word[:-3] + "man")
    if word in _PLURAL_PEOPLE or not word.endswith("s"):
        return False
    return (word[:-1] in _PEOPLE or is_role(word[:-1])) and word[:-1] not in ("woman", "man")


@dataclass
class _Entity:
    noun: str
    at: int
    colour_wear: str = ""
    colour: str = ""
    pose: str = ""
    carries: str = ""
    said_at: int = -1  # where its clause starts, when that is not ``at`` (the narrator)
    pronoun: bool = False  # found from "she" or "he": someone named before, if anyone was
    name: str = ""  # the person's name, when the script names them ("dev")


def _pose(clause: str) -> str:
    for pattern, pose in _POSES:
        if re.search(pattern, clause, re.IGNORECASE):
            return pose
    return ""


_COLOUR_RE = "|".join(_COLOURS)
_GARMENT_RE = "|".join(g.replace(" ", r"\s+") for g in sorted(_GARMENTS, key=len, reverse=True))
_CLOTHES = re.compile(
    rf"\b((?:{_COLOUR_RE})(?:\s+(?:and\s+)?(?:{_COLOUR_RE}))?)\s+({_GARMENT_RE})s?\b",
    re.IGNORECASE,
)


def _clothes(sentence: str) -> str:
    match = _CLOTHES.search(sentence)
    return f"{match.group(1).lower()} {match.group(2).lower()}" if match else ""


# Landmarks seen from afar: drawn as a subject when the scene is not in them ("watched Mount
# Fuji slide past the window" from a train; a volcano over a village).
_LANDMARKS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"\b(?:Mount|Mt\.?)\s+[A-Z][a-z]+|\b(?:mountains?|peaks?)\b(?! (?:pass|path|road|"
                r"bike|hut|lodge|village|stream|air))"), "mountain", "mountains"),
    (re.compile(r"\bvolcano(?:es)?\b", re.IGNORECASE), "volcano", ""),
)


def _landmarks(sentence: str, setting: str) -> list[_Entity]:
    out: list[_Entity] = []
    for pattern, noun, inside in _LANDMARKS:
        hit = pattern.search(sentence)
        if hit is not None and setting and setting != inside:
            out.append(_Entity(noun, hit.start()))
    return out


_INDOORS = frozenset({"interior", "workshop", "space"})
_MARKED = re.compile(r"[A-Za-zÀ-ÿ'-]+|[.,;:!?]")
_INSIDE = re.compile(r"\b(?:inside|into|within|in)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|his\s+"
                     r"|her\s+|our\s+|my\s+)?(?:[a-z]+\s+)?$")


def _painted(sentence: str, token: re.Match[str], setting: str) -> str:
    """The word for a hand-painted thing (``art.painted``) the token names, unless the scene
    is in it ("inside the lighthouse") or it is the scene's own setting."""
    words = [w.lower() for w in _MARKED.findall(sentence[:token.end()])]
    words += [w.lower() for w in _MARKED.findall(sentence[token.end():])[:1]]
    at = len(_MARKED.findall(sentence[:token.start()]))
    thing = painted(words, at) if at < len(words) else ""
    if not thing or thing == setting or likeness(sentence, token.start(), token.end()):
        return ""  # "waves the size of houses", "round as a moon": a likeness
    far = THINGS[thing][2] == "far"
    if far and (setting in _INDOORS
                or _INSIDE.search(sentence[max(0, token.start() - 30):token.start()])):
        return ""  # a house seen from inside a room, or the lighthouse the scene is in
    # The words the script says ("oven", "water tower"), drawn as the thing.
    return painted_noun(words, at, singular(words[at]))


# Words said aloud ("the parrot said \"thief\""): what is quoted is not in the picture.
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_GREETING = re.compile(r"\b(?:hello|hi|hey|welcome|dear|morning|evening|thanks|thank you),?\s*$",
                       re.IGNORECASE)
# Collective nouns for animals: the herd the script means.
_HERDS = {"cattle": "herd of cows", "cows": "herd of cows"}


# Words of an opening address besides the people addressed ("Ladies and gentlemen, boys and
# girls, welcome ...").
_ADDRESS_WORDS = frozenset(split_list("and my our dear dearest ladies folks friends everyone "
                                      "everybody all"))


def _address(sentence: str, token: re.Match[str]) -> bool:
    """Whether the person word is part of an address that opens the sentence: a run of people
    words and "and" up to a comma or an exclamation ("Ladies and gentlemen, boys and girls,")."""
    end = 0
    for word in _WORD.finditer(sentence):
        gap = sentence[end:word.start()]
        if re.search(r"[^ ,!]", gap):
            return False  # not a plain run of words
        if word.start() > token.start() and re.search(r"[,!]", gap):
            return True  # the run went past the token and ends on a comma
        low = word.group(0).lower()
        if not (low in _ADDRESS_WORDS or _is_person(low) or low in _PLURAL_PEOPLE):
            return False
        end = word.end()
    return False


def _vocative(sentence: str, token: re.Match[str]) -> bool:
    """Whether a person word is someone spoken to ("Hello, judges!", "Pull up a log, kids,"),
    not someone the scene shows: set off by a comma and a comma or an exclamation, or in the
    address that opens the sentence."""
    before = sentence[:token.start()].rstrip()
    after = sentence[token.end():].lstrip()[:1]
    if _GREETING.search(sentence[:token.start()]) or _address(sentence, token):
        return True
    return before.endswith(",") and after in (",", "!")


def _modifier(tokens: list[re.Match[str]], index: int) -> bool:
    """Whether the person word at ``index`` only describes the thing after it ("a grandfather
    clock", "a baby grand"): the next word is a drawing's name."""
    if index + 1 >= len(tokens):
        return False
    if tokens[index + 1].start() - tokens[index].end() != 1:
        return False  # punctuation between
    nxt = tokens[index + 1].group(0).lower()
    if nxt.endswith("s") and not nxt.endswith("ss") \
            and not tokens[index].group(0).lower().endswith("s"):
        return False  # "the boy stacks the boxes": a verb, not "a grandfather clock"
    return library.find_all(nxt, limit=1) != [] and not _is_person(nxt)


def _find(sentence: str, people: dict[str, Gender], setting: str = "",
          pronouns: dict[str, str] | None = None) -> list[_Entity]:
    found: list[_Entity] = _landmarks(sentence, setting)
    tokens = list(_WORD.finditer(sentence))
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]
    titled: set[int] = set()
    for index, token in enumerate(tokens):
        word = token.group(0)
        low = word.lower().strip("'-")
        before = tokens[index - 1].group(0).lower() if index else ""
        if likeness(sentence, token.start(), token.end()):
            continue  # "shaped like a whale", "waves the size of houses": a likeness
        if any(a < token.start() < b for a, b in quoted):
            continue  # a word said aloud
        if word.endswith("s'") and _plural_person(low):
            continue  # "at the nurses' station": whose it is, not who is there
        if low in _HERDS:
            found.append(_Entity(_HERDS[low], token.start()))
            continue
        if (low in _PEOPLE or is_role(low) or _plural_person(low)
                or low in _PLURAL_PEOPLE) and (_vocative(sentence, token)
                                               or _modifier(tokens, index)):
            continue  # "Hello, judges!"; "a grandfather clock"
        if index in titled:
            continue  # the name after a title: the titled person is found already
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        role = SHORT_TITLES.get(low, low)
        if word[:1].isupper() and is_role(role) and nxt is not None \
                and nxt.group(0)[:1].isupper() and nxt.group(0).lower() in people \
                and sentence[token.end():nxt.start()] in (" ", ". "):
            # "Captain Mara", "Marshal Teague", "Dr Reyes": one person, drawn in the title's
            # role.
            found.append(_Entity(role, token.start(), name=nxt.group(0).lower()))
            titled.add(index + 1)
            continue
        if capitalised(word) and low not in people \
                and in_name(sentence, token.start(), token.end()):
            continue  # "the pirate ship Black Gull", "at the Red Lion": a name, not a thing
        if word[:1].isupper() and low in people:
            if sentence[token.end():token.end() + 1] == ":":
                continue  # "Puzzle: a locked chest ...": a document's label, not a name
            found.append(_Entity(people[low], token.start(), name=low))
        elif word == "I" and not any(e.said_at >= 0 for e in found):
            # The narrator of a diary, a letter or a blog is in the picture, after the things
            # they name ("From my window I can see a taxi": the taxi first).
            found.append(_Entity("person", len(sentence), said_at=token.start()))
        elif (low in _PEOPLE or is_role(low)) and _SELF.search(sentence[:token.start()]):
            me = next((e for e in found if e.said_at >= 0), None)
            if me is not None:
                me.noun = low  # "When I was a girl": the narrator, drawn as a girl
            continue
        elif low.endswith("men") and _plural_person(low):
            found.append(_Entity(f"two {low}", token.start()))  # "two policemen"
        elif low in _PEOPLE or is_role(low):
            found.append(_Entity(low, token.start()))
            if low in _ROLE_PROPS:
                # A drummer is seen with a drum: the thing that names the role is shown too.
                found.append(_Entity(_ROLE_PROPS[low], token.end()))
        elif low in ("she", "he") and (index == 0 or tokens[index - 1].end() < token.start() - 2
                                       or before in ("and", "then")):
            # The fable's crow ("a crow who ...; she spied") is drawn as the crow.
            found.append(_Entity((pronouns or {}).get(low)
                                 or ("woman" if low == "she" else "man"), token.start(),
                                 pronoun=True))
        elif _plural_person(low):
            # "Our divers hang in the blue": a few of them, not a crowd and not one.
            found.append(_Entity(f"two {low}", token.start()))
        elif low in _PLURAL_PEOPLE:
            found.append(_Entity("crowd of " + low if low not in ("crowd", "crowds") else "crowd",
                                 token.start()))
        elif low in _ANIMALS or (low.endswith("s") and low[:-1] in _ANIMALS):
            colour = before if before in _COLOURS else ""
            group = re.search(r"\b(flock|herd|pack|pride|group)\s+of\s*$",
                              sentence[max(0, token.start() - 20):token.start()], re.IGNORECASE)
            if group:
                found.append(_Entity(f"{group.group(1).lower()} of {low}", token.start()))
                continue
            if low.endswith("s") and low[:-1] in _ANIMALS and low not in _ANIMALS:
                noun = ("flock of " if low[:-1] in ("sheep", "bird", "gull", "seagull", "duck",
                                                    "crow") else "group of ") + low
            else:
                noun = low
            found.append(_Entity(noun, token.start(), colour=colour))
        elif low in TOOL_VERBS and any(_is_person(e.noun) for e in found) \
                and (tool := library.find_all(TOOL_VERBS[low], limit=1)):
            # "a janitor mopping the floor": the mop in their hands is seen.
            found.append(_Entity(tool[0].words, token.start()))
        elif (thing := _painted(sentence, token, setting)):
            found.append(_Entity(thing, token.start()))
        elif low in _VEHICLES and f"{before} {low}" not in PLACE_PHRASES:
            found.append(_Entity(_VEHICLES[low], token.start(), colour=before if before in
                                 _COLOURS else ""))
    return _with_drawings(sentence, found, setting)


# The narrator saying what they are or were ("when I was a girl", "I'm a nurse").
_SELF = re.compile(r"\bI\s*(?:was|am|'m|’m)\s+(?:a|an)\s+(?:[a-z-]+\s+)?$")
_POSSESSIVE = re.compile(r"\b(?:her|his|its|their|my|your|our)\s+(?:[a-z]+\s+)?$")
# A doer then a verb: a plural noun or a pronoun, the word, then a particle or an article.
_DOER = re.compile(r"(?:\b(?:they|we|you|i)|[a-z]{3,}[^s'\s]s)\s+$")
_PARTICLE = re.compile(r"\s+(?:in|out|up|down|off|away|back|over|into|it|them|the|a|an|his|her|"
                       r"their)\b")


_PLACED_BY = re.compile(r"\b(?:in|at|on|through|against|by|from|across|along|under|over|into|"
                        r"onto|near|beside)\s+(?:the|a|an|his|her|their|its|our|my|your)\s+"
                        r"(?:[a-z-]+\s+)?$")


def _where(lower: str, at: int, words: str, setting: str = "") -> bool:
    """Whether a drawing's name is a part of the place or a place after a preposition ("in the
    doorway", "against the wall"), or a place other than the scene's ("fell from a ladder in his
    orchard", told in a hospital ward): where something is or was, not a thing shown."""
    place = bool(setting) and any(hit.phrase.lower() == words and hit.value.setting != setting
                                  for hit in PLACES.finditer(words))
    return (words in PARTS or place) and bool(_PLACED_BY.search(lower[max(0, at - 30):at]))


def _body_part(lower: str, at: int, words: str) -> bool:
    """Whether the drawing's name is a part of whoever the sentence is about ("her feathers",
    "his hands"): drawn as part of them, not beside them."""
    return words in BODY and bool(_POSSESSIVE.search(lower[max(0, at - 24):at]))


def _acted(lower: str, at: int, end: int) -> bool:
    """Whether a one-word drawing name is the verb of a plural doer ("two ushers wheel in a
    table", "they fan the flames") or a verb with a pronoun for its object ("clamp it firmly",
    "then hammer them flat"), not a thing in the scene."""
    if " " in lower[at:end]:
        return False
    before = lower[max(0, at - 24):at]
    if lower[at:end].endswith("s") and re.search(r"\b(?:that|which)\s+$", before):
        return True  # "a long table that seats eight": the verb of a relative clause
    if re.match(r"\s+(?:it|them)\b", lower[end:]) and not re.search(
            r"\b(?:the|a|an|his|her|their|its|my|your|our|this|that)\s+(?:[a-z-]+\s+)?$", before):
        return True
    return bool(_DOER.search(before)) and not re.search(r"\b(?:the|a|an|of|and|or|with)\s+\S+\s+$",
                                                        before) \
        and bool(_PARTICLE.match(lower, end))


def _with_drawings(sentence: str, found: list[_Entity], setting: str = "") -> list[_Entity]:
    """``found`` and the other things the sentence names that the illustration library draws
    (a giraffe, a police car, a laptop), in the order the sentence names them. A longer name
    replaces the thing found inside it ("police car", not "car")."""
    lower = sentence.lower()
    out = list(found)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]
    for match in library.find_all(sentence):
        at = lower.find(match.text)
        if at < 0 or any(a < at < b for a, b in quoted) or _is_person(match.words):
            continue  # not found, said aloud, or a person (found above, or left out there)
        if _body_part(lower, at, match.words) or _acted(lower, at, at + len(match.text)) \
                or in_name(sentence, at, at + len(match.text)) \
                or likeness(sentence, at, at + len(match.text)) \
                or _where(lower, at, match.words, setting):
            continue  # "her feathers ached"; "ushers wheel in a table"; "Mill Street"; "like a
            # sponge"; "in the doorway"
        end = at + len(match.text)
        if re.match(r"['’]s\s+[a-z]", sentence[end:]) \
                and match.drawing.category != "Animals & Nature":
            continue  # "at the ship's wheel": the wheel is what is seen, the ship is whose
        inside = [e for e in out if at <= e.at < end]
        if any(_is_person(e.noun) or e.noun.startswith("crowd") for e in inside):
            continue  # people are painted by hand
        words = match.words.split()
        noun = match.words
        if match.drawing.height_m >= 9.0 and re.search(
                r"\b(?:inside|into|within)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?$",
                lower[max(0, at - 20):at]):
            continue  # "inside the castle": the scene is in it, not looking at it
        if inside and all(e.noun == noun for e in inside):
            continue
        out = [e for e in out if e not in inside]
        colour = inside[0].colour if inside else ""
        out.append(_Entity(noun, at, colour="" if colour in words else colour))
    return sorted(out, key=lambda e: e.at)


# Between a name and the role said of it: "Teague, the sheriff", "Olwen, our old teacher".
_APPOSITION = re.compile(r"[\w'-]+(?:\s+[\w'-]+)?(?:,|\s+(?:called|named|known as))\s+"
                         r"(?:(?:a|an|the|our|my|his|her|their)\s+)?(?:[\w-]+\s+)?")


def _is_animal(word: str) -> bool:
    if word in _ANIMALS:
        return True
    found = library.find(word)
    return found is not None and found.category == "Animals & Nature" and found.anchor != "far" \
        and not _is_person(word)


_PERSONIFIED = re.compile(r"\b(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}?([a-z]+)\s*,?\s+(?:who|whose)\b")


def animal_pronouns(text: str) -> dict[str, str]:
    """The pronoun a story uses for an animal it tells of as a person ("a crow who collected
    shiny things ... she spied a kettle"): {"she": "crow"}. The first "she" or "he" after the
    animal is taken, unless a person is named between."""
    out: dict[str, str] = {}
    for hit in _PERSONIFIED.finditer(text):
        animal = hit.group(1).lower()
        if not _is_animal(animal):
            continue
        after = text[hit.end():hit.end() + 400]
        pronoun = re.search(r"\b([Ss]he|[Hh]e)\b", after)
        if pronoun is None:
            continue
        between = after[:pronoun.start()].lower()
        if any(_is_person(w) for w in _WORD.findall(between)):
            continue
        out.setdefault(pronoun.group(1).lower(), animal)
    return out


def _mentions(sentences: list[str], noun: str) -> int:
    """In how many of the sentences the noun's last word is named (singular or plural)."""
    head = noun.split()[-1].lower()
    pattern = re.compile(rf"\b{re.escape(singular(head))}(?:s|es)?\b", re.IGNORECASE)
    return sum(1 for s in sentences if pattern.search(s))


def describe_subjects(sentences: list[str], people: dict[str, Gender], limit: int = 6,
                      setting: str = "", pronouns: dict[str, str] | None = None) -> str:
    """The ``Subject:`` sentence for a scene's frames, or "" when it shows no one and nothing.

    Args:
        sentences: the scene's sentences, the one that shows most first.
        people: the script's people (see ``people.find_people``).
        limit: the most subjects named.
        setting: the scene's setting ("city"), when known: a landmark seen from afar (a
            mountain from a city) is a subject, one the scene is in (the mountains) is not.
        pronouns: "she" or "he" of an animal the story tells of as a person (see
            ``animal_pronouns``).
    """
    out: list[_Entity] = []
    for sentence in sentences:
        entities = _find(sentence, people, setting, pronouns)
        wear = _clothes(sentence)
        for position, entity in enumerate(entities):
            following = entities[position + 1].at if position + 1 < len(entities) else None
            start = entity.said_at if entity.said_at >= 0 else entity.at
            clause = sentence[start : following if entity.said_at < 0 else None]
            entity.pose = _pose(clause)
            # What they carry may be named after other things: up to the next person.
            person_next = next((e.at for e in entities[position + 1:] if _is_person(e.noun)),
                               None)
            held = sentence[start:person_next]
            carried = re.search(r"\b(lantern|torch|candle|umbrella|basket|suitcase)\b", held)
            if carried and _is_person(entity.noun):
                entity.carries = carried.group(1).lower()
            if wear and _is_person(entity.noun) and not any(e.colour_wear for e in out):
                entity.colour_wear = wear
                wear = ""
            previous = out[-1] if out else None
            gap = sentence[previous.at:entity.at] if previous is not None else ""
            said_of = previous is not None and _is_person(previous.noun) \
                and _is_person(entity.noun) and previous.at < entity.at \
                and (len(gap) < len(previous.noun) + 6 or _APPOSITION.fullmatch(gap) is not None)
            named = next((e for e in out if _is_person(e.noun)), None) \
                if entity.pronoun and _is_person(entity.noun) else None if said_of else \
                next((e for e in out if entity.name and e.name == entity.name), None)
            if named is not None:
                # "Priya, a girl ... she has a teddy bear": she is the girl, not a second figure;
                # "a janitor called Dev. Nobody notices Dev.": Dev is the janitor.
                named.pose = named.pose or entity.pose
                continue
            if said_of and previous is not None:
                # "the keeper, Mara": one person, a woman keeper.
                if entity.noun in ("woman", "man") and previous.noun in _PEOPLE:
                    previous.noun = f"{entity.noun} {previous.noun}"
                elif previous.noun in ("person", "man", "woman") \
                        and entity.noun not in ("person", "man", "woman"):
                    previous.noun = entity.noun  # "Sir Aldric, a knight": drawn as the knight
                elif entity.noun not in ("person", "man", "woman") and "," in gap \
                        and not entity.noun.startswith("two ") and not previous.name:
                    # "the captain, a one-eyed pirate": what is said of them is what is seen
                    # (a title before a name stays: "Marshal Teague, the sheriff").
                    previous.noun = entity.noun
                previous.pose = previous.pose or entity.pose
                previous.name = previous.name or entity.name
                previous.colour_wear = previous.colour_wear or entity.colour_wear
                previous.carries = previous.carries or entity.carries
                twin = next((e for e in out[:-1] if e.name and e.name == previous.name), None)
                if twin is not None:
                    out.pop()  # met before in the scene ("The keeper, Mara, ..." again)
                continue
            me = next((e for e in out if e.said_at >= 0), None)
            if entity.said_at >= 0 and me is not None:
                # The narrator of every sentence is one figure, drawn as they say they are.
                me.noun = entity.noun if me.noun == "person" else me.noun
                continue
            if entity.noun in _RIDDEN and previous is not None and _is_person(previous.noun) \
                    and re.search(r"\b(?:on|riding|rides|rode|astride)\b", gap):
                previous.pose = f"riding a {entity.noun}"
                continue
            if entity.noun in _RIDDEN or entity.noun in ("boat", "car", "bus"):
                entity.pose = ""
            crowdish = entity.noun.startswith("crowd")
            if not any(e.noun == entity.noun or (crowdish and e.noun.startswith("crowd"))
                       for e in out):
                out.append(entity)
        if sum(e.said_at < 0 for e in out) >= limit:
            break
    # What a person carries is drawn in their hand, not again beside them.
    in_hand = {e.carries for e in out if e.carries}
    out = [e for e in out if e.noun not in in_hand]
    # The narrator comes after what the scene names: the things they see are the picture.
    out = [e for e in out if e.said_at < 0] + [e for e in out if e.said_at >= 0]
    parts: list[str] = []
    unique = {entity.noun: entity for entity in reversed(out)}
    out = [entity for entity in out if unique[entity.noun] is entity]
    if len(out) > limit:
        # More than fit: the people (three at most) are kept, then the things of the leading
        # sentence and those the scene names again (what it is about), then the others in
        # the order the scene names them (passing mentions).
        persons = [e for e in out if _is_person(e.noun) or e.noun.startswith("crowd")][:3]
        lead = _find(sentences[0], people, setting, pronouns) if sentences else []
        first = {e.noun for e in lead}
        rest = [e for e in out if e not in persons]
        things = sorted(rest, key=lambda e: (
            e.noun not in first and _mentions(sentences, e.noun) < 2, rest.index(e),
        ))[:limit - len(persons)]
        out = [e for e in out if e in persons or e in things]
    for entity in out[:limit]:
        several = entity.noun.startswith(("crowd", "flock", "group", "herd", "pack", "two "))
        article = "" if several and entity.noun != "crowd" else (
            "an " if entity.noun[:1] in "aeiou" else "a ")
        words = f"{article}{entity.colour + ' ' if entity.colour else ''}{entity.noun}"
        if entity.colour_wear:
            words += f" in a {entity.colour_wear}"
        if entity.carries:
            words += f" with a {entity.carries}"
        if entity.pose:
            words += f", {entity.pose}"
        parts.append(words)
    return f"Subject: {'; '.join(parts)}." if parts else ""
