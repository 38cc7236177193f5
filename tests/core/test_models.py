from __future__ import annotations

import pytest
from pydantic import ValidationError

from vidstudio.core.models import Environment, Project, Scene, Settings, Slot, Take
from vidstudio.core.plan import (
    Plan,
    PlanEnvironment,
    PlanScene,
    plan_from_project,
    project_from_plan,
)
from vidstudio.core.timeline import narration_window, timeline
from vidstudio.core.vocabulary import AspectRatio, CameraMove, SlotKind


def make_project(durations: tuple[int, ...] = (5, 9, 5)) -> Project:
    env = Environment(id="env-a", name="Coast", setting="coast", image_prompts=["p"] * 10)
    scenes = [
        Scene(title=f"s{i}", order=i, environment_id="env-a", duration=d, narration="Hello there.")
        for i, d in enumerate(durations)
    ]
    return Project(environments=[env], scenes=scenes)


def test_scene_duration_must_be_5_or_9() -> None:
    with pytest.raises(ValidationError, match="5 or 9"):
        Scene(title="x", environment_id="e", duration=7)


def test_camera_must_come_from_the_vocabulary() -> None:
    assert Scene(title="x", environment_id="e", camera="Crane Up").camera is CameraMove.CRANE_UP
    with pytest.raises(ValidationError):
        Scene(title="x", environment_id="e", camera="Dolly Zoom")


def test_scene_refers_to_a_known_environment() -> None:
    with pytest.raises(ValidationError, match="unknown environment"):
        Project(environments=[], scenes=[Scene(title="x", environment_id="nowhere")])


def test_environment_gets_one_image_slot_per_prompt() -> None:
    env = Environment(name="a", setting="forest", image_prompts=[f"p{i}" for i in range(10)])
    assert len(env.images) == 10
    assert all(slot.kind is SlotKind.ENV_IMAGE for slot in env.images)
    with pytest.raises(ValidationError):
        Environment(name="a", setting="forest", image_prompts=["p"] * 11)


def test_slot_keeps_every_take_and_one_active() -> None:
    slot = Slot(kind=SlotKind.CLIP)
    first = Take(provider="local", file="assets/a.mp4")
    second = Take(provider="local", file="assets/b.mp4")
    slot.add_take(first)
    slot.add_take(second)
    assert [t.id for t in slot.takes] == [first.id, second.id]
    assert slot.active_take == second
    failed = Take(provider="local", status="failed", error="boom")
    slot.add_take(failed)
    assert slot.active_take == second, "a failed take never becomes active"
    with pytest.raises(ValidationError):
        slot.active = "tk-unknown"


def test_timeline_is_back_to_back_and_sums_durations() -> None:
    project = make_project((5, 9, 5))
    entries = timeline(project)
    assert [e.start for e in entries] == [0.0, 5.0, 14.0]
    assert entries[-1].end == project.duration == 19.0
    assert narration_window(5) == pytest.approx(4.4)


def test_aspect_ratio_frame_sizes_are_even() -> None:
    assert AspectRatio.LANDSCAPE.frame_size(720) == (1280, 720)
    assert AspectRatio.PORTRAIT.frame_size(720) == (720, 1280)
    assert AspectRatio.SQUARE.frame_size(720) == (720, 720)
    w, h = AspectRatio.LANDSCAPE.frame_size(361)
    assert w % 2 == 0


def test_plan_round_trips_through_a_project() -> None:
    plan = Plan(
        title="Storm",
        environments=[PlanEnvironment(id="env1", name="Lighthouse", setting="coast",
                                      weather="storm", time_of_day="night",
                                      image_prompts=["wide"] * 10)],
        scenes=[PlanScene(title="Climb", environment_id="env1", duration=9, camera="Crane Up",
                          narration="She climbed.")],
    )
    project = project_from_plan(plan, "script", Settings(), "local")
    assert project.scenes[0].environment_id == project.environments[0].id
    assert project.settings.language == "en"
    again = plan_from_project(project)
    assert again.scenes[0].camera is CameraMove.CRANE_UP
    assert again.environments[0].weather.value == "storm"


def test_plan_rejects_dangling_environment_and_reports_limits() -> None:
    with pytest.raises(ValidationError, match="unknown environment"):
        Plan(environments=[], scenes=[PlanScene(title="x", environment_id="env9")])
    env = PlanEnvironment(id="e", name="n", setting="forest")
    plan = Plan(environments=[env], scenes=[PlanScene(title=str(i), environment_id="e")
                                            for i in range(6)])
    assert plan.problems(Settings()) == ["6 scenes, the limit is 5"]
