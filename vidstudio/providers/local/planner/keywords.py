"""Keyphrases with YAKE (unsupervised, offline), and props read from the text.

YAKE ranks the phrases a passage is about; the object word list decides which of them are things
a camera can show. Scripts in languages without spaces between words skip YAKE, whose tokenizer
needs them.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import yake

from vidstudio.providers.local.planner.lexicon import PLACES, TIMES, WEATHER
from vidstudio.providers.local.planner.lexicon_objects import MODIFIERS, OBJECTS

# Languages YAKE ships stopwords for (its own file names); others use its language-free list.
_YAKE_LANGUAGES = frozenset(
    "ar bg cz da de el en es et fa fi fr hi hr hu hy id it lt lv nl no pl pt ro ru sk sl sv "
    "tr uk".split()
)
_UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th", "ko"})
# YAKE reads at most this many characters, which keeps a keyword pass a few milliseconds.
_YAKE_TEXT_LIMIT = 6000


@lru_cache(maxsize=16)
def _extractor(language: str, size: int) -> yake.KeywordExtractor:
    lan = language if language in _YAKE_LANGUAGES else "noLang"
    return yake.KeywordExtractor(lan=lan, n=size, dedupLim=0.8, top=20)


def keyphrases(text: str, language: str, size: int = 2) -> list[str]:
    """The phrases of up to ``size`` words ``text`` is most about, best first."""
    if language in _UNSPACED_LANGUAGES or not text.strip():
        return []
    found = _extractor(language, size).extract_keywords(text[:_YAKE_TEXT_LIMIT])
    return [str(phrase) for phrase, _score in found]


def _qualified(text: str, start: int, phrase: str) -> str:
    """``phrase`` with the qualifier just before it in ``text`` when that is a known one."""
    before = text[max(0, start - 24) : start].split()
    if before and before[-1].lower() in MODIFIERS and " " not in phrase:
        return f"{before[-1].lower()} {phrase.lower()}"
    return phrase.lower()


def key_objects(
    text: str, language: str, limit: int = 6, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """Concrete things named in ``text``, the ones it dwells on first.

    Props from the object list are ranked by how often they are named, with a lift for those
    YAKE also ranks highly; a qualifier is kept when the text gives one ("iron stairs"). Text in
    a language the list does not cover falls back on YAKE's own keyphrases.
    """
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    names: dict[str, str] = {}
    for hit in OBJECTS.finditer(text):
        base = hit.value
        if base in exclude:
            continue
        counts[base] += 1
        first_seen.setdefault(base, hit.start)
        if base not in names or " " not in names[base]:
            is_translation = hit.phrase.lower() != base and not hit.phrase.lower().startswith(base)
            names[base] = base if is_translation else _qualified(text, hit.start, hit.phrase)
    ranked_phrases = [p.lower() for p in keyphrases(text, language)]
    for base in counts:
        if any(base in phrase for phrase in ranked_phrases[:10]):
            counts[base] += 1
    ordered = sorted(counts, key=lambda b: (-counts[b], first_seen[b]))
    objects = [names[b] for b in ordered]
    if not objects and language != "en":
        for phrase in ranked_phrases:
            low = phrase.lower()
            if (
                len(low) >= 3
                and not phrase[:1].isupper()
                and not PLACES.find(low)
                and not TIMES.find(low)
                and not WEATHER.find(low)
                and low not in exclude
            ):
                objects.append(low)
    # The same thing named twice ("boat" and "fishing boat") is kept once.
    unique: list[str] = []
    for item in objects:
        if not any(item.split()[-1] == other.split()[-1] for other in unique):
            unique.append(item)
    return unique[:limit]
