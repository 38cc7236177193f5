"""Help ▸ Keyboard shortcuts lists every action of the window that has a shortcut (read from
the actions themselves); Help ▸ User guide opens the shipped page inside the app."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def test_the_shortcut_sheet_lists_every_action_with_a_shortcut(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    QTest.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    sheet = window.shortcuts_dialog
    qtbot.waitUntil(sheet.isVisible, timeout=5000)
    listed = {(action, keys) for _where, action, keys in sheet.listed()}
    expected = set()
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            text = action.text().replace("&", "").rstrip("…").strip() or action.objectName()
            expected.add((text, ", ".join(keys)))
    assert len(expected) >= 20 and expected <= listed
    assert ("Split scene", "Ctrl+Shift+K") in listed and ("Film settings", "Ctrl+Shift+F") in listed
    where = {action: place for place, action, _keys in sheet.listed()}
    assert where["Split scene"] == "Scene" and where["Generate all"] == "Generate"
    sheet.close()

    QTest.keyClick(window, Qt.Key.Key_F1)
    guide = window.guide_dialog
    qtbot.waitUntil(guide.isVisible, timeout=5000)
    text = guide.browser.toPlainText()
    assert text.startswith("vidstudio — user guide") and "Direct the film" in text
