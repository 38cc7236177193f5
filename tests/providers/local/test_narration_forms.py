"""Narration is what a narrator reads, in every script form: no speaker cues in capitals, no
headings or labels, no shot lists, no fragments."""

from __future__ import annotations

import re

import pytest

from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.planner.narration import narratable

FORMS = {
    "screenplay": """\
INT. NIGHT TRAIN - DINING CAR - NIGHT
Lamps sway over white tablecloths. INGRID (60s) stirs her tea as the carriage rocks.

INGRID
You took the wrong suitcase.

EXT. PLATFORM - DAWN
Steam rolls along the platform. A porter wheels a trolley of trunks past the engine.
""",
    "trailer": """\
[Wide shot: a frozen harbour under a green aurora.]
NARRATOR: Some winters never end.
(Quick cuts between a cracked compass, a sled and a burning map.)
VOICE-OVER: One crew will sail into the ice anyway.
Genre: survival thriller.
COMING SOON.
""",
    "advert": """\
Scene 1: A sunny kitchen. A father pours orange juice while his daughter laughs.
Scene 2: Morning light. A school bus waits at the corner.
Tagline: Sunny Grove Juice. Every morning, a little brighter.
""",
    "lyrics": """\
Title: Paper Boats

Verse 1:
We folded paper boats and let them drift along the gutter,
The rain came down on Sunday and we laughed at every puddle.

Chorus:
Sail away, sail away, little paper boat.
""",
    "dialogue": """\
In the lighthouse kitchen the kettle whistles.
MARA: Did you hear the foghorn?
TOM: Only the wind.
Outside, the fog rolls over the rocks.
""",
}


def _narration(script: str) -> str:
    return " ".join(s.narration for s in build_plan(script).scenes)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_cues_headings_labels_or_shot_lists(form: str) -> None:
    text = _narration(FORMS[form])
    assert text.strip(), "something is left to read"
    assert not re.search(r"\b[A-Z]{2,}[A-Z .'-]*:", text), "a speaker cue in capitals"
    assert not re.search(r"\b(?:INT|EXT)\.", text), "a slugline"
    assert not re.search(r"(?i)\b(?:genre|tagline|title|scene \d|verse \d|chorus|narrator|"
                         r"voice-over)\s*:", text), "a label"
    assert "Quick cuts" not in text and "Wide shot" not in text, "a shot list"
    assert "COMING SOON" not in text and "DINING CAR" not in text, "a heading"


def test_spoken_labels_keep_their_words() -> None:
    text = _narration(FORMS["advert"])
    assert "Every morning, a little brighter." in text
    assert "Some winters never end." in _narration(FORMS["trailer"])


@pytest.mark.parametrize(("line", "kept"), [
    ("A busy city street.", False),
    ("Morning light.", False),
    ("The carriage rocks.", True),
    ("Breathe.", True),  # a one-word command, not a fragment
    ("Dr. Okafor straps a headset onto a volunteer.", True),
])
def test_fragments_are_left_out_and_sentences_kept(line: str, kept: bool) -> None:
    cleaned = narratable(line)
    assert (cleaned.text == line) is kept
    assert (cleaned.dropped == [line]) is not kept


def test_the_plan_says_what_was_left_out() -> None:
    plan = build_plan(FORMS["advert"])  # "A sunny kitchen." and "Morning light." go
    assert any(note.startswith("Narration:") for note in plan.notes)


def test_a_silent_films_cards_with_the_scene_after_them_are_the_story() -> None:
    script = (
        'TITLE CARD: "The mill never slept." Inside the mill, a miller pours grain into a '
        "wooden hopper while a cat watches from a sack.\n\n"
        'TITLE CARD: "Then came the flood." Outside, a farmer rows a small boat past the '
        "drowned fence posts.\n"
    )
    plan = build_plan(script)
    assert plan.title != "The mill never slept."
    told = " ".join(scene.narration for scene in plan.scenes).lower()
    assert "hopper" in told and "rows a small boat" in told
    # A card holding only a title is still the film's title, not a scene.
    titled = build_plan('[TITLE CARD: The Last Mill]\n\nA miller pours grain into a hopper.')
    assert titled.title == "The Last Mill"
    assert "last mill" not in " ".join(s.narration for s in titled.scenes).lower()
