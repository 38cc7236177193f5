"""The project session: the one owner and only writer of an open project.

Everything that changes the project goes through ``ProjectSession.apply`` as a command from
``vidstudio.core.commands`` — a user's edit, a take a job made, a take made active, a scene
lengthened to fit its narration, a re-plan — and comes out as exactly one ``ChangeEvent`` on the
``changed`` signal, carrying the command's complete change record and who caused it. Views (the
editor's widgets, the command line's progress) redraw from those events; nothing else reaches
into the model.

The session also owns:
- the undo history: user edits, "use this take", reorders, and transactions. A job that changes
  the film (plan, generate all, render, regenerate, import) opens a transaction when it is
  submitted and closes it when it ends (done, failed or cancelled); everything it changed is
  one undo step. While a transaction is open, undo and redo are refused (TransactionOpenError)
  or, through ``cancel_and_undo``, the job is cancelled first and then undone whole. The takes
  a job made are never removed by an undo, and after any undo nothing that says it is up to
  date rests on a reverted take (core/consistency.py);
- the project folder and its lock (one writer across processes too), saves debounced and written
  from a snapshot on a worker thread (jobs/saving.py), journal clean-up only after the save;
- the money in flight (a ``Budget``; each run spends through a child account of it);
- the owning jobs the editor shows and cancels: plan, generate all, regenerate(scene, slot),
  export and render, each with its own progress, stats, outcome and subject; a slot is generated
  by one job at a time.

Threading: every method is for the event loop's thread (a plain asyncio loop or qasync's);
signals are emitted on it, synchronously, right after the change.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from psygnal import Signal

from vidstudio.core.commands import AddTake, Command, History, RecordSpend
from vidstudio.core.deps import Changes, SlotRef, slot_at
from vidstudio.core.models import Project, Take, utcnow
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.budget import Budget
from vidstudio.jobs.claims import SLOT_NOUNS, SlotClaims, describe_slot
from vidstudio.jobs.manager import Job, JobManager, JobReporter, JobState
from vidstudio.jobs.pipeline import PipelineRun, PipelineStats
from vidstudio.jobs.port import RunServices
from vidstudio.jobs.preload import preload_in_background
from vidstudio.jobs.replanning import ReplanReport, build_replan
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.jobs.saving import ProjectSaver
from vidstudio.jobs.transactions import (
    ChangeEvent,
    SessionError,
    SlotBusyError,
    TransactionLog,
    TransactionOpenError,
)
from vidstudio.storage import ProjectFolder
from vidstudio.storage.lock import ProjectLock

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.plan import PlanEnvironment
    from vidstudio.export import ExportOptions, ExportResult
    from vidstudio.providers.base import Planner
    from vidstudio.providers.pricing import PriceList
    from vidstudio.providers.registry import ProviderSet
    from vidstudio.storage.style_library import StyleLibrary

__all__ = ["ChangeEvent", "ProjectSession", "ReplanReport", "SessionError", "SlotBusyError",
           "TransactionOpenError"]

log = logging.getLogger(__name__)

PROJECT_GROUP = "project"



class _JobPort:
    """The session as one owning job's pipeline run sees it (jobs/port.ProjectPort)."""

    def __init__(self, session: ProjectSession, job: Job) -> None:
        self._session = session
        self._job = job

    @property
    def project(self) -> Project:
        return self._session.project

    @property
    def folder(self) -> ProjectFolder:
        return self._session.folder

    def apply(self, command: Command) -> Changes:
        return self._session.apply(command, cause="job", job=self._job)

    def claim_slot(self, ref: SlotRef) -> contextlib.AbstractContextManager[None]:
        return self._session.claim_slot(ref, self._job)

    async def wait_for_slot(self, ref: SlotRef) -> None:
        await self._session.wait_for_slot(ref, self._job)

    def after_save(self, callback: Callable[[], None]) -> None:
        self._session.after_save(callback)


class ProjectSession:
    """The open project and everything that may change it.

    Signals:
        changed(ChangeEvent): the project changed (one event per command).
        history_changed(): what undo/redo would do changed.
        saved(Path): project.json was written.
        save_failed(str): a save failed; the message says why ("no space left on ...").
    """

    changed = Signal(object)
    history_changed = Signal()
    saved = Signal(object)
    save_failed = Signal(str)

    def __init__(
        self,
        folder: ProjectFolder,
        project: Project,
        providers: ProviderSet,
        *,
        manager: JobManager | None = None,
        retry: RetryPolicy | None = None,
        redact: Callable[[str], str] = lambda text: text,
        prices: PriceList | None = None,
        style_library: StyleLibrary | None = None,
        save_delay: float = 0.25,
        lock: ProjectLock | None = None,
    ) -> None:
        self.folder = folder
        self._project = project
        self.providers = providers
        self.manager = manager or JobManager()
        self.retry = retry or RetryPolicy()
        self.redact = redact
        self._prices = prices
        self._style_library = style_library
        self.history = History()
        self.lock = lock
        self.budget = Budget()  # the root account: what is in flight across every job
        self.claims = SlotClaims(lambda: self._project)
        self.transactions = TransactionLog(self.history, self.history_changed.emit)
        self._saver = ProjectSaver(folder, lambda: self._project, delay=save_delay,
                                   on_saved=self.saved.emit, on_failed=self.save_failed.emit)
        self._owned: set[asyncio.Task[Any]] = set()
        self.closed = False
        self.manager.job_changed.connect(self._on_job_changed)
        preload_in_background()

    def _on_job_changed(self, job: Job) -> None:
        if not job.state.finished:
            return
        self.claims.release_job(job)
        self.transactions.close(job)

    # ------------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: Path, providers: ProviderSet, *, lock: bool = True,
             wait: float = 0.0, purpose: str = "vidstudio", **kwargs: Any) -> ProjectSession:
        """Open the project folder at ``path``, taking its lock.

        Raises:
            ProjectLoadError: no readable project there.
            ProjectLockedError: another process has it open.
        """
        folder, project = ProjectFolder.open(Path(path))
        held = None
        if lock:
            held = ProjectLock(folder.path)
            held.acquire(wait=wait, purpose=purpose)
        try:
            if held is not None and held.recovered:
                # The last session died: the saved project is the autosave, and any paid job
                # still in the journal is resumed by the next generation instead of paid again.
                log.info("%s was not closed cleanly; reopened from its last save", folder.path)
            return cls(folder, project, providers, lock=held, **kwargs)
        except BaseException:
            if held is not None:
                held.release()
            raise

    @classmethod
    def create(cls, path: Path, project: Project, providers: ProviderSet, *,
               purpose: str = "vidstudio", **kwargs: Any) -> ProjectSession:
        """Make a new project folder at ``path`` holding ``project`` and open it."""
        folder = ProjectFolder.create(Path(path), project)
        held = ProjectLock(folder.path)
        held.acquire(purpose=purpose)
        held.recovered = False
        return cls(folder, project, providers, lock=held, **kwargs)

    @property
    def project(self) -> Project:
        """The project, for reading. Change it only through ``apply`` / ``execute``."""
        return self._project

    @property
    def recovered(self) -> bool:
        return bool(self.lock and self.lock.recovered)

    @property
    def prices(self) -> PriceList:
        if self._prices is None:
            from vidstudio.providers.pricing import PriceList

            self._prices = PriceList.load()
        return self._prices

    @property
    def style_library(self) -> StyleLibrary:
        if self._style_library is None:
            from vidstudio.storage.style_library import StyleLibrary

            self._style_library = StyleLibrary()
        return self._style_library

    # ------------------------------------------------------------------------ changing
    def apply(self, command: Command, *, cause: str = "job", job: Job | None = None,
              undoable: bool = False, merge: bool = False) -> Changes:
        """Run ``command`` on the project, emit its change event and schedule a save.

        A command of a job with an open transaction joins that transaction (money spent is
        never undone, so a ledger entry does not); otherwise ``undoable`` makes it an undo step
        of its own. A command that changed nothing emits nothing and saves nothing.
        """
        if self.closed:
            raise SessionError("the project is closed")
        changes = command.apply(self._project)
        if changes.empty:
            return changes
        # Money spent is never undone, so a ledger entry joins no transaction.
        recorded = (job is not None and not isinstance(command, RecordSpend)
                    and self.transactions.record(job, command))
        if undoable and not recorded:
            self.history.push(command, merge=merge)
            self.history_changed.emit()
        self._emit(changes, cause, command.label, job)
        return changes

    def execute(self, command: Command, *, merge: bool = False) -> Changes:
        """A user's action: applied, undoable, and (with ``merge``) joined to the previous step
        when it continues it (typing in one field)."""
        return self.apply(command, cause="user", undoable=True, merge=merge)

    def _emit(self, changes: Changes, cause: str, label: str, job: Job | None) -> None:
        self._project.modified = utcnow()
        self.request_save()
        self.changed.emit(ChangeEvent(changes, cause, label, job))

    @property
    def open_transactions(self) -> list[Job]:
        """Running jobs whose transaction is open, oldest first."""
        return self.transactions.jobs

    @property
    def can_undo(self) -> bool:
        return bool(self.history.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.history.undone)

    @property
    def undo_label(self) -> str | None:
        return self.history.undo_label

    @property
    def redo_label(self) -> str | None:
        return self.history.redo_label

    def undo(self) -> Changes | None:
        """Undo the last step.

        Raises:
            TransactionOpenError: a job that changes the film is running (see cancel_and_undo).
        """
        self.transactions.refuse()
        label = self.history.undo_label
        changes = self.history.undo(self._project)
        if changes is not None:
            self._emit(changes, "undo", label or "", None)
            self.history_changed.emit()
        return changes

    def redo(self) -> Changes | None:
        self.transactions.refuse()
        label = self.history.redo_label
        changes = self.history.redo(self._project)
        if changes is not None:
            self._emit(changes, "redo", label or "", None)
            self.history_changed.emit()
        return changes

    async def cancel_and_undo(self) -> Changes | None:
        """Cancel every job whose transaction is open, wait until they have ended (their
        transactions close with what they finished), then undo one step — the job's whole
        transaction when it is the last step."""
        jobs = self.open_transactions
        for job in jobs:
            self.manager.cancel(job)
        tasks = [j.task for j in jobs if j.task is not None]
        if tasks:
            await asyncio.wait(tasks)
        return self.undo()

    def _transactional(self, job: Job) -> Job:
        """Open ``job``'s transaction now, at its submission; it closes when the job ends."""
        self.transactions.open(job)
        return self._own(job)

    # -------------------------------------------------------------------------- saving
    def request_save(self) -> None:
        """Save soon: changes within the save delay are written together."""
        self._saver.request()

    def after_save(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the project as it is now has been written to disk.

        It runs on a worker thread (it is file work: forgetting journal entries, removing a
        finished job's folder), so it must not touch the session or the project.
        """
        self._saver.after_save(callback)

    async def flush(self) -> None:
        """Write any pending change now and wait until it is on disk.

        Raises:
            OSError: the save failed (the message names the cause).
        """
        await self._saver.flush()

    @property
    def last_save_error(self) -> str | None:
        return self._saver.last_error

    # --------------------------------------------------------------------------- slots
    def busy(self, ref: SlotRef) -> Job | None:
        """The job generating ``ref`` now, if any."""
        return self.claims.holder(ref)

    def claim_slot(self, ref: SlotRef, job: Job | None) -> contextlib.AbstractContextManager[None]:
        return self.claims.claim(ref, job)

    async def wait_for_slot(self, ref: SlotRef, job: Job | None) -> None:
        await self.claims.wait(ref, job)

    def describe_slot(self, ref: SlotRef) -> str:
        return describe_slot(self._project, ref)

    # ----------------------------------------------------------------------------- jobs
    def _own(self, job: Job) -> Job:
        assert job.task is not None
        self._owned.add(job.task)
        job.task.add_done_callback(self._owned.discard)
        return job

    def _running_kind(self, *kinds: str) -> Job | None:
        return next((j for j in self.manager.running() if j.kind in kinds), None)

    def _run(self, job: Job, *, progress: Callable[[float, str], None],
             budget: float | None = None, skip_locked: bool = False) -> PipelineRun:
        """A pipeline run for ``job``: it sees the project through the job's port and spends
        through a child of the session's budget (with ``budget`` as its limit)."""
        services = RunServices(providers=self.providers, manager=self.manager,
                               prices=self.prices, retry=self.retry, redact=self.redact,
                               style_library=self.style_library,
                               budget=self.budget.child(budget))
        return PipelineRun(_JobPort(self, job), services, job, progress=progress,
                           skip_locked=skip_locked)

    def generate_all(self, *, budget: float | None = None) -> Job:
        """Fill every slot that is missing or stale (locked scenes are left alone)."""
        if (other := self._running_kind("generate-all", "render", "plan")) is not None:
            raise SessionError(f"{other.name} is already running")

        async def work(reporter: JobReporter) -> PipelineStats:
            await self._preflight(reporter.job, budget, skip_locked=True)
            run = self._run(reporter.job, progress=reporter, budget=budget, skip_locked=True)
            return await self._finish_run(reporter.job, run, run.run())

        return self._transactional(self.manager.submit(work, "Generate all", group=PROJECT_GROUP,
                                             resource="none", kind="generate-all"))

    async def _preflight(self, job: Job, budget: float | None, *, skip_locked: bool = False,
                         ref: SlotRef | None = None) -> None:
        """Refuse (SessionError, one line) before the first paid call a run that cannot be
        finished within ``budget`` or whose paid providers' keys fail (jobs/preflight.py)."""
        from vidstudio.jobs.preflight import PreflightError, PreflightScope, preflight

        scope = PreflightScope.slot(ref) if ref else PreflightScope.film(skip_locked=skip_locked)
        try:
            await preflight(self._project, self.providers, self.prices, budget=budget,
                            scope=scope, folder=self.folder, style_library=self.style_library)
        except PreflightError as exc:
            job.outcome = str(exc)
            raise SessionError(str(exc)) from None

    async def _finish_run(self, job: Job, run: PipelineRun, body: Any) -> PipelineStats:
        job.stats = run.stats
        try:
            stats: PipelineStats = await body
        finally:
            await self.flush_quietly()
        failures = stats.failures
        made = f"{stats.generated} generated, {stats.reused} reused"
        if failures:
            job.outcome = f"{len(failures)} failed: {failures[0].title}: {failures[0].message}"
            raise SessionError(job.outcome)
        job.outcome = made + (f", ${stats.cost:.2f}" if stats.cost else "")
        return stats

    async def flush_quietly(self) -> None:
        with contextlib.suppress(OSError):
            await self.flush()

    def regenerate(self, ref: SlotRef) -> Job:
        """A new take of one slot (a new seed); what depends on it follows.

        Raises:
            SlotBusyError: that slot is already generating.
        """
        if ref.kind is SlotKind.STYLE:
            raise SessionError("a style is made again by regenerating one of its images")
        slot_at(self._project, ref)  # KeyError for an unknown scene or environment
        if (job := self.busy(ref)) is not None:
            raise SlotBusyError(f"{self.describe_slot(ref)} is already generating")
        if (other := self._running_kind("plan")) is not None:
            raise SessionError(f"{other.name} is running; wait for it to finish")

        async def work(reporter: JobReporter) -> Take | None:
            await self._preflight(reporter.job, None, ref=ref)
            run = self._run(reporter.job, progress=reporter)
            reporter.job.stats = run.stats
            try:
                take = await run.regenerate(ref)
            finally:
                await self.flush_quietly()
            if take is None or take.status != "ready":
                message = run.stats.failures[0].message if run.stats.failures else "it failed"
                reporter.job.outcome = message
                raise SessionError(message)
            if ref in run.stats.repeated:
                provider = take.provider
                message = (f"the {provider} provider made exactly the same "
                           f"{SLOT_NOUNS[ref.kind]} again (it cannot vary it), so no new take "
                           "was stored")
                reporter.job.outcome = message
                raise SessionError(message)
            extra = [f.message for f in run.stats.failures]
            reporter.job.outcome = "new take" + (f"; {extra[0]}" if extra else "")
            return take

        name = f"Regenerate {self.describe_slot(ref)}"
        job = self.manager.submit(work, name[0].upper() + name[1:], group=ref.owner,
                                  resource="none", kind="regenerate", subject=ref)
        self.claims.hold(ref, job)  # released when the job ends
        return self._transactional(job)

    def plan(self, script: str, planner: Planner | None = None, *, replace_edits: bool = False,
             plan_key: str = "", environments: list[PlanEnvironment] | None = None) -> Job:
        """Plan ``script`` into scenes and environments (an undoable step, "Plan").

        A project that already has scenes keeps the ones the new plan matches (their ids,
        takes and the fields the user edited, unless ``replace_edits``). With ``environments``
        (the user's own places), the plan uses exactly those.
        """
        if (other := self._running_kind("generate-all", "render", "regenerate", "plan")):
            raise SessionError(f"{other.name} is running; wait for it or cancel it first")
        planner = planner or self.providers.planner

        async def work(reporter: JobReporter) -> ReplanReport:
            from vidstudio.jobs.planning import make_plan

            reporter(0.05, "planning")
            with tempfile.TemporaryDirectory(prefix="vidstudio-plan-") as tmp:
                plan = await make_plan(script, planner, self._project.settings, Path(tmp),
                                       self.retry)
            if environments:
                from vidstudio.core.custom_environments import apply_custom_environments

                plan = apply_custom_environments(plan, environments)
            reporter(0.9, "matching with the current plan")
            command, report = build_replan(self._project, plan, script, planner.info.name,
                                           plan_key, replace_edits=replace_edits)
            self.apply(command, cause="user", job=reporter.job)
            reporter.job.outcome = report.summary()
            await self.flush_quietly()
            return report

        return self._transactional(self.manager.submit(work, "Plan", group=PROJECT_GROUP,
                                             resource="none", kind="plan",
                                             provider=planner.info.name))

    def import_take(self, ref: SlotRef, path: Path) -> Job:
        """The user's own file as a new take of a scene slot (checked, stored, made active).

        The job fails with a one-line message for a file that cannot fill the slot. The new
        take is one undo step ("Import …"): undo makes the previous take active again.
        """
        if ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
            raise SessionError("only a scene's keyframes, clip, sound and narration take files")
        slot_at(self._project, ref)
        if self.busy(ref) is not None:
            raise SlotBusyError(f"{self.describe_slot(ref)} is generating; wait or cancel it")
        source = Path(path)

        async def work(reporter: JobReporter) -> Take:
            from vidstudio.media.importing import ImportKind, UnusableMediaError, inspect_import

            try:
                kind = cast("ImportKind", ref.kind.value)
                media = await asyncio.to_thread(inspect_import, source, kind)
            except UnusableMediaError as exc:
                reporter.job.outcome = str(exc)
                raise SessionError(str(exc)) from None
            reporter(0.5, "storing")
            assets = self.folder.assets
            stored = await asyncio.to_thread(assets.add, source, move=False)
            digest = Path(stored).stem
            take = Take(file=stored, provider="import", model="", prompt=source.name,
                        cache_key=f"import-{digest}", metadata=media.metadata())
            command = AddTake(ref, take, label=f"Import {source.name}")
            self.apply(command, cause="user", job=reporter.job)
            reporter.job.outcome = f"imported {source.name}" + (
                f" ({'; '.join(media.notes)})" if media.notes else "")
            await self.flush_quietly()
            return take

        return self._transactional(self.manager.submit(
            work, f"Import {source.name} into {self.describe_slot(ref)}", group=ref.owner,
            resource="none", kind="import", subject=ref))

    def use_environments(self, document: str | bytes) -> ReplanReport:
        """Replace the plan's environments with the user's own (a JSON document); every scene
        moves to the one that fits it. One undo step.

        Raises:
            CustomEnvironmentError: the document is not usable (the message says why).
        """
        from vidstudio.core.custom_environments import (
            apply_custom_environments,
            parse_custom_environments,
        )
        from vidstudio.core.plan import plan_from_project

        if not self._project.scenes:
            raise SessionError("plan the script first; the environments replace the plan's")
        envs = parse_custom_environments(
            document, max_environments=self._project.settings.max_environments)
        plan = apply_custom_environments(plan_from_project(self._project), envs)
        command, report = build_replan(self._project, plan, self._project.script,
                                       self._project.plan_provider, self._project.plan_key,
                                       replace_edits=True)
        command.label = "Use custom environments"
        self.execute(command)
        return report

    def export(self, output: Path, options: ExportOptions | None = None, *,
               force: bool = False) -> Job:
        """Write the film to ``output`` (MP4 or OTIO) from the project as it is now; an output
        whose inputs and options did not change is left as it is (``force`` rebuilds it)."""
        output = Path(output)
        snapshot = self._project.model_copy(deep=True)

        async def work(reporter: JobReporter) -> ExportResult:
            from vidstudio.export import export_project

            result = await export_project(snapshot, self.folder.path, output, options,
                                          reporter, force=force,
                                          verify=self.folder.assets.verify)
            reporter.job.outcome = (f"{output.name} is up to date" if result.up_to_date
                                    else f"wrote {result.output}")
            return result

        return self._own(self.manager.submit(work, f"Export {output.name}", group="export",
                                             resource="none", kind="export",
                                             exclusive=False))

    def render(self, output: Path | None, options: ExportOptions | None = None, *,
               budget: float | None = None, force: bool = False) -> Job:
        """Generate what is missing, then export to ``output`` if every step succeeded."""
        if (other := self._running_kind("generate-all", "render", "plan")) is not None:
            raise SessionError(f"{other.name} is already running")

        async def work(reporter: JobReporter) -> tuple[PipelineStats, ExportResult | None]:
            def gen(fraction: float, message: str) -> None:
                reporter(0.9 * fraction if output else fraction, message)

            await self._preflight(reporter.job, budget)
            run = self._run(reporter.job, progress=gen, budget=budget)
            stats = await self._finish_run(reporter.job, run, run.run())
            if output is None:
                return stats, None
            from vidstudio.export import export_project

            def exp(fraction: float, message: str) -> None:
                reporter(0.9 + 0.1 * fraction, message or "exporting")

            snapshot = self._project.model_copy(deep=True)
            result = await export_project(snapshot, self.folder.path, Path(output), options, exp,
                                          force=force, verify=self.folder.assets.verify)
            return stats, result

        return self._transactional(self.manager.submit(work, "Render", group=PROJECT_GROUP,
                                             resource="none", kind="render"))

    def cancel(self, job: Job) -> None:
        """Cancel a job (and so its steps); what it finished stays in the project."""
        self.manager.cancel(job)

    def jobs(self) -> list[Job]:
        return list(self.manager.jobs)

    async def wait(self, job: Job) -> Any:
        """The job's result; raises what it raised (SessionError, CancelledError, ...)."""
        assert job.task is not None
        return await job.task

    # -------------------------------------------------------------------------- closing
    async def close(self) -> None:
        """Cancel running jobs, write the last changes and let go of the project."""
        if self.closed:
            return
        await self.manager.shutdown()
        try:
            await self.flush()
        finally:
            self.closed = True
            if self.lock is not None:
                self.lock.release()

    def state_of(self, job: Job) -> JobState:
        return job.state
