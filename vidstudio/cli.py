"""The ``vidstudio`` command line: the same jobs the editor runs, headless.

    vidstudio render SCRIPT -o OUT.mp4 [--project DIR] [--aspect 16:9|9:16|1:1] [--max-scenes N]
    vidstudio plan SCRIPT
    vidstudio export PROJECT -o OUT.mp4|OUT.otio
    vidstudio regenerate PROJECT --scene N --slot clip|first_frame|last_frame|sfx|narration
    vidstudio takes PROJECT [--scene N]
    vidstudio use PROJECT --scene N --slot SLOT --take ID
    vidstudio import PROJECT --scene N --slot SLOT FILE
    vidstudio costs PROJECT
    vidstudio random-script [--seed N]
    vidstudio [app] [PROJECT]          the editor (started by vidstudio.__main__)

Progress goes to stderr (a bar on a terminal, sparse lines otherwise); a failure prints one line
``vidstudio: error: ...`` and exits non-zero without touching any existing output file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from vidstudio import __version__

# Only what every command needs is imported up front, so `vidstudio --version` and `--help`
# start fast; each command imports its own machinery.
if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Sequence
    from concurrent.futures import ProcessPoolExecutor

    from vidstudio.core.models import Settings
    from vidstudio.core.vocabulary import Stage
    from vidstudio.export import ExportOptions
    from vidstudio.jobs.manager import Job
    from vidstudio.jobs.pipeline import PipelineStats
    from vidstudio.jobs.session import ProjectSession
    from vidstudio.providers.keys import Credentials, Redactor
    from vidstudio.providers.registry import ProviderSet

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUG = 70  # EX_SOFTWARE
EXIT_LOCKED = 75  # EX_TEMPFAIL: another process has the project open; try again later
EXIT_SIGINT = 130  # 128 + SIGINT, as a shell reports a Ctrl-C
EXIT_SIGTERM = 143  # 128 + SIGTERM
INTERRUPTED = "interrupted; the project keeps what was finished"


class CliError(Exception):
    """A one-line reason to stop; exit code attached."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- progress
class ProgressPrinter:
    """A bar on a terminal; otherwise a line every 10 % so logs stay short."""

    def __init__(self, stream: TextIO, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty()
        self._last_decile = -1
        self._last_draw = 0.0

    def __call__(self, fraction: float, message: str) -> None:
        if self.quiet:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and fraction < 1.0:
                return
            self._last_draw = now
            width = 30
            filled = int(width * fraction)
            text = message[:48].ljust(48)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {text}")
            self.stream.flush()
        else:
            decile = int(fraction * 10)
            if decile > self._last_decile:
                self._last_decile = decile
                self.stream.write(f"{fraction:4.0%} {message}\n")
                self.stream.flush()

    def done(self) -> None:
        if self.tty and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()


# ---------------------------------------------------------------------------- helpers
def _requested_stages(args: argparse.Namespace) -> dict[Stage, str]:
    from vidstudio.core.vocabulary import Stage

    return {stage: getattr(args, stage.value, None) or "auto" for stage in Stage}


def _settings_from(args: argparse.Namespace) -> Settings:
    from vidstudio.core.models import Settings
    from vidstudio.core.vocabulary import AspectRatio

    settings = Settings()
    updates: dict[str, Any] = {"providers": _requested_stages(args)}
    if getattr(args, "aspect", None):
        updates["aspect_ratio"] = AspectRatio(args.aspect)
    if getattr(args, "max_scenes", None) is not None:
        if not 1 <= args.max_scenes <= 5:
            raise CliError("--max-scenes must be between 1 and 5", EXIT_USAGE)
        updates["max_scenes"] = args.max_scenes
    if getattr(args, "seed", None) is not None:
        updates["seed"] = args.seed
    return settings.model_copy(update=updates)


def _check_output(path: Path, allowed: Sequence[str], project: Path | None = None) -> Path:
    from vidstudio.storage import ensure_writable_dir

    path = Path(path)
    if path.suffix.lower() not in allowed:
        raise CliError(f"the output must end in {' or '.join(allowed)}: {path.name}", EXIT_USAGE)
    if path.is_dir():
        raise CliError(f"the output {path} is a folder; give a file name", EXIT_USAGE)
    if project is not None:
        inside = path.resolve().parent
        root = Path(project).resolve()
        if inside == root or inside.is_relative_to(root / "assets") \
                or inside.is_relative_to(root / "cache") or inside.is_relative_to(root / "work"):
            raise CliError(f"the output {path} would be written inside the project's own "
                           "files; choose a place outside the project folder", EXIT_USAGE)
    try:
        ensure_writable_dir(path.parent if str(path.parent) else Path("."))
    except OSError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    return path


def _make_executor() -> ProcessPoolExecutor:
    """The process pool for CPU work. Its workers ignore Ctrl-C and die with vidstudio (see
    ``vidstudio.lifetime``); leaving its ``with`` block through an interruption or an error
    kills them instead of waiting for the work in progress."""
    import multiprocessing

    from vidstudio.lifetime import pool_worker_init

    # forkserver: workers do not inherit the event loop's threads or open SDK clients.
    context = multiprocessing.get_context("forkserver")
    return _pool_class()(max_workers=max(1, os.cpu_count() or 1), mp_context=context,
                         initializer=pool_worker_init, initargs=(os.getpid(),))


def _pool_class() -> type[ProcessPoolExecutor]:
    from concurrent.futures import ProcessPoolExecutor

    class StoppablePool(ProcessPoolExecutor):
        def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool | None:
            if exc_type is not None:
                # Work in progress is not wanted any more (the run was interrupted or failed):
                # end the workers rather than wait for them.
                for process in list((getattr(self, "_processes", None) or {}).values()):
                    with contextlib.suppress(OSError, ValueError, AttributeError):
                        process.kill()
                self.shutdown(wait=True, cancel_futures=True)
                return None
            return super().__exit__(exc_type, exc, tb)

    return StoppablePool


def _build(args: argparse.Namespace, settings: Settings, credentials: Credentials,
           executor: ProcessPoolExecutor) -> ProviderSet:
    from vidstudio.lifetime import freeze_heap
    from vidstudio.providers.base import ProviderError
    from vidstudio.providers.registry import build_providers

    try:
        providers = build_providers(settings.providers, credentials, executor=executor)
    except ProviderError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    freeze_heap(collect=False)  # the engines are imported: see freeze_heap
    return providers


def _credentials() -> tuple[Credentials, Redactor]:
    from vidstudio.providers.keys import Credentials

    credentials = Credentials.discover()
    redact = credentials.redactor()
    _install_redaction(redact)
    return credentials, redact


def _summary(stats: PipelineStats) -> str:
    made = f"{stats.generated} generated, {stats.reused} reused"
    return made + (f", cost ${stats.cost:.2f}" if stats.cost else "")


def _open_session(path: Path, providers: ProviderSet, redact: Redactor,
                  purpose: str) -> ProjectSession:
    from vidstudio.jobs.session import ProjectSession

    return ProjectSession.open(Path(path), providers, redact=redact, purpose=purpose)


async def _await_job(session: ProjectSession, job: Job, printer: ProgressPrinter | None) -> Any:
    """Wait for a session job, drawing its progress; Ctrl-C cancels it and keeps what finished."""
    if printer is not None:
        def on_change(changed: Job) -> None:
            if changed is job:
                printer(changed.progress, changed.message or changed.name)

        session.manager.job_changed.connect(on_change)
    try:
        return await session.wait(job)
    finally:
        if printer is not None:
            session.manager.job_changed.disconnect(on_change)
            printer.done()


def _scene_ref(session: ProjectSession, number: int, slot: str) -> Any:
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind

    scenes = session.project.ordered_scenes
    if not 1 <= number <= len(scenes):
        raise CliError(f"--scene must be between 1 and {len(scenes)}", EXIT_USAGE)
    return SlotRef(scenes[number - 1].id, SlotKind(slot))


# ---------------------------------------------------------------------------- commands
async def _cmd_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.jobs.planning import read_script
    from vidstudio.jobs.render import open_for_render
    from vidstudio.jobs.session import SessionError
    from vidstudio.storage import default_project_path

    script = read_script(args.script)
    output = _check_output(args.output, (".mp4",))
    project_dir = Path(args.project) if args.project else default_project_path(output)
    _check_output(args.output, (".mp4",), project_dir)
    if args.budget is not None and not (args.budget >= 0 and args.budget < float("inf")):
        raise CliError("--budget must be a number of dollars, 0 or more", EXIT_USAGE)
    settings = _settings_from(args)
    environments = _read_environments(args.environments, settings) if args.environments else None
    if args.initial_image is not None:
        _check_picture(Path(args.initial_image))
    credentials, redact = _credentials()
    printer = ProgressPrinter(err, quiet=args.quiet)
    with _make_executor() as executor:
        providers = _build(args, settings, credentials, executor)
        if not args.quiet:
            err.write(f"providers: {providers.describe()}\n")
        if args.estimate:
            return await _estimate(script, project_dir, settings, providers, out)
        await _check_keys(providers)  # a bad key fails before the (paid) plan
        printer(0.0, "planning")
        session, plan_job = await open_for_render(script, project_dir, settings, providers,
                                                  replan=args.replan, redact=redact,
                                                  environments=environments,
                                                  purpose="vidstudio render")
        try:
            project = session.project
            if not args.quiet:
                state = "kept" if plan_job is None else "new"
                err.write(f"plan: {len(project.scenes)} scenes, {len(project.environments)} "
                          f"environments, {project.duration:.0f} s ({state})\n")
                if plan_job is not None and plan_job.result is not None:
                    err.write(f"{plan_job.result.summary()}\n")
                    for note in plan_job.result.notes:
                        err.write(f"note: {note}\n")
            if args.initial_image is not None:
                await _use_initial_image(session, Path(args.initial_image), err)
            if args.plan_only:
                _print_plan_only(session, out, err)
                return 0
            job = session.render(output, _export_options(args), budget=args.budget,
                                 force=args.force)
            try:
                stats, result = await _await_job(session, job, printer)
            except SessionError as exc:
                stats = job.stats
                if stats is None:  # refused before anything was paid (the pre-flight)
                    raise CliError(str(exc)) from None
                for failure in stats.failures:
                    err.write(f"  {failure.title} ({failure.ref.kind.value}): "
                              f"{failure.message}\n")
                raise CliError(f"{len(stats.failures)} step(s) failed; the project keeps "
                               f"everything made so far in {session.folder.path} — run the "
                               "same command again to retry") from None
            if args.contact_sheet:
                from vidstudio.media.contact_sheet import write_contact_sheet

                sheet = output.with_name(output.stem + "-contact.png")
                write_contact_sheet(project, session.folder.path, sheet)
                err.write(f"contact sheet: {sheet}\n")
        finally:
            await session.close()
    for notice in stats.notices:
        err.write(f"note: {notice}\n")
    err.write(f"{_summary(stats)}\n")
    if result is not None and getattr(result, "up_to_date", False):
        err.write(f"{output.name} is up to date (nothing changed; --force exports again)\n")
    out.write(f"{result.output if result else output}\n")
    return 0


def _check_picture(path: Path) -> None:
    if not path.is_file():
        raise CliError(f"no such picture: {path}", EXIT_USAGE)


def _read_environments(path: Path, settings: Settings) -> Any:
    from vidstudio.core.custom_environments import (
        CustomEnvironmentError,
        parse_custom_environments,
    )

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}", EXIT_USAGE) from None
    try:
        return parse_custom_environments(data, max_environments=settings.max_environments)
    except CustomEnvironmentError as exc:
        raise CliError(f"{Path(path).name}: {exc}", EXIT_USAGE) from None


async def _use_initial_image(session: ProjectSession, picture: Path, err: TextIO) -> None:
    """The picture becomes scene 1's first keyframe (once: the same file again is a no-op)."""
    import asyncio
    import hashlib

    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.jobs.session import SessionError

    first = session.project.ordered_scenes[0]
    slot = first.slots[SlotKind.FIRST_FRAME]
    digest = await asyncio.to_thread(lambda: hashlib.sha256(picture.read_bytes()).hexdigest())
    active = slot.active_take
    if active is not None and active.file and Path(active.file).stem == digest:
        return
    try:
        await session.wait(session.import_take(SlotRef(first.id, SlotKind.FIRST_FRAME),
                                               picture))
    except SessionError as exc:
        raise CliError(f"--initial-image {picture.name}: {exc}", EXIT_USAGE) from None
    err.write(f"scene 1 starts on {picture.name}\n")


def _print_plan_only(session: ProjectSession, out: TextIO, err: TextIO) -> None:
    project = session.project
    env_names = {env.id: env.name for env in project.environments}
    for number, scene in enumerate(project.ordered_scenes, 1):
        err.write(f"  {number}. {scene.title} — {env_names[scene.environment_id]}, "
                  f"{scene.duration} s, {scene.camera.value}, {scene.shot_type.value}\n")
    err.write("plan only: the plan and prompts are in the project; nothing was generated\n")
    out.write(f"{session.folder.path}\n")


async def _check_keys(providers: ProviderSet) -> None:
    from vidstudio.jobs.preflight import PreflightError, check_providers

    try:
        await check_providers(providers)
    except PreflightError as exc:
        raise CliError(str(exc)) from None


async def _estimate(script: str, project_dir: Path, settings: Settings,
                    providers: ProviderSet, out: TextIO) -> int:
    """Print what the run would cost; nothing is paid (the structure comes from the free
    offline planner unless the project already holds a plan). What the project already holds
    and is up to date costs nothing: a finished project estimates $0.00."""
    import tempfile

    from vidstudio.core.plan import project_from_plan
    from vidstudio.jobs.estimate import estimate_run
    from vidstudio.jobs.planning import make_plan, plan_key
    from vidstudio.providers.local.planner import LocalPlanner
    from vidstudio.providers.pricing import PriceList
    from vidstudio.storage import ProjectFolder

    project = folder = None
    if ProjectFolder.is_project(project_dir):
        folder, project = ProjectFolder.open(project_dir)
    if project is None or project.script != script:
        with tempfile.TemporaryDirectory(prefix="vidstudio-estimate-") as tmp:
            plan = await make_plan(script, LocalPlanner(), settings, Path(tmp))
        project, folder = project_from_plan(plan, script, settings, "local"), None
    replan = folder is None or project.plan_key != plan_key(script, providers.planner, settings)
    estimate = estimate_run(project, providers, PriceList.load(), include_plan=replan,
                            folder=folder)
    out.write(estimate.table() + "\n")
    return 0


async def _cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import tempfile

    from vidstudio.core.vocabulary import Stage
    from vidstudio.jobs.planning import make_plan, read_script

    script = read_script(args.script)
    settings = _settings_from(args)
    credentials, _ = _credentials()
    with _make_executor() as executor:
        providers = _build(args, settings, credentials, executor)
        with tempfile.TemporaryDirectory(prefix="vidstudio-plan-") as tmp:
            plan = await make_plan(script, providers.planner, settings, Path(tmp))
    document = {"planner": providers.names[Stage.PLANNER], **plan.model_dump(mode="json")}
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


async def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.export import export_project
    from vidstudio.storage import ProjectFolder

    output = _check_output(args.output, (".mp4", ".otio"), Path(args.project))
    # Exporting only reads the project: no lock, so it works while the editor has it open.
    folder, project = ProjectFolder.open(Path(args.project))
    printer = ProgressPrinter(err, quiet=args.quiet)
    try:
        result = await export_project(project, folder.path, output, _export_options(args),
                                      printer, force=args.force, verify=folder.assets.verify)
    finally:
        printer.done()
    if result.up_to_date:
        err.write(f"{output.name} is up to date (nothing changed; --force exports again)\n")
    out.write(f"{result.output}\n")
    return 0


async def _cmd_regenerate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.jobs.session import SessionError
    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(Path(args.project))  # a clear error before anything else
    if args.output:
        _check_output(Path(args.output), (".mp4", ".otio"), Path(args.project))
    credentials, redact = _credentials()
    with _make_executor() as executor:
        providers = _build(args, project.settings, credentials, executor)
        session = _open_session(Path(args.project), providers, redact, "vidstudio regenerate")
        try:
            ref = _scene_ref(session, args.scene, args.slot)
            job = session.regenerate(ref)
            try:
                take = await _await_job(session, job, None)
            except SessionError as exc:
                raise CliError(f"regenerating {args.slot} of scene {args.scene} failed: "
                               f"{exc}") from None
            kept = len(session.project.scene(ref.owner).slots[ref.kind].takes)
            err.write(f"scene {args.scene} {args.slot}: new take {take.id} ({kept} kept)\n")
            if args.output:
                output = _check_output(Path(args.output), (".mp4", ".otio"), Path(args.project))
                result = await session.wait(session.export(output, _export_options(args)))
                out.write(f"{result.output}\n")
        finally:
            await session.close()
    return 0


async def _cmd_takes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(Path(args.project))
    scenes = project.ordered_scenes
    if args.scene is not None and not 1 <= args.scene <= len(scenes):
        raise CliError(f"--scene must be between 1 and {len(scenes)}", EXIT_USAGE)
    out.write("scene\tslot\ttake\tactive\tstatus\tprovider\tseed\tcost\tcreated\n")
    for number, scene in enumerate(scenes, 1):
        if args.scene is not None and number != args.scene:
            continue
        for kind, slot in scene.slots.items():
            for take in slot.takes:
                active = "*" if take.id == slot.active else ""
                if active and slot.stale:
                    active = "* (stale)"
                status = take.status if take.status == "ready" else f"failed: {take.error}"
                out.write(f"{number}\t{kind.value}\t{take.id}\t{active}\t{status}\t"
                          f"{take.provider}\t{take.seed}\t${take.cost:.2f}\t"
                          f"{take.created:%Y-%m-%d %H:%M:%S}\n")
    return 0


async def _cmd_costs(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from collections import defaultdict

    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(Path(args.project))
    out.write("when\tprovider\tmodel\tstage\tfor\ttake\tamount\n")
    by_provider: dict[str, float] = defaultdict(float)
    for entry in project.ledger:
        mark = " (price list)" if entry.estimated else ""
        out.write(f"{entry.when:%Y-%m-%d %H:%M:%S}\t{entry.provider}\t{entry.model}\t"
                  f"{entry.stage}\t{entry.owner_name}\t{entry.take_id or ''}\t"
                  f"${entry.amount:.2f}{mark}\n")
        by_provider[entry.provider] += entry.amount
    for provider, amount in sorted(by_provider.items()):
        err.write(f"{provider}: ${amount:.2f}\n")
    err.write(f"total spent on this project: ${sum(by_provider.values()):.2f} "
              f"({len(project.ledger)} paid calls)\n")
    return 0


async def _cmd_use(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.core.commands import ActivateTake
    from vidstudio.core.models import TakeId
    from vidstudio.providers.registry import build_providers

    credentials, redact = _credentials()
    # Choosing a take calls no provider; the local set satisfies the session's needs.
    providers = build_providers({}, credentials)
    session = _open_session(Path(args.project), providers, redact, "vidstudio use")
    try:
        ref = _scene_ref(session, args.scene, args.slot)
        try:
            changes = session.execute(ActivateTake(ref, TakeId(args.take)))
        except ValueError as exc:
            raise CliError(f"{exc} (see `vidstudio takes`)", EXIT_USAGE) from None
        stale = sorted(r.kind.value for r in changes.stale)
        err.write(f"scene {args.scene} {args.slot}: using take {args.take}"
                  + (f"; now stale: {', '.join(stale)}" if stale else "") + "\n")
    finally:
        await session.close()
    return 0


async def _cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.jobs.session import SessionError
    from vidstudio.providers.registry import build_providers

    source = Path(args.file)
    credentials, redact = _credentials()
    providers = build_providers({}, credentials)  # importing calls no provider
    session = _open_session(Path(args.project), providers, redact, "vidstudio import")
    try:
        ref = _scene_ref(session, args.scene, args.slot)
        try:
            take = await session.wait(session.import_take(ref, source))
        except SessionError as exc:
            raise CliError(f"cannot use {source.name} as scene {args.scene}'s {args.slot}: "
                           f"{exc}", EXIT_USAGE) from None
        slot = session.project.scene(ref.owner).slots[ref.kind]
        stale = sorted(k.value for k, s in session.project.scene(ref.owner).slots.items()
                       if s.stale)
        err.write(f"scene {args.scene} {args.slot}: imported {source.name} as take {take.id} "
                  f"({len(slot.takes)} kept)"
                  + (f"; now stale: {', '.join(stale)}" if stale else "") + "\n")
    finally:
        await session.close()
    return 0


async def _cmd_random_script(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import tempfile

    from vidstudio.providers.base import CallContext

    settings = _settings_from(args)
    credentials, _ = _credentials()
    with _make_executor() as executor:
        providers = _build(args, settings, credentials, executor)
        with tempfile.TemporaryDirectory(prefix="vidstudio-") as tmp:
            text = await providers.planner.random_script(args.seed,
                                                         CallContext(work_dir=Path(tmp)))
    out.write(text.rstrip() + "\n")
    return 0


async def _cmd_voices(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.core.vocabulary import Stage

    settings = _settings_from(args)
    credentials, _ = _credentials()
    with _make_executor() as executor:
        providers = _build(args, settings, credentials, executor)
        lister = getattr(providers.voice, "list_voices", None)
        if lister is None:
            raise CliError(f"the {providers.names[Stage.VOICE]} narrator cannot list voices")
        voices = await lister()
    err.write(f"voices of the {providers.names[Stage.VOICE]} narrator:\n")
    for voice_id, name in voices:
        out.write(f"{voice_id}\t{name}\n")
    return 0


async def _cmd_app(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    raise AssertionError("the editor runs its own loop")  # dispatched in main()


# ------------------------------------------------------------------------------ parser
# The export engine's choices, spelled out so that building the parser (and so --help and
# --version) imports no export machinery; a test keeps them equal to the engine's own lists.
PRESET_CHOICES = ("broadcast-1080p", "square-1080", "vertical-1080", "web-1080p", "web-720p")
TRANSITION_CHOICES = ("cut", "crossfade", "dip_to_black")
CONFORM_CHOICES = ("crop", "pad", "blur")


def _add_export_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("export")
    group.add_argument("--preset", choices=PRESET_CHOICES,
                       help="delivery format (default: the project's size and fps, -14 LUFS)")
    group.add_argument("--transition", choices=TRANSITION_CHOICES)
    group.add_argument("--conform", choices=CONFORM_CHOICES,
                       help="how clips of another aspect ratio fit the frame")
    group.add_argument("--force", action="store_true",
                       help="export again even when the output is up to date")
    group.add_argument("--loudness", type=float, metavar="LUFS",
                       help="integrated loudness target, e.g. -14 (web) or -23 (broadcast)")
    group.add_argument("--burn-subtitles", action="store_true")
    group.add_argument("--no-subtitles", action="store_true", help="write no .srt/.vtt")


def _export_options(args: argparse.Namespace) -> ExportOptions:
    from pydantic import ValidationError

    from vidstudio.export import ExportOptions

    fields: dict[str, Any] = {}
    if getattr(args, "preset", None):
        fields["preset"] = args.preset
    if getattr(args, "transition", None):
        fields["transition"] = args.transition
    if getattr(args, "conform", None):
        fields["conform"] = args.conform
    if getattr(args, "loudness", None) is not None:
        fields["loudness_lufs"] = args.loudness
    if getattr(args, "burn_subtitles", False):
        fields["burn_subtitles"] = True
    if getattr(args, "no_subtitles", False):
        fields["sidecars"] = False
    try:
        return ExportOptions(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CliError(f"invalid export option {where}: {first['msg']}", EXIT_USAGE) from None


def _add_provider_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("providers (default: auto = cloud when its key is set)")
    group.add_argument("--planner", choices=["auto", "local", "claude", "gemini"])
    group.add_argument("--images", choices=["auto", "local", "luma"])
    group.add_argument("--style", choices=["auto", "local", "fal"])
    group.add_argument("--video", choices=["auto", "local", "luma"])
    group.add_argument("--sound", choices=["auto", "local", "elevenlabs"])
    group.add_argument("--voice", choices=["auto", "local", "elevenlabs"])


def build_parser() -> argparse.ArgumentParser:
    from vidstudio.core.vocabulary import AspectRatio, SlotKind

    parser = argparse.ArgumentParser(
        prog="vidstudio", description="Turn a written script into a narrated video."
    )
    parser.add_argument("--version", action="version", version=f"vidstudio {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command")

    app = sub.add_parser("app", help="open the editor (also: vidstudio with no arguments)")
    app.add_argument("project", type=Path, nargs="?", help="a project folder or a script")

    render = sub.add_parser("render", help="script -> MP4 (plans, generates, exports)")
    render.add_argument("script", type=Path)
    render.add_argument("-o", "--output", type=Path, required=True)
    render.add_argument("--project", type=Path, help="project folder (default: beside OUTPUT)")
    render.add_argument("--aspect", choices=[a.value for a in AspectRatio])
    render.add_argument("--max-scenes", type=int)
    render.add_argument("--seed", type=int)
    render.add_argument("--replan", action="store_true", help="plan again even if unchanged")
    render.add_argument("--contact-sheet", action="store_true",
                        help="also write OUTPUT-contact.png with every scene's keyframes")
    render.add_argument("--estimate", action="store_true",
                        help="print what the run would cost and stop; nothing is paid")
    render.add_argument("--budget", type=float, metavar="USD",
                        help="start no paid job that would take the run's spend past USD")
    render.add_argument("--environments", type=Path, metavar="FILE.json",
                        help="your own places (a JSON list) the plan must use")
    render.add_argument("--initial-image", type=Path, metavar="PICTURE",
                        help="the first scene's first keyframe")
    render.add_argument("--plan-only", action="store_true",
                        help="write the plan and prompts into the project; generate nothing")
    render.add_argument("-q", "--quiet", action="store_true")
    _add_provider_options(render)
    _add_export_options(render)

    plan = sub.add_parser("plan", help="print the plan as JSON (generates nothing)")
    plan.add_argument("script", type=Path)
    plan.add_argument("--max-scenes", type=int)
    plan.add_argument("--planner", choices=["auto", "local", "claude", "gemini"])

    export = sub.add_parser("export", help="export an existing project")
    export.add_argument("project", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("-q", "--quiet", action="store_true")
    _add_export_options(export)

    regen = sub.add_parser("regenerate", help="a new take of one scene's slot")
    regen.add_argument("project", type=Path)
    regen.add_argument("--scene", type=int, required=True, help="scene number, from 1")
    regen.add_argument("--slot", required=True,
                       choices=[k.value for k in SlotKind
                                if k not in (SlotKind.ENV_IMAGE, SlotKind.STYLE)])
    regen.add_argument("-o", "--output", type=Path, help="export the film afterwards")
    _add_provider_options(regen)
    _add_export_options(regen)

    takes = sub.add_parser("takes", help="list each slot's takes")
    takes.add_argument("project", type=Path)
    takes.add_argument("--scene", type=int, help="only this scene (from 1)")

    costs = sub.add_parser("costs", help="every paid call of a project and what it cost")
    costs.add_argument("project", type=Path)

    use = sub.add_parser("use", help="make an earlier take of a slot the one in use")
    use.add_argument("project", type=Path)
    use.add_argument("--scene", type=int, required=True, help="scene number, from 1")
    use.add_argument("--slot", required=True,
                     choices=[k.value for k in SlotKind
                              if k not in (SlotKind.ENV_IMAGE, SlotKind.STYLE)])
    use.add_argument("--take", required=True, help="the take's id (see `vidstudio takes`)")

    imp = sub.add_parser("import", help="your own file as a new take of a scene's slot")
    imp.add_argument("project", type=Path)
    imp.add_argument("--scene", type=int, required=True, help="scene number, from 1")
    imp.add_argument("--slot", required=True,
                     choices=[k.value for k in SlotKind
                              if k not in (SlotKind.ENV_IMAGE, SlotKind.STYLE)])
    imp.add_argument("file", type=Path, help="a video, sound or picture file")

    voices = sub.add_parser("voices", help="list the narrator's voices")
    voices.add_argument("--voice", choices=["auto", "local", "elevenlabs"])

    rnd = sub.add_parser("random-script", help="print an original short script")
    rnd.add_argument("--seed", type=int, default=0)
    rnd.add_argument("--planner", choices=["auto", "local", "claude", "gemini"])
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], Coroutine[Any, Any, int]]] = {
    "render": _cmd_render,
    "plan": _cmd_plan,
    "export": _cmd_export,
    "regenerate": _cmd_regenerate,
    "random-script": _cmd_random_script,
    "voices": _cmd_voices,
    "takes": _cmd_takes,
    "use": _cmd_use,
    "import": _cmd_import,
    "costs": _cmd_costs,
}

_redactor: Redactor | None = None


def _install_redaction(redactor: Redactor) -> None:
    global _redactor
    _redactor = redactor
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)


class Interrupted(BaseException):
    """SIGINT or SIGTERM ended the run (after the session closed, keeping finished work)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


async def _until_signalled(command: Coroutine[Any, Any, int]) -> int:
    """Run ``command``; SIGINT or SIGTERM cancels it, so that every ``finally`` runs (the
    session closes: jobs are cancelled and what finished is saved), then ``Interrupted``.

    A second signal while that clean-up runs ends the process at once, as the signal would.
    """
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    received: list[int] = []

    def on_signal(sig: int) -> None:
        if received:
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
            return
        received.append(sig)
        if task is not None:
            task.cancel()

    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
            installed.append(sig)
        except (ValueError, RuntimeError, NotImplementedError):  # not the main thread
            continue
    try:
        return await command
    except BaseException:
        if received:
            raise Interrupted(EXIT_SIGTERM if received[0] == signal.SIGTERM
                              else EXIT_SIGINT) from None
        raise
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None, whole_process: bool | None = None) -> int:
    """Run one command; returns the exit status.

    ``whole_process`` (default: when no streams are given, as the ``vidstudio`` program runs
    it) also ends, on the way out, any child process still running; a caller embedding the CLI
    in its own process (tests) keeps its children.
    """
    if whole_process is None:
        whole_process = out is None and err is None
    try:
        return _main(argv, out=out or sys.stdout, err=err or sys.stderr)
    finally:
        if whole_process:
            from vidstudio.lifetime import end_children

            end_children()


def _main(argv: Sequence[str] | None, *, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=err,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.command in (None, "app"):
        # The editor is started by vidstudio.__main__ (this module never imports Qt).
        err.write("vidstudio: the editor starts from the `vidstudio` command itself\n")
        return EXIT_USAGE

    import asyncio

    from vidstudio.export import ExportError
    from vidstudio.jobs.planning import ScriptError
    from vidstudio.jobs.session import SessionError
    from vidstudio.media.ffmpeg import FFmpegError
    from vidstudio.providers.base import ProviderError
    from vidstudio.storage import ProjectLoadError
    from vidstudio.storage.lock import ProjectLockedError

    try:
        return asyncio.run(_until_signalled(COMMANDS[args.command](args, out, err)))
    except Interrupted as exc:
        return _fail(err, INTERRUPTED, exc.code)
    except CliError as exc:
        return _fail(err, str(exc), exc.code)
    except (ScriptError, ProjectLoadError) as exc:
        return _fail(err, str(exc), EXIT_USAGE)
    except ProjectLockedError as exc:
        return _fail(err, str(exc), EXIT_LOCKED)
    except (ExportError, FFmpegError) as exc:
        return _fail(err, _describe_tool_error(exc), EXIT_FAILED)
    except (ProviderError, SessionError) as exc:
        return _fail(err, str(exc) or type(exc).__name__, EXIT_FAILED)
    except OSError as exc:
        return _fail(err, _describe_os_error(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        return _fail(err, INTERRUPTED, EXIT_SIGINT)
    except BaseExceptionGroup as group:
        # A failure inside concurrent work: report its first real cause, not the group.
        cause = _first_cause(group)
        if isinstance(cause, OSError):
            return _fail(err, _describe_os_error(cause), EXIT_FAILED)
        if isinstance(cause, (ExportError, FFmpegError)):
            return _fail(err, _describe_tool_error(cause), EXIT_FAILED)
        if isinstance(cause, (ProviderError, SessionError)):
            return _fail(err, str(cause), EXIT_FAILED)
        return _bug(err, args, cause)
    except Exception as exc:  # noqa: BLE001  a bug: one line, the traceback behind -v
        return _bug(err, args, exc)


def _first_cause(group: BaseExceptionGroup[Any]) -> BaseException:
    first: BaseException = group.exceptions[0]
    while isinstance(first, BaseExceptionGroup):
        first = first.exceptions[0]
    return first


# What ffmpeg (or the C library) says when a disk is full or read-only, somewhere in its log.
_DISK_FAULTS = (("no space left on device", "no space left on the disk"),
                ("disk quota exceeded", "no space left on the disk (quota)"),
                ("read-only file system", "the output's disk is read-only"))


def _describe_tool_error(exc: BaseException) -> str:
    """An export or ffmpeg failure in one line: a full or read-only disk is named as such,
    wherever in ffmpeg's log it was said."""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    first = text.strip().splitlines()[0] if text.strip() else text
    what = first.split(" failed", 1)[0] if " failed" in first else ""
    for needle, saying in _DISK_FAULTS:
        if needle in lowered:
            return f"{saying} ({what})" if what else saying
    return text


def _describe_os_error(exc: OSError) -> str:
    import errno

    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"no space left on the disk{where}"
    if exc.errno == errno.EROFS:
        return f"{exc.filename or 'the folder'} is read-only"
    return str(exc) or type(exc).__name__


def _bug(err: TextIO, args: argparse.Namespace, exc: BaseException) -> int:
    logging.getLogger("vidstudio").debug("internal error", exc_info=exc)
    if args.verbose:
        import traceback

        traceback.print_exception(exc, file=err)
    return _fail(err, f"internal error ({type(exc).__name__}: {exc}); the project keeps "
                 "what was finished — please report this, with the output of -v", EXIT_BUG)


def _fail(err: TextIO, message: str, code: int) -> int:
    text = message.strip().splitlines()[0] if message.strip() else "failed"
    if _redactor is not None:
        text = _redactor(text)
    err.write(f"vidstudio: error: {text}\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
