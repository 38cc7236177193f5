"""Undoable changes to the film's structure: add, delete, duplicate, split and merge scenes.

The film keeps at most ``MAX_SCENES`` scenes, each 5 or 9 seconds long. A command that would
break a limit raises ``StructureError`` with the reason, before it changes anything.

How undo keeps every take: a command never edits a scene it reshapes in place. It puts a copy in
the project and keeps the original object, so undo can put the original back. Takes made on the
copy meanwhile (a generation that finished after the split) are carried back into the original,
never active, so nothing paid for is lost. A deleted scene is kept whole by the command: undo
brings it back with all of its takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vidstudio.core.deps import Changes, mark_scene_field_edited, mark_score_stale
from vidstudio.core.models import DialogueLine, Project, Scene, SceneId, Slot, new_id
from vidstudio.core.vocabulary import SCENE_DURATIONS

MAX_SCENES = 5
SHORT, LONG = SCENE_DURATIONS[0], SCENE_DURATIONS[-1]

# What a new scene made from another copies: what is seen and heard, not its takes.
_CONTENT = ("action", "environment_id", "emotions", "camera", "shot_type", "time_of_day",
            "weather", "language", "sfx_prompt", "first_frame_prompt", "last_frame_prompt",
            "cast")


class StructureError(ValueError):
    """A structural change the film's limits (or its current state) do not allow."""


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (each with its end mark); a text without one is one sentence."""
    parts = re.split(r"(?<=[.!?…])\s+", text.strip())
    return [p for p in parts if p]


def split_narration(text: str) -> tuple[str, str]:
    """``text`` cut at the sentence boundary nearest its middle (by characters).

    A single sentence stays whole with the first part."""
    sentences = split_sentences(text)
    if len(sentences) < 2:
        return text.strip(), ""
    total = sum(len(s) for s in sentences)
    best, best_gap, running = 1, float("inf"), 0
    for cut in range(1, len(sentences)):
        running += len(sentences[cut - 1])
        gap = abs(total / 2 - running)
        if gap <= best_gap:  # a tie leaves more with the first part (it keeps the takes)
            best, best_gap = cut, gap
    return " ".join(sentences[:best]), " ".join(sentences[best:])


def join_narration(first: str, second: str) -> str:
    return " ".join(part.strip() for part in (first, second) if part.strip())


def split_dialogue(lines: list[DialogueLine], cut: int
                   ) -> tuple[list[DialogueLine], list[DialogueLine]]:
    """Lines spoken within the first ``cut`` narration characters, and the rest (placed anew
    in the second part's narration; a line "after all the narration" goes with the second)."""
    first = [line for line in lines if 0 <= line.position <= cut]
    rest = [line.model_copy(update={"position": max(0, line.position - cut - 1)})
            if line.position >= 0 else line for line in lines if line not in first]
    return first, rest


def join_dialogue(first_text: str, first: list[DialogueLine], second: list[DialogueLine]
                  ) -> list[DialogueLine]:
    """Both scenes' lines in one narration: the first's "after all" lines stay at its end."""
    shift = len(first_text.strip()) + 1 if first_text.strip() else 0
    kept = [line.model_copy(update={"position": len(first_text.strip())})
            if line.position < 0 else line for line in first]
    moved = [line.model_copy(update={"position": line.position + shift})
             if line.position >= 0 else line for line in second]
    return [*kept, *moved]


def _fresh_scene(source: Scene, **values: object) -> Scene:
    """A new scene (new id, no takes) that shows what ``source`` shows."""
    content: dict[str, object] = {}
    for name in _CONTENT:
        value = getattr(source, name)
        content[name] = list(value) if isinstance(value, list) else value  # items are frozen
    content["planned"] = dict(source.planned)  # "reset to planned" still knows the plan's words
    content.update(values)
    return Scene(id=SceneId(new_id("sc")), title=str(values.get("title", source.title)),
                 **{k: v for k, v in content.items() if k != "title"})


def _copy_for_edit(scene: Scene) -> Scene:
    """A copy to reshape; its slots are new objects, its (immutable) takes shared."""
    copy = scene.model_copy(deep=False)
    object.__setattr__(copy, "slots", {k: Slot(kind=s.kind, takes=list(s.takes),
                                              active=s.active, stale=s.stale)
                                       for k, s in scene.slots.items()})
    for name in ("emotions", "cast", "dialogue"):
        object.__setattr__(copy, name, list(getattr(scene, name)))
    object.__setattr__(copy, "edited", list(scene.edited))
    return copy


def _carry_takes(current: Scene, original: Scene) -> None:
    """Takes added to ``current`` since it replaced ``original``: kept there, not in use."""
    for kind, slot in current.slots.items():
        kept = original.slots[kind]
        known = {t.id for t in kept.takes}
        extra = [t for t in slot.takes if t.id not in known]
        if extra:
            kept.takes = [*kept.takes, *extra]


@dataclass
class _Restructure:
    """Shared apply/undo: swap the project's scene list, remember the old one."""

    label: str = ""
    _before: list[Scene] = field(default_factory=list)
    _before_order: dict[str, int] = field(default_factory=dict)
    _after: list[Scene] | None = None
    _stale_fields: list[tuple[str, str]] = field(default_factory=list)
    _score: tuple[bool, bool] = (False, False)  # the score's staleness before and after

    def build(self, project: Project, ordered: list[Scene]) -> list[Scene]:
        """The new film order; may record (scene id, field) edits that make slots stale."""
        raise NotImplementedError

    def apply(self, project: Project) -> Changes:
        ordered = project.ordered_scenes
        if self._after is None:  # first run; a redo reuses the same scene objects
            self._stale_fields = []
            self._after = self.build(project, ordered)
        else:
            current = {s.id: s for s in project.scenes}
            for scene in self._after:
                now = current.get(scene.id)
                if now is not None and now is not scene:
                    _carry_takes(now, scene)  # made between the undo and this redo
        self._before = list(project.scenes)
        self._before_order = {s.id: s.order for s in project.scenes}
        previous = _predecessors(ordered)
        _set_scenes(project, self._after)
        changes = Changes(scenes={s.id for s in self._before} | {s.id for s in self._after},
                          structure=True)
        was = project.music.stale
        for scene_id, name in self._stale_fields:
            changes.merge(mark_scene_field_edited(project, scene_id, name))
        changes.merge(mark_score_stale(project))  # a scene came, went or moved: new cuts
        self._score = (was, project.music.stale)
        for scene_id, before in _predecessors(self._after).items():
            # A continuous shot starts from the previous clip: a new neighbour changes it.
            scene = project.scene(scene_id)
            if scene.continue_previous and previous.get(scene_id, before) != before:
                changes.merge(mark_scene_field_edited(project, scene_id, "continue_previous"))
        return changes

    def undo(self, project: Project) -> Changes:
        current = {s.id: s for s in project.scenes}
        for original in self._before:
            now = current.get(original.id)
            if now is not None and now is not original:
                _carry_takes(now, original)
        after_ids = {s.id for s in project.scenes}
        object.__setattr__(project, "scenes", list(self._before))
        for scene in project.scenes:
            scene.order = self._before_order[scene.id]
        if project.music.stale == self._score[1]:  # unless a new score was made meanwhile
            project.music.stale = self._score[0]
        return Changes(scenes=after_ids | {s.id for s in self._before}, structure=True)

    def merge(self, other: object) -> bool:
        return False

    @property
    def added(self) -> str | None:
        """The id of the scene this command made, if it made one."""
        known = {s.id for s in self._before}
        return next((s.id for s in self._after or [] if s.id not in known), None)


def _predecessors(ordered: list[Scene]) -> dict[str, str | None]:
    return {s.id: (ordered[i - 1].id if i else None) for i, s in enumerate(ordered)}


def _set_scenes(project: Project, ordered: list[Scene]) -> None:
    known = {e.id for e in project.environments}
    for scene in ordered:
        if scene.environment_id not in known:
            raise StructureError(f"scene {scene.title!r} refers to a place no longer in the film")
    for index, scene in enumerate(ordered):
        scene.order = index
    object.__setattr__(project, "scenes", list(ordered))


def _index(ordered: list[Scene], scene_id: str) -> int:
    for index, scene in enumerate(ordered):
        if scene.id == scene_id:
            return index
    raise StructureError(f"no scene {scene_id!r} in the film")


def _room_for_one(project: Project) -> None:
    if len(project.scenes) >= MAX_SCENES:
        raise StructureError(f"a film has at most {MAX_SCENES} scenes: delete or merge one "
                             "first")


@dataclass
class AddScene(_Restructure):
    """A new, empty scene after ``after_id`` (None: at the end), in the same place as it."""

    after_id: str | None = None
    duration: int = SHORT
    label: str = "Add scene"

    def build(self, project: Project, ordered: list[Scene]) -> list[Scene]:
        _room_for_one(project)
        if not project.environments:
            raise StructureError("a scene needs a place: plan the script first")
        if self.duration not in SCENE_DURATIONS:
            raise StructureError(f"a scene lasts {SHORT} or {LONG} s")
        at = _index(ordered, self.after_id) + 1 if self.after_id else len(ordered)
        env_id = ordered[at - 1].environment_id if at else project.environments[0].id
        scene = Scene(title="New scene", environment_id=env_id, duration=self.duration)
        return [*ordered[:at], scene, *ordered[at:]]


@dataclass
class DeleteScene(_Restructure):
    """Remove a scene; the command keeps it, with every take, for undo."""

    scene_id: str = ""
    label: str = "Delete scene"

    def build(self, project: Project, ordered: list[Scene]) -> list[Scene]:
        at = _index(ordered, self.scene_id)
        return ordered[:at] + ordered[at + 1:]


@dataclass
class DuplicateScene(_Restructure):
    """A copy of a scene right after it: the same fields and narration, no takes yet."""

    scene_id: str = ""
    label: str = "Duplicate scene"

    def build(self, project: Project, ordered: list[Scene]) -> list[Scene]:
        _room_for_one(project)
        at = _index(ordered, self.scene_id)
        source = ordered[at]
        copy = _fresh_scene(source, title=f"{source.title} (copy)", duration=source.duration,
                            narration=source.narration, continue_previous=False,
                            dialogue=list(source.dialogue), caption=source.caption)
        return [*ordered[:at + 1], copy, *ordered[at + 1:]]


@dataclass
class SplitScene(_Restructure):
    """Cut a scene in two. A 9 s scene becomes two 5 s scenes; a 5 s one stays 5 s and the new
    one lasts ``new_duration``. The narration is cut at a sentence boundary; the first part keeps
    the scene (and its takes, now stale where the cut changed them), the second is new."""

    scene_id: str = ""
    new_duration: int | None = None
    label: str = "Split scene"

    def build(self, project: Project, ordered: list[Scene]) -> list[Scene]:
        _room_for_one(project)
        at = _index(ordered, self.scene_id)
        original = ordered[at]
        if original.duration == LONG:
            first_length = second_length = SHORT
        else:
            first_length = original.duration
            second_length = self.new_duration or SHORT
        if second_length not in SCENE_DURATIONS:
            raise StructureError(f"a scene lasts {SHORT} or {LONG} s")
        first_text, second_text = split_narration(original.narration)
        lines, later_lines = split_dialogue(list(original.dialogue), len(first_text))
        first = _copy_for_edit(original)
        for name, value in (("duration", first_length), ("narration", first_text),
                            ("dialogue", lines)):
            if getattr(first, name) != value:
                setattr(first, name, value)
                self._stale_fields.append((first.id, name))
        second = _fresh_scene(original, title=f"{original.title} (2)", duration=second_length,
                              narration=second_text, dialogue=later_lines)
        return [*ordered[:at], first, second, *ordered[at + 1:]]


@dataclass
class MergeScenes(_Restructure):
    """Join a scene and the one after it into one 9 s scene with both narrations; the first
    keeps its id and takes (stale where the join changed them), the second is kept for undo."""

    scene_id: str = ""
    label: str = "Merge scenes"

    def build(self, project: Project, ordered: list[Scene]) -> list[Scene]:
        at = _index(ordered, self.scene_id)
        if at + 1 >= len(ordered):
            raise StructureError("the last scene has no next scene to merge with")
        original, following = ordered[at], ordered[at + 1]
        merged = _copy_for_edit(original)
        joined = join_narration(original.narration, following.narration)
        lines = join_dialogue(original.narration, list(original.dialogue),
                              list(following.dialogue))
        in_frame = {member.character_id for member in original.cast}
        cast = [*original.cast, *(m for m in following.cast if m.character_id not in in_frame)]
        for name, value in (("duration", LONG), ("narration", joined), ("dialogue", lines),
                            ("cast", cast)):
            if getattr(merged, name) != value:
                setattr(merged, name, value)
                self._stale_fields.append((merged.id, name))
        return [*ordered[:at], merged, *ordered[at + 2:]]
