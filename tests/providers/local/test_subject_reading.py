"""How a scene's words become subjects (issue 23, session 6's general fixes): role nouns are
people, a participle does not hide the noun after it, compounds win over the word inside them,
the narrator is drawn after what they see, landmarks seen from afar are drawn, and a comic's
panels are each their own shot."""

from __future__ import annotations

from vidstudio.providers.local.art import library
from vidstudio.providers.local.art.roles import is_role
from vidstudio.providers.local.paint.subjects import parse_subjects
from vidstudio.providers.local.planner.segment import parse_script
from vidstudio.providers.local.planner.subjects import describe_subjects


def _drawn(text: str) -> list[str]:
    return [m.drawing.name for m in library.find_all(text)]


def test_the_noun_after_a_participle_is_the_thing_and_food_has_its_names() -> None:
    # A treasure chest has no drawing (a toolbox is not one): a locked suitcase shows the rule.
    assert _drawn("Puzzle: a locked suitcase sits in the library.") == ["luggage"]
    assert _drawn("He clutches his chest.") == []
    assert _drawn("A little robot waters a sunflower.") == ["robot", "sunflower"]
    assert _drawn("We ate ramen in a tiny bar.") == ["steaming-bowl"]
    assert _drawn("I bought a paper lantern.") == ["red-paper-lantern"]
    assert getattr(library.find("lantern"), "name", None) == "red-paper-lantern"


def test_people_named_by_a_role_are_people() -> None:
    assert all(is_role(w) for w in ("player", "goalkeeper", "shopkeeper", "blacksmith",
                                    "postman", "narrator"))
    assert not any(is_role(w) for w in ("snowman", "ottoman", "coffeemaker", "ball"))
    assert describe_subjects(["The players run out onto the pitch."], {}) == \
        "Subject: two players, running."
    assert describe_subjects(["He shoots! The ball flies past the goalkeeper."], {}) == \
        "Subject: a man; a ball; a goalkeeper."


def test_the_narrator_is_drawn_after_what_they_see() -> None:
    seen = describe_subjects(["From my window I can see a yellow taxi and a man selling hot "
                              "dogs on the corner."], {})
    assert seen == "Subject: a yellow taxi; a man; a hot dog; a person."
    alone = describe_subjects(["I am sitting by the radiator with a mug and my guitar."], {})
    assert alone == "Subject: a mug; a guitar; a person, sitting."


def test_a_landmark_seen_from_afar_is_a_subject_but_not_the_place_a_scene_is_in() -> None:
    ride = ["We rode the bullet train and watched Mount Fuji slide past the window."]
    assert describe_subjects(ride, {}, setting="city") == "Subject: a bullet train; a mountain."
    climb = ["We climbed the mountain at dawn."]
    assert describe_subjects(climb, {}, setting="mountains") == ""
    assert describe_subjects(["A dragon flew over the castle."], {}) == \
        "Subject: a dragon; a castle."
    assert "castle" not in describe_subjects(["A dragon sleeps inside the castle."], {})


def test_the_painter_reads_two_people_a_compound_and_a_hung_thing() -> None:
    kinds = [(s.kind, s.noun, s.art) for s in parse_subjects("a man; a ball; a goalkeeper;")]
    assert kinds == [("person", "man", ""), ("art", "ball", "soccer-ball"),
                     ("person", "goalkeeper", "")]
    assert [s.art for s in parse_subjects("a hot dog;")] == ["hot-dog"]
    cat = parse_subjects("a black cat, lying;")[0]
    assert (cat.kind, cat.pose) == ("cat", "lying")  # painted curled up, not the drawing
    hung = parse_subjects("a spider; a chandelier;")[1]
    assert (hung.kind, hung.in_sky) == ("chandelier", True)
    far = parse_subjects("a bullet train; a mountain;")[1]
    assert (far.noun, far.anchor) == ("mountain", "far")


def test_each_panel_of_a_comic_is_its_own_shot_and_not_a_speaker() -> None:
    parsed = parse_script("PANEL 1: A robot waters a sunflower.\n\nPANEL 2: A pigeon lands.\n\n"
                          "PANEL 3: Sunset. They share a sandwich.\n")
    passages = [p for s in parsed.segments for p in s.passages]
    assert [p.text for p in passages] == ["A robot waters a sunflower.", "A pigeon lands.",
                                          "Sunset. They share a sandwich."]
    assert {p.kind for p in passages} == {"action"}
    assert len([s for s in parsed.segments if s.passages]) == 3


def test_a_railway_station_is_a_platform_not_a_street() -> None:
    from vidstudio.providers.base import EnvironmentSpec
    from vidstudio.providers.local.paint.settings import archetype_of
    from vidstudio.providers.local.planner.build import build_plan

    plan = build_plan("[A small railway station at night. A bench, a clock above the door.]\n"
                      "The last train is late again.\n")
    env = plan.environments[0]
    assert "railway platform" in env.description and "streets" not in env.description
    spec = EnvironmentSpec(env.name, env.setting, env.description)
    assert archetype_of(spec) == "station"
    for other in ("Gas Station", "Space Station", "Station Road"):
        assert archetype_of(EnvironmentSpec(other, "city", "")) != "station"
