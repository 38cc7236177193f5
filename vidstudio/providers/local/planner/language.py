"""Language detection from writing systems and stopwords; no model, no download.

Non-Latin scripts mostly name their language outright (kana is Japanese, Hangul Korean); Latin
text is told apart by counting each language's most common short words.
"""

from __future__ import annotations

import re
from collections import Counter

from vidstudio.providers.local.planner.matcher import split_list

# The most frequent function words of each Latin-script language, chosen so that they rarely
# occur in the others ("the" is English only; "de" is shared, so it is left out).
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        split_list(
            "the and of to in is was it that with his her he she they at on for from "
            "by this as had but were have be an their into out over",
        )
    ),
    "fr": frozenset(
        split_list(
            "le la les des une est et dans du au aux sur pour qui que pas il elle "
            "ils sont avec mais ce cette son sa ses leur un",
        )
    ),
    "de": frozenset(
        split_list(
            "der die das und ist nicht ein eine mit auf dem den des sich zu im von "
            "sie er es auch wie aber noch nach",
        )
    ),
    "es": frozenset(
        split_list(
            "el los las una del que y es en por con para se su sus al lo como pero "
            "muy está están hay sobre",
        )
    ),
    "it": frozenset(
        split_list(
            "il gli della delle nel nella che è di una uno con per sono gli lo non "
            "come ma alla sul dei anche",
        )
    ),
    "pt": frozenset(
        split_list(
            "os uma do da dos das em que não com para se ao pelo pela é está são mas "
            "seu sua como ele ela",
        )
    ),
    "nl": frozenset(
        split_list(
            "de het een en van is niet dat op te met zijn voor aan er maar ook bij "
            "naar hij zij wordt",
        )
    ),
}

_RANGES: tuple[tuple[str, str], ...] = (
    ("kana", "\u3040-\u30ff\u31f0-\u31ff"),
    ("han", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"),
    ("hangul", "\uac00-\ud7af\u1100-\u11ff"),
    ("arabic", "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"),
    ("hebrew", "\u0590-\u05ff"),
    ("cyrillic", "\u0400-\u04ff"),
    ("greek", "\u0370-\u03ff"),
    ("devanagari", "\u0900-\u097f"),
    ("thai", "\u0e00-\u0e7f"),
    ("latin", "A-Za-z\u00c0-\u024f"),
)
_SCRIPT_RE = {name: re.compile(f"[{chars}]") for name, chars in _RANGES}
_SCRIPT_LANGUAGE = {
    "hangul": "ko",
    "arabic": "ar",
    "hebrew": "he",
    "cyrillic": "ru",
    "greek": "el",
    "devanagari": "hi",
    "thai": "th",
}
_LATIN_WORD = re.compile(r"[a-zà-ÿ]+")
_SAMPLE = 6000

KNOWN_LANGUAGES = frozenset(
    {"en", "fr", "de", "es", "it", "pt", "nl", "ja", "zh", "ko", "ar", "he", "ru", "el", "hi", "th"}
)


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, pattern in _SCRIPT_RE.items():
        found = len(pattern.findall(text))
        if found:
            counts[name] = found
    return counts


def _latin_language(text: str) -> str:
    tokens = _LATIN_WORD.findall(text.lower())
    scores = {lang: sum(token in stops for token in tokens) for lang, stops in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else "en"


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the main language of ``text`` (``"en"`` when unsure).

    Only the first few thousand characters are read, so this is cheap on any script.
    """
    sample = text[:_SAMPLE]
    counts = _script_counts(sample)
    if not counts:
        return "en"
    # A Han or kana character carries about a word's worth of meaning, so weigh them up
    # against alphabets, where a word takes five or six letters.
    weighted = Counter({name: n * (2.5 if name in ("kana", "han", "hangul") else 1.0)
                        for name, n in counts.items()})
    if counts.get("kana", 0) and weighted["kana"] + weighted["han"] >= max(weighted.values()):
        return "ja"
    top = max(weighted, key=lambda name: weighted[name])
    if top == "han":
        return "ja" if counts.get("kana", 0) else "zh"
    if top == "kana":
        return "ja"
    if top == "latin":
        return _latin_language(sample)
    return _SCRIPT_LANGUAGE.get(top, "en")
