"""``vidstudio batch MANIFEST``: many films, on this machine or on a Ray cluster."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.cli import common
from vidstudio.cli.common import EXIT_FAILED, EXIT_USAGE, CliError

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

RAY_MISSING = ("the Ray engine needs Ray: pip install 'vidstudio[cluster]' (or leave out "
               "--ray to render on this machine)")


async def cmd_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.batch.manifest import ManifestError, read_manifest
    from vidstudio.batch.report import BatchProgress, report_document, table, write_report

    common.check_budget(args.budget)
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be 1 or more", EXIT_USAGE)
    try:
        films = read_manifest(args.manifest)
    except ManifestError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    report_path = Path(args.report) if args.report else \
        Path(args.manifest).with_name(Path(args.manifest).stem + ".report.json")
    credentials, redact = common.credentials()
    started = time.monotonic()
    if args.ray is not None:
        from vidstudio.batch.ray_engine import RayMissingError, cluster_parallelism, run_ray

        address = os.environ.get("RAY_ADDRESS", "auto") if args.ray == "auto" else args.ray
        try:
            parallel = cluster_parallelism(address, len(films))
        except RayMissingError:
            raise CliError(RAY_MISSING, EXIT_USAGE) from None
        progress = BatchProgress(err, len(films), parallel, json_lines=args.json_progress,
                                 quiet=args.quiet)
        results = await run_ray(films, address, progress=progress, budget=args.budget)
        engine = "ray"
    else:
        from vidstudio.batch.local import local_parallelism, run_local

        parallel = local_parallelism(len(films), args.jobs)
        progress = BatchProgress(err, len(films), parallel, json_lines=args.json_progress,
                                 quiet=args.quiet)
        results = await run_local(films, credentials, progress=progress, jobs=args.jobs,
                                  budget=args.budget, redact=redact)
        engine = "local"
    document = report_document(results, engine=engine, seconds=time.monotonic() - started,
                               peaks=progress.peaks)
    write_report(report_path, document)
    out.write(table(results) + "\n")
    if not args.quiet and not args.json_progress:
        err.write(f"{document['finished']} of {len(results)} films finished, "
                  f"${document['cost']:.2f} spent; report: {report_path}\n")
    return 0 if document["failed"] == 0 else EXIT_FAILED
