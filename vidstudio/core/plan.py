"""The Plan a planner returns, its validation, and how it becomes (or updates) a Project."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vidstudio.core.models import (
    CastMember,
    Character,
    CharacterId,
    DialogueLine,
    Environment,
    EnvironmentId,
    Project,
    Scene,
    SceneId,
    Settings,
    new_id,
)
from vidstudio.core.vocabulary import (
    IMAGES_PER_CHARACTER,
    IMAGES_PER_ENVIRONMENT,
    SCENE_DURATIONS,
    CameraMove,
    CharacterKind,
    ShotType,
    TimeOfDay,
    Weather,
)


class PlanEnvironment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(..., description="short id the scenes refer to, e.g. 'env1'")
    name: str
    setting: str = Field(..., description="place keyword: coast, forest, city, interior, ...")
    description: str = ""
    lighting: str = ""
    weather: Weather = Weather.CLEAR
    time_of_day: TimeOfDay = TimeOfDay.DAY
    key_objects: list[str] = Field(default_factory=list)
    image_prompts: list[str] = Field(default_factory=list)

    @field_validator("image_prompts")
    @classmethod
    def _ten_at_most(cls, value: list[str]) -> list[str]:
        if len(value) > IMAGES_PER_ENVIRONMENT:
            raise ValueError(f"at most {IMAGES_PER_ENVIRONMENT} image prompts")
        return value


class PlanGarment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item: str
    colour: str = ""


class PlanLook(BaseModel):
    """A character's look as a planner writes it (short fields, not one blob)."""

    model_config = ConfigDict(extra="forbid")

    age: str = ""
    build: str = ""
    hair: str = Field("", description="hair, fur or finish, with its colour")
    skin: str = ""
    wardrobe: list[PlanGarment] = Field(default_factory=list)
    marks: str = ""


class PlanCharacter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(..., description="short id the scenes refer to, e.g. 'ch1'")
    name: str
    kind: CharacterKind = CharacterKind.PERSON
    description: str = ""
    look: PlanLook = Field(default_factory=PlanLook)
    voice: str = ""
    sheet_prompts: list[str] = Field(default_factory=list)

    @field_validator("sheet_prompts")
    @classmethod
    def _four_at_most(cls, value: list[str]) -> list[str]:
        return value[:IMAGES_PER_CHARACTER]


class PlanCastMember(BaseModel):
    model_config = ConfigDict(extra="forbid")

    character_id: str
    action: str = ""


class PlanLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    character_id: str
    text: str
    position: int = -1


class PlanScene(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    action: str = ""
    environment_id: str
    emotions: list[str] = Field(default_factory=list)
    camera: CameraMove = CameraMove.STATIC
    shot_type: ShotType = ShotType.WIDE
    duration: int = 5
    time_of_day: TimeOfDay | None = Field(
        None, description="only when this scene's hour differs from its environment's")
    weather: Weather | None = Field(
        None, description="only when this scene's weather differs from its environment's")
    language: str | None = Field(
        None, description="ISO 639-1 code, only when this scene's narration is not in the "
        "plan's language")
    sfx_prompt: str = ""
    narration: str = ""
    cast: list[PlanCastMember] = Field(
        default_factory=list, description="characters in frame, in frame order")
    dialogue: list[PlanLine] = Field(default_factory=list)
    first_frame_prompt: str = ""
    last_frame_prompt: str = ""

    @field_validator("duration")
    @classmethod
    def _valid_duration(cls, value: int) -> int:
        if value not in SCENE_DURATIONS:
            raise ValueError(f"duration must be one of {SCENE_DURATIONS}, not {value}")
        return value


class Plan(BaseModel):
    """What a planner makes of a script. ``validate_for`` checks it against the settings."""

    model_config = ConfigDict(extra="forbid")

    title: str = "Untitled"
    language: str = "en"
    environments: list[PlanEnvironment]
    characters: list[PlanCharacter] = Field(default_factory=list)
    scenes: list[PlanScene]
    notes: list[str] = Field(
        default_factory=list,
        description="what the planner left out or merged to fit the limits, for the user")

    @model_validator(mode="after")
    def _references(self) -> Plan:
        if not self.scenes:
            raise ValueError("a plan needs at least one scene")
        ids = [env.id for env in self.environments]
        if len(set(ids)) != len(ids):
            raise ValueError("environment ids must be unique")
        for scene in self.scenes:
            if scene.environment_id not in ids:
                raise ValueError(
                    f"scene {scene.title!r} refers to unknown environment {scene.environment_id!r}"
                )
        cast = [character.id for character in self.characters]
        if len(set(cast)) != len(cast):
            raise ValueError("character ids must be unique")
        for scene in self.scenes:
            named = [m.character_id for m in scene.cast] + [
                line.character_id for line in scene.dialogue]
            for character_id in named:
                if character_id not in cast:
                    raise ValueError(f"scene {scene.title!r} refers to unknown character "
                                     f"{character_id!r}")
        return self

    def problems(self, settings: Settings) -> list[str]:
        """Reasons this plan does not fit the project's limits (empty when it fits)."""
        found: list[str] = []
        if len(self.scenes) > settings.max_scenes:
            found.append(f"{len(self.scenes)} scenes, the limit is {settings.max_scenes}")
        if len(self.environments) > settings.max_environments:
            found.append(
                f"{len(self.environments)} environments, the limit is {settings.max_environments}"
            )
        return found


def _shared_fields(source: BaseModel, target: type[BaseModel], *, skip: set[str]) -> dict[str, Any]:
    """The fields ``source`` has in common with ``target`` (the plan and project models share
    their descriptive fields by name), copied deeply."""
    names = set(type(source).model_fields) & set(target.model_fields) - skip
    return source.model_dump(include=names)


def character_from_plan(pchar: PlanCharacter, character_id: str | None = None) -> Character:
    """A project Character from a planned one (a new id unless one is given)."""
    fields = _shared_fields(pchar, Character, skip={"id", "look"})
    if character_id is not None:
        fields["id"] = CharacterId(character_id)
    return Character(look=pchar.look.model_dump(), **fields)


def scene_cast(pscene: PlanScene, ids: dict[str, CharacterId]
               ) -> tuple[list[CastMember], list[DialogueLine]]:
    """A planned scene's cast and lines with the project's character ids."""
    cast = [CastMember(character_id=ids[m.character_id], action=m.action) for m in pscene.cast]
    lines = [DialogueLine(character_id=ids[line.character_id], text=line.text,
                          position=line.position) for line in pscene.dialogue]
    return cast, lines


def project_from_plan(plan: Plan, script: str, settings: Settings, provider: str) -> Project:
    """A new Project holding the plan's environments, cast and scenes, with empty slots."""
    from vidstudio.core.prompts import remember_planned
    env_ids: dict[str, EnvironmentId] = {}
    environments: list[Environment] = []
    for penv in plan.environments:
        env = Environment(id=EnvironmentId(new_id("env")),
                          **_shared_fields(penv, Environment, skip={"id"}))
        remember_planned(env, penv)  # for "reset to planned"
        env_ids[penv.id] = env.id
        environments.append(env)
    characters = [character_from_plan(pchar) for pchar in plan.characters]
    char_ids = {p.id: c.id for p, c in zip(plan.characters, characters, strict=True)}
    scenes = []
    for index, pscene in enumerate(plan.scenes):
        cast, lines = scene_cast(pscene, char_ids)
        scenes.append(Scene(
            id=SceneId(new_id("sc")),
            order=index,
            environment_id=env_ids[pscene.environment_id],
            cast=cast,
            dialogue=lines,
            **_shared_fields(pscene, Scene, skip={"environment_id", "cast", "dialogue"}),
        ))
        remember_planned(scenes[-1], pscene)
    return Project(
        title=plan.title,
        script=script,
        plan_provider=provider,
        settings=settings.model_copy(update={"language": plan.language}),
        environments=environments,
        characters=characters,
        scenes=scenes,
    )


def plan_from_project(project: Project) -> Plan:
    """The plan a project currently holds (after any edits), e.g. for ``vidstudio plan``."""
    short = {env.id: f"env{i + 1}" for i, env in enumerate(project.environments)}
    who = {c.id: f"ch{i + 1}" for i, c in enumerate(project.characters)}

    def planned_scene(scene: Scene) -> PlanScene:
        return PlanScene(
            environment_id=short[scene.environment_id],
            cast=[PlanCastMember(character_id=who[m.character_id], action=m.action)
                  for m in scene.cast],
            dialogue=[PlanLine(character_id=who[line.character_id], text=line.text,
                               position=line.position) for line in scene.dialogue],
            **_shared_fields(scene, PlanScene, skip={"environment_id", "cast", "dialogue"}))

    return Plan(
        title=project.title,
        language=project.settings.language,
        environments=[
            PlanEnvironment(id=short[env.id], **_shared_fields(env, PlanEnvironment, skip={"id"}))
            for env in project.environments
        ],
        characters=[
            PlanCharacter(id=who[c.id], look=PlanLook.model_validate(c.look.model_dump()),
                          **_shared_fields(c, PlanCharacter, skip={"id", "look"}))
            for c in project.characters
        ],
        scenes=[planned_scene(s) for s in project.ordered_scenes],
    )
