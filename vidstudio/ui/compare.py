"""The compare view: every take of one slot side by side, to make variations, pick and star.

A view over the slot's takes, not a second store: it redraws from the session's change events.
"Make N variations" starts one job (jobs/variations.py) after asking, for a paid provider, what
it would cost; a provider that cannot vary says so before anything is paid. Clips play in sync:
each tile's frames are decoded once by ffmpeg (off the Qt thread) and one timer shows frame i
of every tile at once. A click on "Use" picks the take (undoable); the star marks a favourite,
kept in the project (``Slot.starred``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.commands import ActivateTake
from vidstudio.core.deps import SlotRef, slot_at
from vidstudio.core.directing import StarTake
from vidstudio.core.models import TakeId
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.claims import describe_slot
from vidstudio.jobs.transactions import SessionError
from vidstudio.ui.names import name_message_box
from vidstudio.ui.tasks import OwnedTasks

if TYPE_CHECKING:
    from vidstudio.core.models import Take

TILE_WIDTH = 256
PLAY_FPS = 12
IMAGE_KINDS = (SlotKind.ENV_IMAGE, SlotKind.CHARACTER_IMAGE, SlotKind.FIRST_FRAME,
               SlotKind.LAST_FRAME)


async def decode_frames(path: Path, width: int, height: int, fps: int = PLAY_FPS
                        ) -> list[QImage]:
    """The clip at ``path`` as small frames (ffmpeg decodes; the images are made off the Qt
    thread; QImage, unlike QPixmap, may be made there)."""
    from vidstudio.media.ffmpeg import run_ffmpeg

    handle, name = tempfile.mkstemp(suffix=".rgb")
    os.close(handle)
    out = Path(name)
    try:
        await run_ffmpeg(["-i", str(path), "-an", "-vf", f"fps={fps},scale={width}:{height}",
                          "-pix_fmt", "rgb24", "-f", "rawvideo", str(out)])

        def images() -> list[QImage]:
            data = out.read_bytes()
            size = width * height * 3
            return [QImage(data[i:i + size], width, height, width * 3,
                           QImage.Format.Format_RGB888).copy()
                    for i in range(0, len(data) - size + 1, size)]

        return await asyncio.to_thread(images)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)  # one quick call; the file may never have been written


class TakeTile(QFrame):
    """One take: its picture (or its clip's frames), "Use" and a star."""

    def __init__(self, view: CompareView, take: Take, number: int) -> None:
        super().__init__(view.tiles_host)
        self.take_id = take.id
        self.number = number
        self.frames: list[QImage] = []
        self.frame_index = -1
        self.setObjectName("CompareTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.picture = QLabel(self)
        self.picture.setFixedSize(view.tile_size[0], view.tile_size[1])
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #000; color: #a9b1c6;")
        self.picture.setText("…" if take.status == "ready" else "failed")
        layout.addWidget(self.picture)
        context = view.context
        self.caption = QLabel(f"Take {number} · seed {take.seed}", self)
        self.caption.setToolTip(f"{take.provider} · {take.model}" + (
            f" · ${take.cost:.2f}" if take.cost else ""))
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        self.star = QToolButton(self)
        self.star.setCheckable(True)
        self.star.setAccessibleName(f"Star take {number} of {context}")
        self.star.setToolTip("A favourite: kept starred in the project")
        row.addWidget(self.star)
        self.use = QPushButton("Use", self)
        self.use.setCheckable(True)
        self.use.setAccessibleName(f"Use take {number} of {context}")
        self.use.setEnabled(take.status == "ready")
        row.addWidget(self.use)
        layout.addLayout(row)
        self.use.clicked.connect(lambda _c=False: view.pick(self.take_id))
        self.star.clicked.connect(lambda on: view.set_star(self.take_id, on))

    def draw(self, active: bool, starred: bool) -> None:
        self.use.setChecked(active)
        self.use.setText("In use" if active else "Use")
        self.star.setChecked(starred)
        self.star.setText("★" if starred else "☆")
        self.setStyleSheet("#CompareTile { border: 2px solid %s; }"
                           % ("#6fa3ef" if active else "transparent"))

    def show_frame(self, index: int) -> None:
        if not self.frames:
            return
        self.frame_index = index % len(self.frames)
        self.picture.setPixmap(QPixmap.fromImage(self.frames[self.frame_index]))


class CompareView(QDialog):
    """Every take of one slot side by side (a window of its own, one per slot)."""

    def __init__(self, document: Any, ref: SlotRef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.ref = ref
        self._tasks = OwnedTasks()
        session = document.session
        self.context = _context(session.project, ref)
        width, height = session.project.settings.frame_size
        self.tile_size = (TILE_WIDTH, max(2, round(TILE_WIDTH * height / width)))
        self.setObjectName("CompareView")
        self.setWindowTitle(f"Compare takes — {describe_slot(session.project, ref)}")
        self.setAccessibleName(f"Compare takes of {self.context}")
        self.tiles: dict[str, TakeTile] = {}
        self.frame = 0
        self.job: Any = None  # the variations job this view started last
        outer = QVBoxLayout(self)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Variations:", self))
        self.count = QSpinBox(self)
        self.count.setRange(2, 8)
        self.count.setValue(4)
        self.count.setAccessibleName(f"Number of variations of {self.context}")
        controls.addWidget(self.count)
        self.make = QPushButton(self)
        self.make.setAccessibleName(f"Make variations of {self.context}")
        controls.addWidget(self.make)
        self.play = QPushButton("Play in sync", self)
        self.play.setCheckable(True)
        self.play.setAccessibleName(f"Play the takes of {self.context} in sync")
        self.play.setVisible(ref.kind is SlotKind.CLIP)
        controls.addWidget(self.play)
        controls.addStretch(1)
        outer.addLayout(controls)
        self.status = QLabel(self)
        self.status.setObjectName("compare-status")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        self.tiles_host = QWidget()
        self.tiles_layout = QHBoxLayout(self.tiles_host)
        self.tiles_layout.addStretch(1)
        scroll.setWidget(self.tiles_host)
        scroll.setMinimumHeight(self.tile_size[1] + 80)
        outer.addWidget(scroll, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // PLAY_FPS)
        self.timer.timeout.connect(self._tick)
        self._name_make(self.count.value())
        self.count.valueChanged.connect(self._name_make)
        self.make.clicked.connect(self.ask_to_make)
        self.play.toggled.connect(self._toggle_play)
        document.bridge.project_changed.connect(self._on_changed)
        document.bridge.job_changed.connect(self._on_job)
        document.closed.connect(self.close)
        self.resize(min(1400, 4 * (TILE_WIDTH + 24) + 40), self.tile_size[1] + 180)
        self.refresh()

    # ------------------------------------------------------------------------ drawing
    def _name_make(self, count: int) -> None:
        self.make.setText(f"Make {count}")

    def refresh(self) -> None:
        session = self.document.session
        if session is None:
            return
        try:
            slot = slot_at(session.project, self.ref)
        except KeyError:  # the scene went away
            self.close()
            return
        wanted = [t.id for t in slot.takes]
        for take_id in [t for t in self.tiles if t not in wanted]:
            self.tiles.pop(take_id).deleteLater()
        for number, take in enumerate(slot.takes, 1):
            tile = self.tiles.get(take.id)
            if tile is None:
                tile = self.tiles[take.id] = TakeTile(self, take, number)
                self.tiles_layout.insertWidget(self.tiles_layout.count() - 1, tile)
                if take.status == "ready" and take.file:
                    self._tasks.spawn(self._load(tile, take))
            tile.draw(take.id == slot.active, take.id in slot.starred)

    async def _load(self, tile: TakeTile, take: Take) -> None:
        path = self.document.resolve_asset(take.file or "")
        width, height = self.tile_size
        try:
            if self.ref.kind in IMAGE_KINDS:
                image = await asyncio.to_thread(QImage, str(path))
                if not image.isNull():
                    tile.picture.setPixmap(QPixmap.fromImage(image.scaled(
                        width, height, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)))
            elif self.ref.kind is SlotKind.CLIP:
                tile.frames = await decode_frames(path, width, height)
                tile.show_frame(self.frame)
            else:
                tile.picture.setText("♪ " + Path(take.file or "").suffix.lstrip(".") + " audio")
        except (OSError, RuntimeError) as exc:
            tile.picture.setText(f"cannot show it: {exc}")

    def _on_changed(self, event: Any) -> None:
        if self.ref in event.changes.slots or event.changes.structure:
            self.refresh()

    def _on_job(self, job: Any) -> None:
        if job.subject == self.ref and job.kind == "variations" and job.state.finished:
            self.status.setText(job.outcome or job.state.value)

    # ------------------------------------------------------------------------ playing
    def _toggle_play(self, on: bool) -> None:
        if on:
            self.frame = 0
            self._tick_to(0)
            self.timer.start()
        else:
            self.timer.stop()
        self.play.setText("Pause" if on else "Play in sync")

    def _tick(self) -> None:
        self._tick_to(self.frame + 1)

    def _tick_to(self, frame: int) -> None:
        """One clock for every tile: frame ``frame`` of each clip at once."""
        self.frame = frame
        for tile in self.tiles.values():
            tile.show_frame(frame)

    # ------------------------------------------------------------------------ acting
    def pick(self, take_id: str) -> None:
        session = self.document.session
        if session is None:
            return
        try:
            session.execute(ActivateTake(self.ref, TakeId(take_id)))
        except ValueError as exc:
            self.status.setText(str(exc))
        self.refresh()  # a pick of the take in use changes nothing: the button stays checked

    def set_star(self, take_id: str, on: bool) -> None:
        session = self.document.session
        if session is not None:
            session.execute(StarTake(self.ref, TakeId(take_id), on))
        self.refresh()

    def ask_to_make(self) -> None:
        """Make the variations; a paid provider's cost is asked first, and a provider that
        cannot vary says so before anything is paid."""
        from vidstudio.jobs.variations import quote

        session = self.document.session
        if session is None:
            return
        count = self.count.value()
        offer = quote(session, self.ref, count)
        if offer.refusal:
            self.status.setText(offer.refusal)
            return
        if not offer.paid:
            self._start(count)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, "Make variations",
            f"{count} new takes of {describe_slot(session.project, self.ref)} from "
            f"{offer.provider}, a paid service.\n\nEstimated cost: ${offer.total:.2f} "
            f"(${offer.each:.2f} each)\n\nMake them now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm-variations")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)
        box.accepted.connect(lambda: self._start(count))
        box.open()

    def _start(self, count: int) -> None:
        from vidstudio.jobs.variations import make_variations

        session = self.document.session
        if session is None:
            return
        try:
            job = make_variations(session, self.ref, count)
        except SessionError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"making {count} variations…")
        self.job = job

    def closeEvent(self, event: Any) -> None:
        self.timer.stop()
        self._tasks.cancel_all()
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.bridge.project_changed.disconnect(self._on_changed)
            self.document.bridge.job_changed.disconnect(self._on_job)
        super().closeEvent(event)


def _context(project: Any, ref: SlotRef) -> str:
    """ "clip of scene 2" or "image 3 of environment Harbour" (the accessible names' part)."""
    from vidstudio.ui.names import SLOT_NAMES

    what = SLOT_NAMES.get(ref.kind, ref.kind.value)
    if ref.kind in (SlotKind.ENV_IMAGE, SlotKind.STYLE):
        env = project.environment(ref.owner)
        return f"{what} {(ref.index or 0) + 1} of environment {env.name}"
    if ref.kind is SlotKind.CHARACTER_IMAGE:
        character = project.character(ref.owner)
        return f"{what} {(ref.index or 0) + 1} of {character.name}"
    number = [s.id for s in project.ordered_scenes].index(ref.owner) + 1
    return f"{what} of scene {number}"


def open_compare(document: Any, ref: SlotRef, parent: QWidget | None) -> CompareView:
    """The compare view of ``ref``: the one already open is raised, else a new one."""
    for view in (parent.findChildren(CompareView) if parent is not None else []):
        if view.ref == ref and view.isVisible():
            view.raise_()
            view.activateWindow()
            return view
    view = CompareView(document, ref, parent)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    return view
