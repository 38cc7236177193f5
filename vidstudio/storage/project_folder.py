"""The project folder: ``NAME.vidstudio/`` with ``project.json``, ``assets/`` and ``renders/``.

Every write is atomic (temporary file + rename) and the previous ``project.json`` is kept as
``project.json.bak``, so a crash or a full disk never leaves a half-written project.

Opening is defensive, since a project folder may come from anyone: a project.json over
``MAX_PROJECT_BYTES`` is refused before it is read, one whose parts (``assets/``, ``cache/``,
``work/``, ``renders/``, the project and journal files, the lock) are links to places outside the
folder is refused rather than read or written through, and whatever the file holds — wrong
types, duplicate ids, a newer schema, paths that climb out — ends in a one-line
``ProjectLoadError``, never another exception. Temporary files that killed processes left in the
folder are removed on opening.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vidstudio.atomic import atomic_write_text, remove_stale_dirs, remove_stale_temps
from vidstudio.core.models import SCHEMA_VERSION, Project, utcnow
from vidstudio.storage.assets import CHECKS_FILE, AssetStore
from vidstudio.storage.journal import Journal
from vidstudio.storage.migrations import migrate

PROJECT_FILE = "project.json"
BACKUP_FILE = "project.json.bak"
FORMAT_TAG = "vidstudio-project"
SUFFIX = ".vidstudio"
MAX_PROJECT_BYTES = 50_000_000
# The parts of a folder that vidstudio reads or writes; none may lead outside it.
OWN_ENTRIES = ("project.json", "project.json.bak", "journal.jsonl", "journal.json", ".lock",
               ".open", "assets", "cache", "work", "renders")


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
        self.assets = AssetStore(self.path, checks_file=self.path / "cache" / CHECKS_FILE)
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
        if not path.is_dir():
            raise ProjectLoadError(f"{path} is a file, not a project folder")
        folder = cls(path)
        project = folder.load()
        folder.clean_stale_temps()
        return folder, project

    def check_links(self) -> None:
        """Refuse a folder whose own files or folders are links to places outside it.

        Raises:
            ProjectLoadError: the message names the link and where it leads.
        """
        for entry in OWN_ENTRIES:
            part = self.path / entry
            if not part.is_symlink():
                continue
            try:
                target = part.resolve()
            except (OSError, RuntimeError):  # a loop of links
                target = Path(os.readlink(part))
            if not target.is_relative_to(self.path):
                raise ProjectLoadError(
                    f"{self.path.name}/{entry} is a link to {target}, outside the project; "
                    "vidstudio neither reads nor writes through it — replace it with a real "
                    f"{'file' if '.' in entry else 'folder'}")

    def load(self) -> Project:
        name = self.path.name
        self.check_links()
        try:
            with open(self.project_file, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > MAX_PROJECT_BYTES:
                    raise ProjectLoadError(
                        f"{name}/{PROJECT_FILE} is {size / 1e6:.0f} MB; a project file is at "
                        f"most {MAX_PROJECT_BYTES / 1e6:.0f} MB, so this one is damaged or "
                        "not a vidstudio project")
                raw = handle.read(MAX_PROJECT_BYTES + 1)
        except FileNotFoundError:
            raise ProjectLoadError(
                f"{name} is not a vidstudio project (no {PROJECT_FILE})"
            ) from None
        except IsADirectoryError:
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} is a folder, not a file") from None
        except OSError as exc:
            raise ProjectLoadError(f"cannot read {name}/{PROJECT_FILE}: {exc.strerror}") from None
        if len(raw) > MAX_PROJECT_BYTES:
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} is over "
                                   f"{MAX_PROJECT_BYTES / 1e6:.0f} MB; it is damaged or not a "
                                   "vidstudio project")
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            has_backup = (self.path / BACKUP_FILE).is_file()
            hint = " (a backup is in project.json.bak)" if has_backup else ""
            where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} is corrupt{where}{hint}") from None
        try:
            return self._from_dict(data)
        except ProjectLoadError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            # Hostile or damaged content that slipped past validation: refused, in one line.
            detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else \
                type(exc).__name__
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} is invalid: {detail}") from None

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
        if (duplicate := _duplicate_id(project)) is not None:
            raise ProjectLoadError(f"{name}/{PROJECT_FILE} is invalid: {duplicate}")
        for take in project.all_takes():
            for rel in [take.file, *take.extra_files.values()]:
                if rel is not None:
                    try:
                        self.assets.resolve(rel)
                    except ValueError as exc:
                        raise ProjectLoadError(f"{name}/{PROJECT_FILE} is invalid: {exc}") from None
        return project

    def clean_stale_temps(self) -> None:
        """Remove the temporary files and export scratch folders of processes that died
        (a killed render, export or save); those of running processes are left alone."""
        folders = [self.path, self.renders_dir, self.cache_dir]
        # The caches' own folders (normalised clips, their delivery reference, previews).
        for depth in ("*", "*/*"):
            with contextlib.suppress(OSError):
                if self.cache_dir.is_dir() and not self.cache_dir.is_symlink():
                    folders += [p for p in self.cache_dir.glob(depth)
                                if p.is_dir() and not p.is_symlink() and p.name != "tmp"]
        with contextlib.suppress(OSError):
            assets = self.path / "assets"
            if assets.is_dir() and not assets.is_symlink():
                folders += [p for p in assets.iterdir() if p.is_dir() and not p.is_symlink()]
        for folder in folders:
            remove_stale_temps(folder)
        tmp = self.cache_dir / "tmp"
        if tmp.is_dir() and not self.cache_dir.is_symlink() and not tmp.is_symlink():
            remove_stale_dirs(tmp, "export-")

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
        """A fresh, empty scratch folder for one provider call.

        Raises:
            OSError: ``work/`` is a link out of the project (nothing is written through it).
        """
        if self.work_dir.is_symlink() and \
                not self.work_dir.resolve().is_relative_to(self.path):
            raise OSError(f"{self.work_dir} is a link to a place outside the project; "
                          "nothing is written through it")
        folder = self.work_dir / name
        if folder.exists():
            for child in sorted(folder.rglob("*"), reverse=True):
                child.unlink() if not child.is_dir() else child.rmdir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def size_on_disk(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a project may hold")


def _duplicate_id(project: Project) -> str | None:
    """A description of the first id used twice, or None."""
    seen: set[str] = set()
    for env in project.environments:
        if env.id in seen:
            return f"two environments share the id {env.id!r}"
        seen.add(env.id)
    seen = set()
    for scene in project.scenes:
        if scene.id in seen:
            return f"two scenes share the id {scene.id!r}"
        seen.add(scene.id)
    slots = [s for env in project.environments for s in [*env.images, env.style]]
    slots += [s for scene in project.scenes for s in scene.slots.values()]
    for slot in slots:
        ids = [t.id for t in slot.takes]
        if len(ids) != len(set(ids)):
            dup = next(i for i in ids if ids.count(i) > 1)
            return f"two takes of one slot share the id {dup!r}"
    return None


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
