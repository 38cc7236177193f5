"""The journal of paid provider jobs in flight.

Before a remote job (a Luma generation, a fal training) is awaited, its id is written here under
the step's cache key. If the process dies, the next run finds the id and resumes the job instead
of paying for a new one. Entries are removed once the result is stored as a take.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from vidstudio.atomic import atomic_write_text


@dataclass(frozen=True)
class JournalEntry:
    key: str
    provider: str
    remote_id: str
    started: str


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def _read(self) -> dict[str, JournalEntry]:
        try:
            raw = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # A damaged journal must not stop work; the worst case is one job paid again.
            return {}
        entries: dict[str, JournalEntry] = {}
        for key, value in raw.items() if isinstance(raw, dict) else ():
            try:
                entries[key] = JournalEntry(**value)
            except TypeError:
                continue
        return entries

    def _write(self, entries: dict[str, JournalEntry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(
            self.path, json.dumps({k: asdict(v) for k, v in entries.items()}, indent=1)
        )

    def get(self, key: str) -> JournalEntry | None:
        with self._lock:
            return self._read().get(key)

    def remember(self, key: str, provider: str, remote_id: str, started: str) -> None:
        with self._lock:
            entries = self._read()
            entries[key] = JournalEntry(key, provider, remote_id, started)
            self._write(entries)

    def forget(self, key: str) -> None:
        with self._lock:
            entries = self._read()
            if entries.pop(key, None) is not None:
                self._write(entries)

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._read().values())
