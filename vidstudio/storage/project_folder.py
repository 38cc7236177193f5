"""The project folder: ``NAME.vidstudio/`` with ``project.json``, ``assets/`` and ``renders/``.

Every write is atomic (temporary file + rename) and the previous ``project.json`` is kept as
``project.json.bak``, so a crash or a full disk never leaves a half-written project.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vidstudio.atomic import atomic_write_text
from vidstudio.core.models import SCHEMA_VERSION, Project, utcnow
from vidstudio.storage.assets import AssetStore
from vidstudio.storage.journal import Journal
from vidstudio.storage.migrations import migrate

PROJECT_FILE = "project.json"
BACKUP_FILE = "project.json.bak"
FORMAT_TAG = "vidstudio-project"
SUFFIX = ".vidstudio"


class ProjectLoadError(Exception):
    """The folder holds no readable project; the message says why in one line."""


def _describe_validation(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "top level"
    return f"{where}: {first.get('msg', 'invalid value')}"


class ProjectFolder:
    """A project on disk. Create with ``create`` or ``open``; save with ``save``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()
        self.assets = AssetStore(self.path)
        self.journal = Journal(self.path / "journal.json")

    # ---------------------------------------------------------------------------- paths
    @property
    def project_file(self) -> Path:
        return self.path / PROJECT_FILE

    @property
    def renders_dir(self) -> Path:
        return self.path / "renders"

    @property
    def work_dir(self) -> Path:
        """Scratch space for provider calls in flight (inside the folder: same filesystem)."""
        return self.path / "work"

    @property
    def cache_dir(self) -> Path:
        return self.path / "cache"

    @staticmethod
    def is_project(path: Path) -> bool:
        return (Path(path) / PROJECT_FILE).is_file()

    # ------------------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, path: Path, project: Project) -> ProjectFolder:
        """Make a new folder and save ``project`` into it.

        Raises:
            ProjectLoadError: ``path`` exists and is not an empty folder or a vidstudio project.
        """
        path = Path(path)
        cls.check_creatable(path)
        path.mkdir(parents=True, exist_ok=True)
        folder = cls(path)
        folder.renders_dir.mkdir(exist_ok=True)
        folder.save(project)
        return folder

    @classmethod
    def check_creatable(cls, path: Path) -> None:
        """Raise ProjectLoadError unless a project may be created (or replaced) at ``path``."""
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise ProjectLoadError(f"{path} exists and is not a folder")
        if path.is_dir() and any(path.iterdir()) and not cls.is_project(path):
            raise ProjectLoadError(f"{path} is a folder with other files in it, not a project")

    @classmethod
    def open(cls, path: Path) -> tuple[ProjectFolder, Project]:
        """Open and validate a project folder (or its project.json).

        Raises:
            ProjectLoadError: missing, foreign, corrupt, invalid or newer-schema project.
        """
        path = Path(path)
        if path.name == PROJECT_FILE:
            path = path.parent
        if not path.exists():
            raise ProjectLoadError(f"no project at {path}")
        folder = cls(path)
        return folder, folder.load()

    def load(self) -> Project:
        name = self.path.name
        try:
            raw = self.project_file.read_bytes()
        except FileNotFoundError:
            raise ProjectLoadError(
                f"{name} is not a vidstudio project (no {PROJECT_FILE})"
            ) from None
        except OSError as exc:
            raise ProjectLoadError(f"cannot read {name}/{PROJECT_FILE}: {exc.strerror}") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            has_backup = (self.path / BACKUP_FILE).is_file()
            hint = " (a backup is in project.json.bak)" if has_backup else ""
            where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} is corrupt{where}{hint}") from None
        return self._from_dict(data)

    def _from_dict(self, data: Any) -> Project:
        name = self.path.name
        if not isinstance(data, dict) or data.get("format") != FORMAT_TAG:
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} is not a vidstudio project file")
        version = data.get("schema_version")
        if not isinstance(version, int) or version < 1:
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} has no valid schema version")
        if version > SCHEMA_VERSION:
            raise ProjectLoadError(
                f"{name} was saved by a newer vidstudio (schema {version}; this version reads up "
                f"to {SCHEMA_VERSION}): update vidstudio to open it"
            )
        data = migrate(data, version, SCHEMA_VERSION)
        data.pop("format", None)
        try:
            project = Project.model_validate(data)
        except ValidationError as exc:
            raise ProjectLoadError(
                f"{name}/{PROJECT_FILE} is invalid: {_describe_validation(exc)}"
            ) from None
        for take in project.all_takes():
            for rel in [take.file, *take.extra_files.values()]:
                if rel is not None:
                    try:
                        self.assets.resolve(rel)
                    except ValueError as exc:
                        raise ProjectLoadError(f"{name}/{PROJECT_FILE} is invalid: {exc}") from None
        return project

    def save(self, project: Project) -> None:
        """Write project.json atomically, keeping the previous version as the backup."""
        project.modified = utcnow()
        self.write(self.serialize(project))

    @staticmethod
    def serialize(project: Project) -> str:
        """The text of project.json for ``project`` (cheap; call it where the project lives)."""
        payload = {"format": FORMAT_TAG, **project.model_dump(mode="json")}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    def write(self, text: str) -> None:
        """The slow half of a save (fsync'd writes): safe to run on a worker thread."""
        if self.project_file.is_file():
            # The backup is itself replaced atomically; a hard link would alias the new file.
            atomic_write_text(self.path / BACKUP_FILE, self.project_file.read_text("utf-8"))
        atomic_write_text(self.project_file, text)

    def call_dir(self, name: str) -> Path:
        """A fresh, empty scratch folder for one provider call."""
        folder = self.work_dir / name
        if folder.exists():
            for child in sorted(folder.rglob("*"), reverse=True):
                child.unlink() if not child.is_dir() else child.rmdir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def size_on_disk(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def default_project_path(output: Path) -> Path:
    """``out/film.mp4`` -> ``out/film.vidstudio`` (the project beside the render)."""
    output = Path(output)
    return output.with_name(output.stem + SUFFIX)


def ensure_writable_dir(folder: Path) -> None:
    """Raise OSError with a clear message if ``folder`` is missing or read-only."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OSError(f"the folder {folder} does not exist")
    # A real probe rather than os.access: root passes every permission check, but not a
    # read-only mount.
    try:
        fd, probe = tempfile.mkstemp(prefix=".vidstudio-write-test.", dir=folder)
    except OSError:
        raise OSError(f"the folder {folder} is not writable") from None
    os.close(fd)
    os.unlink(probe)
