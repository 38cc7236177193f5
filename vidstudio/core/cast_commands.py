"""Undoable changes of the cast: edit a character, add one, remove one.

Like every command (core/commands.py), each returns the complete Changes it made and its undo
the mirror record. Editing a character's look marks exactly what depends on it stale: its sheet
and the keyframes (and clips) of the scenes it is in frame in; its voice, the voice tracks of
the scenes it speaks in. Removing a character takes it out of every scene; undo puts it back,
with its sheet's takes (takes are never lost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from vidstudio.core import consistency
from vidstudio.core.commands import Command, EditField
from vidstudio.core.deps import (
    CHARACTER_LOOK_FIELDS,
    CHARACTER_VOICE_FIELDS,
    Changes,
    mark_character_edited,
    mark_scene_field_edited,
)
from vidstudio.core.models import CastMember, Character, DialogueLine, Project

if TYPE_CHECKING:
    from collections.abc import Collection

    from vidstudio.core.deps import SlotRef

CHARACTER_FIELDS = CHARACTER_LOOK_FIELDS | CHARACTER_VOICE_FIELDS | {"locked"}


@dataclass
class EditCharacter(EditField):
    """Set one field of a character (``look`` takes a whole Look: edit it with model_copy)."""

    NOUN: ClassVar[str] = "character"
    FIELDS: ClassVar[Collection[str]] = CHARACTER_FIELDS

    @property
    def character_id(self) -> str:
        return self.owner_id

    def _owner(self, project: Project) -> Character:
        return project.character(self.owner_id)

    def _changes(self) -> Changes:
        return Changes(characters={self.owner_id}, fields={(self.owner_id, self.field_name)})

    def _mark(self, project: Project, old: Any) -> Changes:
        return mark_character_edited(project, self.owner_id, self.field_name)

    def _downstream(self, project: Project) -> set[SlotRef]:
        return consistency.character_downstream(project, self.owner_id, self.field_name)


@dataclass
class AddCharacter:
    """A new member of the cast, optionally put in frame in some scenes (at the end)."""

    character: Character
    scene_ids: tuple[str, ...] = ()
    label: str = "Add character"

    def apply(self, project: Project) -> Changes:
        if any(c.id == self.character.id for c in project.characters):
            raise ValueError(f"character {self.character.id} is already in the cast")
        project.characters = [*project.characters, self.character]
        changes = Changes(characters={self.character.id}, structure=True)
        for scene_id in self.scene_ids:
            scene = project.scene(scene_id)
            scene.cast = [*scene.cast, CastMember(character_id=self.character.id)]
            changes.merge(mark_scene_field_edited(project, scene_id, "cast"))
        return changes

    def undo(self, project: Project) -> Changes:
        changes = Changes(characters={self.character.id}, structure=True)
        for scene_id in self.scene_ids:
            scene = project.scene(scene_id)
            scene.cast = [m for m in scene.cast if m.character_id != self.character.id]
            changes.merge(mark_scene_field_edited(project, scene_id, "cast"))
        project.characters = [c for c in project.characters if c.id != self.character.id]
        return changes

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class RemoveCharacter:
    """Take a character out of the cast and out of every scene (undo puts all back)."""

    character_id: str
    label: str = "Remove character"
    _character: Character | None = None
    _index: int = 0
    _scenes: dict[str, tuple[list[CastMember], list[DialogueLine]]] = field(
        default_factory=dict)

    def apply(self, project: Project) -> Changes:
        character = project.character(self.character_id)
        self._character = character
        self._index = project.characters.index(character)
        changes = Changes(characters={self.character_id}, structure=True)
        self._scenes = {}
        for scene in project.scenes:
            if self.character_id not in scene.characters_named():
                continue
            self._scenes[scene.id] = (list(scene.cast), list(scene.dialogue))
            scene.cast = [m for m in scene.cast if m.character_id != self.character_id]
            scene.dialogue = [d for d in scene.dialogue if d.character_id != self.character_id]
            changes.merge(mark_scene_field_edited(project, scene.id, "cast"))
            changes.merge(mark_scene_field_edited(project, scene.id, "dialogue"))
        project.characters = [c for c in project.characters if c.id != self.character_id]
        return changes

    def undo(self, project: Project) -> Changes:
        assert self._character is not None
        characters = list(project.characters)
        characters.insert(self._index, self._character)
        project.characters = characters
        changes = Changes(characters={self.character_id}, structure=True)
        for scene_id, (cast, lines) in self._scenes.items():
            scene = project.scene(scene_id)
            scene.cast, scene.dialogue = cast, lines
            changes.merge(mark_scene_field_edited(project, scene_id, "cast"))
            changes.merge(mark_scene_field_edited(project, scene_id, "dialogue"))
        return changes

    def merge(self, other: Command) -> bool:
        return False
