"""Titles and text: the film's title (off, over the opening shot, or on its own card, for how
long) and each scene's lower third. Every edit is an undoable command applied as it is typed;
the export burns them in and the film preview shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.commands import EditScene
from vidstudio.core.directing import SetTitle

MODES = (("off", "No title"), ("overlay", "Over the opening shot"),
         ("card", "On a black card"))


class TitlesDialog(QDialog):
    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setObjectName("TitlesDialog")
        self.setWindowTitle("Titles and text")
        self.setAccessibleName("Titles and text")
        session = document.session
        project = session.project
        outer = QVBoxLayout(self)
        film = QGroupBox("The film's title", self)
        form = QFormLayout(film)
        self.title = QLineEdit(project.title, film)
        self.title.setAccessibleName("Title of the film")
        self.mode = QComboBox(film)
        self.mode.setAccessibleName("How the title is shown")
        for value, label in MODES:
            self.mode.addItem(label, value)
        self.mode.setCurrentIndex(self.mode.findData(project.settings.title_mode))
        self.seconds = QDoubleSpinBox(film)
        self.seconds.setAccessibleName("Seconds the title is shown")
        self.seconds.setRange(1.0, 9.0)
        self.seconds.setSingleStep(0.5)
        self.seconds.setSuffix(" s")
        self.seconds.setValue(project.settings.title_seconds)
        form.addRow("Title", self.title)
        form.addRow("Shown", self.mode)
        form.addRow("For", self.seconds)
        outer.addWidget(film)
        lower = QGroupBox("Lower thirds (text over each scene's first seconds)", self)
        rows = QFormLayout(lower)
        self.captions: dict[str, QLineEdit] = {}
        for number, scene in enumerate(project.ordered_scenes, 1):
            field = QLineEdit(scene.caption, lower)
            field.setPlaceholderText("a place, a date, a name…")
            field.setAccessibleName(f"Lower third of scene {number}")
            field.textEdited.connect(lambda text, sid=scene.id: self._caption(sid, text))
            rows.addRow(f"{number}. {scene.title}", field)
            self.captions[scene.id] = field
        if not self.captions:
            rows.addRow(QLabel("Plan the script first: each scene gets a line here."))
        outer.addWidget(lower)
        self.message = QLabel("", self)
        self.message.setObjectName("ErrorText")
        outer.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close titles and text")
        outer.addWidget(buttons)
        self.title.textEdited.connect(lambda _text: self._title())
        self.mode.activated.connect(lambda _index: self._title())
        self.seconds.valueChanged.connect(lambda _value: self._title())

    def _title(self) -> None:
        session = self.document.session
        if session is None:
            return
        try:
            session.execute(SetTitle(self.title.text(), str(self.mode.currentData()),
                                     float(self.seconds.value())), merge=True)
            self.message.setText("")
        except ValueError as exc:
            self.message.setText(str(exc).splitlines()[0])

    def _caption(self, scene_id: str, text: str) -> None:
        session = self.document.session
        if session is None:
            return
        try:
            session.execute(EditScene(scene_id, "caption", text), merge=True)
            self.message.setText("")
        except (ValueError, KeyError) as exc:
            self.message.setText(str(exc).splitlines()[0])


def open_titles(document: Any, parent: QWidget | None) -> TitlesDialog | None:
    """Show the titles dialog for the open project (None when no project is open)."""
    if document.session is None:
        return None
    dialog = TitlesDialog(document, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
