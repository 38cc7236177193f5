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
from bisect import bisect_right
from dataclasses import dataclass, field

from vidstudio.core.plan import PlanCastMember, PlanCharacter
from vidstudio.core.vocabulary import CharacterKind
from vidstudio.providers.local.planner.cast_look import (
    Features,
    plan_look,
    read_look,
    read_modifiers,
    sheet_prompts,
)
from vidstudio.providers.local.planner.cast_words import (
    AGES,
    BUILDS,
    COMPOUNDS,
    GENERIC,
    KIN,
    OBJECT_FOLLOWERS,
    ROLE_PATTERN,
    role_gender,
    role_kind,
    speech_spans,
)
from vidstudio.providers.local.planner.people import (
    Gender,
    action_after,
    acts_after,
    find_people,
    first_word_acts,
    names_a_thing,
)

# The most characters a plan gets, and the most in one frame.
MAX_CHARACTERS = 8
MAX_IN_FRAME = 4

# Words that end a noun phrase's modifiers: "a blue scarf her grandmother" is two phrases.
_NOT_MODIFIER = (r"(?!(?:the|a|an|his|her|their|its|my|our|your|this|that|these|those|of|and|"
                 r"or|with|in|on|at|to|from|by|for|who|which|but|as|was|is|had|has)\b)")
_PHRASE = re.compile(
    r"\b((?i:the|a|an|this|that|his|her|their|its|my|our))\s+"
    rf"((?:{_NOT_MODIFIER}[a-z][a-z'-]*\s+){{0,3}}?)({ROLE_PATTERN})\b(?!-)"
    rf"(?!\s+(?:{ROLE_PATTERN})\b)",
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
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"\u201d']?\s+|\n\s*\n")
# "Tom was a fisherman" / "She is a tall woman": the phrase after the verb is the same one.
_COPULA = re.compile(r"^\s+(?:is|was|'s|became|becomes|seemed|seems|remained)\s+$")
# A name said to someone ("And where is the car, Desmond?") is not in apposition to the phrase.
_VOCATIVE = re.compile(r"^\s*[?!]")
# Modifiers of someone who is not there: "her late father", "his dead brother".
_ABSENT = frozenset({"late", "dead", "deceased", "departed", "imaginary", "absent"})

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
    seen: int = 0  # mentions outside quoted speech and dialogue lines
    kin: dict[str, _Who] = field(default_factory=dict)  # "nephew" -> the aunt he is nephew of
    generic: bool = False  # created from a bare description ("a tall woman")
    acts: int = 0  # mentions followed by something only someone does

    def final(self) -> _Who:
        who = self
        while who.merged_into is not None:
            who = who.merged_into
        return who

    def add_role(self, role: str) -> None:
        if role not in self.roles:
            self.roles.append(role)
        if role_gender(role.split()[-1]) != "person":  # "a boy": stronger than a pronoun
            self.gender = role_gender(role.split()[-1])
        noun_kind = role_kind(role.split()[-1]) or CharacterKind.PERSON
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
        self._breaks: list[int] = [0]

    def _name_pattern(self) -> re.Pattern[str] | None:
        keys = sorted(self.people, key=len, reverse=True)
        for key in keys:
            # "Jordan" is Jordan Hills when the script also names him in full.
            whole = next((k for k in keys if " " in k and key != k and key in k.split()), None)
            if whole is not None and " " not in key:
                continue
            who = _Who(key=key, name=key.title(), named=True, gender=self.people[key])
            if role_kind(key) is not None:  # a cue "CONDUCTOR" is the conductor of the action
                who.add_role(key)
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
        speech = speech_spans(text) if create else []
        self._breaks = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))]
        subjects: dict[int, _Who] = {}  # each sentence's first one mentioned
        resolved: list[_Token] = []
        for index, token in enumerate(tokens):
            previous = resolved[-1] if resolved else None
            gap_before = text[previous.end:token.start] if previous else ""
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            sentence = bisect_right(self._breaks, token.start) - 1
            who = self._resolve_one(token, previous, gap_before, nxt, text, recent, create,
                                    resolved)
            opens = sentence not in subjects and not text[
                self._breaks[sentence]:token.start].strip(" \t\"'\u201c(")
            if token.kind == "pronoun" and token.word in ("he", "she") and opens:
                # "The cat was a battered old tom. He belonged to nobody": a sentence opening
                # on he/she goes on with the last sentence's subject, an animal too.
                last = subjects.get(sentence - 1)
                if last is not None and last.final().kind is not CharacterKind.PERSON \
                        and last.final().gender in ("person", _GENDER_OF[token.word]):
                    who = last.final()
                    if create:
                        who.gender = _GENDER_OF[token.word]
            if who is None:
                continue
            subjects.setdefault(sentence, who)
            if create and token.kind != "pronoun" and acts_after(text, token.end):
                who.acts += 1
            token.who = who
            resolved.append(token)
            if who in recent:
                recent.remove(who)
            recent.append(who)
            if create:
                who.count += 1
                if not any(s <= token.start < e for s, e in speech):
                    who.seen += 1
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
            elif token.kind == "name":  # "Old Mr Havel", "little Rosa"
                before = [w.lower() for w in text[max(0, token.start - 30):token.start].split()]
                while before and before[-1].rstrip(".") in _NAME_TITLES:
                    before.pop()
                words: list[str] = []
                while before and (before[-1] in AGES or before[-1] in BUILDS):
                    words.insert(0, before.pop())
                read_modifiers(who.look, tuple(words), who.kind, who.key)
            stop = _SENTENCE_END.search(text, token.end)
            end = stop.start() if stop else len(text)
            if stop and stop.group(0) == "\n" and token.kind == "name" \
                    and not text[token.end:stop.start()].strip(" \t:()VOSCNTvoscnt.'"):
                # A cue alone on its line: its parenthetical may say how the one speaking looks
                # ("(sliding out, a smear of grease on her cheek)").
                nxt = re.match(r"\n[ \t]*(\([^)]*\))", text[stop.start():])
                end = stop.start() + nxt.end() if nxt else end
            for later in resolved[index + 1:]:
                if later.start >= end:
                    break
                if later.who is None or later.who.final() is not who or later.kind != "pronoun":
                    end = later.start
                    break
            read_look(who.look, text[token.end:end], who.kind, after_name=token.kind == "name")

    def _resolve_one(self, token: _Token, previous: _Token | None, gap: str, nxt: _Token | None,
                     text: str, recent: list[_Who], create: bool, resolved: list[_Token]
                     ) -> _Who | None:
        if token.kind == "name":
            return self._name(token, previous, gap, text, create, resolved)
        if token.kind == "pronoun":
            found = self._pronoun(token.word, recent)
            if found is None and create and recent and token.word[0] in "sh":
                # "The pilot, Ines, ... She wears": the pronoun says who Ines is; "she" is not
                # the last man mentioned, so it may reach past him to someone not known yet.
                gender = "woman" if token.word in _FEMININE else "man"
                for last in reversed(recent):
                    last = last.final()
                    if last.kind is CharacterKind.PERSON and last.gender == "person":
                        last.gender = gender
                        found = last
                        break
                    if last.kind is CharacterKind.PERSON and last.gender == gender:
                        break
            return found
        role = token.word
        noun = role.split()[-1]
        if create and _ABSENT & set(token.modifiers):
            return None  # "her late father" is remembered, not seen
        if nxt is not None and nxt.kind == "name" and _INTRODUCES.match(
                text[token.end:nxt.start]) and not _VOCATIVE.match(text[nxt.end:]):
            named = self.by_name[nxt.word].final()  # "the pilot, Ines" / "a fox called Pip"
            if create and token.determiner in _POSSESSIVE and noun in KIN:
                owner = self._owner(token, recent, named)
                if owner is not None:  # "Her nephew Ivo": Ivo is her nephew
                    named.kin.setdefault(noun, owner)
            return named
        if previous is not None and previous.who is not None and previous.kind != "pronoun" \
                and _APPOSED.match(gap) and (token.determiner in _INDEFINITE or (
                    previous.kind == "name" and token.determiner != "this")):
            # "Tom, a lanky young man" / "the porter, an old man" / "Greta, his older sister"
            return previous.who.final()
        if previous is not None and previous.kind == "name" and previous.who is not None \
                and gap == " " and token.determiner == "the":
            return previous.who.final()  # "Sidney the snail", "Barnaby the beetle"
        if previous is not None and previous.who is not None and _COPULA.match(gap) \
                and token.determiner in _INDEFINITE and _fits(previous.who.final(), noun, True):
            return previous.who.final()  # "Poppy was a rabbit" / "He was a tall man"
        if token.determiner in _INDEFINITE and text[:token.start].rstrip().endswith(","):
            # "Florence ran the stall by the gate, a broad-shouldered woman in green": the
            # nearest one before it in the sentence that such a description fits.
            apposed = _nearest_fitting(resolved, self._sentence_start(token.start), noun)
            if apposed is not None:
                return apposed
        if create and token.determiner in _POSSESSIVE and noun in KIN:
            kin = self._kin(token, recent, noun)
            if kin is not None:
                return kin
        if noun in GENERIC and token.determiner in _INDEFINITE:
            if create:
                who = self._new(role, token)
                who.generic = True
                return who
            # Reading a scene: "a young woman" is the one character the script calls so.
            playing = [w for w in self.members if w.merged_into is None and role in w.roles]
            return playing[0].final() if len(playing) == 1 else None
        known = self._by_role(role, recent)
        if known is None and noun in GENERIC:
            gender = role_gender(noun)
            known = next((w for w in reversed(recent) if w.kind is CharacterKind.PERSON
                          and w.gender in (gender, "person")), None)
        if known is not None:
            return known.final()
        kind = role_kind(noun)
        if not create or (kind is CharacterKind.VEHICLE and not self._acts(text, token)):
            return None
        if kind is not CharacterKind.PERSON and names_a_thing(text, token.end):
            return None  # "the fish hall", "a dog lead": a noun before a noun
        who = self._new(role, token)
        if token.determiner in _POSSESSIVE:
            owner = self._owner(token, recent, who)
            if owner is not None:
                who.kin[noun] = owner
        return who

    def _name(self, token: _Token, previous: _Token | None, gap: str, text: str, create: bool,
              resolved: list[_Token]) -> _Who:
        who = self.by_name[token.word].final()
        introduced = previous is not None and (
            (previous.kind == "phrase" and _INTRODUCES.match(gap) is not None
             and not _VOCATIVE.match(text[token.end:]))
            or (previous.kind == "pronoun" and _NAME_IS.match(gap) is not None))
        if previous is not None and previous.who is not None and not previous.who.named \
                and introduced:
            if create:  # "the pilot, Ines" / "a young woman ... Her name is Vega"
                loose = previous.who.final()
                if previous.determiner in _POSSESSIVE and loose.kin and not who.kin:
                    who.kin.update(loose.kin)
                self._merge(loose, who)
            previous.who = who
        elif create and who.count == 0:
            described = self._described_before(token, text, resolved, who)
            if described is not None:  # "A tall woman in red got off the bus. Mira ..."
                self._merge(described, who)
        if who.first == 0 and create:
            who.first = token.start
        return who

    def _sentence_start(self, at: int) -> int:
        return self._breaks[bisect_right(self._breaks, at) - 1]

    def _described_before(self, token: _Token, text: str, resolved: list[_Token], who: _Who
                          ) -> _Who | None:
        """The bare description ("a tall woman in a red coat") that the previous sentence
        brought in, when this name opens the next sentence and that sentence does not speak of
        the described one as someone else ("Mira watched her")."""
        start = self._sentence_start(token.start)
        if text[start:token.start].strip(" \t\"'\u201c(") or not resolved:
            return None
        before = [t for t in resolved if t.end <= start]
        if not before:
            return None
        previous_start = self._sentence_start(before[-1].start)
        if self._sentence_start(max(0, start - 1)) != previous_start:
            return None
        last_sentence = {id(t.who.final()): t.who.final() for t in before
                         if t.who is not None and t.start >= previous_start}
        candidates = [w for w in last_sentence.values() if w.generic and not w.named]
        others = [w for w in last_sentence.values() if not w.generic
                  and w.kind is CharacterKind.PERSON]
        if len(candidates) != 1 or others:
            return None
        described = candidates[0]
        if described.merged_into is not None or described.kind is not CharacterKind.PERSON:
            return None
        if "person" not in (who.gender, described.gender) and who.gender != described.gender:
            return None
        end = _SENTENCE_END.search(text, token.end)
        rest = text[token.end:end.start() if end else len(text)]
        objects = {"woman": ("her",), "man": ("him",)}.get(described.gender, ("her", "him"))
        for match in re.finditer(r"\b(her|him)\b\s*([a-z]*)", rest):
            if match.group(1) in objects and (match.group(1) == "him" or not match.group(2)
                                              or match.group(2) in OBJECT_FOLLOWERS):
                return None  # "Liesl watched her from the window": the described is another
        if re.search(r"\bthe\s+(?:[a-z]+\s+)?(?:woman|man|girl|boy)\b", rest):
            return None
        return described

    def _owner(self, token: _Token, recent: list[_Who], exclude: _Who | None = None
               ) -> _Who | None:
        """Whose the possessive of a phrase means: "her nephew" is the last woman's."""
        word = token.determiner
        gender = "woman" if word == "her" else "man" if word == "his" else ""
        for who in reversed(recent):
            who = who.final()
            if who is exclude or who.kind is not CharacterKind.PERSON:
                continue
            if not gender or who.gender in (gender, "person"):
                return who
        return None

    def _kin(self, token: _Token, recent: list[_Who], noun: str) -> _Who | None:
        """Kin seen from the other side: Teodor is "her nephew", so "his aunt" is her."""
        owner = self._owner(token, recent)
        if owner is None:
            return None
        for relation, other in owner.kin.items():
            other = other.final()
            if relation in KIN.get(noun, frozenset()) and other is not owner \
                    and other.gender in (role_gender(noun), "person"):
                return other
        return None

    @staticmethod
    def _acts(text: str, token: _Token) -> bool:
        """Whether a vehicle phrase is followed by something only a character does."""
        return first_word_acts(text, token.end)

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


_POSSESSIVE = frozenset({"his", "her", "their", "its", "my", "our"})
_NAME_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "miss", "master", "sir", "madame"})


def _fits(who: _Who, noun: str, said: bool = False) -> bool:
    """Whether a description with this noun may be this character: a woman is no man, a dog
    no person. ``said``: the script says so ("Poppy was a rabbit"), whatever it called her."""
    kind = role_kind(noun)
    if said and who.named:
        return kind is not CharacterKind.PERSON or role_gender(noun) in (who.gender, "person")
    if kind is CharacterKind.PERSON:
        return who.kind is CharacterKind.PERSON and (
            who.gender == "person" or role_gender(noun) in (who.gender, "person"))
    return who.kind is kind or (who.named and not any(
        role_kind(r.split()[-1]) is CharacterKind.PERSON for r in who.roles))


def _nearest_fitting(resolved: list[_Token], start: int, noun: str) -> _Who | None:
    """The nearest name or role since ``start`` that a person's description fits (pronouns
    are not described: "Beside her, a scruffy dog" is someone new)."""
    if role_kind(noun) is not CharacterKind.PERSON:
        return None
    for earlier in reversed(resolved):
        if earlier.start < start:
            break
        if earlier.who is not None and earlier.kind != "pronoun" \
                and _fits(earlier.who.final(), noun):
            return earlier.who.final()
    return None


_GENDER_OF = {"he": "man", "she": "woman"}


def _description(who: _Who) -> str:
    roles = [r for r in who.roles if r != who.key and r.split()[-1] not in GENERIC]
    if not roles:
        roles = [r for r in who.roles if r != who.key]
    if not roles:
        being = who.gender if who.gender != "person" else who.kind.value
        article = "an" if being[0] in "aeiou" else "a"
        return f"{article} {being} in the story"
    return f"{who.name}, the {roles[0]}" if who.named else f"the {roles[0]}"


def _plan_character(index: int, who: _Who) -> PlanCharacter:
    look, summary = plan_look(who.look)
    return PlanCharacter(
        id=f"ch{index + 1}",
        name=who.name,
        kind=who.kind,
        description=_description(who),
        look=look,
        sheet_prompts=sheet_prompts(who.name, who.kind, summary, who.count >= 3 or who.named),
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
    # Nor is someone mentioned without a look who never does anything ("argued with the baker,
    # the postman and the cat", "her mother was not coming back").
    members = [w for w in members if w.named or not w.look.empty() or (
        w.acts > 0 and (w.kind is not CharacterKind.VEHICLE or w.count >= 2))]
    # Someone only talked about in the lines ("if Mrs. Pruitt comes for her cake") is not seen.
    members = [w for w in members if w.seen > 0]
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
            action = action_after(text, token.end)
            if key not in frame or (action and not frame[key].action):
                frame[key] = PlanCastMember(character_id=key, action=action)
        scenes.append(list(frame.values())[:MAX_IN_FRAME])
    people = dict(cast.people)
    for who in chosen:
        if who.named and who.kind is CharacterKind.PERSON:
            people.setdefault(who.key, "person")
    return CastPlan(characters, scenes, people)
