"""What a test may not leave running when it ends: an asyncio task, a job, a child process.

``LeakWatch`` takes a snapshot before the test and compares after it (see ``tests/conftest.py``):

- asyncio tasks: a task still pending when ``asyncio.run`` finishes its main coroutine (asyncio
  would cancel it silently), and a task created during the test that is still pending on the
  editor's qasync loop when the test's fixtures are gone;
- jobs: a ``JobManager`` created during the test that still has an unfinished job;
- child processes: a child of the test process started during the test, or one of its
  descendants, still running a moment after it (the processes of multiprocessing's pools, fork
  server and resource tracker are the pool's business, and what a process that ran before the
  test starts is its fixture's: neither is counted).
"""

from __future__ import annotations

import asyncio
import asyncio.runners
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio import osdeps
from vidstudio.jobs.manager import live_managers

if TYPE_CHECKING:
    from collections.abc import Callable

GRACE = 3.0  # seconds a child or task may take to finish after the test
# asyncio.run's own clean-up, kept before any watch stands in for it.
_CANCEL_ALL: Callable[[asyncio.AbstractEventLoop], None] = (
    asyncio.runners._cancel_all_tasks)  # type: ignore[attr-defined]


def _describe_task(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    where = f" ({Path(code.co_filename).name}:{code.co_firstlineno})" if code else ""
    return f"asyncio task {task.get_name()} running {getattr(coro, '__qualname__', coro)}{where}"


def _command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)[:200]


def _pool_processes() -> set[int]:
    """pids that multiprocessing manages: pool workers, the fork server, the resource tracker."""
    pids = {p.pid for p in multiprocessing.active_children() if p.pid is not None}
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    tracker = sys.modules.get("multiprocessing.resource_tracker")
    tracker_pid = getattr(getattr(tracker, "_resource_tracker", None), "_pid", None)
    pids |= {p for p in (server, tracker_pid) if isinstance(p, int)}
    return pids


def _process_table() -> dict[int, int]:
    """pid -> parent pid of every live (not zombie) process, from /proc (no ``ps``: a child
    started to list the children would be one of them)."""
    table: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                text = Path("/proc", entry, "stat").read_text(encoding="ascii", errors="replace")
                fields = text[text.rfind(")") + 2:].split()
                if fields[0] not in ("Z", "X"):
                    table[int(entry)] = int(fields[1])
            except (OSError, ValueError, IndexError):
                continue
    return table


def running_children(spare: set[int] | frozenset[int] = frozenset()) -> set[int]:
    """This process's live descendants, without multiprocessing's own processes, the
    processes in ``spare``, and all their descendants."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, parent in table.items():
        children.setdefault(parent, []).append(pid)
    skip = _pool_processes() | set(spare)
    found: set[int] = set()
    todo = [p for p in children.get(os.getpid(), []) if p not in skip]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo += [p for p in children.get(pid, []) if p not in skip]
    return found


class LeakWatch:
    def __init__(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.loop = loop
        self.leftover_tasks: list[str] = []
        self._tasks = self._pending(loop)
        self._managers = {id(m) for m in live_managers()}
        self._children = running_children()

    @staticmethod
    def _pending(loop: asyncio.AbstractEventLoop | None) -> set[asyncio.Task[Any]]:
        if loop is None or loop.is_closed():
            return set()
        return {t for t in asyncio.all_tasks(loop) if not t.done()}

    def cancel_all_noting_leftovers(self, loop: asyncio.AbstractEventLoop) -> None:
        """Stands in for ``asyncio.runners._cancel_all_tasks`` during the test: what is still
        pending once ``asyncio.run``'s main coroutine has returned was left behind."""
        self.leftover_tasks += [_describe_task(t) for t in asyncio.all_tasks(loop)
                                if not t.done()]
        _CANCEL_ALL(loop)

    def new_tasks(self) -> set[asyncio.Task[Any]]:
        return self._pending(self.loop) - self._tasks

    def problems(self) -> list[str]:
        found = list(self.leftover_tasks)
        found += [_describe_task(t) for t in self.new_tasks()]
        for manager in live_managers():
            if id(manager) in self._managers:
                continue
            found += [f"job {job.name!r} ({job.kind}) still {job.state.value}"
                      for job in manager.jobs if not job.state.finished]
        deadline = time.monotonic() + GRACE
        # Processes that ran before the test are a longer-lived fixture's (an emulator, a
        # cluster): what they start during the test is theirs too, and not looked at.
        # (A zombie is not running: nothing here reaps, so no Popen loses its exit status.)
        while (new := running_children(self._children)) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in sorted(new):
            found.append(f"child process {pid}: {_command_line(pid)}")
        for pid in new:  # end them, so one leak does not fail the tests after it too
            try:
                osdeps.kill(pid)
            except OSError:
                continue
        return found
