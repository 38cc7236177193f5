"""A scene card's prompts: what each generation of the scene is asked for, editable, each with
"reset to planned".

The keyframe prompts, the clip prompt (the scene's action; the line sent to the video model is
shown under it) and the sound prompt. An edit is the card's ordinary field edit (the board makes
it an ``EditScene``: exactly what depends on that prompt goes stale); a reset asks the board for
``ResetScenePrompt``. Texts are only written when the model's value differs from what is shown,
so a redraw while the user types never moves the cursor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from vidstudio.core.prompts import SCENE_PROMPTS
from vidstudio.ui.names import of_scene

if TYPE_CHECKING:
    from vidstudio.core.models import Project, Scene


class PromptEditor(QFrame):
    """Signals: edit_requested(str field, object value), reset_requested(str field)."""

    edit_requested = Signal(str, object)
    reset_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PromptEditor")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        self.fields: dict[str, QPlainTextEdit] = {}
        self.resets: dict[str, QToolButton] = {}
        self._updating = False
        self._number = 0
        row = 0
        for name, label in SCENE_PROMPTS.items():
            caption = QLabel(label, self)
            caption.setStyleSheet("font-weight: 600;")
            reset = QToolButton(self)
            reset.setObjectName(f"reset-{name}")
            reset.setText("↺ planned")
            reset.setToolTip("Put back what the plan wrote")
            reset.clicked.connect(lambda _c=False, n=name: self.reset_requested.emit(n))
            edit = QPlainTextEdit(self)
            edit.setObjectName(f"prompt-{name}")
            edit.setFixedHeight(48)
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(lambda n=name: self._changed(n))
            grid.addWidget(caption, row, 0)
            grid.addWidget(reset, row, 1)
            grid.addWidget(edit, row + 1, 0, 1, 2)
            row += 2
            if name == "action":
                self.sent = QLabel(self)
                self.sent.setObjectName("clip-prompt-sent")
                self.sent.setWordWrap(True)
                self.sent.setStyleSheet("color: #8c93a8; font-size: 8pt;")
                self.sent.setToolTip("The line the video model is sent, made from the scene")
                grid.addWidget(self.sent, row, 0, 1, 2)
                row += 1
            self.fields[name] = edit
            self.resets[name] = reset

    def refresh(self, project: Project, scene: Scene, number: int) -> None:
        if number != self._number:
            self._number = number
            where = of_scene(number)
            for name, label in SCENE_PROMPTS.items():
                self.fields[name].setAccessibleName(f"{label} {where}")
                self.resets[name].setAccessibleName(f"Reset {label.lower()} {where} to planned")
        self._updating = True
        try:
            for name, edit in self.fields.items():
                value = str(getattr(scene, name))
                if edit.toPlainText() != value:
                    edit.setPlainText(value)
                planned = scene.planned.get(name)
                self.resets[name].setEnabled(planned is not None and planned != value)
        finally:
            self._updating = False
        self.sent.setText(f"sent as: {_clip_prompt(project, scene)}")

    def _changed(self, name: str) -> None:
        if not self._updating:
            self.edit_requested.emit(name, self.fields[name].toPlainText())


def _clip_prompt(project: Project, scene: Scene) -> Any:
    from vidstudio.jobs.requests import clip_prompt

    try:
        return clip_prompt(scene, project.environment(scene.environment_id))
    except KeyError:
        return ""
