"""Fast phrase lookup: one compiled regular expression per word list.

Each list maps phrases (in any language) to a value. Latin, Cyrillic and Greek phrases must match
whole words; phrases of scripts written without spaces (Japanese, Chinese) and Arabic, whose words
take attached prefixes, match anywhere. A ``*`` stands for the rest of a word ("climb*" matches
climbs, climbed, climbing; "turn* toward" matches "turned toward").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

V = TypeVar("V")

_BOUNDLESS = re.compile("[\u0600-\u06ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Hit(Generic[V]):
    """One occurrence of a listed phrase in a text."""

    start: int
    end: int
    phrase: str
    value: V


class Matcher(Generic[V]):
    """Finds the phrases of a word list in texts, the longest phrase at each position.

    The phrases are compiled into one regular expression shaped like a trie (shared prefixes
    written once), which keeps a search over a few hundred phrases fast on long scripts.

    Args:
        entries: (phrase, value) pairs; a ``*`` in a phrase stands for the rest of a word.
        plurals: let whole-word phrases also match with an English plural ``s``/``es``.
    """

    def __init__(self, entries: Iterable[tuple[str, V]], *, plurals: bool = False) -> None:
        self._values: dict[str, V] = {}
        self._stems: list[tuple[re.Pattern[str], V]] = []
        bounded = _Trie()
        boundless = _Trie()
        for phrase, value in entries:
            key = " ".join(phrase.lower().split())
            if not key:
                continue
            if "*" in key:
                self._stems.append((re.compile(_escape(key), re.IGNORECASE), value))
                bounded.add(_tokens(key, plural=False))
            elif key not in self._values:
                self._values[key] = value
                if _BOUNDLESS.search(key):
                    boundless.add(_tokens(key, plural=False))
                else:
                    bounded.add(_tokens(key, plural=plurals))
        parts: list[str] = []
        if not bounded.empty:
            parts.append(r"(?<![\w-])" + bounded.pattern() + r"(?![\w-])")
        if not boundless.empty:
            parts.append(boundless.pattern())
        self._pattern = re.compile("|".join(parts) if parts else r"(?!x)x", re.IGNORECASE)
        self._plurals = plurals

    def _value(self, matched: str) -> V | None:
        key = " ".join(matched.lower().split())
        if key in self._values:
            return self._values[key]
        if self._plurals and key.endswith("s"):
            for cut in (1, 2):
                if key[:-cut] in self._values:
                    return self._values[key[:-cut]]
        for pattern, value in self._stems:
            if pattern.fullmatch(matched):
                return value
        return None

    def finditer(self, text: str) -> Iterator[Hit[V]]:
        """Every listed phrase in ``text``, left to right, never overlapping."""
        for match in self._pattern.finditer(text):
            value = self._value(match.group(0))
            if value is not None:
                yield Hit(match.start(), match.end(), match.group(0), value)

    def find(self, text: str) -> list[Hit[V]]:
        """Every listed phrase in ``text``, left to right."""
        return list(self.finditer(text))

    def values(self, text: str) -> list[V]:
        """The values of every listed phrase in ``text``, left to right."""
        return [hit.value for hit in self.finditer(text)]

    def first(self, text: str) -> Hit[V] | None:
        """The leftmost listed phrase in ``text``, if any."""
        return next(self.finditer(text), None)


_SPACE, _STAR, _PLURAL = r"\s+", r"\w*", r"(?:e?s)?"
_SPECIAL_ORDER = {_STAR: 1, _SPACE: 0, _PLURAL: 2}


def _tokens(phrase: str, *, plural: bool) -> list[str]:
    tokens: list[str] = []
    for index, word in enumerate(phrase.split()):
        if index:
            tokens.append(_SPACE)
        tokens += [_STAR if ch == "*" else re.escape(ch) for ch in word]
    if plural:
        tokens.append(_PLURAL)
    return tokens


class _Trie:
    """Phrases as a tree of tokens, written out as a regular expression."""

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.terminal = False

    @property
    def empty(self) -> bool:
        return not self.children

    def add(self, tokens: list[str]) -> None:
        node = self
        for token in tokens:
            node = node.children.setdefault(token, _Trie())
        node.terminal = True

    def pattern(self) -> str:
        # Letters before spaces, stems and plural endings, and an optional group for a phrase
        # that may end here: the regex tries the longer phrase first and backtracks if needed.
        ordered = sorted(self.children.items(),
                         key=lambda item: (_SPECIAL_ORDER.get(item[0], -1), item[0]))
        alternatives = [token + child.pattern() for token, child in ordered]
        if not alternatives:
            return ""
        inner = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if self.terminal:
            return "(?:" + inner + ")?"
        return inner


def _escape(phrase: str) -> str:
    # Any run of spaces in the text matches the single space of a listed phrase, and a "*"
    # stands for the rest of a word.
    parts = []
    for word in phrase.split():
        parts.append(r"\w*".join(re.escape(piece) for piece in word.split("*")))
    return r"\s+".join(parts)


def split_list(text: str, sep: str | None = None) -> list[str]:
    """The items of a word list written as one string, which reads and edits more easily."""
    return [item.strip() for item in text.split(sep) if item.strip()]
