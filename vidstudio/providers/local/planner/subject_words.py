"""Word tables and word tests the planner reads a scene's subjects with (see
``planner.subjects``)."""

from __future__ import annotations

import re

from vidstudio.providers.local.planner.matcher import split_list

# What a person doing something holds: the verb's tool ("mopping" a mop).
TOOL_VERBS = {
    "mopping": "mop", "sweeping": "broom", "hammering": "hammer", "sawing": "saw",
    "chopping": "axe", "painting": "paintbrush", "knitting": "yarn", "sewing": "needle",
    "photographing": "camera", "phoning": "phone", "writing": "pen", "shovelling": "shovel",
    "shoveling": "shovel", "raking": "rake", "drilling": "drill", "ironing": "iron",
}


# Parts of a body, drawn with whoever they belong to ("her feathers").
BODY = frozenset(split_list(
    "feather feathers wing wings tail tails paw paws hand hands foot feet eye eyes ear ears nose "
    "mouth tooth teeth hair head arm arms leg legs beak claw claws fur heart lips tongue face "
    "finger fingers"))
# Parts of a building or a place that say where something is ("wedged in the front doorway").
PARTS = frozenset(split_list(
    "doorway doorways threshold doorstep corner corners middle centre center edge floor ceiling "
    "wall walls hallway corridor"))


# A likeness, not a thing in the scene: "the size of a bus", "like a wet sponge", "like it's a
# bomb", "taller than the houses".
_LIKENESS = re.compile(r"\b(?:(?:size|shape|height) of\s+(?:the\s+|a\s+|an\s+)?"
                       r"|like\s+(?:(?:it|he|she|they|you|I)(?:'s|'re|'m| is| was| were)\s+)?"
                       r"an?\s+|\w+er than\s+(?:the\s+|a\s+|an\s+)?)(?:[a-z]+\s+)?$",
                       re.IGNORECASE)
# "round as a plate," is a likeness when the simile ends the clause; "as a bus passes" is not.
_SIMILE = re.compile(r"\bas\s+an?\s+(?:[a-z]+\s+)?$", re.IGNORECASE)


def likeness(sentence: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` name a likeness, not a thing in the scene."""
    before = sentence[max(0, start - 30):start]
    if _LIKENESS.search(before):
        return True
    ends = sentence[end:].lstrip()[:1] in ("", ".", ",", ";", ":", "!", "?")
    return ends and bool(_SIMILE.search(before))


def in_name(sentence: str, at: int, end: int) -> bool:
    """Whether the words at ``at:end`` are part of a proper name inside the sentence ("on Mill
    Street", "the Fish Market", "this is the Black Swan"): capitalised, not opening the
    sentence, and a capitalised word right after or before, or several words each capitalised."""
    def opening(i: int) -> bool:
        return not sentence[:i].strip() or sentence[:i].rstrip()[-1:] in ".!?:\"“"

    after = re.match(r"\s+([A-Z])[a-z]", sentence[end:])
    before = re.search(r"\b([A-Z][a-z]+) $", sentence[:at])
    named_before = before is not None and not opening(before.start()) and before.group(1) != "I"
    words = sentence[at:end].split()
    titled = len(words) > 1 and all(w[:1].isupper() for w in words)
    return sentence[at:at + 1].isupper() and not opening(at) and (after is not None
                                                                  or named_before or titled)
