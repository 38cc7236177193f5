"""The offline planner's parts: text handling, structure, languages, word lists, random scripts."""

from __future__ import annotations

import re

import pytest

from vidstudio.providers.local.planner import build_plan
from vidstudio.providers.local.planner.condense import capacity, fit_narration, refine
from vidstudio.providers.local.planner.language import detect_language
from vidstudio.providers.local.planner.matcher import Matcher
from vidstudio.providers.local.planner.segment import Cut, parse_script, spoken_form
from vidstudio.providers.local.planner.text import (
    as_sentence,
    clauses,
    clean_script,
    speech_units,
    split_sentences,
)


def test_clean_script_removes_junk_but_keeps_words_apart() -> None:
    raw = "The\x00night\ufffdsea\r\nis\tcalm.\u200b\r\rNext\u2029line"
    assert clean_script(raw) == "The night sea\nis calm.\n\nNext\n\nline"


def test_speech_units_count_words_numbers_and_cjk() -> None:
    assert speech_units("The keeper, Mara, climbed the forty-third stair.") == 7
    assert speech_units("400 waves") == 3  # "four hundred waves"
    assert speech_units("雨が降っている") == pytest.approx(7 / 3)


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Mr. Smith met Dr. Jones at St. Mary's. They talked.", "en",
     ["Mr. Smith met Dr. Jones at St. Mary's.", "They talked."]),
    ("夜の東京。雨が降っている。ネオンが光る。", "ja", ["夜の東京。", "雨が降っている。", "ネオンが光る。"]),
    ("في الصحراء، تغرب الشمس. وبعد ذلك جاء الليل.", "ar",
     ["في الصحراء، تغرب الشمس.", "وبعد ذلك جاء الليل."]),
    ("Il pleut. M. Dupont arrive.", "fr", ["Il pleut.", "M. Dupont arrive."]),
])
def test_sentences_split_per_language(text: str, language: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected
    assert split_sentences(text, "auto") == expected


def test_clauses_rejoin_to_the_sentence_and_stand_alone() -> None:
    sentence = ("By nightfall, waves broke against the rocks, and the keeper, Mara, climbed the "
                "iron stairs with a lantern in her hand.")
    pieces = clauses(sentence)
    assert " ".join(pieces) == sentence
    assert pieces[-1].startswith("and the keeper, Mara, climbed")
    assert as_sentence("and the keeper, Mara, climbed the stairs,") == \
        "The keeper, Mara, climbed the stairs."


@pytest.mark.parametrize(("text", "language"), [
    ("The old man walks his dog through the forest while it rains.", "en"),
    ("Le vieil homme promène son chien dans la forêt pendant qu'il pleut.", "fr"),
    ("Der alte Mann geht mit seinem Hund durch den Wald, während es regnet.", "de"),
    ("El anciano pasea a su perro por el bosque mientras llueve.", "es"),
    ("Il vecchio porta a spasso il cane nel bosco mentre piove.", "it"),
    ("老人は雨の中、森で犬を散歩させる。", "ja"),
    ("老人在雨中带着狗穿过森林。", "zh"),
    ("الرجل العجوز يمشي مع كلبه في الغابة تحت المطر.", "ar"),
    ("Старик гуляет с собакой по лесу под дождём.", "ru"),
])
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_matcher_prefers_the_longest_phrase_and_whole_words() -> None:
    matcher = Matcher([("ice", "a"), ("ice field", "b"), ("climb*", "c"), ("海", "d"),
                       ("海岸", "e")], plurals=True)
    found = [(hit.phrase, hit.value) for hit in matcher.find("The ice field; ices; climbing; "
                                                                  "justice; 海岸")]
    assert found == [("ice field", "b"), ("ices", "a"), ("climbing", "c"), ("海岸", "e")]


def test_spoken_form_drops_asides_and_softens_shouted_names() -> None:
    assert spoken_form("OMAR (60s) slides the tray [beat] into the **oven**.") == \
        "Omar slides the tray into the oven."
    assert spoken_form("STOP RIGHT THERE!") == "STOP RIGHT THERE!"


def test_parser_reads_screenplay_structure() -> None:
    script = ("INT. KITCHEN - NIGHT\nA kettle whistles.\n\nANNA\n(quietly)\nIs anyone there?\n\n"
              "[CUT TO: the garden at dawn]\n\nDew covers the grass.\n\n[Verse 2]\nLa la la.")
    segments = parse_script(clean_script(script)).segments
    assert [s.cut for s in segments] == [Cut.HARD, Cut.HARD, Cut.HARD]
    kitchen, garden, verse = segments
    assert kitchen.heading is not None and kitchen.heading.place == "Kitchen"
    assert kitchen.heading.time == "Night" and kitchen.heading.interior is True
    assert [(p.kind, p.text) for p in kitchen.passages] == [
        ("action", "A kettle whistles."), ("dialogue", "Is anyone there?")]
    assert ("visual", "quietly") in kitchen.directions
    assert garden.heading is not None and garden.heading.place == "the garden at dawn"
    assert verse.spoken == "La la la."


def test_title_lines_and_section_labels_are_not_spoken() -> None:
    parsed = parse_script(clean_script("THE LONG ROAD\n\nParagraph 1. She walks.\n\n"
                                       "Paragraph 2. He waits."))
    assert parsed.title == "The Long Road"
    assert [s.spoken for s in parsed.segments] == ["She walks.", "He waits."]


def test_short_scripts_are_cut_at_time_cues_then_between_sentences() -> None:
    text = clean_script("Mara wakes in the cabin. Later, she walks to the lake and swims far out "
                        "into the cold water, past the reeds and the sleeping ducks, until the "
                        "shore is only a line. At dusk she rows home.")
    segments = refine(parse_script(text).segments, 5, "en")
    assert [s.cut for s in segments] == [Cut.HARD, Cut.CUE, Cut.CUE]
    assert segments[1].spoken.startswith("Later, she walks")
    assert segments[2].spoken == "At dusk she rows home."
    unrefined = refine(parse_script(text).segments, 1, "en")
    assert [s.spoken for s in unrefined] == [text]


def test_condensed_narration_fits_nine_seconds_and_keeps_the_words() -> None:
    text = clean_script(
        "The storm had been building since noon. By nightfall, waves the size of houses broke "
        "against the rocks below the old lighthouse, and the keeper, Mara, climbed the iron "
        "stairs with a lantern in her hand.")
    segments = parse_script(text).segments
    draft = fit_narration(segments, segments, "en", first=True, last=True)
    assert draft.duration == 9
    assert draft.units <= capacity(9)
    script_words = set(re.findall(r"\w+", text.lower()))
    assert set(re.findall(r"\w+", draft.narration.lower())) <= script_words
    assert draft.narration[0].isupper() and draft.narration.endswith(".")


def test_the_least_used_places_merge_into_the_most_similar() -> None:
    script = "\n\n".join([
        "Anna bakes bread in the kitchen.",
        "She walks into the forest with the warm loaf.",
        "In the bedroom, her brother is still asleep.",
        "Deep in the forest, a fox waits under the pines.",
        "Back in the kitchen, they share the bread.",
        "Later they lie in the meadow and watch the clouds.",
    ])
    plan = build_plan(script, max_scenes=6, max_environments=2)
    settings = {env.id: env.setting for env in plan.environments}
    assert sorted(settings.values()) == ["forest", "interior"]
    placed = [settings[scene.environment_id] for scene in plan.scenes]
    # The bedroom joins the kitchen (both indoors), the meadow joins the forest (both out).
    assert placed == ["interior", "forest", "interior", "forest", "interior", "forest"]
    names = {env.setting: env.name for env in plan.environments}
    assert names == {"interior": "Kitchen", "forest": "Forest"}


@pytest.mark.parametrize(("text", "title"), [
    # A key phrase running into a verb or into the next noun phrase ends on its thing ...
    ("A fishing boat pitched between the swells, far out on the black water.", "Fishing boat"),
    ("By nightfall, waves the size of houses broke against the rocks.", "Waves"),
    ("The sleepy cat lay on the warm windowsill all afternoon.", "Sleepy cat"),
    # ... and keeps a prepositional phrase after it.
    ("Rain fell on the empty streets at night, neon flickering over puddles.", "at night"),
])
def test_a_scene_title_ends_on_the_thing_it_names(text: str, title: str) -> None:
    got = build_plan(text).scenes[0].title
    assert got == title or (title.startswith("at") and got.endswith(title)), got
    assert got.split()[-1].lower() not in ("pitched", "size", "lay")
