"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Temporary files and folders carry the writing process's id in their names
(``.film.p1234.k3j2x9q1.part.mp4``, ``export-p1234-ab12cd34``), so a later run can tell the
leftovers of a killed process from the work of one still running and remove only the former
(``remove_stale_temps``, ``fresh_temp_dir``).

It imports only ``vidstudio.osdeps`` (a leaf), so every layer may use it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.osdeps import process_started, read_umask, set_file_mode

if TYPE_CHECKING:
    from collections.abc import Iterator


def current_umask() -> int:
    """The process umask (read without changing it on Linux)."""
    return read_umask()


def _umask_mode() -> int:
    """The mode a plainly created file gets (mkstemp makes files 0600)."""
    return 0o666 & ~read_umask()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _tag() -> str:
    return f"p{os.getpid()}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{_tag()}.", suffix=".part",
                               dir=path.parent)
    try:
        set_file_mode(fd, _umask_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_output(path: Path, *, sync_dir: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it into place, else delete it.

    The temporary name keeps the extension so tools that choose a format by it (ffmpeg) work.
    Temporary files that a killed process left beside ``path`` are removed first. With
    ``sync_dir=False`` the caller makes the rename durable itself (``fsync_dir``), e.g. from a
    worker thread so an event loop does not wait on the disk.
    """
    path = Path(path)
    remove_stale_temps(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.{_tag()}.",
                                    suffix=f".part{path.suffix}", dir=path.parent)
    set_file_mode(fd, _umask_mode())
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise OSError(f"nothing was written for {path.name}")
        os.replace(tmp, path)
        if sync_dir:
            _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (blocking: call it from a worker thread)."""
    _fsync_dir(Path(folder))


# ------------------------------------------------------------------------- stale leftovers
# ``.NAME.p<pid>.<random>.part[.ext]`` (and, from before names carried the pid,
# ``.NAME.<random>.part[.ext]``); tempfile's random part is 8 of [a-z0-9_].
_TEMP_FILE = re.compile(r"^\..+?(?:\.p(?P<pid>\d+))?\.[a-z0-9_]{8}\.part(?:\.[A-Za-z0-9]{1,8})?$")


def _started_self() -> float:
    return process_started(os.getpid()) or time.time()


_SELF_STARTED = _started_self()


def is_stale(path: Path, pid: int | None) -> bool:
    """Whether a temporary ``path`` written by process ``pid`` is a leftover: its writer has
    ended (or its pid now belongs to a process started after the file was last written).
    Without a pid, a file last written before this process started is taken as a leftover."""
    try:
        modified = path.lstat().st_mtime
    except OSError:
        return False
    if pid is None:
        return modified < _SELF_STARTED
    if pid == os.getpid():
        return False
    started = process_started(pid)
    return started is None or started > modified + 1.0


def remove_stale_temps(folder: Path) -> int:
    """Remove the temporary files that killed processes left in ``folder``; returns how many.

    Only names of the form this module writes are touched, and only a file whose writer is no
    longer running. Errors (a read-only folder) are ignored: the leftovers are only clutter.
    """
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        match = _TEMP_FILE.match(name)
        if match is None:
            continue
        path = Path(folder) / name
        pid = int(match["pid"]) if match["pid"] else None
        if path.is_symlink() or not path.is_file() or not is_stale(path, pid):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def remove_stale_dirs(parent: Path, prefix: str) -> int:
    """Remove ``parent/<prefix>p<pid>-*`` folders of ended processes (and untagged
    ``<prefix>*`` ones older than this process); returns how many."""
    pattern = re.compile(rf"^{re.escape(prefix)}(?:p(?P<pid>\d+)-)?[a-z0-9_]{{8}}$")
    removed = 0
    try:
        names = os.listdir(parent)
    except OSError:
        return 0
    for name in names:
        match = pattern.match(name)
        if match is None:
            continue
        path = Path(parent) / name
        pid = int(match["pid"]) if match["pid"] else None
        if path.is_symlink() or not path.is_dir() or not is_stale(path, pid):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed


def fresh_temp_dir(parent: Path, prefix: str) -> Path:
    """A new private folder ``parent/<prefix>p<pid>-XXXXXXXX`` for one job's scratch files,
    after removing the ones that killed processes left behind."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_dirs(parent, prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{_tag()}-", dir=parent))
