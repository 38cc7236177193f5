"""Undoable changes of a Project. Each command returns the complete Changes it made.

Every mutation of a project — a user's edit, a take a job made, a take made active, a scene
lengthened to fit its narration, a re-plan — is one of these commands, run by the project
session (the one writer). A command's ``undo`` returns the mirror record of its ``apply``.

How slot state is undone: a command records the (active take, stale) pair of every slot it
changed, before and after. Undo puts a slot back only while it still holds the state the command
left, so a generation that finished in between is never thrown away. Takes are never removed:
undoing a regenerate makes the previous take active again and the new take stays in the strip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from vidstudio.core import consistency
from vidstudio.core.deps import (
    ENVIRONMENT_FIELDS,
    PER_IMAGE_FIELD,
    SCENE_FIELD_DEPENDENTS,
    Changes,
    SlotRef,
    all_slots,
    mark_character_image_replaced,
    mark_environment_edited,
    mark_scene_field_edited,
    mark_scene_slot_replaced,
    mark_score_stale,
    slot_at,
)

# the protocol and the undo stack live in core/history.py; re-exported for callers
from vidstudio.core.history import Command as Command  # noqa: TC001
from vidstudio.core.history import History as History
from vidstudio.core.models import (
    Character,
    Environment,
    LedgerEntry,
    Project,
    Scene,
    Take,
    TakeId,
)
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from collections.abc import Collection

# Fields whose edits are bookkeeping, not the user's content (a re-plan may change them).
_NOT_CONTENT = frozenset({"order", "locked", "continue_previous"})

SlotState = tuple[TakeId | None, bool, int]  # active take, stale, number of takes


def slot_states(project: Project) -> dict[SlotRef, SlotState]:
    return {ref: (slot.active, slot.stale, len(slot.takes))
            for ref, slot in all_slots(project).items()}


def _owner_changed(changes: Changes, ref: SlotRef) -> None:
    if ref.kind is SlotKind.CHARACTER_IMAGE:
        changes.characters.add(ref.owner)
    elif ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
        changes.environments.add(ref.owner)
    elif ref.kind is SlotKind.MUSIC:
        changes.settings = True  # the film's score: no scene owns it
    else:
        changes.scenes.add(ref.owner)


def diff_slots(before: dict[SlotRef, SlotState], after: dict[SlotRef, SlotState],
               changes: Changes) -> dict[SlotRef, tuple[SlotState, SlotState]]:
    """Record in ``changes`` what differs between two snapshots; return the changed slots."""
    changed: dict[SlotRef, tuple[SlotState, SlotState]] = {}
    for ref, now in after.items():
        was = before.get(ref)
        if was is None or was == now:
            continue
        changed[ref] = (was, now)
        changes.slots.add(ref)
        _owner_changed(changes, ref)
        if was[0] != now[0]:
            changes.active.add(ref)
        if now[1] and not was[1]:
            changes.stale.add(ref)
        elif was[1] and not now[1]:
            changes.fresh.add(ref)
    return changed


class _SlotTracking:
    """Shared undo of slot state for the commands below."""

    _slot_log: dict[SlotRef, tuple[SlotState, SlotState]]

    def _track(self, project: Project, changes: Changes, body: Any) -> Changes:
        before = slot_states(project)
        body()
        self._slot_log = diff_slots(before, slot_states(project), changes)
        return changes

    def _absorb(self, later: _SlotTracking) -> None:
        """Merge a later command's slot changes: this one's "before", the later one's "after"."""
        for ref, (was, left) in later._slot_log.items():
            self._slot_log[ref] = (self._slot_log.get(ref, (was, left))[0], left)

    def _untrack(self, project: Project, changes: Changes, *,
                 downstream: set[SlotRef] | None = None,
                 dependents_of: SlotRef | None = None) -> Changes:
        """Put back the slots this command changed, where they still hold what it left.

        A slot changed again since keeps the later result — but if this command had left it
        stale, the later result was built on what is being undone, so it goes stale. After the
        undo nothing that says it is up to date rests on what was reverted: ``downstream``
        (or, once ``dependents_of`` is put back, everything computed from it) goes stale
        unless it was put back too, and a put-back take that no longer fits its inputs is
        stale.
        """
        before = slot_states(project)
        slots = all_slots(project)
        restored: set[SlotRef] = set()
        rebuilt: set[SlotRef] = set()
        for ref, (was, left) in getattr(self, "_slot_log", {}).items():
            slot = slots.get(ref)
            if slot is None:
                continue
            if (slot.active, slot.stale) != (left[0], left[1]):
                if left[1]:
                    rebuilt.add(ref)
                continue  # changed again since: a later result wins over this undo
            if was[0] is None or any(t.id == was[0] for t in slot.takes):
                slot.active = was[0]
            slot.stale = was[1]
            restored.add(ref)
        suspects = set(downstream or ()) | rebuilt
        if dependents_of is not None and dependents_of in restored:
            suspects |= consistency.downstream(project, dependents_of)
        for ref in (suspects - restored) | restored:
            slot = slots.get(ref)
            take = slot.active_take if slot is not None else None
            if slot is None or take is None or slot.stale or take.status != "ready":
                continue
            if ref not in restored or consistency.inputs_mismatch(project, ref, take.inputs):
                slot.stale = True
        diff_slots(before, slot_states(project), changes)
        return changes


@dataclass
class EditField(_SlotTracking):
    """Set one field of a named part of the project (a scene, a place, a character); what
    depends on the field goes stale, and undo puts the value and the slots back.

    ``user`` edits are remembered in the owner's ``edited`` list so a re-plan keeps them; the
    session's own adjustments (a scene lengthened to fit its narration) pass ``user=False``.
    Typing in one field is one undo step (``merge``). Subclasses say what they edit through
    the hooks below.
    """

    owner_id: str
    field_name: str
    value: Any
    label: str = ""
    user: bool = True
    _old: Any = None
    _old_edited: list[str] = field(default_factory=list)

    NOUN: ClassVar[str] = ""  # in the label and the error: "Edit environment weather"
    FIELDS: ClassVar[Collection[str]] = ()

    def __post_init__(self) -> None:
        if not self.label:
            noun = f"{self.NOUN} " if self.NOUN else ""
            self.label = f"Edit {noun}{self.field_name.replace('_', ' ')}"

    # -- hooks
    def _owner(self, project: Project) -> Any:
        raise NotImplementedError

    def _changes(self) -> Changes:
        raise NotImplementedError

    def _is_content(self) -> bool:
        return True

    def _mark(self, project: Project, old: Any) -> Changes:
        raise NotImplementedError

    def _downstream(self, project: Project) -> set[SlotRef]:
        raise NotImplementedError

    # -- the command
    def apply(self, project: Project) -> Changes:
        if self.field_name not in self.FIELDS:
            raise ValueError(f"{self.NOUN or 'scene'} has no editable field {self.field_name!r}")
        owner = self._owner(project)
        old = getattr(owner, self.field_name)
        changes = self._changes()

        def body() -> None:
            setattr(owner, self.field_name, self.value)  # validated by pydantic
            self._old = old
            self._old_edited = list(owner.edited)
            if old == getattr(owner, self.field_name):
                return  # the same value again: nothing changes, nothing to undo
            if self.user and self._is_content() and self.field_name not in owner.edited:
                owner.edited = [*owner.edited, self.field_name]
            changes.merge(self._mark(project, old))

        self._track(project, changes, body)
        return changes if old != getattr(owner, self.field_name) else Changes()

    def undo(self, project: Project) -> Changes:
        owner = self._owner(project)
        changed = getattr(owner, self.field_name) != self._old
        setattr(owner, self.field_name, self._old)
        owner.edited = list(self._old_edited)
        downstream = self._downstream(project) if changed else set()
        return self._untrack(project, self._changes(), downstream=downstream)

    def merge(self, other: Command) -> bool:
        """Typing in one field is one undo step."""
        if not (type(other) is type(self) and isinstance(other, EditField)
                and other.owner_id == self.owner_id and other.field_name == self.field_name
                and isinstance(self.value, str)):
            return False
        self.value = other.value
        self._absorb(other)
        return True


@dataclass
class EditScene(EditField):
    """Set one field of a scene (``EditScene(scene_id, field_name, value)``)."""

    FIELDS: ClassVar[Collection[str]] = SCENE_FIELD_DEPENDENTS

    @property
    def scene_id(self) -> str:
        return self.owner_id

    def _owner(self, project: Project) -> Scene:
        return project.scene(self.owner_id)

    def _changes(self) -> Changes:
        return Changes(scenes={self.owner_id}, fields={(self.owner_id, self.field_name)})

    def _is_content(self) -> bool:
        return self.field_name not in _NOT_CONTENT

    def _mark(self, project: Project, old: Any) -> Changes:
        return mark_scene_field_edited(project, self.owner_id, self.field_name)

    def _downstream(self, project: Project) -> set[SlotRef]:
        return consistency.field_downstream(project, self.owner_id, self.field_name)


@dataclass
class EditEnvironment(EditField):
    """Set one field of a place; an edit of one image's prompt reaches that image only."""

    _images: set[int] | None = None
    NOUN: ClassVar[str] = "environment"
    FIELDS: ClassVar[Collection[str]] = ENVIRONMENT_FIELDS

    @property
    def env_id(self) -> str:
        return self.owner_id

    def _owner(self, project: Project) -> Environment:
        return project.environment(self.owner_id)

    def _changes(self) -> Changes:
        return Changes(environments={self.owner_id}, fields={(self.owner_id, self.field_name)})

    def _mark(self, project: Project, old: Any) -> Changes:
        self._images = _images_changed(self.field_name, old, self.value)
        return mark_environment_edited(project, self.owner_id, only_images=self._images)

    def _downstream(self, project: Project) -> set[SlotRef]:
        return consistency.environment_downstream(project, self.owner_id, self._images)


def _images_changed(field_name: str, old: Any, new: Any) -> set[int] | None:
    """The images an edit reaches: those whose own prompt changed, for an edit of the image
    prompts; None (every image) for any other field of the place."""
    if field_name != PER_IMAGE_FIELD or not isinstance(old, list) or not isinstance(new, list):
        return None
    return {i for i in range(max(len(old), len(new)))
            if (old[i] if i < len(old) else None) != (new[i] if i < len(new) else None)}


def _mark_dependents(project: Project, ref: SlotRef) -> Changes:
    if ref.kind is SlotKind.CHARACTER_IMAGE:
        return mark_character_image_replaced(project, ref.owner)
    if ref.kind is SlotKind.ENV_IMAGE:
        return mark_environment_edited(project, ref.owner, images_too=False)
    if ref.kind is SlotKind.STYLE:
        env = project.environment(ref.owner)
        changes = Changes(environments={env.id})
        for scene in project.scenes:
            if scene.environment_id == env.id:
                changes.merge(mark_scene_field_edited(project, scene.id, "environment_id"))
        return changes
    return mark_scene_slot_replaced(project, ref.owner, ref.kind)


@dataclass
class ActivateTake(_SlotTracking):
    """Make an earlier (or later) take of a slot the one in use; dependents go stale."""

    ref: SlotRef
    take_id: TakeId
    label: str = "Use take"

    def apply(self, project: Project) -> Changes:
        slot = slot_at(project, self.ref)
        take = next((t for t in slot.takes if t.id == self.take_id), None)
        if take is None:
            raise ValueError(f"take {self.take_id} is not in this slot")
        if take.status != "ready":
            raise ValueError("a failed take cannot be used")
        changes = Changes()

        def body() -> None:
            if slot.active != self.take_id:
                slot.active = self.take_id
                changes.merge(_mark_dependents(project, self.ref))
            # An older take made for other inputs (another action, another style) is in use
            # but out of date.
            slot.stale = consistency.inputs_mismatch(project, self.ref, take.inputs) is not None

        return self._track(project, changes, body)

    def undo(self, project: Project) -> Changes:
        return self._untrack(project, Changes(), dependents_of=self.ref)

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class AddTake(_SlotTracking):
    """A job's result stored in a slot. A ready take becomes active (unless ``activate`` is
    False) and fresh, and what was computed from the previous take goes stale; a failed take is
    only kept, so its message can be shown."""

    ref: SlotRef
    take: Take
    activate: bool = True
    label: str = "New take"

    def apply(self, project: Project) -> Changes:
        slot = slot_at(project, self.ref)
        changes = Changes()

        def body() -> None:
            if all(t.id != self.take.id for t in slot.takes):
                slot.takes = [*slot.takes, self.take]
                changes.takes_added.add((self.ref, self.take.id))
            if self.activate and self.take.status == "ready":
                replaced = slot.active is not None and slot.active != self.take.id
                slot.active = self.take.id
                # Made from inputs that changed while it was being made (the user edited the
                # scene meanwhile, or undid what it was built on): in use, but out of date.
                late = consistency.inputs_mismatch(project, self.ref, self.take.inputs)
                slot.stale = late is not None
                if replaced or late is not None:
                    changes.merge(_mark_dependents(project, self.ref))

        self._track(project, changes, body)
        changes.slots.add(self.ref)
        _owner_changed(changes, self.ref)
        return changes

    def undo(self, project: Project) -> Changes:
        return self._untrack(project, Changes(), dependents_of=self.ref)

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class MarkFresh(_SlotTracking):
    """An up-to-date take was found for a slot (its inputs did not change after all)."""

    ref: SlotRef
    take_id: TakeId
    label: str = "Reuse take"

    def apply(self, project: Project) -> Changes:
        slot = slot_at(project, self.ref)
        changes = Changes()

        def body() -> None:
            take = next((t for t in slot.takes if t.id == self.take_id), None)
            if take is None:
                raise ValueError(f"take {self.take_id} is not in this slot")
            replaced = slot.active != self.take_id
            slot.active = self.take_id
            slot.stale = consistency.inputs_mismatch(project, self.ref, take.inputs) is not None
            if replaced:
                changes.merge(_mark_dependents(project, self.ref))

        return self._track(project, changes, body)

    def undo(self, project: Project) -> Changes:
        return self._untrack(project, Changes(), dependents_of=self.ref)

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class ReorderScenes(_SlotTracking):
    """Put the scenes in a new order (a list of every scene id).

    The score is cut to the old order, so a reorder makes it stale; undo puts the order back
    and, while the score is still the one the reorder left, its state too.
    """

    order: list[str]
    label: str = "Reorder scenes"
    _old: dict[str, int] = field(default_factory=dict)

    def apply(self, project: Project) -> Changes:
        ids = {s.id for s in project.scenes}
        if set(self.order) != ids or len(self.order) != len(ids):
            raise ValueError("a new order must name every scene once")
        self._old = {s.id: s.order for s in project.scenes}
        changes = Changes(scenes=set(ids), structure=True)

        def body() -> None:
            for index, scene_id in enumerate(self.order):
                project.scene(scene_id).order = index
            if any(self._old[scene_id] != index for index, scene_id in enumerate(self.order)):
                changes.merge(mark_score_stale(project))

        return self._track(project, changes, body)

    def undo(self, project: Project) -> Changes:
        for scene_id, order in self._old.items():
            project.scene(scene_id).order = order
        return self._untrack(project, Changes(scenes=set(self._old), structure=True))

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class ReplaceContent:
    """A re-plan: the project's script, title, environments and scenes replaced together.

    The new content comes from a plan merged with the old project, so scenes that did not change
    keep their ids and takes; undo brings back the previous plan with all its takes.
    """

    script: str
    title: str
    plan_key: str
    plan_provider: str
    language: str
    environments: list[Environment]
    scenes: list[Scene]
    label: str = "Plan"
    characters: list[Character] | None = None  # None: the cast stays as it is
    _old: tuple[str, str, str, str, str, list[Environment], list[Scene],
                list[Character]] | None = None

    def apply(self, project: Project) -> Changes:
        old_ids = _content_ids(project)
        self._old = (project.script, project.title, project.plan_key, project.plan_provider,
                     project.settings.language, project.environments, project.scenes,
                     project.characters)
        self._set(project, self.script, self.title, self.plan_key, self.plan_provider,
                  self.language, self.environments, self.scenes,
                  project.characters if self.characters is None else self.characters)
        changes = self._changes(project, old_ids)
        changes.characters |= {c.id for c in self._old[7]} | {c.id for c in project.characters}
        return changes

    def undo(self, project: Project) -> Changes:
        assert self._old is not None
        old_ids = _content_ids(project)
        now = {c.id for c in project.characters}
        self._set(project, *self._old)
        changes = self._changes(project, old_ids)
        changes.characters |= now | {c.id for c in project.characters}
        return changes

    @staticmethod
    def _set(project: Project, script: str, title: str, key: str, provider: str, language: str,
             environments: list[Environment], scenes: list[Scene],
             characters: list[Character]) -> None:
        known = {e.id for e in environments}
        for scene in scenes:
            if scene.environment_id not in known:
                raise ValueError(f"scene {scene.id} refers to unknown environment "
                                 f"{scene.environment_id}")
        # Both lists change together; assigning one at a time would fail validation between.
        object.__setattr__(project, "environments", environments)
        object.__setattr__(project, "characters", characters)
        object.__setattr__(project, "scenes", scenes)
        project.script = script
        project.title = title
        project.plan_key = key
        project.plan_provider = provider
        project.settings.language = language

    @staticmethod
    def _changes(project: Project, old_ids: tuple[set[str], set[str]]) -> Changes:
        scenes, environments = _content_ids(project)
        return Changes(scenes=scenes | old_ids[0], environments=environments | old_ids[1],
                       structure=True, settings=True)

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class RecordSpend:
    """Money a paid call cost, appended to the project's ledger. Never undone: spent is spent
    (the session applies it outside the undo history)."""

    entry: LedgerEntry
    label: str = "Record cost"

    def apply(self, project: Project) -> Changes:
        project.ledger = [*project.ledger, self.entry]
        return Changes(costs=True)

    def undo(self, project: Project) -> Changes:
        return Changes()

    def merge(self, other: Command) -> bool:
        return False


def _content_ids(project: Project) -> tuple[set[str], set[str]]:
    return ({str(s.id) for s in project.scenes}, {str(e.id) for e in project.environments})


@dataclass
class EditSettings:
    field_name: str
    value: Any
    label: str = "Change settings"
    _old: Any = None

    def apply(self, project: Project) -> Changes:
        self._old = getattr(project.settings, self.field_name)
        setattr(project.settings, self.field_name, self.value)
        return Changes(settings=getattr(project.settings, self.field_name) != self._old)

    def undo(self, project: Project) -> Changes:
        setattr(project.settings, self.field_name, self._old)
        return Changes(settings=True)

    def merge(self, other: Command) -> bool:
        return False
