"""The film's music settings, changed as one undoable step: on/off, level under the voice,
lock (and which composer makes it).

None of them changes what the score is made from, so none makes the score stale: on/off and
the level change only the mix of the export; a locked score is left alone by "Generate all".
The change record names the film's music settings (``(FILM, "music_settings")`` in
``fields``) so the views that show them redraw, and nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vidstudio.core.deps import FILM, Changes

if TYPE_CHECKING:
    from vidstudio.core.models import Project

MUSIC_FIELDS = ("enabled", "level_db", "locked", "provider", "score_from")
MUSIC_SETTINGS_FIELD = (FILM, "music_settings")


def _label(values: dict[str, Any]) -> str:
    if len(values) == 1:
        (name, value), = values.items()
        if name == "enabled":
            return "Turn music on" if value else "Turn music off"
        if name == "locked":
            return "Lock the score" if value else "Unlock the score"
        if name == "level_db":
            return "Set music level"
        if name == "score_from":
            return "Score the picture" if value == "picture" else "Compose from the scenes"
    return "Change music settings"


@dataclass
class EditMusic:
    """Set some of the film's music settings at once (``values``: field name -> new value).

    Consecutive level changes merge into one undo step (a spin box stepped several times)."""

    values: dict[str, Any]
    label: str = ""
    _old: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.label:
            self.label = _label(self.values)

    def apply(self, project: Project) -> Changes:
        unknown = set(self.values) - set(MUSIC_FIELDS)
        if unknown:
            raise ValueError(f"not a music setting: {', '.join(sorted(unknown))}")
        settings = project.music_settings
        self._old = {name: getattr(settings, name) for name in self.values}
        try:
            for name, value in self.values.items():
                setattr(settings, name, value)  # validated by pydantic (level -40..0 dB)
        except ValueError:
            for name, value in self._old.items():  # a refused value changes nothing
                setattr(settings, name, value)
            raise
        changed = any(getattr(settings, n) != self._old[n] for n in self.values)
        return Changes(fields={MUSIC_SETTINGS_FIELD}) if changed else Changes()

    def undo(self, project: Project) -> Changes:
        for name, value in self._old.items():
            setattr(project.music_settings, name, value)
        return Changes(fields={MUSIC_SETTINGS_FIELD})

    def merge(self, other: object) -> bool:
        if (isinstance(other, EditMusic) and set(self.values) == set(other.values)
                == {"level_db"}):
            self.values = dict(other.values)  # this step's "before", the later one's value
            return True
        return False
