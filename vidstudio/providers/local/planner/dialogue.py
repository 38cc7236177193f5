"""Who says what in a scene: the characters' lines apart from the narrator's words.

A scene's narration, as the condenser left it, still holds the script's dialogue. This module
gives each of its sentences a speaker: a screenplay's cue ("ANA" above a line, "ANA: line") is
carried on the passage it came from; prose attributes quoted speech ("'Come home,' said Ana.",
"The porter whispered, 'Not tonight.'"); a dialogue script labels lines "Ana: line". What is left
is narration, cleaned by :func:`narratable` run by run, and each line gets its place in it: the
number of narration characters spoken before it.

Names are resolved by the caller (a ``resolve(name) -> character id | None``), so the cast finder
decides who is who; a line whose speaker does not resolve stays with the narrator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.providers.local.planner.cast_words import HEADINGS
from vidstudio.providers.local.planner.narration import (
    _DOCUMENT_LABEL,
    _SPOKEN_LABEL,
    _set,
    narratable,
)
from vidstudio.providers.local.planner.text import split_sentences

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from vidstudio.core.plan import Plan
    from vidstudio.providers.local.planner.condense import Draft


@dataclass(frozen=True)
class Piece:
    """A sentence of the scene's voice track; ``speaker`` is a name as written, "" the narrator."""

    text: str
    speaker: str = ""


@dataclass
class Voiced:
    """A scene's voice track as the plan stores it."""

    narration: str
    lines: list[tuple[str, str, int]]  # (character id, text, position in the narration)
    dropped: list[str]


_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_SPEECH_VERBS = (
    "said|says|say|asked|asks|ask|replied|replies|answered|answers|whispered|whispers|shouted|"
    "shouts|called|calls|cried|cries|muttered|mutters|murmured|murmurs|yelled|yells|added|adds|"
    "snapped|snaps|laughed|laughs|sighed|sighs|insisted|insists|warned|warns|explained|"
    "explains|admitted|admits|announced|announces|screamed|screams|breathed|hissed|hisses|"
    "growled|growls|barked|barks|pleaded|pleads|begged|begs|promised|promises|told|tells|"
    "began|continued|repeated|offered|agreed|joked|teased|sang|sings|shrieked|gasped|grumbled|"
    "exclaimed|exclaims|demanded|demands|wondered|mumbled|mumbles|stammered|squeaked|squeaks|"
    "roared|roars|boomed|booms|chirped|chirps|squealed|grunted|grunts|purred|howled|croaked|"
    "bellowed|sobbed|giggled|whimpered|hollered|beeped|buzzed"
)
_NAME = r"(?:[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?|the\s+(?:[a-z-]+\s+){0,2}[a-z-]+)"
_PRONOUN = r"(?:he|she|they|it)"
_WHO = rf"(?P<who>{_NAME}|{_PRONOUN})"
_ADVERB = r"(?:\s+(?:softly|quietly|loudly|again|gently|sharply|slowly|at\s+last|[a-z]+ly))?"
_QUOTE_MARKS = "\"\u201c\u201d"
_QUOTE = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]+)[\"\u201c\u201d]")
# After a quote: ", said Ana." / " Ana said softly." / " asked the porter, ..."
_AFTER = re.compile(
    rf"^\s*[,;:]?\s*(?:(?P<verb1>{_SPEECH_VERBS})\s+{_WHO.replace('who', 'who1')}"
    rf"|{_WHO.replace('who', 'who2')}\s+(?P<verb2>{_SPEECH_VERBS})){_ADVERB}(?P<rest>.*)$",
    re.DOTALL,
)
# Before a quote: "Ana said, " / "The porter whispered: "
_BEFORE = re.compile(rf"^\s*{_WHO}\s+(?P<verb>{_SPEECH_VERBS}){_ADVERB}\s*[,:]?\s*$",
                     re.IGNORECASE)
# "Ana: Come home." in a dialogue script written in ordinary case.
_LABEL_LINE = re.compile(r"^(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)\s*"
                         r"(?:\([^)]*\))?\s*:\s+(?P<line>\S.*)$", re.DOTALL)
_NOT_NAMES = _set(
    "note notes warning setting location place time scene shot visual visuals audio sound "
    "music sfx camera cast characters character product offer price website call action "
    "tagline slogan title genre logline format style tone mood theme question answer q a "
    "step tip fact day night morning evening chapter part act verse chorus bridge"
) | HEADINGS
_PRONOUNS = frozenset({"he", "she", "they", "it"})


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def attribute(narration: str, sources: Sequence[tuple[str, str]], language: str) -> list[Piece]:
    """The sentences of ``narration``, each with the speaker of the script sentence it came from.

    ``sources`` are the script's sentences with their cue's name ("" for action and narrator
    lines). The condenser may have cut a sentence to a clause, so a narration sentence is matched
    to the source sharing most of its words; ties go to the narrator.
    """
    indexed = [(_words(text), speaker) for text, speaker in sources]
    out: list[Piece] = []
    for sentence in split_sentences(narration, language):
        found = _words(sentence)
        best, who = 0.0, ""
        for words, speaker in indexed:
            if not found or not words:
                continue
            score = len(found & words) / len(found)
            if score > best + 1e-9 or (abs(score - best) < 1e-9 and not speaker):
                best, who = score, speaker
        out.append(Piece(sentence, who if best >= 0.6 else ""))
    return out


def _quote_text(text: str) -> str:
    text = text.strip().rstrip(",;:").strip()
    if text and text[-1] not in ".!?\u2026":
        text += "."
    return text[:1].upper() + text[1:]


def _who(match: re.Match[str]) -> str:
    for group in ("who", "who1", "who2"):
        value = match.groupdict().get(group)
        if value:
            return value.strip()
    return ""


def split_quotes(piece: Piece, last_speaker: str) -> list[Piece]:
    """A narrator's sentence with attributed quoted speech split into lines and narration.

    An attribution with nothing else in it ("said Ana") is dropped: the change of voice says who
    speaks. A pronoun ("she said") is the scene's last named speaker; with none, or a quote
    nobody is said to speak, the sentence stays the narrator's.
    """
    if piece.speaker or _QUOTE.search(piece.text) is None:
        return [piece]
    out: list[Piece] = []
    text = piece.text
    cursor = 0
    speaker = last_speaker
    for match in _QUOTE.finditer(text):
        before = text[cursor:match.start()]
        after = text[match.end():]
        next_quote = _QUOTE.search(after)
        after_clause = after[:next_quote.start()] if next_quote else after
        who = ""
        attributed_after = _AFTER.match(after_clause)
        attributed_before = _BEFORE.match(before) if not attributed_after else None
        if attributed_after:
            who = _who(attributed_after)
        elif attributed_before:
            who = _who(attributed_before)
        elif not before.strip() and out and out[-1].speaker:
            who = out[-1].speaker  # a second quote running on from an attributed one
        if who.lower() in _PRONOUNS:
            who = speaker
        if not who:
            continue
        speaker = who
        if before.strip() and not attributed_before:
            out.append(Piece(_quote_text(before), ""))
        out.append(Piece(_quote_text(match.group(1)), who))
        cursor = match.end()
        if attributed_after:
            rest = attributed_after.group("rest")
            cursor = len(text) - len(after) + len(after_clause) - len(rest)
            tail = rest.strip(" ,;:.")
            if tail and not next_quote:
                name = who if who[:1].isupper() else who[:1].upper() + who[1:]
                out.append(Piece(_quote_text(f"{name} {_verb(attributed_after)}, {tail}"), ""))
                cursor = len(text)
    if not out:
        return [piece]
    rest = text[cursor:].strip(" ,;:")
    if rest and any(c.isalpha() for c in rest):
        out.append(Piece(_quote_text(rest), ""))
    return out


def _verb(match: re.Match[str]) -> str:
    return (match.group("verb1") or match.group("verb2") or "said").strip()


def _label_line(piece: Piece, speakers: set[str]) -> Piece:
    """"Ana: Come home." as Ana's line, when Ana is known to speak in this script."""
    if piece.speaker or _SPOKEN_LABEL.match(piece.text) or _DOCUMENT_LABEL.match(piece.text):
        return piece
    match = _LABEL_LINE.match(piece.text)
    if match is None:
        return piece
    name = match.group("name")
    if name.lower() in _NOT_NAMES or name.lower() not in speakers:
        return piece
    return Piece(match.group("line").strip(), name)


def label_speakers(texts: Sequence[str]) -> set[str]:
    """Names (lower case) that open "Name: line" lines across the script, when there are two or
    more such lines: in a dialogue script written in ordinary case, those are its speakers."""
    counts: dict[str, int] = {}
    for text in texts:
        for line in re.split(r"(?<=[.!?\u2026])\s+|\n", text):
            match = _LABEL_LINE.match(line.strip())
            if match and match.group("name").lower() not in _NOT_NAMES:
                key = match.group("name").lower()
                counts[key] = counts.get(key, 0) + 1
    # One labelled line may be a note; two or more make a dialogue script, every label a name.
    return set(counts) if sum(counts.values()) >= 2 else set()


def _rejoin_attributions(pieces: list[Piece]) -> list[Piece]:
    """'"Quiet!" Ben shouted.' is one sentence, though a splitter cuts it after the '!'."""
    out: list[Piece] = []
    for piece in pieces:
        previous = out[-1] if out else None
        head = previous.text.strip() if previous is not None else ""
        tail = piece.text.lstrip()
        if tail[:1] in _QUOTE_MARKS and head[:1] in _QUOTE_MARKS:
            head, tail = head + tail[0], tail[1:]  # the closing mark went with the next piece
        elif head[:1] in _QUOTE_MARKS and sum(head.count(q) for q in _QUOTE_MARKS) == 1:
            head += "\u201d"  # the splitter dropped the closing mark
        if previous is not None and not previous.speaker and not piece.speaker \
                and _QUOTE.fullmatch(head) and _AFTER.match(tail):
            out[-1] = Piece(f"{head} {tail}")
        else:
            out.append(piece)
    return out


def voice_track(
    narration: str,
    sources: Sequence[tuple[str, str]],
    resolve: Callable[[str], str | None],
    language: str = "en",
    speakers: set[str] | None = None,
) -> Voiced:
    """Split a scene's narration into what the narrator reads and the characters' lines.

    Args:
        narration: the scene's narration as condensed from the script.
        sources: the script's sentences of the scene with their speaker's name ("" = none).
        resolve: a speaker's name as written (``"ANA"``, ``"the porter"``) to a character id, or
            None when it is nobody in the cast (the words then stay the narrator's).
        language: the scene's language, for sentence splitting and fragment rules.
        speakers: names (lower case) known to label lines "Name: line" in this script.

    Returns:
        The narration a narrator reads (cleaned run by run), the lines with their positions,
        and the narration sentences that were dropped.
    """
    pieces: list[Piece] = []
    last = ""
    for piece in _rejoin_attributions(attribute(narration, sources, language)):
        piece = _label_line(piece, speakers or set())
        for part in split_quotes(piece, last):
            if part.speaker and part.speaker.lower() not in _PRONOUNS:
                last = part.speaker
            pieces.append(part)
    if not any(piece.speaker for piece in pieces):
        cleaned = narratable(narration, language)  # all narration: as written, spacing and all
        return Voiced(cleaned.text, [], cleaned.dropped)
    said: list[str] = []
    lines: list[tuple[str, str, int]] = []
    dropped: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            cleaned = narratable(" ".join(run), language)
            dropped.extend(cleaned.dropped)
            if cleaned.text:
                said.append(cleaned.text)
            run.clear()

    for piece in pieces:
        if piece.speaker and (_name_key(piece.speaker) in _NOT_NAMES
                              or _DOCUMENT_LABEL.match(f"{piece.speaker}:")):
            dropped.append(f"{piece.speaker}: {piece.text}")  # "GENRE: Thriller" is no line
            continue
        character = resolve(piece.speaker) if piece.speaker else None
        if character is None:
            run.append(piece.text)
            continue
        close_run()
        text = piece.text.strip()
        if not any(c.isalpha() for c in text):
            continue
        if lines and lines[-1][0] == character and lines[-1][2] == len(" ".join(said)):
            lines[-1] = (character, f"{lines[-1][1]} {text}", lines[-1][2])
        else:
            lines.append((character, text, len(" ".join(said))))
    close_run()
    return Voiced(" ".join(said), lines, dropped)


def _name_key(name: str) -> str:
    name = re.sub(r"\([^)]*\)", "", name).strip(" .:").lower()
    return re.sub(r"^(?:the|a|an)\s+", "", name)


def _may_be_someone(name: str, key: str) -> bool:
    """Whether a speaker the cast does not know yet may be someone: not a label ("SUPER"), a
    contraction or possessive ("Let's"), or a word that opens sentences ("Then"); ``key`` is
    the name without its article ("the porter" is "porter")."""
    from vidstudio.providers.local.planner.people import _NOT_NAMES as NOT_PEOPLE

    first = key.split()
    return bool(first) and key not in _NOT_NAMES and not re.search(r"['\u2019]s$", key) \
        and first[0].title() not in NOT_PEOPLE


def cast_resolver(plan: Plan) -> Callable[[str], str | None]:
    """A speaker's name to the id of the plan's character of that name (a cue "INES" finds
    "Ines Duarte", "the porter" finds "the night porter"), adding a character for a speaker the
    cast does not have yet."""
    from vidstudio.core.plan import PlanCharacter

    def resolve(name: str) -> str | None:
        key = _name_key(name)
        if not key or key in _PRONOUNS or not _may_be_someone(name, key):
            return None
        for character in plan.characters:
            known = _name_key(character.name)
            if known == key or key in known.split() or known.endswith(" " + key) \
                    or key.endswith(" " + known):
                return character.id
        taken = {c.id for c in plan.characters}
        number = len(plan.characters) + 1
        while f"ch{number}" in taken:
            number += 1
        shown = re.sub(r"\([^)]*\)", "", name).strip(" .:")
        if shown.isupper() or shown.islower():
            shown = " ".join(w[:1].upper() + w[1:].lower() for w in shown.split())
        plan.characters.append(PlanCharacter(id=f"ch{number}", name=shown))
        return f"ch{number}"

    return resolve


def scene_sources(draft: Draft, language: str) -> list[tuple[str, str]]:
    """The script's sentences a scene was told from, each with its speaker's cue name."""
    return [(sentence, passage.speaker if passage.kind == "dialogue" else "")
            for segment in draft.focus for passage in segment.passages
            for sentence in split_sentences(passage.text, language)]


def apply_voice_tracks(plan: Plan, drafts: Sequence[Draft], language: str) -> int:
    """Give each planned scene its narration and lines of dialogue; returns how many narration
    sentences were dropped as unreadable (cues, headings, labels, shot lists, fragments)."""
    from vidstudio.core.plan import PlanLine

    resolve = cast_resolver(plan)
    speakers = label_speakers([scene.narration for scene in plan.scenes])
    dropped = 0
    for scene, draft in zip(plan.scenes, drafts, strict=True):
        voiced = voice_track(scene.narration, scene_sources(draft, language), resolve,
                             language if language != "auto" else "en", speakers)
        scene.narration = voiced.narration
        scene.dialogue = [PlanLine(character_id=who, text=text, position=position)
                          for who, text, position in voiced.lines]
        dropped += len(voiced.dropped)
    return dropped
