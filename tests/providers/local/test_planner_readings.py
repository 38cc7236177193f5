"""The planner's readings on small scripts of each form: people are not places, each scene takes
the place, hour and weather its own words name, and only spoken lines are narrated."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.planner.people import find_people

if TYPE_CHECKING:
    from vidstudio.core.plan import Plan

SCREENPLAY = """\
EXT. OLD TOWN STREETS - NIGHT
Rain-soaked cobbles shine under the streetlights. MARINA (30s), in a red raincoat, walks fast
past the shuttered shops, a black cat at her heels.

INT. GRAND CASINO - NIGHT
Chandeliers blaze over the roulette tables. A crowd of gamblers turns as Marina pushes in.

INT. VR LAB - DAY
Rows of monitors glow in the lab. DR. OKAFOR (50s) straps a headset onto a volunteer.

DR. OKAFOR
Breathe. The world you see is not the world you're in.
"""

TRAILER = """\
[Wide shot: a desert highway at sunset, heat haze rising.]
VOICE-OVER: In a world running out of roads, one courier still delivers.
[A courier on a motorbike tears past the camera, a yellow jacket flapping.]
(Quick cuts between the bike's speedometer and a dust storm on the horizon.)
VOICE-OVER: No map. No signal. No second chances.
[Night. Neon-lit streets of a city in the rain.]
NARRATOR: This winter, the last delivery is the one that matters.
The artistic style is gritty and desaturated, like a 1970s road movie.
END OF TEASER.
"""

MUSIC_VIDEO = """\
Title: Concrete Summer

Intro:
A skater in a blue hoodie rolls down an empty street at dawn.

Verse 1:
We were kids on the rooftops, counting planes,
Every summer felt like it would never end.

Outro: The sun goes down behind the river, and we ride home.
"""

PROSE = """\
Marina walks along the old pier at dusk, her grey coat buttoned against the wind. She stops
to watch the gulls.

Later that night, Marina sits alone in a quiet café, a cup of coffee cooling in front of her.
"""

IDEA = "A sleepy cat dozes on a windowsill in the rain."


def _narration(plan: Plan) -> str:
    return " ".join(scene.narration for scene in plan.scenes)


def _env(plan: Plan, index: int) -> str:
    scene = plan.scenes[index]
    return next(e.setting for e in plan.environments if e.id == scene.environment_id)


def _time(plan: Plan, index: int) -> TimeOfDay:
    scene = plan.scenes[index]
    env = next(e for e in plan.environments if e.id == scene.environment_id)
    return scene.time_of_day or env.time_of_day


def _weather(plan: Plan, index: int) -> Weather:
    scene = plan.scenes[index]
    env = next(e for e in plan.environments if e.id == scene.environment_id)
    return scene.weather or env.weather


def _is_whole_sentence(text: str) -> bool:
    return bool(text) and text[0].isupper() and text[-1] in ".!?\"'”"


# ------------------------------------------------------------------------- people vs places
def test_a_name_that_walks_is_a_woman_not_a_harbour() -> None:
    plan = build_plan(PROSE)
    assert find_people(PROSE) == {"marina": "woman"}
    # The pier is a harbour; the café is an interior; Marina makes neither.
    assert _env(plan, 0) == "harbour"
    assert _env(plan, len(plan.scenes) - 1) == "interior"
    assert all("marina" not in env.name.lower() for env in plan.environments)
    assert "a woman" in plan.scenes[0].first_frame_prompt


def test_a_name_alone_is_still_a_place() -> None:
    plan = build_plan("The boats rocked gently in the marina at dawn.")
    assert plan.environments[0].setting == "harbour"
    assert find_people("Paris glowed under the rain. The city slept.") == {}


def test_screenplay_characters_are_people_with_their_clothes() -> None:
    people = find_people(SCREENPLAY)
    assert set(people) == {"marina", "okafor"}
    plan = build_plan(SCREENPLAY)
    scene = next(s for s in plan.scenes if "raincoat" in s.narration)
    first = scene.first_frame_prompt
    assert "Subject: a woman in a red raincoat, walking" in first
    assert "cat" in first
    # The subject is the same at both ends of the shot.
    subject = re.search(r"Subject: [^.]*\.", first)
    assert subject is not None
    assert subject.group(0) in scene.last_frame_prompt


# --------------------------------------------------------------- environment, hour, weather
def test_each_slugline_scene_gets_its_own_place_hour_and_weather() -> None:
    plan = build_plan(SCREENPLAY)

    def scene_of(words: str) -> int:
        return next(i for i, s in enumerate(plan.scenes) if words in s.narration)

    street, casino, lab = scene_of("raincoat"), scene_of("roulette"), scene_of("monitors")
    assert [_env(plan, i) for i in (street, casino, lab)] == ["city", "interior", "workshop"]
    assert _time(plan, street) == TimeOfDay.NIGHT
    assert _weather(plan, street) == Weather.RAIN  # "rain-soaked"
    assert _time(plan, casino) == TimeOfDay.NIGHT
    assert _time(plan, lab) == TimeOfDay.DAY
    names = [env.name.lower() for env in plan.environments]
    assert any("casino" in name for name in names)
    assert any("lab" in name for name in names)


def test_trailer_scenes_follow_their_bracketed_directions() -> None:
    plan = build_plan(TRAILER)
    assert _env(plan, 0) == "highway"
    assert _time(plan, 0) == TimeOfDay.DUSK
    assert _weather(plan, 0) == Weather.CLEAR  # heat haze is no fog
    streets = next(i for i, s in enumerate(plan.scenes) if "Neon" in s.action)
    assert _env(plan, streets) == "city"
    assert _time(plan, streets) == TimeOfDay.NIGHT
    assert _weather(plan, streets) == Weather.RAIN
    courier = next(s for s in plan.scenes if "motorbike" in s.action)
    assert "riding a motorbike" in courier.first_frame_prompt


def test_song_sections_and_hours() -> None:
    plan = build_plan(MUSIC_VIDEO)
    assert plan.title == "Concrete Summer"
    assert _env(plan, 0) == "city"
    assert _time(plan, 0) == TimeOfDay.DAWN
    assert _time(plan, len(plan.scenes) - 1) == TimeOfDay.DUSK
    assert "skater in a blue hoodie" in plan.scenes[0].first_frame_prompt


def test_environment_limit_merges_alike_places_and_says_so() -> None:
    script = SCREENPLAY + "\nEXT. HARBOUR - DAWN\nFishing boats rock on the grey water.\n"
    plan = build_plan(script, max_environments=3)
    settings = {env.setting for env in plan.environments}
    # The two rooms stay apart; the two town places outdoors share one environment.
    assert {"interior", "workshop"} <= settings
    assert any(note.startswith("Merged:") for note in plan.notes)


def test_one_line_idea() -> None:
    plan = build_plan(IDEA)
    assert len(plan.scenes) == 1
    assert _weather(plan, 0) == Weather.RAIN
    assert "Subject: a cat, lying" in plan.scenes[0].first_frame_prompt


# ----------------------------------------------------------------------- narration is spoken
def test_narration_skips_directions_style_notes_and_end_labels() -> None:
    plan = build_plan(TRAILER)
    spoken = _narration(plan)
    for unspoken in ("END OF TEASER", "artistic style", "Quick cuts", "Wide shot", "lion",
                     "courier on a motorbike", "VOICE-OVER", "NARRATOR"):
        assert unspoken.lower() not in spoken.lower()
    assert "one courier still delivers" in spoken
    assert "No second chances." in spoken


def test_narration_never_reads_labels_or_cues() -> None:
    screenplay = _narration(build_plan(SCREENPLAY))
    assert "DR. OKAFOR" not in screenplay and "(50s)" not in screenplay
    assert "Dr. Okafor" in screenplay or "Breathe." in screenplay
    song = _narration(build_plan(MUSIC_VIDEO))
    for label in ("Intro", "Verse", "Outro", "Title"):
        assert label not in song
    assert "The sun goes down behind the river" in song


def test_narration_is_whole_capitalised_sentences() -> None:
    for script in (SCREENPLAY, TRAILER, MUSIC_VIDEO, PROSE, IDEA):
        for scene in build_plan(script).scenes:
            if scene.narration:
                assert _is_whole_sentence(scene.narration), scene.narration
                assert not re.search(r"\b(?:and|the|a|of)\.$", scene.narration)
                assert ", Every" not in scene.narration


def test_prompts_have_no_article_slips() -> None:
    plan = build_plan("INT. KITCHEN - NIGHT\nShe waits.")
    prompts = [p for env in plan.environments for p in env.image_prompts]
    prompts += [s.first_frame_prompt for s in plan.scenes]
    assert not any(re.search(r"\bthe (?:a|an|the) ", p) for p in prompts)


# -------------------------------------------------------------------------- condensed scripts
def test_a_condensed_long_script_says_what_it_left_out() -> None:
    script = "\n\n".join(
        f"Paragraph {i}. The traveller reached the harbour at dawn and waited." for i in
        range(1, 61)
    )
    plan = build_plan(script, max_scenes=5)
    assert len(plan.scenes) == 5
    assert plan.notes and plan.notes[0].startswith("Condensed:")
    assert "60 passages" in plan.notes[0]


def test_a_short_script_has_no_notes() -> None:
    assert build_plan(IDEA).notes == []
