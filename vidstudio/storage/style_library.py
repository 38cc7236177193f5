"""Trained styles (LoRAs) kept per user, so one trained for an environment's images is reused by
any project whose environment has the same images, instead of being paid for again.

The library lives in the user's data folder (``$VIDSTUDIO_DATA_DIR``, else the system's place:
``$XDG_DATA_HOME/vidstudio`` or ``~/.local/share/vidstudio`` on Linux; see
``vidstudio.osdeps.user_data_dir``) under ``styles/``: the model files, content-addressed, and
``index.json`` mapping a key (provider, model, the images' digests) to a file and its metadata.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vidstudio.atomic import atomic_write_text
from vidstudio.osdeps import user_data_dir
from vidstudio.storage.assets import AssetStore


@dataclass(frozen=True)
class LibraryStyle:
    path: Path
    metadata: dict[str, Any]
    paid: float = 0.0  # what its training cost, when it was made
    remote_id: str | None = None  # the training job at the provider


class StyleLibrary:
    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else user_data_dir() / "styles"
        self._lock = threading.Lock()

    @staticmethod
    def key(provider: str, model: str, image_digests: list[str]) -> str:
        blob = json.dumps([provider, model, sorted(image_digests)])
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def _index(self) -> dict[str, Any]:
        try:
            data = json.loads((self.root / "index.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def find(self, key: str) -> LibraryStyle | None:
        entry = self._index().get(key)
        if not isinstance(entry, dict):
            return None
        try:
            path = AssetStore(self.root).resolve(str(entry.get("file", "")))
        except ValueError:
            return None
        if not path.is_file():
            return None
        paid = entry.get("paid")
        remote_id = entry.get("remote_id")
        return LibraryStyle(path, dict(entry.get("metadata") or {}),
                            paid=float(paid) if isinstance(paid, int | float) else 0.0,
                            remote_id=remote_id if isinstance(remote_id, str) else None)

    def remember(self, key: str, file: Path, metadata: dict[str, Any], *, paid: float = 0.0,
                 remote_id: str | None = None) -> None:
        """Keep a copy of a trained style; failing to (a full or read-only disk) loses nothing
        but the chance to reuse it. ``paid`` and ``remote_id`` say which training made it and
        what it cost, so a run that died before saving its take can still account for it."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            relative = AssetStore(self.root).add(file, move=False)
            with self._lock:
                index = self._index()
                index[key] = {"file": relative, "metadata": metadata, "paid": paid,
                              "remote_id": remote_id}
                atomic_write_text(self.root / "index.json", json.dumps(index, indent=1))
        except OSError:
            return
