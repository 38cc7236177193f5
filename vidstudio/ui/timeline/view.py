"""The timeline: the film's scenes in time, one lane per kind of take.

Lanes: video (scene clips sized by duration, thumbnailed from the first keyframe), sound beds,
narration (with its waveform), subtitles (the narration text per sentence) and music (the
film's score: its waveform with a mark at each section change), under a ruler with a
playhead. It redraws only from the session's change events (``document.bridge
.project_changed``) and when a project opens; thumbnails and waveforms are made off the GUI
thread and cached in the project's ``cache/timeline`` folder.

Gestures: a click on a clip emits ``scene_selected``; dragging a clip reorders the scenes
(``ReorderScenes``, undoable); a click on the ruler emits ``seek_requested``; Ctrl+wheel or the
buttons zoom; a right-click on the music lane emits ``score_menu_requested``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.commands import ReorderScenes
from vidstudio.core.deps import FILM
from vidstudio.core.music_commands import MUSIC_SETTINGS_FIELD
from vidstudio.jobs.session import SessionError
from vidstudio.ui.tasks import OwnedTasks
from vidstudio.ui.timeline import previewers
from vidstudio.ui.timeline.items import (
    SOUND,
    VOICE,
    ClipItem,
    CueItem,
    PlayheadItem,
    RulerItem,
    ScoreItem,
    WaveItem,
    format_time,
)
from vidstudio.ui.timeline.layout import SceneLane, drop_order, music_lane, scene_lanes

if TYPE_CHECKING:
    from collections.abc import Coroutine
    from pathlib import Path

    from vidstudio.jobs.session import ChangeEvent, ProjectSession

log = logging.getLogger(__name__)

RULER_HEIGHT = 24.0
# The lanes share the height the four lanes before the music lane had, so the window still
# fits 1280×720 with every lane in view.
LANES: tuple[tuple[str, str, float], ...] = (
    ("video", "Video", 54.0),
    ("sfx", "Sound", 24.0),
    ("voice", "Voice", 34.0),
    ("subtitles", "Subtitles", 22.0),
    ("music", "Music", 30.0),
)
LANE_GAP = 4.0
MIN_PPS, MAX_PPS, DEFAULT_PPS = 4.0, 400.0, 40.0
ZOOM_STEP = 1.25
TAIL_SECONDS = 2.0  # room after the last scene to drop a clip at the end


def lane_top(name: str) -> float:
    y = RULER_HEIGHT + LANE_GAP
    for key, _label, height in LANES:
        if key == name:
            return y
        y += height + LANE_GAP
    raise KeyError(name)


TOTAL_HEIGHT = RULER_HEIGHT + LANE_GAP + sum(h + LANE_GAP for _k, _l, h in LANES)


class TimelineCanvas(QGraphicsView):
    """The graphics view; the owning ``TimelineView`` handles what its items report."""

    def __init__(self, owner: TimelineView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setScene(QGraphicsScene(self))
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setBackgroundBrush(QColor("#1a1e2b"))
        self.setAccessibleName("Timeline of the film")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setMinimumHeight(int(TOTAL_HEIGHT) + 16)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            anchor = self.mapToScene(event.position().toPoint()).x()
            factor = ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP
            self.owner.zoom_by(factor, anchor_x=anchor)
            event.accept()
            return
        if event.angleDelta().y() and not event.angleDelta().x():
            # a plain wheel scrolls along time, which is the only way this view scrolls
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(event.pos())
        if isinstance(item, ScoreItem):
            self.owner.score_menu_requested.emit(event.globalPos())
            event.accept()
            return
        while item is not None and not hasattr(item, "lane"):
            item = item.parentItem()
        if item is None:
            super().contextMenuEvent(event)
            return
        scene_id = item.lane.scene_id  # type: ignore[attr-defined]
        self.owner._on_clip_clicked(scene_id)
        self.owner.menu_requested.emit(scene_id, event.globalPos())
        event.accept()

    # reported by the items
    def clip_clicked(self, item: Any) -> None:
        self.owner._on_clip_clicked(item.lane.scene_id)

    def clip_dropped(self, item: ClipItem) -> None:
        self.owner._on_clip_dropped(item)

    def ruler_clicked(self, x: float) -> None:
        self.owner._on_ruler_clicked(x)


class TimelineView(QWidget):
    """The film's timeline for the document's open project.

    Signals:
        scene_selected(str): the user clicked a scene's clip (its scene id).
        seek_requested(float): the user clicked the ruler at that many seconds into the film.
        menu_requested(str, QPoint): a right-click on a scene's clip (its id, global position).
        score_menu_requested(QPoint): a right-click on the music lane (global position).
    """

    scene_selected = Signal(str)
    seek_requested = Signal(float)
    menu_requested = Signal(str, QPoint)
    score_menu_requested = Signal(QPoint)

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TimelineView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("#TimelineView { background: #1e2230; }")
        self.document = document
        self.pixels_per_second = DEFAULT_PPS
        self.lanes: list[SceneLane] = []
        self.clips: dict[str, ClipItem] = {}
        self.waves: list[WaveItem] = []
        self.cues: list[CueItem] = []
        self.score: ScoreItem | None = None  # the music lane's one item (None: no scenes)
        self.selected_scene: str | None = None
        self.playhead_seconds = 0.0
        self._pixmaps: dict[str, QPixmap] = {}  # take id -> thumbnail (GUI thread only)
        self._peaks: dict[str, Any] = {}  # take id -> waveform peaks
        self._score_loading: set[str] = set()  # score takes whose waveform is being made
        self._tasks = OwnedTasks()
        self._build()
        document.opened.connect(self._on_document_opened)
        document.closed.connect(self._on_document_closed)
        document.bridge.project_changed.connect(self._on_project_changed)
        if document.session is not None:
            self._rebuild()

    # ---------------------------------------------------------------------------- layout
    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        title = QLabel("Timeline")
        title.setStyleSheet("font-weight: 600; color: #e4e7ee;")
        bar.addWidget(title)
        bar.addSpacing(12)
        self.clock = QLabel(format_time(0.0))
        self.clock.setObjectName("TimelineClock")
        self.clock.setStyleSheet("color: #aab1c4; font-family: monospace;")
        bar.addWidget(self.clock)
        bar.addStretch(1)
        self.zoom_out_button = self._tool("−", "Zoom out (Ctrl+wheel)", 1 / ZOOM_STEP)
        self.zoom_out_button.setAccessibleName("Zoom out of the timeline")
        self.zoom_in_button = self._tool("+", "Zoom in (Ctrl+wheel)", ZOOM_STEP)
        self.zoom_in_button.setAccessibleName("Zoom in on the timeline")
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setAccessibleName("Zoom to fit the film")
        self.fit_button.setToolTip("Show the whole film")
        self.fit_button.clicked.connect(self.zoom_to_fit)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(button)
        self._bar = bar

        heads = QVBoxLayout()
        heads.setContentsMargins(0, 0, 0, 0)
        heads.setSpacing(0)
        heads.addSpacing(int(RULER_HEIGHT + LANE_GAP))
        self.heads: dict[str, QLabel] = {}
        for key, label, height in LANES:
            head = QLabel(label)
            head.setAccessibleName(f"{label} lane of the timeline")
            self.heads[key] = head
            head.setFixedHeight(int(height))
            head.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
            head.setStyleSheet("color: #aab1c4; padding-left: 8px; background: #232838;"
                               "border-radius: 3px;")
            heads.addWidget(head)
            heads.addSpacing(int(LANE_GAP))
        heads.addStretch(1)
        head_column = QWidget()
        head_column.setFixedWidth(72)
        head_column.setLayout(heads)

        self.canvas = TimelineCanvas(self)
        self.ruler = RulerItem(RULER_HEIGHT, self.canvas)
        self.playhead = PlayheadItem(TOTAL_HEIGHT)
        self.canvas.scene().addItem(self.ruler)
        self.canvas.scene().addItem(self.playhead)
        self.empty_label = self.canvas.scene().addText("No scenes yet: plan a script to see "
                                                       "the film here.")
        self.empty_label.setDefaultTextColor(QColor("#7d8499"))
        self.empty_label.setPos(12, lane_top("video") + 18)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(head_column)
        body.addWidget(self.canvas, 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(bar)
        outer.addLayout(body, 1)

    def add_tools(self, widget: QWidget) -> None:
        """Put ``widget`` in the timeline's header bar, before the zoom buttons."""
        self._bar.insertWidget(self._bar.indexOf(self.zoom_out_button), widget)
        self._bar.insertSpacing(self._bar.indexOf(self.zoom_out_button), 12)

    def _tool(self, text: str, tip: str, factor: float) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda: self.zoom_by(factor))
        return button

    # ------------------------------------------------------------------------- contract
    def select_scene(self, scene_id: str) -> None:
        """Highlight a scene's clip and scroll it into view (no signal is emitted)."""
        self.selected_scene = scene_id
        for sid, clip in self.clips.items():
            clip.set_selected(sid == scene_id)
        if scene_id in self.clips:
            self.canvas.ensureVisible(self.clips[scene_id], 40, 0)

    def set_playhead(self, seconds: float) -> None:
        """Put the playhead at ``seconds`` into the film (the preview's position)."""
        self.playhead_seconds = max(0.0, float(seconds))
        self.playhead.setPos(self.playhead_seconds * self.pixels_per_second, 0)
        self.clock.setText(f"{format_time(self.playhead_seconds)} / "
                           f"{format_time(self.duration)}")

    @property
    def duration(self) -> float:
        return self.lanes[-1].end if self.lanes else 0.0

    def zoom_by(self, factor: float, *, anchor_x: float | None = None) -> None:
        old = self.pixels_per_second
        new = min(MAX_PPS, max(MIN_PPS, old * factor))
        if new == old:
            return
        bar = self.canvas.horizontalScrollBar()
        anchor_x = anchor_x if anchor_x is not None else self.playhead_seconds * old
        offset = anchor_x - bar.value()
        self.pixels_per_second = new
        self._place()
        bar.setValue(int(anchor_x / old * new - offset))

    def zoom_to_fit(self) -> None:
        width = max(100, self.canvas.viewport().width() - 16)
        seconds = self.duration + TAIL_SECONDS if self.lanes else 30.0
        self.pixels_per_second = min(MAX_PPS, max(MIN_PPS, width / seconds))
        self._place()

    # --------------------------------------------------------------------------- events
    def _on_document_opened(self, session: ProjectSession) -> None:
        self._pixmaps.clear()
        self._peaks.clear()
        self._score_loading.clear()
        self._rebuild()

    def _on_document_closed(self) -> None:
        self._cancel_tasks()
        self.lanes = []
        self._clear_items()
        self._drop_score()
        self.empty_label.setVisible(True)

    def _on_project_changed(self, event: ChangeEvent) -> None:
        changes = event.changes
        if MUSIC_SETTINGS_FIELD in changes.fields or any(
                ref.owner == FILM for ref in changes.slots | changes.stale | changes.fresh):
            self._rebuild_score()
            self._place()
        if changes.structure or changes.settings or any(
                name in ("duration", "title", "narration") for _owner, name in changes.fields):
            self._rebuild()
            return
        touched = set(changes.scenes) | {ref.owner for ref in changes.slots | changes.stale
                                         | changes.fresh | changes.active}
        if touched & {lane.scene_id for lane in self.lanes}:
            self._rebuild(only=touched)

    def _on_clip_clicked(self, scene_id: str) -> None:
        self.select_scene(scene_id)
        self.scene_selected.emit(scene_id)

    def _on_clip_dropped(self, item: ClipItem) -> None:
        session = self.document.session
        center = (item.pos().x() + item.width / 2) / self.pixels_per_second
        order = drop_order(self.lanes, item.lane.scene_id, center)
        if session is None or order == [lane.scene_id for lane in self.lanes]:
            self._place()  # back where it was
            return
        try:
            session.execute(ReorderScenes(order))
        except (SessionError, ValueError) as exc:  # refused (closed, changed meanwhile)
            log.warning("reorder refused: %s", exc)
            self._place()

    def _on_ruler_clicked(self, x: float) -> None:
        seconds = min(max(0.0, x / self.pixels_per_second), self.duration)
        self.set_playhead(seconds)
        self.seek_requested.emit(seconds)

    # -------------------------------------------------------------------------- drawing
    def _clear_items(self, scene_ids: set[str] | None = None) -> None:
        scene = self.canvas.scene()
        for item in [*self.clips.values(), *self.waves, *self.cues]:
            lane = getattr(item, "lane", None)
            owner = lane.scene_id if lane is not None else getattr(item, "scene_id", None)
            if scene_ids is None or owner in scene_ids:
                scene.removeItem(item)
        if scene_ids is None:
            self.clips.clear()
            self.waves.clear()
            self.cues.clear()
        else:
            self.clips = {k: v for k, v in self.clips.items() if k not in scene_ids}
            self.waves = [w for w in self.waves if w.lane.scene_id not in scene_ids]
            self.cues = [c for c in self.cues if getattr(c, "scene_id", None) not in scene_ids]

    def _rebuild(self, only: set[str] | None = None) -> None:
        session = self.document.session
        if session is None:
            self._on_document_closed()
            return
        self.lanes = scene_lanes(session.project, session.folder.path)
        self.empty_label.setVisible(not self.lanes)
        self._clear_items(only)
        scene = self.canvas.scene()
        for lane in self.lanes:
            if only is not None and lane.scene_id not in only:
                continue
            clip = ClipItem(lane, LANES[0][2], self.canvas)
            clip.set_selected(lane.scene_id == self.selected_scene)
            self.clips[lane.scene_id] = clip
            scene.addItem(clip)
            self._want_thumbnail(clip)
            for view, key, colours in ((lane.sfx, "sfx", SOUND),
                                       (lane.narration, "voice", VOICE)):
                height = next(h for k, _l, h in LANES if k == key)
                wave = WaveItem(lane, view, height, colours, self.canvas)
                wave.setData(0, key)
                self.waves.append(wave)
                scene.addItem(wave)
                self._want_waveform(wave)
            for cue in lane.cues:
                item = CueItem(cue, LANES[3][2])
                item.scene_id = lane.scene_id  # type: ignore[attr-defined]
                self.cues.append(item)
                scene.addItem(item)
        # a clip whose lane moved (durations, order) keeps its items but gets the new lane
        by_id = {lane.scene_id: lane for lane in self.lanes}
        for sid, clip in self.clips.items():
            clip.lane = by_id.get(sid, clip.lane)
        for wave in self.waves:
            wave.lane = by_id.get(wave.lane.scene_id, wave.lane)
        self._rebuild_score()
        self._place()

    def _drop_score(self) -> None:
        if self.score is not None:
            self.canvas.scene().removeItem(self.score)
            self.score = None

    def _rebuild_score(self) -> None:
        """The music lane for the project as it is now (its item is kept while its take is
        the same, so its waveform is not loaded again)."""
        session = self.document.session
        if session is None or not self.lanes:
            self._drop_score()
            return
        lane = music_lane(session.project, session.folder.path)
        if self.score is None:
            self.score = ScoreItem(lane, next(h for k, _l, h in LANES if k == "music"),
                                   self.canvas)
            self.canvas.scene().addItem(self.score)
        elif self.score.music.score.take_id != lane.score.take_id:
            self.score.set_peaks(None)
        self.score.set_lane(lane)
        self._want_score_waveform(self.score)

    def _place(self) -> None:
        """Position and size every item for the current lanes and zoom."""
        pps = self.pixels_per_second
        width = max((self.duration + TAIL_SECONDS) * pps,
                    self.canvas.viewport().width() - 2.0)
        self.ruler.configure(width, pps)
        for clip in self.clips.values():
            clip.setPos(clip.lane.start * pps, lane_top("video"))
            clip.set_width(clip.lane.duration * pps)
        for wave in self.waves:
            wave.setPos(wave.lane.start * pps, lane_top(wave.data(0)))
            wave.set_width(wave.lane.duration * pps)
        for cue in self.cues:
            cue.setPos(cue.cue.start * pps, lane_top("subtitles"))
            cue.set_width((cue.cue.end - cue.cue.start) * pps)
        if self.score is not None:
            self.score.setPos(0.0, lane_top("music"))
            self.score.set_width(self.score.music.duration * pps)
        self.canvas.scene().setSceneRect(QRectF(0, 0, width, TOTAL_HEIGHT))
        self.set_playhead(min(self.playhead_seconds, self.duration))

    # ----------------------------------------------------------------------- previewers
    def _cache_dir(self) -> Path | None:
        session = self.document.session
        return session.folder.cache_dir / "timeline" if session is not None else None

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        self._tasks.spawn(coro)

    def _cancel_tasks(self) -> None:
        self._tasks.cancel_all()
        self._score_loading.clear()

    def _want_thumbnail(self, clip: ClipItem) -> None:
        view = clip.lane.thumbnail
        if view.path is None or view.state == "failed":
            return
        if view.take_id in self._pixmaps:
            clip.set_pixmap(self._pixmaps[view.take_id])
            return
        cache = self._cache_dir()
        if cache is not None:
            self._spawn(self._load_thumbnail(clip.lane.scene_id, view.path, cache,
                                             view.take_id))

    async def _load_thumbnail(self, scene_id: str, path: Path, cache: Path, key: str) -> None:
        image = await previewers.thumbnail(path, cache, key)
        if image is None:
            return
        pixmap = QPixmap.fromImage(image)
        self._pixmaps[key] = pixmap
        clip = self.clips.get(scene_id)
        if clip is not None and clip.lane.thumbnail.take_id == key:
            clip.set_pixmap(pixmap)

    def _want_waveform(self, wave: WaveItem) -> None:
        view = wave.view
        if view.path is None or view.state in ("failed", "missing"):
            return
        if view.take_id in self._peaks:
            wave.set_peaks(self._peaks[view.take_id])
            return
        cache = self._cache_dir()
        if cache is not None:
            self._spawn(self._load_waveform(wave, view.path, cache, view.take_id))

    async def _load_waveform(self, wave: WaveItem, path: Path, cache: Path, key: str) -> None:
        peaks = await previewers.waveform(path, cache, key)
        if peaks is None:
            return
        self._peaks[key] = peaks
        if wave in self.waves:
            wave.set_peaks(peaks)

    def _want_score_waveform(self, item: ScoreItem) -> None:
        view = item.music.score
        if view.path is None or view.state in ("failed", "missing") or item.peaks is not None:
            return
        if view.take_id in self._peaks:
            item.set_peaks(self._peaks[view.take_id])
            return
        cache = self._cache_dir()
        if cache is not None and view.take_id not in self._score_loading:
            self._score_loading.add(view.take_id)
            self._spawn(self._load_score_waveform(view.path, cache, view.take_id))

    async def _load_score_waveform(self, path: Path, cache: Path, key: str) -> None:
        try:
            peaks = await previewers.waveform(path, cache, key)
        finally:
            self._score_loading.discard(key)
        if peaks is None:
            return
        self._peaks[key] = peaks
        if self.score is not None and self.score.music.score.take_id == key:
            self.score.set_peaks(peaks)

    async def wait_for_previews(self) -> None:
        """Wait until every thumbnail and waveform asked for so far is loaded (for tests and
        screenshots)."""
        while self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place()

    def closeEvent(self, event: Any) -> None:
        self._cancel_tasks()
        super().closeEvent(event)

