"""Time math of the assembled film: where each scene starts and ends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vidstudio.core.models import Project


@dataclass(frozen=True)
class TimelineEntry:
    scene_id: str
    start: float
    duration: float

    @property
    def end(self) -> float:
        return self.start + self.duration


def timeline(project: Project) -> list[TimelineEntry]:
    """Scenes back to back in their order; the film is exactly the sum of scene durations."""
    entries: list[TimelineEntry] = []
    t = 0.0
    for scene in project.ordered_scenes:
        entries.append(TimelineEntry(scene.id, t, float(scene.duration)))
        t += scene.duration
    return entries


def frames(seconds: float, fps: int) -> int:
    """Whole frames in ``seconds`` at ``fps``, rounded to the nearest frame."""
    return round(seconds * fps)


# Narration starts this long after its scene starts, and must end this long before the scene
# ends, so speech never runs across a cut.
NARRATION_LEAD = 0.3
NARRATION_TAIL = 0.3


def narration_window(scene_duration: float) -> float:
    """Seconds of speech a scene of ``scene_duration`` can hold."""
    return max(0.5, scene_duration - NARRATION_LEAD - NARRATION_TAIL)
