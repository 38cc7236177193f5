"""Atomic file writes: a reader sees the old file or the new one, never half of either.

A leaf module with no vidstudio imports, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _read_umask() -> int:
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


def current_umask() -> int:
    """The process umask (read without changing it on Linux)."""
    return _read_umask()


def _umask_mode() -> int:
    """The mode a plainly created file gets (mkstemp makes files 0600)."""
    return 0o666 & ~_read_umask()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, _umask_mode())
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
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it into place, else delete it.

    The temporary name keeps the extension so tools that choose a format by it (ffmpeg) work.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}",
                                    dir=path.parent)
    os.fchmod(fd, _umask_mode())
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise OSError(f"nothing was written for {path.name}")
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
