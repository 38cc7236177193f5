"""Text primitives of the planner: cleaning, words, speech length, sentences and clauses.

Everything here is pure and fast: the planner must handle a 50,000-word script in well under two
seconds on a small CPU, so the expensive sentence splitter (pysbd) only ever sees short passages.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata

import pysbd  # type: ignore[import-untyped]

from vidstudio.providers.local.planner.language import detect_language

# Speaking rate the narrator is planned for, in words per second (a calm, natural pace).
WORDS_PER_SECOND = 2.5

# Characters pysbd is given at once; longer passages use the regex splitter so the planner stays
# linear in the script's length (pysbd costs ~25 µs per character).
_PYSBD_LIMIT = 4000

# pysbd languages whose rules behave well on narrative prose; the others (ja, zh, ar, fa, ur, ...)
# go through the regex splitter, which knows their sentence marks.
_PYSBD_LANGUAGES = frozenset(
    {"en", "fr", "de", "es", "it", "nl", "da", "pl", "ru", "el", "bg", "sk", "hy"}
)

_JUNK = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufeff\u200b-\u200d\u2060\ue000-\uf8ff]"
)
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# A word: letters with inner apostrophes or hyphens ("forty-third", "don't"), or a number.
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*")

# Scripts written without spaces between words; a token of them is a run of characters.
_UNSPACED = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
    "\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]"
)

_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "mt", "jr", "sr", "prof", "vs", "etc", "no", "fig",
        "capt", "col", "gen", "lt", "sgt", "rev", "ave", "approx", "dept", "est", "inc",
        "m", "mme", "mlle", "sra", "hr", "fr",
    }
)
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=\S)"  # Latin, Cyrillic, Greek: a mark then a space
    r"|(?<=[。！？؟۔])[\"'”’」』)\]]*\s*(?=\S)"  # CJK and Arabic marks need no space after
    r"|(?<=[!?])(?=[A-Z])"  # "Stop!Go" typed without a space
)

_CONJUNCTION = re.compile(r"^(?:and|but|or|so|then|yet|while|as)\s+", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|:|\s[—–]\s|—)\s*"  # semicolons, colons and dashes always separate clauses
    r"|,\s+(?=(?:and|but|or|so|then|yet|while|as|until|before|after|when|where|which)\s)"
    r"|,\s+(?=[^\s,]+ing\s)",  # ", eating dried mango"
    re.IGNORECASE,
)
_TRAILING_LINK = re.compile(
    r"[\s,;:—–-]+(?:and|but|or|so|then|yet|while|as|with|of|the|a|an|to|for|from|in|on|at|"
    r"et|y|und|e|o)[\s,;:—–-]*$",
    re.IGNORECASE,
)
_INTRO = re.compile(r"^([^,]{2,30}),\s+(?=\S)")


def clean_script(text: str) -> str:
    """Normalise a script: NFC, ``\\n`` line ends, no control or replacement characters.

    Undecodable bytes (U+FFFD), NULs and other junk become spaces, so the words on either side
    stay apart and the rest of the script still plans.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\t", " ")
    text = _JUNK.sub(" ", text)
    text = "".join(ch if unicodedata.category(ch) not in ("Co", "Cs", "Cn") else " " for ch in text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def has_letters(text: str) -> bool:
    """Whether there is at least one letter (of any script) in ``text``."""
    return any(ch.isalpha() for ch in text)


def words(text: str) -> list[str]:
    """The words and numbers of ``text``, in order."""
    return WORD_RE.findall(text)


def _token_units(token: str) -> float:
    if token[0].isdigit():
        digits = sum(ch.isdigit() for ch in token)
        # "7" is one spoken word, "400" two ("four hundred"), "1987" about three.
        return 1.0 if digits <= 2 else (2.0 if digits == 3 else 3.0)
    unspaced = len(_UNSPACED.findall(token))
    if unspaced:
        # About three characters of Japanese or Chinese take as long to say as an English word.
        return unspaced / 3.0 + (len(token) - unspaced) / 6.0
    return 1.0


def speech_units(text: str) -> float:
    """How long ``text`` takes to say, in English-word equivalents (words / 2.5 = seconds)."""
    return sum(_token_units(token) for token in WORD_RE.findall(text))


def speech_seconds(text: str) -> float:
    """Seconds ``text`` takes to say at the planned pace of ``WORDS_PER_SECOND``."""
    return speech_units(text) / WORDS_PER_SECOND


# pysbd segmenters keep the text being split on the instance, so each thread gets its own.
_THREAD = threading.local()


def _segmenter(language: str) -> pysbd.Segmenter:
    cache: dict[str, pysbd.Segmenter] | None = getattr(_THREAD, "segmenters", None)
    if cache is None:
        cache = _THREAD.segmenters = {}
    if language not in cache:
        cache[language] = pysbd.Segmenter(language=language, clean=False)
    return cache[language]


def _regex_sentences(text: str) -> list[str]:
    pieces = _SENTENCE_END.split(text)
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences and _ends_with_abbreviation(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    match = re.search(r"(?:^|\s)([^\W\d_]{1,5})\.$", sentence)
    if match is None:
        return False
    word = match.group(1)
    # A single capital ("J. Smith") is an initial; known short titles never end a sentence.
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Sentences of one passage, stripped, in order.

    Args:
        text: a paragraph or line of prose (no blank lines).
        language: an ISO 639-1 code, or ``"auto"`` to detect it from the passage itself (for
            scripts that mix languages); picks pysbd's rules where they fit the language.
    """
    text = text.strip()
    if not text:
        return []
    if language == "auto":
        language = detect_language(text)
    if language in _PYSBD_LANGUAGES and len(text) <= _PYSBD_LIMIT:
        sentences = [s.strip() for s in _segmenter(language).segment(text)]
        # pysbd ignores CJK marks inside Latin prose; a mixed passage gets a second pass.
        return [part for s in sentences if s for part in _regex_sentences(s)]
    return _regex_sentences(text)


def clauses(sentence: str) -> list[str]:
    """The sentence cut at its clause boundaries; joined with spaces they give it back.

    Only boundaries a reader would pause at are used (semicolons, dashes, ", and", ", as",
    a participle after a comma), so every piece still reads as a phrase of the script.
    """
    pieces: list[str] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() <= start:
            continue
        pieces.append(sentence[start : match.start()] + match.group(0).rstrip())
        start = match.end()
    pieces.append(sentence[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def as_sentence(fragment: str, *, capitalize: bool = True) -> str:
    """A clause made to stand alone: no leading conjunction, capital first, a closing mark.

    Only punctuation and case change, never the words, so narration stays the script's own.
    """
    fragment = fragment.strip().strip(",;:—–- ")
    # A clause cut before its second half must not end on "and" ("bring joy and.").
    while True:
        trimmed = _TRAILING_LINK.sub("", fragment)
        if trimmed == fragment or len(trimmed.split()) < 2:
            break
        fragment = trimmed
    if capitalize:
        stripped = _CONJUNCTION.sub("", fragment)
        # Keep the conjunction when dropping it would leave a fragment of one or two words.
        if len(stripped.split()) >= 3:
            fragment = stripped
        if fragment and fragment[0].isalpha() and fragment[0].islower():
            fragment = fragment[0].upper() + fragment[1:]
    if fragment and fragment[-1] not in ".!?…。！？؟\"'”’»)":
        fragment += "。" if _UNSPACED.search(fragment[-1]) else "."
    return fragment


def drop_intro(clause: str) -> str | None:
    """The clause without a short introductory phrase ("By nightfall, waves ..." -> "waves ...")."""
    match = _INTRO.match(clause)
    if match is None or len(match.group(1).split()) > 4:
        return None
    rest = clause[match.end() :]
    return rest if len(rest.split()) >= 3 else None


def truncate_units(text: str, limit: float) -> str:
    """The longest prefix of ``text`` that takes at most ``limit`` speech units, cut at a word."""
    total = 0.0
    end = 0
    for match in WORD_RE.finditer(text):
        units = _token_units(match.group(0))
        if total + units > limit + 1e-9:
            if _UNSPACED.search(match.group(0)):
                # An unspaced run can be cut inside: keep as many characters as fit.
                keep = max(0, math.floor((limit - total) * 3))
                end = match.start() + keep
            break
        total += units
        end = match.end()
    return text[:end].rstrip(" ,;:—–-")


def title_case(text: str) -> str:
    """``OLD CITY MARKET`` -> ``Old City Market``; mixed-case text is left alone."""
    if text.upper() != text:
        return text
    small = {"a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "by", "for"}
    out: list[str] = []
    for index, word in enumerate(text.lower().split()):
        out.append(word if index and word in small else word[:1].upper() + word[1:])
    return " ".join(out)


def shorten(text: str, max_words: int) -> str:
    """At most ``max_words`` words of ``text``, without trailing punctuation."""
    parts = text.split()
    return " ".join(parts[:max_words]).rstrip(" ,;:.—–-")
