"""Content-addressed assets inside a project folder.

A file is stored once under ``assets/<first two hex digits>/<sha256>.<ext>``; adding the same bytes
twice costs nothing. Paths recorded in the project are relative and must stay inside the folder.

Because the name is the content's hash, an asset can be checked: ``verify`` hashes it and
compares. Hashing a long clip is not free, so each verdict is remembered with the file's size,
modification time and inode — a file that was not touched since it was checked is not hashed
again, in this process or (through ``cache/asset-checks.jsonl``) the next. ``exists`` never
hashes: it answers from the file system and from verdicts already known, so a file found to be
damaged counts as missing and the pipeline makes it again.

Threading: every method may run on a worker thread; ``verify`` and ``add`` should (they hash).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path, PurePosixPath

from vidstudio.atomic import atomic_write_text
from vidstudio.atomic import current_umask as _umask
from vidstudio.osdeps import NOFOLLOW

ASSETS_DIR = "assets"
CHECKS_FILE = "asset-checks.jsonl"
_CHUNK = 1 << 20
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_MAX_CHECKS_BYTES = 4 << 20  # a bigger verdict file is not read (it is only a cache)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def expected_digest(relative: str) -> str | None:
    """The sha256 an asset's name promises (None for a name that is not a content hash)."""
    stem = PurePosixPath(relative).name.split(".", 1)[0]
    return stem if _HEX64.match(stem) else None


Stamp = tuple[int, int, int]  # size, mtime in ns, inode


def _stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


class AssetStore:
    """The ``assets/`` of one folder. ``checks_file``: where verdicts persist (None: memory)."""

    def __init__(self, root: Path, *, checks_file: Path | None = None) -> None:
        self.root = Path(root).resolve()
        self.checks_file = checks_file
        self._verdicts: dict[str, tuple[Stamp, bool]] | None = None
        self._lock = threading.Lock()
        self._appended = 0

    def resolve(self, relative: str) -> Path:
        """The absolute path of a project-relative asset path.

        Raises:
            ValueError: the path is absolute or leads outside the project folder.
        """
        if not isinstance(relative, str) or not relative or "\x00" in relative:
            raise ValueError(f"asset path {relative!r} is not a file name")
        pure = PurePosixPath(relative)
        if pure.is_absolute() or relative.startswith(("/", "\\")) or ":" in pure.parts[0]:
            raise ValueError(f"asset path {relative!r} must be relative to the project folder")
        if ".." in pure.parts or "\\" in relative:
            raise ValueError(f"asset path {relative!r} leads outside the project folder")
        full = (self.root / pure).resolve()
        if not full.is_relative_to(self.root):
            raise ValueError(f"asset path {relative!r} leads outside the project folder")
        return full

    def relative_of(self, path: Path) -> str | None:
        """``path`` as a project-relative asset path, or None when it lies outside."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def _writable_target(self, relative: str) -> Path:
        """Where ``relative`` is written, refusing a folder on the way that is a link out of
        the project (a write would land elsewhere)."""
        target = self.root / relative
        existing = target.parent
        while not os.path.lexists(existing) and existing != self.root:
            existing = existing.parent
        if not existing.resolve().is_relative_to(self.root):
            raise OSError(f"{target.parent} is a link to a place outside the project; "
                          "nothing is written through it")
        return target

    def add(self, source: Path, *, move: bool = True) -> str:
        """Store ``source`` and return its relative path; ``move`` consumes the source file.

        An existing copy whose bytes no longer match its name is replaced.
        """
        source = Path(source)
        digest = file_digest(source)
        suffix = source.suffix.lower() or ".bin"
        relative = f"{ASSETS_DIR}/{digest[:2]}/{digest}{suffix}"
        self._writable_target(relative)  # before mkdir: it would follow a link out too
        (self.root / relative).parent.mkdir(parents=True, exist_ok=True)
        target = self._writable_target(relative)
        if target.is_file() and not target.is_symlink() and self.verify(relative):
            if move:
                source.unlink()
            return relative
        # A private partial name: two workers may store the same bytes at once.
        fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.p{os.getpid()}.",
                                            suffix=".part", dir=target.parent)
        os.close(fd)
        partial = Path(partial_name)
        try:
            if move:
                try:
                    os.replace(source, partial)
                except OSError:  # another filesystem
                    shutil.copyfile(source, partial)
                    source.unlink()
            else:
                shutil.copyfile(source, partial)
            os.chmod(partial, 0o666 & ~_umask())
            os.replace(partial, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
        self._remember(relative, target, True)
        return relative

    def exists(self, relative: str | None) -> bool:
        """Whether the asset is there and not known to be damaged (cheap: never hashes)."""
        if not relative:
            return False
        try:
            path = self.resolve(relative)
        except ValueError:
            return False
        if not path.is_file():
            return False
        known = self.known(relative, path)
        return known is not False

    def known(self, relative: str, path: Path | None = None) -> bool | None:
        """The remembered verdict on ``relative`` if the file is unchanged since, else None."""
        stamp = _stamp(path if path is not None else self.root / relative)
        if stamp is None:
            return None
        with self._lock:
            verdict = self._load().get(relative)
        if verdict is None or verdict[0] != stamp:
            return None
        return verdict[1]

    def verify(self, asset: str | Path) -> bool:
        """Whether the asset's bytes match the hash its name promises (blocking: hashes the
        file unless it is unchanged since its last check). A name that is not a hash, or a
        path outside the assets, has nothing to check and passes; a missing file fails.
        """
        if isinstance(asset, Path):
            relative = self.relative_of(asset)
            if relative is None:
                return asset.is_file()
        else:
            relative = asset
        try:
            path = self.resolve(relative)
        except ValueError:
            return False
        if not path.is_file():
            return False
        expected = expected_digest(relative)
        if expected is None:
            return True
        known = self.known(relative, path)
        if known is not None:
            return known
        before = _stamp(path)
        try:
            ok = file_digest(path) == expected
        except OSError:
            return False
        if before is not None and _stamp(path) == before:
            self._remember(relative, path, ok, before)
        return ok

    # ------------------------------------------------------------------- verdict cache
    def _load(self) -> dict[str, tuple[Stamp, bool]]:
        """The verdicts, read once from the checks file (called with the lock held)."""
        if self._verdicts is not None:
            return self._verdicts
        verdicts: dict[str, tuple[Stamp, bool]] = {}
        path = self.checks_file
        if path is not None and self._inside(path):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if path.stat().st_size <= _MAX_CHECKS_BYTES:
                    for line in path.read_text("utf-8").splitlines():
                        with contextlib.suppress(ValueError, TypeError, KeyError):
                            record = json.loads(line)
                            stamp = (int(record["size"]), int(record["mtime_ns"]),
                                     int(record["ino"]))
                            verdicts[str(record["path"])] = (stamp, bool(record["ok"]))
        self._verdicts = verdicts
        return verdicts

    def _inside(self, path: Path) -> bool:
        """Whether writing ``path`` stays inside the folder (a ``cache/`` linked elsewhere
        is not written through)."""
        try:
            return path.parent.resolve().is_relative_to(self.root)
        except OSError:
            return False

    def _remember(self, relative: str, path: Path, ok: bool, stamp: Stamp | None = None) -> None:
        stamp = stamp or _stamp(path)
        if stamp is None:
            return
        with self._lock:
            verdicts = self._load()
            if verdicts.get(relative) == (stamp, ok):
                return
            verdicts[relative] = (stamp, ok)
            self._persist(relative, stamp, ok)

    def _persist(self, relative: str, stamp: Stamp, ok: bool) -> None:
        """Append one verdict (called with the lock held). A cache: failures are ignored."""
        path = self.checks_file
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not self._inside(path):
                return
            self._appended += 1
            if self._appended > 4 * len(self._verdicts or {}) + 64:
                self._appended = 0
                atomic_write_text(path, "".join(
                    _line(rel, st, good) for rel, (st, good) in (self._verdicts or {}).items()))
                return
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | NOFOLLOW, 0o666)
            try:
                os.write(fd, _line(relative, stamp, ok).encode("utf-8"))
            finally:
                os.close(fd)
        except OSError:
            return


def _line(relative: str, stamp: Stamp, ok: bool) -> str:
    return json.dumps({"path": relative, "size": stamp[0], "mtime_ns": stamp[1],
                       "ino": stamp[2], "ok": ok}) + "\n"
