"""The editor's one look: a dark palette and the style sheet, set on the application so every
window and dialog (the main window, settings, export, message boxes, file dialogs) shares them.

Text colours are chosen for WCAG AA (4.5:1) against the backgrounds they are drawn on; the
accessibility test measures that on grabbed pixels. The active and inactive groups are the
same colours: Qt repaints every widget of a window that gains or loses the focus when they
differ, and opening any dialog would repaint the whole board.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from vidstudio.ui.resources import style_sheet

ROLES: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#1e2230",
    QPalette.ColorRole.WindowText: "#e4e7ee",
    QPalette.ColorRole.Base: "#151926",
    QPalette.ColorRole.AlternateBase: "#1b2030",
    QPalette.ColorRole.Text: "#e4e7ee",
    QPalette.ColorRole.PlaceholderText: "#a3abbf",
    QPalette.ColorRole.Button: "#323a52",
    QPalette.ColorRole.ButtonText: "#e4e7ee",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#33609f",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#262b3b",
    QPalette.ColorRole.ToolTipText: "#e4e7ee",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c3a6f5",
    QPalette.ColorRole.Light: "#465072",
    QPalette.ColorRole.Midlight: "#3a425c",
    QPalette.ColorRole.Mid: "#2a3042",
    QPalette.ColorRole.Dark: "#151926",
    QPalette.ColorRole.Shadow: "#0b0d14",
}
DISABLED_TEXT = "#7d8499"  # inactive controls: WCAG asks no contrast of them


def palette() -> QPalette:
    result = QPalette()
    for role, colour in ROLES.items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
                      QPalette.ColorGroup.Disabled):
            result.setColor(group, role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText, QPalette.ColorRole.PlaceholderText):
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return result


def apply_theme() -> None:
    """Give the running application the editor's palette and style sheet (once: setting them
    again re-polishes every widget)."""
    app = QApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    if app.property("vidstudio-theme"):
        return
    app.setProperty("vidstudio-theme", True)
    QApplication.setPalette(palette())
    if isinstance(app, QApplication):
        app.setStyleSheet(style_sheet())
