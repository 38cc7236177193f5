"""A scene shows every concrete thing it names (issue 23, session 7): up to five subjects, the
hand-painted things the library has no drawing of, small things on a table indoors, none over
another or cut by the frame; a speaker named by their role is in the scene; a bracket inside a
paragraph is what the script asks to see; a likeness ("round as a plate") is not a thing."""

from __future__ import annotations

from typing import Any

import pytest

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.paint.painter import paint_keyframe
from vidstudio.providers.local.paint.subjects import parse_subjects
from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.planner.segment import parse_script
from vidstudio.providers.local.planner.subjects import describe_subjects


def _subjects(sentence: str, setting: str = "landscape") -> str:
    return describe_subjects([sentence], {}, setting=setting)


def test_every_thing_a_sentence_names_up_to_six() -> None:
    line = _subjects("She cracked the eggs into a blue mixing bowl, added milk from a glass "
                     "jug, and set the kettle beside a bottle and a spoon.", "interior")
    # She and five things, six at most: the spoon is left out.
    assert line == "Subject: a woman; an egg; a bowl; a jug; a kettle; a bottle.", line


@pytest.mark.parametrize(("sentence", "setting", "wanted", "unwanted"), [
    ("The boats rock in the harbour and the lighthouse blinks.", "harbour", "a lighthouse", ""),
    ("The train thunders across the bridge.", "river", "a bridge", ""),
    ("She heated the pan on the old stove.", "interior", "a stove", ""),
    ("A thief picks the lock of a steel safe by torchlight.", "interior", "safe", ""),
    ("The moon rises over the hill.", "landscape", "a moon", ""),
    ("A small cottage stands at the edge of the wood.", "forest", "a cottage", ""),
    ("She climbs the stairs inside the old lighthouse.", "coast", "", "lighthouse"),
    ("The tractor rests inside the red barn.", "landscape", "a tractor", "barn"),
    ("He felt safe at home.", "interior", "", "safe"),
    ("Waves the size of houses broke on the rocks.", "coast", "", "house"),
    ("The moon at the window is round as a plate.", "landscape", "a moon", "plate"),
    ("Today you cook dinner and we fish.", "interior", "", "cook"),
    ("The camera pans left and she leaves.", "city", "", "pan"),
    ("The dining car rattles through the night.", "interior", "", "car"),
])
def test_painted_things_and_words_that_are_not_things(sentence: str, setting: str, wanted: str,
                                                      unwanted: str) -> None:
    line = _subjects(sentence, setting)
    assert wanted in line, line
    if unwanted:
        assert unwanted not in line, line


def test_a_bracket_inside_a_paragraph_is_a_visual_direction() -> None:
    script = parse_script("[A dark stage. A woman walks into the spotlight holding a "
                          "microphone.] Good morning, everyone! Today we change how you cook.")
    directions = [text for seg in script.segments for kind, text in seg.directions
                  if kind == "visual"]
    assert any("microphone" in d for d in directions), directions


def test_a_speaker_named_by_role_is_in_the_scene() -> None:
    plan = build_plan("SCENE 1. The dining car of the night express.\n"
                      "WAITER: Your wine, madame.\n"
                      "NARRATOR: A woman sits alone at a table by the window.\n")
    subjects = " ".join(s.first_frame_prompt for s in plan.scenes)
    assert "a waiter" in subjects and "a woman" in subjects, subjects
    assert "a car" not in subjects  # the dining car is the place


def test_the_painter_reads_the_painted_things() -> None:
    kinds = [(s.kind, s.noun, s.anchor) for s in parse_subjects(
        "a lighthouse; an oven; a safe; a moon; a bridge;")]
    assert kinds == [("lighthouse", "lighthouse", "far"), ("oven", "oven", "ground"),
                     ("safe", "safe", "ground"), ("moon", "moon", "sky"),
                     ("bridge", "bridge", "far")]


def _paint(setting: str, subject: str) -> list[dict[str, Any]]:
    env = EnvironmentSpec("Place", setting, "", time_of_day=TimeOfDay.DAY)
    painting = paint_keyframe(env, size=(192, 108), seed=3, variant=0, shot=ShotType.MEDIUM,
                              camera=CameraMove.STATIC, frame="first", action="",
                              prompt=f"Subject: {subject}.")
    return list(painting.meta["subjects"])


def _overlap(a: list[float], b: list[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


def test_small_things_indoors_stand_on_one_table_clear_of_each_other_and_the_frame() -> None:
    records = _paint("interior", "a woman, standing; a bowl; a teapot; a stove; a phone")
    assert [r["subject"] for r in records] == ["woman", "bowl", "teapot", "stove", "phone"]
    by = {r["subject"]: r for r in records}
    feet = by["woman"]["box"][3]
    # The bowl, the teapot and the phone stand on one table top, above the floor the woman
    # and the stove stand on.
    tops = {round(by[k]["box"][3], 3) for k in ("bowl", "teapot", "phone")}
    assert len(tops) == 1 and tops.pop() < feet - 0.03
    assert abs(by["stove"]["box"][3] - feet) < 0.02
    for i, a in enumerate(records):
        x0, y0, x1, y1 = a["frame_box"]
        assert 0.0 < x0 < x1 < 1.0 and 0.0 < y0 < y1 < 1.0, a
        for b in records[i + 1:]:
            smaller = min((a["box"][2] - a["box"][0]) * (a["box"][3] - a["box"][1]),
                          (b["box"][2] - b["box"][0]) * (b["box"][3] - b["box"][1]))
            assert _overlap(a["box"], b["box"]) < 0.25 * smaller, (a, b)


def test_things_aloft_do_not_cover_one_another() -> None:
    records = _paint("landscape", "a moon; an owl; a fruit bat")
    boxes = [r["box"] for r in records]
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            assert _overlap(a, b) < 0.1 * smaller, (a, b)


def test_without_water_a_whale_hangs_aloft_and_a_boat_is_not_drawn() -> None:
    records = _paint("interior", "a whale; a motor boat; a woman")
    drawn = {r["drawing"]: r for r in records}
    assert drawn["whale"]["anchor"] == "sky"
    assert "motor-boat" not in drawn
