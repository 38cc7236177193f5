"""The export dialog (Ctrl+E): choose a delivery format and write the film, or hand it off as
an OpenTimelineIO timeline.

The dialog only gathers options and shows progress; the work is the session's export job
(``session.export``), which writes atomically: a cancelled or failed export leaves any previous
file as it was. The dialog is not modal, so the window stays usable while it runs; questions
(overwrite?) and the file chooser are opened with ``open()`` and answered through signals.

Music on/off and its level start from the film's music settings; an export with other values
sets them first, as one undoable step ("Music for the export"), so the score controls, the
export and the next export agree.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from vidstudio.export import PRESETS, ExportOptions, Transition
from vidstudio.jobs.session import SessionError
from vidstudio.ui.names import name_message_box
from vidstudio.ui.progress import ProgressBar
from vidstudio.ui.theme import apply_theme

log = logging.getLogger(__name__)

# (label, preset name) offered in the dialog; None = the project's own format
PRESET_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("1920×1080 (16:9)", "web-1080p"),
    ("1280×720 (16:9)", "web-720p"),
    ("1080×1920 (9:16, vertical)", "vertical-1080"),
    ("1080×1080 (1:1, square)", "square-1080"),
    ("Project format", None),
)
# label -> (crf, x264 preset)
QUALITY_CHOICES: tuple[tuple[str, int, str], ...] = (
    ("High", 18, "medium"),
    ("Good", 21, "veryfast"),
    ("Draft (fast)", 28, "ultrafast"),
)
SUBTITLE_CHOICES: tuple[tuple[str, str], ...] = (
    ("Sidecar files (.srt, .vtt)", "sidecar"),
    ("Burned into the picture", "burned"),
    ("Off", "off"),
)
LOUDNESS_CHOICES: tuple[tuple[str, float], ...] = (
    ("−14 LUFS (web, streaming)", -14.0),
    ("−16 LUFS (podcasts, mobile)", -16.0),
    ("−23 LUFS (broadcast, EBU R128)", -23.0),
)
TRANSITION_CHOICES: tuple[tuple[str, Transition], ...] = (
    ("Cut", Transition.CUT),
    ("Crossfade", Transition.CROSSFADE),
    ("Dip to black", Transition.DIP_TO_BLACK),
)
FORMAT_CHOICES: tuple[tuple[str, str], ...] = (
    ("MP4 video", ".mp4"),
    ("OpenTimelineIO hand-off (.otio)", ".otio"),
)


def stale_parts(project: Any) -> list[str]:
    """What an export would use although it is out of date: each scene's sound bed and
    narration whose take is ready but stale (a stale clip stops the export with its own
    message)."""
    from vidstudio.core.vocabulary import SlotKind

    names = {SlotKind.SFX: "sound", SlotKind.NARRATION: "narration"}
    found: list[str] = []
    for number, scene in enumerate(project.ordered_scenes, 1):
        for kind, name in names.items():
            slot = scene.slots.get(kind)
            if slot is not None and slot.stale and slot.active_take is not None:
                found.append(f"the {name} of scene {number} “{scene.title}”")
    return found


def _clock(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class ExportDialog(QDialog):
    """Options, progress, cancel and the result of one export at a time.

    Args:
        document: the window's Document; the export runs on ``document.session``.

    Signals:
        export_finished(object): the job's result (``ExportResult``) after a success.
        export_failed(str): the message of a failed export.
    """

    export_finished = Signal(object)
    export_failed = Signal(str)

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        apply_theme()  # the editor's palette, also when the dialog is opened on its own
        self.setObjectName("ExportDialog")
        self.setWindowTitle("Export the film")
        self.setModal(False)
        self.document = document
        self.job: Any = None
        self.result: Any = None
        self.message_box: QMessageBox | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._tray: QSystemTrayIcon | None = None
        self._build()
        if document.session is not None:  # the film's own transition is the default here
            film = Transition(document.session.project.settings.transition)
            self.transition_combo.setCurrentIndex(self.transition_combo.findData(film))
        document.bridge.job_changed.connect(self._on_job_changed)
        document.closed.connect(self._on_document_closed)
        self._fill_defaults()

    # ---------------------------------------------------------------------------- layout
    def _combo(self, choices: tuple[tuple[Any, ...], ...], name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for label, *data in choices:
            combo.addItem(label, data[0] if len(data) == 1 else tuple(data))
        return combo

    def _build(self) -> None:
        self.format_combo = self._combo(FORMAT_CHOICES, "format")
        self.preset_combo = self._combo(PRESET_CHOICES, "preset")
        self.fps_spin = QSpinBox()
        self.fps_spin.setObjectName("fps")
        self.fps_spin.setRange(0, 60)
        self.fps_spin.setSpecialValueText("as the preset")
        self.fps_spin.setSuffix(" fps")
        self.quality_combo = self._combo(QUALITY_CHOICES, "quality")
        self.quality_combo.setCurrentIndex(1)
        self.subtitles_combo = self._combo(SUBTITLE_CHOICES, "subtitles")
        self.loudness_combo = self._combo(LOUDNESS_CHOICES, "loudness")
        self.transition_combo = self._combo(TRANSITION_CHOICES, "transition")
        self.music_box = QCheckBox("On")
        self.music_box.setObjectName("music")
        self.music_level = QDoubleSpinBox()
        self.music_level.setObjectName("music-level")
        self.music_level.setRange(-40.0, 0.0)
        self.music_level.setDecimals(0)
        self.music_level.setSuffix(" dB under the voice")
        self.music_box.toggled.connect(self.music_level.setEnabled)
        music_row = QHBoxLayout()
        music_row.addWidget(self.music_box)
        music_row.addWidget(self.music_level, 1)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("output")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_changed)

        form = QFormLayout()
        form.addRow("Format", self.format_combo)
        form.addRow("Frame", self.preset_combo)
        form.addRow("Frame rate", self.fps_spin)
        form.addRow("Quality", self.quality_combo)
        form.addRow("Subtitles", self.subtitles_combo)
        form.addRow("Loudness", self.loudness_combo)
        form.addRow("Transition", self.transition_combo)
        form.addRow("Music", music_row)
        form.addRow("Save to", path_row)
        for widget, name in ((self.format_combo, "Format"), (self.preset_combo, "Frame"),
                             (self.fps_spin, "Frame rate"), (self.quality_combo, "Quality"),
                             (self.subtitles_combo, "Subtitles"),
                             (self.loudness_combo, "Loudness"),
                             (self.transition_combo, "Transition"), (self.music_box, "Music"),
                             (self.music_level, "Music level"), (self.path_edit, "Save to"),
                             (self.browse_button, "Browse for where to save")):
            widget.setAccessibleName(f"{name} of the export")
        self.option_widgets: list[QWidget] = [
            self.format_combo, self.preset_combo, self.fps_spin, self.quality_combo,
            self.subtitles_combo, self.loudness_combo, self.transition_combo, self.music_box,
            self.music_level, self.path_edit, self.browse_button]

        self.progress = ProgressBar()
        self.progress.setObjectName("export-progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setObjectName("export-status")
        self.status.setWordWrap(True)

        self.export_button = QPushButton("Export")
        self.export_button.setObjectName("primary")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.hide()
        self.close_button = QPushButton("Close")
        for button, name in ((self.export_button, "Export the film"),
                             (self.cancel_button, "Cancel the export"),
                             (self.open_folder_button, "Open the export's folder"),
                             (self.close_button, "Close the export dialog")):
            button.setAccessibleName(name)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def _fill_defaults(self) -> None:
        session = self.document.session
        if session is None:
            return
        music = session.project.music_settings
        self.music_box.setChecked(music.enabled)
        self.music_level.setValue(music.level_db)
        self.music_level.setEnabled(music.enabled)
        has_score = session.project.music.active_take is not None
        self.music_box.setToolTip("The film's score under the voice" if has_score else
                                  "The film has no score yet (Generate all makes one)")
        stem = (session.project.title or "film").strip() or "film"
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in stem).strip()
        self.path_edit.setText(str(session.folder.renders_dir / f"{safe or 'film'}.mp4"))

    # -------------------------------------------------------------------------- options
    @property
    def output(self) -> Path:
        path = Path(self.path_edit.text().strip()).expanduser()
        suffix = self.format_combo.currentData()
        return path if path.suffix.lower() == suffix else path.with_suffix(suffix)

    def options(self) -> ExportOptions:
        """The options the dialog shows now."""
        crf, x264 = self.quality_combo.currentData()
        subtitles = self.subtitles_combo.currentData()
        return ExportOptions(
            preset=self.preset_combo.currentData(),
            fps=self.fps_spin.value() or None,
            crf=crf,
            x264_preset=x264,
            loudness_lufs=self.loudness_combo.currentData(),
            transition=self.transition_combo.currentData(),
            sidecars=subtitles == "sidecar",
            burn_subtitles=subtitles == "burned",
        )

    def music_choice(self) -> dict[str, Any]:
        """The music settings the dialog shows now (``MusicSettings`` field -> value)."""
        return {"enabled": self.music_box.isChecked(),
                "level_db": float(self.music_level.value())}

    def _apply_music(self, session: Any) -> None:
        """Make the dialog's music choice the film's, if it differs (one undoable step)."""
        from vidstudio.core.music_commands import EditMusic

        current = session.project.music_settings
        wanted = {name: value for name, value in self.music_choice().items()
                  if getattr(current, name) != value}
        if wanted:
            session.execute(EditMusic(wanted, label="Music for the export"))

    def set_preset(self, name: str | None) -> None:
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(name))

    def _on_preset_changed(self, _index: int) -> None:
        preset = PRESETS.get(self.preset_combo.currentData() or "")
        self.fps_spin.setSpecialValueText(f"as the preset ({preset.fps})" if preset
                                          else "as the project")

    def _on_format_changed(self, _index: int) -> None:
        video = self.format_combo.currentData() == ".mp4"
        for widget in (self.preset_combo, self.fps_spin, self.quality_combo,
                       self.loudness_combo, self.transition_combo, self.music_box):
            widget.setEnabled(video)
        self.music_level.setEnabled(video and self.music_box.isChecked())
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(self.format_combo.currentData())))

    def _on_browse_clicked(self) -> None:
        chooser = QFileDialog(self, "Export to", str(self.output.parent))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setNameFilters(["MP4 video (*.mp4)", "OpenTimelineIO (*.otio)"])
        chooser.selectFile(self.output.name)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.fileSelected.connect(self._on_file_chosen)
        chooser.open()

    def _on_file_chosen(self, path: str) -> None:
        suffix = Path(path).suffix.lower()
        index = self.format_combo.findData(suffix)
        if index >= 0:
            self.format_combo.setCurrentIndex(index)
        self.path_edit.setText(path)

    # ---------------------------------------------------------------------------- running
    def open(self) -> None:
        """Show the dialog without blocking the window (it is never modal)."""
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.show()
        self.raise_()
        self.activateWindow()

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.state.finished

    def start(self) -> None:
        """Export to the chosen path, asking first when some of the film is out of date and
        when a file is already there."""
        if self.running or self.document.session is None:
            return
        if not self.path_edit.text().strip():
            self._say_failure("Choose where to save the film.")
            return
        stale = stale_parts(self.document.session.project)
        if stale:
            shown = stale[:8] + ([f"… and {len(stale) - 8} more"] if len(stale) > 8 else [])
            box = QMessageBox(QMessageBox.Icon.Warning, "Export out-of-date work?",
                              "Some of the film is out of date (an input changed since it "
                              "was made) and would be exported as it is:\n\n• "
                              + "\n• ".join(shown)
                              + "\n\nRegenerate it first, or export anyway?", parent=self)
            box.setObjectName("confirm-stale")
            anyway = box.addButton("Export anyway", QMessageBox.ButtonRole.AcceptRole)
            anyway.setObjectName("export-anyway")
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            name_message_box(box)
            box.buttonClicked.connect(self._on_stale_answer)
            self.message_box = box
            box.open()
            return
        self._start_fresh_or_not()

    def _on_stale_answer(self, button: Any) -> None:
        self.message_box = None
        if button.objectName() == "export-anyway":
            self._start_fresh_or_not()

    def _start_fresh_or_not(self) -> None:
        """Export, asking first when a file is already there."""
        if self.running or self.document.session is None:
            return
        output = self.output
        if output.exists():
            box = QMessageBox(QMessageBox.Icon.Question, "Replace the file?",
                              f"{output.name} already exists in {output.parent}.\n"
                              "Replace it once the new export is complete?",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self)
            box.setObjectName("confirm-overwrite")
            name_message_box(box)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.accepted.connect(lambda: self._begin(output))
            box.finished.connect(self._on_question_finished)
            self.message_box = box
            box.open()
            return
        self._begin(output)

    def _on_question_finished(self, _result: int) -> None:
        self.message_box = None

    def _begin(self, output: Path) -> None:
        session = self.document.session
        if session is None or self.running:
            return
        try:
            options = self.options()
            output.parent.mkdir(parents=True, exist_ok=True)
            if output.suffix.lower() == ".mp4":  # a timeline hand-off has no mix
                self._apply_music(session)
            job = session.export(output, options)
        except (OSError, ValueError, SessionError) as exc:
            self._say_failure(str(exc))
            return
        self.job = job
        self.result = None
        self._set_running(True)
        self.status.setText(f"Exporting {output.name}…")
        self._spawn(self._await(session, job, output, output.exists()))

    async def _await(self, session: Any, job: Any, output: Path, had_previous: bool) -> None:
        try:
            result = await session.wait(job)
        except asyncio.CancelledError:
            if job.task is not None and job.task.cancelled():
                self._set_running(False)
                self.status.setText("Export cancelled; nothing was written"
                                    + (" (the previous file is unchanged)."
                                       if had_previous else "."))
                return
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is shown, none crashes
            self._set_running(False)
            message = job.outcome or str(exc) or type(exc).__name__
            self._say_failure(f"Export failed: {self.document.services.redact(message)}"
                              + (" The previous file is unchanged." if had_previous else ""))
            self.export_failed.emit(message)
            return
        self._set_running(False)
        self.result = result
        notes = list(getattr(result, "notes", ()) or ())
        self.status.setText(f"Wrote {output.name}" + (f" ({notes[0]})" if notes else "."))
        self.status.setStyleSheet("")
        self.open_folder_button.show()
        self.notify("Export finished", f"{output.name} is ready in {output.parent}")
        self.export_finished.emit(result)

    def cancel(self) -> None:
        """Stop the running export; any previous file stays as it was."""
        if self.running and self.document.session is not None:
            self.status.setText("Cancelling…")
            self.document.session.cancel(self.job)

    def _on_job_changed(self, job: Any) -> None:
        if job is not self.job or job.state.finished:
            return
        self.progress.setValue(int(1000 * job.progress))
        left = job.time_left
        parts = [f"{job.progress:.0%}"]
        if job.message:
            parts.append(job.message)
        if left is not None:
            parts.append(f"about {_clock(left)} left")
        self.status.setText(" · ".join(parts))

    def _on_document_closed(self) -> None:
        self.close()

    def _set_running(self, running: bool) -> None:
        for widget in self.option_widgets:
            widget.setEnabled(not running)
        if not running:
            self._on_format_changed(0)
        self.export_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setValue(0)
            self.open_folder_button.hide()
            self.status.setStyleSheet("")

    def _say_failure(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #ff8a80;")

    # ---------------------------------------------------------------------------- results
    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.output.parent)))

    def notify(self, title: str, text: str) -> None:
        """A desktop notification where there is a desktop; silently nothing headless."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self.windowIcon() or QIcon(), self)
            self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 8000)
            return
        sender = shutil.which("notify-send")
        if sender is None:
            return

        async def send() -> None:
            with contextlib.suppress(OSError):
                process = await asyncio.create_subprocess_exec(
                    sender, "--app-name=vidstudio", title, text,
                    stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
                await process.wait()

        self._spawn(send())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def closeEvent(self, event: Any) -> None:
        if self.running:
            # closing does not stop an export (the jobs panel shows it): hide until it ends
            event.ignore()
            self.hide()
            self.job.task.add_done_callback(lambda _t: self.close())
            return
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.bridge.job_changed.disconnect(self._on_job_changed)
            self.document.closed.disconnect(self._on_document_closed)
        super().closeEvent(event)
