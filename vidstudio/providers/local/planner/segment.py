"""Reading a script's structure: title, sluglines, shot directions, sections, cues, paragraphs.

The parser turns a cleaned script into ``Segment``s: runs of text between possible scene cuts,
each knowing how strong the cut before it is, which heading it stands under, what is to be
spoken and what only describes the picture. What is spoken keeps the script's own words; labels,
sluglines, bracketed or parenthesised directions and character cues are never spoken.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from typing import Literal

from vidstudio.providers.local.planner.lexicon import PLACES, TIMES, WEATHER
from vidstudio.providers.local.planner.lexicon_action import CAMERA_WORDS
from vidstudio.providers.local.planner.lexicon_objects import OBJECTS
from vidstudio.providers.local.planner.matcher import split_list
from vidstudio.providers.local.planner.text import speech_units, title_case


class Cut(IntEnum):
    """How strongly the script separates a segment from the one before it."""

    SPLIT = 0  # a long passage cut between two sentences
    CUE = 1  # a sentence opening on a time cue, or a new paragraph inside a slugline's scene
    LINE = 2  # a new line in a script written one beat per line
    PARAGRAPH = 3  # a blank line
    HARD = 4  # a slugline, a shot direction such as [CUT TO: ...], a song or scene section


PassageKind = Literal["action", "dialogue", "narrator"]
DirectionKind = Literal["visual", "sound"]


@dataclass(frozen=True)
class Passage:
    """Text to be spoken, in the order of the script.

    Attributes:
        text: the words to say (labels, brackets and parentheses removed).
        kind: action prose, a character's dialogue, or a narrator / voice-over line.
        source: the text as written, parentheses included, for reading the picture from it.
        speaker: for dialogue, the name in the speaker's cue as written ("ANA"); else "".
    """

    text: str
    kind: PassageKind
    source: str
    speaker: str = ""


@dataclass(frozen=True)
class Heading:
    """Where and when a slugline or a shot direction puts the following text."""

    place: str
    time: str = ""
    interior: bool | None = None

    @property
    def text(self) -> str:
        return f"{self.place} {self.time}".strip()


@dataclass(eq=False)
class Segment:
    """A run of script between two possible scene cuts.

    Derived values (length, place, richness) are computed once and cached: a segment is not
    changed after the parser has finished it.
    """

    cut: Cut
    heading: Heading | None = None
    opens_heading: bool = False
    directions: list[tuple[DirectionKind, str]] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)

    @property
    def spoken(self) -> str:
        return " ".join(p.text for p in self.passages if p.text)

    @cached_property
    def visual_text(self) -> str:
        """Everything that describes the picture: heading, directions and the text as written."""
        parts = [self.heading.text] if self.heading else []
        parts += [text for kind, text in self.directions if kind == "visual"]
        parts += [p.source for p in self.passages]
        return "\n".join(part for part in parts if part)

    @cached_property
    def units(self) -> float:
        return sum(speech_units(p.text) for p in self.passages)

    @cached_property
    def place_key(self) -> str | None:
        """A cheap guess at where the segment happens, to keep one place's text together."""
        if self.heading is not None:
            return self.heading.place.lower()
        weights: defaultdict[str, float] = defaultdict(float)
        for hit in PLACES.finditer(self.visual_text):
            weights[hit.value.key] += hit.value.weight
        return max(weights, key=weights.__getitem__) if weights else None

    @cached_property
    def richness(self) -> float:
        """How much a camera could show of it: places, props, deeds, hours, weather per word."""
        text = self.visual_text
        hits = (
            2.0 * len(PLACES.find(text)) + len(OBJECTS.find(text))
            + len(CAMERA_WORDS.find(text)) + len(TIMES.find(text)) + len(WEATHER.find(text))
        )
        return hits / math.sqrt(max(self.units, 4.0))

    @property
    def is_empty(self) -> bool:
        return not self.passages and not self.directions and not self.opens_heading


@dataclass
class ParsedScript:
    title: str | None
    segments: list[Segment]


_SLUG_DOTTED = re.compile(
    r"^(?:\d+[A-Z]?[.)]?\s+)?(INT\.?\s*/\s*EXT\.?|EXT\.?\s*/\s*INT\.?|I\s*/\s*E\.?|INT\.|EXT\.|EST\.)"
    r"\s*[-:]?\s*(.*)$",
    re.IGNORECASE,
)
_SLUG_CAPS = re.compile(r"^(?:\d+[A-Z]?[.)]?\s+)?(INT|EXT|INTERIOR|EXTERIOR)[\s.:-]+(.+)$")
_SLUG_TAIL_NUMBER = re.compile(r"\s+\d+[A-Z]?$")
_SLUG_TIME = re.compile(r"\s+(?:-|–|—|--)\s+")

_TRANSITION = (
    r"(?:smash cut|match cut|jump cut|time cut|cut|fade|dissolve|wipe|iris|intercut|back|"
    r"flashback|end flashback|montage|end montage|transition|later|meanwhile|elsewhere)"
)
_TRANSITION_LINE = re.compile(
    rf"^{_TRANSITION}\b(?:\s+(?:to|in|out|up|with|on))?(?:\s+to)?(?:\s+black)?\s*[:.]?\s*(.*?)\.?$",
    re.IGNORECASE,
)
_SECTION_WORDS = (
    r"(?:verse|chorus|pre-chorus|prechorus|bridge|intro|outro|hook|refrain|interlude|coda|"
    r"scene|act|part|chapter|prologue|epilogue|sequence|shot|section|stanza|paragraph|panel|"
    r"frame)"
)
_NUMBER = r"(?:\d+[a-z]?|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|[a-z])"
_SECTION_LINE = re.compile(
    rf"^[#*\s]*{_SECTION_WORDS}\b(?:\s+{_NUMBER})?\s*(?:[:.\-–—]\s*(.*?))?[*\s]*$", re.IGNORECASE
)
_SECTION_PREFIX = re.compile(rf"^{_SECTION_WORDS}\s+{_NUMBER}\s*[.:)\-–—]\s+", re.IGNORECASE)
_BRACKETED = re.compile(r"^\[(.*)\]$|^\((.*)\)$|^\{(.*)\}$")
_NARRATOR_LABEL = re.compile(
    r"^(?:narrator|narration|narrateur|narradora?|erzähler|voice[- ]?over|voiceover|vo|v\.o\.)"
    r"\s*(?:\([^)]*\))?\s*:\s*(.*)$",
    re.IGNORECASE,
)
_NAME_LABEL = re.compile(r"^([^\W\d_][^\W_]*(?:[ .'’-][^\W_]+){0,2})\s*(\([^)]*\))?\s*:\s+(\S.*)$")
_TITLE_LABEL = re.compile(r"^(?:title|titre|título|titel|titolo)\s*:\s*(.+)$", re.IGNORECASE)
# "[TITLE CARD: The Last Light]", "MAIN TITLE - The Last Light": the film's title on screen,
# neither a scene nor a line to say.
_TITLE_CARD = re.compile(
    r"^(?:main\s+|opening\s+)?title(?:\s+card)?\s*[:\-–—]\s*(.*\w.*)$", re.IGNORECASE)
# A card's quoted words with more text after them: an intertitle followed by the scene.
_INTERTITLE = re.compile(r"^[\"“'‘][^\"”]*[\"”’]\s+\S+(?:\s+\S+){2,}")
_DIRECTION_LABELS = frozenset(
    {"NOTE", "NOTES", "CAMERA", "SHOT", "VISUAL", "VISUALS", "ANGLE", "SETTING", "FX", "VFX"}
)
_SOUND_LABELS = frozenset({"SFX", "SOUND", "SOUNDS", "MUSIC", "AUDIO", "AMBIENCE"})
_CUE_EXTENSION = re.compile(r"\s*\(([^)]*)\)\s*$")
_VOICE_OVER = re.compile(r"\bV\.?\s?O\b\.?|\bVOICE", re.IGNORECASE)
_NARRATOR_NAMES = frozenset({"NARRATOR", "NARRATION", "VOICE", "VOICEOVER", "VOICE-OVER", "VO"})

# Lines that tell the crew what to shoot, never meant to be heard: "Quick cuts between ...",
# "We see ...", "Close on ...", "Slow motion: ...".
_DIRECTION_OPENERS = re.compile(
    r"^(?:quick cuts?|rapid cuts?|fast cuts?|cuts? between|cutting between|intercut(?:ting)?|"
    r"we see|we hear|we follow|we pan|we track|camera\b|the camera|close on|closeup on|"
    r"close-up on|angle on|insert\b|pov\b|shot of|wide shot|medium shot|close-up|close up|"
    r"aerial shot|tracking shot|establishing shot|montage|series of shots|slow motion|"
    r"super\b|title card|text on screen|on screen|onscreen|graphics?\b|caption\b|"
    r"sfx\b|sound of|music swells|music:|beat\.|smash to|cut to|fade (?:in|out|to))",
    re.IGNORECASE,
)
# Notes about the film rather than lines of it: "The artistic style is ...", "Tone: ...".
_STYLE_NOTE = re.compile(
    r"^(?:the\s+)?(?:overall\s+)?(?:art(?:istic)?\s+style|visual\s+style|style|tone|look(?:\s+and\s+"
    r"feel)?|mood|colou?r\s+(?:palette|grade|grading)|palette|aesthetic|format|aspect ratio|"
    r"runtime|length|duration|genre|references?|inspiration|music|soundtrack|score|"
    r"logline|synopsis|note|notes|director'?s note)\b[^.!?]{0,40}?(?:\bis\b|\bare\b|\bshould\b|"
    r"\bwill\b|\bfeels?\b|:)",
    re.IGNORECASE,
)
# Closing or structural lines of a script: "END OF TEASER.", "THE END", "TO BE CONTINUED".
_END_LINE = re.compile(
    r"^(?:the end|end(?:\s+of\s+[\w\s]+)?|to be continued|fin|fade out|roll credits|"
    r"credits|black|blackout|title|title card|end credits|end teaser|end act \w+)\W*$",
    re.IGNORECASE,
)
_SONG_SECTIONS = frozenset(
    {"verse", "chorus", "pre-chorus", "prechorus", "bridge", "intro", "outro", "hook", "refrain",
     "interlude", "coda", "stanza"}
)


def is_unspoken(sentence: str) -> bool:
    """Whether a line or sentence is a direction, a note about the film or a closing label."""
    text = sentence.strip().strip("*_#>\"'“”").strip()
    if not text:
        return True
    if _END_LINE.match(text) or _LABEL_SENTENCE.match(text):
        return True
    if _DIRECTION_OPENERS.match(text) or _STYLE_NOTE.match(text):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    # A shouted line of several words that is no character cue is a title or a direction.
    return len(text.split()) >= 2 and bool(letters) and all(
        not ch.islower() for ch in letters) and any("a" <= ch.lower() <= "z" for ch in letters)


_INLINE_DIRECTION = re.compile(r"\[([^\]]+)\]")
_INLINE_ASIDE = re.compile(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|<[^>]*>")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_`~]+|[*_`~]+(?!\w)")
_LEADING_MARKS = re.compile(r"^(?:[#>]+\s*|[-•*]\s+)")
_HONORIFIC = re.compile(r"\b(?:DR|MR|MRS|MS|ST|PROF|CPT|SGT|LT)(?=\.)")
_CAPS_WORD = re.compile(r"\b[^\W\d_a-z]{3,}\b")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?…。、！？])")
_TERMINAL = ".!?…。！？؟\"'”’»)"


def spoken_form(text: str) -> str:
    """How a line of the script is said: asides and markup removed, shouted names softened.

    ``OMAR (60s) slides the tray`` becomes ``Omar slides the tray``: the parenthesis is a
    direction, and a screenplay's capitalised first mention of a name is not meant to be shouted.
    """
    text = _INLINE_ASIDE.sub(" ", text)
    text = _LEADING_MARKS.sub("", text.strip())
    text = _MARKUP.sub("", text)
    if any(ch.islower() for ch in text):
        text = _CAPS_WORD.sub(lambda m: m.group(0).capitalize(), text)
        text = _HONORIFIC.sub(lambda m: m.group(0).capitalize(), text)
    text = " ".join(text.split())
    return _SPACE_BEFORE_MARK.sub(r"\1", text).strip(" ,;:")


def _parse_slug(line: str) -> Heading | None:
    if len(line.split()) > 16:
        return None
    match = _SLUG_DOTTED.match(line)
    if match is None:
        caps = _SLUG_CAPS.match(line)
        if caps is None or line.upper() != line:
            return None
        match = caps
    prefix, rest = match.group(1).upper(), match.group(2).strip()
    if not rest:
        return None
    rest = _SLUG_TAIL_NUMBER.sub("", rest)
    interior: bool | None = None
    if "/" not in prefix:
        interior = prefix.startswith("INT")
    parts = _SLUG_TIME.split(rest)
    place, time = (" - ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (rest, "")
    return Heading(place=title_case(place.strip(" .-")), time=title_case(time.strip(" .")),
                   interior=interior)


def _parse_transition(content: str) -> tuple[bool, Heading | None]:
    """Whether ``content`` is a transition, and the place it cuts to when it names one."""
    match = _TRANSITION_LINE.match(content.strip())
    if match is None:
        return False, None
    target = match.group(1).strip(" .:")
    if not target or target.upper() in {"BLACK", "WHITE"}:
        return True, None
    return True, _parse_slug(target) or Heading(place=target)


def _is_cue(line: str) -> bool:
    """A character cue: a short ALL-CAPS name alone on its line, e.g. ``MARA (V.O.)``."""
    name = _CUE_EXTENSION.sub("", line).strip().rstrip(":")
    if not name or not name.isupper():
        return False
    if name[-1] in ".!?" or len(name.split()) > 4 or len(name) > 32:
        return False
    return all(ch.isalpha() or ch in " .'’-" or ch.isdigit() for ch in name)


_RUN_ON_WORDS = frozenset(split_list(
    "a an the and but or so yet then when while as if every all each no some any this that these "
    "those there here we you they he she it his her its our their my your me us them who what "
    "where why how down up out over under into on in at by from with without like only just "
    "still now never always"
))


def _join_lines(lines: list[str]) -> str:
    """One passage from the lines of a paragraph: wrapped prose is rejoined, lyric lines kept."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out[-1] in ",;:—–-":
            # A lyric line running on after a comma: its capital is only the line's, not a
            # sentence's ("counting planes, / Every summer" reads "counting planes, every").
            first = line.split(maxsplit=1)[0]
            if first.lower() in _RUN_ON_WORDS:
                line = line[:1].lower() + line[1:]
            out = f"{out} {line}"
        elif out[-1] in _TERMINAL or not line[:1].isupper():
            out = f"{out} {line}"
        else:
            # A capitalised line after an unpunctuated one starts a new phrase (verse, lists).
            out = f"{out}. {line}"
    return out


class _Builder:
    """Accumulates segments while the parser walks the lines."""

    def __init__(self) -> None:
        self.segments: list[Segment] = [Segment(cut=Cut.HARD)]
        self.heading: Heading | None = None
        self.pending_cut: Cut | None = None
        self.title_card: str | None = None  # the first title card's text

    @property
    def current(self) -> Segment:
        return self.segments[-1]

    def hard_cut(self, heading: Heading | None) -> None:
        if heading is not None:
            self.heading = heading
        segment = Segment(cut=Cut.HARD, heading=self.heading, opens_heading=heading is not None)
        if self.current.is_empty and self.current.heading is None:
            self.segments[-1] = segment
        else:
            self.segments.append(segment)
        self.pending_cut = None

    def soft_cut(self, cut: Cut) -> None:
        """Start a new segment before the next content, unless the current one is still empty."""
        if self.current.passages:
            # Inside a slugline's scene a paragraph is a weak cut: the scene may stay whole.
            self.pending_cut = Cut.CUE if self.heading is not None else cut

    def _open(self) -> Segment:
        if self.pending_cut is not None:
            self.segments.append(Segment(cut=self.pending_cut, heading=self.heading))
            self.pending_cut = None
        return self.current

    def add_passage(self, text: str, kind: PassageKind, source: str, speaker: str = "") -> None:
        spoken = spoken_form(text)
        if spoken or source.strip():
            self._open().passages.append(Passage(spoken, kind, source, speaker))

    def add_direction(self, kind: DirectionKind, text: str) -> None:
        if text.strip():
            self._open().directions.append((kind, text.strip()))


def _title_from_first_line(blocks: list[list[str]]) -> str | None:
    if not blocks:
        return None
    first = blocks[0][0]
    labelled = _TITLE_LABEL.match(first)
    if labelled:
        return labelled.group(1).strip()
    if len(blocks[0]) != 1 or len(blocks) < 2:
        return None
    heading = first.lstrip("#").strip()
    if first.startswith("#") and heading:
        return heading
    if (
        len(first.split()) <= 10
        and first[-1] not in _TERMINAL
        and not _parse_slug(first)
        and not _SECTION_LINE.match(first)
        and not _BRACKETED.match(first)
        and not _TRANSITION_LINE.match(first)
        and ":" not in first
    ):
        return first.strip("*_ ")
    return None


def parse_script(text: str) -> ParsedScript:
    """Segments of a cleaned script (see ``text.clean_script``), in script order."""
    blocks: list[list[str]] = []
    for raw_block in re.split(r"\n\s*\n", text):
        lines = [line for line in raw_block.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    title = _title_from_first_line(blocks)
    if title is not None:
        first_rest = blocks[0][1:]
        blocks = ([first_rest] if first_rest else []) + blocks[1:]
        title = title_case(title)
    # A script with no blank lines but several lines is written one beat per line.
    line_mode = len(blocks) == 1 and len(blocks[0]) > 1
    builder = _Builder()
    for block in blocks:
        _parse_block(block, builder, line_mode=line_mode)
    segments = [s for s in builder.segments if not s.is_empty]
    if title is None and builder.title_card:
        title = title_case(builder.title_card)
    return ParsedScript(title=title, segments=segments)


def _exchange(block: list[str]) -> bool:
    """Whether a paragraph is a whole exchange: three or more lines, each a speaker's label
    and line, from two speakers or more ("GM: ... / PRIYA: ... / GM: ...")."""
    labels = [_NAME_LABEL.match(line.strip()) for line in block if line.strip()]
    names = {m.group(1).upper() for m in labels if m is not None and m.group(1).isupper()}
    return len(labels) >= 3 and all(m is not None and m.group(1).isupper() for m in labels) \
        and len(names) >= 2


def _parse_block(block: list[str], builder: _Builder, *, line_mode: bool) -> None:
    opener = block[0]
    label = _NAME_LABEL.match(opener)
    if label is not None and _SECTION_PREFIX.match(opener):
        label = None  # "PANEL 2: A pigeon lands ...": a comic's panel, not a speaker's cue
    speaks = (label is not None and label.group(1).isupper()) or (
        len(block) > 1 and _is_cue(opener) and not _parse_slug(opener)
    )
    if not speaks or _exchange(block):
        # A character's lines stay with the action they answer; other paragraphs may cut, and
        # so does a paragraph that is an exchange of its own (a game master's table talk).
        builder.soft_cut(Cut.PARAGRAPH)
    speaker: PassageKind | None = None  # set after a cue: the lines that follow are spoken by it
    speaker_name = ""  # the cue's name, for the voice that reads them
    prose: list[str] = []

    def flush_prose() -> None:
        if prose:
            joined = _join_lines(prose)
            builder.add_passage(joined, "action", joined)
            for inner in _INLINE_DIRECTION.findall(joined):
                # "[On the giant screen, a roast chicken turns golden.]" inside a paragraph is
                # what the script asks to see, as a bracketed line of its own would be.
                if len(inner.split()) >= 3 and not _STYLE_NOTE.match(inner.strip()):
                    builder.add_direction("visual", inner)
            prose.clear()

    for index, line in enumerate(block):
        next_line = block[index + 1] if index + 1 < len(block) else None
        heading = _parse_slug(line)
        if heading is not None:
            flush_prose()
            builder.hard_cut(heading)
            speaker = None
            continue
        bracket = _BRACKETED.match(line)
        inner = next((g for g in bracket.groups() if g is not None), "") if bracket else None
        card = _TITLE_CARD.match((inner if inner is not None else line).strip(" *_#"))
        if card is not None and inner is None and _INTERTITLE.search(card.group(1)):
            # "TITLE CARD: "The day began early." Inside a bakery, ...": a silent film's
            # card with the scene after it, not the film's title: both are the story.
            line = card.group(1)
        elif card is not None:
            flush_prose()
            if builder.title_card is None and not any(s.passages for s in builder.segments):
                builder.title_card = card.group(1).strip(" .*_\"'“”")
            continue
        is_transition, target = _parse_transition(inner if inner is not None else line)
        plain_transition = is_transition and (inner is not None or line.upper() == line
                                              or line.rstrip().endswith(":"))
        section = _SECTION_LINE.match(inner if inner is not None else line)
        if section and (section.group(1) or "").rstrip().endswith((".", "!", "?")) \
                and len((section.group(1) or "").split()) >= 2:
            section = None  # "Paragraph 1. She walks." is a labelled sentence, not a heading
        song_text = _song_section_text(inner if inner is not None else line)
        if song_text is not None and not plain_transition:
            # "Outro: the sun goes down ..." - a song section opening on its first line.
            flush_prose()
            builder.hard_cut(None)
            speaker = None
            if song_text:
                line = song_text
            else:
                continue
        elif plain_transition or (section and len(line.split()) <= 10):
            flush_prose()
            if section and not plain_transition:
                named = (section.group(1) or "").strip()
                target = _parse_slug(named) or (Heading(place=named) if named else None)
            builder.hard_cut(target)
            speaker = None
            continue
        if inner is not None:
            flush_prose()
            if line_mode:
                # One beat per line: a bracketed direction opens the beat it describes.
                builder.soft_cut(Cut.LINE)
            if not _STYLE_NOTE.match(inner.strip()):
                builder.add_direction("visual", inner)
            continue
        narrated = _NARRATOR_LABEL.match(line)
        if narrated:
            flush_prose()
            if line_mode:
                builder.soft_cut(Cut.LINE)
            builder.add_passage(narrated.group(1), "narrator", narrated.group(1))
            # In a paragraph the label covers the lines after it; a one-beat-per-line script
            # labels each line on its own.
            speaker = None if line_mode else "narrator"
            continue
        labelled = _NAME_LABEL.match(line)
        if labelled and labelled.group(1).isupper() and not _SECTION_PREFIX.match(line):
            flush_prose()
            name = labelled.group(1).strip().upper()
            if name in _SOUND_LABELS:
                builder.add_direction("sound", labelled.group(3))
            elif name in _DIRECTION_LABELS:
                builder.add_direction("visual", labelled.group(3))
            else:
                narrator = _is_narrator(name, labelled.group(2))
                kind: PassageKind = "narrator" if narrator else "dialogue"
                builder.add_passage(labelled.group(3), kind, labelled.group(3),
                                    "" if narrator else name)
            continue
        if next_line is not None and _is_cue(line) and not _parse_slug(next_line):
            flush_prose()
            extension = _CUE_EXTENSION.search(line)
            name = _CUE_EXTENSION.sub("", line).strip().rstrip(":")
            speaker = "narrator" if _is_narrator(name, extension.group(0) if extension else "") \
                else "dialogue"
            speaker_name = name if speaker == "dialogue" else ""
            continue
        if is_unspoken(line):
            flush_prose()
            if not (_STYLE_NOTE.match(line.strip()) or _END_LINE.match(line.strip())):
                builder.add_direction("visual", line)
            continue
        if speaker is not None:
            builder.add_passage(line, speaker, line, speaker_name)
            continue
        prefix = _SECTION_PREFIX.match(line)
        if line_mode:
            flush_prose()
            builder.soft_cut(Cut.LINE)
            if prefix:
                builder.hard_cut(None)
                line = line[prefix.end():]
            builder.add_passage(line, "action", line)
            continue
        if prefix and not prose:
            # "Paragraph 12. The traveller ..." - the label is structure, not narration.
            builder.hard_cut(None)
            line = line[prefix.end():]
        prose.append(line)
    flush_prose()


_SONG_LABEL = re.compile(
    rf"^[#*\s]*({_SECTION_WORDS})\b(?:\s+{_NUMBER})?\s*(?:\([^)]*\))?\s*[:.\-–—]\s*(.*?)[*\s]*$",
    re.IGNORECASE,
)


def _song_section_text(line: str) -> str | None:
    """For a song section label ("Chorus:", "Outro: the sun ..."), the text after it."""
    match = _SONG_LABEL.match(line)
    if match is None or match.group(1).lower() not in _SONG_SECTIONS:
        return None
    return match.group(2).strip()


_LABEL_SENTENCE = re.compile(rf"^{_SECTION_WORDS}\s+{_NUMBER}\s*[.:)]?$", re.IGNORECASE)


def is_label(sentence: str) -> bool:
    """Whether a sentence is only a structural label ("Paragraph 12.", "Verse 2:")."""
    return bool(_LABEL_SENTENCE.match(sentence.strip()))


def _is_narrator(name: str, extension: str | None) -> bool:
    return name.strip().upper() in _NARRATOR_NAMES or bool(
        extension and _VOICE_OVER.search(extension)
    )
