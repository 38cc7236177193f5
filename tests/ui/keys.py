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
