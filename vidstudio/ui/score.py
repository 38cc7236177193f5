"""The score's controls, in the timeline's header bar beside its music lane.

Takes of the film's score (click an earlier one to use it), Regenerate, Lock, "Import
music…", on/off and the level under the voice. Each is a step through the session, so each
is undone like any other edit: a take picked is an ``ActivateTake``, a regenerate or an import
is a job whose new take is one undo step, and on/off, level and lock are ``EditMusic``. The
panel only shows what the project holds, redrawn from the session's change events; the same
actions are offered by a right-click on the music lane (``popup``).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

from vidstudio.core.commands import ActivateTake
from vidstudio.core.deps import FILM, SlotRef
from vidstudio.core.models import TakeId
from vidstudio.core.music_commands import MUSIC_SETTINGS_FIELD, EditMusic
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.session import SessionError
from vidstudio.ui.takes_strip import TakesStrip
from vidstudio.ui.tasks import OwnedTasks

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint

    from vidstudio.jobs.session import ChangeEvent, ProjectSession

MUSIC_REF = SlotRef(FILM, SlotKind.MUSIC)
MUSIC_FILTER = ("Music (*.wav *.mp3 *.flac *.aac *.m4a *.ogg *.opus *.aiff *.aif);;"
                "All files (*)")


class ScorePanel(QWidget):
    """Signals: message(str), a line for the status bar (a refusal, an import's outcome)."""

    message = Signal(str)

    def __init__(self, document: Any, thumbnails: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScorePanel")
        self.document = document
        self._tasks = OwnedTasks()
        self.file_dialog: QFileDialog | None = None
        self._build(thumbnails)
        document.opened.connect(lambda _session: self.refresh())
        document.closed.connect(self.refresh)
        document.bridge.project_changed.connect(self._on_project_changed)
        document.bridge.job_changed.connect(self._on_job_changed)
        self.refresh()

    @property
    def session(self) -> ProjectSession | None:
        session: ProjectSession | None = self.document.session
        return session

    # ---------------------------------------------------------------------------- layout
    def _build(self, thumbnails: Any) -> None:
        title = QLabel("Score")
        title.setStyleSheet("font-weight: 600; color: #e4e7ee;")
        self.state = QLabel("")
        self.state.setObjectName("score-state")
        self.state.setAccessibleName("State of the score")
        self.strip = TakesStrip(thumbnails, self._resolve, self, compact=True)
        self.strip.setObjectName("takes-music")
        self.strip.set_context("score")
        self.strip.compare.hide()  # the compare view shows pictures and clips, not music
        self.strip.take_chosen.connect(self.use_take)
        self.regenerate_button = self._button("⟳", "Regenerate score",
                                              "Compose a new take of the score (another "
                                              "seed); the earlier takes are kept")
        self.regenerate_button.clicked.connect(self.regenerate)
        self.lock_button = self._button("Lock", "Lock score",
                                        "Locked: Generate all leaves the score as it is")
        self.lock_button.setCheckable(True)
        self.lock_button.toggled.connect(lambda on: self._edit({"locked": on}))
        self.import_button = self._button("Import…", "Import music",
                                          "Use your own music file as a take of the score")
        self.import_button.clicked.connect(self.choose_file)
        self.enabled_box = QCheckBox("Music")
        self.enabled_box.setObjectName("music-enabled")
        self.enabled_box.setAccessibleName("Music on")
        self.enabled_box.setToolTip("Whether the score plays under the film in the export")
        self.enabled_box.toggled.connect(lambda on: self._edit({"enabled": on}))
        self.level_spin = QDoubleSpinBox()
        self.level_spin.setObjectName("music-level")
        self.level_spin.setAccessibleName("Music level")
        self.level_spin.setToolTip("How loud the score sits under the voice (dB; the voice "
                                   "is at 0)")
        self.level_spin.setRange(-40.0, 0.0)
        self.level_spin.setDecimals(0)
        self.level_spin.setSingleStep(1.0)
        self.level_spin.setSuffix(" dB")
        self.level_spin.setKeyboardTracking(False)  # one value when typing ends, not per key
        self.level_spin.valueChanged.connect(self._on_level)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for widget in (title, self.state, self.strip, self.regenerate_button,
                       self.lock_button, self.import_button, self.enabled_box, self.level_spin):
            row.addWidget(widget)

        self.menu = QMenu(self)
        self.menu.setObjectName("score-menu")
        self.menu.setAccessibleName("Score menu")
        self.regenerate_action = self.menu.addAction("Regenerate score", self.regenerate)
        self.lock_action = self.menu.addAction("Lock score")
        self.lock_action.setCheckable(True)
        self.lock_action.toggled.connect(lambda on: self._edit({"locked": on}))
        self.import_action = self.menu.addAction("Import music…", self.choose_file)
        self.menu.addSeparator()
        self.enabled_action = self.menu.addAction("Music on")
        self.enabled_action.setCheckable(True)
        self.enabled_action.toggled.connect(lambda on: self._edit({"enabled": on}))
        # How the next score is made: composed to the scenes' plan, or by the music service
        # watching the assembled picture (ElevenLabs; the offline composer always composes).
        self.menu.addSeparator()
        self.from_scenes_action = self.menu.addAction("Compose from the scenes")
        self.from_picture_action = self.menu.addAction("Score the assembled picture")
        for action, value in ((self.from_scenes_action, "scenes"),
                              (self.from_picture_action, "picture")):
            action.setCheckable(True)
            action.triggered.connect(lambda _on, v=value: self._edit({"score_from": v}))

    def _button(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name.lower().replace(" ", "-"))
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        return button

    def _resolve(self, relative: str) -> Path:
        session = self.session
        if session is None:
            raise ValueError("no project is open")
        resolved: Path = session.folder.assets.resolve(relative)
        return resolved

    # --------------------------------------------------------------------------- drawing
    def refresh(self) -> None:
        """Show the project's score and music settings as they are now."""
        session = self.session
        open_ = session is not None and not session.closed
        for widget in (self.regenerate_button, self.lock_button, self.import_button,
                       self.enabled_box, self.level_spin, self.strip):
            widget.setEnabled(open_)
        if session is None or not open_:
            self.state.setText("")
            return
        project = session.project
        settings = project.music_settings
        self.strip.set_slot(project.music)
        checks: tuple[tuple[Any, bool], ...] = (
            (self.lock_button, settings.locked), (self.enabled_box, settings.enabled),
            (self.lock_action, settings.locked), (self.enabled_action, settings.enabled),
            (self.from_scenes_action, settings.score_from == "scenes"),
            (self.from_picture_action, settings.score_from == "picture"))
        for check, value in checks:
            check.blockSignals(True)
            check.setChecked(value)
            check.blockSignals(False)
        self.level_spin.blockSignals(True)
        self.level_spin.setValue(settings.level_db)
        self.level_spin.blockSignals(False)
        self.level_spin.setEnabled(settings.enabled)
        self.lock_button.setText("Locked" if settings.locked else "Lock")
        self._refresh_busy()
        music = project.music
        if music.active_take is None:
            text, colour = "none yet", "#aab1c4"
        elif music.stale:
            text, colour = "stale", "#d38b25"
        else:
            text, colour = "", "#aab1c4"
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {colour}; font-size: 8pt;")
        self.state.setToolTip("The scenes changed since the score was made: Regenerate or "
                              "Generate all cuts a new one to them" if text == "stale" else "")

    def _refresh_busy(self) -> None:
        session = self.session
        busy = session is not None and session.busy(MUSIC_REF) is not None
        can = (session is not None and not session.closed and bool(session.project.scenes)
               and getattr(session.providers, "music", None) is not None)
        self.regenerate_button.setEnabled(can and not busy)
        self.regenerate_action.setEnabled(can and not busy)
        self.import_button.setEnabled(session is not None and not busy)
        self.import_action.setEnabled(session is not None and not busy)
        self.regenerate_button.setToolTip("The score is being made…" if busy else
                                          "Compose a new take of the score (another seed); "
                                          "the earlier takes are kept")

    def _on_project_changed(self, event: ChangeEvent) -> None:
        changes = event.changes
        if (MUSIC_SETTINGS_FIELD in changes.fields or changes.structure
                or any(ref.owner == FILM for ref in changes.slots | changes.stale
                       | changes.fresh)):
            self.refresh()

    def _on_job_changed(self, job: Any) -> None:
        if job.subject == MUSIC_REF:
            self._refresh_busy()

    def popup(self, where: QPoint) -> None:
        """The score's actions as a menu (a right-click on the music lane)."""
        self.refresh()
        self.menu.popup(where)

    # --------------------------------------------------------------------------- actions
    def _edit(self, values: dict[str, Any], *, merge: bool = False) -> None:
        session = self.session
        if session is None:
            return
        try:
            session.execute(EditMusic(values), merge=merge)
        except (SessionError, ValueError) as exc:
            self.message.emit(str(exc).splitlines()[0])
            self.refresh()

    def _on_level(self, value: float) -> None:
        self._edit({"level_db": float(value)}, merge=True)

    def use_take(self, take_id: str) -> None:
        session = self.session
        if session is None:
            return
        try:
            session.execute(ActivateTake(MUSIC_REF, TakeId(take_id), label="Use score take"))
        except (SessionError, ValueError) as exc:
            self.message.emit(str(exc))

    def regenerate(self) -> None:
        """A new take of the score, composed for the scenes as they are now."""
        session = self.session
        if session is None:
            return
        if getattr(session.providers, "music", None) is None:
            self.message.emit("no composer is set up, so no score can be made")
            return
        try:
            session.regenerate(MUSIC_REF)
        except SessionError as exc:
            self.message.emit(str(exc))
            return
        self._refresh_busy()

    def choose_file(self) -> None:
        """Ask for a music file (never a nested event loop) and import it."""
        if self.session is None:
            return
        dialog = QFileDialog(self.window(), "Music for the film", str(Path.home()),
                             MUSIC_FILTER)
        dialog.setObjectName("music-dialog")
        dialog.setAccessibleName("Choose a music file")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.import_file(Path(name)))
        self.file_dialog = dialog
        dialog.open()

    def import_file(self, path: Path) -> asyncio.Task[Any] | None:
        """``path`` as a new take of the score (the session's import job); the outcome is
        said in the status bar. Returns the task that waits for the job."""
        session = self.session
        if session is None:
            return None
        try:
            job = session.import_music(Path(path))
        except SessionError as exc:
            self.message.emit(str(exc))
            return None
        self._refresh_busy()
        return self._tasks.spawn(self._report(session, job))

    async def _report(self, session: ProjectSession, job: Any) -> None:
        try:
            await session.wait(job)
        except asyncio.CancelledError:
            self.message.emit("music import cancelled")
            return
        except Exception as exc:  # noqa: BLE001 - its one line is shown, nothing is lost
            self.message.emit(f"music not imported: {job.outcome or exc}")
            return
        self.message.emit(f"score: {job.outcome}" if job.outcome else "music imported")

    def closeEvent(self, event: Any) -> None:
        self._tasks.cancel_all()
        super().closeEvent(event)
