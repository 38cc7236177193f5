"""The last pass over a scene's narration: only what a narrator would read aloud.

Whatever the script's form, a narrator does not read speaker cues ("ANNA:"), headings and
sluglines, labels ("Tagline:", "Genre: thriller", "Scene 2:"), shot lists ("Quick cuts between
the speedometer and the storm") or, in English, fragments without a verb ("Morning light.").
Spoken labels keep their words ("Tagline: Wake up to the city." is read as "Wake up to the
city."); the rest is dropped, and the plan's notes say how much was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Labels whose words are meant to be heard: the label goes, the words stay.
_SPOKEN_LABEL = re.compile(
    r"^\s*(?:tagline|slogan|strapline|narrator|narration|voice[- ]?over|v\.?o\.?|caption|"
    r"title card|card|super|announcer|end line|endline)\s*(?:\([^)]*\))?\s*[:\u2013\u2014-]\s*",
    re.IGNORECASE,
)
# Labels of the document itself: the whole sentence goes.
_DOCUMENT_LABEL = re.compile(
    r"^\s*(?:title|genre|logline|format|length|duration|style|tone|music|sfx|sound|"
    r"scene \d+|shot \d+|act \w+|verse(?: \d+)?|chorus|bridge|intro|outro|hook|pre-chorus|"
    r"int\.|ext\.|int/ext\.?|fade in|fade out|cut to|smash cut|dissolve to|the end|end of \w+)"
    r"\s*[:.\u2013\u2014-]",
    re.IGNORECASE,
)
# Camera and editing directions that open a sentence: a shot list, not a story.
_SHOT_LIST = re.compile(
    r"^\s*(?:quick cuts?|montage|series of shots|smash cut|jump cut|cut to|cut between|"
    r"close on|close[- ]up|extreme close[- ]up|wide shot|medium shot|angle on|insert|pov|"
    r"tracking shot|aerial shot|establishing shot|pan (?:to|across)|tilt (?:up|down)|"
    r"zoom (?:in|out)|fade (?:in|out|to)|dissolve)\b",
    re.IGNORECASE,
)


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SLUG = re.compile(r"^\s*(?:INT|EXT|INT\.?/EXT|I/E)\.", re.IGNORECASE)
_CUE = re.compile(r"^\s*[A-Z][A-Z0-9 .'\u2019-]{1,30}(?:\s*\([^)]*\))?\s*:\s*")
_SENTENCE = re.compile(r"[^.!?\u2026]+(?:[.!?\u2026]+[\"'\u201d\u2019)]*|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Common English verbs and auxiliaries that carry no inflection a suffix test would see.
_VERBS = _set(
    "is are was were be been being am has have had do does did can could will would shall "
    "should may might must go goes went come came run ran sit sat stand stood see saw seen "
    "let get got make made take took give gave find found know knew think thought say said "
    "tell told feel felt keep kept leave left hold held bring brought begin began fall fell "
    "rise rose fly flew grow grew lie lay eat ate drink drank sing sang swim swam meet met "
    "put set cut hit shut spread burst cast hurt read ride rode drive drove write wrote "
    "wake woke break broke speak spoke wear wore hang hung lit shine shone sleep slept wait "
    "turn look watch need want love hate live die open close walk talk stop start try play "
    "move pull push call ask help show hear listen caught taught bought fought sought built "
    "sent spent lost shot struck stuck swung sprang sank shook froze hid bit led fed fled "
    "bled paid laid sold won spun stole swore tore bore drew blew threw slid crept wept "
    "swept dug rang began became forgot"
)
# Words that end like an inflected verb but are nouns.
_NOT_VERBS = _set(
    "morning evening building ceiling ring king thing nothing something everything anything "
    "painting wedding clothing sibling string spring wing swing pudding stuffing bus gas "
    "glass news lens series species headlines lights stars clouds trees streets shed bed "
    "red sled need seed weed speed"
)


@dataclass
class Cleaned:
    text: str
    dropped: list[str]


def _has_verb(sentence: str) -> bool:
    words = [w.lower() for w in _WORD.findall(sentence)]
    if any(w in _VERBS or w.endswith("n't") for w in words):
        return True
    # An inflected verb: "walks", "hammered", "rattling" (a plural noun also passes: fine).
    return any(len(w) > 3 and w.endswith(("s", "ed", "ing")) and not w.endswith("ss")
               and w not in _NOT_VERBS for w in words[1:])


_DETERMINERS = _set("a an the another some this that these those his her their its our my")
_TIME_WORDS = _set("morning noon afternoon evening night dawn dusk midnight later day light "
                   "sunrise sunset moments minutes hours years")


def _fragment(sentence: str) -> bool:
    """A noun phrase standing as a sentence ("A busy city street.", "Morning light."), not a
    one-word command ("Breathe.") or a line with a verb."""
    if _has_verb(sentence):
        return False
    words = [w.lower() for w in _WORD.findall(sentence)]
    return bool(words) and (words[0] in _DETERMINERS or all(w in _TIME_WORDS for w in words))


_ABBREVIATION = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|St|Prof|Capt|Sgt|Lt|Col|Gen|Rev|Jr|Sr)\.$")


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE.findall(text):
        if out and _ABBREVIATION.search(out[-1].rstrip()):
            out[-1] += piece  # "Dr." does not end a sentence
        else:
            out.append(piece)
    return out


def narratable(text: str, language: str = "en") -> Cleaned:
    """``text`` as a narrator reads it, and the sentences that were dropped."""
    kept: list[str] = []
    dropped: list[str] = []
    spoken = False
    for raw in _sentences(text):
        sentence = raw.strip()
        if not sentence:
            continue
        labelled = _SPOKEN_LABEL.match(sentence) is not None
        spoken = spoken or labelled  # a tagline's words are read, verb or not
        sentence = _SPOKEN_LABEL.sub("", sentence)
        if _DOCUMENT_LABEL.match(sentence) or _SHOT_LIST.match(sentence) \
                or _SLUG.match(sentence):
            dropped.append(sentence)
            continue
        sentence = _CUE.sub("", sentence)
        letters = [c for c in sentence if c.isalpha()]
        if len(letters) > 3 and all(c.isupper() for c in letters):
            dropped.append(sentence)  # a heading
            continue
        if language == "en" and not spoken and _fragment(sentence):
            dropped.append(sentence)  # a fragment: "Morning light."
            continue
        if sentence:
            kept.append(sentence[:1].upper() + sentence[1:])
    return Cleaned(" ".join(kept), dropped)
