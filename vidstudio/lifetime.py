"""Child processes that never outlive vidstudio.

A process pool's workers and the ffmpeg processes an export starts would otherwise keep running
(and keep the caller's stdout and stderr open) after vidstudio is killed. Three guards:

- ``die_with_parent``: the kernel sends SIGKILL to a process when the thread that started it
  ends (Linux ``PR_SET_PDEATHSIG``), even if the parent was killed with SIGKILL. Run it in a
  child before exec (``preexec_fn``) or first thing in a worker.
- ``pool_worker_init``: a process pool's initializer: workers ignore SIGINT (Ctrl-C in a
  terminal reaches the whole process group; the parent alone decides what stops, so no worker
  prints a KeyboardInterrupt traceback) and end when the process that made the pool ends
  (a thread waits on its pidfd): a forkserver pool's workers are not its children.
- ``end_children``: on the way out, whatever descendants are still running are ended.

Both the pool's workers and the children started through ``guarded`` also run in the
background: ``BACKGROUND_NICENESS`` steps below the process that owns the event loop. On two
cores, the workers painting frames and ffmpeg's encoder threads at the loop's own priority kept
the loop thread waiting 20 ms and more for a core; ten steps down they still get every cycle the
loop leaves, and the loop gets a core as soon as it has something to do.

A leaf module with no vidstudio imports, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import select
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_PR_SET_PDEATHSIG = 1
BACKGROUND_NICENESS = 10


def _load_prctl() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


# Looked up once, in the parent: a preexec_fn must not import or load anything.
_PRCTL = _load_prctl()


def die_with_parent(sig: int = signal.SIGKILL, parent: int | None = None) -> None:
    """Ask the kernel to send ``sig`` to this process when its parent ends (Linux only).

    ``parent``: the pid the parent had when it started this process; if the parent already
    ended before the request took effect (the process was re-parented), exit at once.
    """
    if _PRCTL is None:
        return
    _PRCTL(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)  # type: ignore[operator]
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _tool(name: str) -> str | None:
    import shutil

    return shutil.which(name) if sys.platform.startswith("linux") else None


_SETPRIV = _tool("setpriv")
_NICE = _tool("nice")


def run_in_background() -> None:
    """Lower this process's priority by ``BACKGROUND_NICENESS`` steps."""
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)


def freeze_heap(*, collect: bool = True) -> None:
    """Hide every object alive now (the modules imported at start-up, mostly) from the cyclic
    garbage collector.

    A full collection walks every tracked object; after start-up that is hundreds of
    thousands of them, and one collection then took 60-110 ms on whichever thread allocated
    at the wrong moment, often the event loop's. Call once, when start-up imports are done:
    frozen objects are still freed by reference counting, but a cycle among them is kept.
    ``collect``: collect first, so no garbage is frozen (a long-lived editor); a short command
    can skip that collection's own 100 ms.
    """
    import gc

    if collect:
        gc.collect()
    gc.freeze()


def guarded(argv: Sequence[str]) -> tuple[list[str], Callable[[], None] | None]:
    """``(argv, preexec_fn)`` for a child that dies with us.

    With util-linux's ``setpriv`` (always on Debian) the child asks for the parent-death signal
    itself, so no ``preexec_fn`` is needed and Python keeps starting children with vfork: a
    ``preexec_fn`` forces a full fork, which copies the page tables of the whole (large) editor
    process and stalls the event loop for 10 ms or more on every ffmpeg started. Elsewhere the
    ``preexec_fn`` of ``child_guard`` does it.

    The child runs ``BACKGROUND_NICENESS`` steps below us (see the module's docstring).
    """
    nice = [_NICE, "-n", str(BACKGROUND_NICENESS)] if _NICE is not None else []
    if _SETPRIV is not None:
        return [*nice, _SETPRIV, "--pdeathsig", "KILL", "--", *argv], None
    return [*nice, *argv], child_guard()


def child_guard() -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess``/``asyncio`` children: the child is killed when the
    thread that starts it ends (call this in that thread, just before starting the child)."""
    return functools.partial(die_with_parent, signal.SIGKILL, os.getpid())


def pool_worker_init(owner: int | None = None) -> None:
    """Initializer of vidstudio's process pools: ``initializer=pool_worker_init,
    initargs=(os.getpid(),)``.

    The worker ignores SIGINT and ends as soon as ``owner`` (the process that made the pool)
    ends, however it ends. A forkserver pool's workers are not the owner's children but the
    fork server's, and the fork server only exits once every worker has (each holds its
    "alive" pipe), so the workers themselves must watch the owner. Workers run in the
    background (``run_in_background``).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    run_in_background()
    if owner is not None and owner != os.getpid():
        watch_owner(owner)


def watch_owner(owner: int) -> None:
    """End this process (SIGKILL) when process ``owner`` ends: a daemon thread waits on a
    pidfd (Linux ≥ 5.3), or polls where there is none."""
    try:
        pidfd: int | None = os.pidfd_open(owner)
    except (AttributeError, OSError):
        pidfd = None
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os.kill(os.getpid(), signal.SIGKILL)
        except PermissionError:
            pass

    def wait() -> None:
        if pidfd is not None:
            select.select([pidfd], [], [])
        else:
            while True:
                time.sleep(0.5)
                try:
                    os.kill(owner, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, name="vidstudio-owner-watch", daemon=True).start()


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process visible in /proc."""
    table: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return table
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            text = Path("/proc", entry, "stat").read_text(encoding="ascii", errors="replace")
            fields = text[text.rfind(")") + 2:].split()
            if fields[0] in ("Z", "X"):
                continue
            table[int(entry)] = int(fields[1])
        except (OSError, ValueError, IndexError):
            continue
    return table


def descendants(pid: int | None = None) -> list[int]:
    """The live (not zombie) descendants of ``pid`` (default: this process), found in /proc."""
    root = os.getpid() if pid is None else pid
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    todo = list(children.get(root, []))
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def end_children(grace: float = 2.0, *, spare: set[int] | None = None) -> list[int]:
    """SIGTERM every descendant (but ``spare``), then SIGKILL those still running after
    ``grace`` seconds; returns the pids that were signalled.

    multiprocessing's resource tracker is spared by default: it ignores SIGTERM and exits by
    itself once every process holding its pipe has ended, after releasing what they leaked.
    """
    spare = set(spare or ()) | _resource_tracker()
    targets = [p for p in descendants() if p not in spare]
    for pid in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    alive = list(targets)
    while alive and time.monotonic() < deadline:
        _reap()
        running = set(descendants())
        alive = [p for p in alive if p in running]
        if alive:
            time.sleep(0.05)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    _reap()
    return targets


def _reap() -> None:
    """Collect the exit status of ended children, so none lingers as a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _resource_tracker() -> set[int]:
    module = sys.modules.get("multiprocessing.resource_tracker")
    tracker = getattr(module, "_resource_tracker", None) if module else None
    pid = getattr(tracker, "_pid", None)
    return {pid} if isinstance(pid, int) else set()
