"""``vidstudio costs``, ``voices`` and ``random-script``: what was paid, who can narrate, a
script to start from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.cli import common
from vidstudio.cli.common import CliError
from vidstudio.cli.executor import make_executor

if TYPE_CHECKING:
    import argparse
    from typing import TextIO


async def cmd_costs(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from collections import defaultdict

    from vidstudio.storage import ProjectFolder

    folder, project = ProjectFolder.open(Path(args.project))
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
    twice = [e for e in project.ledger if e.possibly_paid_twice]
    if twice:
        err.write(f"possibly paid twice (sent again after an unknown outcome): {len(twice)}\n")
    # Paid calls sent and not yet turned into takes: a run killed while they were in flight.
    pending = folder.journal.in_flight()
    for call in pending:
        state = "unknown outcome" if call.unknown else "in flight"
        out.write(f"{call.started[:19].replace('T', ' ')}\t{call.provider}\t\t"
                  f"{state}\t{call.what}\t\t${call.possible_cost:.2f} (may be billed)\n")
    if pending:
        err.write(f"in flight, may be billed: {len(pending)} call(s), up to "
                  f"${sum(e.possible_cost for e in pending):.2f}\n")
    return 0


async def cmd_random_script(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import tempfile

    from vidstudio.providers.base import CallContext

    settings = common.settings_from(args)
    credentials, _ = common.credentials()
    with make_executor() as executor:
        providers = common.build(settings, credentials, executor)
        with tempfile.TemporaryDirectory(prefix="vidstudio-") as tmp:
            text = await providers.planner.random_script(args.seed,
                                                         CallContext(work_dir=Path(tmp)))
    out.write(text.rstrip() + "\n")
    return 0


async def cmd_voices(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.core.vocabulary import Stage

    settings = common.settings_from(args)
    credentials, _ = common.credentials()
    with make_executor() as executor:
        providers = common.build(settings, credentials, executor)
        lister = getattr(providers.voice, "list_voices", None)
        if lister is None:
            raise CliError(f"the {providers.names[Stage.VOICE]} narrator cannot list voices")
        voices = await lister()
    err.write(f"voices of the {providers.names[Stage.VOICE]} narrator:\n")
    for voice_id, name in voices:
        out.write(f"{voice_id}\t{name}\n")
    return 0
