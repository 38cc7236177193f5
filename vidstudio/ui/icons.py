"""Line icons painted with QPainter for the buttons whose symbol no font can be trusted to have.

A button labelled with a symbol character (◫ U+25EB, ❐ U+2750, ⤢ U+2922) shows it only where some
installed font has the glyph; where none has, Qt draws an empty box (the scene card's compare
buttons did in a screenshot). These icons are drawn from lines and rectangles in the palette's
button text colour, so every system shows the same picture; Qt greys them when disabled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication

SIZE = 16  # logical pixels; painted at twice that for high-density screens
_SCALE = 2

Painter = Callable[[QPainter], None]


def _compare(p: QPainter) -> None:
    """Two panes side by side: takes compared."""
    p.drawRoundedRect(QRectF(1.5, 3.5, 13, 9), 1.5, 1.5)
    p.drawLine(QPointF(8, 3.5), QPointF(8, 12.5))


def _detach(p: QPainter) -> None:
    """A window lifted off another: the preview in a window of its own."""
    p.drawRect(QRectF(1.5, 5.5, 9, 8))
    p.fillRect(QRectF(5, 2, 10, 8), p.pen().color())


def _full_screen(p: QPainter) -> None:
    """Four corners pushed outwards: full screen."""
    for x, y, dx, dy in ((1.5, 1.5, 1, 1), (14.5, 1.5, -1, 1), (1.5, 14.5, 1, -1),
                         (14.5, 14.5, -1, -1)):
        p.drawLine(QPointF(x, y), QPointF(x + 4.5 * dx, y))
        p.drawLine(QPointF(x, y), QPointF(x, y + 4.5 * dy))


SHAPES: dict[str, Painter] = {
    "compare": _compare,
    "detach": _detach,
    "full-screen": _full_screen,
}

_cache: dict[tuple[str, int], QIcon] = {}


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The icon ``name`` (one of ``SHAPES``) in ``color`` (the palette's button text colour)."""
    if color is None:
        color = QApplication.palette().buttonText().color()
    key = (name, color.rgba())
    if key not in _cache:
        pixmap = QPixmap(SIZE * _SCALE, SIZE * _SCALE)
        pixmap.setDevicePixelRatio(_SCALE)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, 1.4))
        SHAPES[name](painter)
        painter.end()
        _cache[key] = QIcon(pixmap)
    return _cache[key]


def set_icon(button: QAbstractButton, name: str) -> None:
    """Show icon ``name`` on ``button`` instead of a text symbol (its tooltip and accessible
    name say what it does)."""
    button.setText("")
    button.setIcon(icon(name, button.palette().buttonText().color()))
    button.setIconSize(QSize(SIZE, SIZE))
