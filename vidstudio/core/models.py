"""The domain model: a Project of Environments, Characters and Scenes whose Slots hold Takes.

Values here are plain pydantic models with no I/O; the storage layer serialises them and the jobs
layer is the only writer (one coroutine on the event loop at a time), so no locking is needed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal, NewType

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vidstudio.core.vocabulary import (
    IMAGES_PER_CHARACTER,
    IMAGES_PER_ENVIRONMENT,
    SCENE_DURATIONS,
    AspectRatio,
    CameraMove,
    CharacterKind,
    ShotType,
    SlotKind,
    Stage,
    TimeOfDay,
    Weather,
)

SCHEMA_VERSION = 5

EnvironmentId = NewType("EnvironmentId", str)
SceneId = NewType("SceneId", str)
CharacterId = NewType("CharacterId", str)
TakeId = NewType("TakeId", str)


def new_id(prefix: str) -> str:
    """A short, stable, collision-safe id such as ``sc-1f3a9c0d2b``."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def utcnow() -> datetime:
    return datetime.now(UTC)


TakeStatus = Literal["ready", "failed"]


class Take(BaseModel):
    """One generated result of a slot. Takes are immutable; a regenerate adds a new one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: TakeId = Field(default_factory=lambda: TakeId(new_id("tk")))
    file: str | None = Field(None, description="asset path relative to the project folder")
    extra_files: dict[str, str] = Field(default_factory=dict)
    provider: str
    model: str = ""
    prompt: str = ""
    parameters: dict[str, Any] = Field(default_factory=dict)
    seed: int = 0
    created: datetime = Field(default_factory=utcnow)
    cost: float = 0.0
    status: TakeStatus = "ready"
    error: str | None = None
    provider_job_id: str | None = None
    cache_key: str = ""
    metadata: dict[str, Any] = Field(default_factory=dict)
    inputs: dict[str, str] = Field(
        default_factory=dict, description="what the take was made from: a digest of the fields "
        "its slot depends on and the content of each upstream take (core/consistency.py)")


class Slot(BaseModel):
    """A place for one kind of result, keeping every take and which one is in use."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    kind: SlotKind
    takes: list[Take] = Field(default_factory=list)
    active: TakeId | None = None
    stale: bool = False
    starred: list[TakeId] = Field(default_factory=list, description="the user's favourite "
                                  "takes (the compare view's stars)")

    @model_validator(mode="after")
    def _active_exists(self) -> Slot:
        if self.active is not None and all(t.id != self.active for t in self.takes):
            raise ValueError(f"active take {self.active!r} is not among the slot's takes")
        return self

    @property
    def active_take(self) -> Take | None:
        for take in self.takes:
            if take.id == self.active:
                return take
        return None

    @property
    def is_ready(self) -> bool:
        take = self.active_take
        return take is not None and take.status == "ready" and not self.stale

    def add_take(self, take: Take, *, activate: bool = True) -> None:
        self.takes = [*self.takes, take]
        if activate and take.status == "ready":
            self.active = take.id
            self.stale = False


class Volumes(BaseModel):
    model_config = ConfigDict(extra="forbid")

    narration: float = Field(1.0, ge=0.0, le=2.0)
    sound_effects: float = Field(0.8, ge=0.0, le=2.0)
    clip_audio: float = Field(0.0, ge=0.0, le=2.0)


class Settings(BaseModel):
    """Project settings; everything a render depends on besides the script."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    aspect_ratio: AspectRatio = AspectRatio.LANDSCAPE
    short_side: int = Field(720, ge=144, le=2160)
    fps: int = Field(24, ge=12, le=60)
    max_scenes: int = Field(5, ge=1, le=5)
    max_environments: int = Field(3, ge=1, le=5)
    providers: dict[Stage, str] = Field(
        default_factory=lambda: {stage: "auto" for stage in Stage},
        description="per stage: 'auto' (cloud when its key is set, else local) or a name",
    )
    voice: str = "en_US-joe-medium"
    language: str = "en"
    volumes: Volumes = Field(default_factory=Volumes)
    seed: int = 0
    # The film's title: off, over the opening shot, or its own card before it.
    title_mode: Literal["off", "overlay", "card"] = "off"
    title_seconds: float = Field(3.0, ge=1.0, le=9.0)
    transition: Literal["cut", "crossfade", "dip_to_black"] = Field(
        "cut", description="how one scene gives way to the next in the film (an export's own "
        "choice overrides it)")
    transition_seconds: float = Field(0.5, ge=0.04, le=2.0)

    @property
    def frame_size(self) -> tuple[int, int]:
        return self.aspect_ratio.frame_size(self.short_side)


class MusicSettings(BaseModel):
    """The film's score: whether it plays, how loud under the voice, what it is cut to. (Who
    makes it is the music stage's provider, ``Settings.providers[Stage.MUSIC]``.)"""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    enabled: bool = True
    level_db: float = Field(-20.0, ge=-40.0, le=0.0, description="the score's loudness "
                            "relative to the film's target (dB; the voice sits at 0)")
    locked: bool = Field(False, description="left alone by 'generate all'")
    score_from: Literal["scenes", "picture"] = Field(
        "scenes", description="what the cloud composer scores: a plan of the scenes, or the "
        "assembled picture (video-to-music); the offline composer always uses the scenes")


class Environment(BaseModel):
    """A physical place the film returns to; its images train one style per environment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: EnvironmentId = Field(default_factory=lambda: EnvironmentId(new_id("env")))
    name: str
    setting: str = Field(..., description="a setting keyword such as 'coast' or 'forest'")
    description: str = ""
    lighting: str = ""
    weather: Weather = Weather.CLEAR
    time_of_day: TimeOfDay = TimeOfDay.DAY
    key_objects: list[str] = Field(default_factory=list)
    image_prompts: list[str] = Field(default_factory=list)
    images: list[Slot] = Field(default_factory=list)
    style: Slot = Field(default_factory=lambda: Slot(kind=SlotKind.STYLE))
    edited: list[str] = Field(default_factory=list, description="fields the user edited; a "
                              "re-plan keeps them unless asked to replace them")
    planned: dict[str, Any] = Field(default_factory=dict, description="the plan's own values "
                                    "of the prompt fields, for 'reset to planned'")

    @model_validator(mode="after")
    def _one_slot_per_prompt(self) -> Environment:
        if len(self.image_prompts) > IMAGES_PER_ENVIRONMENT:
            raise ValueError(f"at most {IMAGES_PER_ENVIRONMENT} image prompts per environment")
        missing = len(self.image_prompts) - len(self.images)
        if missing > 0:
            object.__setattr__(
                self,
                "images",
                [*self.images, *(Slot(kind=SlotKind.ENV_IMAGE) for _ in range(missing))],
            )
        return self


class Garment(BaseModel):
    """One piece of what a character wears, with its colour ("raincoat", "blue")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    colour: str = ""

    def __str__(self) -> str:
        return f"{self.colour} {self.item}".strip()


class Look(BaseModel):
    """How a character looks, as short fields a painter, a prompt and an editor can each use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age: str = Field("", description="'child', 'young', 'middle-aged', 'old', or a number")
    build: str = Field("", description="'slight', 'tall', 'stocky', ...")
    hair: str = Field("", description="hair for people, fur/feathers/finish for others, "
                      "with its colour: 'short grey hair', 'ginger fur'")
    skin: str = Field("", description="skin tone, or the colour of a creature/robot/vehicle")
    wardrobe: tuple[Garment, ...] = ()
    marks: str = Field("", description="distinguishing marks: 'one eye', 'a scar', 'glasses'")

    def summary(self) -> str:
        """The look as a short phrase for prompts and lists ("old, tall, grey hair, blue
        raincoat")."""
        parts = [self.age, self.build, self.hair, self.skin,
                 *(str(g) for g in self.wardrobe), self.marks]
        return ", ".join(p for p in parts if p)


class Character(BaseModel):
    """Someone (or something) who acts in the story and must look and sound the same in every
    scene: what an Environment is for places, a Character is for people and animals."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: CharacterId = Field(default_factory=lambda: CharacterId(new_id("ch")))
    name: str
    kind: CharacterKind = CharacterKind.PERSON
    description: str = Field("", description="one line: who they are in the story")
    look: Look = Field(default_factory=Look)
    voice: str = Field("", description="a voice id of the voice provider ('' = chosen for the "
                       "character by the provider, distinct from the narrator)")
    sheet_prompts: list[str] = Field(default_factory=list)
    sheet: list[Slot] = Field(default_factory=list, description="the character sheet: "
                              "reference images, one slot per prompt (or the user's own photo)")
    locked: bool = Field(False, description="left alone by a re-plan and by 'generate all'")
    edited: list[str] = Field(default_factory=list, description="fields the user edited; a "
                              "re-plan keeps them unless asked to replace them")

    @model_validator(mode="after")
    def _one_slot_per_prompt(self) -> Character:
        if len(self.sheet_prompts) > IMAGES_PER_CHARACTER:
            raise ValueError(f"at most {IMAGES_PER_CHARACTER} sheet prompts per character")
        missing = len(self.sheet_prompts) - len(self.sheet)
        if missing > 0:
            object.__setattr__(
                self, "sheet",
                [*self.sheet, *(Slot(kind=SlotKind.CHARACTER_IMAGE) for _ in range(missing))])
        return self


class CastMember(BaseModel):
    """A character in one scene's frame (scenes list them in frame order, left to right)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    character_id: CharacterId
    action: str = Field("", description="what they do in this shot: 'rows', 'waves', 'sleeps'")


class DialogueLine(BaseModel):
    """A line a character speaks in a scene, in that character's voice.

    ``position`` is where the line falls in the scene's narration: the number of narration
    characters spoken before it (-1: after all the narration). The voice track interleaves the
    narrator's sentences and the characters' lines in that order.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    character_id: CharacterId
    text: str
    position: int = Field(-1, ge=-1)


SCENE_SLOT_KINDS: tuple[SlotKind, ...] = (
    SlotKind.FIRST_FRAME,
    SlotKind.LAST_FRAME,
    SlotKind.CLIP,
    SlotKind.SFX,
    SlotKind.NARRATION,
)


def _scene_slots() -> dict[SlotKind, Slot]:
    return {kind: Slot(kind=kind) for kind in SCENE_SLOT_KINDS}


class Scene(BaseModel):
    """One shot of the film: 5 or 9 seconds in one environment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: SceneId = Field(default_factory=lambda: SceneId(new_id("sc")))
    order: int = Field(0, ge=0)
    title: str
    action: str = ""
    environment_id: EnvironmentId
    emotions: list[str] = Field(default_factory=list)
    camera: CameraMove = CameraMove.STATIC
    shot_type: ShotType = ShotType.WIDE
    duration: int = 5
    # The same place at another hour or in other weather keeps its environment (and style);
    # None means "as the environment".
    time_of_day: TimeOfDay | None = None
    weather: Weather | None = None
    language: str | None = Field(None, description="the narration's language when it is not "
                                 "the project's (a script that mixes languages)")
    sfx_prompt: str = ""
    narration: str = ""
    caption: str = Field("", description="lower-third text shown over the scene")
    cast: list[CastMember] = Field(default_factory=list, description="the characters in frame, "
                                   "in frame order, with what each does")
    dialogue: list[DialogueLine] = Field(default_factory=list)
    first_frame_prompt: str = ""
    last_frame_prompt: str = ""
    slots: dict[SlotKind, Slot] = Field(default_factory=_scene_slots)
    locked: bool = Field(False, description="left alone by 'generate all'")
    continue_previous: bool = Field(False, description="the first keyframe is the previous "
                                    "scene's last clip frame (a continuous shot)")
    edited: list[str] = Field(default_factory=list, description="fields the user edited; a "
                              "re-plan keeps them unless asked to replace them")
    planned: dict[str, Any] = Field(default_factory=dict, description="the plan's own values "
                                    "of the prompt fields, for 'reset to planned'")

    @field_validator("duration")
    @classmethod
    def _valid_duration(cls, value: int) -> int:
        if value not in SCENE_DURATIONS:
            allowed = " or ".join(map(str, SCENE_DURATIONS))
            raise ValueError(f"a scene lasts {allowed} s, not {value}")
        return value

    @field_validator("slots")
    @classmethod
    def _all_slots(cls, value: dict[SlotKind, Slot]) -> dict[SlotKind, Slot]:
        for kind in SCENE_SLOT_KINDS:
            value.setdefault(kind, Slot(kind=kind))
        return value

    def slot(self, kind: SlotKind) -> Slot:
        return self.slots[kind]

    def characters_named(self) -> list[CharacterId]:
        """Every character in frame or speaking in this scene, each once, frame order first."""
        found = [m.character_id for m in self.cast] + [d.character_id for d in self.dialogue]
        return list(dict.fromkeys(found))


class LedgerEntry(BaseModel):
    """Money spent on one paid call: kept for good, whatever undo or a re-plan does."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: datetime = Field(default_factory=utcnow)
    provider: str
    model: str = ""
    stage: str
    owner: str = Field("", description="the scene or environment id")
    owner_name: str = ""
    take_id: str | None = None
    amount: float = Field(0.0, ge=0.0)
    estimated: bool = Field(False, description="priced from the price list: the provider "
                            "reported no cost")
    possibly_paid_twice: bool = Field(False, description="sent again with the user's consent "
                                      "after an unknown outcome: the first may be billed too")


class Project(BaseModel):
    """The whole document: script, settings, environments and scenes with all their takes."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=lambda: new_id("prj"))
    title: str = "Untitled"
    script: str = ""
    plan_provider: str = ""
    plan_key: str = ""
    settings: Settings = Field(default_factory=Settings)
    environments: list[Environment] = Field(default_factory=list)
    characters: list[Character] = Field(default_factory=list)
    scenes: list[Scene] = Field(default_factory=list)
    created: datetime = Field(default_factory=utcnow)
    modified: datetime = Field(default_factory=utcnow)
    ledger: list[LedgerEntry] = Field(default_factory=list)
    music: Slot = Field(default_factory=lambda: Slot(kind=SlotKind.MUSIC),
                        description="the film's score, cut to its scenes")
    music_settings: MusicSettings = Field(default_factory=MusicSettings)

    @model_validator(mode="after")
    def _scenes_reference_environments(self) -> Project:
        known = {env.id for env in self.environments}
        for scene in self.scenes:
            if scene.environment_id not in known:
                raise ValueError(
                    f"scene {scene.id} refers to unknown environment {scene.environment_id}"
                )
        cast = {character.id for character in self.characters}
        if len(cast) != len(self.characters):
            raise ValueError("character ids must be unique")
        for scene in self.scenes:
            for character_id in scene.characters_named():
                if character_id not in cast:
                    raise ValueError(
                        f"scene {scene.id} refers to unknown character {character_id}")
        return self

    def environment(self, env_id: str) -> Environment:
        for env in self.environments:
            if env.id == env_id:
                return env
        raise KeyError(f"no environment {env_id!r}")

    def character(self, character_id: str) -> Character:
        for character in self.characters:
            if character.id == character_id:
                return character
        raise KeyError(f"no character {character_id!r}")

    def scenes_with(self, character_id: str) -> list[Scene]:
        """The scenes in which a character is in frame or speaks, in film order."""
        return [s for s in self.ordered_scenes if character_id in s.characters_named()]

    def scene(self, scene_id: str) -> Scene:
        for scene in self.scenes:
            if scene.id == scene_id:
                return scene
        raise KeyError(f"no scene {scene_id!r}")

    @property
    def ordered_scenes(self) -> list[Scene]:
        return sorted(self.scenes, key=lambda s: s.order)

    @property
    def duration(self) -> float:
        return float(sum(scene.duration for scene in self.scenes))

    def all_takes(self) -> list[Take]:
        takes: list[Take] = []
        for env in self.environments:
            for slot in [*env.images, env.style]:
                takes.extend(slot.takes)
        for character in self.characters:
            for slot in character.sheet:
                takes.extend(slot.takes)
        for scene in self.scenes:
            for slot in scene.slots.values():
                takes.extend(slot.takes)
        takes.extend(self.music.takes)
        return takes
