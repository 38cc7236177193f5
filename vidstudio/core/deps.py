"""Which slots depend on which inputs, so an edit marks exactly its dependents stale.

The graph, per scene:  env images -> env style -> first frame -> last frame -> clip;
a character's look -> its sheet and the keyframes of every scene it is in frame in; a
character's voice -> the voice track of every scene it speaks in; scene text fields feed the
slots listed in ``SCENE_FIELD_DEPENDENTS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from vidstudio.core.models import Project, Slot

# scene field -> the scene slots whose result it shapes
SCENE_FIELD_DEPENDENTS: dict[str, tuple[SlotKind, ...]] = {
    "title": (),
    "caption": (),
    "order": (),
    "locked": (),
    "continue_previous": (SlotKind.FIRST_FRAME, SlotKind.CLIP),
    "action": (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP),
    "environment_id": (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP),
    "emotions": (SlotKind.CLIP,),
    "camera": (SlotKind.LAST_FRAME, SlotKind.CLIP),
    "shot_type": (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP),
    "duration": (SlotKind.CLIP, SlotKind.SFX, SlotKind.NARRATION),
    "time_of_day": (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP, SlotKind.SFX),
    "weather": (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP, SlotKind.SFX),
    "sfx_prompt": (SlotKind.SFX,),
    "narration": (SlotKind.NARRATION,),
    "cast": (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP),
    "dialogue": (SlotKind.NARRATION,),
    "language": (SlotKind.NARRATION,),
    "first_frame_prompt": (SlotKind.FIRST_FRAME, SlotKind.CLIP),
    "last_frame_prompt": (SlotKind.LAST_FRAME, SlotKind.CLIP),
}

# a scene slot -> the scene slots computed from its take
SLOT_DEPENDENTS: dict[SlotKind, tuple[SlotKind, ...]] = {
    # The last keyframe is painted from the first (one subject from start to end of a shot).
    SlotKind.FIRST_FRAME: (SlotKind.LAST_FRAME, SlotKind.CLIP),
    SlotKind.LAST_FRAME: (SlotKind.CLIP,),
    SlotKind.CLIP: (),
    SlotKind.SFX: (),
    SlotKind.NARRATION: (),
}

ENVIRONMENT_FIELDS = frozenset(
    {"name", "setting", "description", "lighting", "weather", "time_of_day", "key_objects",
     "image_prompts"}
)
# An environment image depends on its own prompt only (image_prompts[index]) besides the others.
PER_IMAGE_FIELD = "image_prompts"
KEYFRAME_SLOTS = (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP)
# character field -> what it shapes: "look" fields reach the sheet and the keyframes of the
# scenes the character is in frame in; the voice reaches the lines it speaks.
CHARACTER_LOOK_FIELDS = frozenset({"name", "kind", "description", "look", "sheet_prompts"})
CHARACTER_VOICE_FIELDS = frozenset({"voice"})
# The film's score is cut to the scenes: their order, lengths and moods shape it.
FILM = "film"  # the owner of film-level slots (the score)
SCORE_FIELDS = frozenset({"order", "duration", "emotions"})


@dataclass(frozen=True)
class SlotRef:
    """Addresses one slot: a scene slot, an environment image (index), an environment style or
    a character sheet image (index)."""

    owner: str
    kind: SlotKind
    index: int | None = None


@dataclass
class Changes:
    """What a command changed, so each view redraws only that (Anki's OpChanges idea).

    Attributes:
        scenes / environments / characters: ids whose fields or slots changed (or that were
            added/removed).
        fields: (owner id, field name) pairs whose value was edited.
        slots: every slot whose takes, active take or staleness changed.
        takes_added: (slot, take id) of each take added to a slot.
        active: slots whose active take changed.
        stale / fresh: slots that became stale / stopped being stale.
        settings: project settings (or script, title, language) changed.
        structure: scenes or environments were added, removed or reordered.
        costs: money spent was recorded in the ledger.
    """

    scenes: set[str] = field(default_factory=set)
    environments: set[str] = field(default_factory=set)
    characters: set[str] = field(default_factory=set)
    stale: set[SlotRef] = field(default_factory=set)
    settings: bool = False
    structure: bool = False
    fields: set[tuple[str, str]] = field(default_factory=set)
    slots: set[SlotRef] = field(default_factory=set)
    takes_added: set[tuple[SlotRef, str]] = field(default_factory=set)
    active: set[SlotRef] = field(default_factory=set)
    fresh: set[SlotRef] = field(default_factory=set)
    costs: bool = False

    def merge(self, other: Changes) -> Changes:
        self.scenes |= other.scenes
        self.environments |= other.environments
        self.characters |= other.characters
        self.fields |= other.fields
        self.slots |= other.slots
        self.takes_added |= other.takes_added
        self.active |= other.active
        # a slot that went stale and came back (or the reverse) within one record
        self.fresh = (self.fresh - other.stale) | other.fresh
        self.stale = (self.stale - other.fresh) | other.stale
        self.settings = self.settings or other.settings
        self.structure = self.structure or other.structure
        self.costs = self.costs or other.costs
        return self

    @property
    def empty(self) -> bool:
        return not (self.scenes or self.environments or self.characters or self.fields or self.slots
                    or self.takes_added or self.stale or self.fresh or self.settings
                    or self.structure or self.costs)


def _mark_scene(project: Project, scene_id: str, kinds: tuple[SlotKind, ...], out: Changes) -> None:
    scene = project.scene(scene_id)
    pending = list(kinds)
    while pending:
        kind = pending.pop()
        slot = scene.slots[kind]
        if slot.takes and not slot.stale:
            slot.stale = True
            out.stale.add(SlotRef(scene.id, kind))
            out.slots.add(SlotRef(scene.id, kind))
        pending.extend(SLOT_DEPENDENTS[kind])
    out.scenes.add(scene.id)


def mark_score_stale(project: Project) -> Changes:
    """The scenes' order, lengths or moods changed: the score no longer fits its cuts."""
    out = Changes()
    if project.music.takes and not project.music.stale:
        project.music.stale = True
        out.stale.add(SlotRef(FILM, SlotKind.MUSIC))
        out.slots.add(SlotRef(FILM, SlotKind.MUSIC))
    return out


def mark_scene_field_edited(project: Project, scene_id: str, field_name: str) -> Changes:
    out = Changes()
    _mark_scene(project, scene_id, SCENE_FIELD_DEPENDENTS.get(field_name, ()), out)
    if field_name in SCORE_FIELDS:
        out.merge(mark_score_stale(project))
    return out


def mark_scene_slot_replaced(project: Project, scene_id: str, kind: SlotKind) -> Changes:
    """A new take became active in ``kind``: everything computed from the old one is stale."""
    out = Changes()
    if kind is SlotKind.MUSIC:
        return out  # nothing is computed from the score
    _mark_scene(project, scene_id, SLOT_DEPENDENTS[kind], out)
    return out


def mark_environment_edited(project: Project, env_id: str, *, images_too: bool = True,
                            only_images: set[int] | None = None) -> Changes:
    """An environment changed (or one of its images did): its style and scenes go stale.

    ``only_images``: the images whose own prompt changed (an edit of one image prompt leaves
    the other images as they are; the style is trained from all of them, so it goes stale).
    """
    out = Changes(environments={env_id})
    env = project.environment(env_id)
    if images_too:
        for index, slot in enumerate(env.images):
            if only_images is not None and index not in only_images:
                continue
            if slot.takes and not slot.stale:
                slot.stale = True
                out.stale.add(SlotRef(env.id, SlotKind.ENV_IMAGE, index))
    if env.style.takes and not env.style.stale:
        env.style.stale = True
        out.stale.add(SlotRef(env.id, SlotKind.STYLE))
    for scene in project.scenes:
        if scene.environment_id == env_id:
            _mark_scene(project, scene.id, KEYFRAME_SLOTS, out)
    return out


def mark_character_edited(project: Project, character_id: str, field_name: str) -> Changes:
    """A character's field changed: its sheet and the scenes that show it (look), or the
    scenes it speaks in (voice), go stale."""
    out = Changes(characters={character_id})
    character = project.character(character_id)
    if field_name in CHARACTER_LOOK_FIELDS:
        for index, slot in enumerate(character.sheet):
            if slot.takes and not slot.stale:
                slot.stale = True
                out.stale.add(SlotRef(character.id, SlotKind.CHARACTER_IMAGE, index))
                out.slots.add(SlotRef(character.id, SlotKind.CHARACTER_IMAGE, index))
        for scene in project.scenes:
            if any(m.character_id == character_id for m in scene.cast):
                _mark_scene(project, scene.id, KEYFRAME_SLOTS, out)
    if field_name in CHARACTER_VOICE_FIELDS:
        for scene in project.scenes:
            if any(line.character_id == character_id for line in scene.dialogue):
                _mark_scene(project, scene.id, (SlotKind.NARRATION,), out)
    return out


def mark_character_image_replaced(project: Project, character_id: str) -> Changes:
    """A sheet image has a new take: the keyframes that used the sheet as reference go stale."""
    out = Changes(characters={character_id})
    for scene in project.scenes:
        if any(m.character_id == character_id for m in scene.cast):
            _mark_scene(project, scene.id, KEYFRAME_SLOTS, out)
    return out


def slot_at(project: Project, ref: SlotRef) -> Slot:
    if ref.kind is SlotKind.MUSIC:
        return project.music
    if ref.kind is SlotKind.CHARACTER_IMAGE:
        return project.character(ref.owner).sheet[ref.index or 0]
    if ref.kind is SlotKind.ENV_IMAGE:
        return project.environment(ref.owner).images[ref.index or 0]
    if ref.kind is SlotKind.STYLE:
        return project.environment(ref.owner).style
    return project.scene(ref.owner).slots[ref.kind]


def all_slots(project: Project) -> dict[SlotRef, Slot]:
    found: dict[SlotRef, Slot] = {}
    for env in project.environments:
        for index, slot in enumerate(env.images):
            found[SlotRef(env.id, SlotKind.ENV_IMAGE, index)] = slot
        found[SlotRef(env.id, SlotKind.STYLE)] = env.style
    for character in project.characters:
        for index, slot in enumerate(character.sheet):
            found[SlotRef(character.id, SlotKind.CHARACTER_IMAGE, index)] = slot
    for scene in project.scenes:
        for kind, slot in scene.slots.items():
            found[SlotRef(scene.id, kind)] = slot
    found[SlotRef(FILM, SlotKind.MUSIC)] = project.music
    return found
