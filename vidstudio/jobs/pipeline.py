"""The generation pipeline: the slots of a planned project filled by their providers.

Per environment: 10 images, then a style model. Per scene: narration first (it may lengthen the
scene), then the sound bed and the two keyframes (after the environment's style), then the clip.
Independent steps run concurrently; the JobManager limits CPU work per core and each cloud
provider by its own concurrency.

Each step is keyed by ``cache_key`` of its inputs. An unchanged step reuses its take; a regenerate
uses a new seed, adds a new take (earlier ones are kept) and, through the changed upstream take
id, makes exactly its dependents run again. A provider's expected failure ends that step (and its
dependents) with a failed take carrying the message, while other scenes go on.

One writer: a run never touches model objects. It reads the session's project and hands every
result to the session as a command (AddTake, MarkFresh, EditScene), which applies it, emits the
change event and schedules the save. Run state (progress, stats) lives on the ``PipelineRun``
of one owning job, so two runs at once report separately.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.commands import AddTake, EditScene, MarkFresh, RecordSpend, slot_at
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Environment, LedgerEntry, Scene, Slot, Take
from vidstudio.core.timeline import narration_window
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.cache import cache_key, canonical
from vidstudio.jobs.manager import Job, JobReporter, JobState
from vidstudio.jobs.requests import (
    clip_request,
    image_request,
    keyframe_of,
    keyframe_request,
    narration_request,
    sound_request,
    style_request,
)
from vidstudio.jobs.retry import call_with_retry
from vidstudio.providers.base import CallContext, MediaResult, Provider, ProviderError
from vidstudio.storage.style_library import StyleLibrary

if TYPE_CHECKING:
    from vidstudio.jobs.session import ProjectSession

log = logging.getLogger(__name__)

IMPORTED = "import"  # the provider name of a take made from the user's own file

ProgressFn = Callable[[float, str], None]


@dataclass(frozen=True)
class StepFailure:
    ref: SlotRef
    title: str
    message: str


@dataclass
class PipelineStats:
    generated: int = 0
    reused: int = 0
    cost: float = 0.0
    failures: list[StepFailure] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what a provider wants the user to know
    cancelled: bool = False
    repeated: list[SlotRef] = field(default_factory=list)  # made again, byte for byte


class PipelineRun:
    """One owning job's pass over the project (generate all, or one regenerate).

    Threading: the event loop's thread only. Created by the session; not reused.
    """

    def __init__(
        self,
        session: ProjectSession,
        owner: Job | None = None,
        *,
        progress: ProgressFn | None = None,
        budget: float | None = None,
        skip_locked: bool = False,
    ) -> None:
        self.session = session
        self.owner = owner
        self.stats = PipelineStats()
        self._progress = progress
        self._steps_total = 0
        self._steps_done = 0
        self._running: set[Job] = set()
        self.budget = budget
        self.skip_locked = skip_locked
        self._clips: dict[str, asyncio.Future[Take | None]] = {}
        self._journalled: set[str] | None = None  # keys in the journal when the run began

    @property
    def project(self) -> Any:
        return self.session.project

    @property
    def folder(self) -> Any:
        return self.session.folder

    @property
    def providers(self) -> Any:
        return self.session.providers

    # ---------------------------------------------------------------------- bookkeeping
    def _seed_for(self, slot: Slot) -> int:
        active = slot.active_take
        return active.seed if active is not None else self.project.settings.seed

    def _report(self, message: str) -> None:
        if self._progress is None or self._steps_total == 0:
            return
        running = sum(j.progress for j in self._running)
        self._progress(min(1.0, (self._steps_done + running) / self._steps_total), message)

    async def _intact(self, take: Take) -> bool:
        """The take's files are there and their bytes match their hashes (checked off the
        loop; unchanged files answer from the store's cache without hashing again)."""
        assets = self.folder.assets
        files = [take.file, *take.extra_files.values()]
        if not all(assets.exists(f) for f in files):
            return False
        return all(await asyncio.gather(*(asyncio.to_thread(assets.verify, f)
                                          for f in files if f)))

    async def _reuse(self, ref: SlotRef, slot: Slot, key: str) -> Take | None:
        active = slot.active_take
        if (active is not None and active.provider == IMPORTED and not slot.stale
                and active.status == "ready" and await self._intact(active)):
            return active  # the user's own file stays until they replace it or it goes stale
        for take in [t for t in [slot.active_take] if t] + list(reversed(slot.takes)):
            if take.status == "ready" and take.cache_key == key and await self._intact(take):
                slot = slot_at(self.project, ref)  # the project may have moved on meanwhile
                if slot.active != take.id or slot.stale:
                    self.session.apply(MarkFresh(ref, take.id), cause="job", job=self.owner)
                self._settle_journal(key)
                return take
        return None

    def _settle_journal(self, key: str) -> None:
        """A step whose take is already saved needs no journal entry: one left by a run that
        died between its save and its clean-up goes once this project is saved again."""
        if self._journalled is None:
            self._journalled = {e.key for e in self.folder.journal.entries()}
        if key in self._journalled:
            self._journalled.discard(key)
            journal = self.folder.journal
            self.session.after_save(lambda: journal.forget(key))

    # -------------------------------------------------------------------------- one step
    async def _step(
        self,
        *,
        ref: SlotRef,
        title: str,
        stage: str,
        provider: Provider,
        request: Any,
        call: Callable[[Any, Any], Awaitable[MediaResult]],
        upstream: list[str],
        seed: int | None = None,
        reuse: Callable[[], MediaResult | None] | None = None,
    ) -> Take | None:
        """Reuse or generate the take for one slot; None if the provider failed.

        ``reuse`` may supply a result made earlier elsewhere (a trained style from the user's
        library) before anything is paid.
        """
        # Another job generating this slot: wait for it, then see whether its take fits.
        await self.session.wait_for_slot(ref, self.owner)
        slot = slot_at(self.project, ref)
        seed = self._seed_for(slot) if seed is None else seed
        # The slot's own address is part of the key: two scenes with identical inputs still
        # own separate takes (and separate journal entries and scratch folders).
        key = cache_key(f"{stage}@{ref.owner}/{ref.index or 0}", provider.info.name,
                        provider.info.model, request, upstream, seed)
        found = await self._reuse(ref, slot, key)
        if found is not None:
            self.stats.reused += 1
            self._steps_done += 1
            return found

        with self.session.claim_slot(ref, self.owner):
            return await self._generate(ref=ref, title=title, stage=stage, provider=provider,
                                        request=request, call=call, key=key, seed=seed,
                                        reuse=reuse)

    async def _generate(self, *, ref: SlotRef, title: str, stage: str, provider: Provider,
                        request: Any, call: Callable[[Any, Any], Awaitable[MediaResult]],
                        key: str, seed: int,
                        reuse: Callable[[], MediaResult | None] | None) -> Take | None:
        session = self.session
        if reuse is not None and (found := reuse()) is not None:
            take = await self._store(found, provider, request, seed, key,
                                     remote_id=found.remote_id)
            session.apply(AddTake(ref, take), cause="job", job=self.owner)
            self.stats.reused += 1
            self._steps_done += 1
            self._settle_journal(key)  # a training a crash left journalled is done with
            return take

        journal = self.folder.journal
        entry = await asyncio.to_thread(journal.get, key)  # reads the file: off the loop
        price = 0.0 if entry and entry.remote_id else session.prices.price_of(provider.info,
                                                                               request)
        over = self.budget is not None and (
            self.stats.cost + session.committed_spend + price > self.budget + 1e-9
        )
        if price > 0 and over and self.budget is not None:
            message = (f"not started: it would cost about ${price:.2f} and the budget of "
                       f"${self.budget:.2f} has ${self.budget - self.stats.cost:.2f} left")
            self.stats.failures.append(StepFailure(ref, title, message))
            self._steps_done += 1
            return None
        session.committed_spend += price
        started = datetime.now(UTC).isoformat()

        async def work(reporter: JobReporter) -> MediaResult:
            def progress(fraction: float, message: str) -> None:
                reporter(fraction, message)
                self._report(message or f"{title}: {stage}")

            def remember(remote_id: str) -> None:
                journal.remember(key, provider.info.name, remote_id, started)
                # A retry after a timeout or a dropped connection resumes this job.
                ctx.resume_remote_id = remote_id
                ctx.submitted_since = None

            ctx = CallContext(
                work_dir=self.folder.call_dir(key),
                seed=seed,
                progress=progress,
                resume_remote_id=entry.remote_id if entry and entry.remote_id else None,
                remember_remote_id=remember,
                # An entry without an id: a run died between submitting and journalling.
                submitted_since=entry.started if entry and not entry.remote_id else None,
                mark_submitting=lambda: journal.remember(key, provider.info.name, "", started),
            )

            def retried(attempt: int, error: ProviderError, wait: float) -> None:
                log.warning("%s: %s; retry %d in %.1f s", title, session.redact(str(error)),
                            attempt, wait)

            return await call_with_retry(
                lambda: call(request, ctx), session.retry, on_retry=retried
            )

        cloud = provider.info.kind == "cloud"
        job = session.manager.submit(
            work, f"{title}: {stage.replace('_', ' ')}", group=ref.owner,
            resource="net" if cloud else "cpu", kind="step", subject=ref,
            provider=provider.info.name, parent=self.owner,
            limit=(provider.info.name, provider.capabilities.concurrency) if cloud else None,
        )
        self._running.add(job)
        try:
            assert job.task is not None
            result: MediaResult = await job.task
        except ProviderError as error:
            if not error.retryable:
                # A failed or refused job is over at the provider: the next run starts afresh
                # instead of resuming it. A timeout keeps its entry, since the job goes on.
                journal.forget(key)
            message = session.redact(str(error))
            job.outcome = message
            failed = Take(provider=provider.info.name, model=provider.info.model, seed=seed,
                          status="failed", error=message, cache_key=key)
            session.apply(AddTake(ref, failed, activate=False), cause="job", job=self.owner)
            self.stats.failures.append(StepFailure(ref, title, message))
            return None
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if job.state is JobState.CANCELLED and current is not None \
                    and not current.cancelling():
                # The user cancelled this one step: it ends here, the run goes on.
                self.stats.failures.append(StepFailure(ref, title, "cancelled"))
                return None
            raise
        finally:
            if job.state is not JobState.SUCCEEDED:
                session.committed_spend -= price  # nothing was bought after all
            self._running.discard(job)
            self._steps_done += 1
            self._report(f"{title}: {stage}")

        try:
            take = await self._store(result, provider, request, seed, key,
                                     remote_id=result.remote_id)
        finally:
            # Spent money moves from "in flight" to the run's cost with no await between, so
            # a concurrent step never sees it in neither place and overshoots the budget.
            session.committed_spend -= price
            self.stats.cost += max(result.cost, price if result.cost == 0 else 0.0)
        if take.cost == 0 and price:
            take = take.model_copy(update={"cost": price})  # the provider did not say
        if take.cost and self.owner is not None:
            session.manager.add_cost(self.owner, take.cost)
        if take.cost > 0:
            owner = (self.project.environment(ref.owner).name
                     if ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE)
                     else self.project.scene(ref.owner).title)
            session.apply(RecordSpend(LedgerEntry(
                provider=provider.info.name, model=take.model, stage=stage, owner=ref.owner,
                owner_name=owner, take_id=take.id, amount=take.cost,
                estimated=result.cost == 0)), cause="job", job=self.owner)
        twin = _same_content(slot_at(self.project, ref), take)
        if twin is not None:
            # The provider cannot vary this step: the same bytes again. No duplicate take.
            session.apply(MarkFresh(ref, twin.id), cause="job", job=self.owner)
            self.stats.repeated.append(ref)
            take = twin
        else:
            session.apply(AddTake(ref, take), cause="job", job=self.owner)

        def cleanup() -> None:
            # Only once the take is on disk is the paid job's id no longer needed.
            journal.forget(key)
            with contextlib.suppress(OSError):
                shutil.rmtree(self.folder.work_dir / key)

        session.after_save(cleanup)
        self.stats.generated += 1
        notice = take.metadata.get("notice")
        if notice and str(notice) not in self.stats.notices:
            self.stats.notices.append(str(notice))
        return take

    async def _store(self, result: MediaResult, provider: Provider, request: Any, seed: int,
                     key: str, remote_id: str | None) -> Take:
        assets = self.folder.assets

        def add_all() -> tuple[str, dict[str, str]]:  # hashing and moving: off the loop
            extra = {name: assets.add(path) for name, path in result.extra_files.items()}
            return assets.add(result.path), extra

        main, extra = await asyncio.to_thread(add_all)
        return Take(
            file=main,
            extra_files=extra,
            provider=provider.info.name,
            model=result.model or provider.info.model,
            prompt=str(getattr(request, "prompt", getattr(request, "text", ""))),
            parameters=_parameters_of(request),
            seed=seed,
            cost=result.cost,
            provider_job_id=remote_id,
            cache_key=key,
            metadata=dict(result.metadata),
        )

    # ----------------------------------------------------------------------- the graph
    def _scenes(self) -> list[Scene]:
        scenes: list[Scene] = self.project.ordered_scenes
        if self.skip_locked:
            scenes = [s for s in scenes if not s.locked]
        return scenes

    def _count_steps(self) -> int:
        per_env = sum(len(env.images) + 1 for env in self.project.environments)
        per_scene = sum(4 + bool(s.narration.strip()) for s in self._scenes())
        return per_env + per_scene

    async def run(self) -> PipelineStats:
        """Fill every slot of the project (reusing what is up to date)."""
        self._steps_total = self._count_steps()
        self._steps_done = 0
        styles: dict[str, asyncio.Future[Take | None]] = {}
        loop = asyncio.get_running_loop()
        self._clips = {s.id: loop.create_future() for s in self._scenes()}
        async with asyncio.TaskGroup() as group:
            for env in self.project.environments:
                styles[env.id] = group.create_task(self._environment(env.id))
            for scene in self._scenes():
                group.create_task(self._scene(scene.id, styles[scene.environment_id]))
        return self.stats

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
        library = self.session.style_library
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
            return MediaResult(copy, model=style.info.model,
                               metadata={**found.metadata, "reused_from_library": True})

        take = await self._step(
            ref=SlotRef(env.id, SlotKind.STYLE), title=env.name, stage="style",
            provider=style, request=request, call=style.train_style,
            upstream=[_content(t) for t in ready], reuse=from_library,
        )
        if (take is not None and take.file and style.capabilities.paid
                and not take.metadata.get("reused_from_library")):
            library.remember(library_key, self.folder.assets.resolve(take.file), take.metadata)
        return take

    async def _env_image(self, env_id: str, index: int, seed: int | None = None
                         ) -> Take | None:
        env: Environment = self.project.environment(env_id)
        request = image_request(self.project.settings, env, index)
        return await self._step(
            ref=SlotRef(env.id, SlotKind.ENV_IMAGE, index),
            title=f"{env.name} #{index + 1}", stage="env_image", provider=self.providers.images,
            request=request, call=self.providers.images.generate_image, upstream=[], seed=seed,
        )

    async def _scene(self, scene_id: str, style: Awaitable[Take | None]) -> None:
        clip: Take | None = None
        try:
            await self._narration(scene_id)
            styled = await style
            env_id = self.project.scene(scene_id).environment_id
            if styled is None and self._style_failed(env_id):
                # Keyframes made without their style would be paid for again once it exists.
                self.stats.failures.append(StepFailure(
                    SlotRef(scene_id, SlotKind.FIRST_FRAME), self.project.scene(scene_id).title,
                    "not started: its environment's style could not be made"))
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
        if not scene.narration.strip():
            return None
        take = await self._narration_once(scene_id, seed)
        overflow = float(take.metadata.get("overflow_seconds", 0.0)) if take else 0.0
        if take is not None and overflow > 0 and self.project.scene(scene_id).duration < 9:
            # The speech does not fit even sped up: the scene takes the long duration.
            log.info("%s: narration needs %.1f s more; using 9 s", scene.title, overflow)
            self.session.apply(EditScene(scene_id, "duration", 9, user=False,
                                         label="Lengthen scene to fit its narration"),
                               cause="job", job=self.owner)
            self._steps_total += 1
            take = await self._narration_once(scene_id, seed)
        return take

    async def _narration_once(self, scene_id: str, seed: int | None) -> Take | None:
        scene = self.project.scene(scene_id)
        request = narration_request(self.project.settings, scene, narration_window(scene.duration))
        return await self._step(
            ref=SlotRef(scene.id, SlotKind.NARRATION), title=scene.title, stage="narration",
            provider=self.providers.voice, request=request, call=self.providers.voice.narrate,
            upstream=[], seed=seed,
        )

    async def _sound(self, scene_id: str, seed: int | None = None) -> Take | None:
        scene = self.project.scene(scene_id)
        env = self.project.environment(scene.environment_id)
        return await self._step(
            ref=SlotRef(scene.id, SlotKind.SFX), title=scene.title, stage="sfx",
            provider=self.providers.sound, request=sound_request(scene, env),
            call=self.providers.sound.generate_sound, upstream=[], seed=seed,
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
        upstream = [_content(style)] if style else []
        if first is not None and first.file:
            refs.insert(0, self.folder.assets.resolve(first.file))
            upstream.append(_content(first))
        style_path = self.folder.assets.resolve(style.file) if style and style.file else None
        request = keyframe_request(self.project.settings, scene, env, kind, style_path,
                                   style.metadata if style else {}, refs)
        return await self._step(
            ref=SlotRef(scene.id, kind), title=scene.title, stage=kind.value,
            provider=self.providers.keyframes, request=request,
            call=self.providers.keyframes.generate_image, upstream=upstream, seed=seed,
        )

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
            call=maker.generate_image, upstream=[_content(clip)], seed=0,
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
            call=self.providers.video.generate_clip, upstream=[_content(first), _content(last)],
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
        return await self._clip(scene.id, first, last, seed)


def _same_content(slot: Slot, take: Take) -> Take | None:
    """A ready take of ``slot`` with exactly the new take's bytes (assets are named by hash)."""
    return next((t for t in slot.takes if t.status == "ready" and t.file == take.file), None)


def _content(take: Take) -> str:
    """An upstream take as a step's key sees it: its content (assets are named by their hash).

    Keyed by content rather than take id, a step whose inputs were made again byte for byte —
    after a crash lost the unsaved takes, say — finds its journalled paid job and resumes it.
    """
    return take.file or take.id


def _parameters_of(request: Any) -> dict[str, Any]:
    """The request's plain fields, for the take record (no paths, no prompt duplicate)."""
    data = canonical(request)
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if k not in ("prompt", "text", "first_frame", "last_frame", "references", "style",
                         "images") and v is not None}


@dataclass(frozen=True)
class ContinuityRequest:
    """The clip whose last frame starts the next shot."""

    clip: Path
    prompt: str = "the previous shot's last frame"


class ContinuityFrames:
    """Makes a keyframe from the last frame of the previous scene's clip (ffmpeg, off the loop).

    Not a provider of any service: the pipeline's own step, so the frame is a take like any
    other (cached by the clip's content, shown in the strip, undoable).
    """

    def __init__(self) -> None:
        from vidstudio.providers.base import Capabilities, ProviderInfo

        self.info = ProviderInfo("continuity", "last-frame", "local")
        self.capabilities = Capabilities()

    async def generate_image(self, request: ContinuityRequest, ctx: CallContext) -> MediaResult:
        from vidstudio.media.ffmpeg import FFmpegError, ffmpeg_exe
        from vidstudio.providers.base import GenerationFailedError

        out = ctx.work_dir / "continuity.png"
        try:
            exe = ffmpeg_exe()
        except FFmpegError as exc:
            raise GenerationFailedError(str(exc), provider="continuity") from None
        from vidstudio.lifetime import guarded

        # The image muxer overwrites one file with every frame of the last half second,
        # leaving the very last frame.
        command, preexec = guarded([exe, "-v", "error", "-y", "-sseof", "-0.5", "-i",
                                    str(request.clip), "-update", "1", str(out)])
        process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            preexec_fn=preexec)
        _, err = await process.communicate()
        if process.returncode != 0 or not out.is_file():
            raise GenerationFailedError(
                f"could not take the last frame of the previous clip: "
                f"{err.decode(errors='replace').strip()[-200:]}", provider="continuity")
        return MediaResult(out, model="last-frame", metadata={"continues": request.clip.name})
