"""One writer per project folder, across processes.

A session holds an exclusive ``flock`` on ``NAME.vidstudio/.lock`` for as long as it has the
project open. The kernel drops the lock when the process dies, so a crash never leaves a project
locked; the file also records who holds it, for the message a second process shows. A marker
``.open`` exists while a session has the project open: finding it with the lock free means the
last session did not close cleanly (a crash), so the project was recovered from its autosave.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from pathlib import Path

LOCK_FILE = ".lock"
OPEN_MARKER = ".open"


class ProjectLockedError(Exception):
    """Another process has the project open; the message names it."""


class ProjectLock:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._fd: int | None = None
        self.recovered = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, wait: float = 0.0, purpose: str = "vidstudio") -> None:
        """Take the lock, waiting up to ``wait`` seconds for another holder to let go.

        Raises:
            ProjectLockedError: another process holds it (the message says which).
            OSError: the folder cannot be written (read-only, missing).
        """
        path = self.folder / LOCK_FILE
        # O_NOFOLLOW: a lock file planted as a link is not written through.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _describe(path)
                    os.close(fd)
                    raise ProjectLockedError(
                        f"{self.folder.name} is open in another vidstudio ({holder}); close it "
                        "there first, or wait for it to finish"
                    ) from None
                time.sleep(0.1)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "purpose": purpose,
                "since": time.strftime("%Y-%m-%d %H:%M:%S")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd
        marker = self.folder / OPEN_MARKER
        self.recovered = marker.exists()
        try:
            mfd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
        except OSError:
            self.release()
            raise
        try:
            os.write(mfd, str(os.getpid()).encode())
        finally:
            os.close(mfd)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            (self.folder / OPEN_MARKER).unlink()
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def _describe(path: Path) -> str:
    try:
        info = json.loads(path.read_text("utf-8") or "{}")
    except (OSError, ValueError):
        return "another process"
    if not isinstance(info, dict) or "pid" not in info:
        return "another process"
    since = info.get("since", "?")
    return f"{info.get('purpose', 'vidstudio')}, process {info['pid']} since {since}"
