"""The preview: plays a take or the assembled film inside the window.

libvlc (python-vlc) draws into a native child window on X11 (xcb); on any other platform (the
``offscreen`` one of tests and self-tests, Wayland) it decodes with ``--vout=dummy``. Where libvlc
is missing (``vlc.Instance()`` raises NameError or returns None) the panel falls back to
QtMultimedia and says so once. Stills (keyframes, environment images) are shown as pictures.

"Film" is a fast preview render: an export of the project into its cache (``cache/preview.mp4``)
in the project's own format without sidecars, so the export engine stream-copies what it can and
skips the whole render when nothing changed.

Keys: Space play/pause, ←/→ one frame, J back (faster on repeat), K pause, L play (faster on
repeat). ``position_changed`` reports seconds of the film (a take of a scene is offset by the
scene's start), so the timeline's playhead follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.timeline import timeline as film_timeline
from vidstudio.core.vocabulary import SlotKind
from vidstudio.ui.detached_preview import DetachablePanel
from vidstudio.ui.players import QtPlayer, VlcPlayer
from vidstudio.ui.tasks import OwnedTasks

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}
TICK_MS = 40
SHUTTLE_RATES = (1.0, 2.0, 4.0, 8.0)
FALLBACK_NOTICE = "libvlc is not installed: previewing with Qt Multimedia"


def format_clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:04.1f}"


class PreviewPanel(DetachablePanel):
    """Plays the selected take or the film.

    Args:
        document: the window's Document (its session, bridge and opened/closed signals).
        backend: "vlc", "qt" or None (libvlc when it starts, else Qt; ``VIDSTUDIO_PREVIEW``
            may name one).

    Signals:
        position_changed(float): the playing position in seconds of the film.
        film_ready(object): the preview render is loaded (its path).
    """

    position_changed = Signal(float)
    film_ready = Signal(object)

    def __init__(self, document: Any, parent: QWidget | None = None, *,
                 backend: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PreviewPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("#PreviewPanel { background: #1e2230; }")
        self.document = document
        self.source: Path | None = None
        self.mode = "none"  # "take", "film", "image" or "none"
        self.offset = 0.0  # film seconds at the start of what is loaded
        self.film_job: Any = None
        self._pending_seek: float | None = None
        self._shuttle = 0.0  # negative: J (reverse shuttle); positive: L rate
        self._tasks = OwnedTasks()
        self._last_emitted: float | None = None
        self._pause_when_started = False
        self._released = False
        self._awaiting_start = 0  # ticks left to wait for the player to report playing
        self.cues: list[Any] = []  # the film's subtitle cues in film time (export/titles.py)
        from vidstudio.ui.detached_preview import Detacher

        self.detacher = Detacher(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()
        self.player = self._make_player(backend or os.environ.get("VIDSTUDIO_PREVIEW"))
        if isinstance(self.player, QtPlayer):
            self.stack.insertWidget(0, self.player.surface)
            self.stack.setCurrentIndex(0)
            self.notice.setText(FALLBACK_NOTICE)
            self.notice.show()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_timer_tick)
        document.closed.connect(self._on_document_closed)
        document.opened.connect(lambda _session: self._show_poster())
        document.bridge.project_changed.connect(lambda _event: self._show_poster())
        document.bridge.job_changed.connect(self._on_job_changed)
        self._texts_timer = QTimer(self)  # many changes in a row: the cues are timed once
        self._texts_timer.setSingleShot(True)
        self._texts_timer.setInterval(500)
        self._texts_timer.timeout.connect(lambda: self._spawn(self._load_texts()))
        document.opened.connect(lambda _session: self._texts_timer.start())
        document.bridge.project_changed.connect(lambda _event: self._texts_timer.start())

    # ---------------------------------------------------------------------------- layout
    def _build(self) -> None:
        self.surface = QWidget()
        self.surface.setObjectName("PreviewSurface")
        self.surface.setStyleSheet("background: #000;")
        self.surface.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # 16:9 at 160 px: small enough that the window, every dock shown (the position bar on
        # its own row), fits 1280×720.
        self.surface.setMinimumSize(160, 90)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #000;")
        self.picture.setMinimumSize(160, 90)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.surface)
        self.stack.addWidget(self.picture)

        self.notice = QLabel()
        self.notice.setObjectName("PreviewNotice")
        self.notice.setStyleSheet("color: #d9a45b; font-size: 8pt;")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.status = QLabel("Nothing loaded: pick a take or press Film")
        self.status.setObjectName("PreviewStatus")
        self.status.setStyleSheet("color: #aab1c4; font-size: 8pt;")

        icons = self.style()
        pixmaps = QStyle.StandardPixmap
        self._play_icon = icons.standardIcon(pixmaps.SP_MediaPlay)
        self._pause_icon = icons.standardIcon(pixmaps.SP_MediaPause)
        self.back_button = QToolButton()
        self.back_button.setToolTip("One frame back (←)")
        self.back_button.setAccessibleName("One frame back")
        self.back_button.setIcon(icons.standardIcon(pixmaps.SP_MediaSeekBackward))
        self.play_button = QToolButton()
        self.play_button.setToolTip("Play / pause (Space)")
        self.play_button.setAccessibleName("Play or pause")
        self.play_button.setIcon(self._play_icon)
        self.forward_button = QToolButton()
        self.forward_button.setToolTip("One frame forward (→)")
        self.forward_button.setAccessibleName("One frame forward")
        self.forward_button.setIcon(icons.standardIcon(pixmaps.SP_MediaSeekForward))
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.play_button.clicked.connect(self.toggle)
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.clock = QLabel(f"{format_clock(0)} / {format_clock(0)}")
        self.clock.setObjectName("PreviewClock")
        self.clock.setStyleSheet("font-family: monospace; color: #e4e7ee;")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position in the preview")
        self.slider.setRange(0, 1000)
        self.slider.sliderMoved.connect(self._on_slider_moved)
        self.film_button = QPushButton("Film")
        self.film_button.setToolTip("Play the whole film (a quick render)")
        self.film_button.setAccessibleName("Play the whole film")
        self.film_button.clicked.connect(self.show_film)
        from vidstudio.ui.detached_preview import make_extras

        self.subtitle, self.subtitles_button, self.detach_button, self.full_screen_button = (
            make_extras(self))
        # F as an action of the panel (while it has the focus): the shortcut sheet lists it.
        self.full_screen_action = QAction("Full screen preview", self)
        self.full_screen_action.setObjectName("full-screen-preview")
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F))
        self.full_screen_action.setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.full_screen_action.triggered.connect(self.toggle_full_screen)
        self.addAction(self.full_screen_action)

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.back_button, self.play_button, self.forward_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            controls.addWidget(widget)
        controls.addWidget(self.clock)
        controls.addStretch(1)
        controls.addWidget(self.film_button)
        for widget in (self.subtitles_button, self.detach_button, self.full_screen_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            controls.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.subtitle)
        # The position bar has a row of its own above the buttons, the dock's whole width: beside
        # them in a narrow dock it was squeezed to a dot, and a minimum width there made the
        # whole window too wide to narrow.
        layout.addWidget(self.slider)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.notice)

    def _make_player(self, backend: str | None) -> VlcPlayer | QtPlayer:
        if backend != "qt":
            try:
                return VlcPlayer(self.surface)
            except RuntimeError as exc:
                log.info("preview falls back to Qt Multimedia: %s", exc)
        return QtPlayer(self)

    @property
    def backend(self) -> str:
        return "vlc" if isinstance(self.player, VlcPlayer) else "qt"

    # ------------------------------------------------------------------------- contract
    def show_take(self, path: Path) -> None:
        """Show one take: a still as a picture, a clip or a sound in the player (paused)."""
        path = Path(path)
        self._stop_shuttle()
        if path.suffix.lower() in IMAGE_SUFFIXES:
            self._show_image(path)
            return
        self.offset = self._scene_start_of(path)
        self._load(path, "take", f"Take: {self._describe(path)}")

    def show_film(self) -> None:
        """Render the film quickly into the project's cache (skipped when up to date), then
        play it from the start."""
        session = self.document.session
        if session is None:
            return
        from vidstudio.export import ExportOptions

        if self.film_job is not None and not self.film_job.state.finished:
            return
        output = session.folder.cache_dir / "preview.mp4"
        options = ExportOptions(sidecars=False, aac_coder="fast")
        try:
            job = session.export(output, options)
        except Exception as exc:  # noqa: BLE001 - any refusal is shown, never raised
            self.status.setText(f"Film preview refused: {exc}")
            return
        self.film_job = job
        self.status.setText("Rendering the film preview…")
        self._spawn(self._await_film(session, job, output))

    def seek(self, seconds: float) -> None:
        """Go to ``seconds`` of the film (within the loaded take when it is a scene's)."""
        local = float(seconds) - self.offset
        if self.mode not in ("take", "film"):
            self._pending_seek = local
            return
        self.player.seek(max(0.0, local))
        self._refresh(force=True)

    # ------------------------------------------------------------------------ transport
    def play(self) -> None:
        if self.mode in ("take", "film"):
            self.player.set_rate(1.0)
            self.player.play()
            self.play_button.setIcon(self._pause_icon)
            self._start_ticking()

    def pause(self) -> None:
        self._stop_shuttle()
        if self.mode in ("take", "film"):
            self.player.pause()
        self.play_button.setIcon(self._play_icon)
        self._refresh(force=True)

    def toggle(self) -> None:
        if self.player.is_playing():
            self.pause()
        else:
            self.play()

    def step(self, frames: int) -> None:
        if self.mode in ("take", "film"):
            self._stop_shuttle()
            self.player.step(frames)
            self.play_button.setIcon(self._play_icon)
            self.timer.start()
            self._refresh(force=True)

    def is_playing(self) -> bool:
        return self.player.is_playing()

    def position(self) -> float:
        """Seconds into what is loaded."""
        return self.player.position()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space:
            self.toggle()
        elif key == Qt.Key.Key_Left:
            self.step(-1)
        elif key == Qt.Key.Key_Right:
            self.step(1)
        elif key == Qt.Key.Key_K:
            self.pause()
        elif key == Qt.Key.Key_L:
            self._shuttle_forward()
        elif key == Qt.Key.Key_J:
            self._shuttle_back()
        elif key == Qt.Key.Key_F:  # where the action's shortcut did not take it first
            self.toggle_full_screen()
        elif key == Qt.Key.Key_Escape and self.detacher.detached:
            if self.detacher.full_screen:
                self.toggle_full_screen()
            else:
                self.detacher.attach()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def shuttle_forward(self) -> None:
        """L: play forward, faster with each press."""
        self._shuttle_forward()

    def shuttle_back(self) -> None:
        """J: run backwards, faster with each press."""
        self._shuttle_back()

    def _shuttle_forward(self) -> None:
        if self.mode not in ("take", "film"):
            return
        faster = [r for r in SHUTTLE_RATES if r > self._shuttle]
        self._shuttle = faster[0] if self._shuttle > 0 and faster else 1.0
        self.player.play()
        self.player.set_rate(self._shuttle)
        self.play_button.setIcon(self._pause_icon)
        self._start_ticking()

    def _shuttle_back(self) -> None:
        # libvlc cannot play backwards: a reverse shuttle seeks back on every tick instead
        if self.mode not in ("take", "film"):
            return
        faster = [r for r in SHUTTLE_RATES if r > -self._shuttle]
        self._shuttle = -(faster[0] if self._shuttle < 0 and faster else 1.0)
        self.player.pause()
        self.play_button.setIcon(self._pause_icon)
        self.timer.start()

    def _stop_shuttle(self) -> None:
        self._shuttle = 0.0

    # --------------------------------------------------------------------------- loading
    def _load(self, path: Path, mode: str, label: str) -> None:
        self.stack.setCurrentIndex(0)
        self.source = path
        self.mode = mode
        self.player.load(path)
        self.player.fps = self._fps()
        self.status.setText(label)
        self.play_button.setIcon(self._play_icon)
        # libvlc shows the first frame only once it plays: start it, then pause on the
        # first tick that reports playing (see _on_timer_tick)
        self._pause_when_started = True
        self.player.play()
        self._start_ticking()
        self._last_emitted = None

    def load_and_play(self, path: Path) -> None:
        """Load ``path`` as a take and keep playing (used by tests and the self-test)."""
        self.show_take(path)
        self._pause_when_started = False

    def _show_image(self, path: Path) -> None:
        self.player.pause()
        self.timer.stop()
        self.mode = "image"
        self.source = path
        self.status.setText(f"Picture: {self._describe(path)}")
        self._spawn(self._load_image(path))

    async def _load_image(self, path: Path) -> None:
        image = await asyncio.to_thread(QImage, str(path))
        if self.source != path or image.isNull():
            return
        pixmap = QPixmap.fromImage(image)
        size = self.stack.size()
        self.picture.setPixmap(pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))
        self.stack.setCurrentWidget(self.picture)

    async def _await_film(self, session: Any, job: Any, output: Path) -> None:
        try:
            await session.wait(job)
        except asyncio.CancelledError:
            self.status.setText("Film preview cancelled")
            return
        except Exception:  # noqa: BLE001 - the job's own message says what went wrong
            self.status.setText(f"Film preview failed: {job.outcome}")
            return
        finally:
            if self.film_job is job:
                self.film_job = None
        if self.document.session is not session:
            return
        self.offset = 0.0
        self._load(output, "film", "Film preview")
        self._pause_when_started = False  # "Play the film" (Film, Ctrl+P) plays it
        self.play_button.setIcon(self._pause_icon)
        self.film_ready.emit(output)

    def _on_job_changed(self, job: Any) -> None:
        if job is self.film_job and not job.state.finished:
            self.status.setText(f"Rendering the film preview… {job.progress:.0%}")

    def _on_document_closed(self) -> None:
        self.timer.stop()
        self.player.pause()
        self.mode = "none"
        self.source = None
        self.picture.clear()
        self.stack.setCurrentIndex(0)
        self.status.setText("No project")

    def _show_poster(self) -> None:
        """While nothing is loaded, show the film's opening picture (the first scene's first
        keyframe) rather than a black screen."""
        session = self.document.session
        if self.mode != "none" or session is None or not session.project.scenes:
            return
        from vidstudio.core.vocabulary import SlotKind

        take = session.project.ordered_scenes[0].slots[SlotKind.FIRST_FRAME].active_take
        if take is None or not take.file:
            return
        try:
            path = Path(self.document.resolve_asset(take.file))
        except ValueError:
            return
        self._show_image(path)
        self.status.setText("The film's first picture: press Film (Ctrl+P) to play the film")

    # --------------------------------------------------------------------------- ticking
    def _start_ticking(self) -> None:
        # players start asynchronously: keep ticking until they say they play (or 10 s)
        self._awaiting_start = int(10_000 / TICK_MS)
        self.timer.start()

    def _on_timer_tick(self) -> None:
        if self._shuttle < 0:
            self.player.seek(max(0.0, self.player.position() + self._shuttle * TICK_MS / 1000))
            self._refresh()
            return
        playing = self.player.is_playing()
        if playing:
            self._awaiting_start = 0
        elif self._awaiting_start:
            self._awaiting_start -= 1
        if self._pause_when_started and playing:
            self._pause_when_started = False
            self.player.pause()
            if self._pending_seek is not None:
                self.player.seek(self._pending_seek)
                self._pending_seek = None
        self._refresh()
        if not self.player.is_playing() and not self._awaiting_start:
            self._pause_when_started = False
            self.play_button.setIcon(self._play_icon)
            self.timer.stop()

    def _refresh(self, *, force: bool = False) -> None:
        position = self.player.position()
        duration = self.player.duration()
        self.clock.setText(f"{format_clock(position)} / {format_clock(duration)}")
        if duration > 0 and not self.slider.isSliderDown():
            self.slider.setValue(int(1000 * min(1.0, position / duration)))
        film_time = self.offset + position
        self._show_subtitle(film_time)
        if force or self._last_emitted is None or abs(film_time - self._last_emitted) >= 0.01:
            self._last_emitted = film_time
            self.position_changed.emit(film_time)

    def _on_slider_moved(self, value: int) -> None:
        duration = self.player.duration()
        if duration > 0:
            self.player.seek(duration * value / 1000)
            self._refresh(force=True)

    # --------------------------------------------------------------------------- helpers
    def _fps(self) -> float:
        session = self.document.session
        return float(session.project.settings.fps) if session is not None else 24.0

    def _scene_start_of(self, path: Path) -> float:
        """Where the scene owning the take at ``path`` starts in the film (0 if none)."""
        session = self.document.session
        if session is None:
            return 0.0
        starts = {e.scene_id: e.start for e in film_timeline(session.project)}
        for scene in session.project.scenes:
            for slot in scene.slots.values():
                for take in slot.takes:
                    if take.file and (session.folder.path / take.file) == path:
                        return starts.get(scene.id, 0.0)
        return 0.0

    def _describe(self, path: Path) -> str:
        session = self.document.session
        if session is not None:
            names = {SlotKind.CLIP: "clip", SlotKind.SFX: "sound", SlotKind.NARRATION:
                     "narration", SlotKind.FIRST_FRAME: "first keyframe",
                     SlotKind.LAST_FRAME: "last keyframe"}
            for number, scene in enumerate(session.project.ordered_scenes, start=1):
                for kind, slot in scene.slots.items():
                    if any(t.file and session.folder.path / t.file == path for t in slot.takes):
                        return f"scene {number} {names.get(kind, kind.value)}"
        return path.name

    def _spawn(self, coro: Any) -> None:
        self._tasks.spawn(coro)

    # ------------------------------------------------------------ big preview and texts
    def toggle_detached(self) -> None:
        """Move the preview into a window of its own, or back into its dock."""
        self.detacher.toggle()

    def toggle_full_screen(self) -> None:
        """F: the preview full screen (in its own window), or back from it."""
        self.detacher.toggle_full_screen()

    def rebind_surface(self) -> None:
        """The panel moved to another window: the player draws into its surface again."""
        self.player.rebind(self.surface)

    async def _load_texts(self) -> None:
        session = self.document.session
        if session is None:
            return
        from vidstudio.export.texts import film_texts

        snapshot = session.project.model_copy(deep=True)
        self.cues, _titles = await asyncio.to_thread(film_texts, snapshot, session.folder.path)
        self._show_subtitle(self.offset + self.player.position())

    def _show_subtitle(self, film_time: float) -> None:
        from vidstudio.export.titles import text_at

        text = text_at(self.cues, film_time) if self.mode in ("take", "film") else ""
        if self.subtitle.text() != text:
            self.subtitle.setText(text)

    def release(self) -> None:
        """Stop playback and free the player (the window calls it when it closes); safe to
        call twice."""
        if self._released:
            return
        self._released = True
        self.timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.closed.disconnect(self._on_document_closed)
            self.document.bridge.job_changed.disconnect(self._on_job_changed)
        for task in list(self._tasks):
            task.cancel()
        self.player.release()

    def closeEvent(self, event: Any) -> None:
        self.release()
        super().closeEvent(event)
