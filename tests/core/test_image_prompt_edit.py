"""An edit of one environment image's prompt reaches that image (and what is computed from it:
the place's style, its scenes' keyframes and clips), not the place's other images."""

from __future__ import annotations

from vidstudio.core import consistency
from vidstudio.core.commands import AddTake, EditEnvironment, History
from vidstudio.core.deps import SlotRef, all_slots
from vidstudio.core.models import Environment, Project, Scene, Take
from vidstudio.core.vocabulary import SlotKind


def _project() -> Project:
    env = Environment(name="Harbour", setting="coast",
                      image_prompts=["the quay", "the lighthouse", "the boats"])
    scene = Scene(title="one", environment_id=env.id)
    project = Project(environments=[env], scenes=[scene])
    history = History()
    refs = [SlotRef(env.id, SlotKind.ENV_IMAGE, i) for i in range(3)]
    refs += [SlotRef(env.id, SlotKind.STYLE), SlotRef(scene.id, SlotKind.FIRST_FRAME),
             SlotRef(scene.id, SlotKind.CLIP)]
    for n, ref in enumerate(refs):
        inputs = {consistency.FIELDS: consistency.fields_digest(project, ref)}
        history.run(project, AddTake(ref, Take(provider="local", file=f"assets/{n}.png",
                                               inputs=inputs)))
    return project


def _stale(project: Project) -> set[tuple[str, int | None]]:
    return {(ref.kind.value, ref.index) for ref, slot in all_slots(project).items()
            if slot.stale}


def test_one_image_prompt_edit_leaves_the_other_images_fresh_and_undo_puts_all_back() -> None:
    project = _project()
    env = project.environments[0]
    history = History()
    prompts = list(env.image_prompts)
    prompts[1] = "the lighthouse at night"
    history.run(project, EditEnvironment(env.id, "image_prompts", prompts))
    assert _stale(project) == {("env_image", 1), ("style", None), ("first_frame", None),
                               ("clip", None)}
    assert consistency.out_of_date(project) == []
    history.undo(project)
    assert _stale(project) == set()
    assert consistency.out_of_date(project) == []


def test_another_field_of_the_place_reaches_every_image() -> None:
    project = _project()
    env = project.environments[0]
    History().run(project, EditEnvironment(env.id, "lighting", "low sun"))
    assert {("env_image", 0), ("env_image", 1), ("env_image", 2)} <= _stale(project)


def test_an_image_made_before_recorded_the_whole_place_and_still_fits() -> None:
    project = _project()
    env = project.environments[0]
    ref = SlotRef(env.id, SlotKind.ENV_IMAGE, 0)
    whole_place = consistency._digest(consistency._environment_values(env))
    assert consistency.inputs_mismatch(project, ref, {consistency.FIELDS: whole_place}) is None
    env.lighting = "low sun"
    assert consistency.inputs_mismatch(project, ref, {consistency.FIELDS: whole_place})
