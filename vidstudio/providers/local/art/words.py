"""Small word helpers shared by the drawing index and its tables."""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z][a-z'-]*")


def split(text: str) -> list[str]:
    return text.split()


def singular(word: str) -> str:
    """A rough singular form ("wolves" -> "wolf", "buses" -> "bus"), enough for matching."""
    for suffix, repl in (("ies", "y"), ("ves", "f"), ("sses", "ss"), ("ches", "ch"),
                         ("shes", "sh"), ("xes", "x"), ("uses", "us"), ("oes", "o"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def tokens(text: str) -> list[str]:
    """Lower-case words of ``text``, possessives dropped ("the cat's" -> "the", "cat")."""
    return [w.removesuffix("'s").strip("'-") for w in WORD.findall(text.lower())]


def forms(word: str) -> list[str]:
    """``word`` and the singulars it may be the plural of ("buses" -> "bus", "buse")."""
    out = [word, singular(word)]
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        out.append(word[:-1])
    return list(dict.fromkeys(out))
