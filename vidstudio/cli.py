"""The ``vidstudio`` command line: the same jobs the editor runs, headless.

    vidstudio render SCRIPT -o OUT.mp4 [--project DIR] [--aspect 16:9|9:16|1:1] [--max-scenes N]
    vidstudio plan SCRIPT
    vidstudio export PROJECT -o OUT.mp4|OUT.otio
    vidstudio regenerate PROJECT --scene N --slot clip|first_frame|last_frame|sfx|narration
    vidstudio random-script [--seed N]

Progress goes to stderr (a bar on a terminal, sparse lines otherwise); a failure prints one line
``vidstudio: error: ...`` and exits non-zero without touching any existing output file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from vidstudio import __version__
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import AspectRatio, SlotKind, Stage
from vidstudio.export import ExportError, ExportOptions, export_project
from vidstudio.jobs.manager import JobManager
from vidstudio.jobs.pipeline import Pipeline, PipelineStats
from vidstudio.jobs.render import (
    ScriptError,
    make_plan,
    prepare_project,
    read_script,
    render_project,
)
from vidstudio.media.ffmpeg import FFmpegError
from vidstudio.providers.base import CallContext, ProviderError
from vidstudio.providers.keys import Credentials, Redactor
from vidstudio.providers.registry import ProviderSet, build_providers
from vidstudio.storage import (
    ProjectFolder,
    ProjectLoadError,
    default_project_path,
    ensure_writable_dir,
)

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUG = 70  # EX_SOFTWARE


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
    return {stage: getattr(args, stage.value, None) or "auto" for stage in Stage}


def _settings_from(args: argparse.Namespace) -> Settings:
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


def _check_output(path: Path, allowed: Sequence[str]) -> Path:
    path = Path(path)
    if path.suffix.lower() not in allowed:
        raise CliError(f"the output must end in {' or '.join(allowed)}: {path.name}", EXIT_USAGE)
    if path.is_dir():
        raise CliError(f"the output {path} is a folder; give a file name", EXIT_USAGE)
    try:
        ensure_writable_dir(path.parent if str(path.parent) else Path("."))
    except OSError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    return path


def _make_executor() -> ProcessPoolExecutor:
    # forkserver: workers do not inherit the event loop's threads or open SDK clients.
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1), mp_context=context)


def _build(args: argparse.Namespace, settings: Settings, credentials: Credentials,
           executor: ProcessPoolExecutor) -> ProviderSet:
    try:
        return build_providers(settings.providers, credentials, executor=executor)
    except ProviderError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


def _summary(stats: PipelineStats) -> str:
    made = f"{stats.generated} generated, {stats.reused} reused"
    return made + (f", cost ${stats.cost:.2f}" if stats.cost else "")


# ---------------------------------------------------------------------------- commands
async def _cmd_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    script = read_script(args.script)
    output = _check_output(args.output, (".mp4",))
    project_dir = Path(args.project) if args.project else default_project_path(output)
    settings = _settings_from(args)
    credentials = Credentials.discover()
    redact = credentials.redactor()
    _install_redaction(redact)
    printer = ProgressPrinter(err, quiet=args.quiet)
    with _make_executor() as executor:
        providers = _build(args, settings, credentials, executor)
        if not args.quiet:
            err.write(f"providers: {providers.describe()}\n")
        if args.estimate:
            return await _estimate(script, project_dir, settings, providers, out)
        printer(0.0, "planning")
        folder, project, planned = await prepare_project(
            script, project_dir, settings, providers, replan=args.replan
        )
        if not args.quiet:
            err.write(f"plan: {len(project.scenes)} scenes, {len(project.environments)} "
                      f"environments, {project.duration:.0f} s ({'new' if planned else 'kept'})\n")
        manager = JobManager()
        try:
            stats, result = await render_project(
                folder, project, providers, manager, output,
                export_options=_export_options(args), progress=printer, redact=redact,
                budget=args.budget,
            )
        finally:
            await manager.shutdown()
            printer.done()
    if stats.failures:
        for failure in stats.failures:
            err.write(f"  {failure.title} ({failure.ref.kind.value}): {failure.message}\n")
        raise CliError(f"{len(stats.failures)} step(s) failed; the project keeps everything "
                       f"made so far in {folder.path} — run the same command again to retry")
    if args.contact_sheet:
        from vidstudio.media.contact_sheet import write_contact_sheet

        sheet = output.with_name(output.stem + "-contact.png")
        write_contact_sheet(project, folder.path, sheet)
        err.write(f"contact sheet: {sheet}\n")
    for notice in stats.notices:
        err.write(f"note: {notice}\n")
    err.write(f"{_summary(stats)}\n")
    out.write(f"{result.output if result else output}\n")
    return 0


async def _estimate(script: str, project_dir: Path, settings: Settings,
                    providers: ProviderSet, out: TextIO) -> int:
    """Print what the run would cost; nothing is paid (the structure comes from the free
    offline planner unless the project already holds a plan)."""
    import tempfile

    from vidstudio.core.plan import project_from_plan
    from vidstudio.jobs.estimate import estimate_run
    from vidstudio.providers.local.planner import LocalPlanner
    from vidstudio.providers.pricing import PriceList

    project = None
    if ProjectFolder.is_project(project_dir):
        _, project = ProjectFolder.open(project_dir)
    if project is None or project.script != script:
        with tempfile.TemporaryDirectory(prefix="vidstudio-estimate-") as tmp:
            plan = await make_plan(script, LocalPlanner(), settings, Path(tmp))
        project = project_from_plan(plan, script, settings, "local")
    estimate = estimate_run(project, providers, PriceList.load())
    out.write(estimate.table() + "\n")
    return 0


async def _cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    script = read_script(args.script)
    settings = _settings_from(args)
    credentials = Credentials.discover()
    _install_redaction(credentials.redactor())
    with _make_executor() as executor:
        providers = _build(args, settings, credentials, executor)
        import tempfile

        with tempfile.TemporaryDirectory(prefix="vidstudio-plan-") as tmp:
            plan = await make_plan(script, providers.planner, settings, Path(tmp))
    document = {"planner": providers.names[Stage.PLANNER], **plan.model_dump(mode="json")}
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


async def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    output = _check_output(args.output, (".mp4", ".otio"))
    folder, project = ProjectFolder.open(Path(args.project))
    printer = ProgressPrinter(err, quiet=args.quiet)
    try:
        result = await export_project(project, folder.path, output, _export_options(args),
                                       printer)
    finally:
        printer.done()
    out.write(f"{result.output}\n")
    return 0


async def _cmd_regenerate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    folder, project = ProjectFolder.open(Path(args.project))
    scenes = project.ordered_scenes
    if not 1 <= args.scene <= len(scenes):
        raise CliError(f"--scene must be between 1 and {len(scenes)}", EXIT_USAGE)
    scene = scenes[args.scene - 1]
    credentials = Credentials.discover()
    redact = credentials.redactor()
    _install_redaction(redact)
    with _make_executor() as executor:
        providers = _build(args, project.settings, credentials, executor)
        manager = JobManager()
        pipeline = Pipeline(project, folder, providers, manager, redact=redact)
        from vidstudio.core.deps import SlotRef

        try:
            take = await pipeline.regenerate(SlotRef(scene.id, SlotKind(args.slot)))
        finally:
            await manager.shutdown()
    folder.save(project)
    if take is None:
        reasons = "; ".join(f.message for f in pipeline.stats.failures) or "it did not run"
        raise CliError(f"regenerating {args.slot} of scene {args.scene} failed: {reasons}")
    kept = len(scene.slots[SlotKind(args.slot)].takes)
    err.write(f"scene {args.scene} {args.slot}: new take {take.id} ({kept} kept)\n")
    if args.output:
        output = _check_output(Path(args.output), (".mp4", ".otio"))
        result = await export_project(project, folder.path, output, _export_options(args),
                                      ProgressPrinter(err, quiet=True))
        out.write(f"{result.output}\n")
    return 0


async def _cmd_random_script(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import tempfile

    settings = _settings_from(args)
    credentials = Credentials.discover()
    _install_redaction(credentials.redactor())
    with _make_executor() as executor:
        providers = _build(args, settings, credentials, executor)
        with tempfile.TemporaryDirectory(prefix="vidstudio-") as tmp:
            text = await providers.planner.random_script(args.seed,
                                                         CallContext(work_dir=Path(tmp)))
    out.write(text.rstrip() + "\n")
    return 0


async def _cmd_voices(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    settings = _settings_from(args)
    credentials = Credentials.discover()
    _install_redaction(credentials.redactor())
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


# ------------------------------------------------------------------------------ parser
def _add_export_options(parser: argparse.ArgumentParser) -> None:
    from vidstudio.export import PRESETS, Conform, Transition

    group = parser.add_argument_group("export")
    group.add_argument("--preset", choices=sorted(PRESETS),
                       help="delivery format (default: the project's size and fps, -14 LUFS)")
    group.add_argument("--transition", choices=[t.value for t in Transition])
    group.add_argument("--conform", choices=[c.value for c in Conform],
                       help="how clips of another aspect ratio fit the frame")
    group.add_argument("--loudness", type=float, metavar="LUFS",
                       help="integrated loudness target, e.g. -14 (web) or -23 (broadcast)")
    group.add_argument("--burn-subtitles", action="store_true")
    group.add_argument("--no-subtitles", action="store_true", help="write no .srt/.vtt")


def _export_options(args: argparse.Namespace) -> ExportOptions:
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
    parser = argparse.ArgumentParser(
        prog="vidstudio", description="Turn a written script into a narrated video."
    )
    parser.add_argument("--version", action="version", version=f"vidstudio {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

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
}

_redactor: Redactor | None = None


def _install_redaction(redactor: Redactor) -> None:
    global _redactor
    _redactor = redactor
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=err,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(COMMANDS[args.command](args, out, err))
    except CliError as exc:
        return _fail(err, str(exc), exc.code)
    except (ScriptError, ProjectLoadError) as exc:
        return _fail(err, str(exc), EXIT_USAGE)
    except (ProviderError, ExportError, FFmpegError, OSError) as exc:
        return _fail(err, str(exc) or type(exc).__name__, EXIT_FAILED)
    except KeyboardInterrupt:
        return _fail(err, "interrupted; the project keeps what was finished", 130)
    except Exception as exc:  # a bug: say so in one line, keep the traceback for -v
        logging.getLogger("vidstudio").debug("internal error", exc_info=True)
        if args.verbose:
            import traceback

            traceback.print_exc(file=err)
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
