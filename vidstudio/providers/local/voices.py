"""Offline voices for the cast: each character a clearly different voice from the narrator's
and from each other.

What ships offline: one natural (neural) voice, piper's ``en_US-joe-medium``, which reads the
narration, and espeak-ng, whose voices are formant-synthesised (robotic) but many: each language
in several accents (English: American, British, Scottish, received pronunciation, Caribbean,
New York) and each with some seventy variants of pitch, range and timbre, a few of them on
espeak-ng's second engine (Klatt synthesis). A character without a voice of their own gets an
espeak-ng accent and variant picked by their place in the cast, alternating high and low
voices, so two characters in a conversation never sound alike; their kind or description
("an old fisherman", "a robot", "a one-eyed goat") picks from fitting voices where it says.
A character's ``voice`` field picks a voice by label: ``espeak-ng:en-GB-scotland+m1``,
``piper:en_US-joe-medium`` or a path to a piper ``.onnx`` model.
"""

from __future__ import annotations

import re

from vidstudio.providers.local.speech import ESPEAK, espeak_voice_for

# English character voices, by kind of speaker; each list alternates between voices far apart
# in pitch, so neighbouring ranks are easy to tell apart.
_ENGLISH = {
    "": ["en-us+f3", "en-GB-scotland+m1", "en+Alicia", "en-029+m7", "en-GB-x-rp+f5",
         "en-us+klatt4", "en-us+belinda", "en+grandpa"],
    "female": ["en-us+f3", "en+Alicia", "en-GB-x-rp+f5", "en-us+belinda", "en-029+f2",
               "en-GB-scotland+f4"],
    "male": ["en-GB-scotland+m1", "en-029+m7", "en-us+klatt4", "en+grandpa", "en-us+m6",
             "en-GB-x-rp+m3"],
    "child": ["en-us+Annie", "en+f5", "en-GB-x-rp+f2"],
    "machine": ["en-us+UniRobot", "en+anikaRobot", "en-us+klatt6"],
    "creature": ["en-us+croak", "en+Demonic", "en-GB-scotland+Storm"],
}
# Variants that suit any language's espeak-ng voice, alternating high and low.
_VARIANTS = {
    "": ["f3", "m1", "f5", "m7", "f2", "m3"],
    "female": ["f3", "f5", "f2", "f4"],
    "male": ["m1", "m7", "m3", "m6"],
    "child": ["Annie", "f5"],
    "machine": ["UniRobot", "klatt6"],
    "creature": ["croak", "Demonic"],
}
_HINTS = {
    "child": r"\b(?:child|kid|girl|boy|baby|toddler|daughter|son|schoolgirl|schoolboy)\b",
    "female": r"\b(?:woman|women|she|her|lady|mother|mum|mom|grandmother|granny|aunt|queen|"
              r"princess|wife|sister|actress|waitress|nun|witch|female|girlfriend)\b",
    "male": r"\b(?:man|men|he|his|gentleman|father|dad|grandfather|grandpa|uncle|king|prince|"
            r"husband|brother|monk|wizard|male|boyfriend|sir|mr)\b",
    "machine": r"\b(?:robot|android|machine|ai|computer|drone|vehicle|car|train|ship)\b",
    "creature": r"\b(?:animal|creature|monster|dragon|beast|goat|dog|cat|frog|troll|ghost)\b",
}


def voice_kind(hint: str) -> str:
    """Which kind of voice suits a speaker described by ``hint`` ("person: an old fisherman");
    "" when it says nothing about it."""
    text = hint.lower()
    kind, _, description = text.partition(":")
    if kind.strip() in ("robot", "vehicle"):
        return "machine"
    if kind.strip() in ("animal", "creature"):
        return "creature"
    for name in ("child", "female", "male", "machine", "creature"):
        if re.search(_HINTS[name], description or text):
            return name
    return ""


def character_voice(language: str, rank: int, hint: str = "") -> str:
    """The espeak-ng voice of the character at ``rank`` in the cast, speaking ``language``."""
    kind = voice_kind(hint)
    base = espeak_voice_for(language)
    if base in ("en-us", "en", "en-gb"):
        pool = _ENGLISH[kind]
        return pool[rank % len(pool)]
    pool = _VARIANTS[kind]
    return f"{base}+{pool[rank % len(pool)]}"


def catalogue(language: str = "en") -> list[tuple[str, str]]:
    """``(label, description)`` of the character voices offered for ``language``."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    english = espeak_voice_for(language) in ("en-us", "en", "en-gb")
    for kind, pool in (_ENGLISH if english else _VARIANTS).items():
        for name in pool:
            voice = name if english else f"{espeak_voice_for(language)}+{name}"
            if voice not in seen:
                seen.add(voice)
                out.append((f"{ESPEAK}:{voice}", f"espeak-ng, {kind or 'any'} character voice"))
    return out
