"""Which subjects a scene keeps and whether they are seen: an opening address is nobody in the
picture, a fable's animal told of as "she" is the animal, a body part or a verb is no thing, a
building the scene stands outside is drawn, one bird is its drawing, and nothing is cut by the
frame's edge in either keyframe of a close move."""

from __future__ import annotations

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.paint.painter import paint_keyframe
from vidstudio.providers.local.paint.subjects import parse_subjects
from vidstudio.providers.local.planner.subjects import animal_pronouns, describe_subjects


def test_an_opening_address_is_not_in_the_picture() -> None:
    line = describe_subjects(["Ladies and gentlemen, boys and girls, here come the clowns in "
                              "a tiny car!"], {})
    assert "clowns" in line and "car" in line
    assert not any(w in line for w in ("gentlemen", "boys", "girls", "ladies"))
    # People named in the scene itself still are: "Boys and girls run to the gate."
    assert "boys" in describe_subjects(["The boys and girls run to the gate."], {})


def test_an_animal_told_of_as_a_person_is_drawn_for_its_pronoun() -> None:
    story = ("Deep in the wood lived an old badger who kept a lantern by his door. "
             "One winter night he heard a knock.")
    pronouns = animal_pronouns(story)
    assert pronouns == {"he": "badger"}
    assert describe_subjects(["He heard a knock."], {}, pronouns=pronouns) == "Subject: a badger."
    assert describe_subjects(["She heard a knock."], {}, pronouns=pronouns) == "Subject: a woman."
    # A person named between the animal and the pronoun is whom the pronoun means.
    assert animal_pronouns("There was a dog who barked at the postman. He shouted back.") == {}
    assert animal_pronouns("A boy who loved kites ran out. He laughed.") == {}


def test_a_body_part_or_a_verb_is_no_thing_of_its_own() -> None:
    assert "feather" not in describe_subjects(["The owl ruffled her feathers on the branch."], {})
    assert "feather" in describe_subjects(["A single feather lies on the sill."], {})
    wheeled = describe_subjects(["Two porters wheel in a piano."], {})
    assert "wheel" not in wheeled and "piano" in wheeled
    assert "wheel" in describe_subjects(["The cart lost a wheel in the mud."], {})
    assert "clamp" not in describe_subjects(["Mark the plank, clamp it to the bench."], {})
    assert "clamp" in describe_subjects(["The clamp holds it tight."], {})
    # A word inside a proper name is no thing: "Mill Street" has no mill.
    assert "mill" not in describe_subjects(["They row a boat down Mill Street."], {})
    # A part of the place after a preposition says where: "in the front doorway".
    assert "doorway" not in describe_subjects(["The sofa is stuck in the front doorway."], {})
    assert "Mill" not in describe_subjects(["They row a boat down Mill Street."], {})


def test_a_building_the_scene_stands_outside_is_drawn_in_the_open() -> None:
    from vidstudio.providers.local.planner.build import build_plan

    plan = build_plan("The old farmer waits outside the little stone church, hat in hand.")
    env = plan.environments[0]
    assert env.setting not in ("interior", "workshop")
    assert "church" in (plan.scenes[0].first_frame_prompt or "")
    inside = build_plan("The old farmer waits inside the little stone church, hat in hand.")
    assert inside.environments[0].setting == "interior"


def test_one_bird_is_its_drawing_and_a_flock_is_painted() -> None:
    one = parse_subjects("a crow;")[0]
    assert one.kind == "art" and one.art
    assert parse_subjects("a flock of crows;")[0].kind == "birds"


def test_subjects_stay_clear_of_the_frame_edge_in_both_keyframes_of_a_close_move() -> None:
    env = EnvironmentSpec("Smithy", "workshop", "a village smithy")
    action = "The crow watched from the sill as the blacksmith set the kettle on the stove."
    prompt = (f"{action}. Subject: a crow; a fire; a blacksmith; a kettle; a stove.")
    size = (240, 135)
    for frame in ("first", "last"):
        painting = paint_keyframe(env, size=size, seed=1, variant=0, shot=ShotType.CLOSE_UP,
                                  camera=CameraMove.CRANE_UP, frame=frame, action=action,
                                  prompt=prompt)
        boxes = [r["frame_box"] for r in painting.meta["subjects"]]
        assert len(boxes) >= 4
        for x0, y0, x1, y1 in boxes:
            # Two pixels of room at this size on every side: the ink line is not cut.
            assert x0 * size[0] >= 2 and x1 * size[0] <= size[0] - 2, (frame, x0, x1)
            assert y0 * size[1] >= 2 and y1 * size[1] <= size[1] - 2, (frame, y0, y1)


def test_a_dark_animal_in_a_dark_place_is_lit_to_be_seen() -> None:
    from vidstudio.core.vocabulary import Weather
    from vidstudio.providers.local.paint.look import Look
    from vidstudio.providers.local.paint.palette import make_palette
    from vidstudio.providers.local.paint.subjects import _lit, _luma

    night = Look(make_palette(TimeOfDay.NIGHT, Weather.CLEAR, "", 0.5, 0.5), 0.3)
    day = Look(make_palette(TimeOfDay.DAY, Weather.CLEAR, "", 0.5, 0.5), 0.3)
    black = night.body((28, 28, 32))
    world = _luma(night.body((128, 128, 128)))
    assert _luma(_lit(night, black)) >= world + 35  # above the night's mid tone
    assert _lit(day, day.body((28, 28, 32))) == day.body((28, 28, 32))  # by day as it is
    white = night.body((236, 236, 230))
    assert _lit(night, white) == white or _luma(_lit(night, white)) >= _luma(white)


def test_the_sentence_that_says_where_the_scene_is_leads_its_subjects() -> None:
    from vidstudio.providers.local.planner.build import build_plan

    # One shot for the paragraph: its busiest sentence tells of another place (the vase at
    # home); the one that names the market shows the scene.
    plan = build_plan("Thursday, dawn. Two guards and I arrested him at the fish market as he "
                      "tried to slip away between the crates of ice and live lobsters. The vase "
                      "is back over the fireplace, "
                      "and the parrot said \"liar\" twice. Case closed.", max_scenes=1)
    assert plan.scenes[0].action.startswith("The vase")
    from vidstudio.providers.local.planner.extract import _place_sentence

    # Whole words of the place's name: "cold" is not "old".
    assert _place_sentence(["It was cold by the windmills.", "The old mill turned."], "Old Mill",
                           None) == "The old mill turned."
    assert "Featuring" in (prompt := plan.scenes[0].first_frame_prompt or "")
    assert "lobster" in prompt.split("Featuring")[0]


def test_a_barn_is_a_place_of_its_own() -> None:
    from vidstudio.providers.local.planner.build import build_plan

    plan = build_plan("The guests dance between the hay bales in the old barn.")
    assert [(e.name, e.setting) for e in plan.environments] == [("Old Barn", "interior")]


def test_a_thing_named_again_beats_a_passing_mention() -> None:
    line = describe_subjects(["The cook cracks an egg into a bowl.",
                              "A jug of milk, a fork, a kettle and a spoon wait on the table.",
                              "She beats the egg with the fork."], {}, limit=5)
    assert "fork" in line and "kettle" not in line and "milk" not in line
    assert line.startswith("Subject: a cook; an egg; a bowl")  # the leading sentence's first
