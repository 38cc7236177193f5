"""Re-planning an edited script without losing what was already made.

A new plan has fresh, plan-local ids (``env1``, ...). Turning it into a new Project would give
every scene and environment a new id, so every cache key would change and the whole film would be
generated (and paid for) again. ``merge_plan`` instead matches the new plan to the project:

- environments by content (setting, name, description, key objects) and by which matched scenes
  use them, never by position or id;
- scenes by content (narration, action, title) in script order: an order-preserving alignment,
  then a second pass for scenes that only moved.

A matched scene or environment keeps its id, slots and takes; the fields the plan changed are
updated and exactly the slots that depend on them go stale. Fields the user edited (``edited``)
keep the user's value unless ``replace_edits``; a locked scene keeps all of its content.
Unmatched plan entries are added with fresh ids, unmatched project entries are dropped. A place
the plan only re-words (same name, setting, hour, weather, light and set of things; a nearly
identical description) keeps its own wording, so its images and style are not made again.

The input project is never modified: the result holds a merged deep copy, for the project
session to apply as one undoable command (e.g. ``ReplaceContent`` with its environments and
scenes). Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from vidstudio.core.deps import (
    Changes,
    SlotRef,
    mark_environment_edited,
    mark_scene_field_edited,
)
from vidstudio.core.matching import (
    REWORDED_DESCRIPTION_THRESHOLD,
    match_environments,
    match_scenes,
    set_similarity,
    text_similarity,
)
from vidstudio.core.models import (
    Character,
    CharacterId,
    Environment,
    EnvironmentId,
    Project,
    Scene,
    SceneId,
    Slot,
    new_id,
)
from vidstudio.core.plan import (
    Plan,
    PlanEnvironment,
    PlanScene,
    character_from_plan,
    scene_cast,
)
from vidstudio.core.prompts import remember_planned
from vidstudio.core.vocabulary import SlotKind

# The descriptive fields a plan fills in, in the order they are compared and reported.
# The cast and the lines name plan-local characters ("ch1"): they are merged on their own.
_CAST_FIELDS = ("cast", "dialogue")
SCENE_PLAN_FIELDS: tuple[str, ...] = tuple(
    name for name in PlanScene.model_fields
    if name in Scene.model_fields and name not in _CAST_FIELDS
)
ENVIRONMENT_PLAN_FIELDS: tuple[str, ...] = tuple(
    name for name in PlanEnvironment.model_fields
    if name in Environment.model_fields and name != "id"
)
# What makes a place look different; a plan that changes none of these (nor the set of key
# objects) only re-words the place.
_MATERIAL_ENVIRONMENT_FIELDS = frozenset({"name", "setting", "lighting", "weather", "time_of_day"})

# Scene fields where None means "as the environment" (or, for language, the project).
_EFFECTIVE_FIELDS = ("time_of_day", "weather", "language")


class Outcome(StrEnum):
    KEPT = "kept"  # matched; no field changed (its order may have)
    CHANGED = "changed"  # matched; some fields took the plan's new values
    ADDED = "added"  # new in the plan: a fresh id and empty slots
    REMOVED = "removed"  # no longer in the plan: dropped with its takes


@dataclass(frozen=True)
class SceneOutcome:
    """What the re-plan did to one scene.

    Attributes:
        scene_id: the project id (kept for matched scenes, fresh for added ones).
        status: kept, changed, added or removed.
        title: the scene's title after the merge (before it, for a removed scene).
        old_order / new_order: position before and after (None where it has none).
        changed: fields that took the plan's new value.
        kept_edits: fields where the plan differs but the user's value was kept.
        stale: the scene's slots that went stale because of this merge.
        locked: the scene was locked (a removed locked scene deserves a warning).
    """

    scene_id: SceneId
    status: Outcome
    title: str
    old_order: int | None
    new_order: int | None
    changed: tuple[str, ...] = ()
    kept_edits: tuple[str, ...] = ()
    stale: tuple[SlotKind, ...] = ()
    locked: bool = False

    @property
    def moved(self) -> bool:
        return (self.old_order is not None and self.new_order is not None
                and self.old_order != self.new_order)


@dataclass(frozen=True)
class EnvironmentOutcome:
    """What the re-plan did to one environment.

    ``plan_id`` is its id in the new plan; ``changed`` the fields that took the plan's value;
    ``kept_edits`` the user-edited fields kept; ``reworded`` fields the plan only re-worded
    (a description that reads nearly the same), kept as they were so nothing is made again.
    """

    environment_id: EnvironmentId
    status: Outcome
    name: str
    plan_id: str | None
    changed: tuple[str, ...] = ()
    kept_edits: tuple[str, ...] = ()
    reworded: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplanResult:
    """A merged project and a report of how it differs from the one given.

    Attributes:
        project: the merged Project, a deep copy; the input project is untouched. Its scenes'
            ``order`` follows the new plan; stale flags are already set.
        scenes: one outcome per scene: the merged scenes in their new order, then the removed.
        environments: one outcome per environment: the merged ones in plan order, then the
            removed.
        environment_ids: each plan environment id -> the project environment id it became.
        changes: what changed between the given project and ``project`` (ids touched, fields
            set, slots gone stale, structure, settings), as a project command reports it.
    """

    project: Project
    scenes: tuple[SceneOutcome, ...]
    environments: tuple[EnvironmentOutcome, ...]
    environment_ids: dict[str, EnvironmentId]
    changes: Changes

    def _scenes(self, status: Outcome) -> list[SceneOutcome]:
        return [s for s in self.scenes if s.status is status]

    def _environments(self, status: Outcome) -> list[EnvironmentOutcome]:
        return [e for e in self.environments if e.status is status]

    @property
    def kept_scenes(self) -> list[SceneId]:
        return [s.scene_id for s in self._scenes(Outcome.KEPT)]

    @property
    def changed_scenes(self) -> dict[SceneId, tuple[str, ...]]:
        return {s.scene_id: s.changed for s in self._scenes(Outcome.CHANGED)}

    @property
    def added_scenes(self) -> list[SceneId]:
        return [s.scene_id for s in self._scenes(Outcome.ADDED)]

    @property
    def removed_scenes(self) -> list[SceneId]:
        return [s.scene_id for s in self._scenes(Outcome.REMOVED)]

    @property
    def kept_environments(self) -> list[EnvironmentId]:
        return [e.environment_id for e in self._environments(Outcome.KEPT)]

    @property
    def changed_environments(self) -> dict[EnvironmentId, tuple[str, ...]]:
        return {e.environment_id: e.changed for e in self._environments(Outcome.CHANGED)}

    @property
    def added_environments(self) -> list[EnvironmentId]:
        return [e.environment_id for e in self._environments(Outcome.ADDED)]

    @property
    def removed_environments(self) -> list[EnvironmentId]:
        return [e.environment_id for e in self._environments(Outcome.REMOVED)]

    @property
    def unchanged(self) -> bool:
        """Nothing but (perhaps) the script text differs: no render step needs to run again."""
        return (all(s.status is Outcome.KEPT and not s.moved for s in self.scenes)
                and all(e.status is Outcome.KEPT for e in self.environments)
                and not self.changes.stale)

    def summary(self) -> str:
        """One line for a status bar or the CLI, e.g. ``scenes: 4 kept, 1 changed; ...``."""
        def part(noun: str, counts: dict[str, int]) -> str:
            shown = [f"{n} {word}" for word, n in counts.items() if n]
            return f"{noun}: {', '.join(shown) if shown else 'none'}"

        scene_counts = {o.value: len(self._scenes(o)) for o in Outcome}
        env_counts = {o.value: len(self._environments(o)) for o in Outcome}
        return "; ".join([part("scenes", scene_counts), part("environments", env_counts),
                          f"{len(self.changes.stale)} takes to redo"])


# ------------------------------------------------------------------------------ merging
def _effective_scene_value(scene: Scene, name: str, env: Environment, language: str) -> Any:
    value = getattr(scene, name)
    if value is not None:
        return value
    return language if name == "language" else getattr(env, name)


def _resize_images(env: Environment, count: int) -> None:
    images = list(env.images[:count])
    images.extend(Slot(kind=SlotKind.ENV_IMAGE) for _ in range(count - len(images)))
    object.__setattr__(env, "images", images)


def _only_reworded(env: Environment, planned: PlanEnvironment, changed: list[str]) -> bool:
    """The plan describes the same place in other words: same name, setting, hour, weather,
    light and things, a description that reads nearly the same. (The local planner quotes the
    sentence a place is first seen in and orders its things by how the script names them.)"""
    if set(changed) & _MATERIAL_ENVIRONMENT_FIELDS:
        return False
    if set_similarity(env.key_objects, planned.key_objects) < 1.0:
        return False
    return "description" not in changed or text_similarity(
        env.description, planned.description) >= REWORDED_DESCRIPTION_THRESHOLD


def _merge_environment(env: Environment, planned: PlanEnvironment, replace_edits: bool
                       ) -> tuple[list[str], list[str], list[str]]:
    """Update ``env`` (a copy) from the plan: the changed fields, the kept user edits, and the
    re-worded fields left as they were."""
    remember_planned(env, planned)
    differ = [name for name in ENVIRONMENT_PLAN_FIELDS
              if getattr(planned, name) != getattr(env, name)]
    kept = [name for name in differ if name in env.edited and not replace_edits]
    changed = [name for name in differ if name not in kept]
    if replace_edits:
        env.edited = [name for name in env.edited if name not in ENVIRONMENT_PLAN_FIELDS]
    if changed and _only_reworded(env, planned, changed):
        # Ten images and a style are not worth making again for a turn of phrase.
        return [], kept, changed
    for name in changed:
        new = getattr(planned, name)
        if name == "image_prompts":
            # Validation would add slots before the list is trimmed; set both together.
            object.__setattr__(env, "image_prompts", list(new))
            _resize_images(env, len(new))
        else:
            setattr(env, name, list(new) if isinstance(new, list) else new)
    return changed, kept, []


def _merge_scene(scene: Scene, planned: PlanScene, env_ids: dict[str, EnvironmentId],
                 known_envs: set[EnvironmentId], replace_edits: bool
                 ) -> tuple[list[str], list[str]]:
    """Update ``scene`` (a copy) from the plan; the changed fields and the kept user edits."""
    remember_planned(scene, planned)
    protected = set(SCENE_PLAN_FIELDS) if scene.locked else set(scene.edited)
    changed: list[str] = []
    kept: list[str] = []
    for name in SCENE_PLAN_FIELDS:
        new = env_ids[planned.environment_id] if name == "environment_id" \
            else getattr(planned, name)
        old = getattr(scene, name)
        if new == old:
            continue
        if name in protected and not replace_edits:
            if name != "environment_id" or old in known_envs:
                kept.append(name)
                continue
            # The place the user chose is no longer in the plan: follow the plan.
            scene.edited = [f for f in scene.edited if f != name]
        if name == "duration" and new < old and planned.narration == scene.narration:
            continue  # lengthened earlier to fit its narration, which has not changed
        setattr(scene, name, list(new) if isinstance(new, list) else new)
        changed.append(name)
    if replace_edits:
        scene.edited = [f for f in scene.edited if f not in SCENE_PLAN_FIELDS]
    return changed, kept


def _merge_cast(scene: Scene, planned: PlanScene, char_ids: dict[str, CharacterId],
                replace_edits: bool, changed: list[str], kept: list[str]) -> None:
    """The planned cast and lines of a matched scene, unless the user edited them (or locked
    the scene)."""
    cast, lines = scene_cast(planned, char_ids)
    for name, new in (("cast", cast), ("dialogue", lines)):
        if getattr(scene, name) == new:
            continue
        if (scene.locked or name in scene.edited) and not replace_edits:
            kept.append(name)
            continue
        setattr(scene, name, new)
        changed.append(name)


def _new_environment(planned: PlanEnvironment) -> Environment:
    values = planned.model_dump(include=set(ENVIRONMENT_PLAN_FIELDS))
    env = Environment(id=EnvironmentId(new_id("env")), **values)
    remember_planned(env, planned)
    return env


def _new_scene(planned: PlanScene, order: int, env_id: EnvironmentId) -> Scene:
    values = planned.model_dump(include=set(SCENE_PLAN_FIELDS) - {"environment_id"})
    scene = Scene(id=SceneId(new_id("sc")), order=order, environment_id=env_id, **values)
    remember_planned(scene, planned)
    return scene


def _match_places(project: Project, old_scenes: list[Scene], plan: Plan,
                          scene_pairs: dict[int, int]) -> dict[int, int]:
    """Match environments, helped by which matched scenes stayed together."""
    env_index = {env.id: i for i, env in enumerate(project.environments)}
    plan_env_index = {env.id: j for j, env in enumerate(plan.environments)}
    shared: dict[tuple[int, int], int] = {}
    for j, i in scene_pairs.items():
        key = (env_index[old_scenes[i].environment_id],
               plan_env_index[plan.scenes[j].environment_id])
        shared[key] = shared.get(key, 0) + 1
    old_uses = [sum(1 for s in old_scenes if s.environment_id == env.id)
                for env in project.environments]
    new_uses = [sum(1 for s in plan.scenes if s.environment_id == env.id)
                for env in plan.environments]
    return match_environments(project.environments, plan.environments, shared,
                              (old_uses, new_uses))


def _mark_environment(project: Project, env_id: EnvironmentId, changes: Changes) -> None:
    changes.merge(mark_environment_edited(project, env_id, images_too=True))
    # Sound is made for the place too (its weather and hour).
    for scene in project.scenes:
        if scene.environment_id == env_id:
            changes.merge(mark_scene_field_edited(project, scene.id, "sfx_prompt"))


def merge_plan(project: Project, plan: Plan, *, script: str, replace_edits: bool = False,
               provider: str | None = None) -> ReplanResult:
    """Merge a new plan of ``script`` into a copy of ``project``, keeping what did not change.

    Args:
        project: the current project; not modified.
        plan: the new plan (plan-local environment ids such as ``env1``).
        script: the script the plan was made from; it becomes the project's script.
        replace_edits: let the plan's values replace fields the user edited (and forget those
            edits); by default user-edited fields, and every field of a locked scene, keep
            the user's value.
        provider: the planner's name for ``plan_provider``; None leaves it as it was.

    Returns:
        The merged copy and a report. In the copy: matched scenes and environments keep their
        ids, slots and takes; fields the plan changed take the new value and the slots that
        depend on them are marked stale (an environment's change makes its images, style and
        its scenes' keyframes, clips and sound stale); added entries have fresh ids and empty
        slots; removed ones are gone. Scene order, environment order, the title and the
        language follow the plan. ``plan_key`` is left for the caller to set.

    Threading: pure; call it anywhere, apply the result on the project session (one writer).
    """
    merged = project.model_copy(deep=True)
    changes = Changes()
    old_scenes = merged.ordered_scenes
    old_language = project.settings.language
    scene_pairs = match_scenes(old_scenes, plan.scenes)
    env_pairs = _match_places(merged, old_scenes, plan, scene_pairs)

    # Environments, in plan order.
    environments: list[Environment] = []
    env_outcomes: list[EnvironmentOutcome] = []
    env_ids: dict[str, EnvironmentId] = {}
    env_marks: list[EnvironmentId] = []
    for j, planned_env in enumerate(plan.environments):
        if j in env_pairs:
            env = merged.environments[env_pairs[j]]
            changed, kept, reworded = _merge_environment(env, planned_env, replace_edits)
            if changed:
                env_marks.append(env.id)
                changes.environments.add(env.id)
                changes.fields |= {(env.id, name) for name in changed}
            status = Outcome.CHANGED if changed else Outcome.KEPT
            env_outcomes.append(EnvironmentOutcome(env.id, status, env.name, planned_env.id,
                                                   tuple(changed), tuple(kept), tuple(reworded)))
        else:
            env = _new_environment(planned_env)
            changes.environments.add(env.id)
            env_outcomes.append(EnvironmentOutcome(env.id, Outcome.ADDED, env.name,
                                                   planned_env.id))
        env_ids[planned_env.id] = env.id
        environments.append(env)
    env_outcomes.extend(EnvironmentOutcome(env.id, Outcome.REMOVED, env.name, None)
                        for env in merged.environments if env.id not in env_ids.values())
    known_envs = set(env_ids.values())
    envs_by_id = {env.id: env for env in environments}

    # The cast: a planned character of a name the project has keeps that character (its id,
    # its sheet with every take, its voice and its edits); the others are new.
    old_cast = {c.name.casefold(): c for c in merged.characters}
    characters: list[Character] = []
    char_ids: dict[str, CharacterId] = {}
    for pchar in plan.characters:
        same = old_cast.pop(pchar.name.casefold(), None)
        character = same if same is not None else character_from_plan(pchar)
        if same is None:
            changes.characters.add(character.id)
        char_ids[pchar.id] = character.id
        characters.append(character)

    # Scenes, in plan order.
    scenes: list[Scene] = []
    merged_scenes: list[tuple[SceneId, int | None, list[str], list[str]]] = []
    scene_marks: list[tuple[SceneId, list[str]]] = []
    for j, planned in enumerate(plan.scenes):
        if j not in scene_pairs:
            scene = _new_scene(planned, j, env_ids[planned.environment_id])
            scene.cast, scene.dialogue = scene_cast(planned, char_ids)
            changes.scenes.add(scene.id)
            merged_scenes.append((scene.id, None, [], []))
            scenes.append(scene)
            continue
        scene = old_scenes[scene_pairs[j]]
        original = project.scene(scene.id)
        changed, kept = _merge_scene(scene, planned, env_ids, known_envs, replace_edits)
        _merge_cast(scene, planned, char_ids, replace_edits, changed, kept)
        stale_fields = [name for name in changed if name not in _EFFECTIVE_FIELDS]
        for name in _EFFECTIVE_FIELDS:
            # None means "as the environment" (or the project): only the effective value
            # shapes a take.
            before = _effective_scene_value(
                original, name, project.environment(original.environment_id), old_language)
            after = _effective_scene_value(
                scene, name, envs_by_id[scene.environment_id], plan.language)
            if before != after:
                stale_fields.append(name)
        if "environment_id" in stale_fields:
            stale_fields.append("sfx_prompt")  # the sound is made for the place too
        scene.order = j
        if changed or original.order != j:
            changes.scenes.add(scene.id)
            changes.fields |= {(scene.id, name) for name in changed}
        scene_marks.append((scene.id, stale_fields))
        merged_scenes.append((scene.id, original.order, changed, kept))
        scenes.append(scene)
    removed = [s for s in old_scenes if s.id not in {scene.id for scene in scenes}]
    changes.scenes |= {s.id for s in removed}

    # A character the plan dropped stays while a scene the user kept still has it in frame.
    named = {m.character_id for s in scenes for m in s.cast} | {
        line.character_id for s in scenes for line in s.dialogue}
    characters += [c for c in old_cast.values() if c.id in named]
    changes.characters |= {c.id for c in old_cast.values() if c.id not in named}
    object.__setattr__(merged, "environments", environments)
    object.__setattr__(merged, "characters", characters)
    object.__setattr__(merged, "scenes", scenes)
    merged.script = script
    merged.title = plan.title
    merged.settings.language = plan.language
    if provider is not None:
        merged.plan_provider = provider
    # Check every reference once everything is in place.
    merged = Project.model_validate(merged.model_dump())
    changes.settings = (project.script, project.title, old_language, project.plan_provider) != (
        merged.script, merged.title, merged.settings.language, merged.plan_provider)
    changes.structure = (
        [s.id for s in project.ordered_scenes] != [s.id for s in merged.ordered_scenes]
        or [e.id for e in project.environments] != [e.id for e in merged.environments])

    # Staleness, now that every scene and environment is where it belongs.
    for env_id in env_marks:
        _mark_environment(merged, env_id, changes)
    for scene_id, stale_fields in scene_marks:
        for name in stale_fields:
            changes.merge(mark_scene_field_edited(merged, scene_id, name))

    outcomes: list[SceneOutcome] = []
    for scene_id, old_order, changed, kept in merged_scenes:
        final = merged.scene(scene_id)
        stale = tuple(kind for kind in final.slots if SlotRef(scene_id, kind) in changes.stale)
        if old_order is None:
            status = Outcome.ADDED
        else:
            status = Outcome.CHANGED if changed else Outcome.KEPT
        outcomes.append(SceneOutcome(scene_id, status, final.title, old_order, final.order,
                                     tuple(changed), tuple(kept), stale, final.locked))
    outcomes.extend(SceneOutcome(s.id, Outcome.REMOVED, s.title, s.order, None, locked=s.locked)
                    for s in removed)
    return ReplanResult(merged, tuple(outcomes), tuple(env_outcomes), env_ids, changes)
