"""The main window: it lays out the panels and wires them; it does no work of its own.

Script and environments on the left, the scene board in the middle, preview and jobs on the
right, the timeline at the bottom — all docks, so the layout can be rearranged, and it is
remembered. Menus carry New / Open / Recent / Save / Save As / Export, Undo / Redo with the
action's name, Plan and Generate all. Every long action is a session job the jobs panel shows.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabBar,
    QWidget,
)

from vidstudio.core.vocabulary import Stage
from vidstudio.jobs.session import ProjectSession, SessionError
from vidstudio.ui.cast_panel import CastPanel
from vidstudio.ui.document import Document, Services
from vidstudio.ui.environments import EnvironmentsPanel
from vidstudio.ui.files import ProjectFiles, error_line, project_drop
from vidstudio.ui.generating import GenerateAll
from vidstudio.ui.jobs_panel import JobsPanel
from vidstudio.ui.names import name_message_box, name_toolbar_buttons
from vidstudio.ui.pacing import TurnPacer
from vidstudio.ui.preview import PreviewPanel
from vidstudio.ui.scene_board import SceneBoard
from vidstudio.ui.score import ScorePanel
from vidstudio.ui.script_pane import ScriptPane, is_script_drop
from vidstudio.ui.theme import apply_theme
from vidstudio.ui.thumbnails import ThumbnailCache
from vidstudio.ui.timeline import TimelineView
from vidstudio.ui.titles_dialog import open_titles
from vidstudio.ui.unknown_outcomes import UnknownOutcomes

if TYPE_CHECKING:
    from collections.abc import Coroutine
    from pathlib import Path

log = logging.getLogger(__name__)

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
LAYOUT_VERSION = 1


class MainWindow(QMainWindow):
    """Signals: closed() once the project is closed and the window is gone."""

    closed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("MainWindow")
        self.setWindowTitle("vidstudio")
        apply_theme()  # the application's palette and style sheet, shared by every dialog
        self.setAcceptDrops(True)
        self.resize(1600, 980)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closing = False
        self._closed = False
        self.undo_question: QMessageBox | None = None  # "Cancel … and undo it?" when asked

        self.document = Document(services, self)
        self.thumbnails = ThumbnailCache(self)
        self.pacer = TurnPacer(self)  # the board and the places build their cards in turns
        self.script_pane = ScriptPane()
        self.files = ProjectFiles(self, self, self.document, self.script_pane, services.redact)
        self.recent_menu = self.files.recent_menu
        self.board = SceneBoard(self.document, self.thumbnails, self.pacer)
        self.environments = EnvironmentsPanel(self.document, self.thumbnails, self.pacer)
        self.cast_panel = CastPanel(self.document, self.thumbnails, self.pacer)
        self.jobs_panel = JobsPanel(self.document)
        self.preview = PreviewPanel(self.document)
        self.timeline = TimelineView(self.document)
        self.score = ScorePanel(self.document, self.thumbnails)  # beside the music lane
        self.timeline.add_tools(self.score)
        self.setCentralWidget(self.board)

        self.script_dock = self._dock("Script", "script-dock", self.script_pane,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.environments_dock = self._dock("Environments", "environments-dock",
                                            self.environments,
                                            Qt.DockWidgetArea.LeftDockWidgetArea)
        self.cast_dock = self._dock("Cast", "cast-dock", self.cast_panel,
                                    Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.environments_dock, self.cast_dock)  # beside the places
        self.environments_dock.raise_()
        for bar in self.findChildren(QTabBar):  # the tabs of the two docks, named for readers
            bar.setAccessibleName("Environments and cast panels")
        self.preview_dock = self._dock("Preview", "preview-dock", self.preview,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.jobs_dock = self._dock("Jobs", "jobs-dock", self.jobs_panel,
                                    Qt.DockWidgetArea.RightDockWidgetArea)
        self.timeline_dock = self._dock("Timeline", "timeline-dock", self.timeline,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([self.script_dock, self.preview_dock], [360, 420],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.timeline_dock], [190], Qt.Orientation.Vertical)
        self.resizeDocks([self.script_dock, self.environments_dock], [420, 460],
                         Qt.Orientation.Vertical)

        self.jobs_summary = QLabel("idle")
        self.jobs_summary.setObjectName("jobs-summary")
        self.spent = QLabel("")
        self.spent.setObjectName("spent")
        self.spent.setToolTip("Money spent on this project's paid calls (vidstudio costs lists "
                              "them)")
        self.save_state = QLabel("")
        self.generating = GenerateAll(self, self, self.document, services.settings)
        self.estimate_label = self.generating.estimate_label
        self.statusBar().addPermanentWidget(self.save_state)
        self.statusBar().addPermanentWidget(self.estimate_label)
        self.statusBar().addPermanentWidget(self.spent)
        self.statusBar().addPermanentWidget(self.jobs_summary)
        self.unknown_outcomes = UnknownOutcomes(self, self.document, self.spawn, self.say)
        self.statusBar().addPermanentWidget(self.unknown_outcomes.button)
        self.statusBar().messageChanged.connect(  # a cut message's full text goes with it
            lambda text: None if text else self.statusBar().setToolTip(""))
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._wire()
        self._restore_layout()
        self._update_actions()

    # ------------------------------------------------------------------------ building
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: Any, shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        files = self.files
        self.new_action = self._action("&New project", files.new_project, keys.New, "new")
        self.open_action = self._action("&Open project…", files.choose_project, keys.Open, "open")
        self.open_script_action = self._action("Open &script…", self.script_pane.choose_file,
                                               "Ctrl+Shift+O", "open-script")
        self.save_action = self._action("&Save", files.save, keys.Save, "save")
        self.save_as_action = self._action("Save &As…", files.choose_save_as, keys.SaveAs,
                                           "save-as")
        self.export_action = self._action("&Export…", self.open_export_dialog, "Ctrl+E",
                                          "export")
        self.settings_action = self._action("&Settings…", self.open_settings, keys.Preferences,
                                            "settings")
        self.film_settings_action = self._action("&Film settings…", self.open_film_settings,
                                                 "Ctrl+Shift+F", "film-settings")
        self.quit_action = self._action("&Quit", self.close, keys.Quit, "quit")
        self.undo_action = self._action("&Undo", self.undo, keys.Undo, "undo")
        self.redo_action = self._action("&Redo", self.redo, "Ctrl+Shift+Z", "redo")
        self.plan_action = self._action("&Plan", self.script_pane.request_plan, "Ctrl+Return",
                                        "plan")
        self.generate_action = self._action("&Generate all", self.generate_all, "Ctrl+G",
                                            "generate-all")
        self.cancel_all_action = self._action("&Cancel all jobs", self.cancel_all, None,
                                              "cancel-all")
        # Player keys as editors expect them; a text field that is being typed in keeps them
        # (Qt lets a focused editor override a window shortcut for the keys it uses).
        self.play_action = self._action("&Play / pause", self.preview.toggle, "Space", "play")
        self.back_action = self._action("Frame &back", lambda: self.preview.step(-1), "Left",
                                        "frame-back")
        self.forward_action = self._action("Frame &forward", lambda: self.preview.step(1),
                                           "Right", "frame-forward")
        self.shuttle_back_action = self._action("Shuttle back (J)", self.preview.shuttle_back,
                                                "J", "shuttle-back")
        self.stop_action = self._action("Stop (K)", self.preview.pause, "K", "stop")
        self.shuttle_forward_action = self._action("Shuttle forward (L)",
                                                   self.preview.shuttle_forward, "L",
                                                   "shuttle-forward")
        self.film_action = self._action("Play the &film", self.preview.show_film, "Ctrl+P",
                                        "play-film")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName("Main menu")
        files = bar.addMenu("&File")
        files.addActions([self.new_action, self.open_action])
        files.addMenu(self.recent_menu)
        files.addAction(self.open_script_action)
        files.addSeparator()
        files.addActions([self.save_action, self.save_as_action])
        files.addSeparator()
        files.addAction(self.export_action)
        files.addSeparator()
        files.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.film_settings_action, self.settings_action])
        edit.addAction(self._action("&Titles and text…", lambda: open_titles(self.document, self),
                                    name="titles"))
        generate = bar.addMenu("&Generate")
        generate.addActions([self.plan_action, self.generate_action, self.cancel_all_action])
        bar.addMenu(self.board.structure.menu)  # add, duplicate, split, merge, delete
        playback = bar.addMenu("&Playback")
        playback.addActions([self.play_action, self.stop_action, self.back_action,
                             self.forward_action, self.shuttle_back_action,
                             self.shuttle_forward_action])
        playback.addSeparator()
        playback.addAction(self.film_action)
        view = bar.addMenu("&View")
        for dock in (self.script_dock, self.environments_dock, self.cast_dock, self.preview_dock,
                     self.jobs_dock, self.timeline_dock):
            view.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        self.guide_action = self._action("&User guide", self.open_guide, "F1", "user-guide")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.open_shortcuts,
                                             "Ctrl+/", "keyboard-shortcuts")
        help_menu.addActions([self.guide_action, self.shortcuts_action])
        help_menu.addSeparator()
        help_menu.addAction(self._action("&About vidstudio", self.about))

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.plan_action, self.generate_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)
        toolbar.addSeparator()
        self.providers_label = QLabel("")
        self.providers_label.setObjectName("providers")
        self.providers_label.setContentsMargins(8, 0, 8, 0)
        toolbar.addWidget(self.providers_label)
        name_toolbar_buttons(toolbar)

    def _wire(self) -> None:
        document = self.document
        document.opened.connect(self._on_opened)
        document.closed.connect(self._update_actions)
        bridge = document.bridge
        bridge.history_changed.connect(self._update_actions)
        bridge.project_changed.connect(lambda _e: self._update_actions())
        bridge.save_failed.connect(self._on_save_failed)
        bridge.saved.connect(lambda _p: self.save_state.setText("saved"))
        self.script_pane.plan_requested.connect(self.plan)
        self.board.message.connect(self.say)
        self.board.scene_selected.connect(self._on_scene_selected)
        self.environments.message.connect(self.say)
        self.environments.image_selected.connect(self.preview.show_take)
        self.cast_panel.message.connect(self.say)
        self.cast_panel.image_selected.connect(self.preview.show_take)
        self.cast_panel.voice_preview.connect(self.preview.load_and_play)
        self.timeline.scene_selected.connect(self._on_timeline_scene)
        self.timeline.seek_requested.connect(self.preview.seek)
        self.timeline.menu_requested.connect(
            lambda sid, where: self.board.structure.popup(sid, where, self.timeline))
        self.timeline.score_menu_requested.connect(self.score.popup)
        self.score.message.connect(self.say)
        self.preview.position_changed.connect(self.timeline.set_playhead)
        self.jobs_panel.summary_changed.connect(self.jobs_summary.setText)

    # ------------------------------------------------------------------------ helpers
    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a coroutine owned by the window; its failure is shown, never lost."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        if self._closed:  # the window is gone; the log is all that is left to tell
            log.error("%s", error_line(error, self.services.redact), exc_info=error)
            return
        self.show_error(error_line(error, self.services.redact))

    def say(self, message: str, timeout_ms: int = 8000) -> None:
        """A message in the status bar; one too long for it is cut at a word with "…", and
        the whole text is the status bar's tooltip while it shows."""
        text = str(self.services.redact(message))
        bar = self.statusBar()
        room = bar.width() - sum(w.width() for w in bar.findChildren(QLabel)
                                 if w.isVisible()) - 40
        shown = bar.fontMetrics().elidedText(" ".join(text.split()), Qt.TextElideMode.ElideRight,
                                             max(200, room))
        bar.setToolTip(text if shown != text else "")
        bar.showMessage(shown, timeout_ms)

    def show_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "vidstudio", self.services.redact(message),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error-box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)
        box.open()  # never a nested event loop
        self.say(message)

    @property
    def session(self) -> ProjectSession | None:
        return self.document.session

    def _update_actions(self) -> None:
        session = self.session
        has = session is not None
        self.save_action.setEnabled(has)
        self.save_as_action.setEnabled(has)
        self.export_action.setEnabled(has and bool(session and session.project.scenes))
        self.generate_action.setEnabled(has and bool(session and session.project.scenes))
        running = session.open_transactions if session else []
        self.undo_action.setEnabled(bool(session and (session.can_undo or running)))
        self.redo_action.setEnabled(bool(session and session.can_redo and not running))
        undo = session.undo_label if session else None
        redo = session.redo_label if session else None
        if running:  # Undo cancels the running job and undoes it whole (it asks first)
            self.undo_action.setText(f"&Undo {running[-1].name} (running: cancels it)")
        else:
            self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")
        self.setWindowTitle(self.document.title())
        total = sum(e.amount for e in session.project.ledger) if session else 0.0
        self.spent.setText(f"spent ${total:.2f}" if total else "")
        self.generating.schedule_estimate()

    def _on_opened(self, session: ProjectSession) -> None:
        self.script_pane.set_text(session.project.script)
        names = getattr(session.providers, "names", {})
        shown = " · ".join(f"{stage.value} {names.get(stage, '?')}" for stage in Stage
                           if stage in names)
        self.providers_label.setText(f"providers: {shown}")
        if session.recovered:
            self.say(f"{session.folder.path.name} was not closed cleanly; reopened from its "
                     "last autosave — no finished take was lost", 15000)
        else:
            self.say(f"opened {session.folder.path.name}")
        self._update_actions()

    def _on_save_failed(self, message: str) -> None:
        self.save_state.setText("NOT SAVED")
        self.save_state.setStyleSheet("color: #ff8a80; font-weight: 700;")
        self.say(message, 30000)

    def _on_scene_selected(self, scene_id: str) -> None:
        self.timeline.select_scene(scene_id)
        session = self.session
        if session is None:
            return
        from vidstudio.core.vocabulary import SlotKind

        take = session.project.scene(scene_id).slots[SlotKind.CLIP].active_take
        if take is not None and take.file:
            self.preview.show_take(session.folder.assets.resolve(take.file))

    def _on_timeline_scene(self, scene_id: str) -> None:
        self.board.select_scene(scene_id)
        self._on_scene_selected(scene_id)

    # ------------------------------------------------------------------------ files
    async def start(self, initial: Path | None = None) -> None:
        """Open what the command line named, else the last project, else a new one."""
        await self.files.start(initial)

    def save_as(self, path: Path) -> asyncio.Task[Any]:
        return self.files.save_as(path)

    def open_export_dialog(self) -> None:
        from vidstudio.ui.export_dialog import ExportDialog

        if self.session is None:
            return
        dialog = ExportDialog(self.document, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_film_settings(self) -> None:
        from vidstudio.ui.film_settings import FilmSettingsDialog

        if self.session is None:
            return
        dialog = FilmSettingsDialog(self.document, self, self.say)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.film_dialog = dialog
        dialog.open()

    def open_settings(self) -> None:
        from vidstudio.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.services, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_shortcuts(self) -> None:
        from vidstudio.ui.help import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog = dialog
        dialog.open()

    def open_guide(self) -> None:
        from vidstudio.ui.help import GuideDialog

        dialog = GuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.guide_dialog = dialog
        dialog.open()

    def about(self) -> None:
        from vidstudio import __version__
        from vidstudio.core.credits import credits_text

        box = QMessageBox(QMessageBox.Icon.Information, "About vidstudio",
                          f"vidstudio {__version__}\nTurns a written script into a narrated "
                          "video.\nGPL-3.0-or-later.", QMessageBox.StandardButton.Ok, self)
        box.setInformativeText("Made with these open works:\n" + credits_text())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)
        box.open()

    # ------------------------------------------------------------------------ editing
    def undo(self) -> None:
        """Undo the last step; while a job that changes the film runs, ask whether to cancel
        it and undo it whole."""
        session = self.session
        if session is None:
            return
        running = session.open_transactions
        if running:
            self._ask_cancel_and_undo(running[-1])
            return
        try:
            if session.undo() is not None:
                self.say("undone")
        except SessionError as exc:
            self.say(str(exc))

    def _ask_cancel_and_undo(self, job: Any) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Undo",
                          f"Cancel {job.name} and undo it?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirm-cancel-undo")
        name_message_box(box)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.spawn(self._cancel_and_undo()))
        self.undo_question = box
        box.open()

    async def _cancel_and_undo(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            changes = await session.cancel_and_undo()
        except SessionError as exc:
            self.say(str(exc))
            return
        self.say("cancelled and undone" if changes is not None else "cancelled")

    def redo(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            if session.redo() is not None:
                self.say("redone")
        except SessionError as exc:  # a job that changes the film is running
            self.say(str(exc))

    def plan(self, script: str, replace_edits: bool) -> None:
        self.spawn(self._plan(script, replace_edits))

    async def _plan(self, script: str, replace_edits: bool) -> None:
        if self.session is None:
            await self.document.new()
        session = self.session
        assert session is not None
        try:
            job = session.plan(script, replace_edits=replace_edits)
        except SessionError as exc:
            self.say(str(exc))
            return
        try:
            report = await session.wait(job)
        except asyncio.CancelledError:
            self.say("planning cancelled")
            return
        except Exception as exc:  # noqa: BLE001  shown to the user, in one line
            self.script_pane.show_error(error_line(exc, self.services.redact))
            return
        notes = f" — {'; '.join(report.notes)}" if report.notes else ""
        self.say(f"planned: {report.summary()}{notes}", 15000)

    def generate_all(self) -> None:
        self.generating.run()

    def cancel_all(self) -> None:
        session = self.session
        if session is not None:
            for job in session.manager.running():
                if job.parent is None:
                    session.cancel(job)

    # ------------------------------------------------------------------------ drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if is_script_drop(mime) or project_drop(mime) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if self.files.open_dropped(mime):
            event.acceptProposedAction()
        elif is_script_drop(mime):
            self.script_pane.dropEvent(event)

    # ------------------------------------------------------------------------ layout
    def _restore_layout(self) -> None:
        settings = self.services.settings
        geometry = settings.value(GEOMETRY_KEY)
        state = settings.value(STATE_KEY)
        self.layout_restored = False
        if isinstance(geometry, QByteArray | bytes) and isinstance(state, QByteArray | bytes):
            self.layout_restored = (self.restoreGeometry(QByteArray(geometry))
                                    and self.restoreState(QByteArray(state), LAYOUT_VERSION))

    def save_layout(self) -> None:
        settings = self.services.settings
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState(LAYOUT_VERSION))
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # No asyncio loop runs (a plain Qt exec, e.g. a start-up probe): nothing async can
            # be pending, and a Python exception here would crash Qt's close path.
            self.save_layout()
            self.preview.release()
            self._closed = True
            event.accept()
            self.closed.emit()
            return
        event.ignore()
        if self._closing:
            return
        self._closing = True
        self.save_layout()
        self.spawn(self._shutdown())

    async def _shutdown(self) -> None:
        try:
            await self.document.close()
        except OSError as exc:
            log.error("closing the project: %s", exc)
        finally:
            self._closed = True
            # Each step on its own: Qt may already have deleted a child (or the window) when
            # the application is quitting, and nothing here may keep the window from closing.
            for step in (self.preview.release, self.thumbnails.clear, self.close,
                         self.closed.emit):
                try:
                    step()
                except RuntimeError as exc:
                    log.debug("closing: %s", exc)
