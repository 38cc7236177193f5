"""The film's own format, changed as one undoable step: aspect ratio, resolution, frame rate
and the transition between scenes.

Keyframes and clips are painted for one frame shape: a new aspect ratio or resolution makes
every one of them stale (the next "Generate all" makes them again, and the export waits for
it). A new frame rate or transition changes only the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vidstudio.core.commands import _SlotTracking
from vidstudio.core.deps import KEYFRAME_SLOTS, Changes, SlotRef

if TYPE_CHECKING:
    from vidstudio.core.models import Project

FILM_FIELDS = ("aspect_ratio", "short_side", "fps", "transition", "transition_seconds")
_FRAME_SHAPE = frozenset({"aspect_ratio", "short_side"})


@dataclass
class EditFilm(_SlotTracking):
    """Set several of the film's settings at once (``values``: field name -> new value)."""

    values: dict[str, Any]
    label: str = "Change film settings"
    _old: dict[str, Any] = field(default_factory=dict)

    def apply(self, project: Project) -> Changes:
        unknown = set(self.values) - set(FILM_FIELDS)
        if unknown:
            raise ValueError(f"not a film setting: {', '.join(sorted(unknown))}")
        settings = project.settings
        self._old = {name: getattr(settings, name) for name in self.values}
        changes = Changes()

        def body() -> None:
            for name, value in self.values.items():
                setattr(settings, name, value)  # validated by pydantic
            changed = {n for n in self.values if getattr(settings, n) != self._old[n]}
            if not changed:
                return
            changes.settings = True
            if changed & _FRAME_SHAPE:
                for scene in project.scenes:
                    for kind in KEYFRAME_SLOTS:
                        slot = scene.slots[kind]
                        if slot.takes and not slot.stale:
                            slot.stale = True
                            changes.stale.add(SlotRef(scene.id, kind))
                    changes.scenes.add(scene.id)

        try:
            return self._track(project, changes, body)
        except ValueError:
            for name, value in self._old.items():  # a refused value changes nothing
                setattr(settings, name, value)
            raise

    def undo(self, project: Project) -> Changes:
        for name, value in self._old.items():
            setattr(project.settings, name, value)
        return self._untrack(project, Changes(settings=True))

    def merge(self, other: object) -> bool:
        return False
