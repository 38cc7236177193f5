"""Which subjects a scene keeps and how the painter records them: one sentence per rule, in
words of our own (issue 23, session 10)."""

from __future__ import annotations

from vidstudio.providers.local.paint.subjects import parse_subjects
from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.planner.subjects import describe_subjects


def test_a_ship_or_an_inn_named_in_capitals_is_a_name_not_an_animal() -> None:
    line = describe_subjects(
        ["They boarded the schooner Grey Heron, and later drank at the Golden Goose."], {})
    assert "heron" not in line and "goose" not in line, line
    assert "schooner" in line or "ship" in line or "boat" in line, line


def test_she_after_a_named_girl_is_that_girl() -> None:
    line = describe_subjects(
        ["Next door is Lena, a small girl, and she hugs a teddy bear."], {"lena": "woman"})
    assert "woman" not in line and "girl" in line and "teddy bear" in line, line


def test_a_role_said_of_a_person_is_how_they_are_drawn() -> None:
    line = describe_subjects(["On the bridge waits the captain, an old pirate."], {})
    assert "pirate" in line and "captain" not in line, line
    called = describe_subjects(["We meet a gardener called Omar, humming."], {"omar": "man"})
    assert called.count(";") == 0 and "gardener" in called, called


def test_a_short_title_before_a_name_is_the_role() -> None:
    line = describe_subjects(["Dr Okafor reads the chart by the window."], {"okafor": "man"})
    assert "doctor" in line, line
    staffed = describe_subjects(["He waits by the porters' lodge."], {})
    assert "porters" not in staffed, staffed


def test_whose_a_thing_is_does_not_take_its_place() -> None:
    line = describe_subjects(["She leans on the truck's bonnet with a hammer."], {})
    assert "truck" not in line and "hammer" in line, line


def test_what_a_person_carries_is_drawn_and_recorded() -> None:
    subjects = parse_subjects("a woman with a suitcase; a dog;")
    assert [s.kind for s in subjects][:2] == ["person", "art"]
    assert subjects[1].noun == "suitcase" and subjects[1].height <= 0.5
    lamp = parse_subjects("a man with a lantern;")
    assert len(lamp) == 1 and lamp[0].lantern


def test_the_role_not_the_gender_names_the_figure() -> None:
    (keeper,) = parse_subjects("a woman keeper, walking;")
    assert keeper.kind == "person" and keeper.noun == "keeper"


def test_a_painted_building_keeps_the_word_that_says_which() -> None:
    (tower,) = parse_subjects("a clock tower;")
    assert tower.noun == "clock tower"
    (plain,) = parse_subjects("an old tower;")
    assert plain.noun == "tower"


def test_outside_a_named_church_is_in_the_open_with_the_church_drawn() -> None:
    plan = build_plan("The choir gathers outside St Anne's church at noon, laughing.\n")
    (env,) = plan.environments
    assert env.setting != "interior", env
    assert "church" in (plan.scenes[0].first_frame_prompt or "").split("Subject:")[-1]


def test_a_named_person_met_again_is_the_same_figure() -> None:
    line = describe_subjects(["A gardener named Ines waters the roses.", "Ines waves."],
                             {"ines": "woman"})
    assert line.count("gardener") == 1 and "a woman;" not in line, line


def test_the_tool_of_what_a_person_is_doing_is_seen() -> None:
    line = describe_subjects(["A porter is sweeping the yard at dawn."], {})
    assert "porter" in line and "broom" in line, line


def test_a_comparison_is_no_thing_in_the_scene() -> None:
    line = describe_subjects(["The sea rose higher than a house, and a gull cried."], {})
    assert "house" not in line and "gull" in line, line


def test_a_place_said_as_a_plan_is_not_where_the_scene_is() -> None:
    plan = build_plan("We drift in the rain; we'll be home by dark.\n")
    (env,) = plan.environments
    assert env.setting != "interior", env


def test_a_scene_naming_six_things_draws_six() -> None:
    line = describe_subjects(["On the stall lie a kettle, a lamp, a clock, a guitar, a bucket "
                              "and a violin."], {})
    assert line.count(";") == 5, line
    subjects = parse_subjects(line.removeprefix("Subject: "))
    assert len(subjects) == 6, subjects


def test_a_place_told_of_elsewhere_is_not_drawn() -> None:
    told = ["He hurt his knee in his orchard, and a cane now leans on the bed."]
    assert "tree" not in describe_subjects(told, {}, setting="interior")
    hut = describe_subjects(["We sheltered in a stone hut."], {}, setting="interior")
    assert "hut" in hut or "house" in hut, hut


def test_a_named_role_told_twice_is_one_figure() -> None:
    line = describe_subjects(["By the gate the guard, Ada, waited with a lantern.",
                              "The guard, Ada, waited with a lantern"], {"ada": "woman"})
    assert line.count("guard") == 1, line


def test_a_person_word_before_a_verb_is_the_person() -> None:
    line = describe_subjects(["In the hall the boy drums on the table."], {})
    assert "boy" in line and "drum" in line, line
    assert "grandfather" not in describe_subjects(["A grandfather clock ticks."], {})


def test_whose_a_thing_is_is_not_where_the_scene_is() -> None:
    plan = build_plan("At dawn she stands on the cliff, the office's red flag in her hand.\n")
    (env,) = plan.environments
    assert env.setting not in ("interior", "workshop"), env
