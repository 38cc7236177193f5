"""One step of the pipeline: a slot's take reused when its inputs did not change, or generated.

Each step is keyed by ``cache_key`` of its inputs. An unchanged step reuses its take; a paid call
reserves its price from the run's ``Budget`` first, is journalled before it is awaited (so a
crash resumes it instead of paying again) and its take records what it was made from. A
provider's expected failure ends the step with a failed take carrying the message.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from vidstudio.core.commands import AddTake, MarkFresh, RecordSpend
from vidstudio.core.consistency import FIELDS, fields_digest
from vidstudio.core.deps import SlotRef, slot_at
from vidstudio.core.models import LedgerEntry, Slot, Take
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.budget import BudgetExceededError
from vidstudio.jobs.cache import cache_key, canonical
from vidstudio.jobs.manager import Job, JobReporter, JobState
from vidstudio.jobs.retry import call_with_retry
from vidstudio.providers.base import (
    CallContext,
    MediaResult,
    Provider,
    ProviderError,
    UnknownOutcomeError,
)

if TYPE_CHECKING:
    from vidstudio.core.models import Project
    from vidstudio.jobs.port import ProjectPort, RunServices
    from vidstudio.providers.registry import ProviderSet
    from vidstudio.storage import ProjectFolder

log = logging.getLogger(__name__)

IMPORTED = "import"  # the provider name of a take made from the user's own file
UPLOAD_MEMO = "uploads.json"  # in the project's cache: content hash -> hosted URL

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
    unknown: list[StepFailure] = field(default_factory=list)  # may be billed; not re-sent

    def outcome(self) -> tuple[bool, str]:
        """Whether a run finished every step, and one line saying how it went."""
        if self.failures:
            first = self.failures[0]
            return False, f"{len(self.failures)} failed: {first.title}: {first.message}"
        made = f"{self.generated} generated, {self.reused} reused"
        return True, made + (f", ${self.cost:.2f}" if self.cost else "")

    def regenerate_outcome(self, ref: SlotRef, take: Take | None, noun: str) -> tuple[bool, str]:
        """Whether a regenerate made a new take of ``ref``, and one line saying so or why not."""
        if take is None or take.status != "ready":
            return False, self.failures[0].message if self.failures else "it failed"
        if ref in self.repeated:
            return False, (f"the {take.provider} provider made exactly the same {noun} again "
                           "(it cannot vary it), so no new take was stored")
        extra = [f.message for f in self.failures]
        return True, "new take" + (f"; {extra[0]}" if extra else "")


class StepRunner:
    """Reuses or generates one slot's take at a time, for one owning job.

    It talks to the project only through its ``ProjectPort`` and spends only through the
    ``Budget`` in its ``RunServices``. Threading: the event loop's thread only.
    """

    def __init__(self, port: ProjectPort, services: RunServices, owner: Job | None = None, *,
                 progress: ProgressFn | None = None) -> None:
        self.port = port
        self.services = services
        self.owner = owner
        self.stats = PipelineStats()
        self._progress = progress
        self._steps_total = 0
        self._steps_done = 0
        self._running: set[Job] = set()
        self._journalled: set[str] | None = None  # keys in the journal when the run began

    @property
    def project(self) -> Project:
        return self.port.project

    @property
    def folder(self) -> ProjectFolder:
        return self.port.folder

    @property
    def providers(self) -> ProviderSet:
        return self.services.providers

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
                    self.port.apply(MarkFresh(ref, take.id))
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
            self.port.after_save(lambda: journal.forget(key))

    def _record_spend(self, ref: SlotRef, stage: str, provider: Provider, take: Take, *,
                      estimated: bool, possibly_twice: bool) -> None:
        owner = (self.project.environment(ref.owner).name
                 if ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE)
                 else self.project.character(ref.owner).name
                 if ref.kind is SlotKind.CHARACTER_IMAGE
                 else "the score" if ref.kind is SlotKind.MUSIC
                 else self.project.scene(ref.owner).title)
        self.port.apply(RecordSpend(LedgerEntry(
            provider=provider.info.name, model=take.model, stage=stage, owner=ref.owner,
            owner_name=owner, take_id=take.id, amount=take.cost, estimated=estimated,
            possibly_paid_twice=possibly_twice)))

    async def _unrecorded_payment(self, ref: SlotRef, key: str, found: MediaResult) -> float:
        """What a run that died paid for this very reused result and never saved.

        A trained style goes into the user's library as soon as it is made, before the project
        is saved; a run killed in between paid for it, but its take and its ledger line were
        lost with the unsaved project. The rerun takes the style from the library: the journal
        still holds that run's job, and when it is the job that made the library's copy (and
        no saved take already has it), its cost goes on the ledger now, once.
        """
        if not found.cost or not found.remote_id:
            return 0.0
        entry = await asyncio.to_thread(self.folder.journal.get, key)
        if entry is None or entry.unknown or entry.remote_id != found.remote_id:
            return 0.0
        slot = slot_at(self.project, ref)
        if any(t.provider_job_id == found.remote_id for t in slot.takes):
            return 0.0  # saved with its take: its spend was saved with it
        return found.cost

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
        upstream: dict[str, str],
        seed: int | None = None,
        reuse: Callable[[], MediaResult | None] | None = None,
    ) -> Take | None:
        """Reuse or generate the take for one slot; None if the provider failed.

        ``upstream`` names the content of each take this one is computed from (by the slot it
        came from: "style", "first_frame", ...); with a digest of the fields the slot depends
        on it becomes the take's ``inputs``. ``reuse`` may supply a result made earlier
        elsewhere (a trained style from the user's library) before anything is paid.
        """
        # Another job generating this slot: wait for it, then see whether its take fits.
        await self.port.wait_for_slot(ref)
        slot = slot_at(self.project, ref)
        seed = self._seed_for(slot) if seed is None else seed
        # The slot's own address is part of the key: two scenes with identical inputs still
        # own separate takes (and separate journal entries and scratch folders).
        key = cache_key(f"{stage}@{ref.owner}/{ref.index or 0}", provider.info.name,
                        provider.info.model, request, list(upstream.values()), seed)
        inputs = {FIELDS: fields_digest(self.project, ref), **upstream}
        found = await self._reuse(ref, slot, key)
        if found is not None:
            self.stats.reused += 1
            self._steps_done += 1
            return found

        with self.port.claim_slot(ref):
            return await self._generate(ref=ref, title=title, stage=stage, provider=provider,
                                        request=request, call=call, key=key, seed=seed,
                                        reuse=reuse, inputs=inputs)

    async def _generate(self, *, ref: SlotRef, title: str, stage: str, provider: Provider,
                        request: Any, call: Callable[[Any, Any], Awaitable[MediaResult]],
                        key: str, seed: int, reuse: Callable[[], MediaResult | None] | None,
                        inputs: dict[str, str]) -> Take | None:
        services, port = self.services, self.port
        if reuse is not None and (found := reuse()) is not None:
            paid = await self._unrecorded_payment(ref, key, found)
            found = dataclasses.replace(found, cost=paid)
            take = await self._store(found, provider, request, seed, key,
                                     remote_id=found.remote_id if paid else None, inputs=inputs)
            if paid:
                self._record_spend(ref, stage, provider, take, estimated=False,
                                   possibly_twice=False)
            port.apply(AddTake(ref, take))
            self.stats.reused += 1
            self._steps_done += 1
            self._settle_journal(key)  # a training a crash left journalled is done with
            return take

        journal = self.folder.journal
        entry = await asyncio.to_thread(journal.get, key)  # reads the file: off the loop
        price = 0.0 if entry and entry.remote_id else services.prices.price_of(provider, request)
        try:
            reservation = services.budget.reserve(price)
        except BudgetExceededError as refused:
            self.stats.failures.append(StepFailure(ref, title, str(refused)))
            self._steps_done += 1
            return None
        started = datetime.now(UTC).isoformat()

        async def work(reporter: JobReporter) -> MediaResult:
            def progress(fraction: float, message: str) -> None:
                reporter(fraction, message)
                self._report(message or f"{title}: {stage}")

            what = f"{title}: {stage.replace('_', ' ')}"

            def remember(remote_id: str) -> None:
                journal.remember(key, provider.info.name, remote_id, started,
                                 possible_cost=price, what=what)
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
                mark_submitting=lambda: journal.remember(key, provider.info.name, "", started,
                                                         possible_cost=price, what=what),
                # Refused before anything was made: a later run may send it again.
                clear_submitting=lambda: journal.forget(key),
                resend_unknown=services.may_resend(key),
                reply_dir=(await asyncio.to_thread(journal.reply_dir, key)
                           if provider.info.kind == "cloud" else None),
                # Reference images hosted once per project (providers/uploads.py).
                upload_memo=(self.folder.cache_dir / UPLOAD_MEMO
                             if provider.info.kind == "cloud" else None),
            )

            def retried(attempt: int, error: ProviderError, wait: float) -> None:
                log.warning("%s: %s; retry %d in %.1f s", title, services.redact(str(error)),
                            attempt, wait)

            return await call_with_retry(
                lambda: call(request, ctx), services.retry, on_retry=retried
            )

        cloud = provider.info.kind == "cloud"
        job = services.manager.submit(
            work, f"{title}: {stage.replace('_', ' ')}", group=ref.owner,
            resource="net" if cloud else "cpu", kind="step", subject=ref,
            provider=provider.info.name, parent=self.owner,
            # A provider on a local device (local-ai's GPU) names its own limit: one job at a
            # time per device.
            limit=getattr(provider, "job_limit", None) or (
                (provider.info.name, provider.capabilities.concurrency) if cloud else None),
        )
        self._running.add(job)
        try:
            assert job.task is not None
            result: MediaResult = await job.task
        except ProviderError as error:
            if isinstance(error, UnknownOutcomeError):
                # Kept in the journal, with what it may have cost, until the user consents to
                # sending it again: never re-sent on its own.
                possible = error.possible_cost if error.possible_cost is not None else price
                await asyncio.to_thread(journal.mark_unknown, key, possible,
                                        f"{title}: {stage.replace('_', ' ')}")
                self.stats.unknown.append(StepFailure(ref, title, services.redact(str(error))))
            elif not error.retryable:
                # A failed or refused job is over at the provider: the next run starts afresh
                # instead of resuming it. A timeout keeps its entry, since the job goes on.
                journal.forget(key)
            message = services.redact(str(error))
            job.outcome = message
            failed = Take(provider=provider.info.name, model=provider.info.model, seed=seed,
                          status="failed", error=message, cache_key=key)
            port.apply(AddTake(ref, failed, activate=False))
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
                services.budget.release(reservation)  # nothing was bought after all
            self._running.discard(job)
            self._steps_done += 1
            self._report(f"{title}: {stage}")

        spent = max(result.cost, price if result.cost == 0 else 0.0)
        # Spent money moves from "in flight" to spent with no await between, so a concurrent
        # step never sees it in neither place and overshoots the budget.
        services.budget.settle(reservation, spent)
        self.stats.cost += spent
        take = await self._store(result, provider, request, seed, key,
                                 remote_id=result.remote_id, inputs=inputs)
        if take.cost == 0 and price:
            take = take.model_copy(update={"cost": price})  # the provider did not say
        if take.cost and self.owner is not None:
            services.manager.add_cost(self.owner, take.cost)
        if take.cost > 0:
            self._record_spend(
                ref, stage, provider, take, estimated=result.cost == 0,
                possibly_twice=bool(entry and entry.unknown and services.may_resend(key)))
        twin = _same_content(slot_at(self.project, ref), take)
        if twin is not None:
            # The provider cannot vary this step: the same bytes again. No duplicate take.
            port.apply(MarkFresh(ref, twin.id))
            self.stats.repeated.append(ref)
            take = twin
        else:
            port.apply(AddTake(ref, take))

        def cleanup() -> None:
            # Only once the take is on disk is the paid job's id no longer needed.
            journal.forget(key)
            with contextlib.suppress(OSError):
                shutil.rmtree(self.folder.work_dir / key)

        port.after_save(cleanup)
        self.stats.generated += 1
        notice = take.metadata.get("notice")
        if notice and str(notice) not in self.stats.notices:
            self.stats.notices.append(str(notice))
        return take

    async def _store(self, result: MediaResult, provider: Provider, request: Any, seed: int,
                     key: str, remote_id: str | None, inputs: dict[str, str]) -> Take:
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
            inputs=inputs,
        )


def _same_content(slot: Slot, take: Take) -> Take | None:
    """A ready take of ``slot`` with exactly the new take's bytes (assets are named by hash)."""
    return next((t for t in slot.takes if t.status == "ready" and t.file == take.file), None)


def _parameters_of(request: Any) -> dict[str, Any]:
    """The request's plain fields, for the take record (no paths, no prompt duplicate)."""
    data = canonical(request)
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if k not in ("prompt", "text", "first_frame", "last_frame", "references", "style",
                         "images") and v is not None}
