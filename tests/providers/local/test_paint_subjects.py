"""The subject layer: who a shot is about, read from its words, drawn where it belongs."""

from __future__ import annotations

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.paint.painter import Painting, paint_keyframe
from vidstudio.providers.local.paint.subjects import COLOURS, parse_subjects, subject_text

STREET = EnvironmentSpec("Old Town Streets", "city", "city streets at night",
                         time_of_day=TimeOfDay.NIGHT, weather=Weather.RAIN)
MEADOW = EnvironmentSpec("Meadow", "landscape", "an open meadow")


def test_the_planners_subject_sentence_is_read_as_a_list() -> None:
    prompt = ("Wide shot of the street. Marina walks. Subject: a woman in a red raincoat, "
              "walking; a black cat, lying. Lighting: night.")
    subjects = parse_subjects(subject_text(prompt, "Marina walks"))
    assert [s.kind for s in subjects] == ["person", "cat"]
    assert subjects[0].pose == "walking" and subjects[0].colour == COLOURS["red"]
    assert subjects[1].pose == "lying" and subjects[1].colour == COLOURS["black"]


def test_free_action_text_is_read_too() -> None:
    subjects = parse_subjects("A sleepy cat lay curled on the stone wall, ignoring them all")
    assert subjects[0].kind == "cat" and subjects[0].pose == "lying"
    rider = parse_subjects("a courier in a yellow jacket, riding a motorbike;")
    assert rider[0].kind == "person" and rider[0].rides == "motorbike"
    # An animal that is not curled up is the library's drawing of it, unless the library
    # draws only its head: the lion is painted by hand.
    giraffe = parse_subjects("A giraffe walks out of the dust")[0]
    assert (giraffe.kind, giraffe.art, giraffe.anchor) == ("art", "giraffe", "ground")
    assert parse_subjects("A lion walks out of the dust")[0].kind == "lion"


def _key(env: EnvironmentSpec, prompt: str, frame: str, shot: ShotType = ShotType.WIDE
         ) -> Painting:
    return paint_keyframe(env, size=(160, 90), seed=3, variant=0, shot=shot,
                          camera=CameraMove.PUSH_IN, frame=frame, action="", prompt=prompt)


def test_first_and_last_keyframe_show_the_same_subject() -> None:
    first = _key(STREET, "Opening. Subject: a woman in a red raincoat, walking.", "first")
    last = _key(STREET, "Closing, framed closer. Subject: a woman in a red raincoat, walking.",
                "last")
    assert first.world.world_id == last.world.world_id
    assert "woman" in first.world.objects


def test_boats_never_stand_on_grass() -> None:
    painting = _key(MEADOW, "Subject: a boat.", "first")
    layers = {layer.name for layer in painting.layers}
    assert "mid" in layers
    # The boat is listed but has no water to float on, so nothing is placed for it: the focus
    # stays on the meadow's ground line, not on a boat hull.
    assert painting.meta["objects"][-1] == "boat"


def test_shot_type_changes_the_framing_not_the_subject() -> None:
    wide = _key(MEADOW, "Subject: a fox, walking.", "first", ShotType.WIDE)
    close = _key(MEADOW, "Subject: a fox, walking.", "first", ShotType.CLOSE_UP)
    assert wide.world.objects == close.world.objects
    assert close.pose.zoom > wide.pose.zoom
