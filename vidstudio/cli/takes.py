"""``vidstudio takes``, ``use`` and ``import``: a slot's takes, listed, chosen or added."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.cli import common
from vidstudio.cli.common import EXIT_USAGE, CliError

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from vidstudio.jobs.session import ProjectSession


async def cmd_takes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(Path(args.project))
    scenes = project.ordered_scenes
    if args.scene is not None and not 1 <= args.scene <= len(scenes):
        raise CliError(f"--scene must be between 1 and {len(scenes)}", EXIT_USAGE)
    out.write("scene\tslot\ttake\tactive\tstatus\tprovider\tseed\tcost\tcreated\n")
    # The film's score belongs to no scene: its row's scene is "film".
    rows = [(str(number), kind, slot) for number, scene in enumerate(scenes, 1)
            if args.scene in (None, number) for kind, slot in scene.slots.items()]
    if args.scene is None:
        rows.append(("film", SlotKind.MUSIC, project.music))
    for number, kind, slot in rows:
        for take in slot.takes:
            active = "*" if take.id == slot.active else ""
            if active and slot.stale:
                active = "* (stale)"
            status = take.status if take.status == "ready" else f"failed: {take.error}"
            out.write(f"{number}\t{kind.value}\t{take.id}\t{active}\t{status}\t"
                      f"{take.provider}\t{take.seed}\t${take.cost:.2f}\t"
                      f"{take.created:%Y-%m-%d %H:%M:%S}\n")
    return 0


async def cmd_use(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.core.commands import ActivateTake
    from vidstudio.core.models import TakeId
    from vidstudio.providers.registry import build_providers

    credentials, redact = common.credentials()
    # Choosing a take calls no provider; the local set satisfies the session's needs.
    providers = build_providers({}, credentials)
    session = common.open_session(Path(args.project), providers, redact, "vidstudio use")
    try:
        ref = common.scene_ref(session, args.scene, args.slot)
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


async def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.jobs.session import SessionError
    from vidstudio.providers.registry import build_providers

    source = Path(args.file)
    credentials, redact = common.credentials()
    providers = build_providers({}, credentials)  # importing calls no provider
    session = common.open_session(Path(args.project), providers, redact, "vidstudio import")
    try:
        if args.slot == "music":
            await _import_music(session, source, err)
            return 0
        if args.scene is None:
            raise CliError(f"--scene is needed to import a {args.slot}", EXIT_USAGE)
        ref = common.scene_ref(session, args.scene, args.slot)
        try:
            take = await session.wait(session.import_take(ref, source))
        except SessionError as exc:
            raise CliError(f"cannot use {source.name} as scene {args.scene}'s {args.slot}: "
                           f"{exc}", EXIT_USAGE) from None
        scene = session.project.scene(ref.owner)
        stale = sorted(k.value for k, s in scene.slots.items() if s.stale)
        err.write(f"scene {args.scene} {args.slot}: imported {source.name} as take {take.id} "
                  f"({len(scene.slots[ref.kind].takes)} kept)"
                  + (f"; now stale: {', '.join(stale)}" if stale else "") + "\n")
    finally:
        await session.close()
    return 0


async def _import_music(session: ProjectSession, source: Path, err: TextIO) -> None:
    """The user's music as the film's score (fitted to the film's length at export)."""
    from vidstudio.jobs.session import SessionError

    try:
        take = await session.wait(session.import_music(source))
    except SessionError as exc:
        raise CliError(f"cannot use {source.name} as the film's music: {exc}",
                       EXIT_USAGE) from None
    kept = len(session.project.music.takes)
    seconds = take.metadata.get("duration")
    length = f", {float(seconds):.1f} s" if isinstance(seconds, int | float) else ""
    err.write(f"the score: imported {source.name} as take {take.id}{length} ({kept} kept)\n")
