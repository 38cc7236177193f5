"""The illustration library: words to drawings with real-world sizes, rendered and lit."""

from __future__ import annotations

import numpy as np
import pytest

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.art import library, render
from vidstudio.providers.local.paint.painter import paint_keyframe


def test_the_library_holds_thousands_of_drawings_and_names() -> None:
    assert library.count() >= 2500
    assert library.names_count() >= 2000


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("a giraffe", "giraffe"),
        ("two wolves", "wolf"),  # plural
        ("the police cars", "police-car"),  # a longer name wins over "car"
        ("an old sofa", "couch-and-lamp"),  # the project's synonyms
        ("a hippo", "hippopotamus"),
        ("microscope", "microscope"),  # the drawing's own name
        ("a spouting whale", "spouting-whale"),  # the CLDR spoken name
        ("lorry", "articulated-lorry"),
    ],
)
def test_words_find_their_drawing(words: str, name: str) -> None:
    found = library.find(words)
    assert found is not None and found.name == name


@pytest.mark.parametrize("words", ["a woman", "the keeper", "the sea", "a storm", "time"])
def test_people_places_and_weather_are_not_drawings(words: str) -> None:
    # People are painted by hand, places and weather by the painter's recipes.
    assert library.find(words) is None


def test_free_text_yields_the_things_it_names_in_order() -> None:
    text = ("A fox chases two rabbits past the police car while a helicopter circles over the "
            "lake and the engineer drinks coffee in the morning.")
    names = [m.drawing.name for m in library.find_all(text)]
    # CLDR keywords are not used on free text: "circles", "lake", "morning", "engineer" and
    # "two" name nothing.
    assert names == ["fox", "rabbit", "police-car", "helicopter", "hot-beverage"]


def test_drawings_know_their_real_size_and_where_they_rest() -> None:
    giraffe, dog, cat = (library.drawing(n) for n in ("giraffe", "dog", "cat"))
    assert giraffe is not None and dog is not None and cat is not None
    assert giraffe.height_m > dog.height_m > cat.height_m
    anchors = {n: library.drawing(n).anchor  # type: ignore[union-attr]
               for n in ("whale", "helicopter", "framed-picture", "bus")}
    assert anchors == {"whale": "water", "helicopter": "sky", "framed-picture": "wall",
                       "bus": "ground"}
    assert library.drawing("dog").unicode_name == "dog"  # type: ignore[union-attr]


def test_person_drawings_have_skin_tone_variants_for_the_cast() -> None:
    assert library.variant("astronaut", 2) == "astronaut-medium"
    assert library.variant("giraffe", 2) == "giraffe"


def test_a_drawing_renders_to_the_height_asked_cropped_to_what_is_drawn() -> None:
    image = render.rgba("giraffe", 120)
    assert image.shape[0] == 120 and image.shape[2] == 4
    alpha = image[:, :, 3]
    # Cropped: every edge row and column has some paint.
    assert alpha[0].max() > 0 and alpha[-1].max() > 0
    assert alpha[:, 0].max() > 0 and alpha[:, -1].max() > 0
    assert render.rgba("giraffe", 120) is image  # cached
    with pytest.raises(render.DrawingError):
        render.rgba("no-such-drawing", 40)


def _key(env: EnvironmentSpec, prompt: str) -> dict[str, object]:
    painting = paint_keyframe(env, size=(192, 108), seed=2, variant=0, shot=ShotType.WIDE,
                              camera=CameraMove.STATIC, frame="first", prompt=prompt)
    return {"meta": painting.meta, "image": np.asarray(painting.image.convert("RGB"))}


def test_the_keyframe_records_what_it_drew_and_where() -> None:
    env = EnvironmentSpec("Savanna", "grassland")
    meta = _key(env, "Wide shot. Subject: a giraffe, walking; a helicopter.")["meta"]
    drawn = meta["subjects"]  # type: ignore[index]
    assert [d["drawing"] for d in drawn] == ["giraffe", "helicopter"]
    assert [d["anchor"] for d in drawn] == ["ground", "sky"]
    for d in drawn:
        x0, y0, x1, y1 = d["frame_box"]
        assert 0.0 <= x0 < x1 <= 1.0 and 0.0 <= y0 < y1 <= 1.0  # inside the frame, not cut


def test_drawings_are_lit_by_the_scene() -> None:
    def subject_brightness(time: TimeOfDay) -> float:
        env = EnvironmentSpec("Savanna", "grassland", time_of_day=time)
        with_it = _key(env, "Subject: a giraffe.")
        without = _key(env, "")
        image = with_it["image"]
        changed = np.abs(image.astype(int) - without["image"].astype(int)).sum(axis=2) > 30
        return float(image[changed].mean())  # type: ignore[index]

    assert subject_brightness(TimeOfDay.NIGHT) < 0.75 * subject_brightness(TimeOfDay.DAY)


def test_space_shows_drawings_floating() -> None:
    env = EnvironmentSpec("Orbit", "outer space", weather=Weather.CLEAR)
    drawn = _key(env, "Subject: a rocket.")["meta"]["subjects"]  # type: ignore[index]
    assert [(d["drawing"], d["anchor"]) for d in drawn] == [("rocket", "sky")]
