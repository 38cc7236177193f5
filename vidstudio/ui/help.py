"""Help ▸ Keyboard shortcuts and Help ▸ User guide.

The shortcut sheet is made from the window's own actions when it opens, so it lists every
action that has a shortcut, with the menu it lives in, and can never disagree with the keys.
The user guide is the Markdown page shipped with the app (``resources/guide.md``), shown in a
text browser inside the app. Both are non-modal dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vidstudio.ui.theme import apply_theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(where, action, keys) for every action of ``window`` that has a shortcut: those in the
    menu bar under their menu's name, any other (a panel's own) under "Window"."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if sub is not None:
                walk(sub, f"{where} ▸ {_plain(action.text())}")  # type: ignore[arg-type]
                continue
            add(action, where)

    def add(action: QAction, where: str) -> None:
        if id(action) in seen or action.isSeparator():
            return
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                if not k.isEmpty()]
        if not keys:
            return
        seen.add(id(action))
        rows.append((where, _plain(action.text()) or action.objectName(), ", ".join(keys)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is not None:
            walk(menu, _plain(top.text()))  # type: ignore[arg-type]
    for action in window.findChildren(QAction):
        add(action, "Window")
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        apply_theme()
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setModal(False)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcuts")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            "Close: keyboard shortcuts")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 560)

    def listed(self) -> list[tuple[str, ...]]:
        """The rows the sheet shows, as text."""
        cells = [[self.table.item(r, c) for c in range(3)] for r in range(self.table.rowCount())]
        return [tuple(item.text() if item is not None else "" for item in row) for row in cells]


class GuideDialog(QDialog):
    """The user guide shipped with the app, in a text browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from vidstudio.ui.resources import user_guide

        apply_theme()
        self.setObjectName("GuideDialog")
        self.setWindowTitle("vidstudio — user guide")
        self.setModal(False)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide")
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(user_guide().read_text("utf-8"))
        self.browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            "Close: user guide")
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 760)
