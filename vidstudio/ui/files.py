"""The window's project files: what opens at start-up, New, Open, Open recent, Save, Save As
and projects dropped on the window.

It owns the file dialogs, the recent menu and the one-line messages these end with; the
document does the opening and saving. The window only places the recent menu and connects its
actions to these methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from vidstudio.storage import ProjectFolder, ProjectLoadError
from vidstudio.storage.lock import ProjectLockedError
from vidstudio.storage.project_folder import SUFFIX

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable, Coroutine

    from PySide6.QtCore import QMimeData

    from vidstudio.ui.document import Document
    from vidstudio.ui.script_pane import ScriptPane


class WindowHost(Protocol):
    """What the files need of the window: run a task it owns, tell the user."""

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]: ...

    def say(self, message: str, timeout_ms: int = 8000) -> None: ...

    def show_error(self, message: str) -> None: ...


class ProjectFiles(QObject):
    def __init__(self, window: QWidget, host: WindowHost, document: Document,
                 script_pane: ScriptPane, redact: Callable[[str], str]) -> None:
        super().__init__(window)
        self._window = window
        self._host = host
        self._document = document
        self._script_pane = script_pane
        self._redact = redact
        self.recent_menu = QMenu("Open &recent", window)
        self.recent_menu.setObjectName("recent")
        self.recent_menu.setAccessibleName("Open recent project")
        document.recent_changed.connect(self.fill_recent)
        self.fill_recent(document.recent())

    async def start(self, initial: Path | None = None) -> None:
        """Open what the command line named, else the last project, else a new one."""
        document = self._document
        try:
            if initial is not None and ProjectFolder.is_project(Path(initial)):
                await document.open(Path(initial))
                return
            if initial is not None:
                await document.new()
                if await self._script_pane.load(Path(initial)):
                    self._script_pane.request_plan()
                return
            last = document.last_project()
            if last is not None:
                try:
                    await document.open(last)
                    return
                except (ProjectLoadError, ProjectLockedError) as exc:
                    self._host.say(str(exc))
            await document.new()
        except (ProjectLoadError, ProjectLockedError, OSError) as exc:
            self._host.show_error(error_line(exc, self._redact))
            if document.session is None:
                await document.new()

    def new_project(self) -> None:
        self._host.spawn(self._document.new())

    def choose_project(self) -> None:
        dialog = QFileDialog(self._window, "Open a project", str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda name: self.open_project(Path(name)))
        dialog.open()

    def open_project(self, path: Path) -> None:
        self._host.spawn(self._open(path))

    async def _open(self, path: Path) -> None:
        try:
            await self._document.open(path)
        except (ProjectLoadError, ProjectLockedError) as exc:
            self._host.show_error(str(exc))

    def save(self) -> None:
        async def flush() -> None:
            await self._document.save()
            self._host.say("saved")

        self._host.spawn(flush())

    def choose_save_as(self) -> None:
        dialog = QFileDialog(self._window, "Save the project as", str(Path.home()))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(SUFFIX.lstrip("."))
        dialog.fileSelected.connect(lambda name: self.save_as(Path(name)))
        dialog.open()

    def save_as(self, path: Path) -> asyncio.Task[Any]:
        async def copy() -> None:
            try:
                session = await self._document.save_as(path)
            except (ProjectLoadError, OSError) as exc:
                self._host.show_error(error_line(exc, self._redact))
                return
            self._host.say(f"saved as {session.folder.path}")

        return self._host.spawn(copy())

    def fill_recent(self, paths: list[str]) -> None:
        self.recent_menu.clear()
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name.removesuffix(SUFFIX))
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_project(Path(p)))
        self.recent_menu.setEnabled(bool(paths))

    def open_dropped(self, mime: QMimeData) -> bool:
        """Open the project folder among the dropped files; False when there is none."""
        project = project_drop(mime)
        if project is None:
            return False
        self.open_project(project)
        return True


def project_drop(mime: QMimeData) -> Path | None:
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile() and ProjectFolder.is_project(Path(url.toLocalFile())):
            return Path(url.toLocalFile())
    return None


def error_line(error: BaseException, redact: Callable[[str], str]) -> str:
    """An error as one line the user can read, with secrets removed."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return str(redact(text))
