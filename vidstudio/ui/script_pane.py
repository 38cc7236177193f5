"""The script: an editor, "Open script…", drop a file, and "Plan".

Scripts are read and checked off the GUI thread with the command line's own rules, so a bad
file gets the same one-line message here (shown under the editor) as it does there.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vidstudio.jobs.planning import ScriptError, read_script, validate_script
from vidstudio.ui.names import named
from vidstudio.ui.tasks import OwnedTasks

SCRIPT_FILTER = "Scripts (*.txt *.fountain *.md);;All files (*)"
SCRIPT_SUFFIXES = {".txt", ".fountain", ".md", ".text"}


class ScriptPane(QWidget):
    """Signals:
        plan_requested(str script, bool replace_edits): the user pressed Plan on a valid script.
    """

    plan_requested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("script")
        self.editor.setAccessibleName("Script")
        self.editor.setPlaceholderText(
            "Paste or write a script here, open a .txt or .fountain file, or drop one on the "
            "window.\n\nSluglines (INT. KITCHEN – NIGHT), directions in brackets and "
            "“Narrator:” lines are understood.")
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(font)
        layout.addWidget(self.editor, 1)
        self.error = QLabel()
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.open_button = named(QPushButton("Open script…"), "Open script")
        self.replace = named(QCheckBox("Replace my edits"), "Replace my edits when planning")
        self.replace.setToolTip("Re-planning keeps the card fields you edited unless this is on")
        self.plan_button = named(QPushButton("Plan"), "Plan the script")
        self.plan_button.setObjectName("primary")
        self.plan_button.setToolTip("Break the script into scenes and places (Ctrl+Return)")
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.replace)
        row.addWidget(self.plan_button)
        layout.addLayout(row)
        self.plan_button.clicked.connect(self.request_plan)
        self.open_button.clicked.connect(self.choose_file)
        self.editor.textChanged.connect(lambda: self.error.setVisible(False))
        self._tasks = OwnedTasks()

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def request_plan(self) -> None:
        try:
            script = validate_script(self.text())
        except ScriptError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.plan_requested.emit(script, self.replace.isChecked())

    # ------------------------------------------------------------------------- files
    def choose_file(self) -> None:
        dialog = QFileDialog(self, "Open a script", str(Path.home()), SCRIPT_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.load_file(Path(name)))
        dialog.open()

    def load_file(self, path: Path) -> None:
        self._tasks.spawn(self.load(path))

    async def load(self, path: Path) -> bool:
        """Read a script file off the GUI thread; a bad one leaves the editor as it was."""
        try:
            text = await asyncio.to_thread(read_script, Path(path))
        except ScriptError as exc:
            self.show_error(str(exc))
            return False
        self.set_text(text)
        self.show_error("")
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _script_url(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _script_url(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.load_file(path)


def _script_url(mime: object) -> Path | None:
    urls = mime.urls() if mime.hasUrls() else []  # type: ignore[attr-defined]
    for url in urls:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in SCRIPT_SUFFIXES or not path.suffix:
                return path
    return None


def is_script_drop(mime: object) -> bool:
    return _script_url(mime) is not None


