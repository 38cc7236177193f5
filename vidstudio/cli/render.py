"""``vidstudio render``, ``render --estimate`` and ``plan``: thin clients of
``vidstudio.jobs.render.render_script`` and of the planner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.cli import common
from vidstudio.cli.common import EXIT_USAGE, CliError
from vidstudio.cli.executor import make_executor
from vidstudio.cli.output import ProgressPrinter, RenderPrinter

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from vidstudio.core.models import Settings
    from vidstudio.jobs.render import RenderOutcome
    from vidstudio.providers.registry import ProviderSet


async def cmd_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.jobs.planning import read_script
    from vidstudio.jobs.render import RenderError, RenderOptions, render_script
    from vidstudio.storage import default_project_path

    script = read_script(args.script)
    output = common.check_output(args.output, (".mp4",))
    project_dir = Path(args.project) if args.project else default_project_path(output)
    common.check_output(args.output, (".mp4",), project_dir)
    common.check_budget(args.budget)
    settings = common.settings_from(args)
    environments = (common.read_environments(args.environments, settings)
                    if args.environments else None)
    cast = None
    cast_dir = Path()
    if getattr(args, "cast", None):
        from vidstudio.cli.cast import read_cast

        cast, cast_dir = read_cast(args.cast)
    credentials, redact = common.credentials()
    printer = ProgressPrinter(err, quiet=args.quiet)
    options = RenderOptions(output=output, export=common.export_options(args),
                            budget=args.budget, force=args.force, replan=args.replan,
                            environments=environments, initial_image=args.initial_image,
                            plan_only=args.plan_only, contact_sheet=args.contact_sheet,
                            resend_unknown=args.resend_unknown,
                            score_from=args.score_from)
    with make_executor() as executor:
        providers = common.build(settings, credentials, executor)
        if not args.quiet:
            err.write(f"providers: {providers.describe()}\n")
        if args.estimate:
            return await _estimate(script, project_dir, settings, providers, out)
        try:
            if cast is None:
                outcome = await render_script(script, project_dir, settings, providers,
                                              options, progress=RenderPrinter(printer,
                                                                              args.quiet),
                                              redact=redact)
            else:
                from vidstudio.jobs.cast_file import render_with_cast

                outcome, changed = await render_with_cast(
                    script, project_dir, settings, providers, options, cast, cast_dir,
                    progress=RenderPrinter(printer, args.quiet), redact=redact)
                if not args.quiet:
                    err.writelines(f"cast: {line}\n" for line in changed)
        except RenderError as exc:
            message = str(exc)
            if exc.stats is not None:
                message += " — run the same command again to retry"
            raise CliError(message, EXIT_USAGE if exc.bad_input else common.EXIT_FAILED) \
                from None
        finally:
            printer.done()
    return _print_outcome(outcome, output, out, err)


def _print_outcome(outcome: RenderOutcome, output: Path, out: TextIO, err: TextIO) -> int:
    if outcome.stats is None:  # plan only
        for number, scene in enumerate(outcome.plan.scenes, 1):
            err.write(f"  {number}. {scene.title} — {scene.environment}, {scene.duration} s, "
                      f"{scene.camera}, {scene.shot_type}\n")
        err.write("plan only: the plan and prompts are in the project; nothing was generated\n")
        out.write(f"{outcome.project_path}\n")
        return 0
    if outcome.contact_sheet is not None:
        err.write(f"contact sheet: {outcome.contact_sheet}\n")
    err.write(f"{common.summary(outcome.stats)}\n")
    result = outcome.export
    if result is not None and result.up_to_date:
        err.write(f"{output.name} is up to date (nothing changed; --force exports again)\n")
    out.write(f"{result.output if result else output}\n")
    return 0


async def _estimate(script: str, project_dir: Path, settings: Settings,
                    providers: ProviderSet, out: TextIO) -> int:
    """Print what the run would cost; nothing is paid (see ``estimate_script``)."""
    from vidstudio.jobs.render import estimate_script

    estimate = await estimate_script(script, project_dir, settings, providers)
    out.write(estimate.table() + "\n")
    return 0


async def cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import tempfile

    from vidstudio.core.vocabulary import Stage
    from vidstudio.jobs.planning import make_plan, read_script

    script = read_script(args.script)
    settings = common.settings_from(args)
    credentials, _ = common.credentials()
    with make_executor() as executor:
        providers = common.build(settings, credentials, executor)
        with tempfile.TemporaryDirectory(prefix="vidstudio-plan-") as tmp:
            plan = await make_plan(script, providers.planner, settings, Path(tmp))
    document = {"planner": providers.names[Stage.PLANNER], **plan.model_dump(mode="json")}
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    from vidstudio.cli.cast import cast_lines

    lines = cast_lines(plan)
    err.write(f"cast: {len(lines)} character(s)\n" + "".join(f"{line}\n" for line in lines))
    return 0
