"""One scene as an editable card: its fields, its slots' takes, and their jobs.

The card never changes the project itself: it emits what the user asked for (an edit, a
regenerate, a take to use, a cancel) and redraws when told (``refresh`` from a change record,
``show_job`` from a job event). Field widgets are only written when the model's value differs
from what they show, so redrawing while the user types never moves the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QDrag, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.deps import SlotRef
from vidstudio.core.vocabulary import SCENE_DURATIONS, CameraMove, ShotType, SlotKind
from vidstudio.jobs.manager import Job, JobState
from vidstudio.ui.cast_chips import CastChips
from vidstudio.ui.names import SLOT_NAMES, of_scene, of_slot
from vidstudio.ui.progress import ProgressBar
from vidstudio.ui.prompt_editor import PromptEditor
from vidstudio.ui.takes_strip import TakesStrip

if TYPE_CHECKING:
    from vidstudio.core.models import Project, Scene

SCENE_MIME = "application/x-vidstudio-scene"
THUMB = QSize(288, 162)

# The card's slot rows: what the user regenerates, and the slots each row shows.
ROWS: tuple[tuple[str, SlotKind, tuple[SlotKind, ...]], ...] = (
    ("Keyframes", SlotKind.FIRST_FRAME, (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME)),
    ("Clip", SlotKind.CLIP, (SlotKind.CLIP,)),
    ("Sound", SlotKind.SFX, (SlotKind.SFX,)),
    ("Narration", SlotKind.NARRATION, (SlotKind.NARRATION,)),
)


@dataclass
class _SlotRow:
    kind: SlotKind
    shows: tuple[SlotKind, ...]
    badge: QLabel
    strips: dict[SlotKind, TakesStrip]
    regenerate: QToolButton
    progress: ProgressBar
    cancel: QToolButton
    error: QLabel
    retry: QPushButton
    job: Job | None = None


class SceneCard(QFrame):
    """Signals (all carry the scene id or a SlotRef; the board turns them into commands):
        edit_requested(str scene_id, str field, object value)
        regenerate_requested(object SlotRef)
        cancel_requested(object Job)
        take_chosen(object SlotRef, str take_id)
        selected(str scene_id)
        menu_requested(str scene_id, QPoint global position): a right-click on the card
        reset_requested(str scene_id, str field): put a prompt back to the plan's words
    """

    edit_requested = Signal(str, str, object)
    regenerate_requested = Signal(object)
    cancel_requested = Signal(object)
    take_chosen = Signal(object, str)
    compare_requested = Signal(object)  # SlotRef: its takes side by side (ui/compare.py)
    selected = Signal(str)
    menu_requested = Signal(str, QPoint)
    reset_requested = Signal(str, str)

    def __init__(self, scene_id: str, thumbnails: Any, resolve: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Every widget is made with the card as its parent: one made loose is moved in by the
        # layout later, and each move under the window's style sheet re-resolves its style.
        self.scene_id = scene_id
        self._thumbnails = thumbnails
        self._resolve = resolve
        self._drag_start: QPoint | None = None
        self.setObjectName("SceneCard")
        self.setProperty("selected", False)  # the style sheet's selectors, set before polish
        self.setProperty("locked", False)
        self.setFixedWidth(320)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 10)
        outer.setSpacing(6)

        header = QHBoxLayout()
        self.number = QLabel("1", self)
        self.number.setObjectName("CardTitleNumber")
        self.title = QLineEdit(self)
        self.title.setObjectName("title")
        self.title.setPlaceholderText("scene title")
        self.lock = QCheckBox("Lock", self)
        self.lock.setToolTip("A locked scene is left alone by “Generate all”")
        header.addWidget(self.number)
        header.addWidget(self.title, 1)
        header.addWidget(self.lock)
        outer.addLayout(header)

        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("thumbnail")
        self.thumbnail.setFixedSize(THUMB)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #11141d; border-radius: 4px; color: #7d8499;")
        outer.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignHCenter)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(4)
        self.environment = QComboBox(self)
        self.duration = QComboBox(self)
        for seconds in SCENE_DURATIONS:
            self.duration.addItem(f"{seconds} s", seconds)
        self.camera = QComboBox(self)
        for move in CameraMove:
            self.camera.addItem(move.value, move)
        self.shot = QComboBox(self)
        for shot in ShotType:
            self.shot.addItem(shot.value, shot)
        place = QHBoxLayout()
        place.addWidget(self.environment, 1)
        place.addWidget(self.duration)
        form.addRow("Place", place)
        self.cast = CastChips(scene_id, self)  # the characters in frame (ui/cast_chips.py)
        self.cast.edit_requested.connect(self.edit_requested)
        form.addRow("Cast", self.cast)
        camera = QHBoxLayout()
        camera.addWidget(self.camera, 1)
        camera.addWidget(self.shot, 1)
        form.addRow("Camera", camera)
        self.mood = QLineEdit(self)
        self.mood.setPlaceholderText("calm, tense, …")
        form.addRow("Mood", self.mood)
        self.narration = QPlainTextEdit(self)
        self.narration.setObjectName("narration")
        self.narration.setFixedHeight(64)
        self.narration.setTabChangesFocus(True)  # Tab moves on; a tab would be spoken
        self.narration.setPlaceholderText("what the narrator says (empty: no narration)")
        form.addRow("Narration", self.narration)
        self.sfx = QLineEdit(self)
        self.sfx.setPlaceholderText("the sound bed: rain on glass, distant gulls, …")
        form.addRow("Sound", self.sfx)
        outer.addLayout(form)
        self.continue_previous = QCheckBox("Continue from the previous shot", self)
        self.continue_previous.setToolTip(
            "This scene's first keyframe is the previous clip's last frame")
        outer.addWidget(self.continue_previous)
        # Every prompt the scene's generations are sent, folded away until asked for.
        self.prompts_toggle = QToolButton(self)
        self.prompts_toggle.setObjectName("prompts-toggle")
        self.prompts_toggle.setText("Prompts ▸")
        self.prompts_toggle.setCheckable(True)
        self.prompts_toggle.setToolTip("Show and edit what each generation is asked for")
        self.prompts = PromptEditor(self)
        self.prompts.setVisible(False)
        self.prompts_toggle.toggled.connect(self._show_prompts)
        self.prompts.edit_requested.connect(self._edit)
        self.prompts.reset_requested.connect(
            lambda name: self.reset_requested.emit(self.scene_id, name))
        outer.addWidget(self.prompts_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.prompts)

        self.rows: dict[SlotKind, _SlotRow] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        line = 0
        for label, kind, shows in ROWS:
            name = QLabel(label, self)
            name.setStyleSheet("font-weight: 600;")
            badge = QLabel("stale", self)
            badge.setObjectName("StaleBadge")
            badge.setVisible(False)
            regenerate = QToolButton(self)
            regenerate.setObjectName(f"regenerate-{kind.value}")
            regenerate.setText("⟳")
            regenerate.setToolTip(f"Make a new take of this scene's {label.lower()}")
            progress = ProgressBar(self)
            progress.setRange(0, 1000)
            progress.setTextVisible(False)
            progress.setFixedHeight(8)
            progress.setVisible(False)
            cancel = QToolButton(self)
            cancel.setObjectName(f"cancel-{kind.value}")
            cancel.setText("✕")
            cancel.setToolTip("Cancel")
            cancel.setVisible(False)
            top = QHBoxLayout()
            top.addWidget(name)
            top.addWidget(badge)
            top.addStretch(1)
            top.addWidget(progress, 2)
            top.addWidget(cancel)
            top.addWidget(regenerate)
            grid.addLayout(top, line, 0)
            line += 1
            strips: dict[SlotKind, TakesStrip] = {}
            for shown in shows:
                caption = {SlotKind.FIRST_FRAME: "first", SlotKind.LAST_FRAME: "last"}.get(
                    shown, "")
                strip = TakesStrip(thumbnails, resolve, self, caption)
                strip.setObjectName(f"takes-{shown.value}")
                strip.take_chosen.connect(
                    lambda take_id, k=shown: self.take_chosen.emit(SlotRef(self.scene_id, k),
                                                                   take_id))
                strip.compare_requested.connect(
                    lambda k=shown: self.compare_requested.emit(SlotRef(self.scene_id, k)))
                strips[shown] = strip
                grid.addWidget(strip, line, 0)
                line += 1
            error = QLabel(self)
            error.setObjectName("ErrorText")
            error.setWordWrap(True)
            error.setVisible(False)
            retry = QPushButton("Retry", self)
            retry.setObjectName(f"retry-{kind.value}")
            retry.setVisible(False)
            failure = QHBoxLayout()
            failure.addWidget(error, 1)
            failure.addWidget(retry)
            grid.addLayout(failure, line, 0)
            line += 1
            row = _SlotRow(kind, shows, badge, strips, regenerate, progress, cancel, error, retry)
            regenerate.clicked.connect(lambda _c=False, k=kind: self._regenerate(k))
            retry.clicked.connect(lambda _c=False, k=kind: self._regenerate(k))
            cancel.clicked.connect(lambda _c=False, r=row: self._cancel(r))
            self.rows[kind] = row
        outer.addLayout(grid)

        self.title.textEdited.connect(lambda text: self._edit("title", text))
        self.mood.textEdited.connect(lambda text: self._edit("emotions", _moods(text)))
        self.sfx.textEdited.connect(lambda text: self._edit("sfx_prompt", text))
        self.narration.textChanged.connect(self._on_narration_changed)
        self.duration.activated.connect(
            lambda i: self._edit("duration", self.duration.itemData(i)))
        self.camera.activated.connect(lambda i: self._edit("camera", self.camera.itemData(i)))
        self.shot.activated.connect(lambda i: self._edit("shot_type", self.shot.itemData(i)))
        self.environment.activated.connect(
            lambda i: self._edit("environment_id", self.environment.itemData(i)))
        self.lock.toggled.connect(lambda on: self._edit("locked", on))
        self.continue_previous.toggled.connect(lambda on: self._edit("continue_previous", on))
        thumbnails.ready.connect(self._on_thumbnail_ready)
        self._thumb_path: str | None = None
        self._places: list[tuple[str, str]] = []
        self._updating = False
        self._named_number = 0
        self._name_controls(1)

    # ------------------------------------------------------------------------- drawing
    def refresh(self, project: Project, number: int) -> None:
        """Show the scene as the project has it now."""
        scene = project.scene(self.scene_id)
        self._updating = True
        try:
            self.number.setText(f"{number}")
            self._name_controls(number)
            _set_text(self.title, scene.title)
            if _moods(self.mood.text()) != list(scene.emotions):
                # "tense," being typed is already "tense": rewriting it would eat the comma
                _set_text(self.mood, ", ".join(scene.emotions))
            _set_text(self.sfx, scene.sfx_prompt)
            if self.narration.toPlainText() != scene.narration:
                self.narration.setPlainText(scene.narration)
            self._fill_places(project, scene)
            self.cast.show_cast(project, scene, number)
            _choose(self.duration, scene.duration)
            _choose(self.camera, scene.camera)
            _choose(self.shot, scene.shot_type)
            self.lock.setChecked(scene.locked)
            self.continue_previous.setChecked(scene.continue_previous)
            self.continue_previous.setEnabled(number > 1)
            self.prompts.refresh(project, scene, number)
            for row in self.rows.values():
                self._refresh_row(scene, row)
            self._refresh_thumbnail(scene)
        finally:
            self._updating = False
        if self.property("locked") != scene.locked:
            # The style sheet draws a locked card differently; re-polishing is costly, so
            # only when that changed.
            self.setProperty("locked", scene.locked)
            self.style().unpolish(self)
            self.style().polish(self)

    def _name_controls(self, number: int) -> None:
        """Accessible names that say which scene they belong to: redone when it moves."""
        if number == self._named_number:
            return
        self._named_number = number
        scene = of_scene(number)
        for widget, field in ((self.title, "Title"), (self.lock, "Lock"),
                              (self.environment, "Place"), (self.duration, "Duration"),
                              (self.camera, "Camera move"), (self.shot, "Shot"),
                              (self.mood, "Mood"), (self.narration, "Narration"),
                              (self.sfx, "Sound"),
                              (self.continue_previous, "Continue from the previous shot")):
            widget.setAccessibleName(f"{field} {scene}")
        self.prompts_toggle.setAccessibleName(f"Prompts {scene}")
        for row in self.rows.values():
            what = "keyframes" if row.kind is SlotKind.FIRST_FRAME else SLOT_NAMES[row.kind]
            row.regenerate.setAccessibleName(f"Regenerate {what} {scene}")
            row.cancel.setAccessibleName(f"Cancel {what} {scene}")
            row.retry.setAccessibleName(f"Retry {what} {scene}")
            for kind, strip in row.strips.items():
                strip.set_context(of_slot(kind, number))

    def show_places(self, project: Project) -> None:
        """Show the project's places in the place menu (they were renamed, added or removed)."""
        self._updating = True
        try:
            self._fill_places(project, project.scene(self.scene_id))
        finally:
            self._updating = False

    def _fill_places(self, project: Project, scene: Scene) -> None:
        places: list[tuple[str, str]] = [(env.name, env.id) for env in project.environments]
        if places != self._places:  # refilling the menu on every redraw costs a relayout
            self._places = places
            self.environment.clear()
            for name, env_id in places:
                self.environment.addItem(name, env_id)
        _choose(self.environment, scene.environment_id)

    def _refresh_row(self, scene: Scene, row: _SlotRow) -> None:
        slots = [scene.slots[k] for k in row.shows]
        stale = any(s.stale for s in slots)
        missing = any(s.active is None for s in slots)
        row.badge.setVisible(stale or (missing and any(s.takes for s in slots)))
        row.badge.setText("stale" if stale else "missing")
        row.badge.setToolTip("An input changed since this take was made: regenerate it"
                             if stale else "No usable take")
        for kind, strip in row.strips.items():
            strip.set_slot(scene.slots[kind])
        last = next((t for s in slots for t in reversed(s.takes)), None)
        failed = last is not None and last.status == "failed" and (
            row.job is None or row.job.state.finished)
        failed = failed and all(s.active is None or s.stale or s.takes[-1].status == "failed"
                                for s in slots)
        row.error.setText(f"{last.provider}: {last.error}" if failed and last else "")
        row.error.setVisible(failed)
        row.retry.setVisible(failed)
        if row.kind is SlotKind.NARRATION:
            row.regenerate.setEnabled(bool(scene.narration.strip()))

    def _refresh_thumbnail(self, scene: Scene) -> None:
        take = scene.slots[SlotKind.FIRST_FRAME].active_take
        path = None
        if take is not None and take.file:
            try:
                path = self._resolve(take.file)
            except ValueError:
                path = None
        self._thumb_path = str(path) if path else None
        pixmap = self._thumbnails.pixmap(path, THUMB) if path else None
        if pixmap is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("no keyframe yet" if path is None else "…")
        else:
            self.thumbnail.setPixmap(pixmap)

    def _on_thumbnail_ready(self, path: str) -> None:
        if path == self._thumb_path:
            pixmap = self._thumbnails.pixmap(self._resolve_abs(path), THUMB)
            if pixmap is not None:
                self.thumbnail.setPixmap(pixmap)

    @staticmethod
    def _resolve_abs(path: str) -> Any:
        from pathlib import Path

        return Path(path)

    def show_job(self, job: Job) -> None:
        """A job on one of this card's slots started, moved or ended."""
        ref = job.subject
        if not isinstance(ref, SlotRef) or ref.owner != self.scene_id:
            return
        row = next((r for r in self.rows.values() if ref.kind in r.shows), None)
        if row is None:
            return
        if job.kind == "step" and row.job is not None and not row.job.state.finished \
                and row.job is not job:
            return  # the row shows its owning regenerate, not the steps inside it
        row.job = job
        running = not job.state.finished
        row.progress.setVisible(running)
        row.cancel.setVisible(running)
        row.regenerate.setEnabled(not running)
        row.progress.setValue(int(job.progress * 1000))
        row.progress.setToolTip(job.message or job.name)
        if job.state is JobState.FAILED:
            row.error.setText(job.outcome)
            row.error.setVisible(True)
            row.retry.setVisible(True)
        elif job.state in (JobState.SUCCEEDED, JobState.CANCELLED):
            row.error.setVisible(False)
            row.retry.setVisible(False)

    # ------------------------------------------------------------------------- input
    def _edit(self, field: str, value: Any) -> None:
        if not self._updating:
            self.edit_requested.emit(self.scene_id, field, value)

    def _show_prompts(self, on: bool) -> None:
        self.prompts_toggle.setText("Prompts ▾" if on else "Prompts ▸")
        self.prompts.setVisible(on)

    def _on_narration_changed(self) -> None:
        self._edit("narration", self.narration.toPlainText())

    def _regenerate(self, kind: SlotKind) -> None:
        self.regenerate_requested.emit(SlotRef(self.scene_id, kind))

    def _cancel(self, row: _SlotRow) -> None:
        if row.job is not None:
            self.cancel_requested.emit(row.job)

    def set_selected(self, on: bool) -> None:
        if self.property("selected") == on:
            return
        self.setProperty("selected", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = event.position().toPoint()
            self.selected.emit(self.scene_id)
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.selected.emit(self.scene_id)
        self.menu_requested.emit(self.scene_id, event.globalPos())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_start is None or not (event.buttons() & Qt.MouseButton.LeftButton):
            return
        if (event.position().toPoint() - self._drag_start).manhattanLength() < 12:
            return
        drag = QDrag(self)
        mime = QMimeData()
        mime.setData(SCENE_MIME, self.scene_id.encode())
        drag.setMimeData(mime)
        drag.setPixmap(self.grab().scaledToWidth(160))
        self._drag_start = None
        drag.exec(Qt.DropAction.MoveAction)


def _set_text(widget: QLineEdit, text: str) -> None:
    if widget.text() != text:
        widget.setText(text)
        if not widget.hasFocus():
            widget.setCursorPosition(0)  # a long text shows its start, not its end


def _moods(text: str) -> list[str]:
    """The moods a Mood field's text names: comma-separated, blanks left out."""
    return [word.strip() for word in text.split(",") if word.strip()]


def _choose(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0 and combo.currentIndex() != index:
        combo.setCurrentIndex(index)
