"""The offline planner end to end: sample scripts in, validated plans out."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from vidstudio.core.models import Settings
from vidstudio.core.plan import Plan, project_from_plan
from vidstudio.core.timeline import narration_window
from vidstudio.core.vocabulary import (
    IMAGES_PER_ENVIRONMENT,
    CameraMove,
    ShotType,
    TimeOfDay,
    Weather,
)
from vidstudio.providers.base import CallContext, InvalidRequestError, Planner, PlanRequest
from vidstudio.providers.local.planner import LocalPlanner, build_plan, random_script
from vidstudio.providers.local.planner.lexicon import SETTINGS
from vidstudio.providers.local.planner.text import speech_units

if TYPE_CHECKING:
    from pathlib import Path

# The three samples shipped in the package; the others are rebuilt here when the shared folder
# is absent, so these tests run anywhere.
UNICODE = (
    "夜の東京。雨が降っている。ネオンの光が濡れた路面に映る。\n"
    "Un vieux café parisien au petit matin, la vapeur monte des tasses.\n"
    "في الصحراء، تغرب الشمس خلف الكثبان الرملية الذهبية.\n"
)
_PLACES = ("train station", "harbor", "forest", "mountain pass", "desert", "city street",
           "kitchen", "library")
_TIMES = ("at noon", "at dawn", "in the evening", "at midnight")
_WEATHERS = ("in falling snow", "in a strong wind", "in heavy rain", "in thick fog",
             "under a clear sky")

SCREENPLAY = """THE KEEPER

FADE IN:

EXT. ROCKY COAST - NIGHT

Rain lashes the cliffs. A lighthouse beam sweeps the black sea.

MARA (V.O.)
I kept the light for thirty years.

[CUT TO: INT. LAMP ROOM - CONTINUOUS]

Mara wipes the lens with a rag. (She is exhausted.)

TOM
(shouting)
The boat is out there!

[Close on her hands]
SFX: thunder, creaking iron

NARRATOR: And so the light came back.

CUT TO:

EXT. HARBOUR - DAWN

The fishing boat glides in. Gulls wheel over the quay.
"""


def _long_script(paragraphs: int = 400) -> str:
    lines = []
    for n in range(paragraphs):
        place = _PLACES[(n * 7) % len(_PLACES)]
        lines.append(
            f"Paragraph {n + 1}. The traveller reached the {place} {_TIMES[(n * 3) % 4]} "
            f"{_WEATHERS[(n * 5) % 5]}, and waited for a sign that never came."
        )
    return "\n\n".join(lines) + "\n"


def _read(samples: Path, name: str) -> str:
    path = samples / name
    if path.exists():
        return path.read_bytes().decode("utf-8", errors="replace")
    built = {
        "long.txt": _long_script(),
        "unicode.txt": UNICODE,
        "binary_garbage.txt": b"The \x00 script \xff\xfe has broken bytes.\n".decode(
            "utf-8", errors="replace"),
        "empty.txt": "",
        "whitespace_only.txt": "  \n\t \n",
    }
    return built[name]


def _plan(script: str, **limits: int) -> Plan:
    plan = build_plan(script, **limits)
    settings = Settings(
        max_scenes=min(limits.get("max_scenes", 5), 5),
        max_environments=min(limits.get("max_environments", 3), 5),
    )
    assert plan.problems(settings) == []
    Plan.model_validate(plan.model_dump(mode="json"))  # survives a JSON round trip
    return plan


def _env(plan: Plan, env_id: str):
    return next(env for env in plan.environments if env.id == env_id)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text.lower())


@pytest.mark.parametrize("name", ["lighthouse.txt", "market.txt", "orbit.txt", "long.txt",
                                  "unicode.txt", "binary_garbage.txt"])
def test_every_sample_gives_a_valid_plan_within_limits(samples: Path, name: str) -> None:
    plan = _plan(_read(samples, name))
    assert 1 <= len(plan.scenes) <= 5
    assert 1 <= len(plan.environments) <= 3
    for env in plan.environments:
        assert env.setting in SETTINGS
        assert len(env.image_prompts) == IMAGES_PER_ENVIRONMENT
        assert len(set(env.image_prompts)) == IMAGES_PER_ENVIRONMENT
        assert len(env.key_objects) <= 5
    for scene in plan.scenes:
        assert isinstance(scene.camera, CameraMove)
        assert isinstance(scene.shot_type, ShotType)
        assert scene.duration in (5, 9)
        assert scene.title and scene.first_frame_prompt and scene.last_frame_prompt
        assert scene.sfx_prompt
    project = project_from_plan(plan, "script", Settings(), "local")
    assert len(project.scenes) == len(plan.scenes)


def test_market_sluglines_share_environments_by_place(samples: Path) -> None:
    plan = _plan(_read(samples, "market.txt"))
    by_setting = {env.setting: env.id for env in plan.environments}
    assert set(by_setting) == {"interior", "market"}
    bakery = [s for s in plan.scenes if s.environment_id == by_setting["interior"]]
    market = [s for s in plan.scenes if s.environment_id == by_setting["market"]]
    assert len(bakery) >= 2 and len(market) >= 2
    assert any("oven" in s.narration for s in bakery)
    assert any("saffron" in s.narration or "dates" in s.narration for s in market)
    assert _env(plan, by_setting["interior"]).name == "Bakery"
    # The slugline's hour becomes the scene's: the midday market is lit by day, the evening
    # bakery at dusk.
    assert "in daylight" in market[-1].first_frame_prompt
    assert "at dusk" in bakery[-1].first_frame_prompt


def test_lighthouse_storm_and_night_are_read(samples: Path) -> None:
    plan = _plan(_read(samples, "lighthouse.txt"))
    assert any(env.weather == Weather.STORM for env in plan.environments)
    assert any(env.time_of_day == TimeOfDay.NIGHT for env in plan.environments)
    assert any("lighthouse" in env.name.lower() for env in plan.environments)
    first = plan.scenes[0]
    assert "storm" in first.first_frame_prompt
    assert "rain" in first.sfx_prompt and "waves" in first.sfx_prompt
    # The closing scene is at dawn, after the wind fell away.
    assert "at dawn" in plan.scenes[-1].first_frame_prompt


def test_narration_is_the_scripts_own_words_in_order(samples: Path) -> None:
    for name in ("lighthouse.txt", "market.txt", "orbit.txt", "unicode.txt"):
        script = _read(samples, name)
        plan = _plan(script)
        vocabulary = set(_words(script))
        position = 0
        for scene in plan.scenes:
            assert set(_words(scene.narration)) <= vocabulary, (name, scene.narration)
            head = scene.narration.split()[1] if len(scene.narration.split()) > 1 else ""
            found = script.find(head, position) if head else position
            assert found >= position, (name, "scenes out of order", scene.narration)
            position = found


def test_no_slugline_direction_or_cue_is_read_aloud(samples: Path) -> None:
    for script in (SCREENPLAY, _read(samples, "market.txt")):
        narration = " ".join(s.narration for s in _plan(script).scenes)
        for banned in ("INT.", "EXT.", "[", "]", "(", ")", "CUT TO", "FADE", "V.O.", "SFX",
                       "Close on", "CONTINUOUS", "BAKERY", "MARKET -", "exhausted", "shouting",
                       "OMAR", "60s", "TOM", "NARRATOR", "Narrator"):
            assert banned not in narration, (banned, narration)
    plan = _plan(SCREENPLAY)
    spoken = " ".join(s.narration for s in plan.scenes)
    for line in ("Rain lashes the cliffs.", "I kept the light for thirty years.",
                 "And so the light came back."):
        assert line in spoken
    # A character's line is spoken in their own voice, not by the narrator.
    lines = [line.text for s in plan.scenes for line in s.dialogue]
    assert "The boat is out there!" in lines and "The boat is out there!" not in spoken


def test_screenplay_structure(samples: Path) -> None:
    plan = _plan(SCREENPLAY)
    assert plan.title == "The Keeper"
    settings = [_env(plan, s.environment_id).setting for s in plan.scenes]
    assert settings[0] == "coast" and settings[-1] == "harbour" and "interior" in settings
    assert any(s.shot_type == ShotType.CLOSE_UP for s in plan.scenes)  # [Close on her hands]
    assert any("thunder" in s.sfx_prompt for s in plan.scenes)  # SFX: thunder, ...


def test_narrator_lines_are_spoken_without_the_label(samples: Path) -> None:
    plan = _plan(_read(samples, "orbit.txt"))
    assert plan.scenes[0].narration.startswith("Four hundred kilometres above the Pacific")
    assert all("Narrator" not in s.narration for s in plan.scenes)
    assert {_env(plan, s.environment_id).setting for s in plan.scenes} == {"space"}
    labelled = _plan("VO: The river remembers everything.\n\nV.O.: Even the rain.")
    assert [s.narration for s in labelled.scenes] == [
        "The river remembers everything.", "Even the rain."]


def test_long_script_is_condensed_in_order(samples: Path) -> None:
    # Speed is measured by the bench, not asserted here (a shared machine makes timings flaky).
    script = _read(samples, "long.txt")
    plan = _plan(script)
    assert len(plan.scenes) == 5
    # Paragraphs with a unique marker each: the chosen beats follow the script's order and
    # spread over it (one from each fifth).
    marked = "\n\n".join(
        f"Chapter of Mark{chr(97 + n // 26)}{chr(97 + n % 26)}: the traveller crosses the "
        f"{_PLACES[n % len(_PLACES)]} with a lantern."
        for n in range(500)
    )
    plan = _plan(marked)
    marks = [int((ord(m[0]) - 97) * 26 + ord(m[1]) - 97)
             for s in plan.scenes for m in re.findall(r"Mark([a-z]{2})", s.narration)]
    assert marks == sorted(marks) and len(marks) == 5
    assert marks[0] < 100 and marks[-1] >= 400


def test_fifty_thousand_words_are_planned() -> None:
    script = _long_script(2500)
    assert len(script.split()) > 50_000
    for variant in (script, script.replace("\n\n", " ")):
        plan = _plan(variant)
        assert len(plan.scenes) == 5
        assert any(note.startswith("Condensed:") for note in plan.notes)


@pytest.mark.parametrize("idea", [
    "A lonely robot finds a flower growing in the ruins of a city.",
    "A girl flies a red kite over the windy hills while her grandfather watches from the old "
    "farm. That night, the kite is tangled in the oak tree and the moon rises behind it.",
    "two cats",
])
def test_a_one_line_idea_is_a_small_film(idea: str) -> None:
    plan = _plan(idea)
    assert 1 <= len(plan.scenes) <= 2
    assert len(plan.environments) == 1


def test_durations_fit_the_narration_at_a_natural_pace(samples: Path) -> None:
    for name in ("lighthouse.txt", "market.txt", "orbit.txt", "long.txt", "unicode.txt"):
        for scene in _plan(_read(samples, name)).scenes:
            window = narration_window(scene.duration)
            assert speech_units(scene.narration) / 2.5 <= window + 1e-9
            if name != "unicode.txt":
                assert len(scene.narration.split()) / 2.5 <= window + 1e-9
            if scene.duration == 9:
                # A 9 s scene is only chosen when 5 s would be too short for the words.
                assert speech_units(scene.narration) / 2.5 > narration_window(5)


def test_camera_follows_the_action() -> None:
    def camera(script: str) -> CameraMove:
        return _plan(script, max_scenes=1).scenes[0].camera

    assert camera("The old woman climbs the iron stairs of the tower.") == CameraMove.CRANE_UP
    assert camera("A fox searches the snowy field for mice.") in (CameraMove.PAN_LEFT,
                                                                   CameraMove.PAN_RIGHT)
    assert camera("The boy walks toward the glowing door.") == CameraMove.PUSH_IN
    assert camera("The astronaut floats in orbit above the blue planet.") in (
        CameraMove.ORBIT_LEFT, CameraMove.ORBIT_RIGHT)
    assert camera("[PULL BACK] The harbour at dawn.") == CameraMove.PULL_OUT


def test_limits_are_honoured() -> None:
    plan = _plan(SCREENPLAY, max_scenes=2, max_environments=1)
    assert len(plan.scenes) <= 2 and len(plan.environments) == 1
    assert all(s.environment_id == plan.environments[0].id for s in plan.scenes)


@pytest.mark.parametrize("script", ["", "   \n\t\n  ", "12345 ... !!! ???", "\ufffd\ufffd"])
def test_a_script_without_words_is_refused(script: str) -> None:
    with pytest.raises(InvalidRequestError, match="the script is empty"):
        build_plan(script)


def test_empty_sample_files_are_refused(samples: Path) -> None:
    for name in ("empty.txt", "whitespace_only.txt"):
        with pytest.raises(InvalidRequestError):
            build_plan(_read(samples, name))


def test_broken_bytes_do_not_stop_the_plan(samples: Path) -> None:
    plan = _plan(_read(samples, "binary_garbage.txt"))
    assert plan.scenes[0].narration == "The script has broken bytes."


def test_languages_are_detected_and_split(samples: Path) -> None:
    plan = _plan(_read(samples, "unicode.txt"))
    assert plan.language == "ja"
    assert len(plan.scenes) == 3
    narrations = [s.narration for s in plan.scenes]
    assert narrations[0].startswith("夜の東京。") and " " not in narrations[0]
    assert narrations[1].startswith("Un vieux café parisien")
    assert "الصحراء" in narrations[2]
    settings = [_env(plan, s.environment_id).setting for s in plan.scenes]
    assert settings == ["city", "interior", "desert"]
    assert _plan("Der alte Mann geht mit dem Hund durch den Wald, und es regnet.").language == "de"
    assert _plan("La niña camina por el mercado con una cesta de pan.").language == "es"
    assert _plan("Il vecchio pescatore ripara la barca nel porto di notte.").language == "it"


def test_the_provider_follows_the_planner_protocol(tmp_path: Path) -> None:
    planner = LocalPlanner()
    assert isinstance(planner, Planner)
    assert (planner.info.name, planner.info.model, planner.info.kind) == ("local", "rules-1",
                                                                            "local")
    ctx = CallContext(work_dir=tmp_path)
    seen: list[float] = []
    ctx.progress = lambda fraction, _message: seen.append(fraction)
    plan = asyncio.run(planner.plan(PlanRequest(script=SCREENPLAY, max_scenes=3), ctx))
    assert len(plan.scenes) <= 3 and seen[0] == 0.0 and seen[-1] == 1.0
    with pytest.raises(InvalidRequestError) as caught:
        asyncio.run(planner.plan(PlanRequest(script="  "), ctx))
    assert caught.value.provider == "local"


def test_planning_runs_in_a_given_executor(tmp_path: Path) -> None:
    ctx = CallContext(work_dir=tmp_path)
    with ThreadPoolExecutor(1) as threads:
        plan = asyncio.run(LocalPlanner(threads).plan(PlanRequest(script=SCREENPLAY), ctx))
    assert plan == build_plan(SCREENPLAY)
    with ProcessPoolExecutor(1) as processes:
        planner = LocalPlanner(processes)
        plan = asyncio.run(planner.plan(PlanRequest(script=SCREENPLAY), ctx))
        assert plan == build_plan(SCREENPLAY)
        with pytest.raises(InvalidRequestError) as caught:
            asyncio.run(planner.plan(PlanRequest(script=""), ctx))
        assert caught.value.provider == "local"


def test_plans_are_deterministic(samples: Path) -> None:
    script = _read(samples, "lighthouse.txt")
    assert build_plan(script) == build_plan(script)


def test_planning_is_thread_safe(samples: Path) -> None:
    scripts = [random_script(seed) for seed in range(12)] + [
        _read(samples, name) for name in ("lighthouse.txt", "market.txt", "unicode.txt")]
    expected = [build_plan(script) for script in scripts]
    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(build_plan, scripts * 3)) == expected * 3


def test_a_place_seen_at_another_hour_keeps_its_environment_but_not_its_hour(samples) -> None:
    from vidstudio.providers.local.planner import build_plan

    plan = build_plan((samples / "market.txt").read_text())
    envs = {e.id: e for e in plan.environments}
    by_title = {s.title: s for s in plan.scenes}
    midday = next(s for t, s in by_title.items() if "Midday" in t)
    evening = next(s for t, s in by_title.items() if "Evening" in t)
    assert envs[midday.environment_id].time_of_day.value == "dawn"
    assert midday.time_of_day is not None and midday.time_of_day.value == "day"
    assert evening.time_of_day is not None and evening.time_of_day.value == "dusk"


def test_a_script_mixing_languages_narrates_each_scene_in_its_own(samples) -> None:
    from vidstudio.core.models import Settings
    from vidstudio.core.plan import project_from_plan
    from vidstudio.core.timeline import narration_window
    from vidstudio.jobs.requests import narration_request
    from vidstudio.providers.local.planner import build_plan

    plan = build_plan((samples / "unicode.txt").read_text())
    project = project_from_plan(plan, "", Settings(), "local")
    spoken = [narration_request(project.settings, s, narration_window(s.duration)).language
              for s in project.ordered_scenes]
    assert spoken == ["ja", "fr", "ar"]
