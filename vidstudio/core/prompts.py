"""Generation prompts a user may edit on a card, and "reset to planned".

A scene's keyframe prompts, its action (the clip prompt's subject) and its sound prompt, and an
environment's image prompts, are what the providers are asked for. The plan's own value of each
is kept beside the scene or environment (``planned``) when a plan makes or updates it, so an
edited prompt can go back to what the plan said. Editing a prompt (or resetting it) is an
``EditScene``/``EditEnvironment``: exactly the slots ``deps`` maps the field to go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vidstudio.core.commands import EditEnvironment, EditScene

if TYPE_CHECKING:
    from vidstudio.core.deps import Changes
    from vidstudio.core.models import Environment, Project, Scene

# field name -> what the card calls it
SCENE_PROMPTS: dict[str, str] = {
    "first_frame_prompt": "First keyframe prompt",
    "last_frame_prompt": "Last keyframe prompt",
    "action": "Clip prompt",
    "sfx_prompt": "Sound prompt",
}
ENVIRONMENT_PROMPTS = ("image_prompts",)


def remember_planned(target: Scene | Environment, planned: Any) -> None:
    """Keep the plan's values of ``target``'s prompt fields (``planned`` is the plan's entry)."""
    names = ENVIRONMENT_PROMPTS if hasattr(target, "image_prompts") else tuple(SCENE_PROMPTS)
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(planned, name, None)
        if value is not None:
            values[name] = list(value) if isinstance(value, list) else value
    target.planned = values


def planned_value(target: Scene | Environment, name: str) -> Any:
    """The plan's value of prompt ``name`` (None: no plan made this scene or place)."""
    return target.planned.get(name)


@dataclass
class ResetScenePrompt(EditScene):
    """Put a scene's prompt back to the plan's value; a later re-plan updates it again."""

    def __post_init__(self) -> None:
        self.user = False
        if not self.label:
            self.label = f"Reset {SCENE_PROMPTS.get(self.field_name, self.field_name).lower()}"

    def apply(self, project: Project) -> Changes:
        scene = project.scene(self.scene_id)
        if self.field_name not in scene.planned:
            raise ValueError("this scene was not made by a plan: there is nothing to reset to")
        self.value = scene.planned[self.field_name]
        was_edited = self.field_name in scene.edited
        changes = super().apply(project)
        scene.edited = [name for name in scene.edited if name != self.field_name]
        if was_edited:
            changes.scenes.add(scene.id)
        return changes

    def merge(self, other: Any) -> bool:
        return False


@dataclass
class ResetEnvironmentPrompts(EditEnvironment):
    """Put an environment's image prompts back to the plan's."""

    def __post_init__(self) -> None:
        self.user = False
        if not self.label:
            self.label = "Reset image prompts"

    def apply(self, project: Project) -> Changes:
        env = project.environment(self.env_id)
        if self.field_name not in env.planned:
            raise ValueError("this place was not made by a plan: there is nothing to reset to")
        self.value = list(env.planned[self.field_name])
        was_edited = self.field_name in env.edited
        changes = super().apply(project)
        env.edited = [name for name in env.edited if name != self.field_name]
        if was_edited:
            changes.environments.add(env.id)
        return changes

    def merge(self, other: Any) -> bool:
        return False
