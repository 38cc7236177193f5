"""The window's open project: new, open, save as, close, recent projects, recovery.

A project is always a folder on disk, saved continuously by its session (debounced, off the
loop), so work survives a crash; "Save" writes pending changes now. A new project lives in the
user's data folder (``untitled/``) until "Save As" gives it a place. The last project reopens on
the next start; if its session did not close cleanly it says it was recovered.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from vidstudio.core.models import Project, Settings
from vidstudio.jobs.session import ProjectSession
from vidstudio.storage import ProjectFolder
from vidstudio.storage.project_folder import SUFFIX
from vidstudio.ui.adapters import SessionBridge

if TYPE_CHECKING:
    from collections.abc import Callable

RECENT_KEY = "files/recent"
LAST_KEY = "files/last"
MAX_RECENT = 10


@dataclass
class Services:
    """What the window needs from the outside world, handed in by the composition root.

    Attributes:
        providers: builds the provider set for a project's settings.
        settings: the app's QSettings (window layout, recent files, preferences).
        data_dir: the user's data folder (new projects live in ``untitled/`` there).
        redact: removes secrets from any text shown to the user.
        session_options: passed to every ProjectSession (retry policy, save delay, ...).
        new_settings: the settings a new project starts with (None: the defaults).
        key_store: where keys entered in the settings dialog go (the OS keyring).
        reload_preferences: re-read preferences and keys after the settings dialog saved.
        preferences: the user's current preferences (providers per stage, prices, budget).
    """

    providers: Callable[[Settings], Any]
    settings: QSettings
    data_dir: Path
    redact: Callable[[str], str] = lambda text: text
    session_options: dict[str, Any] | None = None
    new_settings: Settings | None = None
    key_store: Any = None
    reload_preferences: Callable[[], None] = lambda: None
    preferences: Callable[[], Any] = lambda: None


class Document(QObject):
    """Owns the window's ProjectSession and its bridge; one at a time.

    Signals:
        opened(ProjectSession): a project is open (after new, open or save as).
        closed(): the project was closed.
        recent_changed(list[str]): the recent-projects list changed.
    """

    opened = Signal(object)
    closed = Signal()
    recent_changed = Signal(list)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = SessionBridge(self)
        self.session: ProjectSession | None = None
        self._untitled_dir = (services.data_dir / "untitled").resolve()
        self._resolved: dict[str, Path] = {}

    # ---------------------------------------------------------------------------- state
    @property
    def is_untitled(self) -> bool:
        return self.session is not None and self.session.folder.path.is_relative_to(
            self.untitled_dir)

    @property
    def untitled_dir(self) -> Path:
        return self._untitled_dir  # resolved once: the title is asked for on every change

    def resolve_asset(self, relative: str) -> Path:
        """The open project's asset at ``relative`` as an absolute path, remembered.

        Resolving follows links on disk; views ask for the same few files on every redraw,
        on the GUI thread, so each is resolved once per open project.

        Raises:
            ValueError: no project is open, or the path leads outside the project folder.
        """
        found = self._resolved.get(relative)
        if found is None:
            if self.session is None:
                raise ValueError("no project is open")
            found = self._resolved[relative] = self.session.folder.assets.resolve(relative)
        return found

    def title(self) -> str:
        if self.session is None:
            return "vidstudio"
        name = self.session.folder.path.name.removesuffix(SUFFIX)
        return f"{name}{' (unsaved)' if self.is_untitled else ''} — vidstudio"

    def recent(self) -> list[str]:
        value = self.services.settings.value(RECENT_KEY, [])
        items = ([value] if isinstance(value, str)
                 else [str(v) for v in value] if isinstance(value, list | tuple) else [])
        return [p for p in items if ProjectFolder.is_project(Path(p))]

    def _remember(self, path: Path) -> None:
        items = [str(path)] + [p for p in self.recent() if p != str(path)]
        if not path.is_relative_to(self.untitled_dir):
            self.services.settings.setValue(RECENT_KEY, items[:MAX_RECENT])
            self.recent_changed.emit(self.recent())
        self.services.settings.setValue(LAST_KEY, str(path))

    def last_project(self) -> Path | None:
        value = self.services.settings.value(LAST_KEY, "")
        path = Path(str(value)) if value else None
        return path if path is not None and ProjectFolder.is_project(path) else None

    # ------------------------------------------------------------------------ lifecycle
    def _options(self) -> dict[str, Any]:
        options = dict(self.services.session_options or {})
        options.setdefault("redact", self.services.redact)
        return options

    async def new(self, script: str = "") -> ProjectSession:
        """A new, empty project in the untitled folder."""
        await self.close()
        self.untitled_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.untitled_dir / f"Untitled-{stamp}{SUFFIX}"
        n = 1
        while path.exists():
            n += 1
            path = self.untitled_dir / f"Untitled-{stamp}-{n}{SUFFIX}"
        settings = (self.services.new_settings or Settings()).model_copy(deep=True)
        project = Project(title="Untitled", script=script, settings=settings)
        providers = self.services.providers(settings)
        session = await asyncio.to_thread(
            ProjectSession.create, path, project, providers, purpose="vidstudio editor",
            **self._options())
        return self._adopt(session)

    async def open(self, path: Path) -> ProjectSession:
        """Open a project folder (or its project.json).

        Raises:
            ProjectLoadError / ProjectLockedError: with a one-line message for the user.
        """
        path = Path(path)
        if path.name == "project.json":
            path = path.parent
        if self.session is not None and self.session.folder.path == path.resolve():
            return self.session
        _, project = await asyncio.to_thread(ProjectFolder.open, path)  # errors before closing
        await self.close()
        providers = self.services.providers(project.settings)
        session = await asyncio.to_thread(
            ProjectSession.open, path, providers, purpose="vidstudio editor", **self._options())
        return self._adopt(session)

    def _adopt(self, session: ProjectSession) -> ProjectSession:
        self.session = session
        self._resolved.clear()
        self.bridge.attach(session)
        self._remember(session.folder.path)
        self.opened.emit(session)
        return session

    async def save(self) -> None:
        """Write pending changes now (they are saved continuously anyway)."""
        if self.session is not None:
            await self.session.flush()

    async def save_as(self, target: Path) -> ProjectSession:
        """Copy the project (with every take) to ``target`` and continue there.

        Raises:
            OSError / ProjectLoadError: the target cannot be used; the open project stays open.
        """
        assert self.session is not None
        target = Path(target)
        if target.suffix != SUFFIX:
            target = target.with_name(target.name + SUFFIX)
        if target.resolve() == self.session.folder.path:
            await self.save()
            return self.session
        ProjectFolder.check_creatable(target)
        await self.session.flush()
        source = self.session.folder.path
        ignore = shutil.ignore_patterns(".lock", ".open", "work", "tmp")

        def copy() -> None:
            partial = target.with_name(f".{target.name}.partial")
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(source, partial, ignore=ignore)
            if target.exists():
                shutil.rmtree(target)
            partial.rename(target)

        await asyncio.to_thread(copy)
        was_untitled = self.is_untitled
        await self.close()
        if was_untitled:
            with contextlib.suppress(OSError):
                await asyncio.to_thread(shutil.rmtree, source)
        return await self.open(target)

    async def close(self) -> None:
        """Cancel the project's jobs, write its last changes and let it go."""
        session, self.session = self.session, None
        if session is None:
            return
        self._resolved.clear()
        self.bridge.detach()
        try:
            await session.close()
        finally:
            with contextlib.suppress(RuntimeError):  # Qt deleted us while the project closed
                self.closed.emit()
