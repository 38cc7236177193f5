"""``vidstudio export`` and ``regenerate``: one project, as it is or with one new take."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.cli import common
from vidstudio.cli.common import CliError
from vidstudio.cli.executor import make_executor
from vidstudio.cli.output import ProgressPrinter, await_job

if TYPE_CHECKING:
    import argparse
    from typing import TextIO


async def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.export import export_project
    from vidstudio.storage import ProjectFolder

    output = common.check_output(args.output, (".mp4", ".otio"), Path(args.project))
    # Exporting only reads the project: no lock, so it works while the editor has it open.
    folder, project = ProjectFolder.open(Path(args.project))
    printer = ProgressPrinter(err, quiet=args.quiet)
    try:
        result = await export_project(project, folder.path, output, common.export_options(args),
                                      printer, force=args.force, verify=folder.assets.verify)
    finally:
        printer.done()
    if result.up_to_date:
        err.write(f"{output.name} is up to date (nothing changed; --force exports again)\n")
    out.write(f"{result.output}\n")
    return 0


async def cmd_regenerate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.jobs.session import SessionError
    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(Path(args.project))  # a clear error before anything else
    if args.output:
        common.check_output(Path(args.output), (".mp4", ".otio"), Path(args.project))
    credentials, redact = common.credentials()
    with make_executor() as executor:
        providers = common.build(project.settings, credentials, executor)
        session = common.open_session(Path(args.project), providers, redact,
                                      "vidstudio regenerate")
        try:
            ref = common.scene_ref(session, args.scene, args.slot)
            job = session.regenerate(ref)
            try:
                take = await await_job(session, job, None)
            except SessionError as exc:
                raise CliError(f"regenerating {args.slot} of scene {args.scene} failed: "
                               f"{exc}") from None
            kept = len(session.project.scene(ref.owner).slots[ref.kind].takes)
            err.write(f"scene {args.scene} {args.slot}: new take {take.id} ({kept} kept)\n")
            if args.output:
                output = common.check_output(Path(args.output), (".mp4", ".otio"),
                                             Path(args.project))
                result = await session.wait(session.export(output,
                                                           common.export_options(args)))
                out.write(f"{result.output}\n")
        finally:
            await session.close()
    return 0
