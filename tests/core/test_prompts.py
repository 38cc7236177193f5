"""Prompts edited on a card: exactly their dependants go stale; "reset to planned" brings the
plan's words back (and lets a re-plan update them again); undo puts the edit back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from vidstudio.core.commands import EditEnvironment, EditScene, History
from vidstudio.core.deps import SCENE_FIELD_DEPENDENTS, SLOT_DEPENDENTS, SlotRef
from vidstudio.core.models import Project, Settings, Take
from vidstudio.core.plan import Plan, PlanEnvironment, PlanScene, project_from_plan
from vidstudio.core.prompts import (
    SCENE_PROMPTS,
    ResetEnvironmentPrompts,
    ResetScenePrompt,
)
from vidstudio.core.replan import merge_plan

if TYPE_CHECKING:
    from vidstudio.core.vocabulary import SlotKind

PLAN = Plan(
    environments=[PlanEnvironment(id="env1", name="Coast", setting="coast",
                                  image_prompts=["the cliff", "the bay"])],
    scenes=[PlanScene(title=f"s{i}", environment_id="env1", action=f"waves {i}",
                      first_frame_prompt=f"first {i}", last_frame_prompt=f"last {i}",
                      sfx_prompt=f"gulls {i}", narration=f"Words {i}.") for i in range(2)],
)


def generated() -> Project:
    project = project_from_plan(PLAN, "script", Settings(), "test")
    for env in project.environments:
        for slot in [*env.images, env.style]:
            slot.add_take(Take(provider="test"))
    for scene in project.scenes:
        for slot in scene.slots.values():
            slot.add_take(Take(provider="test"))
    return project


def stale(project: Project) -> set[SlotRef]:
    from vidstudio.core.deps import all_slots

    return {ref for ref, slot in all_slots(project).items() if slot.stale}


def closure(kinds: tuple[SlotKind, ...]) -> set[SlotKind]:
    found: set[SlotKind] = set()
    pending = list(kinds)
    while pending:
        kind = pending.pop()
        found.add(kind)
        pending.extend(SLOT_DEPENDENTS[kind])
    return found


@pytest.mark.parametrize("field", list(SCENE_PROMPTS))
def test_editing_a_prompt_marks_exactly_its_dependants_stale(field: str) -> None:
    project = generated()
    scene = project.ordered_scenes[1]
    assert scene.planned[field] == getattr(scene, field)
    History().run(project, EditScene(scene.id, field, "something else entirely"))
    expected = {SlotRef(scene.id, kind) for kind in closure(SCENE_FIELD_DEPENDENTS[field])}
    assert expected and stale(project) == expected


def test_reset_to_planned_brings_the_plans_words_back_and_undo_the_edit() -> None:
    project = generated()
    scene = project.ordered_scenes[0]
    history = History()
    history.run(project, EditScene(scene.id, "first_frame_prompt", "a red boat"))
    assert "first_frame_prompt" in scene.edited
    history.run(project, ResetScenePrompt(scene.id, "first_frame_prompt", None))
    assert scene.first_frame_prompt == "first 0" and "first_frame_prompt" not in scene.edited
    assert history.undo_label == "Reset first keyframe prompt"
    history.undo(project)
    assert scene.first_frame_prompt == "a red boat" and "first_frame_prompt" in scene.edited


def test_a_replan_keeps_the_planned_words_current() -> None:
    project = generated()
    scene = project.ordered_scenes[0]
    History().run(project, EditScene(scene.id, "sfx_prompt", "my own sound"))
    new_plan = PLAN.model_copy(deep=True)
    new_plan.scenes[0].sfx_prompt = "gulls and rain"
    merged = merge_plan(project, new_plan, script="script").project
    again = merged.scene(scene.id)
    assert again.sfx_prompt == "my own sound", "the user's edit is kept"
    assert again.planned["sfx_prompt"] == "gulls and rain", "reset goes to the newest plan"


def test_environment_image_prompts_reset() -> None:
    project = generated()
    env = project.environments[0]
    history = History()
    history.run(project, EditEnvironment(env.id, "image_prompts", ["a lighthouse", "the bay"]))
    assert env.images[0].stale
    history.run(project, ResetEnvironmentPrompts(env.id, "image_prompts", None))
    assert env.image_prompts == ["the cliff", "the bay"] and "image_prompts" not in env.edited


def test_a_scene_no_plan_made_has_nothing_to_reset_to() -> None:
    from vidstudio.core.structure import AddScene

    project = generated()
    history = History()
    command = AddScene()
    history.run(project, command)
    with pytest.raises(ValueError, match="nothing to reset"):
        history.run(project, ResetScenePrompt(command.added or "", "action", None))
