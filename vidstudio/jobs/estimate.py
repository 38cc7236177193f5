"""What a run would cost before anything is paid: the project's calls priced per provider, with
what is already made (and still up to date) costing nothing.

A slot is reused when its active take is ready, not stale, its files are in the project, and it
was made by the provider that would make it now; a slot whose upstream is made again is made
again too (new keyframes mean a new clip). A step whose paid job is in the journal is resumed,
not bought again, so it costs nothing more either. This mirrors how the pipeline decides reuse
(cache keys + ``PipelineRun._usable``) without computing every key: an edit that changes a
step's inputs marks its slot stale, and a change of provider changes the key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.deps import FILM
from vidstudio.core.timeline import narration_window
from vidstudio.core.vocabulary import SlotKind, Stage
from vidstudio.jobs.requests import (
    character_image_request,
    characters_to_sheet,
    clip_request,
    draws_sheets,
    image_request,
    keyframe_request,
    narration_request,
    sound_request,
    style_request,
)
from vidstudio.providers.base import Keyframe, PlanRequest, Provider

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.models import Project, Scene, Slot
    from vidstudio.providers.pricing import PriceList
    from vidstudio.providers.registry import ProviderSet
    from vidstudio.storage import ProjectFolder

#: The provider name of a take made from the user's own file; it stays until replaced.
IMPORTED = "import"
#: Stage labels in the order a run pays for them (the table's rows).
STAGE_ORDER = ("planner", "images", "cast", "style", "keyframes", "video", "sound", "voice",
               "music")


@dataclass(frozen=True)
class EstimateItem:
    """One step of the run: what it would cost now (0 when reused or resumed).

    Attributes:
        stage: ``planner``, ``images``, ``cast`` (character sheets), ``style``, ``keyframes``,
            ``video``, ``sound``, ``voice``, ``music`` (the film's score).
        provider: the provider's name.
        owner: the scene, environment or character id ("" for the plan, ``film`` for the
            score).
        label: how the user knows the owner ("scene 3", "Harbour").
        price: what the step costs when it is made.
        reused: an up-to-date take exists; nothing is paid.
        resumed: its paid job is journalled and is picked up again; nothing more is paid.
        slot: the slot kind it fills (None for the plan).
    """

    stage: str
    provider: str
    owner: str
    label: str
    price: float
    reused: bool = False
    resumed: bool = False
    slot: SlotKind | None = None

    @property
    def cost(self) -> float:
        return 0.0 if self.reused or self.resumed else self.price

    @property
    def paid(self) -> bool:
        return self.cost > 0


@dataclass
class EstimateLine:
    stage: str
    provider: str
    calls: int
    cost: float
    reused: int = 0


@dataclass
class Estimate:
    as_of: str
    lines: list[EstimateLine] = field(default_factory=list)
    items: list[EstimateItem] = field(default_factory=list)
    #: environment id -> the scene labels that use it (for "what would fit")
    scenes_of_environment: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(line.cost for line in self.lines)

    @property
    def paid_items(self) -> list[EstimateItem]:
        return [item for item in self.items if item.paid]

    def stages_to_pay(self) -> set[str]:
        return {item.stage for item in self.paid_items}

    def by_owner(self) -> dict[str, float]:
        """Cost per scene or environment id (only what would be paid)."""
        totals: dict[str, float] = defaultdict(float)
        for item in self.paid_items:
            totals[item.owner] += item.cost
        return dict(totals)

    def table(self) -> str:
        rows = [f"{'stage':<10} {'provider':<11} {'calls':>5} {'reused':>6} {'cost':>9}"]
        rows += [f"{ln.stage:<10} {ln.provider:<11} {ln.calls:>5} {ln.reused:>6} "
                 f"${ln.cost:>8.2f}" for ln in self.lines]
        rows.append(f"{'total':<35} ${self.total:>8.2f}   (prices as of {self.as_of})")
        return "\n".join(rows)

    def _summarise(self) -> None:
        grouped: dict[tuple[str, str], list[EstimateItem]] = {}
        for item in self.items:
            grouped.setdefault((item.stage, item.provider), []).append(item)
        order = {name: index for index, name in enumerate(STAGE_ORDER)}
        self.lines = [
            EstimateLine(stage, provider, calls=sum(1 for i in items if i.paid),
                         cost=sum(i.cost for i in items),
                         reused=sum(1 for i in items if not i.paid))
            for (stage, provider), items in sorted(grouped.items(),
                                                   key=lambda kv: order.get(kv[0][0], 99))
        ]


class _Reuse:
    """Whether a slot's current take would be reused by a run with these providers."""

    def __init__(self, folder: ProjectFolder | None) -> None:
        self._folder = folder
        self._journalled: set[str] = set()
        if folder is not None:
            self._journalled = {e.key for e in folder.journal.entries() if e.remote_id}

    def _exists(self, file: str | None) -> bool:
        if not file:
            return False
        if self._folder is None:
            return True  # no folder to look in: the take records are trusted
        return bool(self._folder.assets.exists(file))

    def usable(self, slot: Slot, provider: Provider) -> bool:
        take = slot.active_take
        if take is None or take.status != "ready" or slot.stale or not self._exists(take.file):
            return False
        if not all(self._exists(p) for p in take.extra_files.values()):
            return False
        return take.provider in (IMPORTED, provider.info.name)

    def resumed(self, slot: Slot) -> bool:
        """A failed take whose paid job is still journalled (a timeout): it is resumed."""
        return any(t.status == "failed" and t.cache_key in self._journalled for t in slot.takes)


def estimate_run(project: Project, providers: ProviderSet, prices: PriceList,
                 *, include_plan: bool = True, folder: ProjectFolder | None = None,
                 reuse: bool = True, skip_locked: bool = False,
                 is_library_style: Callable[[str], bool] | None = None) -> Estimate:
    """Price every step the pipeline would run for ``project``.

    Args:
        include_plan: price a (new) plan too.
        folder: the project's folder, to check that reused takes' files exist and to find
            journalled jobs that would be resumed; None trusts the take records.
        reuse: False prices the run from scratch.
        skip_locked: leave locked scenes out (as "generate all" does).
        is_library_style: says whether an environment's style would come from the user's
            style library (free) when it must be made again.
    """
    settings = project.settings
    est = Estimate(as_of=prices.as_of)
    check = _Reuse(folder)
    items = est.items

    def add(stage: str, provider: Provider, owner: str, label: str, request: Any,
            slot: Slot | None, *, dirty_upstream: bool = False,
            kind: SlotKind | None = None) -> bool:
        """Record one step; returns True when it will be made (paid or not)."""
        price = prices.price_of(provider, request)
        reused = (reuse and slot is not None and not dirty_upstream
                  and check.usable(slot, provider))
        resumed = (not reused and reuse and slot is not None and check.resumed(slot))
        items.append(EstimateItem(stage, provider.info.name, owner, label, price,
                                  reused=reused, resumed=resumed, slot=kind))
        return not reused

    if include_plan:
        add("planner", providers.planner, "", "the plan",
            PlanRequest(project.script, max_scenes=settings.max_scenes,
                        max_environments=settings.max_environments), None)

    scenes = [s for s in project.ordered_scenes if not (skip_locked and s.locked)]
    numbers = {s.id: n for n, s in enumerate(project.ordered_scenes, start=1)}
    used_envs = {s.environment_id for s in scenes}
    styles_made: dict[str, bool] = {}
    for env in project.environments:
        est.scenes_of_environment[env.id] = [f"scene {numbers[s.id]}" for s in scenes
                                             if s.environment_id == env.id]
        if env.id not in used_envs and skip_locked:
            continue
        remade = [add("images", providers.images, env.id, env.name,
                      image_request(settings, env, index), slot, kind=SlotKind.ENV_IMAGE)
                  for index, slot in enumerate(env.images)]
        request = style_request(env, [Path()] * len(env.images))
        style_remade = add("style", providers.style, env.id, env.name, request, env.style,
                           dirty_upstream=any(remade), kind=SlotKind.STYLE)
        if style_remade and is_library_style is not None and is_library_style(env.id):
            last = items[-1]
            items[-1] = EstimateItem(last.stage, last.provider, last.owner, last.label,
                                     last.price, reused=True, slot=last.slot)
        styles_made[env.id] = style_remade

    sheets_made = _sheets(project, scenes, providers, prices, items, add,
                          skip_locked=skip_locked, reuse=reuse)
    blank = Keyframe(path=Path())
    for scene in scenes:
        env = project.environment(scene.environment_id)
        label = f"scene {numbers[scene.id]}"
        cast_dirty = any(sheets_made.get(m.character_id, False) for m in scene.cast)
        frames_remade = _keyframes(scene, env, project, providers, settings, styles_made,
                                   add, label, cast_dirty)
        add("video", providers.video, scene.id, label,
            clip_request(settings, scene, env, blank, blank), scene.slots[SlotKind.CLIP],
            dirty_upstream=frames_remade, kind=SlotKind.CLIP)
        add("sound", providers.sound, scene.id, label, sound_request(scene, env),
            scene.slots[SlotKind.SFX], kind=SlotKind.SFX)
        if scene.narration.strip() or scene.dialogue:
            add("voice", providers.voice, scene.id, label,
                narration_request(settings, scene, narration_window(scene.duration),
                                  project.characters),
                scene.slots[SlotKind.NARRATION], kind=SlotKind.NARRATION)
    settings_music = project.music_settings
    if providers.music is not None and project.scenes and settings_music.enabled \
            and not settings_music.locked:
        add("music", providers.music, FILM, "the score", music_request(project),
            project.music, kind=SlotKind.MUSIC)
    est._summarise()
    return est


def music_request(project: Project) -> Any:
    """The request the music step sends: the film's scenes, in order, as score sections."""
    from vidstudio.providers.local.music import MusicRequest, sections_of

    return MusicRequest(tuple(sections_of(project)),
                        tuple(s.id for s in project.ordered_scenes))


def _sheets(project: Project, scenes: list[Scene], providers: ProviderSet, prices: PriceList,
            items: list[EstimateItem], add: Callable[..., bool], *, skip_locked: bool,
            reuse: bool) -> dict[str, bool]:
    """Price the character sheets the run makes (jobs/cast_steps.py); character id -> whether
    any of its sheet images is made again. A slot holding the user's photo is kept."""
    made: dict[str, bool] = {}
    if not draws_sheets(providers.images, providers.keyframes):
        return made
    for character in characters_to_sheet(project, scenes, skip_locked=skip_locked):
        remade = False
        for index, slot in enumerate(character.sheet):
            request = character_image_request(project.settings, character, index)
            active = slot.active_take
            if reuse and active is not None and active.provider == IMPORTED \
                    and active.status == "ready":
                items.append(EstimateItem("cast", providers.images.info.name, character.id,
                                          character.name,
                                          prices.price_of(providers.images.info, request),
                                          reused=True, slot=SlotKind.CHARACTER_IMAGE))
                continue
            remade |= add("cast", providers.images, character.id, character.name, request,
                          slot, kind=SlotKind.CHARACTER_IMAGE)
        made[character.id] = remade
    return made


def _keyframes(scene: Scene, env: Any, project: Project, providers: ProviderSet,
               settings: Any, styles_made: dict[str, bool],
               add: Callable[..., bool], label: str, cast_dirty: bool = False) -> bool:
    """Price a scene's two keyframes; True when either is made again (their style or a
    sheet of their cast is made again too)."""
    style_dirty = styles_made.get(env.id, False) or cast_dirty
    continues = bool(getattr(scene, "continue_previous", False)) and \
        project.ordered_scenes[0].id != scene.id
    first_remade = False
    if not continues:
        first_remade = add(
            "keyframes", providers.keyframes, scene.id, label,
            keyframe_request(settings, scene, env, SlotKind.FIRST_FRAME, None, {}, []),
            scene.slots[SlotKind.FIRST_FRAME], dirty_upstream=style_dirty,
            kind=SlotKind.FIRST_FRAME)
    # The last keyframe is drawn from the first one, so it follows it.
    last_remade = add(
        "keyframes", providers.keyframes, scene.id, label,
        keyframe_request(settings, scene, env, SlotKind.LAST_FRAME, None, {}, []),
        scene.slots[SlotKind.LAST_FRAME], dirty_upstream=style_dirty or first_remade,
        kind=SlotKind.LAST_FRAME)
    return first_remade or last_remade


def estimate_regenerate(project: Project, providers: ProviderSet, prices: PriceList,
                        owner: str, kind: SlotKind) -> Estimate:
    """Price a regenerate of one slot (always made anew) and what it brings along: a new
    environment image retrains the style; a new keyframe makes the clip again; a new sheet
    image draws the keyframes of the scenes showing its character again."""
    settings = project.settings
    est = Estimate(as_of=prices.as_of)

    def item(stage: str, provider: Provider, who: str, label: str, request: Any,
             slot_kind: SlotKind) -> None:
        est.items.append(EstimateItem(stage, provider.info.name, who, label,
                                      prices.price_of(provider, request), slot=slot_kind))

    if kind is SlotKind.CHARACTER_IMAGE:
        character = project.character(owner)
        item("cast", providers.images, character.id, character.name,
             character_image_request(settings, character, 0), kind)
        for number, scene in enumerate(project.ordered_scenes, start=1):
            if any(m.character_id == owner for m in scene.cast):
                env = project.environment(scene.environment_id)
                for frame in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME):
                    item("keyframes", providers.keyframes, scene.id, f"scene {number}",
                         keyframe_request(settings, scene, env, frame, None, {}, []), frame)
    elif kind is SlotKind.MUSIC:
        if providers.music is not None:  # the offline composer costs nothing
            item("music", providers.music, FILM, "the score", music_request(project), kind)
    elif kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
        env = project.environment(owner)
        if kind is SlotKind.ENV_IMAGE:
            item("images", providers.images, env.id, env.name,
                 image_request(settings, env, 0), SlotKind.ENV_IMAGE)
        item("style", providers.style, env.id, env.name,
             style_request(env, [Path()] * len(env.images)), SlotKind.STYLE)
    else:
        scene = project.scene(owner)
        env = project.environment(scene.environment_id)
        number = [s.id for s in project.ordered_scenes].index(scene.id) + 1
        label = f"scene {number}"
        blank = Keyframe(path=Path())
        if kind in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME):
            item("keyframes", providers.keyframes, scene.id, label,
                 keyframe_request(settings, scene, env, kind, None, {}, []), kind)
        if kind in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP):
            item("video", providers.video, scene.id, label,
                 clip_request(settings, scene, env, blank, blank), SlotKind.CLIP)
        if kind is SlotKind.SFX:
            item("sound", providers.sound, scene.id, label, sound_request(scene, env), kind)
        if kind is SlotKind.NARRATION:
            item("voice", providers.voice, scene.id, label,
                 narration_request(settings, scene, narration_window(scene.duration),
                                   project.characters), kind)
    est._summarise()
    return est


def stage_provider(providers: ProviderSet, stage: str) -> Provider | None:
    """The provider that serves an estimate's stage label (None: no composer for ``music``)."""
    table: dict[str, Provider | None] = {
        "planner": providers.planner, "images": providers.images, "cast": providers.images,
        "style": providers.style,
        "keyframes": providers.keyframes, "video": providers.video, "sound": providers.sound,
        "voice": providers.voice, "music": providers.music,
    }
    return table[stage]


__all__ = ["Estimate", "EstimateItem", "EstimateLine", "Stage", "estimate_regenerate",
           "estimate_run", "stage_provider"]
