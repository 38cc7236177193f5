"""Re-planning an edited script keeps what did not change (ids, takes, cache keys)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from vidstudio.core.deps import SlotRef
from vidstudio.core.matching import match_scenes, scene_similarity
from vidstudio.core.models import Environment, Project, Scene, Settings, Take
from vidstudio.core.plan import Plan, PlanEnvironment, PlanScene, project_from_plan
from vidstudio.core.replan import Outcome, ReplanResult, merge_plan
from vidstudio.core.vocabulary import SlotKind, TimeOfDay, Weather
from vidstudio.providers.base import CallContext, PlanRequest
from vidstudio.providers.local.planner import LocalPlanner

if TYPE_CHECKING:
    from pathlib import Path


def _content(item: Scene | Environment) -> dict[str, object]:
    """What the user sees and the renders use: everything but the plan's own words kept for
    "reset to planned" (a re-plan records the new plan's words even where it keeps the user's)."""
    return item.model_dump(exclude={"planned"})


def _plan(script: str, work_dir: Path) -> Plan:
    planner = LocalPlanner()
    return asyncio.run(planner.plan(PlanRequest(script=script), CallContext(work_dir=work_dir)))


def _generated(project: Project) -> Project:
    """Every slot holds one ready, active take, as after a full render."""
    for env in project.environments:
        for slot in [*env.images, env.style]:
            slot.add_take(Take(provider="test", cache_key=f"{env.id}-{slot.kind}"))
    for scene in project.scenes:
        for slot in scene.slots.values():
            slot.add_take(Take(provider="test", cache_key=f"{scene.id}-{slot.kind}"))
    return project


def _takes(project: Project) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for scene in project.scenes:
        found[scene.id] = [t.id for slot in scene.slots.values() for t in slot.takes]
    for env in project.environments:
        found[env.id] = [t.id for slot in [*env.images, env.style] for t in slot.takes]
    return found


def _paragraphs(script: str) -> list[str]:
    return [p for p in script.strip().split("\n\n") if p.strip()]


@pytest.fixture
def lighthouse(samples: Path, tmp_path: Path) -> tuple[str, Project]:
    script = (samples / "lighthouse.txt").read_text()
    plan = _plan(script, tmp_path)
    assert len(plan.scenes) == 5
    return script, _generated(project_from_plan(plan, script, Settings(), "local"))


def test_the_same_plan_again_changes_nothing(lighthouse: tuple[str, Project], tmp_path: Path
                                             ) -> None:
    script, project = lighthouse
    before = project.model_dump()
    result = merge_plan(project, _plan(script, tmp_path), script=script)
    assert project.model_dump() == before  # the input is left alone
    assert result.project is not project
    assert result.unchanged
    assert [s.id for s in result.project.ordered_scenes] == [s.id for s in project.ordered_scenes]
    assert [e.id for e in result.project.environments] == [e.id for e in project.environments]
    assert _takes(result.project) == _takes(project)
    assert not result.changes.stale and not result.changes.structure
    assert len(result.kept_scenes) == 5 and not result.changed_scenes
    assert result.summary().startswith("scenes: 5 kept; environments: 3 kept; 0 takes")


@pytest.mark.parametrize("index", range(5))
def test_editing_one_line_changes_only_the_touched_scene(
        lighthouse: tuple[str, Project], tmp_path: Path, index: int) -> None:
    script, project = lighthouse
    paragraphs = _paragraphs(script)
    # Replace one word of one paragraph.
    words = paragraphs[index].split(" ")
    middle = len(words) // 2
    words[middle] = "quietly " + words[middle]
    paragraphs[index] = " ".join(words)
    edited = "\n\n".join(paragraphs) + "\n"
    result = merge_plan(project, _plan(edited, tmp_path), script=edited)

    merged = result.project
    assert merged.script == edited
    old = project.ordered_scenes
    assert [s.id for s in merged.ordered_scenes] == [s.id for s in old]
    touched = {sid for sid, _ in result.changed_scenes.items()}
    assert len(touched) <= 1
    stale_owners = {ref.owner for ref in result.changes.stale}
    assert stale_owners <= touched
    for scene in merged.ordered_scenes:
        original = project.scene(scene.id)
        assert [t.id for s in scene.slots.values() for t in s.takes] == \
            [t.id for s in original.slots.values() for t in s.takes]
        if scene.id not in touched:
            assert _content(scene) == _content(original)
    for env in merged.environments:
        assert _content(env) == _content(project.environment(env.id))


def test_a_changed_scene_keeps_its_takes_and_only_its_dependents_go_stale(
        lighthouse: tuple[str, Project], tmp_path: Path) -> None:
    script, project = lighthouse
    edited = script.replace("its crew searching for any light at all",
                            "its crew praying for any light at all")
    result = merge_plan(project, _plan(edited, tmp_path), script=edited)
    [(scene_id, fields)] = result.changed_scenes.items()
    assert "narration" in fields and "action" in fields
    scene = result.project.scene(scene_id)
    assert "praying" in scene.narration
    assert scene.slots[SlotKind.NARRATION].stale
    assert not scene.slots[SlotKind.SFX].stale  # its sound prompt did not change
    assert scene.slots[SlotKind.CLIP].stale
    assert SlotRef(scene_id, SlotKind.NARRATION) in result.changes.stale
    assert (scene_id, "narration") in result.changes.fields
    outcome = next(o for o in result.scenes if o.scene_id == scene_id)
    assert outcome.status is Outcome.CHANGED
    assert SlotKind.NARRATION in outcome.stale and SlotKind.SFX not in outcome.stale
    # Its takes are still there, the active ones too.
    original = project.scene(scene_id)
    for kind, slot in scene.slots.items():
        assert slot.active == original.slots[kind].active


FOX_STORY = [
    "At dawn, Anna bakes bread in the farmhouse kitchen while the kettle sings.",
    "She carries the warm loaf along the path into the dark pine forest.",
    "Under the pines, a red fox waits beside a mossy stone, watching her.",
    "She breaks the loaf and leaves half of it on the stone for the fox.",
    "Back in the kitchen at dusk, the family shares what is left of the bread.",
]


def test_a_new_paragraph_adds_a_scene_and_keeps_the_others(tmp_path: Path) -> None:
    shorter = "\n\n".join(FOX_STORY[:2] + FOX_STORY[3:])
    project = _generated(project_from_plan(_plan(shorter, tmp_path), shorter, Settings(),
                                           "local"))
    assert len(project.scenes) == 4
    script = "\n\n".join(FOX_STORY)
    result = merge_plan(project, _plan(script, tmp_path), script=script)
    [added_id] = result.added_scenes
    assert not result.removed_scenes
    added = result.project.scene(added_id)
    assert added.order == 2 and "fox waits" in added.narration
    assert all(not slot.takes for slot in added.slots.values())
    old_ids = [s.id for s in project.ordered_scenes]
    assert [s.id for s in result.project.ordered_scenes] == [*old_ids[:2], added_id,
                                                            *old_ids[2:]]
    assert added.environment_id == result.project.ordered_scenes[1].environment_id
    for scene_id in old_ids:
        assert _takes(result.project)[scene_id] == _takes(project)[scene_id]
    assert result.changes.structure and added_id in result.changes.scenes
    # At most the neighbours of the new scene change (the planner may re-word them); the
    # forest now has a fox and a stone, so its pictures are made again, not the kitchen's.
    assert len(result.kept_scenes) >= 2
    kitchen, forest = result.project.environments
    assert result.kept_environments == [kitchen.id]
    assert set(result.changed_environments) == {forest.id}
    assert "key_objects" in result.changed_environments[forest.id]
    in_forest = {s.id for s in result.project.scenes if s.environment_id == forest.id}
    assert {ref.owner for ref in result.changes.stale} <= \
        set(result.changed_scenes) | in_forest | {forest.id}


def test_a_removed_paragraph_removes_its_scene(tmp_path: Path) -> None:
    script = "\n\n".join(FOX_STORY)
    project = _generated(project_from_plan(_plan(script, tmp_path), script, Settings(), "local"))
    shorter = "\n\n".join(FOX_STORY[:3] + FOX_STORY[4:])
    result = merge_plan(project, _plan(shorter, tmp_path), script=shorter)
    [removed] = [o for o in result.scenes if o.status is Outcome.REMOVED]
    assert removed.old_order == 3 and removed.new_order is None
    assert removed.title == project.ordered_scenes[3].title
    assert removed.scene_id not in {s.id for s in result.project.scenes}
    assert removed.scene_id in result.changes.scenes and result.changes.structure
    survivors = [s.id for s in project.ordered_scenes if s.id != removed.scene_id]
    assert [s.id for s in result.project.ordered_scenes] == survivors
    assert [s.order for s in result.project.ordered_scenes] == [0, 1, 2, 3]
    assert len(result.kept_scenes) >= 2
    assert {ref.owner for ref in result.changes.stale} <= set(result.changed_scenes)


def _scene(title: str, narration: str, action: str = "", env: str = "env1",
           **extra: object) -> PlanScene:
    return PlanScene(title=title, narration=narration, action=action or narration,
                     environment_id=env, **extra)  # type: ignore[arg-type]


def _env(plan_id: str, name: str, setting: str, description: str,
         objects: list[str], **extra: object) -> PlanEnvironment:
    return PlanEnvironment(id=plan_id, name=name, setting=setting, description=description,
                           key_objects=objects, **extra)  # type: ignore[arg-type]


FOREST = _env("env1", "Pine Forest", "forest", "A dark pine forest with mossy stones.",
              ["pines", "moss", "stones"], image_prompts=["pines at night", "moss close-up"])
KITCHEN = _env("env2", "Kitchen", "interior", "A warm farmhouse kitchen with an old stove.",
               ["stove", "table", "bread"])
SCENES = [
    _scene("Bread", "Anna bakes bread in the kitchen before anyone wakes.", env="env2"),
    _scene("Into the woods", "She carries the warm loaf into the forest.", env="env1"),
    _scene("The fox", "Under the pines a fox waits, watching her with bright eyes."),
    _scene("Home", "Back in the kitchen the family shares what is left.", env="env2"),
]


def _hand_project() -> Project:
    plan = Plan(title="Bread", environments=[FOREST, KITCHEN], scenes=SCENES)
    return _generated(project_from_plan(plan, "script", Settings(), "local"))


def test_environments_match_by_content_not_by_position_or_id() -> None:
    project = _hand_project()
    forest_id, kitchen_id = (e.id for e in project.environments)
    # The new plan lists the places the other way round, under each other's plan ids.
    plan = Plan(
        title="Bread",
        environments=[KITCHEN.model_copy(update={"id": "env1"}),
                      FOREST.model_copy(update={"id": "env2"})],
        scenes=[s.model_copy(update={"environment_id": "env1" if s.environment_id == "env2"
                                     else "env2"}) for s in SCENES],
    )
    result = merge_plan(project, plan, script="script")
    assert result.environment_ids == {"env1": kitchen_id, "env2": forest_id}
    assert [e.id for e in result.project.environments] == [kitchen_id, forest_id]
    assert result.kept_environments == [kitchen_id, forest_id]
    assert len(result.kept_scenes) == 4
    assert not result.changes.stale
    assert _takes(result.project) == _takes(project)


def test_a_place_renamed_in_the_script_keeps_its_images_when_the_rest_agrees() -> None:
    project = _hand_project()
    forest_id = project.environments[0].id
    renamed = FOREST.model_copy(update={"name": "Fir Forest"})
    plan = Plan(title="Bread", environments=[renamed, KITCHEN], scenes=SCENES)
    result = merge_plan(project, plan, script="script")
    assert result.changed_environments == {forest_id: ("name",)}
    env = result.project.environment(forest_id)
    assert env.name == "Fir Forest"
    assert all(slot.stale for slot in env.images) and env.style.stale
    assert len(env.images[0].takes) == 1  # stale, not dropped
    forest_scenes = [s for s in result.project.scenes if s.environment_id == forest_id]
    for scene in forest_scenes:
        assert scene.slots[SlotKind.FIRST_FRAME].stale
        assert scene.slots[SlotKind.SFX].stale
        assert not scene.slots[SlotKind.NARRATION].stale
    kitchen = [s for s in result.project.scenes if s.environment_id != forest_id]
    assert all(not slot.stale for s in kitchen for slot in s.slots.values())


def test_a_place_only_reworded_keeps_its_images() -> None:
    project = _hand_project()
    forest_id = project.environments[0].id
    plan = Plan(title="Bread", scenes=SCENES, environments=[FOREST.model_copy(update={
        "description": "A dark pine forest with mossy grey stones.",
        "key_objects": ["stones", "pines", "moss"],
        "image_prompts": ["pines by night", "moss close-up", "a third view"]}), KITCHEN])
    result = merge_plan(project, plan, script="script")
    outcome = next(e for e in result.environments if e.environment_id == forest_id)
    assert outcome.status is Outcome.KEPT
    assert outcome.reworded == ("description", "key_objects", "image_prompts")
    assert _content(result.project.environment(forest_id)) == _content(
        project.environment(forest_id))
    assert not result.changes.stale and result.unchanged


def test_a_place_with_new_things_is_made_again() -> None:
    project = _hand_project()
    forest_id = project.environments[0].id
    prompts = ["pines at night", "a red bicycle against a pine"]
    plan = Plan(title="Bread", scenes=SCENES, environments=[FOREST.model_copy(update={
        "key_objects": ["pines", "moss", "stones", "red bicycle"], "image_prompts": prompts,
        }), KITCHEN])
    result = merge_plan(project, plan, script="script")
    assert result.changed_environments == {forest_id: ("key_objects", "image_prompts")}
    env = result.project.environment(forest_id)
    assert env.image_prompts == prompts and len(env.images) == 2
    assert all(slot.stale for slot in env.images) and env.style.stale
    assert SlotRef(forest_id, SlotKind.ENV_IMAGE, 1) in result.changes.stale


def test_a_new_place_is_added_and_an_unused_one_removed() -> None:
    project = _hand_project()
    forest_id, kitchen_id = (e.id for e in project.environments)
    beach = _env("env2", "Beach", "coast", "A grey beach with driftwood.", ["driftwood"])
    scenes = [s.model_copy(update={"environment_id": "env1"}) for s in SCENES[1:3]]
    scenes.append(_scene("Sea", "At last she reaches the sea and sits on the driftwood.",
                         env="env2"))
    result = merge_plan(project, Plan(title="Bread", environments=[FOREST, beach],
                                      scenes=scenes), script="script")
    assert result.removed_environments == [kitchen_id]
    [beach_id] = result.added_environments
    assert result.kept_environments == [forest_id]
    assert [e.id for e in result.project.environments] == [forest_id, beach_id]
    removed = [o for o in result.scenes if o.status is Outcome.REMOVED]
    assert {o.title for o in removed} == {"Bread", "Home"}
    assert [s.title for s in result.project.ordered_scenes] == ["Into the woods", "The fox", "Sea"]
    assert result.project.ordered_scenes[2].environment_id == beach_id
    # The two forest scenes moved up but kept everything.
    assert len(result.kept_scenes) == 2
    assert all(o.moved for o in result.scenes if o.status is Outcome.KEPT)


def test_swapped_scenes_keep_their_takes() -> None:
    project = _hand_project()
    scenes = [SCENES[0], SCENES[2], SCENES[1], SCENES[3]]
    result = merge_plan(project, Plan(title="Bread", environments=[FOREST, KITCHEN],
                                      scenes=scenes), script="script")
    assert len(result.kept_scenes) == 4
    assert [s.title for s in result.project.ordered_scenes] == \
        ["Bread", "The fox", "Into the woods", "Home"]
    assert _takes(result.project) == _takes(project)
    assert result.changes.structure and not result.changes.stale


def test_user_edits_survive_a_replan() -> None:
    project = _hand_project()
    fox = next(s for s in project.scenes if s.title == "The fox")
    fox.narration = "A fox, red as a lantern, waits for her."
    fox.edited = ["narration"]
    forest = project.environments[0]
    forest.lighting = "moonlight through the branches"
    forest.edited = ["lighting"]
    new_scenes = list(SCENES)
    new_scenes[2] = _scene("The fox", "Under the pines a grey fox waits, watching her.",
                           action="Under the pines a fox waits, watching her with bright eyes.")
    plan = Plan(title="Bread", scenes=new_scenes, environments=[
        FOREST.model_copy(update={"lighting": "soft green light"}), KITCHEN])
    result = merge_plan(project, plan, script="script")
    merged_fox = result.project.scene(fox.id)
    assert merged_fox.narration == "A fox, red as a lantern, waits for her."
    assert merged_fox.edited == ["narration"]
    assert not merged_fox.slots[SlotKind.NARRATION].stale
    outcome = next(o for o in result.scenes if o.scene_id == fox.id)
    assert outcome.status is Outcome.KEPT and outcome.kept_edits == ("narration",)
    env = result.project.environment(forest.id)
    assert env.lighting == "moonlight through the branches"
    env_outcome = next(e for e in result.environments if e.environment_id == forest.id)
    assert env_outcome.kept_edits == ("lighting",)
    assert not result.changes.stale


def test_replace_edits_takes_the_plans_values_and_forgets_the_edits() -> None:
    project = _hand_project()
    fox = next(s for s in project.scenes if s.title == "The fox")
    fox.narration = "A fox, red as a lantern, waits for her."
    fox.edited = ["narration"]
    forest = project.environments[0]
    forest.lighting = "moonlight"
    forest.edited = ["lighting"]
    plan = Plan(title="Bread", scenes=SCENES, environments=[FOREST, KITCHEN])
    result = merge_plan(project, plan, script="script", replace_edits=True)
    merged_fox = result.project.scene(fox.id)
    assert merged_fox.narration == SCENES[2].narration and merged_fox.edited == []
    assert merged_fox.slots[SlotKind.NARRATION].stale
    assert result.changed_scenes == {fox.id: ("narration",)}
    env = result.project.environment(forest.id)
    assert env.lighting == "" and env.edited == []
    assert env.style.stale


def test_a_user_edited_place_follows_the_plan_when_that_place_is_gone() -> None:
    project = _hand_project()
    forest_id, kitchen_id = (e.id for e in project.environments)
    fox = next(s for s in project.scenes if s.title == "The fox")
    fox.environment_id = kitchen_id
    fox.edited = ["environment_id"]
    # The plan no longer has the kitchen: every scene is in the forest.
    scenes = [s.model_copy(update={"environment_id": "env1"}) for s in SCENES]
    result = merge_plan(project, Plan(title="Bread", environments=[FOREST], scenes=scenes),
                        script="script")
    assert result.removed_environments == [kitchen_id]
    merged = result.project.scene(fox.id)
    assert merged.environment_id == forest_id and "environment_id" not in merged.edited
    assert merged.slots[SlotKind.FIRST_FRAME].stale and merged.slots[SlotKind.SFX].stale


def test_a_locked_scene_keeps_its_content() -> None:
    project = _hand_project()
    fox = next(s for s in project.scenes if s.title == "The fox")
    fox.locked = True
    new_scenes = list(SCENES)
    new_scenes[2] = _scene("The fox", "Under the pines a fox waits, watching her closely.",
                           camera="Push In")
    result = merge_plan(project, Plan(title="Bread", environments=[FOREST, KITCHEN],
                                      scenes=new_scenes), script="script")
    merged = result.project.scene(fox.id)
    assert _content(merged) == _content(fox)
    outcome = next(o for o in result.scenes if o.scene_id == fox.id)
    assert outcome.status is Outcome.KEPT and "camera" in outcome.kept_edits


def test_a_scene_lengthened_for_its_narration_stays_long() -> None:
    project = _hand_project()
    fox = next(s for s in project.scenes if s.title == "The fox")
    fox.duration = 9  # the session lengthened it to fit the narration
    plan = Plan(title="Bread", environments=[FOREST, KITCHEN], scenes=SCENES)
    result = merge_plan(project, plan, script="script")
    assert result.project.scene(fox.id).duration == 9
    assert result.unchanged


def test_hour_weather_and_language_compare_by_what_the_scene_ends_up_with() -> None:
    project = _hand_project()
    fox = next(s for s in project.scenes if s.title == "The fox")
    # The plan now states the forest's own hour on the scene: nothing to redo.
    new_scenes = list(SCENES)
    new_scenes[2] = SCENES[2].model_copy(update={"time_of_day": TimeOfDay.DAY})
    result = merge_plan(project, Plan(title="Bread", environments=[FOREST, KITCHEN],
                                      scenes=new_scenes), script="script")
    assert result.changed_scenes == {fox.id: ("time_of_day",)}
    assert not result.changes.stale
    # Rain where the forest is clear: the pictures and sound change, the voice does not.
    new_scenes[2] = SCENES[2].model_copy(update={"weather": Weather.RAIN})
    result = merge_plan(project, Plan(title="Bread", environments=[FOREST, KITCHEN],
                                      scenes=new_scenes), script="script")
    stale = {ref.kind for ref in result.changes.stale if ref.owner == fox.id}
    assert stale == {SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP, SlotKind.SFX}
    assert {ref.owner for ref in result.changes.stale} == {fox.id}
    # A plan in another language re-narrates every scene that speaks the project's language.
    result = merge_plan(project, Plan(title="Bread", language="de", scenes=SCENES,
                                      environments=[FOREST, KITCHEN]), script="script")
    assert result.project.settings.language == "de" and result.changes.settings
    assert {ref.kind for ref in result.changes.stale} == {SlotKind.NARRATION}
    assert len(result.changes.stale) == 4


def test_scene_similarity_ignores_user_edited_fields() -> None:
    project = _hand_project()
    fox = next(s for s in project.scenes if s.title == "The fox")
    fox.narration = "Something else entirely, written by the user."
    planned = SCENES[2]
    low = scene_similarity(fox, planned)
    fox.edited = ["narration"]
    assert scene_similarity(fox, planned) == 1.0 > low


def test_unrelated_scenes_are_not_matched() -> None:
    project = _hand_project()
    other = [_scene("Ship", "A ship sails out of the harbour under a red sky."),
             _scene("Storm", "Lightning splits the mast in two.")]
    assert match_scenes(project.ordered_scenes, other) == {}
    result = merge_plan(project, Plan(title="Ship", environments=[FOREST], scenes=other),
                        script="other")
    assert len(result.added_scenes) == 2 and len(result.removed_scenes) == 4
    assert isinstance(result, ReplanResult)
