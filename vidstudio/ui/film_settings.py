"""Film settings: the open project's aspect ratio, resolution, frame rate and transition.

A non-modal dialog over the project session: OK applies every change as one undoable step
(``EditFilm``); a new frame shape makes the keyframes and clips stale (their cards say so), and
the export follows the new size, rate and transition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.film import EditFilm
from vidstudio.core.vocabulary import AspectRatio
from vidstudio.ui.theme import apply_theme

if TYPE_CHECKING:
    from vidstudio.core.models import Settings

ASPECTS: tuple[tuple[str, AspectRatio], ...] = (
    ("16:9 — landscape", AspectRatio.LANDSCAPE),
    ("9:16 — portrait (phones)", AspectRatio.PORTRAIT),
    ("1:1 — square", AspectRatio.SQUARE),
)
RESOLUTIONS: tuple[tuple[str, int], ...] = (
    ("144p (drafts)", 144), ("360p", 360), ("480p", 480), ("720p", 720), ("1080p", 1080),
)
RATES: tuple[int, ...] = (12, 24, 25, 30, 50, 60)
TRANSITIONS: tuple[tuple[str, str], ...] = (
    ("Cut", "cut"), ("Crossfade", "crossfade"), ("Dip to black", "dip_to_black"),
)


class FilmSettingsDialog(QDialog):
    """Signals: none of its own; ``message`` is a callable for one-line refusals."""

    def __init__(self, document: Any, parent: QWidget | None = None,
                 message: Any = None) -> None:
        super().__init__(parent)
        apply_theme()
        self.setObjectName("FilmSettingsDialog")
        self.setWindowTitle("Film settings")
        self.setModal(False)
        self.document = document
        self._message = message or (lambda _text: None)
        self.aspect = self._combo(ASPECTS, "Aspect ratio")
        self.resolution = self._combo(RESOLUTIONS, "Resolution")
        self.fps = self._combo(tuple((f"{r} fps", r) for r in RATES), "Frame rate")
        self.transition = self._combo(TRANSITIONS, "Transition")
        self.transition_seconds = QDoubleSpinBox(self)
        self.transition_seconds.setRange(0.1, 2.0)
        self.transition_seconds.setSingleStep(0.1)
        self.transition_seconds.setSuffix(" s")
        self.transition_seconds.setAccessibleName("Transition length")
        self.size_label = QLabel(self)
        self.size_label.setObjectName("frame-size")
        self.note = QLabel("A new aspect ratio or resolution makes every keyframe and clip "
                           "stale: “Generate all” paints them again in the new frame before the "
                           "film is exported.", self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8c93a8;")
        form = QFormLayout()
        form.addRow("Aspect ratio", self.aspect)
        form.addRow("Resolution", self.resolution)
        form.addRow("Frame size", self.size_label)
        form.addRow("Frame rate", self.fps)
        form.addRow("Transition", self.transition)
        form.addRow("Transition length", self.transition_seconds)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, parent=self)
        for button in self.buttons.buttons():
            button.setAccessibleName(f"{button.text().replace('&', '')}: film settings")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        for combo in (self.aspect, self.resolution):
            combo.currentIndexChanged.connect(self._show_size)
        self.transition.currentIndexChanged.connect(self._enable_length)
        self._load()

    def _combo(self, choices: tuple[tuple[str, Any], ...], name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        for text, value in choices:
            combo.addItem(text, value)
        return combo

    def _load(self) -> None:
        session = self.document.session
        if session is None:
            return
        settings: Settings = session.project.settings
        for combo, value in ((self.aspect, settings.aspect_ratio),
                             (self.resolution, settings.short_side), (self.fps, settings.fps),
                             (self.transition, settings.transition)):
            index = combo.findData(value)
            if index < 0:  # a value of the project's own outside the usual list
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self.transition_seconds.setValue(settings.transition_seconds)
        self._show_size()
        self._enable_length()

    def values(self) -> dict[str, Any]:
        return {"aspect_ratio": self.aspect.currentData(),
                "short_side": self.resolution.currentData(),
                "fps": self.fps.currentData(),
                "transition": self.transition.currentData(),
                "transition_seconds": round(self.transition_seconds.value(), 2)}

    def _show_size(self) -> None:
        aspect = AspectRatio(self.aspect.currentData())
        width, height = aspect.frame_size(int(self.resolution.currentData()))
        self.size_label.setText(f"{width} × {height}")

    def _enable_length(self) -> None:
        self.transition_seconds.setEnabled(self.transition.currentData() != "cut")

    def accept(self) -> None:
        session = self.document.session
        if session is not None:
            try:
                session.execute(EditFilm(self.values()))
            except ValueError as exc:
                self._message(f"film settings: {exc}")
                return
        super().accept()
