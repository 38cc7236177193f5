"""An undoable command's protocol and the undo/redo stack of applied ones (core/commands.py
holds the commands themselves)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from vidstudio.core.deps import Changes
    from vidstudio.core.models import Project


class Command(Protocol):
    """One undoable change. ``apply`` may be called again after ``undo`` (redo)."""

    label: str

    def apply(self, project: Project) -> Changes: ...

    def undo(self, project: Project) -> Changes: ...

    def merge(self, other: Command) -> bool:
        """Absorb ``other`` (already applied) into this command; True if it did."""
        ...


@dataclass
class History:
    """A linear undo/redo stack of applied commands."""

    done: list[Command] = field(default_factory=list)
    undone: list[Command] = field(default_factory=list)
    limit: int = 200

    def run(self, project: Project, command: Command, *, merge: bool = False) -> Changes:
        changes = command.apply(project)
        self.push(command, merge=merge)
        return changes

    def push(self, command: Command, *, merge: bool = False) -> None:
        """Record an applied command; with ``merge`` it may join the previous step."""
        self.undone.clear()
        if merge and self.done and self.done[-1].merge(command):
            return
        self.done.append(command)
        del self.done[: -self.limit]

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

    @property
    def undo_label(self) -> str | None:
        return self.done[-1].label if self.done else None

    @property
    def redo_label(self) -> str | None:
        return self.undone[-1].label if self.undone else None

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()
