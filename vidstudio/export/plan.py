"""Project -> render plan: which file plays where, for how long, at what format.

Pure: no file is opened, no process started, so the whole decision can be unit-tested. The
engine checks that the files exist and probes them afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.timeline import NARRATION_LEAD, frames, timeline
from vidstudio.core.vocabulary import SlotKind
from vidstudio.export.options import (
    ExportOptions,
    VideoTarget,
    resolve_target,
    with_film_transition,
)
from vidstudio.export.result import ExportError

if TYPE_CHECKING:
    from vidstudio.core.models import Project, Scene, Slot, Take

# The credit the vendored illustration library asks for, written into the MP4's ``comment``
# tag when a keyframe shows one of its drawings. The same text as
# ``vidstudio.providers.local.art.library.CREDIT`` (export may not import providers; a test
# keeps the two equal).
ILLUSTRATION_CREDIT = ("Illustrations: Microsoft Fluent Emoji (MIT License, Copyright (c) "
                       "Microsoft Corporation); keywords: Unicode CLDR (Unicode License v3)")
# Subjects painted by the painter itself are recorded with a drawing name of this prefix.
PAINTED_PREFIX = "painted:"


@dataclass(frozen=True)
class Sentence:
    """One spoken sentence; times in seconds, relative to whatever the owner says."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class SceneRender:
    """One scene as the renderer sees it. Paths are absolute; times are seconds on the film."""

    index: int
    scene_id: str
    title: str
    start: float
    duration: float
    frames: int
    clip: Path
    clip_take_id: str
    bed: Path | None
    narration: Path | None
    narration_text: str
    sentences: tuple[Sentence, ...] | None  # relative to the narration start; None = unknown
    caption: str = ""  # the scene's lower third (export/titles.py)

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def narration_start(self) -> float:
        return self.start + NARRATION_LEAD

    @property
    def label(self) -> str:
        return f'scene {self.index + 1} "{self.title}"'


@dataclass(frozen=True)
class Mix:
    """Per-track gains (linear, from the project's volume settings)."""

    narration: float
    beds: float
    clip_audio: float
    music: float = 0.0  # the film's score (0: off or none)


@dataclass(frozen=True)
class RenderPlan:
    target: VideoTarget
    options: ExportOptions
    scenes: tuple[SceneRender, ...]
    mix: Mix
    title: str
    notes: tuple[str, ...] = ()
    comment: str = ""  # the MP4's comment tag (credits for what the film shows), or none
    title_mode: str = "off"  # the title: "off", "overlay" or "card" (export/titles.py)
    title_seconds: float = 3.0
    music: Path | None = None  # the film's score, one file for the whole film
    music_seconds: float | None = None  # its length (None: unknown, taken as the film's)

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.scenes)

    @property
    def total_frames(self) -> int:
        return sum(s.frames for s in self.scenes)


def _inside(project_dir: Path, relative: str, what: str) -> Path:
    """``project_dir / relative``, refusing paths that climb out of the project folder."""
    base = os.path.normpath(os.path.abspath(project_dir))
    full = os.path.normpath(os.path.join(base, relative))
    if os.path.commonpath([base, full]) != base:
        raise ExportError(f"{what}: {relative!r} lies outside the project folder")
    return Path(full)


def _ready_take(slot: Slot) -> Take | None:
    take = slot.active_take
    if take is None or take.status != "ready" or not take.file:
        return None
    return take


def parse_sentences(metadata: Mapping[str, Any]) -> tuple[Sentence, ...] | None:
    """The ``sentences`` a narrator stored in a take's metadata, or None when absent or unusable.

    Entries without text or with times that do not increase are dropped; if none are left the
    timing is treated as unknown (and estimated from the text instead).
    """
    raw = metadata.get("sentences")
    if not isinstance(raw, list):
        return None
    found: list[Sentence] = []
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        text = str(item.get("text", "")).strip()
        try:
            start, end = float(item["start"]), float(item["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if text and end > start >= 0.0:
            found.append(Sentence(text, start, end))
    return tuple(found) or None


def _scene_render(project_dir: Path, scene: Scene, index: int, start: float, fps: int,
                  notes: list[str]) -> SceneRender:
    label = f'scene {index + 1} "{scene.title}"'
    clip_slot = scene.slot(SlotKind.CLIP)
    clip = _ready_take(clip_slot)
    if clip is None or not clip_slot.is_ready:
        why = "is out of date" if clip is not None and clip_slot.stale else "has no ready clip"
        raise ExportError(f"{label} {why}: generate its clip before exporting")
    assert clip.file is not None
    bed_take = _ready_take(scene.slot(SlotKind.SFX))
    narration_take = _ready_take(scene.slot(SlotKind.NARRATION))
    for kind, take in ((SlotKind.SFX, bed_take), (SlotKind.NARRATION, narration_take)):
        if take is not None and scene.slot(kind).stale:
            notes.append(f"{label}: the {kind.value} is out of date and was used as it is")
    text = scene.narration or (narration_take.prompt if narration_take else "")
    return SceneRender(
        index=index,
        scene_id=scene.id,
        title=scene.title,
        start=start,
        duration=float(scene.duration),
        frames=frames(scene.duration, fps),
        clip=_inside(project_dir, clip.file, f"{label} clip"),
        clip_take_id=clip.id,
        bed=_inside(project_dir, bed_take.file, f"{label} sound") if bed_take and bed_take.file
        else None,
        narration=_inside(project_dir, narration_take.file, f"{label} narration")
        if narration_take and narration_take.file else None,
        narration_text=text,
        sentences=parse_sentences(narration_take.metadata) if narration_take else None,
        caption=scene.caption,
    )


def uses_library_drawings(scene: Scene) -> bool:
    """Whether a keyframe the scene shows lists a drawing of the illustration library among
    its subjects (the painter records its own figures as ``painted:<kind>``)."""
    for kind in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME):
        slot = scene.slots.get(kind)
        take = _ready_take(slot) if slot is not None else None
        subjects = take.metadata.get("subjects") if take is not None else None
        if not isinstance(subjects, list):
            continue
        for subject in subjects:
            drawing = subject.get("drawing") if isinstance(subject, Mapping) else None
            if isinstance(drawing, str) and drawing and not drawing.startswith(PAINTED_PREFIX):
                return True
    return False


def _music_file(project: Project, project_dir: Path, notes: list[str]) -> Path | None:
    """The score's file when the film has one and it is on."""
    take = _ready_take(project.music)
    if not project.music_settings.enabled or take is None or take.file is None:
        return None
    if project.music.stale:
        notes.append("the score is out of date (scenes changed) and was used as it is")
    return _inside(project_dir, take.file, "the score")


def _music_gain(project: Project, music: Path | None) -> float:
    """The score's linear gain: its level under the voice, from its take's measured loudness
    to the level the voice tracks are made at (-20 LUFS, like the beds)."""
    take = project.music.active_take
    if music is None or take is None:
        return 0.0
    measured = take.metadata.get("loudness_lufs", -20.0)
    measured = float(measured) if isinstance(measured, int | float) else -20.0
    return float(10 ** ((project.music_settings.level_db - 20.0 - measured) / 20))


def music_seconds(take: Take | None) -> float | None:
    """The length of a score's take from its metadata (``duration``, or ``frames`` at its
    ``sample_rate``); None when it does not say."""
    if take is None:
        return None
    meta = take.metadata
    duration, frames, rate = meta.get("duration"), meta.get("frames"), meta.get("sample_rate")
    if isinstance(duration, int | float) and duration > 0:
        return float(duration)
    if isinstance(frames, int) and isinstance(rate, int) and frames > 0 and rate > 0:
        return frames / rate
    return None


def build_render_plan(project: Project, project_dir: Path,
                      options: ExportOptions | None = None) -> RenderPlan:
    """Turn ``project`` into a render plan.

    Raises:
        ExportError: no scenes, a scene without a ready clip, a path outside the project
            folder, or options that do not make a valid target.
    """
    options = with_film_transition(project, options or ExportOptions())
    try:
        target = resolve_target(project, options)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    scenes = project.ordered_scenes
    if not scenes:
        raise ExportError("the project has no scenes to export")
    starts = {entry.scene_id: entry.start for entry in timeline(project)}
    notes: list[str] = []
    renders = tuple(
        _scene_render(project_dir, scene, i, starts[scene.id], target.fps, notes)
        for i, scene in enumerate(scenes)
    )
    music = _music_file(project, project_dir, notes)
    volumes = project.settings.volumes
    return RenderPlan(
        target=target,
        options=options,
        scenes=renders,
        mix=Mix(narration=volumes.narration, beds=volumes.sound_effects,
                clip_audio=volumes.clip_audio, music=_music_gain(project, music)),
        music=music,
        music_seconds=music_seconds(project.music.active_take) if music else None,
        title=project.title,
        notes=tuple(notes),
        comment=ILLUSTRATION_CREDIT if any(uses_library_drawings(s) for s in scenes) else "",
        title_mode=project.settings.title_mode,
        title_seconds=project.settings.title_seconds,
    )
