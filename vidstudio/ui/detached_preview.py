"""The big preview: the preview panel moved out of its dock into a window of its own, which
may go full screen (F), and back again (the detach button, Escape, or closing the window).

The panel itself moves (one player, one position, one set of keys); its dock stays in the
window's layout, hidden while the panel is away, so putting it back restores the layout.
libvlc draws into the panel's native surface: after each move the player is told the surface's
window again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QToolButton, QVBoxLayout, QWidget

from vidstudio.ui.icons import set_icon

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent


class DetachablePanel(QWidget):
    """What this module needs of the preview panel (ui/preview.PreviewPanel derives from it,
    so this module does not import the panel's)."""

    def rebind_surface(self) -> None:
        """Tell the player the panel's native surface again after a move."""
        raise NotImplementedError

    def toggle_detached(self) -> None:
        raise NotImplementedError

    def toggle_full_screen(self) -> None:
        raise NotImplementedError


class PreviewWindow(QWidget):
    """A top-level window holding the preview panel. Signals: closing()."""

    closing = Signal()

    def __init__(self, panel: DetachablePanel, parent: QWidget | None) -> None:
        # A window of its own (not a child drawn inside ``parent``), owned by it for lifetime.
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("PreviewWindow")
        self.setWindowTitle("Preview — vidstudio")
        self.setAccessibleName("Detached preview")
        self.setStyleSheet("#PreviewWindow { background: #1e2230; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)
        self.resize(1024, 640)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.close()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: Any) -> None:
        self.closing.emit()  # the panel goes back to its dock before this window goes
        super().closeEvent(event)


class Detacher:
    """Moves one panel between its dock and a window of its own."""

    def __init__(self, panel: DetachablePanel) -> None:
        self.panel = panel
        self.window: PreviewWindow | None = None
        self.dock: QDockWidget | None = None

    @property
    def detached(self) -> bool:
        return self.window is not None

    @property
    def full_screen(self) -> bool:
        return self.window is not None and self.window.isFullScreen()

    def detach(self) -> PreviewWindow:
        if self.window is not None:
            return self.window
        panel = self.panel
        parent = panel.parentWidget()
        while parent is not None and not isinstance(parent, QDockWidget):
            parent = parent.parentWidget()
        self.dock = parent
        owner = parent.window() if parent is not None else panel.window()
        if parent is not None:
            parent.setWidget(QWidget())  # a placeholder; the panel leaves with its parent
            parent.hide()
        window = PreviewWindow(panel, owner if owner is not panel else None)
        window.closing.connect(self.attach)
        self.window = window
        window.show()
        panel.show()
        panel.rebind_surface()
        panel.setFocus()
        self._named()
        return window

    def attach(self) -> None:
        window, self.window = self.window, None
        if window is None:
            return
        panel = self.panel
        if window.isFullScreen():
            window.showNormal()
        if self.dock is not None:
            old = self.dock.widget()
            self.dock.setWidget(panel)
            if old is not None and old is not panel:
                old.deleteLater()
            self.dock.show()
        else:
            panel.setParent(None)
        panel.show()
        panel.rebind_surface()
        window.closing.disconnect(self.attach)
        window.hide()
        window.deleteLater()
        self._named()

    def toggle(self) -> None:
        if self.detached:
            self.attach()
        else:
            self.detach()

    def toggle_full_screen(self) -> None:
        """F: full screen (detaching first when docked); again: back to a normal window."""
        window = self.detach()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()
        self.panel.setFocus()

    def _named(self) -> None:
        button = getattr(self.panel, "detach_button", None)
        if button is not None:
            button.setAccessibleName("Put the preview back" if self.detached
                                     else "Detach the preview")


def make_extras(panel: DetachablePanel) -> tuple[QLabel, QToolButton, QToolButton, QToolButton]:
    """The preview's subtitle line and its subtitles, detach and full-screen buttons."""
    subtitle = QLabel("")
    subtitle.setObjectName("PreviewSubtitle")
    subtitle.setAccessibleName("Subtitle in the preview")
    subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
    subtitle.setWordWrap(True)
    subtitle.setStyleSheet("color: #ffffff; background: #11141d; font-size: 11pt;")
    # One line at the least (a second wraps in when there is room): the window fits 1280×720.
    subtitle.setMinimumHeight(subtitle.fontMetrics().height() + 4)
    cc = QToolButton()
    cc.setText("CC")
    cc.setCheckable(True)
    cc.setChecked(True)
    cc.setToolTip("Show the narration's subtitles under the picture")
    cc.setAccessibleName("Show subtitles in the preview")
    cc.toggled.connect(subtitle.setVisible)
    detach = QToolButton()
    set_icon(detach, "detach")
    detach.setToolTip("Preview in a window of its own (back: this button again, or Esc)")
    detach.setAccessibleName("Detach the preview")
    detach.clicked.connect(panel.toggle_detached)
    full = QToolButton()
    set_icon(full, "full-screen")
    full.setToolTip("Full screen (F; Esc leaves it)")
    full.setAccessibleName("Full screen preview")
    full.clicked.connect(panel.toggle_full_screen)
    return subtitle, cc, detach, full
