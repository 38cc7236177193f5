"""Painted layer stacks kept on disk, so a stack asked for again is read instead of painted.

A shot's first and last keyframe are two jobs (the last one is asked for after the first, maybe
on the other pool worker) that build the same world and paint the same layer stack; only the
pose they are composed at differs. The first job leaves its stack here under a key made of
everything the stack is painted from (``stack_key``), and the second reads it back.

An entry is the first keyframe's own layer file (``world.save_layers``: the graded layers, so
the key includes the style), copied in through a temporary file and a rename: a reader sees a
whole entry or none, and two workers storing the same key at once leave one whole entry. A
missing, half-pruned or unreadable entry is a miss: the stack is painted as if there were no
cache. The folder keeps the newest ``MAX_ENTRIES`` entries.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.atomic import atomic_output
from vidstudio.providers.local.paint.world import LAYERS_VERSION, LayerFileError, load_layers

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.world import Layer

# Raise when what a key covers changes (a new input to the world, a new layer file layout).
CACHE_VERSION = 1
MAX_ENTRIES = 24
_SUFFIX = ".npz"


def _plain(value: Any) -> Any:
    """JSON-able form of the request values a key is made of."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)  # exact, so two aspects that differ in the last bit differ here
    return value


def stack_key(**parts: Any) -> str:
    """A digest of ``parts`` (plain values, dataclasses, enums, paths), with the versions."""
    text = json.dumps(
        {"cache": CACHE_VERSION, "layers": LAYERS_VERSION, **_plain(parts)},
        sort_keys=True, ensure_ascii=True, separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:40]


class StackCache:
    """Layer stacks by key in ``folder`` (made on the first store)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def load(self, key: str, world_id: str) -> list[Layer] | None:
        """The stack stored under ``key``, or None. ``world_id`` must match the stored one (a
        guard: the key already covers every input of the world)."""
        try:
            layers, meta = load_layers(self.path(key))
        except (LayerFileError, OSError):
            return None
        return layers if meta.get("world_id") == world_id and layers else None

    def store_file(self, key: str, layer_file: Path) -> None:
        """Keep a copy of ``layer_file`` (a layer file written by ``save_layers``) as ``key``.

        Raises:
            OSError: the folder or the copy could not be written.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        # A scratch cache: renamed into place whole, not made durable (no directory fsync).
        with atomic_output(self.path(key), sync_dir=False) as tmp:
            shutil.copyfile(layer_file, tmp)
        self._prune()

    def _prune(self) -> None:
        """Remove all but the newest ``MAX_ENTRIES`` entries (another worker may be pruning
        too, or reading one of them: a reader that opened it keeps it; one that had not is
        told of a miss)."""
        for _mtime, _size, path in newest_first(self.folder, _SUFFIX)[MAX_ENTRIES:]:
            with contextlib.suppress(OSError):
                path.unlink()


def newest_first(folder: Path, suffix: str) -> list[tuple[float, int, Path]]:
    """The files of ``folder`` named ``*suffix`` as (mtime, size, path), the newest first (a
    file gone while the folder is read is left out): what a scratch cache prunes by."""
    entries: list[tuple[float, int, Path]] = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.name.endswith(suffix):
                with contextlib.suppress(OSError):
                    info = entry.stat()
                    entries.append((info.st_mtime, info.st_size, Path(entry.path)))
    entries.sort(reverse=True)
    return entries
