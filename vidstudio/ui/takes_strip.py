"""A slot's takes as a strip of thumbnails; clicking one makes it the take in use.

The strip shows every take the slot ever had (takes are never deleted): the active one framed,
failed ones marked with their message as a tooltip. It emits ``take_chosen``; the card's owner
turns that into an undoable ActivateTake on the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from vidstudio.ui.icons import set_icon
from vidstudio.ui.names import take_name

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.core.models import Slot, Take

THUMB = QSize(56, 32)
COMPACT_THUMB = QSize(30, 14)  # a strip in a one-line bar (the score's, in the timeline)


class TakesStrip(QWidget):
    """Signals: take_chosen(str take_id)."""

    take_chosen = Signal(str)
    compare_requested = Signal()

    def __init__(self, thumbnails: object, resolve: object, parent: QWidget | None = None,
                 caption: str = "", *, compact: bool = False) -> None:
        super().__init__(parent)
        self._thumb = COMPACT_THUMB if compact else THUMB
        self._style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if compact
                       else Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self._thumbnails = thumbnails
        self._resolve = resolve  # relative asset path -> absolute Path (remembered: it is asked
        # again for every take whenever any thumbnail arrives)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        self._offset = 0
        if caption:
            label = QLabel(caption, self)
            label.setObjectName("StripCaption")
            self._layout.addWidget(label)
            self._offset = 1
        self._buttons: dict[str, QToolButton] = {}
        self._context = ""  # "clip of scene 2": what the take buttons' names say they are of
        self._empty = QLabel("no take yet", self)
        self._empty.setStyleSheet("color: #a9b1c6; font-size: 8pt;")
        self._layout.addWidget(self._empty)
        self._layout.addStretch(1)
        # The slot's takes side by side, where variations are made, picked and starred.
        self.compare = QToolButton(self)
        self.compare.setObjectName("compare")
        set_icon(self.compare, "compare")
        self.compare.setToolTip("Compare takes side by side; make variations; star favourites")
        self.compare.setAccessibleName("Compare takes")
        self.compare.clicked.connect(lambda _checked=False: self.compare_requested.emit())
        self._layout.addWidget(self.compare)
        self._slot: Slot | None = None
        # One rule for the strip, set once: a style sheet set per button per redraw re-polished
        # every take button on each change of its scene.
        self.setStyleSheet("QToolButton:checked { border: 2px solid #6fa3ef; "
                           "background: #2d3a57; }")
        thumbnails.ready.connect(self._on_thumbnail_ready)  # type: ignore[attr-defined]

    @property
    def buttons(self) -> list[QToolButton]:
        return list(self._buttons.values())

    def set_context(self, context: str) -> None:
        """Name the take buttons "Take K of <context>" (again when the scene's number moves)."""
        if context != self._context:
            self._context = context
            self.compare.setAccessibleName(f"Compare takes of {context}")
            for index, button in enumerate(self._buttons.values(), 1):
                button.setAccessibleName(take_name(index, context))

    def set_slot(self, slot: Slot) -> None:
        self._slot = slot
        wanted = [t.id for t in slot.takes]
        if list(self._buttons) != wanted:
            for button in self._buttons.values():
                button.deleteLater()
            self._buttons.clear()
            for index, take in enumerate(slot.takes):
                button = QToolButton(self)
                button.setObjectName(f"take-{take.id}")
                button.setAccessibleName(take_name(index + 1, self._context))
                button.setAutoRaise(False)
                button.setToolButtonStyle(self._style)
                button.setIconSize(self._thumb)
                button.setCheckable(True)
                button.clicked.connect(lambda _checked=False, tid=take.id: self._chosen(tid))
                self._layout.insertWidget(self._offset + index, button)
                self._buttons[take.id] = button
        self._empty.setVisible(not slot.takes)
        for number, take in enumerate(slot.takes, 1):
            self._draw(self._buttons[take.id], take, number, take.id == slot.active)

    def _draw(self, button: QToolButton, take: Take, number: int, active: bool) -> None:
        button.setChecked(active)
        starred = self._slot is not None and take.id in self._slot.starred
        button.setText(f"{number}{'★' if starred else ''}{' ✓' if active else ''}")
        if take.status != "ready":
            button.setText(f"{number} ✗")
            button.setToolTip(f"take {number} failed: {take.error}")
            button.setEnabled(False)
            return
        button.setEnabled(True)
        when = f"{take.created:%H:%M}" if take.created else ""
        cost = f", ${take.cost:.2f}" if take.cost else ""
        state = "in use" if active else "click to use this take"
        button.setToolTip(f"take {number} · {take.provider} · seed {take.seed} · {when}{cost}\n"
                          f"{state}")
        path = self._path(take)
        pixmap = self._thumbnails.pixmap(path, self._thumb)  # type: ignore[attr-defined]
        button.setIcon(QIcon(pixmap) if pixmap is not None else QIcon())

    def _path(self, take: Take) -> Path | None:
        if not take.file:
            return None
        try:
            return self._resolve(take.file)  # type: ignore[operator,no-any-return]
        except ValueError:
            return None

    def _on_thumbnail_ready(self, path: str) -> None:
        if self._slot is None:
            return
        for number, take in enumerate(self._slot.takes, 1):
            if take.id in self._buttons and str(self._path(take)) == path:
                self._draw(self._buttons[take.id], take, number, take.id == self._slot.active)

    def _chosen(self, take_id: str) -> None:
        if self._slot is not None and take_id == self._slot.active:
            self._buttons[take_id].setChecked(True)
            return
        self.take_chosen.emit(take_id)
