"""One writer per project folder, across processes.

A session holds an exclusive lock on ``NAME.vidstudio/.lock`` for as long as it has the
project open (``flock``, or the ``filelock`` package where there is none: see
``vidstudio.osdeps``). The system drops the lock when the process dies, so a crash never leaves a
project locked. A marker ``.open`` exists while a session has the project open and records who
holds it, for the message a second process shows; finding it with the lock free means the last
session did not close cleanly (a crash), so the project was recovered from its autosave. (The
holder is not written into ``.lock`` itself: Windows keeps a locked file from other readers.)
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path

from vidstudio.osdeps import NOFOLLOW, HeldLock, try_lock

LOCK_FILE = ".lock"
OPEN_MARKER = ".open"


class ProjectLockedError(Exception):
    """Another process has the project open; the message names it."""


class ProjectLock:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock: HeldLock | None = None
        self.recovered = False

    @property
    def held(self) -> bool:
        return self._lock is not None

    def acquire(self, *, wait: float = 0.0, purpose: str = "vidstudio") -> None:
        """Take the lock, waiting up to ``wait`` seconds for another holder to let go.

        Raises:
            ProjectLockedError: another process holds it (the message says which).
            OSError: the folder cannot be written (read-only, missing).
        """
        marker = self.folder / OPEN_MARKER
        deadline = time.monotonic() + wait
        while (lock := try_lock(self.folder / LOCK_FILE)) is None:
            if time.monotonic() >= deadline:
                raise ProjectLockedError(
                    f"{self.folder.name} is open in another vidstudio ({_describe(marker)}); "
                    "close it there first, or wait for it to finish"
                )
            time.sleep(0.1)
        self._lock = lock
        self.recovered = marker.exists()
        info = {"pid": os.getpid(), "host": socket.gethostname(), "purpose": purpose,
                "since": time.strftime("%Y-%m-%d %H:%M:%S")}
        try:
            # O_NOFOLLOW: a marker planted as a link is not written through.
            mfd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o666)
        except OSError:
            self.release()
            raise
        try:
            os.write(mfd, json.dumps(info).encode())
        finally:
            os.close(mfd)

    def release(self) -> None:
        if self._lock is None:
            return
        with contextlib.suppress(FileNotFoundError):
            (self.folder / OPEN_MARKER).unlink()
        lock, self._lock = self._lock, None
        lock.release()


def _describe(path: Path) -> str:
    try:
        info = json.loads(path.read_text("utf-8") or "{}")
    except (OSError, ValueError):
        return "another process"
    if not isinstance(info, dict) or "pid" not in info:
        return "another process"
    since = info.get("since", "?")
    return f"{info.get('purpose', 'vidstudio')}, process {info['pid']} since {since}"
