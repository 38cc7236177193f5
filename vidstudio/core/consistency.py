"""What a take was made from, and whether a slot that says it is up to date really is.

A take records its ``inputs``: a digest of the fields its slot depends on (``deps``) and the
content of each upstream take it was computed from (a keyframe's style, a clip's two keyframes).
With that record the project can answer, from its data alone, whether a fresh slot still fits
what it depends on — after edits, regenerates, cancels, undos and redos in any order. The
commands use it so a take made from inputs that changed while it was being made arrives stale,
and the tests use ``out_of_date`` as the invariant: a slot that is not stale holds a take made
from exactly what is in the project now.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from vidstudio.core.deps import (
    CHARACTER_LOOK_FIELDS,
    CHARACTER_VOICE_FIELDS,
    ENVIRONMENT_FIELDS,
    KEYFRAME_SLOTS,
    PER_IMAGE_FIELD,
    SCENE_FIELD_DEPENDENTS,
    SLOT_DEPENDENTS,
    SlotRef,
    all_slots,
)
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from vidstudio.core.models import Character, Environment, Project, Scene, Slot, Take

FIELDS = "fields"
# Upstream names a take's inputs may carry, and the slot each stands for.
STYLE = "style"
PREVIOUS_CLIP = "previous_clip"  # a continuous shot: depends on the order of scenes too
SHEET = "sheet:"  # "sheet:<character id>:<index>": a character's reference image


def _digest(values: object) -> str:
    blob = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _environment_values(env: Environment) -> dict[str, object]:
    return {name: getattr(env, name) for name in sorted(ENVIRONMENT_FIELDS)}


def _image_values(env: Environment, index: int) -> dict[str, object]:
    """What one environment image depends on: the place, and its own prompt alone."""
    values = _environment_values(env)
    prompts = env.image_prompts
    values[PER_IMAGE_FIELD] = prompts[index] if index < len(prompts) else None
    return {"image": values}


def _character_values(character: Character, names: frozenset[str]) -> dict[str, object]:
    return {name: getattr(character, name) for name in sorted(names)}


def _scene_values(scene: Scene, kind: SlotKind) -> dict[str, object]:
    return {name: getattr(scene, name) for name, kinds in SCENE_FIELD_DEPENDENTS.items()
            if kind in kinds}


def fields_digest(project: Project, ref: SlotRef) -> str:
    """A digest of the fields whose edit makes ``ref`` stale (see ``deps``)."""
    if ref.kind is SlotKind.ENV_IMAGE:
        return _digest(_image_values(project.environment(ref.owner), ref.index or 0))
    if ref.kind is SlotKind.STYLE:
        return _digest(_environment_values(project.environment(ref.owner)))
    if ref.kind is SlotKind.CHARACTER_IMAGE:
        return _digest(_character_values(project.character(ref.owner), CHARACTER_LOOK_FIELDS))
    if ref.kind is SlotKind.MUSIC:
        return score_digest(project)
    scene = project.scene(ref.owner)
    values: dict[str, object] = {"scene": _scene_values(scene, ref.kind)}
    if ref.kind in KEYFRAME_SLOTS:
        values["environment"] = _environment_values(project.environment(scene.environment_id))
        # Only a cast (old projects have none) adds to the digest: takes made before the cast
        # existed keep fitting.
        if scene.cast:
            values["cast"] = [_character_values(project.character(m.character_id),
                                                CHARACTER_LOOK_FIELDS) for m in scene.cast]
    if ref.kind is SlotKind.NARRATION and scene.dialogue:
        speakers = dict.fromkeys(line.character_id for line in scene.dialogue)
        values["voices"] = [_character_values(project.character(c), CHARACTER_VOICE_FIELDS)
                            for c in speakers]
    return _digest(values)


def score_digest(project: Project) -> str:
    """What the score is cut to: the scenes in film order, each with its length and mood."""
    return _digest([[s.id, s.duration, s.emotions] for s in project.ordered_scenes])


def content_of(take: Take) -> str:
    """A take as its dependents see it: its content (assets are named by their hash)."""
    return take.file or take.id


def upstream_slot(project: Project, ref: SlotRef, name: str) -> Slot | None:
    """The slot an input called ``name`` of ``ref``'s take came from (None: not a slot whose
    state this check follows, such as the previous scene's clip)."""
    if name.startswith(SHEET):
        character_id, _, number = name[len(SHEET):].rpartition(":")
        try:
            sheet = project.character(character_id).sheet
        except KeyError:
            return None
        return sheet[int(number)] if number.isdigit() and int(number) < len(sheet) else None
    if ref.kind in (SlotKind.CHARACTER_IMAGE, SlotKind.MUSIC):
        return None
    if ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
        env = project.environment(ref.owner)
        if name.startswith("image:"):
            index = int(name.split(":", 1)[1])
            return env.images[index] if index < len(env.images) else None
        return None
    scene = project.scene(ref.owner)
    if name == STYLE:
        return project.environment(scene.environment_id).style
    try:
        kind = SlotKind(name)
    except ValueError:
        return None
    return scene.slots.get(kind)


def inputs_mismatch(project: Project, ref: SlotRef, inputs: dict[str, str]) -> str | None:
    """Why a take with ``inputs`` does not fit ``ref`` as the project is now (None: it fits).

    A take without a record (made before takes kept one, or the user's own file) fits.
    """
    if not inputs:
        return None
    now = fields_digest(project, ref)
    recorded = inputs.get(FIELDS, now)
    if recorded != now and not (
            # Images made before each depended on its own prompt recorded the whole place.
            ref.kind is SlotKind.ENV_IMAGE
            and recorded == _digest(_environment_values(project.environment(ref.owner)))):
        return "a field it depends on changed"
    for name, content in inputs.items():
        if name == FIELDS:
            continue
        slot = upstream_slot(project, ref, name)
        if slot is None:
            continue
        active = slot.active_take
        if active is None or content_of(active) != content:
            return f"its {name.replace('_', ' ')} is another take now"
        if slot.stale:
            return f"its {name.replace('_', ' ')} is out of date"
    return None


def downstream(project: Project, ref: SlotRef) -> set[SlotRef]:
    """Every slot computed, directly or not, from ``ref``'s take."""
    found: set[SlotRef] = set()
    if ref.kind is SlotKind.MUSIC:
        return found
    if ref.kind is SlotKind.CHARACTER_IMAGE:
        for scene in project.scenes:
            if any(m.character_id == ref.owner for m in scene.cast):
                found |= {SlotRef(scene.id, kind) for kind in KEYFRAME_SLOTS}
        return found
    if ref.kind is SlotKind.ENV_IMAGE:
        found.add(SlotRef(ref.owner, SlotKind.STYLE))
        ref = SlotRef(ref.owner, SlotKind.STYLE)
    if ref.kind is SlotKind.STYLE:
        for scene in project.scenes:
            if scene.environment_id == ref.owner:
                found |= {SlotRef(scene.id, kind) for kind in KEYFRAME_SLOTS}
        return found
    pending = list(SLOT_DEPENDENTS.get(ref.kind, ()))
    while pending:
        kind = pending.pop()
        found.add(SlotRef(ref.owner, kind))
        pending.extend(SLOT_DEPENDENTS[kind])
    return found


def field_downstream(project: Project, scene_id: str, field_name: str) -> set[SlotRef]:
    """The scene slots an edit of ``field_name`` makes stale, directly or not."""
    found: set[SlotRef] = set()
    for kind in SCENE_FIELD_DEPENDENTS.get(field_name, ()):
        ref = SlotRef(scene_id, kind)
        found.add(ref)
        found |= downstream(project, ref)
    return found


def environment_downstream(project: Project, env_id: str,
                           only_images: set[int] | None = None) -> set[SlotRef]:
    """The slots an edit of an environment's fields makes stale (``only_images``: an edit of
    those images' prompts alone)."""
    env = project.environment(env_id)
    found = {SlotRef(env.id, SlotKind.ENV_IMAGE, i) for i in range(len(env.images))
             if only_images is None or i in only_images}
    found |= downstream(project, SlotRef(env.id, SlotKind.STYLE)) | {
        SlotRef(env.id, SlotKind.STYLE)}
    return found


def character_downstream(project: Project, character_id: str, field_name: str
                         ) -> set[SlotRef]:
    """The slots an edit of a character's ``field_name`` makes stale."""
    character = project.character(character_id)
    found: set[SlotRef] = set()
    if field_name in CHARACTER_LOOK_FIELDS:
        found |= {SlotRef(character.id, SlotKind.CHARACTER_IMAGE, i)
                  for i in range(len(character.sheet))}
        for scene in project.scenes:
            if any(m.character_id == character_id for m in scene.cast):
                found |= {SlotRef(scene.id, kind) for kind in KEYFRAME_SLOTS}
    if field_name in CHARACTER_VOICE_FIELDS:
        found |= {SlotRef(scene.id, SlotKind.NARRATION) for scene in project.scenes
                  if any(line.character_id == character_id for line in scene.dialogue)}
    return found


def out_of_date(project: Project) -> list[tuple[SlotRef, str]]:
    """Slots that say they are up to date but hold a take made from other inputs.

    Empty for a consistent project: the invariant every command keeps.
    """
    problems: list[tuple[SlotRef, str]] = []
    for ref, slot in all_slots(project).items():
        take = slot.active_take
        if take is None or slot.stale or take.status != "ready":
            continue
        why = inputs_mismatch(project, ref, take.inputs)
        if why is not None:
            problems.append((ref, why))
    return problems
