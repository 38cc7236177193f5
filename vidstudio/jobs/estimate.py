"""What a run would cost before anything is paid: the project's calls priced per provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vidstudio.core.models import Project
from vidstudio.core.timeline import narration_window
from vidstudio.core.vocabulary import SlotKind, Stage
from vidstudio.jobs.requests import (
    clip_request,
    image_request,
    keyframe_request,
    narration_request,
    sound_request,
    style_request,
)
from vidstudio.providers.base import Keyframe, PlanRequest
from vidstudio.providers.pricing import PriceList
from vidstudio.providers.registry import ProviderSet


@dataclass
class EstimateLine:
    stage: str
    provider: str
    calls: int
    cost: float


@dataclass
class Estimate:
    as_of: str
    lines: list[EstimateLine] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(line.cost for line in self.lines)

    def table(self) -> str:
        rows = [f"{'stage':<10} {'provider':<11} {'calls':>5} {'cost':>9}"]
        rows += [f"{ln.stage:<10} {ln.provider:<11} {ln.calls:>5} ${ln.cost:>8.2f}"
                 for ln in self.lines]
        rows.append(f"{'total':<28} ${self.total:>8.2f}   (prices as of {self.as_of})")
        return "\n".join(rows)


def estimate_run(project: Project, providers: ProviderSet, prices: PriceList,
                 *, include_plan: bool = True) -> Estimate:
    """Price every step the pipeline would run for ``project`` (from scratch)."""
    settings = project.settings
    est = Estimate(as_of=prices.as_of)

    def add(stage: Stage | str, provider_name: str, costs: list[float]) -> None:
        label = stage.value if isinstance(stage, Stage) else stage
        est.lines.append(EstimateLine(label, provider_name, len(costs), sum(costs)))

    if include_plan:
        add(Stage.PLANNER, providers.names[Stage.PLANNER],
            [prices.price_of(providers.planner.info, PlanRequest(project.script))])
    envs = project.environments
    add(Stage.IMAGES, providers.names[Stage.IMAGES],
        [prices.price_of(providers.images.info, image_request(settings, env, i))
         for env in envs for i in range(len(env.images))])
    add(Stage.STYLE, providers.names[Stage.STYLE],
        [prices.price_of(providers.style.info, style_request(env, [])) for env in envs])
    frames, clips, beds, voices = [], [], [], []
    blank = Keyframe(path=Path())
    for scene in project.ordered_scenes:
        env = project.environment(scene.environment_id)
        for kind in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME):
            frames.append(prices.price_of(
                providers.keyframes.info,
                keyframe_request(settings, scene, env, kind, None, {}, [])))
        clips.append(prices.price_of(providers.video.info,
                                     clip_request(settings, scene, env, blank, blank)))
        beds.append(prices.price_of(providers.sound.info, sound_request(scene, env)))
        if scene.narration.strip():
            voices.append(prices.price_of(
                providers.voice.info,
                narration_request(settings, scene, narration_window(scene.duration))))
    keyframe_provider = providers.keyframes.info.name
    add("keyframes", keyframe_provider, frames)
    add(Stage.VIDEO, providers.names[Stage.VIDEO], clips)
    add(Stage.SOUND, providers.names[Stage.SOUND], beds)
    add(Stage.VOICE, providers.names[Stage.VOICE], voices)
    return est
