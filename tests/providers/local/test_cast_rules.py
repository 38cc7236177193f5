"""The cast finder's reading rules, one small made-up script each (issue 22).

Each rule is one a reader uses on any script: who a description is, where a look is said, which
capitalised words are nobody. The sentences here are written for these tests, not taken from the
labelled samples, so that passing them says the rule holds, not that a sample was learnt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from vidstudio.core.vocabulary import CharacterKind
from vidstudio.providers.local.planner import build_plan
from vidstudio.providers.local.planner.cast import find_cast
from vidstudio.providers.local.planner.cast_words import colour_word
from vidstudio.providers.local.planner.people import find_people

if TYPE_CHECKING:
    from vidstudio.core.plan import PlanCharacter


def _cast(script: str) -> dict[str, PlanCharacter]:
    return {c.name: c for c in find_cast(script, [script]).characters}


def _wardrobe(character: PlanCharacter) -> list[tuple[str, str]]:
    return [(g.colour, g.item) for g in character.look.wardrobe]


# -- one person, however the script brings them in ----------------------------------------


def test_a_description_later_in_the_names_sentence_is_that_person() -> None:
    cast = _cast("Margit kept the ferry kiosk on the east quay, a tall bony woman in a "
                 "lilac raincoat who never forgot a face. She sold tickets until dark.")
    assert set(cast) == {"Margit"}
    assert cast["Margit"].look.build == "tall"
    assert _wardrobe(cast["Margit"]) == [("lilac", "raincoat")]


def test_a_pronoun_after_someone_known_is_theirs_not_a_sentence_starts() -> None:
    """A capitalised word opening a sentence ("Steam fills...") gets no person's pronoun that
    belongs to someone the script has already brought in."""
    assert set(find_people("Steam fills the little kitchen. BRUNO (70s) lifts the lid while "
                           "his cat watches.")) == {"bruno"}
    # The rule still finds someone acting on their own before their pronoun.
    assert set(find_people("Odile climbs the stairs. She stops at the top.")) == {"odile"}


def test_a_description_is_the_nearest_one_it_fits() -> None:
    cast = _cast("Bruno waved at the postwoman, a short woman in a red cap. Bruno laughed.")
    assert set(cast) == {"Bruno", "Postwoman"}
    assert _wardrobe(cast["Postwoman"]) == [("red", "cap")]
    assert cast["Bruno"].look.wardrobe == []


def test_a_description_then_a_name_opening_the_next_sentence_is_one_person() -> None:
    cast = _cast("A young woman in a yellow anorak stepped off the night bus. Liesl had not "
                 "been home for six years. She walked up the hill.")
    assert set(cast) == {"Liesl"}
    assert _wardrobe(cast["Liesl"]) == [("yellow", "anorak")]


def test_a_name_that_looks_at_the_described_one_is_someone_else() -> None:
    cast = _cast("A young woman in a yellow anorak stepped off the night bus. Liesl watched "
                 "her from the window. Liesl frowned.")
    assert set(cast) == {"Liesl", "Woman"}
    assert _wardrobe(cast["Woman"]) == [("yellow", "anorak")]


def test_was_a_says_who_someone_is() -> None:
    cast = _cast("Every spring Mo visited his friend Pim. Pim was a hedgehog with a torn ear, "
                 "and Mo was a mole.")
    assert set(cast) == {"Mo", "Pim"}
    assert cast["Pim"].kind is CharacterKind.ANIMAL
    assert "torn ear" in cast["Pim"].look.marks


def test_kin_seen_from_the_other_side_is_the_same_person() -> None:
    cast = _cast("Renata ran the bakery alone. Her nephew Ivo came on Sundays; he was tall "
                 "and clumsy. Ivo said his aunt could carry two sacks of flour at once.")
    assert set(cast) == {"Renata", "Ivo"}
    assert cast["Renata"].description.startswith("Renata, the aunt")


def test_an_apposition_with_its_own_possessive_does_not_change_the_persons_gender() -> None:
    people = find_people("Oskar, her assistant, a lanky lad, carries the lamp. Oskar trips.")
    assert people["oskar"] != "woman"
    people = find_people("Hilde locked the shop. Hilde did not wait for him.")
    assert people["hilde"] != "man"


def test_a_name_said_to_someone_does_not_take_a_things_role() -> None:
    cast = _cast("GUNNAR: Where did you park the van, Sigrid?\nSIGRID: Behind the mill.\n\n"
                 "Sigrid, in a grey fleece, shrugs.")
    assert cast["Sigrid"].kind is CharacterKind.PERSON
    assert _wardrobe(cast["Sigrid"]) == [("grey", "fleece")]


# -- where a look is said ---------------------------------------------------------------------


def test_a_screenplay_look_after_the_cues_parenthesis_and_in_later_action() -> None:
    script = ("EXT. QUARRY - DAY\n\n"
              "TOBIAS (50s), the foreman, squat and sunburnt, in a dusty orange hard-hat "
              "jacket, checks a clipboard.\n\n"
              "TOBIAS\n(rubbing his bandaged wrist)\nNobody goes down today.\n\n"
              "Later, Tobias sits on a crate. He has a faded tattoo of an anchor on his "
              "forearm.\n")
    tobias = _cast(script)["Tobias"]
    assert tobias.look.age == "50s"
    assert tobias.look.build == "squat"
    assert ("orange", "hard-hat jacket") in _wardrobe(tobias)
    assert "bandaged wrist" in tobias.look.marks
    assert "tattoo of an anchor" in tobias.look.marks


@pytest.mark.parametrize(("word", "colour"), [
    ("mustard-coloured", "mustard"), ("sea-green", "sea-green"), ("navy", "navy"),
    ("rust-colored", "rust"), ("bottle-green", "bottle-green"), ("table", "")])
def test_compound_colours_are_colours(word: str, colour: str) -> None:
    assert colour_word(word) == colour


def test_a_garment_takes_its_whole_colour() -> None:
    cast = _cast("Ferdinand wore a pale blue shirt. Greta, in a dark red shawl, sang. "
                 "Ulla sat down in a mustard-coloured coat. Pieter arrived in a navy blazer.")
    assert _wardrobe(cast["Ferdinand"]) == [("pale blue", "shirt")]
    assert _wardrobe(cast["Greta"]) == [("dark red", "shawl")]
    assert _wardrobe(cast["Ulla"]) == [("mustard", "coat")]
    assert _wardrobe(cast["Pieter"]) == [("navy", "blazer")]


@pytest.mark.parametrize("sentence", [
    "Nadia, a quiet girl who wore a green beret, waited by the pier.",
    "Nadia, a quiet girl wearing a green beret, waited by the pier.",
    "Nadia, a quiet girl dressed in a green beret and boots, waited by the pier.",
    "Nadia waited by the pier in a green beret.",
    "Nadia had a scraped knee and a green beret. Nadia waited by the pier.",
])
def test_garments_after_a_cue_of_wearing(sentence: str) -> None:
    assert ("green", "beret") in _wardrobe(_cast(sentence)["Nadia"])


@pytest.mark.parametrize(("sentence", "mark"), [
    ("Casimir, a crow with a ragged tuft of feathers on his head, hopped along the wall.",
     "tuft of feathers"),
    ("Anouk had a thin scar over her left eyebrow. Anouk smiled.", "thin scar"),
    ("Beatrix, freckled and sharp, counted the coins.", "freckles"),
    ("Old Matteo limped up the stairs with the post.", "a limp"),
    ("A girl, WREN (9), with a bandaged hand, sits on the step.", "bandaged hand"),
    ("Joaquin had a missing tooth and a loud laugh. Joaquin waved.", "missing tooth"),
    ("Hamish, a pirate with an eyepatch, leans on the mast.", "eyepatch"),
    ("Dilys walks with a limp. Dilys waits.", "limp"),
])
def test_features_are_marks(sentence: str, mark: str) -> None:
    cast = find_cast(sentence, [sentence]).characters
    assert any(mark in c.look.marks for c in cast), [(c.name, c.look.marks) for c in cast]


def test_an_amphibians_colour_is_its_skin_not_fur() -> None:
    frog = _cast("A speckled green frog sat on the lily pad. The frog croaked twice.")["Frog"]
    assert frog.look.skin == "green" and frog.look.hair == ""


# -- nobody invented -----------------------------------------------------------------------


def test_a_capitalised_sentence_start_is_nobody() -> None:
    people = find_people("Pass the salt. She did not look up.\n\nRemember the ferry? He "
                         "smiled.")
    assert "pass" not in people and "remember" not in people


def test_headings_lets_and_labels_are_nobody() -> None:
    plan = build_plan("GENRE: Comedy\nSETTING: A bus depot at night.\n\n"
                      "KOFI: Let's go home.\nAMA: \"Let's not,\" she says.\n"
                      "SUPER: Depot 9. Open all night.\n", max_scenes=2, max_environments=1)
    names = {c.name.lower() for c in plan.characters}
    assert names == {"kofi", "ama"}


def test_a_word_heading_a_line_is_no_speaker_and_a_speakers_name_is() -> None:
    """A capitalised word before a colon is a label when the script uses it once or as a word
    ("Puzzle:", "Clue:"), and a speaker when it names someone again, in capitals or with a
    delivery note."""
    people = find_people("Puzzle: the old door will not open until the clock strikes.\n"
                         "Clue: a key lies under the clue of the map.\n"
                         "Odile: I tried it twice.\nBram (quietly): Try again.\n"
                         "Odile: Again, then.\nNELL: Stand back!\n")
    assert set(people) == {"odile", "bram", "nell"}


def test_an_animal_noun_naming_a_thing_is_no_animal() -> None:
    cast = _cast("Ines bought bread at the fish market and walked past the horse trough to "
                 "the dog kennels. Ines sang.")
    assert set(cast) == {"Ines"}


def test_someone_only_remembered_or_talked_about_is_not_cast() -> None:
    cast = _cast("Yusuf sat by the window. He thought of his late father, a proud man.\n\n"
                 "YUSUF: If Mr. Okonjo calls, tell him I am out.\n"
                 "LEILA: \"Dr Varga will be furious,\" she said.\n")
    assert set(cast) == {"Yusuf", "Leila"}


# -- round two: rules found on a second set of made-up scripts ------------------------------


def test_a_sentence_opening_on_he_goes_on_with_the_animal_just_described() -> None:
    cast = _cast("Lotte quarrelled with the milkman and the goat. The goat was a bony old "
                 "billy with a torn ear. He ate the washing every Monday.")
    assert "Milkman" not in cast  # named in passing, never doing anything himself
    assert "torn ear" in cast["Goat"].look.marks


def test_someone_who_only_acts_once_is_cast_and_a_remembered_one_is_not() -> None:
    cast = _cast("Jun climbed aboard. The ferryman said the crossing would be rough. Jun "
                 "thought her brother was never coming home.")
    assert set(cast) == {"Jun", "Ferryman"}


@pytest.mark.parametrize("line", [
    "EXT. DOCK - DAWN\n\nKENJI, a gangly deckhand with a shaved head, coils a rope.\n",
    "EXT. DOCK - DAWN\n\nAt the rail, Kenji Mori, thirties, gangly, coils a rope.\n",
])
def test_a_screenplay_brings_someone_in_in_capitals_or_with_an_age(line: str) -> None:
    cast = _cast(line)
    assert len(cast) == 1
    (kenji,) = cast.values()
    assert kenji.name.startswith("Kenji") and kenji.look.build == "gangly"


def test_a_lyric_line_dresses_a_name_by_its_own_pronoun() -> None:
    cast = _cast("Young Ellie Marsh in her Sunday gloves\nWaiting by the church for the one "
                 "she loves\nHer hat as white as snow\n")
    (ellie,) = cast.values()
    assert ellie.name == "Ellie Marsh" and ellie.look.age == "young"
    assert ("white", "hat") in _wardrobe(ellie)


def test_a_described_body_part_is_a_mark() -> None:
    cast = _cast("Barnaby the beetle had a shiny purple back and a bent antenna. Barnaby "
                 "sighs.")
    marks = cast["Barnaby"].look.marks
    assert "shiny purple back" in marks and "bent antenna" in marks


# -- round three --------------------------------------------------------------------------


def test_a_full_name_before_a_plain_verb_and_a_colour_word_in_hair() -> None:
    cast = _cast("The inn was empty when Agathe Rousseau came home. She was a wiry woman with "
                 "cropped steel-grey hair.")
    assert set(cast) == {"Agathe Rousseau"}
    assert cast["Agathe Rousseau"].look.hair == "cropped steel-grey hair"


def test_he_reaches_past_a_woman_to_the_one_whose_gender_is_not_known_yet() -> None:
    cast = _cast("Dorota smiled at a shy potter called Emeka. She made tea. Later he wore a "
                 "brown apron and showed her his wheel.")
    assert ("brown", "apron") in _wardrobe(cast["Emeka"])
    assert cast["Dorota"].look.wardrobe == []


def test_a_role_as_a_cue_is_the_role_in_the_action() -> None:
    cast = _cast("INT. BAR - NIGHT\n\nA WAITER, elderly and slow, in a white jacket, wipes "
                 "a glass.\n\nWAITER\nWe are closed.\n\nThe waiter turns off the light.\n")
    assert list(cast) == ["Waiter"]
    assert cast["Waiter"].look.age == "old"
