"""Saving the open project: debounced, written from a snapshot on a worker thread.

The snapshot is taken on the event loop (a consistent copy of the model); serialising it and
the fsync'd atomic write run on a thread, so the editor never waits for the disk. What must
wait until a change is on disk (forgetting a journal entry, removing a finished job's scratch
folder) is queued with ``after_save`` and runs on the writing thread once the write succeeded.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.models import Project
    from vidstudio.storage import ProjectFolder

log = logging.getLogger(__name__)


def describe_os_error(exc: OSError, path: Path) -> str:
    """One line naming the cause of a failed write ("no space left on …")."""
    where = str(path)
    if exc.errno == errno.ENOSPC:
        return f"no space left on the disk holding {where}"
    if exc.errno in (errno.EROFS,):
        return f"{Path(where).parent} is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write {where}"
    return f"cannot write {where}: {exc.strerror or exc}"


class ProjectSaver:
    """Writes ``project()`` to ``folder`` soon after each ``request``, a save at a time.

    ``on_saved(path)`` and ``on_failed(message)`` are called on the loop after each write.
    Threading: the event loop's thread; the write itself on a worker thread.
    """

    def __init__(self, folder: ProjectFolder, project: Callable[[], Project], *,
                 delay: float, on_saved: Callable[[Path], None],
                 on_failed: Callable[[str], None]) -> None:
        self.folder = folder
        self._project = project
        self.delay = delay
        self._on_saved = on_saved
        self._on_failed = on_failed
        self._handle: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._dirty = False
        self._after: list[Callable[[], None]] = []
        self.closed = False
        self.last_error: str | None = None

    def request(self) -> None:
        """Save soon: changes within ``delay`` seconds are written together."""
        self._dirty = True
        if self._handle is not None or self.closed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a synchronous caller): flush() writes it
        self._handle = loop.call_later(self.delay, self._start)

    def after_save(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the writing thread once the project as it is now is on disk.

        It must not touch the session or the project: it is file work.
        """
        self._after.append(callback)
        self.request()

    def _start(self) -> None:
        self._handle = None
        if self._task is not None and not self._task.done():
            self._task.add_done_callback(lambda _t: self.request())
            return
        self._task = asyncio.get_running_loop().create_task(self._save())

    async def _save(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        callbacks, self._after = self._after, []
        # The snapshot is taken here, on the loop; serialising and the fsync'd writes are not.
        snapshot = {"format": "vidstudio-project", **self._project().model_dump(mode="json")}
        folder = self.folder

        from vidstudio.storage.journal import project_written

        def write() -> None:
            folder.write(json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n")
            project_written(folder.project_file)  # a checkpoint of a batch film (batch/scratch)
            # Only once it is on disk: what waited for this save (file work, see after_save).
            for callback in callbacks:
                try:
                    callback()
                except OSError as exc:
                    log.warning("after saving: %s", exc)

        try:
            await asyncio.to_thread(write)
        except OSError as exc:
            self._dirty = True
            self._after[:0] = callbacks
            self.last_error = describe_os_error(exc, folder.project_file)
            log.error("%s", self.last_error)
            self._on_failed(self.last_error)
            return
        self.last_error = None
        self._on_saved(folder.project_file)

    async def flush(self) -> None:
        """Write any pending change now and wait until it is on disk.

        Raises:
            OSError: the save failed (the message names the cause).
        """
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)
        if self._dirty:
            self._task = asyncio.get_running_loop().create_task(self._save())
            await asyncio.shield(self._task)
        if self._dirty and self.last_error:
            raise OSError(self.last_error)
