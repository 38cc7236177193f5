"""The journal of paid provider jobs in flight.

Before a remote job (a Luma generation, a fal training) is awaited, its id is written here under
the step's cache key. If the process dies, the next run finds the id and resumes the job instead
of paying for a new one. Entries are removed once the take made from the job has been saved.

The file is append-only JSON lines (``journal.jsonl``): remembering or forgetting a job appends
one fsync'd line instead of rewriting the whole file; it is compacted when it grows. A torn last
line (a crash mid-append) is skipped. An older ``journal.json`` (one JSON object) is still read.

An entry has a state:

* ``submitting`` (no remote id yet): a paid request is about to be sent or is on its way;
* ``running``: the service gave the job id (``remote_id``), the next run resumes it;
* ``unknown``: the request may have been made and billed, but its outcome cannot be learnt
  (no id, no lookup that proves it is this project's). It stays until the user consents to
  sending it again (``vidstudio render --resend-unknown``) or the step's take is saved.

``possible_cost`` is what the request may cost (USD), so ``vidstudio costs`` can list calls
in flight at a kill as "in flight, may be billed" (``in_flight``).

Each entry also owns a reply folder (``reply_dir``): a provider writes a paid reply there as
soon as it arrives, so a crash before the take is saved does not lose what was paid for. It is
removed with the entry.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from vidstudio.atomic import atomic_write_text
from vidstudio.osdeps import NOFOLLOW

_COMPACT_AFTER = 200  # lines
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_.@/-]{1,200}$")

if TYPE_CHECKING:
    from collections.abc import Callable

EntryState = Literal["submitting", "running", "unknown"]

# Per project folder, what runs (on the writing thread) after each durable write of its
# journal or project file, with the file written: the batch checkpoints a film's node-local
# project to shared storage there, so a journal entry is shared before its paid call is sent.
_WRITE_HOOKS: dict[Path, Callable[[Path], None]] = {}


def watch_project_writes(folder: Path, hook: Callable[[Path], None] | None) -> None:
    """Call ``hook(path)`` after each write of ``folder``'s journal or project file (None:
    stop). An error it raises fails that write, as the disk's own would."""
    key = Path(folder).resolve()
    if hook is None:
        _WRITE_HOOKS.pop(key, None)
    else:
        _WRITE_HOOKS[key] = hook


def project_written(path: Path) -> None:
    """``path`` (a project's journal or project file) is on disk: run its folder's hook."""
    if _WRITE_HOOKS:
        hook = _WRITE_HOOKS.get(Path(path).parent)
        if hook is not None:
            hook(Path(path))


@dataclass(frozen=True)
class JournalEntry:
    key: str
    provider: str
    remote_id: str
    started: str
    possible_cost: float = 0.0
    unknown: bool = False
    what: str = ""

    @property
    def state(self) -> EntryState:
        if self.unknown:
            return "unknown"
        return "running" if self.remote_id else "submitting"


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
            if record.get("op") == "unknown":
                known = entries.get(record["key"])
                if known is not None:
                    entries[record["key"]] = JournalEntry(
                        known.key, known.provider, known.remote_id, known.started,
                        _cost(record.get("possible_cost"), known.possible_cost), True,
                        str(record.get("what") or known.what))
                continue
            with contextlib.suppress(TypeError):
                entries[record["key"]] = JournalEntry(
                    key=record["key"], provider=str(record.get("provider", "")),
                    remote_id=str(record.get("remote_id", "")),
                    started=str(record.get("started", "")),
                    possible_cost=_cost(record.get("possible_cost"), 0.0),
                    unknown=bool(record.get("unknown", False)),
                    what=str(record.get("what", "")))
        return entries, lines

    def _append(self, record: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | NOFOLLOW,
                     0o666)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        project_written(self.path)

    def _compact(self, entries: dict[str, JournalEntry]) -> None:
        text = "".join(json.dumps({"op": "remember", **asdict(e)}, ensure_ascii=False) + "\n"
                       for e in entries.values())
        atomic_write_text(self.path, text)
        with contextlib.suppress(FileNotFoundError):
            self.legacy_path.unlink()
        project_written(self.path)

    def get(self, key: str) -> JournalEntry | None:
        with self._lock:
            return self._read()[0].get(key)

    def remember(self, key: str, provider: str, remote_id: str, started: str,
                 possible_cost: float = 0.0, what: str = "") -> None:
        """Journal a submission (``remote_id`` "") or the job id it got, durably.

        ``possible_cost``: what the request may cost, shown by ``in_flight``; a later
        ``remember`` of the same key without one keeps the earlier figure.
        """
        with self._lock:
            if not possible_cost:
                known = self._read()[0].get(key)
                possible_cost = known.possible_cost if known is not None else 0.0
                what = what or (known.what if known is not None else "")
            record: dict[str, Any] = {"op": "remember", "key": key, "provider": provider,
                                      "remote_id": remote_id, "started": started}
            if possible_cost:
                record["possible_cost"] = round(float(possible_cost), 6)
            if what:
                record["what"] = what
            self._append(record)

    def mark_unknown(self, key: str, possible_cost: float | None = None,
                     what: str = "") -> None:
        """Record that the entry's request has an unknown outcome (it may have been billed and
        cannot be looked up); it stays until the user consents to sending it again."""
        with self._lock:
            if key not in self._read()[0]:
                return
            record: dict[str, Any] = {"op": "unknown", "key": key}
            if possible_cost:
                record["possible_cost"] = round(float(possible_cost), 6)
            if what:
                record["what"] = what
            self._append(record)

    def forget(self, key: str) -> None:
        """Drop the entry and its reply folder (its take is saved, or the job is over)."""
        with self._lock:
            entries, lines = self._read()
            self._remove_replies(key)
            if key not in entries:
                return
            self._append({"op": "forget", "key": key})
            if lines >= _COMPACT_AFTER:
                entries.pop(key, None)
                self._compact(entries)

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._read()[0].values())

    def in_flight(self) -> list[JournalEntry]:
        """Paid requests sent and not yet turned into takes — "in flight, may be billed" —
        oldest first, the unknown outcomes among them."""
        return sorted(self.entries(), key=lambda e: e.started)

    def unknown(self) -> list[JournalEntry]:
        """Entries whose outcome is unknown (``mark_unknown``)."""
        return [e for e in self.entries() if e.unknown]

    # -- replies ---------------------------------------------------------------------------
    @property
    def replies_root(self) -> Path:
        return self.path.parent / "replies"

    def reply_dir(self, key: str) -> Path:
        """The folder for ``key``'s paid replies (made on first use; removed by ``forget``).

        Raises:
            ValueError: ``key`` is not a plain cache key (it would name a path elsewhere).
        """
        if not _SAFE_KEY.match(key) or ".." in key:
            raise ValueError(f"not a journal key: {key!r}")
        folder = self.replies_root / key.replace("/", "_").replace("@", "_")
        root = self.replies_root
        if root.is_symlink() or folder.is_symlink():
            raise ValueError(f"{root} is a link; no replies are kept through it")
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _remove_replies(self, key: str) -> None:
        if not _SAFE_KEY.match(key) or ".." in key:
            return
        folder = self.replies_root / key.replace("/", "_").replace("@", "_")
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _cost(value: object, default: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number if number >= 0 and number == number and number != float("inf") else default
