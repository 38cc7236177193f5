"""The headless main job: script -> plan -> project -> generated takes -> exported MP4.

``render_script`` is the one use case behind ``vidstudio render``, the editor's Generate all
and the batch; nothing here prints or knows Qt: what happens goes to a ``RenderProgress``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from vidstudio.core.commands import EditSettings
from vidstudio.core.film import EditFilm
from vidstudio.core.models import Project, Settings
from vidstudio.jobs.budget import Budget
from vidstudio.jobs.planning import plan_key
from vidstudio.jobs.session import ProjectSession, SessionError
from vidstudio.storage import ProjectFolder

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.plan import PlanEnvironment
    from vidstudio.export import ExportOptions
    from vidstudio.export.result import ExportResult
    from vidstudio.jobs.estimate import Estimate
    from vidstudio.jobs.manager import Job
    from vidstudio.jobs.pipeline import PipelineStats, StepFailure
    from vidstudio.providers.registry import ProviderSet


def _create(script: str, project_dir: Path, settings: Settings, providers: ProviderSet,
            options: dict[str, Any]) -> tuple[ProjectSession, bool]:
    ProjectFolder.check_creatable(project_dir)  # before paying for a plan
    existed = project_dir.exists()
    blank = Project(title=project_dir.stem, script=script, settings=settings)
    return ProjectSession.create(project_dir, blank, providers, **options), not existed


async def open_for_render(
    script: str,
    project_dir: Path,
    settings: Settings,
    providers: ProviderSet,
    *,
    replan: bool = False,
    environments: list[PlanEnvironment] | None = None,
    budget: Budget | None = None,
    resend_unknown: bool = False,
    **session_options: Any,
) -> tuple[ProjectSession, Job | None]:
    """Open the project at ``project_dir`` (or create it) and plan ``script`` into it when the
    script, planner or limits changed (or ``replan``).

    Returns the open session and the plan job that ran (None when the plan was kept). A
    re-plan keeps the scenes that still match, with their takes. A folder created here is
    removed again when its first plan fails, so a failed run leaves nothing behind.
    """
    key = plan_key(script, providers.planner, settings, environments)
    created = False
    if ProjectFolder.is_project(project_dir):
        session = ProjectSession.open(project_dir, providers, **session_options)
        wanted = {"aspect_ratio": settings.aspect_ratio, "providers": settings.providers}
        for name, value in wanted.items():
            if getattr(session.project.settings, name) != value:
                session.apply(EditSettings(name, value), cause="job")
        # A resolution asked for (not the default's) is the film's new frame: its keyframes
        # and clips go stale and are painted again, as the editor's Film settings do.
        if "short_side" in settings.model_fields_set \
                and session.project.settings.short_side != settings.short_side:
            session.apply(EditFilm({"short_side": settings.short_side}), cause="job")
        if session.project.plan_key == key and not replan:
            return session, None
    else:
        session, created = _create(script, Path(project_dir), settings, providers,
                                   session_options)
    session.resend_unknown = resend_unknown  # the plan is a paid request too
    job = session.plan(script, plan_key=key, environments=environments, budget=budget)
    try:
        await session.wait(job)
    except BaseException:
        # A plan request left in the journal (an unknown outcome, a kept reply) keeps the
        # folder: removing it would forget a request that may have been paid.
        journalled = bool(await asyncio.to_thread(session.folder.journal.entries))
        await session.close()
        if created and not journalled:
            shutil.rmtree(project_dir, ignore_errors=True)
        raise
    return session, job


# ------------------------------------------------------------------------- the use case
class RenderProgress(Protocol):
    """Where ``render_script`` reports what happens; every method is called on the event
    loop's thread and must return quickly (print, queue, emit)."""

    def stage(self, fraction: float, message: str) -> None:
        """The run's overall progress in [0, 1] and what it is doing."""

    def planned(self, report: RenderPlanReport) -> None:
        """The plan the film is made from (kept or new), before anything is generated."""

    def note(self, text: str) -> None:
        """One line the user should read (a provider's notice, the first keyframe used)."""

    def step_failed(self, failure: StepFailure) -> None:
        """One generation step failed (the run goes on with the others)."""


class SilentProgress:
    """A progress sink that reports nothing."""

    def stage(self, fraction: float, message: str) -> None:
        return None

    def planned(self, report: RenderPlanReport) -> None:
        return None

    def note(self, text: str) -> None:
        return None

    def step_failed(self, failure: StepFailure) -> None:
        return None


@dataclass(frozen=True)
class RenderOptions:
    """What one render of a script asks for, beyond the project's own settings.

    Attributes:
        output: the MP4 to write; None generates without exporting (the editor's Generate all).
        export: the export's options (None: the project's defaults).
        budget: start no paid call (the plan included) that would take this render's spend
            past it (dollars; the batch may hand a ``Budget`` account of its own).
        force: export again even when the output is up to date.
        replan: plan again even if the script, planner and limits did not change.
        environments: the user's own places the plan must use.
        initial_image: a picture that becomes scene 1's first keyframe.
        plan_only: plan (or keep the plan) and stop; nothing is generated.
        contact_sheet: also write OUTPUT-contact.png with every scene's keyframes.
        check_keys: check the cloud providers' keys before the (paid) plan.
        purpose: what holds the project's lock, for a second process that finds it held.
        resend_unknown: the user consents to sending again a paid request whose outcome is
            unknown (it may then be paid twice; the ledger says so).
    """

    output: Path | None = None
    export: ExportOptions | None = None
    budget: float | Budget | None = None
    force: bool = False
    replan: bool = False
    environments: list[PlanEnvironment] | None = None
    initial_image: Path | None = None
    plan_only: bool = False
    contact_sheet: bool = False
    check_keys: bool = True
    purpose: str = "vidstudio render"
    score_from: str | None = None  # "scenes" or "picture": how the film's score is made
    resend_unknown: bool = False


@dataclass(frozen=True)
class RenderLimits:
    """How much of the machine one render may use.

    Attributes:
        cpu: CPU-bound jobs the run's job manager runs at once (None: every usable core).
    """

    cpu: int | None = None


@dataclass(frozen=True)
class PlannedScene:
    title: str
    environment: str
    duration: float
    camera: str
    shot_type: str


@dataclass(frozen=True)
class RenderPlanReport:
    """The plan the film was made from: kept from an earlier run or made now."""

    scenes: tuple[PlannedScene, ...]
    environments: int
    duration: float
    new: bool
    summary: str | None = None
    notes: tuple[str, ...] = ()

    def line(self) -> str:
        return (f"plan: {len(self.scenes)} scenes, {self.environments} environments, "
                f"{self.duration:.0f} s ({'new' if self.new else 'kept'})")


@dataclass(frozen=True)
class RenderOutcome:
    """What ``render_script`` did.

    Attributes:
        project_path: the project folder (it keeps every take, paid or not).
        plan: the plan's report.
        stats: what was generated, reused and paid (None with ``plan_only``).
        export: the export's result (None without an output or with ``plan_only``).
        initial_image: the picture used as scene 1's first keyframe, when it was new.
        contact_sheet: the contact sheet written, if asked for.
    """

    project_path: Path
    plan: RenderPlanReport
    stats: PipelineStats | None = None
    export: ExportResult | None = None
    initial_image: Path | None = None
    contact_sheet: Path | None = None

    @property
    def cost(self) -> float:
        return self.stats.cost if self.stats is not None else 0.0


class RenderError(Exception):
    """A render refused or failed; the message is one line for the user.

    Attributes:
        bad_input: the caller's input was at fault (a missing picture, an unusable file).
        stats: what the run did before it failed (None: refused before anything was paid).
        project_path: the project folder, which keeps everything made so far.
    """

    def __init__(self, message: str, *, bad_input: bool = False,
                 stats: PipelineStats | None = None, project_path: Path | None = None) -> None:
        super().__init__(message)
        self.bad_input = bad_input
        self.stats = stats
        self.project_path = project_path


def _plan_report(project: Project, plan_job: Job | None) -> RenderPlanReport:
    env_names = {env.id: env.name for env in project.environments}
    scenes = tuple(PlannedScene(scene.title, env_names.get(scene.environment_id, "?"),
                                scene.duration, scene.camera.value, scene.shot_type.value)
                   for scene in project.ordered_scenes)
    result = plan_job.result if plan_job is not None else None
    return RenderPlanReport(scenes, len(project.environments), project.duration,
                            new=plan_job is not None,
                            summary=result.summary() if result is not None else None,
                            notes=tuple(result.notes) if result is not None else ())


async def render_script(
    script: str,
    project_dir: Path,
    settings: Settings,
    providers: ProviderSet,
    options: RenderOptions,
    *,
    progress: RenderProgress | None = None,
    limits: RenderLimits | None = None,
    redact: Callable[[str], str] | None = None,
    session: ProjectSession | None = None,
) -> RenderOutcome:
    """Plan ``script`` into the project at ``project_dir`` (kept when nothing changed),
    generate what is missing or stale, and export the film to ``options.output``.

    The command line's ``render``, the editor's Generate all and the batch all run this. With
    ``session`` (the editor's open project) no project is opened or planned: what the session
    holds is generated, as the editor's Generate all (locked scenes are left alone), and the
    session stays open. Otherwise the project is opened (or created) here, and closed again
    before returning, keeping everything finished even when the run fails or is cancelled.

    Raises:
        RenderError: refused (a bad key, a budget the plan cannot fit, an unusable picture)
            or some steps failed (each was reported to ``progress.step_failed`` first).
        ScriptError, ProjectLoadError, ProjectLockedError, ProviderError: from opening and
            planning, as raised.
        asyncio.CancelledError: the run was cancelled; what finished is kept.
    """
    sink = progress or SilentProgress()
    limits = limits or RenderLimits()
    if options.initial_image is not None \
            and not await asyncio.to_thread(Path(options.initial_image).is_file):
        raise RenderError(f"no such picture: {options.initial_image}", bad_input=True)
    if session is not None:
        return await _run(session, _plan_report(session.project, None), options, sink,
                          editor=True)
    if options.check_keys:
        await _check_keys(providers)  # a bad key fails before the (paid) plan
    sink.stage(0.0, "planning")
    session_options: dict[str, Any] = {"purpose": options.purpose}
    if redact is not None:
        session_options["redact"] = redact
    if limits.cpu is not None:
        from vidstudio.jobs.manager import JobManager

        session_options["manager"] = JobManager(cpu_limit=limits.cpu)
    # One account for the whole render: the plan and every generated slot spend from it.
    account = (options.budget if isinstance(options.budget, Budget)
               else Budget(options.budget) if options.budget is not None else None)
    try:
        opened, plan_job = await open_for_render(script, Path(project_dir), settings,
                                                 providers, replan=options.replan,
                                                 environments=options.environments,
                                                 budget=account,
                                                 resend_unknown=options.resend_unknown,
                                                 **session_options)
    except SessionError as refused:  # the plan itself: refused before it was paid for
        raise RenderError(str(refused)) from None
    if account is not None:
        options = dataclasses.replace(options, budget=account)
    try:
        report = _plan_report(opened.project, plan_job)
        sink.planned(report)
        return await _run(opened, report, options, sink, editor=False)
    finally:
        await opened.close()


async def _run(session: ProjectSession, report: RenderPlanReport, options: RenderOptions,
               sink: RenderProgress, *, editor: bool) -> RenderOutcome:
    session.resend_unknown = options.resend_unknown
    path = session.folder.path
    used_image = None
    if options.initial_image is not None:
        used_image = await _use_initial_image(session, Path(options.initial_image))
        if used_image is not None:
            sink.note(f"scene 1 starts on {used_image.name}")
    if options.plan_only:
        return RenderOutcome(path, report, initial_image=used_image)
    if options.score_from and session.project.music_settings.score_from != options.score_from:
        from vidstudio.core.music_commands import EditMusic

        session.execute(EditMusic({"score_from": options.score_from}))
    if editor and options.output is None:
        job = session.generate_all(budget=options.budget)
    else:
        job = session.render(options.output, options.export, budget=options.budget,
                             force=options.force)

    def on_change(changed: Job) -> None:
        if changed is job:
            sink.stage(changed.progress, changed.message or changed.name)

    session.manager.job_changed.connect(on_change)
    try:
        result = await session.wait(job)
    except SessionError as exc:
        stats = job.stats
        if stats is None:  # refused before anything was paid (the pre-flight)
            raise RenderError(str(exc), project_path=path) from None
        for failure in stats.failures:
            sink.step_failed(failure)
        raise RenderError(f"{len(stats.failures)} step(s) failed; the project keeps "
                          f"everything made so far in {path}", stats=stats,
                          project_path=path) from None
    finally:
        session.manager.job_changed.disconnect(on_change)
    stats, exported = result if isinstance(result, tuple) else (result, None)
    for notice in stats.notices:
        sink.note(f"note: {notice}")
    sheet = None
    if options.contact_sheet and options.output is not None:
        from vidstudio.media.contact_sheet import write_contact_sheet

        sheet = Path(options.output).with_name(Path(options.output).stem + "-contact.png")
        await asyncio.to_thread(write_contact_sheet, session.project, path, sheet)
    return RenderOutcome(path, report, stats, exported, used_image, sheet)


async def _check_keys(providers: ProviderSet) -> None:
    from vidstudio.jobs.preflight import PreflightError, check_providers

    try:
        await check_providers(providers)
    except PreflightError as exc:
        raise RenderError(str(exc)) from None


async def _use_initial_image(session: ProjectSession, picture: Path) -> Path | None:
    """The picture becomes scene 1's first keyframe, once: the same file again is a no-op
    (returns None)."""
    import hashlib

    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind

    first = session.project.ordered_scenes[0]
    slot = first.slots[SlotKind.FIRST_FRAME]
    digest = await asyncio.to_thread(lambda: hashlib.sha256(picture.read_bytes()).hexdigest())
    active = slot.active_take
    if active is not None and active.file and Path(active.file).stem == digest:
        return None
    try:
        await session.wait(session.import_take(SlotRef(first.id, SlotKind.FIRST_FRAME),
                                               picture))
    except SessionError as exc:
        raise RenderError(f"--initial-image {picture.name}: {exc}", bad_input=True,
                          project_path=session.folder.path) from None
    return picture


async def estimate_script(script: str, project_dir: Path, settings: Settings,
                          providers: ProviderSet) -> Estimate:
    """What rendering ``script`` into ``project_dir`` would cost; nothing is paid.

    The structure comes from the free offline planner unless the project already holds a plan
    of this script. What the project already holds and is up to date costs nothing: a
    finished project estimates $0.00.
    """
    import tempfile

    from vidstudio.core.plan import project_from_plan
    from vidstudio.jobs.estimate import estimate_run
    from vidstudio.jobs.planning import make_plan
    from vidstudio.providers.local.planner import LocalPlanner
    from vidstudio.providers.pricing import PriceList

    project: Project | None = None
    folder: ProjectFolder | None = None
    if await asyncio.to_thread(ProjectFolder.is_project, project_dir):
        folder, project = await asyncio.to_thread(ProjectFolder.open, project_dir)
    if project is None or project.script != script:
        with tempfile.TemporaryDirectory(prefix="vidstudio-estimate-") as tmp:
            plan = await make_plan(script, LocalPlanner(), settings, Path(tmp))
        project, folder = project_from_plan(plan, script, settings, "local"), None
    replan = folder is None or project.plan_key != plan_key(script, providers.planner, settings)
    return estimate_run(project, providers, PriceList.load(), include_plan=replan,
                        folder=folder)
