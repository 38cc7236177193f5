"""The scene board: a card per scene in film order, reorderable by drag.

It turns what its cards ask for into the session's commands and jobs (edits, takes to use,
regenerates, cancels, reorders) and redraws only the cards a change record names. Failures to
start a job (a slot already generating) come back as ``message`` for the status bar.

A plan arriving (or a project opening) needs a card per scene; building one is some forty
widgets, so the board builds one card per event-loop turn, in film order, and the window keeps
painting and answering between them (``building`` is true until the last one is there). The
turns come from the window's ``TurnPacer``, shared with the environments panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from vidstudio.core.commands import ActivateTake, EditScene, ReorderScenes
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import TakeId
from vidstudio.core.prompts import ResetScenePrompt
from vidstudio.ui.card_panel import CardHost
from vidstudio.ui.scene_card import SCENE_MIME, SceneCard
from vidstudio.ui.structure import SceneStructure

if TYPE_CHECKING:
    from vidstudio.jobs.session import ChangeEvent, ProjectSession
    from vidstudio.ui.document import Document
    from vidstudio.ui.pacing import TurnPacer

CARD_SPACING = 12
CARD_WIDTH = 320  # a scene card's fixed width


class SceneBoard(CardHost, QScrollArea):
    """Signals:
        scene_selected(str scene_id): the user picked a card.
        message(str): something to tell the user (a refused request).
    """

    scene_selected = Signal(str)
    message = Signal(str)

    def __init__(self, document: Document, thumbnails: Any, pacer: TurnPacer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host(self, document, thumbnails, pacer, self._flush)
        self.cards: dict[str, SceneCard] = {}
        self.selected: str | None = None
        self.setWidgetResizable(True)
        self.setAcceptDrops(True)
        # At least one column of cards: in a narrow window the docks give up room first,
        # rather than the board shrinking to a sliver.
        self.setMinimumWidth(CARD_WIDTH + 2 * CARD_SPACING + self.verticalScrollBar().sizeHint()
                             .width() + 2 * self.frameWidth())
        inner = QWidget()
        inner.setAcceptDrops(True)
        self._grid = QGridLayout(inner)
        self._grid.setContentsMargins(CARD_SPACING, CARD_SPACING, CARD_SPACING, CARD_SPACING)
        self._grid.setSpacing(CARD_SPACING)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._empty = QLabel("No scenes yet.\n\nWrite or open a script, then press “Plan”.")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setStyleSheet("color: #8c93a8; font-size: 12pt;")
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self._empty)
        box.addWidget(inner)
        box.addStretch(1)
        self.setWidget(holder)
        self._inner = inner
        self._columns = 0
        document.opened.connect(self._on_opened)
        document.closed.connect(self._rebuild)
        document.bridge.project_changed.connect(self._on_project_changed)
        document.bridge.job_changed.connect(self._on_job_changed)
        self._pending_cards: set[str] = set()
        self._places_changed = False
        inner.installEventFilter(self)
        # Add, duplicate, split, merge, delete: the Scene menu and each card's right-click menu.
        self.structure = SceneStructure(document, lambda: self.selected, self)
        self.structure.message.connect(self.message.emit)
        self.structure.added.connect(self._select_when_built)

    # ---------------------------------------------------------------------- building
    def _on_opened(self, session: ProjectSession) -> None:
        self.thumbnails.cache_dir = session.folder.cache_dir / "thumbs"
        self._rebuild()

    def _rebuild(self) -> None:
        session = self.session
        ordered = [s.id for s in session.project.ordered_scenes] if session else []
        for scene_id in list(self.cards):
            if scene_id not in ordered:
                card = self.cards.pop(scene_id)
                self._grid.removeWidget(card)
                card.deleteLater()
        self._to_build = [scene_id for scene_id in ordered if scene_id not in self.cards]
        self._empty.setVisible(not ordered)
        self._layout_cards(force=True)
        if session is not None:
            for number, scene_id in enumerate(ordered, 1):
                if scene_id in self.cards:
                    self.cards[scene_id].refresh(session.project, number)
        self._pace_building()

    def _build_next(self) -> bool:
        """Make the next missing card and show it as the project has it now; True while more
        are to be made (the pacer comes back on a later turn)."""
        session = self.session
        if session is None or not self._to_build:
            self._to_build = []
            return False
        ordered: list[str] = [s.id for s in session.project.ordered_scenes]
        scene_id = self._to_build.pop(0)
        if scene_id in ordered and scene_id not in self.cards:
            card = self._make_card(scene_id)
            self.cards[scene_id] = card
            index = ordered.index(scene_id)
            card.refresh(session.project, index + 1)
            card.set_selected(scene_id == self.selected)
            for job in session.manager.jobs:
                self._on_job_changed(job)  # only this card's jobs reach it
            if self._columns:
                self._place(card, index, self._columns)
        return bool(self._to_build)

    def _make_card(self, scene_id: str) -> SceneCard:
        session = self.session
        assert session is not None
        card = SceneCard(scene_id, self.thumbnails, self.document.resolve_asset, self._inner)
        card.edit_requested.connect(self._on_edit)
        card.regenerate_requested.connect(self.regenerate)
        card.cancel_requested.connect(lambda job: session.cancel(job))
        card.take_chosen.connect(self._on_take_chosen)
        card.compare_requested.connect(self.compare)
        card.selected.connect(self.select_scene)
        card.selected.connect(self.scene_selected.emit)
        card.menu_requested.connect(lambda sid, where: self.structure.popup(sid, where, card))
        card.reset_requested.connect(self._on_reset_prompt)
        return card

    def _layout_cards(self, force: bool = False) -> None:
        width = self.viewport().width() - 2 * CARD_SPACING
        columns = max(1, (width + CARD_SPACING) // (CARD_WIDTH + CARD_SPACING))
        if columns == self._columns and not force:
            return
        self._columns = columns
        session = self.session
        ordered = [s.id for s in session.project.ordered_scenes] if session else []
        for card in self.cards.values():
            self._grid.removeWidget(card)
        for index, scene_id in enumerate(ordered):
            if scene_id in self.cards:  # a card still to be built takes its place when made
                self._place(self.cards[scene_id], index, columns)

    def _place(self, card: SceneCard, index: int, columns: int) -> None:
        # Top-aligned at its own height: stretched to the tallest card of its row (one with
        # its prompts open), a card spread its rows apart with gaps between them.
        self._grid.addWidget(card, index // columns, index % columns,
                             Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._layout_cards()

    # ---------------------------------------------------------------------- redrawing
    def _on_project_changed(self, event: ChangeEvent) -> None:
        changes = event.changes
        if changes.structure:
            # Order, scenes or places added or removed: every card's number or menu may change.
            self._pending_cards.add("*")
        else:
            # A place changed (a new image of it, most often: thirty in a "Generate all"): only
            # the place menus show places, and a scene it made stale is named on its own.
            self._places_changed = self._places_changed or bool(changes.environments)
            self._pending_cards |= changes.scenes | {
                ref.owner for ref in changes.slots | changes.stale | changes.fresh
                | changes.active}
        self._redraw.start()  # many events in one loop turn become one redraw

    def _flush(self) -> None:
        session = self.session
        pending, self._pending_cards = self._pending_cards, set()
        places, self._places_changed = self._places_changed, False
        if session is None:
            return
        if "*" in pending:
            self._rebuild()
            return
        if places:
            for each in self.cards.values():
                each.show_places(session.project)
        ordered: list[str] = [s.id for s in session.project.ordered_scenes]
        for scene_id in pending:
            card = self.cards.get(scene_id)
            if card is not None and scene_id in ordered:
                card.refresh(session.project, ordered.index(scene_id) + 1)

    def _on_job_changed(self, job: Any) -> None:
        ref = job.subject
        if isinstance(ref, SlotRef) and ref.owner in self.cards:
            self.cards[ref.owner].show_job(job)

    # ---------------------------------------------------------------------- requests
    def _on_edit(self, scene_id: str, field: str, value: Any) -> None:
        session = self.session
        if session is None:
            return
        try:
            session.execute(EditScene(scene_id, field, value), merge=True)
        except (ValueError, KeyError) as exc:
            self.message.emit(str(exc))

    def _on_reset_prompt(self, scene_id: str, field: str) -> None:
        session = self.session
        if session is None:
            return
        try:
            session.execute(ResetScenePrompt(scene_id, field, None))
        except (ValueError, KeyError) as exc:
            self.message.emit(str(exc))

    def _on_take_chosen(self, ref: SlotRef, take_id: str) -> None:
        session = self.session
        if session is None:
            return
        try:
            session.execute(ActivateTake(ref, TakeId(take_id)))
        except ValueError as exc:
            self.message.emit(str(exc))

    def regenerate(self, ref: SlotRef) -> None:
        self._regenerate(ref)

    def _select_when_built(self, scene_id: str) -> None:
        """Select a scene a structure command made (its card comes on a later turn)."""
        self.selected = scene_id
        self.scene_selected.emit(scene_id)

    def select_scene(self, scene_id: str) -> None:
        self.selected = scene_id
        for sid, each in self.cards.items():
            each.set_selected(sid == scene_id)
        card = self.cards.get(scene_id)
        if card is not None:
            self.ensureWidgetVisible(card)

    # ---------------------------------------------------------------------- dragging
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "_inner", None):
            if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                drag = event
                assert isinstance(drag, (QDragEnterEvent, QDragMoveEvent))
                if drag.mimeData().hasFormat(SCENE_MIME):
                    drag.acceptProposedAction()
                    return True
            if event.type() == QEvent.Type.Drop:
                assert isinstance(event, QDropEvent)
                if event.mimeData().hasFormat(SCENE_MIME):
                    moved = bytes(event.mimeData().data(SCENE_MIME).data()).decode()
                    self.move_scene(moved, self._index_at(event.position().toPoint()))
                    event.acceptProposedAction()
                    return True
        return super().eventFilter(watched, event)

    def _index_at(self, point: Any) -> int:
        session = self.session
        if session is None:
            return 0
        ordered: list[str] = [s.id for s in session.project.ordered_scenes]
        for index, scene_id in enumerate(ordered):
            if scene_id not in self.cards:
                continue
            geometry = self.cards[scene_id].geometry()
            if geometry.contains(point) or (point.y() < geometry.bottom()
                                            and point.x() < geometry.center().x()):
                return index
        return len(ordered) - 1

    def move_scene(self, scene_id: str, index: int) -> None:
        """Put a scene at position ``index`` (from 0): one undoable reorder."""
        session = self.session
        if session is None:
            return
        ordered: list[str] = [s.id for s in session.project.ordered_scenes]
        if scene_id not in ordered:
            return
        ordered.remove(scene_id)
        ordered.insert(max(0, min(index, len(ordered))), scene_id)
        if ordered != [s.id for s in session.project.ordered_scenes]:
            session.execute(ReorderScenes(ordered))
