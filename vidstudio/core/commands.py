"""Undoable edits of a Project. Each returns the Changes it made.

Commands never drop takes: undo restores the edited value and the stale flags it touched, so a
generation that finished in between stays in its slot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from vidstudio.core.deps import (
    ENVIRONMENT_FIELDS,
    SCENE_FIELD_DEPENDENTS,
    Changes,
    SlotRef,
    mark_environment_edited,
    mark_scene_field_edited,
    mark_scene_slot_replaced,
)
from vidstudio.core.models import Project, Slot, TakeId
from vidstudio.core.vocabulary import SlotKind


class Command(Protocol):
    label: str

    def apply(self, project: Project) -> Changes: ...

    def undo(self, project: Project) -> Changes: ...


def slot_at(project: Project, ref: SlotRef) -> Slot:
    if ref.kind is SlotKind.ENV_IMAGE:
        return project.environment(ref.owner).images[ref.index or 0]
    if ref.kind is SlotKind.STYLE:
        return project.environment(ref.owner).style
    return project.scene(ref.owner).slots[ref.kind]


def _restore_stale(project: Project, flags: dict[SlotRef, bool], changes: Changes) -> None:
    for ref, stale in flags.items():
        slot_at(project, ref).stale = stale
        changes.stale.discard(ref)


@dataclass
class EditScene:
    scene_id: str
    field_name: str
    value: Any
    label: str = "Edit scene"
    _old: Any = None
    _made_stale: set[SlotRef] = field(default_factory=set)

    def apply(self, project: Project) -> Changes:
        if self.field_name not in SCENE_FIELD_DEPENDENTS:
            raise ValueError(f"scene has no editable field {self.field_name!r}")
        scene = project.scene(self.scene_id)
        self._old = getattr(scene, self.field_name)
        setattr(scene, self.field_name, self.value)  # validated by pydantic
        changes = mark_scene_field_edited(project, self.scene_id, self.field_name)
        self._made_stale = set(changes.stale)
        return changes

    def undo(self, project: Project) -> Changes:
        setattr(project.scene(self.scene_id), self.field_name, self._old)
        changes = Changes(scenes={self.scene_id})
        _restore_stale(project, dict.fromkeys(self._made_stale, False), changes)
        return changes


@dataclass
class EditEnvironment:
    env_id: str
    field_name: str
    value: Any
    label: str = "Edit environment"
    _old: Any = None
    _made_stale: set[SlotRef] = field(default_factory=set)

    def apply(self, project: Project) -> Changes:
        if self.field_name not in ENVIRONMENT_FIELDS:
            raise ValueError(f"environment has no editable field {self.field_name!r}")
        env = project.environment(self.env_id)
        self._old = getattr(env, self.field_name)
        setattr(env, self.field_name, self.value)
        changes = mark_environment_edited(project, self.env_id)
        self._made_stale = set(changes.stale)
        return changes

    def undo(self, project: Project) -> Changes:
        setattr(project.environment(self.env_id), self.field_name, self._old)
        changes = Changes(environments={self.env_id})
        _restore_stale(project, dict.fromkeys(self._made_stale, False), changes)
        return changes


@dataclass
class ActivateTake:
    """Choose an earlier (or later) take of a slot; dependents go stale."""

    ref: SlotRef
    take_id: TakeId
    label: str = "Choose take"
    _old: TakeId | None = None
    _made_stale: set[SlotRef] = field(default_factory=set)

    def apply(self, project: Project) -> Changes:
        slot = slot_at(project, self.ref)
        self._old = slot.active
        slot.active = self.take_id
        if self.ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
            changes = mark_environment_edited(project, self.ref.owner, images_too=False)
        else:
            changes = mark_scene_slot_replaced(project, self.ref.owner, self.ref.kind)
        self._made_stale = set(changes.stale)
        return changes

    def undo(self, project: Project) -> Changes:
        slot_at(project, self.ref).active = self._old
        changes = Changes()
        _restore_stale(project, dict.fromkeys(self._made_stale, False), changes)
        return changes


@dataclass
class History:
    """A linear undo/redo stack of applied commands."""

    done: list[Command] = field(default_factory=list)
    undone: list[Command] = field(default_factory=list)

    def run(self, project: Project, command: Command) -> Changes:
        changes = command.apply(project)
        self.done.append(command)
        self.undone.clear()
        return changes

    def undo(self, project: Project) -> Changes | None:
        if not self.done:
            return None
        command = self.done.pop()
        self.undone.append(command)
        return command.undo(project)

    def redo(self, project: Project) -> Changes | None:
        if not self.undone:
            return None
        command = self.undone.pop()
        self.done.append(command)
        return command.apply(project)
