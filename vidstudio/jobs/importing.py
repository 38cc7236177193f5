"""The user's own file as a take: checked for the slot it fills, stored in the project."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, cast

from vidstudio.core.models import Take
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.deps import SlotRef
    from vidstudio.storage.assets import AssetStore


class ImportRefusedError(Exception):
    """The file cannot fill the slot; the message is one line for the user."""


async def take_from_file(assets: AssetStore, ref: SlotRef, source: Path,
                         progress: Callable[[float, str], None]) -> tuple[Take, list[str]]:
    """Inspect ``source`` for ``ref``'s kind and store a copy; the take and what was adapted.

    Reading, probing and hashing run on threads, not on the event loop.
    """
    from vidstudio.media.importing import ImportKind, UnusableMediaError, inspect_import

    try:
        # a character's reference image is a still picture, as a keyframe is
        kind = "first_frame" if ref.kind is SlotKind.CHARACTER_IMAGE else ref.kind.value
        media = await asyncio.to_thread(inspect_import, source, cast("ImportKind", kind))
    except UnusableMediaError as exc:
        raise ImportRefusedError(str(exc)) from None
    progress(0.5, "storing")
    stored = await asyncio.to_thread(assets.add, source, move=False)
    take = Take(file=stored, provider="import", model="", prompt=source.name,
                cache_key=f"import-{Path(stored).stem}", metadata=media.metadata())
    return take, list(media.notes)
