"""Walk a shown window's widgets: interactive controls without an accessible name, text with
a character no installed font draws, and text whose contrast with what is behind it is below WCAG AA (4.5:1), measured on grabbed pixels.

The window is grabbed once (``QWidget.grab()`` renders style sheets, the parents' backgrounds
and every override as they are painted); each text-bearing widget's visible part is cut out of
that picture. The most common colour of the cut is the background; the text's contrast is
the contrast that at least a few pixels reach (antialiased glyph edges come in many shades,
so pixels are counted, not colours; a stray pixel does not count). Antialiasing only lowers
contrast, so this errs on the strict side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QStyle,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

AA = 4.5
MIN_TEXT_PIXELS = 3

INTERACTIVE = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit,
               QTextEdit, QAbstractSlider, QAbstractItemView, QGraphicsView, QTabBar, QMenuBar)


@dataclass(frozen=True)
class Finding:
    widget: str
    problem: str

    def __str__(self) -> str:
        return f"{self.widget}: {self.problem}"


def describe(widget: QWidget) -> str:
    text = _text_of(widget) or widget.accessibleName() or widget.toolTip()
    chain = []
    node: QWidget | None = widget
    while node is not None and len(chain) < 4:
        chain.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    return f"{type(widget).__name__} {text[:40]!r} in {'/'.join(reversed(chain))}"


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (any shape ending in 3, values 0-255)."""
    c = rgb.astype(np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def measured_contrast(pixels: np.ndarray) -> float | None:
    """The contrast with the commonest colour of ``pixels`` (H×W×3) that at least
    MIN_TEXT_PIXELS pixels reach; None when nothing but the background is drawn."""
    flat = pixels.reshape(-1, 3)
    if len(flat) == 0:
        return None
    packed = (flat[:, 0].astype(np.uint32) << 16) | (flat[:, 1].astype(np.uint32) << 8) \
        | flat[:, 2].astype(np.uint32)
    colours, counts = np.unique(packed, return_counts=True)
    background = colours[np.argmax(counts)]
    others = colours != background
    seen, seen_counts = colours[others], counts[others]
    if seen_counts.sum() < MIN_TEXT_PIXELS:
        return None

    def unpack(value: np.ndarray) -> np.ndarray:
        return np.stack([(value >> 16) & 255, (value >> 8) & 255, value & 255], axis=-1)

    ratios = contrast_ratio(unpack(seen), unpack(np.array([background]))[0])
    order = np.argsort(-ratios)
    reached = np.cumsum(seen_counts[order])
    return float(ratios[order][np.searchsorted(reached, MIN_TEXT_PIXELS)])


def image_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return "" if not widget.pixmap().isNull() else widget.text()
    if isinstance(widget, QAbstractButton):
        if isinstance(widget, QToolButton) and widget.toolButtonStyle() == \
                widget.toolButtonStyle().ToolButtonIconOnly and not widget.icon().isNull():
            return ""
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText() or widget.placeholderText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText() or widget.placeholderText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


def _text_rects(widget: QWidget) -> list[QRect]:
    """Where the widget's text is drawn, in its own coordinates."""
    if isinstance(widget, QTabBar):
        return [widget.tabRect(i) for i in range(widget.count()) if widget.tabText(i)]
    if isinstance(widget, QMenuBar):
        return [widget.actionGeometry(a) for a in widget.actions() if a.isVisible()]
    if not _text_of(widget):
        return []
    rect = widget.rect()
    if isinstance(widget, QCheckBox | QRadioButton):  # the indicator is not the text
        style = widget.style()
        metric = (QStyle.PixelMetric.PM_IndicatorWidth if isinstance(widget, QCheckBox)
                  else QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
        skip = style.pixelMetric(metric, None, widget) + style.pixelMetric(
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, widget)
        rect = rect.adjusted(skip, 0, 0, 0)
    if isinstance(widget, QGroupBox):
        rect = QRect(0, 0, widget.width(), widget.fontMetrics().height() + 6)
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        viewport = widget.viewport()
        rect = QRect(viewport.mapTo(widget, QPoint(0, 0)), viewport.size())
    return [rect]


def _is_internal(widget: QWidget) -> bool:
    """A part of another control (a spin box's editor, a combo box's list, a scroll bar, a
    tab widget's bar whose tab widget has the name): the outer control is the one named."""
    if isinstance(widget, QScrollBar):
        return True
    parent = widget.parentWidget()
    if isinstance(widget, QTabBar) and isinstance(parent, QTabWidget):
        return bool(parent.accessibleName())
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def visible_widgets(top: QWidget) -> list[QWidget]:
    return [w for w in top.findChildren(QWidget)
            if w.isVisibleTo(top) and w.isVisible() and not w.visibleRegion().isEmpty()
            and w.window() is top]


def unnamed_controls(top: QWidget) -> list[Finding]:
    return [Finding(describe(w), "no accessible name")
            for w in [top, *visible_widgets(top)]
            if isinstance(w, INTERACTIVE) and not _is_internal(w) and not w.accessibleName()]


def missing_glyphs(top: QWidget) -> list[Finding]:
    """Characters of a shown text that no installed font can draw (Qt paints an empty box):
    the font's fallbacks count, as Qt uses them when it paints."""
    findings: list[Finding] = []
    for widget in visible_widgets(top):
        metrics = widget.fontMetrics()
        missing = sorted({c for c in _text_of(widget)
                          if not c.isspace() and not metrics.inFontUcs4(ord(c))})
        if missing:
            codes = ", ".join(f"U+{ord(c):04X}" for c in missing)
            findings.append(Finding(describe(widget), f"no font draws {codes}"))
    return findings


def readable_texts(top: QWidget) -> list[QWidget]:
    """The widgets whose text the contrast check measures (enabled, wholly in view)."""
    return [w for w in visible_widgets(top) if w.isEnabled() and _text_rects(w)
            and w.visibleRegion().boundingRect() == w.rect()]


def low_contrast(top: QWidget) -> list[Finding]:
    pixels = image_array(top.grab().toImage())
    ratio_x = pixels.shape[1] / max(1, top.width())  # a high-DPI grab is larger than the widget
    ratio_y = pixels.shape[0] / max(1, top.height())
    findings: list[Finding] = []
    for widget in visible_widgets(top):
        if not widget.isEnabled():  # WCAG exempts inactive controls
            continue
        clip = widget.visibleRegion().boundingRect()
        if clip != widget.rect():  # cut by a scroll area's edge: read when scrolled to
            continue
        origin = widget.mapTo(top, QPoint(0, 0))
        for rect in _text_rects(widget):
            part = rect.intersected(clip).translated(origin)
            if part.width() < 2 or part.height() < 2:
                continue
            cut = pixels[int(part.top() * ratio_y): int((part.bottom() + 1) * ratio_y),
                         int(part.left() * ratio_x): int((part.right() + 1) * ratio_x)]
            ratio = measured_contrast(cut)
            if ratio is None:
                findings.append(Finding(describe(widget), "text not visible at all"))
            elif ratio < AA:
                findings.append(Finding(describe(widget), f"contrast {ratio:.2f}:1 < {AA}:1"))
    return findings
