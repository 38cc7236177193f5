"""Children that end when vidstudio ends, on every system (a part of :mod:`vidstudio.osdeps`).

Where the kernel can do it (Linux ``PR_SET_PDEATHSIG``), a child asks it to be killed when its
parent ends, through util-linux's ``setpriv --pdeathsig`` or a ``preexec_fn`` calling prctl.
Elsewhere (macOS, Windows, ``VIDSTUDIO_PORTABLE=1``) a small watcher process (``watch_main``,
run as ``python -m vidstudio __watch-parent__``) stands between us and the child and ends it
when we end. Like ``osdeps``, a leaf that may use POSIX-only calls (the test that keeps them
out of the rest of the package knows both names); it imports only ``osdeps``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

from vidstudio.osdeps import KILL_SIGNAL, lower_priority, pid_alive, portable

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: The verb of ``python -m vidstudio`` (or of the frozen program) that runs ``watch_main``.
WATCH_VERB = "__watch-parent__"

_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        prctl: Callable[..., int] = libc.prctl
    except (OSError, AttributeError):
        return None
    return prctl


# Looked up once, in the parent: a preexec_fn must not import or load anything.
_PRCTL = _load_prctl()


def _tool(name: str) -> str | None:
    import shutil

    return shutil.which(name) if sys.platform.startswith("linux") else None


_SETPRIV = _tool("setpriv")
_NICE = _tool("nice")


def has_parent_death_signal() -> bool:
    """Whether the kernel can end a process when its parent ends (Linux ``PR_SET_PDEATHSIG``)."""
    return _PRCTL is not None and not portable()


def die_with_parent(parent: int | None = None) -> bool:
    """Ask the kernel to kill this process when its parent ends; False where it cannot.

    ``parent``: the pid the parent had when it started this process; if the parent already
    ended before the request took effect (the process was re-parented), exit at once. Safe in
    a ``preexec_fn`` (loads nothing).
    """
    if _PRCTL is None or portable():
        return False
    _PRCTL(_PR_SET_PDEATHSIG, KILL_SIGNAL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)
    return True


def _child_dies_with(parent: int) -> None:
    die_with_parent(parent)


def watch_process(pid: int, on_gone: Callable[[], None], *, poll: float = 0.2) -> None:
    """Call ``on_gone`` on a daemon thread once process ``pid`` has ended: waits on a pidfd
    (Linux ≥ 5.3), or polls every ``poll`` seconds where there is none."""
    was_parent = os.getppid() == pid
    pidfd: int | None = None
    if hasattr(os, "pidfd_open") and not portable():
        with contextlib.suppress(OSError):
            pidfd = os.pidfd_open(pid)

    def wait() -> None:
        if pidfd is not None:
            import select

            select.select([pidfd], [], [])
        else:
            # A parent that died is a zombie (alive to os.kill) until its own parent reaps
            # it, but its children are handed to another parent at once.
            while pid_alive(pid) and not (was_parent and os.getppid() != pid):
                time.sleep(poll)
        on_gone()

    threading.Thread(target=wait, name="vidstudio-owner-watch", daemon=True).start()


def _own_program() -> list[str]:
    """How to start vidstudio again: the frozen program itself, or this Python with ``-m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "vidstudio"]


def guarded_command(argv: Sequence[str], *, niceness: int
                    ) -> tuple[list[str], Callable[[], None] | None]:
    """``(argv, preexec_fn)`` for a child that dies with us and runs ``niceness`` steps lower.

    Best first: util-linux's ``setpriv --pdeathsig`` (the child asks the kernel itself, so no
    ``preexec_fn`` forces a full fork of a large process); a ``preexec_fn`` calling prctl where
    there is no setpriv; elsewhere (no pdeathsig: macOS, Windows, ``VIDSTUDIO_PORTABLE``) a
    small watcher process (``watch_main``) that starts the child, ends it when we end, and
    passes its exit status back. Stop a watched child with ``stop_signal``, not SIGKILL: the
    watcher must live to end its child.
    """
    if has_parent_death_signal():
        nice = [_NICE, "-n", str(niceness)] if _NICE is not None else []
        if _SETPRIV is not None:
            return [*nice, _SETPRIV, "--pdeathsig", "KILL", "--", *argv], None
        return [*nice, *argv], functools.partial(_child_dies_with, os.getpid())
    return [*_own_program(), WATCH_VERB, str(os.getpid()), str(niceness), "--", *argv], None


def stop_signal() -> int:
    """The signal that stops a child from ``guarded_command`` for good: SIGKILL where the
    kernel guards it, SIGTERM for a watcher (it then kills its child and exits)."""
    return KILL_SIGNAL if has_parent_death_signal() else int(signal.SIGTERM)


def watch_main(args: Sequence[str]) -> int:
    """The watcher process: ``OWNER NICENESS -- ARGV...``. Runs ARGV (stdin, stdout and stderr
    are inherited) and returns its exit status; kills it if OWNER ends first, or when this
    watcher is asked to stop (SIGTERM, Ctrl-C)."""
    if len(args) < 3 or args[2] != "--":
        print("usage: __watch-parent__ OWNER NICENESS -- COMMAND...", file=sys.stderr)
        return 2
    owner, steps, argv = int(args[0]), int(args[1]), list(args[3:])
    lower_priority(steps)
    flags = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0) if steps > 0 else 0
    child = subprocess.Popen(argv, creationflags=flags)
    ending = threading.Event()

    def end_child(*_: object) -> None:
        ending.set()
        with contextlib.suppress(OSError):
            child.kill()

    signal.signal(signal.SIGTERM, end_child)
    signal.signal(signal.SIGINT, end_child)
    if not pid_alive(owner):
        end_child()
    watch_process(owner, end_child)
    code = child.wait()
    if ending.is_set() and code == 0:
        return 1
    return code if code >= 0 else 128 - code  # killed by signal N: 128 + N, as a shell says
