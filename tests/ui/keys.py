"""Typing text the way a keyboard does.

``QTest.keyClicks`` maps each character to a key through Qt's ASCII table, which has no entry
for a line feed: a "\\n" in the text trips an assertion inside Qt's test library and aborts
the whole test process (PySide6 6.x). Text with line breaks is typed line by line here, a
Return key press between the lines, as a user types it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def type_text(widget: Any, text: str) -> None:
    """Types ``text`` into ``widget``: its characters as key clicks, each line break as Return."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line:
            QTest.keyClicks(widget, line)
        if index < len(lines) - 1:
            QTest.keyClick(widget, Qt.Key.Key_Return)


def retype(widget: Any, text: str) -> None:
    """Replaces what a line edit or spin box holds, as a user does: select all, then type."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        QTest.keyClick(widget, Qt.Key.Key_Delete)
        return
    type_text(widget, text)


def choose(combo: Any, data: object) -> None:
    """Picks the combo box item holding ``data`` with the arrow keys, as a keyboard user does."""
    target = combo.findData(data)
    assert target >= 0, f"no item for {data!r}"
    _arrow_to(combo, target)


def choose_label(combo: Any, label: str) -> None:
    """Picks the combo box item that reads ``label`` with the arrow keys."""
    target = combo.findText(label)
    assert target >= 0, f"no item reads {label!r}"
    _arrow_to(combo, target)


def _arrow_to(combo: Any, target: int) -> None:
    combo.setFocus()
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(target - combo.currentIndex())):
        QTest.keyClick(combo, key)
    assert combo.currentIndex() == target, "the combo box ignored the arrow keys"


def click(widget: Any) -> None:
    """A left click in the middle of ``widget``: a disabled or hidden one ignores it."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.rect().center())


def click_tab(tabs: Any, index: int) -> None:
    """Opens page ``index`` of a tab widget by clicking its tab, as a user does."""
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.tabRect(index).center())
    assert tabs.currentIndex() == index, f"the click on tab {index} did not open it"


def edit_cell(table: Any, row: int, column: int, text: str) -> None:
    """Edits a table cell as a user does: F2 on the cell, select all, type, Return."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    table.setFocus()
    table.setCurrentCell(row, column)
    QTest.keyClick(table, Qt.Key.Key_F2)
    editor = table.viewport().findChild(QLineEdit)  # the cell's editor, opened by F2
    assert editor is not None, "the cell did not open for editing"
    retype(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the edit on the next turn
