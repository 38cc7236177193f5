"""The Plan a planner returns, its validation, and how it becomes (or updates) a Project."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vidstudio.core.models import (
    Environment,
    EnvironmentId,
    Project,
    Scene,
    SceneId,
    Settings,
    new_id,
)
from vidstudio.core.vocabulary import (
    IMAGES_PER_ENVIRONMENT,
    SCENE_DURATIONS,
    CameraMove,
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


def project_from_plan(plan: Plan, script: str, settings: Settings, provider: str) -> Project:
    """A new Project holding the plan's environments and scenes, with empty slots."""
    env_ids: dict[str, EnvironmentId] = {}
    environments: list[Environment] = []
    for penv in plan.environments:
        env = Environment(id=EnvironmentId(new_id("env")),
                          **_shared_fields(penv, Environment, skip={"id"}))
        env_ids[penv.id] = env.id
        environments.append(env)
    scenes = [
        Scene(
            id=SceneId(new_id("sc")),
            order=index,
            environment_id=env_ids[pscene.environment_id],
            **_shared_fields(pscene, Scene, skip={"environment_id"}),
        )
        for index, pscene in enumerate(plan.scenes)
    ]
    return Project(
        title=plan.title,
        script=script,
        plan_provider=provider,
        settings=settings.model_copy(update={"language": plan.language}),
        environments=environments,
        scenes=scenes,
    )


def plan_from_project(project: Project) -> Plan:
    """The plan a project currently holds (after any edits), e.g. for ``vidstudio plan``."""
    short = {env.id: f"env{i + 1}" for i, env in enumerate(project.environments)}
    return Plan(
        title=project.title,
        language=project.settings.language,
        environments=[
            PlanEnvironment(id=short[env.id], **_shared_fields(env, PlanEnvironment, skip={"id"}))
            for env in project.environments
        ],
        scenes=[
            PlanScene(environment_id=short[s.environment_id],
                      **_shared_fields(s, PlanScene, skip={"environment_id"}))
            for s in project.ordered_scenes
        ],
    )
