"""What differs between operating systems, in one place, behind small functions.

Every POSIX- or Linux-only import and call of vidstudio lives here; the rest of the code asks
these functions and names no ``fcntl``, ``resource``, ``SIGKILL`` or ``memfd``. Each mechanism
is chosen by feature detection, best first, with a fallback that works on Windows and macOS:

=========================  ==============================  =====================================
what                       where the system has it         fallback
=========================  ==============================  =====================================
project lock               ``fcntl.flock``                 ``filelock`` (msvcrt on Windows)
a child dies with us       ``setpriv --pdeathsig`` / prctl a watcher process (osdeps_children)
a pool worker dies with us pidfd of the owner              polling the owner's pid
process pool start         ``forkserver``                  ``spawn``
frames to ffmpeg           memfd + ``sendfile`` (socket)   temporary file + pipe
user data folder           ``platformdirs`` (XDG on Linux) (platformdirs everywhere)
cores we may use           affinity, cgroup CPU quota      ``os.cpu_count()``
=========================  ==============================  =====================================

``VIDSTUDIO_PORTABLE=1`` in the environment forces every fallback of that table, so Linux runs
the code paths Windows and macOS take (the test command runs the end-to-end tests a second time
so), and the ``/proc`` readers (process table, process start times) fall back to ``ps`` and
``pid_alive``. It is read at each call, not at import. Three things stay on under it because
their fallback would only lose something and test nothing: ``O_NOFOLLOW`` (refusing a planted
link), lowering a child's priority (``os.nice``; Windows has no portable call for its own
priority) and reading the umask from ``/proc`` (the fallback reads it once, at import).

The children that die with us live in the sibling :mod:`vidstudio.osdeps_children` (it
imports this module; nothing here imports it).

Named ``osdeps`` rather than ``platform`` so that no reader (nor a script run from inside the
package folder) mistakes it for the standard library's ``platform``. A leaf module with no
vidstudio imports, so every layer may use it; heavy or optional imports stay inside functions.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import math
import mmap
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import multiprocessing.context

PORTABLE_ENV = "VIDSTUDIO_PORTABLE"
APP_NAME = "vidstudio"

#: ``os.open`` flags that exist only on some systems (0 where missing).
NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
BINARY: int = getattr(os, "O_BINARY", 0)  # Windows opens in text mode without it
#: The signal that cannot be caught; Windows has none, and its ``os.kill`` always terminates.
KILL_SIGNAL: int = int(getattr(signal, "SIGKILL", signal.SIGTERM))


def portable() -> bool:
    """Whether ``VIDSTUDIO_PORTABLE`` asks for the portable fallbacks."""
    return os.environ.get(PORTABLE_ENV, "").strip() not in ("", "0")


# ----------------------------------------------------------------------------- small calls
def pwrite(fd: int, data: memoryview | bytes, offset: int) -> int:
    """Write ``data`` at ``offset`` of ``fd``; returns how many bytes were written. Without
    ``os.pwrite`` (Windows) the descriptor's position moves: use a descriptor of your own."""
    if hasattr(os, "pwrite"):
        return int(os.pwrite(fd, data, offset))
    os.lseek(fd, offset, os.SEEK_SET)
    return os.write(fd, data)


def set_file_mode(fd: int, mode: int) -> None:
    """``fchmod`` where it exists; Windows files have no such mode bits to set."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def clock_ticks() -> int:
    """Clock ticks per second, the unit of a process's start time in ``/proc``."""
    if hasattr(os, "sysconf"):
        with contextlib.suppress(ValueError, OSError):
            return int(os.sysconf("SC_CLK_TCK"))
    return 100


def lower_priority(steps: int) -> None:
    """Run this process ``steps`` niceness steps lower (no-op where there is no ``nice``)."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(steps)


def ignore_interrupts() -> None:
    """Ignore Ctrl-C in this process (a pool worker: the owner decides what stops)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def kill(pid: int) -> None:
    """End process ``pid`` now (SIGKILL; TerminateProcess on Windows)."""
    os.kill(pid, KILL_SIGNAL)


def terminate(pid: int) -> None:
    """Ask process ``pid`` to end (SIGTERM; on Windows it ends at once)."""
    os.kill(pid, signal.SIGTERM)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie counts as running until it is reaped)."""
    if sys.platform == "win32":
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # on Windows this would end the process: never reached there
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_children() -> None:
    """Collect the exit status of ended children so none lingers as a zombie (POSIX)."""
    if sys.platform == "win32":
        return
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def process_table() -> dict[int, int]:
    """pid -> parent pid of every live (not zombie) process: from ``/proc`` where there is one,
    else from ``ps``; empty where neither answers."""
    table: dict[int, int] = {}
    if os.path.isdir("/proc/self") and not portable():
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                text = Path("/proc", entry, "stat").read_text(encoding="ascii", errors="replace")
                fields = text[text.rfind(")") + 2:].split()
                if fields[0] not in ("Z", "X"):
                    table[int(entry)] = int(fields[1])
        return table
    if sys.platform == "win32":
        return table
    try:
        listing = subprocess.run(["ps", "-A", "-o", "pid=,ppid=,stat="], capture_output=True,
                                 text=True, check=False, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return table
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) >= 3 and not parts[2].startswith(("Z", "X")):
            with contextlib.suppress(ValueError):
                table[int(parts[0])] = int(parts[1])
    return table


# ------------------------------------------------------------------------ process facts
def read_umask() -> int:
    """The process umask, read without changing it where the system allows.

    Flipping the umask to read it (``os.umask(0)`` then back) races with any thread creating a
    file in between, which then gets mode 0666; Linux reports it in /proc instead.
    """
    if _FALLBACK_UMASK is not None:
        return _FALLBACK_UMASK
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return _flip_read()


def _flip_read() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Without /proc (not Linux) the umask is read once, at import, before any worker thread exists.
_FALLBACK_UMASK: int | None = None if os.path.exists("/proc/self/status") else _flip_read()


def _boot_time() -> float | None:
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            for line in stat:
                if line.startswith("btime "):
                    return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def process_started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), or None if it is not running
    (a zombie counts as ended). Without /proc, a live process reports 0.0."""
    if portable() or not os.path.isdir("/proc/self"):
        return 0.0 if pid_alive(pid) else None
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        text = ""
    if not text:
        return 0.0 if pid_alive(pid) else None
    fields = text[text.rfind(")") + 2:].split()
    if not fields or fields[0] in ("Z", "X"):
        return None
    boot = _boot_time()
    try:
        ticks = int(fields[19])
    except (IndexError, ValueError):
        return 0.0
    if boot is None:
        return 0.0
    return boot + ticks / clock_ticks()


# --------------------------------------------------------------------------------- cores
_CGROUP = Path("/sys/fs/cgroup")


def _affinity_count() -> int:
    getter = getattr(os, "sched_getaffinity", None)
    if getter is not None and not portable():
        with contextlib.suppress(OSError):
            return max(1, len(getter(0)))
    return max(1, os.cpu_count() or 1)


def _cgroup_quota(root: Path = _CGROUP) -> float | None:
    """The CPU quota of this process's cgroup in cores (None: no quota or no cgroup)."""
    # cgroup v2: "max 100000" or "150000 100000" in cpu.max of the process's own group.
    own = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                own = line[3:].strip().lstrip("/")
    for folder in (root / own, root) if own else (root,):
        with contextlib.suppress(OSError, ValueError):
            quota, period = (folder / "cpu.max").read_text().split()[:2]
            if quota == "max":
                return None
            return int(quota) / int(period)
    # cgroup v1
    with contextlib.suppress(OSError, ValueError):
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        if quota_us > 0 and period_us > 0:
            return quota_us / period_us
    return None


def usable_cpus(root: Path = _CGROUP) -> int:
    """The cores this process may use: its affinity, capped by its cgroup's CPU quota
    (rounded up: a quota of 1.5 cores still runs two workers usefully), at least 1."""
    count = _affinity_count()
    quota = _cgroup_quota(root)
    if quota is not None and quota > 0:
        count = min(count, max(1, math.ceil(quota)))
    return count


# ------------------------------------------------------------------------------ file locks
class HeldLock(Protocol):
    def release(self) -> None: ...


if sys.platform != "win32":
    import fcntl

    class _Flock:
        """An exclusive ``flock``: the kernel drops it when the process dies."""

        def __init__(self, fd: int) -> None:
            self._fd = fd

        def release(self) -> None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)

    def _try_flock(path: Path) -> HeldLock | None:
        # O_NOFOLLOW: a lock file planted as a link is not written through.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW | CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        return _Flock(fd)
else:
    _try_flock = None


class _PortableLock:
    """A ``filelock`` lock: ``flock`` on POSIX, ``msvcrt.locking`` on Windows; the system
    drops it when the process dies on both."""

    def __init__(self, lock: object) -> None:
        self._lock = lock

    def release(self) -> None:
        self._lock.release()  # type: ignore[attr-defined]


def _try_filelock(path: Path) -> HeldLock | None:
    import filelock

    if os.path.islink(path):  # not every system's filelock opens with O_NOFOLLOW
        raise OSError(40, "Too many levels of symbolic links", str(path))
    lock = filelock.FileLock(str(path), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        return None
    return _PortableLock(lock)


def try_lock(path: Path) -> HeldLock | None:
    """Take an exclusive lock on the file ``path`` (created if missing) without waiting.

    Returns the held lock, or None when another holder (another process, or another lock of
    this process) has it. Raises OSError when the file cannot be opened (read-only folder, a
    planted link).
    """
    if _try_flock is not None and not portable():
        return _try_flock(Path(path))
    return _try_filelock(Path(path))


# -------------------------------------------------------------------------------- folders
def user_data_dir() -> Path:
    """Where vidstudio keeps a user's data (the style library): ``$VIDSTUDIO_DATA_DIR`` if set,
    else the system's place (``$XDG_DATA_HOME/vidstudio`` or ``~/.local/share/vidstudio`` on
    Linux, ``~/Library/Application Support/vidstudio`` on macOS, ``%LOCALAPPDATA%`` on Windows).
    """
    if explicit := os.environ.get("VIDSTUDIO_DATA_DIR"):
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """Where vidstudio may keep a user's cache (``$XDG_CACHE_HOME/vidstudio`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def hf_hub_cache() -> Path:
    """``$HF_HUB_CACHE``, ``$HF_HOME/hub``, else ``~/.cache/huggingface/hub`` (any system)."""
    home = os.environ.get("HF_HOME") or Path.home() / ".cache" / "huggingface"
    return Path(os.environ.get("HF_HUB_CACHE") or Path(home) / "hub")


def limit_address_space(headroom: int) -> None:
    """Cap this process's address space at what it maps now plus ``headroom`` (Linux)."""
    if sys.platform != "linux":
        raise NotImplementedError("a memory limit needs RLIMIT_AS (Linux)")
    import resource

    with open("/proc/self/statm", encoding="ascii") as f:
        mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (mapped + headroom, resource.getrlimit(
        resource.RLIMIT_AS)[1]))


# ---------------------------------------------------------------------------- process pool
def pool_context() -> multiprocessing.context.BaseContext:
    """The start method of vidstudio's process pools: ``forkserver`` (workers inherit none of
    the parent's threads or open descriptors, and start fast) where the system has it, else
    ``spawn`` (a fresh interpreter per worker: Windows, and macOS's default)."""
    import multiprocessing

    _quiet_resource_tracker()
    if not portable() and "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with its stderr on the null device.

    The pool's queues hold named semaphores that the tracker removes once vidstudio is gone.
    When vidstudio is killed (SIGKILL, SIGTERM) the tracker cleans them up as it should but
    also prints a multi-line "leaked semaphore objects" warning into the user's terminal, which
    is noise after a kill the user chose. Its clean-up is unchanged; only that text is dropped.
    """
    if os.name != "posix":
        return  # no resource tracker process there
    from multiprocessing import resource_tracker

    if getattr(resource_tracker._resource_tracker, "_fd", None) is not None:
        return  # already running (its stderr is what it was started with)
    sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


# ---------------------------------------------------------------------- frames for ffmpeg
def memory_file(name: str) -> tuple[int, str] | None:
    """An anonymous memory file (Linux ``memfd``) that other processes of the same user can
    open by the returned path (``/proc/PID/fd/N``); None where there is none (the caller uses a
    temporary file)."""
    if portable() or not hasattr(os, "memfd_create"):
        return None
    try:
        fd = os.memfd_create(name, getattr(os, "MFD_CLOEXEC", 0))
    except OSError:
        return None
    path = f"/proc/{os.getpid()}/fd/{fd}"
    if not os.path.exists(path):
        os.close(fd)
        return None
    return fd, path


def map_file(fd: int, length: int, offset: int = 0, *, write: bool = True) -> mmap.mmap:
    """A shared mapping of ``length`` bytes of the open file ``fd`` from ``offset`` (a
    multiple of ``mmap.ALLOCATIONGRANULARITY``). On Linux its pages are mapped at once
    (``MAP_POPULATE``): one call instead of a page fault for every 4 KiB that a frame or a
    prepared plane touches, about a millisecond a 720p frame."""
    populate = getattr(mmap, "MAP_POPULATE", 0)
    if sys.platform != "win32" and populate and not portable():  # POSIX mmap's flags
        prot = mmap.PROT_READ | (mmap.PROT_WRITE if write else 0)
        return mmap.mmap(fd, length, flags=mmap.MAP_SHARED | populate, prot=prot, offset=offset)
    access = mmap.ACCESS_WRITE if write else mmap.ACCESS_READ
    return mmap.mmap(fd, length, access=access, offset=offset)


def kernel_copy_to_socket() -> bool:
    """Whether raw frames go to ffmpeg through a socket that the kernel fills from the frame
    file (``sendfile``); else they go through a pipe, read by a thread and written by the loop.
    A socket as a child's stdin works on POSIX only."""
    return os.name == "posix" and hasattr(os, "sendfile") and not portable()


# ---------------------------------------------------------------------------- the C heap
_LIBC: list[ctypes.CDLL | None] = []


def _glibc() -> ctypes.CDLL | None:
    """This process's C library where it is glibc (it has ``malloc_trim``), else None."""
    if not _LIBC:
        libc: ctypes.CDLL | None = None
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError):
                libc = ctypes.CDLL(None)
            if libc is not None and not hasattr(libc, "malloc_trim"):
                libc = None  # musl and others: nothing to ask
        _LIBC.append(libc)
    return _LIBC[0]


def release_heap() -> bool:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim(0)``; a no-op
    elsewhere). Returns whether any memory was released.

    glibc keeps what a process freed for its next allocations: its mmap threshold rises with
    the first large block freed, so later large arrays come from the heap, and the heap keeps
    its high-water mark. One call walks the arenas and returns every free whole page, in the
    middle of the heap as well as at its top; the pages are faulted in again only when used.
    """
    libc = _glibc()
    if libc is None:
        return False
    trim = libc.malloc_trim
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return bool(trim(0))


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def heap_free_bytes() -> int | None:
    """How many bytes the C heap holds free for later allocations, in all its arenas (glibc
    2.33's ``mallinfo2``), or None where that cannot be asked."""
    libc = _glibc()
    info = getattr(libc, "mallinfo2", None) if libc is not None else None
    if info is None:
        return None
    info.argtypes = ()
    info.restype = _MallInfo2
    return int(info().fordblks)
