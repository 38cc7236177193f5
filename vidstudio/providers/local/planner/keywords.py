"""Keyphrases with YAKE (unsupervised, offline), and props read from the text.

YAKE ranks the phrases a passage is about; the object word list decides which of them are things
a camera can show. Scripts in languages without spaces between words skip YAKE, whose tokenizer
needs them.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from vidstudio.providers.local.planner.lexicon_objects import MODIFIERS, OBJECTS
from vidstudio.providers.local.planner.matcher import split_list

# Languages YAKE ships stopwords for (its own file names); others use its language-free list.
_YAKE_LANGUAGES = frozenset(
    split_list(
        "ar bg cz da de el en es et fa fi fr hi hr hu hy id it lt lv nl no pl pt ro "
        "ru sk sl sv tr uk",
    )
)
_UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th", "ko"})
# YAKE reads at most this many characters, which keeps a keyword pass a few milliseconds.
_YAKE_TEXT_LIMIT = 6000


# YAKE extractors keep caches on the instance; one set per thread keeps planning thread-safe.
_THREAD = threading.local()


def _extractor(language: str, size: int) -> Any:
    # yake (with networkx, jellyfish, segtok) is ~35 MB of imports: loaded by the process that
    # plans, not by every process that imports the planner (the render's main process).
    import yake  # type: ignore[import-untyped]

    cache: dict[tuple[str, int], Any] | None = getattr(_THREAD, "yake", None)
    if cache is None:
        cache = _THREAD.yake = {}
    key = (language, size)
    if key not in cache:
        lan = language if language in _YAKE_LANGUAGES else "noLang"
        cache[key] = yake.KeywordExtractor(lan=lan, n=size, dedupLim=0.8, top=20)
    return cache[key]


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
    YAKE also ranks highly; a qualifier is kept when the text gives one ("iron stairs"). Other
    languages are read through the list's translations; YAKE alone is not trusted to tell a
    thing from an adjective or a verb, so nothing else is guessed.
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
    # The same thing named twice ("boat" and "fishing boat") is kept once.
    unique: list[str] = []
    for item in objects:
        if not any(item.split()[-1] == other.split()[-1] for other in unique):
            unique.append(item)
    return unique[:limit]
