"""Undoable directing choices that shape no generated take: a favourite take's star and the
film's title. Neither makes anything stale; the export and the preview read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vidstudio.core.deps import Changes, SlotRef, slot_at
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from vidstudio.core.commands import Command
    from vidstudio.core.models import Project, TakeId

TITLE_MODES = ("off", "overlay", "card")


def _owner(changes: Changes, ref: SlotRef) -> None:
    if ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
        changes.environments.add(ref.owner)
    else:
        changes.scenes.add(ref.owner)


@dataclass
class StarTake:
    """Star (or unstar) one take of a slot as a favourite."""

    ref: SlotRef
    take_id: TakeId
    starred: bool = True
    label: str = ""
    _was: list[TakeId] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.label:
            self.label = "Star take" if self.starred else "Unstar take"

    def _set(self, project: Project, starred: list[TakeId]) -> Changes:
        slot = slot_at(project, self.ref)
        slot.starred = starred
        changes = Changes(slots={self.ref})
        _owner(changes, self.ref)
        return changes

    def apply(self, project: Project) -> Changes:
        slot = slot_at(project, self.ref)
        if all(t.id != self.take_id for t in slot.takes):
            raise ValueError("that take is not one of the slot's takes")
        self._was = list(slot.starred)
        rest = [t for t in slot.starred if t != self.take_id]
        return self._set(project, [*rest, self.take_id] if self.starred else rest)

    def undo(self, project: Project) -> Changes:
        return self._set(project, list(self._was))

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class SetTitle:
    """The film's title text, how it is shown (off, over the opening, its own card) and for
    how many seconds."""

    title: str
    mode: str
    seconds: float
    label: str = "Edit title"
    _was: tuple[str, str, float] | None = None

    def apply(self, project: Project) -> Changes:
        if self.mode not in TITLE_MODES:
            raise ValueError(f"title mode must be one of {', '.join(TITLE_MODES)}")
        settings = project.settings
        self._was = (project.title, settings.title_mode, settings.title_seconds)
        self._put(project, self.title, self.mode, self.seconds)
        return Changes(settings=True)

    def undo(self, project: Project) -> Changes:
        assert self._was is not None
        self._put(project, *self._was)
        return Changes(settings=True)

    @staticmethod
    def _put(project: Project, title: str, mode: Any, seconds: float) -> None:
        project.settings.title_seconds = seconds  # validated first: a bad value changes nothing
        project.settings.title_mode = mode
        project.title = title.strip() or "Untitled"

    def merge(self, other: Command) -> bool:
        if isinstance(other, SetTitle) and self._was is not None:
            self.title, self.mode, self.seconds = other.title, other.mode, other.seconds
            return True
        return False
