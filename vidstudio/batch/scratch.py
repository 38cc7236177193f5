"""A batch film rendered in node-local scratch, checkpointed to shared storage, moved into place.

The shared output folder is slow and shared by every node; a film's many small writes (frames,
takes, caches) go to a project in this node's temp folder instead. What must outlive a dead
node is copied to ``<project>.partial/`` beside the destination as it happens: the whole
project (new files only; content-addressed assets are copied once) after every save, and the
journal before each paid call is sent (``storage.journal.watch_project_writes``). A retried film
starts from that checkpoint, so it never pays twice. When the film is finished, the film and
then the project are copied beside their destinations under temporary names, fsync'd and
renamed into place; an older project is replaced only once the new one is whole, and the
checkpoint is removed last.

A film whose project and film are already at the destination (and no checkpoint is left) is
checked in place: when it is up to date nothing is copied or written.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.batch.film import FAILED, FilmResult, run_film

if TYPE_CHECKING:
    from vidstudio.batch.manifest import FilmSpec

# Files a copy of a project leaves behind: who has it open is about this process only.
_LOCAL_ONLY = frozenset({".lock", ".open"})
_SKIP_DIRS = (("cache", "tmp"),)  # an export's temporaries


def partial_dir(project: Path) -> Path:
    """Where the checkpoint of ``project`` is kept while its film is being made."""
    return project.with_name(project.name + ".partial")


def _skipped(rel: tuple[str, ...]) -> bool:
    return rel[-1] in _LOCAL_ONLY or any(rel[:len(d)] == d for d in _SKIP_DIRS)


def _files(root: Path) -> dict[tuple[str, ...], os.stat_result]:
    found: dict[tuple[str, ...], os.stat_result] = {}
    for folder, _dirs, names in os.walk(root):
        base = Path(folder).relative_to(root).parts
        for name in names:
            rel = (*base, name)
            if _skipped(rel):
                continue
            with contextlib.suppress(FileNotFoundError):
                found[rel] = os.stat(Path(folder, name), follow_symlinks=False)
    return found


def copy_durably(source: Path, target: Path) -> None:
    """``target`` becomes a copy of ``source`` (with its times): written under a temporary
    name beside it, fsync'd, then renamed over it, so it is never seen half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        shutil.copy2(source, temporary, follow_symlinks=False)
        fd = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Checkpoint:
    """Keeps ``target`` a copy of the project at ``source``, one changed file at a time.

    Threading: called from the journal's and the saver's writing threads (and the loop's, for
    a journal entry written there); one copy at a time.
    """

    def __init__(self, source: Path, target: Path) -> None:
        self.source = source
        self.target = target
        self._lock = threading.Lock()
        self._copied: dict[tuple[str, ...], tuple[int, int]] = {}
        self.copies = 0  # files copied so far (content-addressed assets once each)
        self._synced = False  # the whole project copied once (a journal alone is no project)

    def __call__(self, written: Path) -> None:
        with self._lock:
            if written.name.startswith("journal") and self._synced:
                self._copy_one((written.name,))  # before the paid call is sent: one file
            else:
                self._sync()

    def sync(self) -> None:
        """Copy every changed file and drop what the project no longer has."""
        with self._lock:
            self._sync()

    def _copy_one(self, rel: tuple[str, ...]) -> None:
        try:
            stat = os.stat(self.source.joinpath(*rel), follow_symlinks=False)
        except FileNotFoundError:
            return
        state = (stat.st_size, stat.st_mtime_ns)
        if self._copied.get(rel) == state:
            return
        copy_durably(self.source.joinpath(*rel), self.target.joinpath(*rel))
        self._copied[rel] = state
        self.copies += 1

    def _sync(self) -> None:
        present = _files(self.source)
        if not self._copied:  # what an earlier attempt's checkpoint already holds
            for rel, stat in _files(self.target).items():
                here = present.get(rel)
                if here is not None and (here.st_size, here.st_mtime_ns) == \
                        (stat.st_size, stat.st_mtime_ns):
                    self._copied[rel] = (stat.st_size, stat.st_mtime_ns)
        for rel in sorted(present, key=lambda r: r[-1] == "project.json"):  # the project last
            if rel[0] == "assets" and rel in self._copied:
                continue  # content-addressed: a name is its content
            self._copy_one(rel)
        for rel in [r for r in self._copied if r not in present]:
            with contextlib.suppress(FileNotFoundError):
                self.target.joinpath(*rel).unlink()
            del self._copied[rel]
        self._synced = True


def _copy_tree(source: Path, target: Path) -> None:
    """``target`` (new) becomes a durable copy of ``source`` (its files fsync'd)."""
    for rel in _files(source):
        copy_durably(source.joinpath(*rel), target.joinpath(*rel))
    for folder, _dirs, _names in os.walk(target):
        _fsync_dir(Path(folder))


def publish_project(scratch: Path, destination: Path) -> None:
    """Move the finished project at ``scratch`` to ``destination`` (shared storage): copied
    whole beside it first; an existing project is replaced only after that."""
    tag = uuid.uuid4().hex[:8]
    fresh = destination.with_name(f".{destination.name}.new-{tag}")
    try:
        _copy_tree(scratch, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    old = destination.with_name(f".{destination.name}.old-{tag}")
    if destination.exists():
        os.replace(destination, old)
    os.replace(fresh, destination)
    _fsync_dir(destination.parent)
    shutil.rmtree(old, ignore_errors=True)


def _seed(spec: FilmSpec, scratch: Path) -> Path | None:
    """Fill ``scratch`` from the film's checkpoint, else its project; which one, if any."""
    project = spec.project_dir
    for source in (partial_dir(project), project):
        # A checkpoint folder holding only its lock (made a moment ago) is no checkpoint.
        if (source / "project.json").is_file():
            for rel in _files(source):
                target = scratch.joinpath(*rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source.joinpath(*rel), target, follow_symlinks=False)
            return source
    return None


def _node_scratch() -> Path:
    """A fresh folder under this node's temp folder (``TMPDIR``)."""
    return Path(tempfile.mkdtemp(prefix="vidstudio-film-")).resolve()


def _failed(spec: FilmSpec, exc: Exception, kwargs: dict[str, Any],
            cost: float = 0.0) -> FilmResult:
    redact = kwargs.get("redact")
    line = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    return FilmResult(spec.name, FAILED, cost=cost, output=str(spec.output),
                      project=str(spec.project_dir), attempts=kwargs.get("attempt", 1),
                      error=redact(line) if redact is not None else line)


def _lock_checkpoint(spec: FilmSpec) -> Any:
    from vidstudio.storage.lock import ProjectLock

    folder = partial_dir(spec.project_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lock = ProjectLock(folder)
    lock.acquire(purpose="vidstudio batch")
    return lock


def _finished_in_place(spec: FilmSpec) -> bool:
    project = spec.project_dir
    return (project / "project.json").is_file() and Path(spec.output).is_file() \
        and not partial_dir(project).exists()


async def run_film_in_scratch(spec: FilmSpec, credentials: Any, executor: Any,
                              **kwargs: Any) -> FilmResult:
    """``run_film`` on a copy of the film's project in this node's temp folder; the finished
    project and film are moved to their destinations (see the module's notes)."""
    if await asyncio.to_thread(_finished_in_place, spec):
        return await run_film(spec, credentials, executor, **kwargs)
    from vidstudio.storage.journal import watch_project_writes

    root = await asyncio.to_thread(_node_scratch)
    lock = None
    try:
        # One maker per film across nodes, as the project's own lock was: held on the shared
        # checkpoint folder (the system drops it when the process dies).
        scratch = root / spec.project_dir.name
        output = root / "out" / Path(spec.output).name
        try:
            lock = await asyncio.to_thread(_lock_checkpoint, spec)
            await asyncio.to_thread(scratch.mkdir)
            await asyncio.to_thread(_seed, spec, scratch)
        except Exception as exc:  # noqa: BLE001  the film's report line
            return _failed(spec, exc, kwargs)
        checkpoint = Checkpoint(scratch, partial_dir(spec.project_dir))
        watch_project_writes(scratch, checkpoint)
        try:
            local = dataclasses.replace(spec, project=scratch, output=output)
            result = await run_film(local, credentials, executor, **kwargs)
        finally:
            watch_project_writes(scratch, None)
        result.output, result.project = str(spec.output), str(spec.project_dir)
        if result.finished:
            try:
                await asyncio.to_thread(checkpoint.sync)
                await asyncio.to_thread(_publish, spec, scratch, output)
            except Exception as exc:  # noqa: BLE001  the checkpoint keeps the film's work
                return _failed(spec, exc, kwargs, cost=result.cost)
        elif not await asyncio.to_thread(_files, checkpoint.target):
            await asyncio.to_thread(shutil.rmtree, checkpoint.target, True)  # nothing made
        return result
    finally:
        await asyncio.to_thread(shutil.rmtree, root, True)
        if lock is not None:
            await asyncio.to_thread(lock.release)


def _publish(spec: FilmSpec, scratch: Path, output: Path) -> None:
    """The film (and its sidecars), then the project, into place; the checkpoint last."""
    moved = _RecordedExport.read(spec, scratch, output)
    destination = Path(spec.output)
    destination.parent.mkdir(parents=True, exist_ok=True)
    for made in sorted(output.parent.iterdir()):
        copy_durably(made, destination.with_name(made.name.replace(output.stem,
                                                                  destination.stem, 1)))
    publish_project(scratch, spec.project_dir)
    if moved is not None:
        moved.record_at(spec.project_dir, destination, output)
    shutil.rmtree(partial_dir(spec.project_dir), ignore_errors=True)


@dataclasses.dataclass
class _RecordedExport:
    """The export record of a film made in scratch, written again for its new place, so the
    next run finds the moved film up to date instead of encoding it again."""

    project: Any
    options: Any
    result: Any

    @staticmethod
    def _key(project: Any, folder: Path, output: Path, options: Any) -> str:
        from vidstudio.export.engine import checked_plan
        from vidstudio.export.runner import encoder_identity
        from vidstudio.export.uptodate import export_key

        plan = checked_plan(project, folder, options)
        return export_key(plan, output, encoder_identity())

    @classmethod
    def read(cls, spec: FilmSpec, folder: Path, output: Path) -> _RecordedExport | None:
        from vidstudio.export import ExportOptions
        from vidstudio.export.uptodate import recorded_result
        from vidstudio.storage.project_folder import ProjectFolder

        try:
            project = ProjectFolder(folder).load()
            options = ExportOptions(**spec.export)
            result = recorded_result(folder, output, cls._key(project, folder, output, options))
        except Exception:  # noqa: BLE001  without a record the next run encodes it once more
            return None
        return None if result is None else cls(project, options, result)

    def record_at(self, folder: Path, output: Path, old: Path) -> None:
        from vidstudio.export.uptodate import record_result

        def moved(path: Path) -> Path:
            return output.with_name(path.name.replace(old.stem, output.stem, 1))

        result = dataclasses.replace(self.result, output=output,
                                     sidecars=tuple(moved(p) for p in self.result.sidecars))
        with contextlib.suppress(Exception):
            record_result(folder, self._key(self.project, folder, output, self.options), result)
