"""The graphics items of the timeline: ruler, scene clips, sound lanes, subtitles, playhead.

Items only paint what they are given and report mouse gestures to their ``TimelineCanvas``;
they never touch the project.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPolygonItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
)

if TYPE_CHECKING:
    from vidstudio.ui.timeline.layout import Cue, MusicLane, SceneLane, TakeView

# lane colours: (fill, edge)
VIDEO = (QColor("#35507f"), QColor("#6f9be0"))
SOUND = (QColor("#2f5b4c"), QColor("#5fb394"))
VOICE = (QColor("#5b4a2f"), QColor("#d9a45b"))
CUE = (QColor("#3a3550"), QColor("#8d83c7"))
MUSIC = (QColor("#2f3f5b"), QColor("#7fb0e8"))
SECTION_MARK = QColor("#e4e7ee")
STALE = QColor("#d38b25")
MISSING = QColor("#7d8499")
FAILED = QColor("#e0645c")
TEXT = QColor("#e4e7ee")
DIM_TEXT = QColor("#aab1c4")
PLAYHEAD = QColor("#ff5b5b")
DRAG_THRESHOLD = 4.0

# Items are cached (painted again only when they change) and the playhead, which moves all the
# time, is drawn by Qt's own items: little Python runs per frame of playback. (PySide6 6.12.0,
# excluded in pyproject.toml, lost a reference to None on every Python QPainter call.)


def _state_pen(view: TakeView, edge: QColor) -> QPen:
    if view.state == "stale":
        return QPen(STALE, 2.0, Qt.PenStyle.SolidLine)
    if view.state == "missing":
        return QPen(MISSING, 1.2, Qt.PenStyle.DashLine)
    if view.state == "failed":
        return QPen(FAILED, 1.6, Qt.PenStyle.DashLine)
    return QPen(edge, 1.0)


def _state_badge(painter: QPainter, rect: QRectF, view: TakeView) -> None:
    """A small label in the top-right corner for a take that is not ready."""
    if view.state == "ready" or rect.width() < 40:
        return
    text = {"stale": "stale", "missing": "missing", "failed": "failed"}[view.state]
    colour = {"stale": STALE, "missing": MISSING, "failed": FAILED}[view.state]
    font = QFont(painter.font())
    font.setPointSizeF(7.0)
    font.setBold(True)
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(text) + 8
    badge = QRectF(rect.right() - width - 3, rect.top() + 3, width, 12)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(badge, 5, 5)
    painter.setPen(QColor("#1e1e1e"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)


class _LaneItem(QGraphicsItem):
    """A rectangle of a lane for one scene; ``width`` follows the zoom."""

    def __init__(self, lane: SceneLane, height: float) -> None:
        super().__init__()
        self.lane = lane
        self.width = 10.0
        self.height = height
        # paint once into a pixmap, not on every pass of the playhead (see CACHE_NOTE)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_width(self, width: float) -> None:
        self.prepareGeometryChange()
        self.width = max(2.0, width)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def _frame(self) -> QRectF:
        return QRectF(1, 1, self.width - 2, self.height - 2)


class ClipItem(_LaneItem):
    """A scene in the video lane: thumbnail, number, title, duration; click selects, drag
    reorders (reported to the canvas, which decides)."""

    def __init__(self, lane: SceneLane, height: float, canvas: Any) -> None:
        super().__init__(lane, height)
        self.canvas = canvas
        self.pixmap: QPixmap | None = None
        self.selected = False
        self._press_x: float | None = None
        self._origin = 0.0
        self.dragging = False
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setAcceptHoverEvents(True)
        self.setToolTip(f"{lane.number}. {lane.title} — {lane.duration:g} s")

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.pixmap = pixmap
        self.update()

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: Any = None) -> None:
        rect = self._frame()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(rect, 5, 5)
        fill, edge = VIDEO
        painter.fillPath(path, fill if self.lane.video.state != "missing" else QColor("#2b3142"))
        text_left = rect.left() + 6
        if self.pixmap is not None and not self.pixmap.isNull():
            painter.save()
            painter.setClipPath(path)
            thumb_h = rect.height()
            thumb_w = self.pixmap.width() * thumb_h / max(1, self.pixmap.height())
            x = rect.left()
            # repeat the keyframe along the clip, like a filmstrip; dim all but the first
            while x < rect.right():
                painter.drawPixmap(QRectF(x, rect.top(), thumb_w, thumb_h), self.pixmap,
                                   QRectF(self.pixmap.rect()))
                if x > rect.left():
                    painter.fillRect(QRectF(x, rect.top(), thumb_w, thumb_h),
                                     QColor(20, 24, 36, 150))
                x += thumb_w
            # a shade under the text so it reads on any picture
            painter.fillRect(QRectF(rect.left(), rect.bottom() - 20, rect.width(), 20),
                             QColor(10, 12, 20, 170))
            painter.restore()
            if self.lane.video.state == "missing":
                painter.fillPath(path, QColor(30, 34, 48, 150))
        painter.setPen(TEXT)
        font = QFont(painter.font())
        font.setPointSizeF(8.5)
        font.setBold(True)
        painter.setFont(font)
        label = f"{self.lane.number}  {self.lane.title}"
        metrics = painter.fontMetrics()
        text_rect = QRectF(text_left, rect.bottom() - 19, rect.width() - 12, 18)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                            int(text_rect.width()) - 26))
        font.setBold(False)
        font.setPointSizeF(7.5)
        painter.setFont(font)
        painter.setPen(DIM_TEXT)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         f"{self.lane.duration:g}s")
        pen = _state_pen(self.lane.video, edge)
        if self.selected:
            pen = QPen(QColor("#9cc4ff"), 2.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        _state_badge(painter, rect, self.lane.video)

    # -------------------------------------------------------------------------- gestures
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._press_x = event.scenePos().x()
        self._origin = self.pos().x()
        self.dragging = False
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press_x is None:
            return
        dx = event.scenePos().x() - self._press_x
        if not self.dragging and abs(dx) >= DRAG_THRESHOLD:
            self.dragging = True
            self.setZValue(5)
            self.setOpacity(0.85)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self.dragging:
            self.setPos(max(0.0, self._origin + dx), self.pos().y())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press_x is None:
            return
        self._press_x = None
        dragged, self.dragging = self.dragging, False
        self.setZValue(0)
        self.setOpacity(1.0)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        if dragged:
            self.canvas.clip_dropped(self)
        else:
            self.canvas.clip_clicked(self)


class WaveItem(_LaneItem):
    """A sound take of one scene: its waveform (once computed) inside the scene's span."""

    def __init__(self, lane: SceneLane, view: TakeView, height: float,
                 colours: tuple[QColor, QColor], canvas: Any) -> None:
        super().__init__(lane, height)
        self.view = view
        self.colours = colours
        self.canvas = canvas
        self.peaks: np.ndarray | None = None
        self.setToolTip({"ready": "", "stale": "stale: made before the scene changed",
                         "missing": "not generated yet",
                         "failed": "the last attempt failed"}[view.state])

    def set_peaks(self, peaks: np.ndarray | None) -> None:
        self.peaks = peaks
        self.update()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.canvas.clip_clicked(self)
        event.accept()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: Any = None) -> None:
        rect = self._frame()
        fill, edge = self.colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.view.state == "missing":
            painter.setBrush(QBrush(QColor("#262b3b"), Qt.BrushStyle.BDiagPattern))
        else:
            painter.setBrush(fill)
        painter.setPen(_state_pen(self.view, edge))
        painter.drawRoundedRect(rect, 4, 4)
        if self.peaks is not None and self.view.state != "missing":
            _draw_peaks(painter, rect, self.peaks, self.lane.duration, edge,
                        220 if self.view.state == "ready" else 120)
        _state_badge(painter, rect, self.view)


def _draw_peaks(painter: QPainter, rect: QRectF, peaks: np.ndarray, seconds_in_rect: float,
                colour: QColor, alpha: int) -> None:
    """Peaks (100 a second) drawn from the rect's left edge, ``seconds_in_rect`` across it."""
    if not len(peaks):
        return
    seconds = len(peaks) / 100.0
    span = min(rect.width(), rect.width() * seconds / max(0.01, seconds_in_rect))
    columns = max(1, int(span))
    # one column per pixel: the loudest peak among the samples that fall into it
    edges = np.linspace(0, len(peaks), columns + 1).astype(int)
    values = np.maximum.reduceat(peaks, np.minimum(edges[:-1], len(peaks) - 1))
    values = np.clip(values, 0.0, 1.0) ** 0.6
    image = _wave_image(values, int(rect.height()), QColor(colour), alpha)
    painter.drawImage(QRectF(rect.left(), rect.top(), span, rect.height()), image)


class ScoreItem(QGraphicsItem):
    """The film's score in the music lane: one item across the whole film with its waveform
    (once computed) and a mark where each section meets the next (the scene cuts it was cut
    to). Stale, missing and failed look as in the other lanes; music off is dimmed."""

    def __init__(self, lane: MusicLane, height: float, canvas: Any) -> None:
        super().__init__()
        self.music = lane
        self.canvas = canvas
        self.width = 10.0
        self.height = height
        self.peaks: np.ndarray | None = None
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(self.describe())

    def describe(self) -> str:
        """What the lane shows, in words (its tooltip)."""
        lane = self.music
        state = {"ready": "the film's score", "stale": "the score is stale: the scenes "
                 "changed since it was made", "missing": "no score yet (Generate all makes "
                 "one)", "failed": "the last attempt at a score failed"}[lane.score.state]
        extra = [f"{len(lane.marks) + 1} sections"] if lane.score.state != "missing" else []
        if not lane.enabled:
            extra.append("music off")
        if lane.locked:
            extra.append("locked")
        return state + (f" — {', '.join(extra)}" if extra else "")

    def set_lane(self, lane: MusicLane) -> None:
        self.music = lane
        self.setToolTip(self.describe())
        self.update()

    def set_width(self, width: float) -> None:
        self.prepareGeometryChange()
        self.width = max(2.0, width)

    def set_peaks(self, peaks: np.ndarray | None) -> None:
        self.peaks = peaks
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def mark_positions(self) -> list[float]:
        """The x of each section mark inside the item."""
        duration = max(0.01, self.music.duration)
        return [1 + (self.width - 2) * min(mark, duration) / duration
                for mark in self.music.marks]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: Any = None) -> None:
        rect = QRectF(1, 1, self.width - 2, self.height - 2)
        fill, edge = MUSIC
        view = self.music.score
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if view.state == "missing":
            painter.setBrush(QBrush(QColor("#262b3b"), Qt.BrushStyle.BDiagPattern))
        else:
            painter.setBrush(fill if self.music.enabled else QColor("#262b3b"))
        painter.setPen(_state_pen(view, edge))
        painter.drawRoundedRect(rect, 4, 4)
        if self.peaks is not None and view.state != "missing":
            alpha = 220 if view.state == "ready" and self.music.enabled else 110
            _draw_peaks(painter, rect, self.peaks, self.music.duration, edge, alpha)
        painter.setPen(QPen(SECTION_MARK, 2.0, Qt.PenStyle.DashLine))
        for x in self.mark_positions():
            painter.drawLine(QPointF(x, rect.top() + 1), QPointF(x, rect.bottom() - 1))
        notes = [n for n, on in (("off", not self.music.enabled), ("locked", self.music.locked))
                 if on]
        if view.state == "missing":
            notes.insert(0, "no score yet")
        if notes and rect.width() > 60:
            font = QFont(painter.font())
            font.setPointSizeF(7.5)
            painter.setFont(font)
            painter.setPen(DIM_TEXT)
            painter.drawText(rect.adjusted(6, 0, -6, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             " · ".join(notes))
        _state_badge(painter, rect, view)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()  # nothing to drag; the right-click menu comes from the canvas


def _wave_image(values: np.ndarray, height: int, colour: QColor, alpha: int) -> QImage:
    """A waveform as one image, made with numpy: one column per value, mirrored around the
    middle (a single drawImage instead of a line per column, see CACHE_NOTE)."""
    height = max(4, height)
    half = height / 2 - 3
    rows = np.abs(np.arange(height) + 0.5 - height / 2)[:, None]  # distance from the middle
    on = rows <= np.maximum(0.5, values[None, :] * half)
    pixels = np.zeros((height, len(values), 4), np.uint8)
    pixels[on] = (colour.red(), colour.green(), colour.blue(), alpha)
    image = QImage(pixels.data, len(values), height, len(values) * 4,
                   QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels: the numpy buffer goes away


class CueItem(QGraphicsItem):
    """One subtitle cue in the subtitles lane."""

    def __init__(self, cue: Cue, height: float) -> None:
        super().__init__()
        self.cue = cue
        self.width = 10.0
        self.height = height
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(cue.text)

    def set_width(self, width: float) -> None:
        self.prepareGeometryChange()
        self.width = max(2.0, width)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: Any = None) -> None:
        rect = QRectF(0.5, 1, self.width - 1, self.height - 2)
        fill, edge = CUE
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, 0.8))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        if rect.width() > 16:
            font = QFont(painter.font())
            font.setPointSizeF(7.5)
            painter.setFont(font)
            painter.setPen(TEXT)
            inner = rect.adjusted(4, 0, -4, 0)
            painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(
                                 self.cue.text, Qt.TextElideMode.ElideRight, int(inner.width())))


class RulerItem(QGraphicsItem):
    """Seconds along the top; a click or drag on it moves the playhead."""

    def __init__(self, height: float, canvas: Any) -> None:
        super().__init__()
        self.height = height
        self.canvas = canvas
        self.width = 100.0
        self.pixels_per_second = 40.0
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def configure(self, width: float, pixels_per_second: float) -> None:
        self.prepareGeometryChange()
        self.width = width
        self.pixels_per_second = pixels_per_second
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: Any = None) -> None:
        painter.fillRect(self.boundingRect(), QColor("#232838"))
        pps = self.pixels_per_second
        # label spacing: the smallest "nice" step that leaves ~70 px between labels
        step = next((s for s in (0.5, 1, 2, 5, 10, 15, 30, 60, 120) if s * pps >= 70), 300)
        minor = step / 5
        font = QFont(painter.font())
        font.setPointSizeF(7.5)
        painter.setFont(font)
        count = int(self.width / (minor * pps)) + 1
        for i in range(count):
            t = i * minor
            x = t * pps
            major = math.isclose((t / step) % 1.0, 0.0, abs_tol=1e-6) or math.isclose(
                (t / step) % 1.0, 1.0, abs_tol=1e-6)
            painter.setPen(QPen(QColor("#7d8499") if major else QColor("#4a5068"), 1))
            painter.drawLine(QPointF(x, self.height - (9 if major else 4)),
                             QPointF(x, self.height))
            if major:
                painter.setPen(DIM_TEXT)
                painter.drawText(QPointF(x + 3, self.height - 10), format_time(t, short=True))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.canvas.ruler_clicked(event.scenePos().x())
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.canvas.ruler_clicked(event.scenePos().x())


class PlayheadItem(QGraphicsLineItem):
    """A red line over every lane with a handle in the ruler; painted by Qt itself (it moves
    on every tick of playback, see CACHE_NOTE)."""

    def __init__(self, height: float) -> None:
        super().__init__(0, 0, 0, height)
        self.setPen(QPen(PLAYHEAD, 1.5))
        self.setZValue(20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        handle = QGraphicsPolygonItem(QPolygonF([QPointF(-6, 0), QPointF(6, 0),
                                                 QPointF(0, 8)]), self)
        handle.setBrush(PLAYHEAD)
        handle.setPen(QPen(Qt.PenStyle.NoPen))
        handle.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_height(self, height: float) -> None:
        self.setLine(0, 0, 0, height)


def format_time(seconds: float, *, short: bool = False) -> str:
    """``m:ss`` (ruler) or ``mm:ss.t`` (clock)."""
    seconds = max(0.0, seconds)
    minutes, rest = divmod(seconds, 60)
    if short:
        whole = f"{int(minutes)}:{int(rest):02d}"
        return whole if rest % 1 < 1e-6 else f"{int(minutes)}:{rest:04.1f}"
    return f"{int(minutes):02d}:{rest:04.1f}"
