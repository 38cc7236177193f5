"""What the timeline draws, computed from the project alone (no Qt): one ``SceneLane`` per
scene with its place in time and the state of each lane's take, and the ``MusicLane`` of the
film's score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vidstudio.core.timeline import NARRATION_LEAD, timeline
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.core.models import Project, Scene, Slot, Take

TakeState = Literal["ready", "stale", "missing", "failed"]


@dataclass(frozen=True)
class TakeView:
    """The active take of one slot, as the timeline shows it."""

    state: TakeState
    path: Path | None = None
    take_id: str = ""


@dataclass(frozen=True)
class Cue:
    """One subtitle: text and its start and end in seconds of the film."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class SceneLane:
    scene_id: str
    number: int
    title: str
    start: float
    duration: float
    thumbnail: TakeView
    video: TakeView
    sfx: TakeView
    narration: TakeView
    cues: tuple[Cue, ...]

    @property
    def end(self) -> float:
        return self.start + self.duration


def take_view(slot: Slot, project_dir: Path) -> TakeView:
    take = slot.active_take
    if take is None:
        failed = bool(slot.takes) and all(t.status == "failed" for t in slot.takes)
        return TakeView("failed" if failed else "missing")
    path = project_dir / take.file if take.file else None
    if take.status != "ready" or path is None:
        return TakeView("failed", path, take.id)
    return TakeView("stale" if slot.stale else "ready", path, take.id)


def _cues(scene: Scene, start: float) -> tuple[Cue, ...]:
    text = " ".join(scene.narration.split())
    if not text:
        return ()
    take = scene.slot(SlotKind.NARRATION).active_take
    sentences = (take.metadata.get("sentences") if take is not None else None) or []
    lead = start + NARRATION_LEAD
    cues = [Cue(str(s.get("text", "")).strip(), lead + float(s["start"]),
                lead + float(s["end"]))
            for s in sentences
            if isinstance(s, dict) and "start" in s and "end" in s
            and str(s.get("text", "")).strip()]
    end = start + scene.duration
    if not cues:
        return (Cue(text, lead, max(lead + 0.5, end - NARRATION_LEAD)),)
    return tuple(Cue(c.text, min(c.start, end), min(max(c.end, c.start), end)) for c in cues)


def scene_lanes(project: Project, project_dir: Path) -> list[SceneLane]:
    """Every scene in film order with where it sits and what each lane has for it."""
    scenes: dict[str, Scene] = {s.id: s for s in project.scenes}
    lanes: list[SceneLane] = []
    for number, entry in enumerate(timeline(project), start=1):
        scene = scenes[entry.scene_id]
        lanes.append(SceneLane(
            scene_id=scene.id, number=number, title=scene.title, start=entry.start,
            duration=entry.duration,
            thumbnail=take_view(scene.slot(SlotKind.FIRST_FRAME), project_dir),
            video=take_view(scene.slot(SlotKind.CLIP), project_dir),
            sfx=take_view(scene.slot(SlotKind.SFX), project_dir),
            narration=take_view(scene.slot(SlotKind.NARRATION), project_dir),
            cues=_cues(scene, entry.start),
        ))
    return lanes


@dataclass(frozen=True)
class MusicLane:
    """The film's score as the timeline shows it: its take, how long the film is, where its
    sections change (seconds from the start) and whether it plays in the export."""

    score: TakeView
    duration: float
    marks: tuple[float, ...]
    enabled: bool
    locked: bool


def _section_marks(project: Project, take: Take | None) -> tuple[float, ...]:
    """Where the score's sections meet: from its take's own section lengths where it
    recorded them (a stale score keeps the cuts it was made for), else the scene cuts."""
    lengths = take.metadata.get("sections") if take is not None else None
    if not (isinstance(lengths, list) and lengths
            and all(isinstance(x, int | float) and x > 0 for x in lengths)):
        lengths = [entry.duration for entry in timeline(project)]
    marks: list[float] = []
    at = 0.0
    for length in lengths[:-1]:
        at += float(length)
        marks.append(at)
    return tuple(marks)


def music_lane(project: Project, project_dir: Path) -> MusicLane:
    settings = project.music_settings
    take = project.music.active_take
    return MusicLane(score=take_view(project.music, project_dir),
                     duration=sum(e.duration for e in timeline(project)),
                     marks=_section_marks(project, take), enabled=settings.enabled,
                     locked=settings.locked)


def drop_order(lanes: list[SceneLane], moved: str, center: float) -> list[str]:
    """The scene order after dropping scene ``moved`` with its middle at ``center`` seconds."""
    others = [lane for lane in lanes if lane.scene_id != moved]
    index = sum(1 for lane in others if lane.start + lane.duration / 2 < center)
    order = [lane.scene_id for lane in others]
    order.insert(index, moved)
    return order
