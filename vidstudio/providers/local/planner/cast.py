"""Who is in the story: the offline planner's cast, read from names, pronouns and role nouns.

The script is read once from start to end. Every mention of someone is a token: a name the script
treats as a person's (``people.find_people``), a noun phrase with a role noun ("the night porter",
"a one-eyed goat") or a pronoun. Tokens resolve to characters in order: a name to its character, a
noun phrase in apposition to the one before it ("Sierra, a waitress", "the pilot, Ines") to that
one's, a role noun to the last character it named, a pronoun to the last character of its gender.
What the words right after a mention say about the body and the clothes (up to the next mention
or the sentence's end) becomes that character's look. Each scene's text is then read the same way,
without creating anyone, for who is in its frame and what each does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vidstudio.core.plan import PlanCastMember, PlanCharacter, PlanGarment, PlanLook
from vidstudio.core.vocabulary import IMAGES_PER_CHARACTER, CharacterKind
from vidstudio.providers.local.planner.cast_look import Features, read_look, read_modifiers
from vidstudio.providers.local.planner.cast_words import (
    COMPOUNDS,
    GENDERS,
    GENERIC,
    KINDS,
    ROLE_PATTERN,
)
from vidstudio.providers.local.planner.matcher import split_list
from vidstudio.providers.local.planner.people import _PERSON_VERBS, Gender, find_people

# The most characters a plan gets, and the most in one frame.
MAX_CHARACTERS = 8
MAX_IN_FRAME = 4

_PHRASE = re.compile(
    r"\b((?i:the|a|an|this|that|his|her|their|its|my|our))\s+"
    rf"((?:[a-z][a-z'-]*\s+){{0,3}}?)({ROLE_PATTERN})\b(?!-)(?!\s+(?:{ROLE_PATTERN})\b)",
    re.UNICODE)
_PRONOUN = re.compile(r"\b(she|her|hers|herself|he|him|his|himself|it|its|itself)\b",
                      re.IGNORECASE)
_FEMININE = frozenset({"she", "her", "hers", "herself"})
_MASCULINE = frozenset({"he", "him", "his", "himself"})
_INDEFINITE = frozenset({"a", "an"})
# What may stand between a mention and a phrase in apposition to it: ", " / " (20s), " /
# ", tall, "
_APPOSED = re.compile(r"^\s*(?:\([^)]*\))?\s*,\s*(?:[a-z-]+,\s*)?$")
# What may stand between a role phrase and the name it introduces: ", " / " " / " called "
_INTRODUCES = re.compile(
    r"^(?:\s+(?:from|of)\s+(?:the\s+|a\s+|an\s+)?[a-z-]+)?(?:\s*,\s*|\s+)"
    r"(?:(?:called|named)\s+)?$")
_NAME_IS = re.compile(r"^\s+name\s+(?:is|was)\s+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;\n]")
_ACTION_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_ACTION_STOP = frozenset(split_list(
    "the a an his her their its my our with to at in on into onto for of from and but or by "
    "as than then"))
_NOT_ACTIONS = frozenset(split_list(
    "is was has had does did were are be been this that called named"))


@dataclass
class _Who:
    """A character while the script is read."""

    key: str
    name: str
    named: bool
    kind: CharacterKind = CharacterKind.PERSON
    gender: str = "person"
    roles: list[str] = field(default_factory=list)
    first: int = 0
    count: int = 0
    look: Features = field(default_factory=Features)
    merged_into: _Who | None = None

    def final(self) -> _Who:
        who = self
        while who.merged_into is not None:
            who = who.merged_into
        return who

    def add_role(self, role: str) -> None:
        if role not in self.roles:
            self.roles.append(role)
        if role.split()[-1] in GENDERS:  # "a boy": stronger than a pronoun's vote
            self.gender = GENDERS[role.split()[-1]]
        noun_kind = KINDS.get(role.split()[-1], CharacterKind.PERSON)
        if noun_kind is not CharacterKind.PERSON and role.split()[-1] not in GENERIC:
            self.kind = noun_kind


@dataclass
class _Token:
    start: int
    end: int
    kind: str  # "name", "phrase" or "pronoun"
    word: str  # the name's key, the role ("night porter") or the pronoun
    determiner: str = ""
    modifiers: tuple[str, ...] = ()
    who: _Who | None = None


class _Cast:
    """The characters of a script, and how to resolve mentions to them."""

    def __init__(self, text: str) -> None:
        self.people = find_people(text)
        self.members: list[_Who] = []
        self.by_name: dict[str, _Who] = {}
        self._names = self._name_pattern()

    def _name_pattern(self) -> re.Pattern[str] | None:
        keys = sorted(self.people, key=len, reverse=True)
        for key in keys:
            # "Jordan" is Jordan Hills when the script also names him in full.
            whole = next((k for k in keys if " " in k and key != k and key in k.split()), None)
            if whole is not None and " " not in key:
                continue
            who = _Who(key=key, name=key.title(), named=True, gender=self.people[key])
            self.members.append(who)
            self.by_name[key] = who
        for key in keys:
            if key not in self.by_name:
                whole = next(k for k in keys if " " in k and key in k.split())
                self.by_name[key] = self.by_name[whole]
        if not keys:
            return None
        forms = sorted({f for key in keys for f in (key.title(), key.upper())}, key=len,
                       reverse=True)
        return re.compile(r"\b(" + "|".join(re.escape(f) for f in forms) + r")\b")

    def tokens(self, text: str) -> list[_Token]:
        found: list[_Token] = []
        if self._names is not None:
            found += [_Token(m.start(), m.end(), "name", m.group(1).lower())
                      for m in self._names.finditer(text)]
        taken = [(t.start, t.end) for t in found]
        for match in _PHRASE.finditer(text):
            if any(s < match.end(3) and match.start(3) < e for s, e in taken):
                continue
            modifiers = tuple(match.group(2).split())
            role = match.group(3)
            if modifiers and modifiers[-1] in COMPOUNDS:
                role, modifiers = f"{modifiers[-1]} {role}", modifiers[:-1]
            found.append(_Token(match.start(), match.end(), "phrase", role,
                                match.group(1).lower(), modifiers))
        phrase_spans = [(t.start, t.end) for t in found]
        for match in _PRONOUN.finditer(text):
            if any(s <= match.start() < e for s, e in phrase_spans):
                continue
            found.append(_Token(match.start(), match.end(), "pronoun", match.group(1).lower()))
        found.sort(key=lambda t: t.start)
        return found

    def _new(self, key: str, token: _Token) -> _Who:
        name = " ".join(w.capitalize() for w in key.split())
        who = _Who(key=key, name=name, named=False, first=token.start)
        who.add_role(key)
        self.members.append(who)
        return who

    def _by_role(self, role: str, recent: list[_Who]) -> _Who | None:
        """The character a role names: the last one it named here, or the first in the script
        ("the porter" is the night porter, "the driver" the bus driver)."""
        def plays(who: _Who) -> bool:
            return any(r == role or r.split()[-1] == role for r in who.roles)

        for who in reversed(recent):
            if plays(who):
                return who
        for who in self.members:
            if who.merged_into is None and plays(who):
                return who
        return None

    def _merge(self, loose: _Who, into: _Who) -> None:
        if loose is into:
            return
        loose.merged_into = into
        for role in loose.roles:
            into.add_role(role)
        into.look.absorb(loose.look)
        into.count += loose.count
        into.first = min(into.first, loose.first)

    def resolve(self, text: str, *, create: bool, recent: list[_Who] | None = None
                ) -> list[_Token]:
        """Resolve each mention in ``text`` to a character (creating role-only characters and
        reading looks when ``create``); returns the resolved tokens in order. ``recent`` (most
        recent last) carries who a pronoun may mean from one text to the next."""
        tokens = self.tokens(text)
        recent = [] if recent is None else recent
        resolved: list[_Token] = []
        for index, token in enumerate(tokens):
            previous = resolved[-1] if resolved else None
            gap_before = text[previous.end:token.start] if previous else ""
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            who = self._resolve_one(token, previous, gap_before, nxt, text, recent, create)
            if who is None:
                continue
            token.who = who
            resolved.append(token)
            if who in recent:
                recent.remove(who)
            recent.append(who)
            if create:
                who.count += 1
                if token.kind == "phrase":
                    who.add_role(token.word)
        if create:
            self._read_looks(text, resolved)
        return resolved

    @staticmethod
    def _read_looks(text: str, resolved: list[_Token]) -> None:
        """Each mention's look words: up to the sentence's end or the next mention of someone
        else ("He had a gap between his front teeth" reads on past his own "his")."""
        for index, token in enumerate(resolved):
            assert token.who is not None
            who = token.who.final()
            if token.kind == "phrase":
                read_modifiers(who.look, token.modifiers, who.kind, token.word)
            stop = _SENTENCE_END.search(text, token.end)
            end = stop.start() if stop else len(text)
            for later in resolved[index + 1:]:
                if later.start >= end:
                    break
                if later.who is None or later.who.final() is not who or later.kind != "pronoun":
                    end = later.start
                    break
            read_look(who.look, text[token.end:end], who.kind, after_name=token.kind == "name")

    def _resolve_one(self, token: _Token, previous: _Token | None, gap: str, nxt: _Token | None,
                     text: str, recent: list[_Who], create: bool) -> _Who | None:
        if token.kind == "name":
            who = self.by_name[token.word].final()
            introduced = previous is not None and (
                (previous.kind == "phrase" and _INTRODUCES.match(gap) is not None)
                or (previous.kind == "pronoun" and _NAME_IS.match(gap) is not None))
            if previous is not None and previous.who is not None and not previous.who.named \
                    and introduced:
                if create:  # "the pilot, Ines" / "a young woman ... Her name is Vega"
                    self._merge(previous.who.final(), who)
                previous.who = who
            if who.first == 0 and create:
                who.first = token.start
            return who
        if token.kind == "pronoun":
            found = self._pronoun(token.word, recent)
            if found is None and create and recent and token.word[0] in "sh":
                # "The pilot, Ines, ... She wears": the pronoun says who Ines is.
                last = recent[-1].final()
                if last.kind is CharacterKind.PERSON and last.gender == "person":
                    last.gender = "woman" if token.word in _FEMININE else "man"
                    found = last
            return found
        role = token.word
        if nxt is not None and nxt.kind == "name" and _INTRODUCES.match(
                text[token.end:nxt.start]):
            return self.by_name[nxt.word].final()  # "the pilot, Ines" / "a fox called Pip"
        if previous is not None and previous.who is not None and previous.kind != "pronoun" \
                and _APPOSED.match(gap) and (token.determiner in _INDEFINITE or (
                    previous.kind == "name" and token.determiner != "this")):
            # "Tom, a lanky young man" / "the porter, an old man" / "Greta, his older sister"
            return previous.who.final()
        noun = role.split()[-1]
        if noun in GENERIC and token.determiner in _INDEFINITE:
            if create:
                return self._new(role, token)
            # Reading a scene: "a young woman" is the one character the script calls so.
            playing = [w for w in self.members if w.merged_into is None and role in w.roles]
            return playing[0].final() if len(playing) == 1 else None
        known = self._by_role(role, recent)
        if known is None and noun in GENERIC:
            gender = GENDERS.get(noun, "person")
            known = next((w for w in reversed(recent) if w.kind is CharacterKind.PERSON
                          and w.gender in (gender, "person")), None)
        if known is not None:
            return known.final()
        if not create or (KINDS[noun] is CharacterKind.VEHICLE and not self._acts(text, token)):
            return None
        return self._new(role, token)

    @staticmethod
    def _acts(text: str, token: _Token) -> bool:
        """Whether a vehicle phrase is followed by something only a character does."""
        after = _ACTION_WORD.findall(text[token.end:token.end + 30])
        return bool(after) and after[0] in _PERSON_VERBS

    @staticmethod
    def _pronoun(word: str, recent: list[_Who]) -> _Who | None:
        for who in reversed(recent):
            who = who.final()
            if word in _FEMININE and who.gender == "woman":
                return who
            if word in _MASCULINE and who.gender == "man":
                return who
            if word.startswith("it") and who.kind is not CharacterKind.PERSON:
                return who
        return None


def _action(text: str, token: _Token) -> str:
    """What a character does right after it is mentioned ("runs ahead"), or ''."""
    rest = re.sub(r"^\s*(?:\([^)]*\))?\s*(?:,[^,.;!?]{0,60},)?", "", text[token.end:])
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


def _description(who: _Who) -> str:
    roles = [r for r in who.roles if r != who.key and r.split()[-1] not in GENERIC]
    if not roles:
        roles = [r for r in who.roles if r != who.key]
    if not roles:
        being = who.gender if who.gender != "person" else who.kind.value
        article = "an" if being[0] in "aeiou" else "a"
        return f"{article} {being} in the story"
    return f"{who.name}, the {roles[0]}" if who.named else f"the {roles[0]}"


def _sheet_prompts(name: str, kind: CharacterKind, look: str, important: bool) -> list[str]:
    being = name if kind is CharacterKind.PERSON else f"{name}, a {kind.value}"
    who = f"{being}, {look}" if look else being
    views = ["full body, front view", "full body, three-quarter view",
             "head and shoulders close-up", "full body, side view"]
    count = IMAGES_PER_CHARACTER if important else 2
    return [f"Character reference of {who}; {view}; plain light grey background, soft even "
            "light, the same clothes and colours in every view." for view in views[:count]]


def _plan_character(index: int, who: _Who) -> PlanCharacter:
    look = who.look
    plan_look = PlanLook(
        age=look.age, build=look.build, hair=look.hair, skin=look.skin,
        wardrobe=[PlanGarment(item=item, colour=colour) for item, colour in look.wardrobe.items()],
        marks=", ".join(look.marks))
    summary = ", ".join(p for p in [plan_look.age, plan_look.build, plan_look.hair,
                                    plan_look.skin,
                                    *(f"{g.colour} {g.item}".strip() for g in plan_look.wardrobe),
                                    plan_look.marks] if p)
    return PlanCharacter(
        id=f"ch{index + 1}",
        name=who.name,
        kind=who.kind,
        description=_description(who),
        look=plan_look,
        sheet_prompts=_sheet_prompts(who.name, who.kind, summary, who.count >= 3 or who.named),
    )


@dataclass
class CastPlan:
    """The cast of a script and, for each scene, who is in frame with what they do."""

    characters: list[PlanCharacter]
    scenes: list[list[PlanCastMember]]
    people: dict[str, Gender]


def find_cast(script: str, scene_texts: list[str]) -> CastPlan:
    """The characters of ``script`` and the cast of each scene (``scene_texts``, in order)."""
    cast = _Cast(script)
    cast.resolve(script, create=True)
    members = [w for w in cast.members if w.merged_into is None and w.count > 0]
    # A nameless passer-by mentioned once with nothing said about them is not cast.
    members = [w for w in members if w.named or w.count >= 2 or not w.look.empty()]
    members.sort(key=lambda w: (-w.count, w.first))
    chosen = sorted(members[:MAX_CHARACTERS], key=lambda w: w.first)
    ids = {id(w): f"ch{i + 1}" for i, w in enumerate(chosen)}
    characters = [_plan_character(i, w) for i, w in enumerate(chosen)]
    scenes: list[list[PlanCastMember]] = []
    recent: list[_Who] = []  # "She taps a screen" opens a scene on the last woman seen
    for text in scene_texts:
        frame: dict[str, PlanCastMember] = {}
        for token in cast.resolve(text, create=False, recent=recent):
            who = token.who.final() if token.who else None
            if who is None or id(who) not in ids:
                continue
            key = ids[id(who)]
            action = _action(text, token)
            if key not in frame or (action and not frame[key].action):
                frame[key] = PlanCastMember(character_id=key, action=action)
        scenes.append(list(frame.values())[:MAX_IN_FRAME])
    people = dict(cast.people)
    for who in chosen:
        if who.named and who.kind is CharacterKind.PERSON:
            people.setdefault(who.key, "person")
    return CastPlan(characters, scenes, people)
