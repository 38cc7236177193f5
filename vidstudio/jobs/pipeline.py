"""The generation pipeline: the slots of a planned project filled by their providers.

Per environment: 10 images, then a style model. Per character in frame: its sheet images
(jobs/cast_steps.py). Per scene: narration first (it may lengthen the scene), then the sound bed
and the two keyframes (after the environment's style and the sheets of the scene's cast), then
the clip.
Independent steps run concurrently; the JobManager limits CPU work per core and each cloud
provider by its own concurrency.

Each step is keyed by ``cache_key`` of its inputs. An unchanged step reuses its take; a regenerate
uses a new seed, adds a new take (earlier ones are kept) and, through the changed upstream take
id, makes exactly its dependents run again. A provider's expected failure ends that step (and its
dependents) with a failed take carrying the message, while other scenes go on.

One writer: a run never touches model objects. It reads the project through a narrow port
(jobs/port.py) and hands every result back through it as a command (AddTake, MarkFresh,
EditScene); the session behind the port applies it into the owning job's transaction, emits
the change event and schedules the save. The run never imports the session. Run state
(progress, stats) lives on the ``PipelineRun`` of one owning job, so two runs at once report
separately; its money goes through the ``Budget`` it is handed (one step: jobs/steps.py).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.core.commands import EditScene
from vidstudio.core.consistency import PREVIOUS_CLIP, SHEET, STYLE, content_of
from vidstudio.core.deps import FILM, SlotRef, slot_at
from vidstudio.core.timeline import narration_window
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.cast_steps import SheetSteps
from vidstudio.jobs.continuity import ContinuityFrames, ContinuityRequest
from vidstudio.jobs.requests import (
    cast_in_shot,
    clip_request,
    image_request,
    keyframe_of,
    keyframe_request,
    narration_request,
    sound_request,
    style_request,
)
from vidstudio.jobs.steps import PipelineStats, ProgressFn, StepFailure
from vidstudio.providers.base import MediaResult, MusicRequest, Provider
from vidstudio.storage.style_library import StyleLibrary

if TYPE_CHECKING:
    from collections.abc import Awaitable, Mapping

    from vidstudio.core.models import Environment, Scene, Take
    from vidstudio.jobs.manager import Job
    from vidstudio.jobs.port import ProjectPort, RunServices
    from vidstudio.providers.registry import ProviderSet

__all__ = ["PipelineRun", "PipelineStats", "StepFailure", "provider_of"]

log = logging.getLogger(__name__)


class PipelineRun(SheetSteps):
    """One owning job's pass over the project (generate all, or one regenerate).

    Threading: the event loop's thread only. Created by the session for one job; not reused.
    """

    def __init__(self, port: ProjectPort, services: RunServices, owner: Job | None = None, *,
                 progress: ProgressFn | None = None, skip_locked: bool = False) -> None:
        super().__init__(port, services, owner, progress=progress)
        self.skip_locked = skip_locked
        self._clips: dict[str, asyncio.Future[Take | None]] = {}

    # ----------------------------------------------------------------------- the graph
    def _scenes(self) -> list[Scene]:
        scenes: list[Scene] = self.project.ordered_scenes
        if self.skip_locked:
            scenes = [s for s in scenes if not s.locked]
        return scenes

    def _count_steps(self) -> int:
        per_env = sum(len(env.images) + 1 for env in self.project.environments)
        per_scene = sum(4 + bool(s.narration.strip() or s.dialogue) for s in self._scenes())
        return per_env + self._sheet_steps(self._scenes()) + per_scene + self._scores()

    async def run(self) -> PipelineStats:
        """Fill every slot of the project (reusing what is up to date)."""
        self._steps_total = self._count_steps()
        self._steps_done = 0
        styles: dict[str, asyncio.Future[Take | None]] = {}
        loop = asyncio.get_running_loop()
        self._clips = {s.id: loop.create_future() for s in self._scenes()}
        async with asyncio.TaskGroup() as group:
            # Sheets first: they are few, and every keyframe of their characters waits on them.
            sheets = self._start_sheets(group, self._scenes())
            for env in self.project.environments:
                styles[env.id] = group.create_task(self._environment(env.id))
            for scene in self._scenes():
                group.create_task(self._scene(scene.id, styles[scene.environment_id], sheets))
        if self._scores():
            await self._music()  # after the scenes: narration may have lengthened them
        return self.stats

    def _scores(self) -> bool:
        settings = self.project.music_settings
        return (self.providers.music is not None and settings.enabled and not settings.locked
                and bool(self.project.scenes))

    async def _music(self, seed: int | None = None) -> Take | None:
        """The film's score, cut to the scenes as they are now."""
        from vidstudio.providers.local.music import sections_of

        composer = self.providers.music
        request = MusicRequest(tuple(sections_of(self.project)),
                               tuple(s.id for s in self.project.ordered_scenes))
        if self.project.music_settings.score_from == "picture":
            clips = [await self._clip_of(scene_id) for scene_id in request.scenes]
            if any(clip is None or not clip.file for clip in clips):
                self.stats.failures.append(StepFailure(
                    SlotRef(FILM, SlotKind.MUSIC), "Score", "scoring from the picture needs "
                    "every scene's clip; make the missing clips first"))
                self._steps_done += 1
                return None
            request = await self._picture_request(request, [c for c in clips if c])
        return await self._step(
            ref=SlotRef(FILM, SlotKind.MUSIC), title="Score", stage="music", provider=composer,
            request=request, call=composer.compose_music, upstream={}, seed=seed)

    async def _picture_request(self, request: MusicRequest, clips: list[Take]) -> MusicRequest:
        """``request`` scored from the picture: the ready clips joined in film order, each cut
        to its scene's length (an ffconcat script, as the export joins them)."""
        import dataclasses
        import hashlib

        from vidstudio.export.video import concat_list

        script = concat_list([self.folder.assets.resolve(c.file or "") for c in clips],
                             [s.duration for s in request.sections])
        name = hashlib.sha256(script.encode()).hexdigest()[:16]
        path = self.folder.cache_dir / "picture" / f"{name}.ffconcat"

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(script, encoding="utf-8")

        await asyncio.to_thread(write)
        return dataclasses.replace(request, picture=path,
                                   clips=tuple(content_of(c) for c in clips))

    def _style_failed(self, env_id: str) -> bool:
        style = self.project.environment(env_id).style
        return (self.providers.style.capabilities.paid and style.active_take is None
                and bool(style.takes) and style.takes[-1].status == "failed")

    async def _environment(self, env_id: str) -> Take | None:
        env = self.project.environment(env_id)
        images = await asyncio.gather(
            *(self._env_image(env.id, index) for index in range(len(env.images)))
        )
        ready = [t for t in images if t is not None]
        if not ready:
            return None
        return await self._style(env.id, ready)

    async def _style(self, env_id: str, ready: list[Take]) -> Take | None:
        env = self.project.environment(env_id)
        request = style_request(env, [self.folder.assets.resolve(t.file or "") for t in ready])
        style = self.providers.style
        library = self.services.style_library
        library_key = StyleLibrary.key(style.info.name, style.info.model,
                                       [Path(t.file or "").stem for t in ready])

        def from_library() -> MediaResult | None:
            if not style.capabilities.paid:
                return None  # free styles are simply made again
            found = library.find(library_key)
            if found is None:
                return None
            copy = self.folder.call_dir(f"library-{library_key}") / found.path.name
            shutil.copyfile(found.path, copy)
            # The library's cost and job id: the step counts that cost only when this very
            # training was paid by a run that died before saving its take (steps.py).
            return MediaResult(copy, model=style.info.model, cost=found.paid,
                               remote_id=found.remote_id,
                               metadata={**found.metadata, "reused_from_library": True})

        take = await self._step(
            ref=SlotRef(env.id, SlotKind.STYLE), title=env.name, stage="style",
            provider=style, request=request, call=style.train_style,
            upstream={f"image:{i}": content_of(t) for i, t in enumerate(ready)},
            reuse=from_library,
        )
        if (take is not None and take.file and style.capabilities.paid
                and not take.metadata.get("reused_from_library")):
            library.remember(library_key, self.folder.assets.resolve(take.file), take.metadata,
                             paid=take.cost, remote_id=take.provider_job_id)
        return take

    async def _env_image(self, env_id: str, index: int, seed: int | None = None
                         ) -> Take | None:
        env: Environment = self.project.environment(env_id)
        request = image_request(self.project.settings, env, index)
        return await self._step(
            ref=SlotRef(env.id, SlotKind.ENV_IMAGE, index),
            title=f"{env.name} #{index + 1}", stage="env_image", provider=self.providers.images,
            request=request, call=self.providers.images.generate_image, upstream={}, seed=seed,
        )

    async def _scene(self, scene_id: str, style: Awaitable[Take | None],
                     sheets: Mapping[str, asyncio.Task[list[Take | None]]]) -> None:
        clip: Take | None = None
        try:
            await self._narration(scene_id)
            styled = await style
            env_id = self.project.scene(scene_id).environment_id
            unsheeted = await self._await_sheets(scene_id, sheets)
            why = ("its environment's style could not be made"
                   if styled is None and self._style_failed(env_id) else
                   f"{unsheeted}'s character sheet could not be made" if unsheeted else "")
            if why:
                # Keyframes made without their style or sheet would be paid for again once it
                # exists.
                self.stats.failures.append(StepFailure(
                    SlotRef(scene_id, SlotKind.FIRST_FRAME), self.project.scene(scene_id).title,
                    f"not started: {why}"))
                await self._sound(scene_id)
                return
            async with asyncio.TaskGroup() as group:
                group.create_task(self._sound(scene_id))
                frames = group.create_task(self._keyframes(scene_id, styled))
            first, last = frames.result()
            clip = await self._clip(scene_id, first, last)
        finally:
            future = self._clips.get(scene_id)
            if future is not None and not future.done():
                future.set_result(clip)

    async def _narration(self, scene_id: str, seed: int | None = None) -> Take | None:
        scene: Scene = self.project.scene(scene_id)
        if not (scene.narration.strip() or scene.dialogue):
            return None
        take = await self._narration_once(scene_id, seed)
        overflow = float(take.metadata.get("overflow_seconds", 0.0)) if take else 0.0
        if take is not None and overflow > 0 and self.project.scene(scene_id).duration < 9:
            # The speech does not fit even sped up: the scene takes the long duration.
            log.info("%s: narration needs %.1f s more; using 9 s", scene.title, overflow)
            self.port.apply(EditScene(scene_id, "duration", 9, user=False,
                                      label="Lengthen scene to fit its narration"))
            self._steps_total += 1
            take = await self._narration_once(scene_id, seed)
        return take

    async def _narration_once(self, scene_id: str, seed: int | None) -> Take | None:
        scene = self.project.scene(scene_id)
        request = narration_request(self.project.settings, scene, narration_window(scene.duration),
                                    self.project.characters)
        return await self._step(
            ref=SlotRef(scene.id, SlotKind.NARRATION), title=scene.title, stage="narration",
            provider=self.providers.voice, request=request, call=self.providers.voice.narrate,
            upstream={}, seed=seed,
        )

    async def _sound(self, scene_id: str, seed: int | None = None) -> Take | None:
        scene = self.project.scene(scene_id)
        env = self.project.environment(scene.environment_id)
        return await self._step(
            ref=SlotRef(scene.id, SlotKind.SFX), title=scene.title, stage="sfx",
            provider=self.providers.sound, request=sound_request(scene, env),
            call=self.providers.sound.generate_sound, upstream={}, seed=seed,
        )

    async def _keyframes(self, scene_id: str, style: Take | None, seed: int | None = None
                         ) -> tuple[Take | None, Take | None]:
        """The first keyframe, then the last one conditioned on it (same seed family, and the
        first frame as a reference), so a shot's subject stays itself from start to end."""
        scene = self.project.scene(scene_id)
        if scene.continue_previous and (previous := self._previous(scene_id)) is not None:
            first = await self._continuity(scene_id, previous)
        else:
            first = await self._keyframe(scene_id, style, SlotKind.FIRST_FRAME, seed)
        last = await self._keyframe(scene_id, style, SlotKind.LAST_FRAME, seed, first=first)
        return first, last

    async def _keyframe(self, scene_id: str, style: Take | None, kind: SlotKind,
                        seed: int | None = None, first: Take | None = None) -> Take | None:
        scene = self.project.scene(scene_id)
        env = self.project.environment(scene.environment_id)
        refs = [self.folder.assets.resolve(s.active_take.file or "")
                for s in env.images[:3] if s.active_take is not None and s.active_take.file]
        upstream = {STYLE: content_of(style)} if style else {}
        if first is not None and first.file:
            refs.insert(0, self.folder.assets.resolve(first.file))
            upstream[SlotKind.FIRST_FRAME.value] = content_of(first)
        style_path = self.folder.assets.resolve(style.file) if style and style.file else None
        cast = cast_in_shot(self.project, scene, self.folder.assets.resolve)
        for member in scene.cast:
            for index, slot in enumerate(self.project.character(member.character_id).sheet):
                if (sheet := slot.active_take) is not None and sheet.status == "ready":
                    upstream[f"{SHEET}{member.character_id}:{index}"] = content_of(sheet)
        request = keyframe_request(self.project.settings, scene, env, kind, style_path,
                                   style.metadata if style else {}, refs, cast)
        return await self._step(
            ref=SlotRef(scene.id, kind), title=scene.title, stage=kind.value,
            provider=self.providers.keyframes, request=request,
            call=self.providers.keyframes.generate_image, upstream=upstream, seed=seed,
        )

    async def _regenerate_sheet_image(self, ref: SlotRef, seed: int) -> Take | None:
        """A new sheet image; then the keyframes of the scenes showing the character are
        drawn again with it (their clips go stale, as after any keyframe edit)."""
        take = await self._character_image(ref.owner, ref.index or 0, seed)
        if take is None or take.status != "ready":
            return take
        scenes = [s for s in self.project.ordered_scenes
                  if any(m.character_id == ref.owner for m in s.cast)]
        self._steps_total += 2 * len(scenes) - 1
        await asyncio.gather(*(
            self._keyframes(s.id, self.project.environment(s.environment_id).style.active_take)
            for s in scenes))
        return take

    def _previous(self, scene_id: str) -> Scene | None:
        ordered: list[Scene] = self.project.ordered_scenes
        index = [str(s.id) for s in ordered].index(scene_id)
        return ordered[index - 1] if index > 0 else None

    async def _continuity(self, scene_id: str, previous: Scene) -> Take | None:
        """A continuous shot: this scene's first keyframe is the previous clip's last frame."""
        clip = await self._clip_of(previous.id)
        if clip is None or not clip.file:
            self.stats.failures.append(StepFailure(
                SlotRef(scene_id, SlotKind.FIRST_FRAME), self.project.scene(scene_id).title,
                "continues the previous shot, which has no clip yet"))
            self._steps_done += 1
            return None
        source = self.folder.assets.resolve(clip.file)
        maker = ContinuityFrames()
        return await self._step(
            ref=SlotRef(scene_id, SlotKind.FIRST_FRAME), title=self.project.scene(scene_id).title,
            stage="first_frame", provider=maker, request=ContinuityRequest(source),
            call=maker.generate_image, upstream={PREVIOUS_CLIP: content_of(clip)}, seed=0,
        )

    async def _clip_of(self, scene_id: str) -> Take | None:
        """The previous scene's clip: the one this run makes, else the one in use."""
        future = self._clips.get(scene_id)
        if future is not None:
            return await asyncio.shield(future)
        take: Take | None = self.project.scene(scene_id).slots[SlotKind.CLIP].active_take
        return take if take is not None and take.status == "ready" else None

    async def _clip(self, scene_id: str, first: Take | None, last: Take | None,
                    seed: int | None = None) -> Take | None:
        if first is None or last is None:
            self._steps_done += 1
            return None
        scene = self.project.scene(scene_id)
        request = clip_request(
            self.project.settings, scene, self.project.environment(scene.environment_id),
            keyframe_of(first, self.folder.assets.resolve),
            keyframe_of(last, self.folder.assets.resolve),
        )
        return await self._step(
            ref=SlotRef(scene.id, SlotKind.CLIP), title=scene.title, stage="clip",
            provider=self.providers.video, request=request,
            call=self.providers.video.generate_clip,
            upstream={SlotKind.FIRST_FRAME.value: content_of(first),
                      SlotKind.LAST_FRAME.value: content_of(last)},
            seed=seed,
        )

    # ---------------------------------------------------------------------- regenerate
    async def regenerate(self, ref: SlotRef) -> Take | None:
        """A new take of one slot with a new seed; then its dependents are brought up to date.

        Earlier takes are kept; the new take becomes active when it succeeds.
        """
        slot = slot_at(self.project, ref)
        seed = max((t.seed for t in slot.takes), default=self.project.settings.seed) + 1
        self._steps_total = 2
        self._steps_done = 0
        if ref.kind is SlotKind.ENV_IMAGE:
            take = await self._env_image(ref.owner, ref.index or 0, seed)
            env = self.project.environment(ref.owner)
            ready = [s.active_take for s in env.images
                     if s.active_take is not None and s.active_take.status == "ready"]
            if take is not None and ready:
                await self._style(env.id, ready)
            return take
        if ref.kind is SlotKind.STYLE:
            raise ValueError("a style is made again by regenerating one of its images")
        if ref.kind is SlotKind.CHARACTER_IMAGE:
            return await self._regenerate_sheet_image(ref, seed)
        if ref.kind is SlotKind.MUSIC:
            return await self._music(seed)
        scene = self.project.scene(ref.owner)
        env = self.project.environment(scene.environment_id)
        style = env.style.active_take
        if ref.kind is SlotKind.NARRATION:
            return await self._narration(scene.id, seed)
        if ref.kind is SlotKind.SFX:
            return await self._sound(scene.id, seed)
        if ref.kind in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME):
            # Both keyframes of the shot in one seed family: a new first frame brings a last
            # frame of the same subject (never a black cat that ends brown).
            self._steps_total += 1
            first, last = await self._keyframes(scene.id, style, seed)
            take = first if ref.kind is SlotKind.FIRST_FRAME else last
            if first is not None and last is not None:
                self._steps_total += 1
                await self._clip(scene.id, first, last)
            return take
        first = scene.slots[SlotKind.FIRST_FRAME].active_take
        last = scene.slots[SlotKind.LAST_FRAME].active_take
        if first is None or last is None:
            self.stats.failures.append(StepFailure(
                ref, scene.title, "a clip is made from its scene's two keyframes, and this "
                "scene has none yet: regenerate its first keyframe (or Generate all) first"))
            return None
        return await self._clip(scene.id, first, last, seed)


def provider_of(providers: ProviderSet, kind: SlotKind) -> Provider:
    """The provider that fills a slot of ``kind``."""
    found: Provider = {
        SlotKind.ENV_IMAGE: providers.images, SlotKind.STYLE: providers.style,
        SlotKind.FIRST_FRAME: providers.keyframes, SlotKind.LAST_FRAME: providers.keyframes,
        SlotKind.CLIP: providers.video, SlotKind.SFX: providers.sound,
        SlotKind.NARRATION: providers.voice, SlotKind.CHARACTER_IMAGE: providers.images,
        SlotKind.MUSIC: providers.music}[kind]
    return found
