"""Content-addressed assets inside a project folder.

A file is stored once under ``assets/<first two hex digits>/<sha256>.<ext>``; adding the same bytes
twice costs nothing. Paths recorded in the project are relative and must stay inside the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from vidstudio.atomic import current_umask as _umask

ASSETS_DIR = "assets"
_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class AssetStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def resolve(self, relative: str) -> Path:
        """The absolute path of a project-relative asset path.

        Raises:
            ValueError: the path is absolute or leads outside the project folder.
        """
        pure = PurePosixPath(relative)
        if pure.is_absolute() or relative.startswith(("/", "\\")) or ":" in pure.parts[0]:
            raise ValueError(f"asset path {relative!r} must be relative to the project folder")
        if ".." in pure.parts:
            raise ValueError(f"asset path {relative!r} leads outside the project folder")
        full = (self.root / pure).resolve()
        if not full.is_relative_to(self.root):
            raise ValueError(f"asset path {relative!r} leads outside the project folder")
        return full

    def add(self, source: Path, *, move: bool = True) -> str:
        """Store ``source`` and return its relative path; ``move`` consumes the source file."""
        source = Path(source)
        digest = file_digest(source)
        suffix = source.suffix.lower() or ".bin"
        relative = f"{ASSETS_DIR}/{digest[:2]}/{digest}{suffix}"
        target = self.root / relative
        if target.is_file():
            if move:
                source.unlink()
            return relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # A private partial name: two workers may store the same bytes at once.
        fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                            dir=target.parent)
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
        return relative

    def exists(self, relative: str | None) -> bool:
        if not relative:
            return False
        try:
            return self.resolve(relative).is_file()
        except ValueError:
            return False
