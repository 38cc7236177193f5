"""Small word helpers shared by the drawing index and its tables."""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[a-z][a-z'-]*")


def split(text: str) -> list[str]:
    return text.split()


@lru_cache(maxsize=8192)
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
    return list(cached_forms(word))


@lru_cache(maxsize=8192)
def cached_forms(word: str) -> tuple[str, ...]:
    """``forms`` as a tuple, remembered: the index asks for the same words again and again."""
    out = [word, singular(word)]
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        out.append(word[:-1])
    return tuple(dict.fromkeys(out))


# Words spelt apart in British and American English (the endings "-our"/"-or", "-re"/"-er" and
# "grey"/"gray" are read by rule in ``spellings``).
_SPELT: dict[str, str] = dict(
    pair.split(":") for pair in split(
        "railroad:railway aluminum:aluminium ax:axe tire:tyre tires:tyres plow:plough "
        "mold:mould pajamas:pyjamas jewelry:jewellery catalog:catalogue donut:doughnut "
        "donuts:doughnuts curb:kerb airplane:aeroplane airplanes:aeroplanes mustache:moustache "
        "sulfur:sulphur cozy:cosy yogurt:yoghurt omelet:omelette barbeque:barbecue "
        "whiskey:whisky"))
_SPELT.update({b: a for a, b in list(_SPELT.items())})


@lru_cache(maxsize=8192)
def spellings(word: str) -> tuple[str, ...]:
    """Other spellings of ``word`` in British or American English ("harbor" -> "harbour",
    "theater" -> "theatre", "gray" -> "grey", "tire" -> "tyre"); none if it has none."""
    out = [_SPELT[word]] if word in _SPELT else []
    for end, other in (("our", "or"), ("or", "our"), ("re", "er"), ("er", "re")):
        if word.endswith(end) and len(word) > len(end) + 2:
            out.append(word[: -len(end)] + other)
    for a, b in (("gray", "grey"), ("grey", "gray")):
        if word.startswith(a):
            out.append(b + word[len(a):])
    return tuple(w for w in dict.fromkeys(out) if w != word)
