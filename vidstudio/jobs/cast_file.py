"""A render with the user's own cast (``render --cast FILE.json``, the batch's ``cast``
column): plan, make the project's cast follow the document, then generate.

The cast is applied between the plan and the first paid image, so a character sheet is made
from the user's look (or is the user's photo) and never paid for twice. Applying the same
document again changes nothing: edits equal to the current values are skipped and a photo that
is already its slot's take is not imported again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vidstudio.core.custom_cast import CastEntry
    from vidstudio.core.models import Settings
    from vidstudio.jobs.render import RenderOptions, RenderOutcome
    from vidstudio.jobs.session import ProjectSession
    from vidstudio.providers.registry import ProviderSet


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def photo_paths(entries: list[CastEntry], base: Path) -> dict[str, Path]:
    """Each photo the document names, as a path (relative ones from ``base``).

    Raises:
        FileNotFoundError: a photo is not a file (one line naming the character).
    """
    found: dict[str, Path] = {}
    for entry in entries:
        for photo in entry.photos:
            path = Path(photo).expanduser()
            path = path if path.is_absolute() else base / path
            if not path.is_file():
                raise FileNotFoundError(f"{entry.name}: no such photo: {photo}")
            found[photo] = path
    return found


async def apply_cast(session: ProjectSession, entries: list[CastEntry], base: Path
                     ) -> list[str]:
    """Make the open project's cast follow ``entries``; returns what changed, one line each."""
    from vidstudio.core.custom_cast import cast_changes
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind

    paths = await asyncio.to_thread(photo_paths, entries, base)
    changes = cast_changes(session.project, entries)
    for command in changes.commands:
        session.apply(command, cause="user")
    report = list(changes.report)
    for character_id, index, photo in changes.photos:
        path = paths[photo]
        slot = session.project.character(character_id).sheet[index]
        digest = await asyncio.to_thread(_digest, path)
        active = slot.active_take
        if active is not None and active.file and Path(active.file).stem == digest:
            continue
        await session.wait(session.import_take(
            SlotRef(character_id, SlotKind.CHARACTER_IMAGE, index), path))
        report.append(f"{session.project.character(character_id).name}: your own photo "
                      f"{path.name} is sheet image {index + 1}")
    await session.flush()
    return report


async def render_with_cast(script: str, project_dir: Path, settings: Settings,
                           providers: ProviderSet, options: RenderOptions,
                           entries: list[CastEntry], base: Path, **render_args: Any
                           ) -> tuple[RenderOutcome, list[str]]:
    """``render_script`` with the user's cast applied after the plan and before anything is
    generated; returns the outcome and what the cast changed."""
    from vidstudio.jobs.render import render_script
    from vidstudio.jobs.session import ProjectSession

    await asyncio.to_thread(photo_paths, entries, base)  # a missing photo fails before paying
    planned = await render_script(script, project_dir, settings, providers,
                                  dataclasses.replace(options, plan_only=True), **render_args)
    redact = render_args.get("redact")
    session = await asyncio.to_thread(
        lambda: ProjectSession.open(Path(project_dir), providers,
                                    **({"redact": redact} if redact else {})))
    try:
        report = await apply_cast(session, entries, base)
    finally:
        await session.close()
    if options.plan_only:
        return planned, report
    outcome = await render_script(script, project_dir, settings, providers, options,
                                  **render_args)
    return outcome, report
