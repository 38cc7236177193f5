"""The journal of paid provider jobs in flight.

Before a remote job (a Luma generation, a fal training) is awaited, its id is written here under
the step's cache key. If the process dies, the next run finds the id and resumes the job instead
of paying for a new one. Entries are removed once the take made from the job has been saved.

The file is append-only JSON lines (``journal.jsonl``): remembering or forgetting a job appends
one fsync'd line instead of rewriting the whole file; it is compacted when it grows. A torn last
line (a crash mid-append) is skipped. An older ``journal.json`` (one JSON object) is still read.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from vidstudio.atomic import atomic_write_text

_COMPACT_AFTER = 200  # lines


@dataclass(frozen=True)
class JournalEntry:
    key: str
    provider: str
    remote_id: str
    started: str


class Journal:
    def __init__(self, path: Path) -> None:
        path = Path(path)
        self.legacy_path = path.with_suffix(".json")
        self.path = path.with_suffix(".jsonl")
        self._lock = threading.Lock()

    def _read(self) -> tuple[dict[str, JournalEntry], int]:
        entries: dict[str, JournalEntry] = {}
        with contextlib.suppress(FileNotFoundError, OSError, ValueError):
            raw = json.loads(self.legacy_path.read_text("utf-8"))
            for key, value in raw.items() if isinstance(raw, dict) else ():
                with contextlib.suppress(TypeError):
                    entries[key] = JournalEntry(**value)
        lines = 0
        try:
            text = self.path.read_text("utf-8", errors="replace")
        except (FileNotFoundError, OSError):
            return entries, 0
        for line in text.splitlines():
            lines += 1
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a torn line from a crash mid-append
            if not isinstance(record, dict) or not isinstance(record.get("key"), str):
                continue
            if record.get("op") == "forget":
                entries.pop(record["key"], None)
                continue
            with contextlib.suppress(TypeError):
                entries[record["key"]] = JournalEntry(
                    key=record["key"], provider=str(record.get("provider", "")),
                    remote_id=str(record.get("remote_id", "")),
                    started=str(record.get("started", "")))
        return entries, lines

    def _append(self, record: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW,
                     0o666)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _compact(self, entries: dict[str, JournalEntry]) -> None:
        text = "".join(json.dumps({"op": "remember", **asdict(e)}, ensure_ascii=False) + "\n"
                       for e in entries.values())
        atomic_write_text(self.path, text)
        with contextlib.suppress(FileNotFoundError):
            self.legacy_path.unlink()

    def get(self, key: str) -> JournalEntry | None:
        with self._lock:
            return self._read()[0].get(key)

    def remember(self, key: str, provider: str, remote_id: str, started: str) -> None:
        with self._lock:
            self._append({"op": "remember", "key": key, "provider": provider,
                          "remote_id": remote_id, "started": started})

    def forget(self, key: str) -> None:
        with self._lock:
            entries, lines = self._read()
            if key not in entries:
                return
            self._append({"op": "forget", "key": key})
            if lines >= _COMPACT_AFTER:
                entries.pop(key, None)
                self._compact(entries)

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._read()[0].values())
