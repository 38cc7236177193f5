"""A panel of cards, one per named part of the film (a place, a character), kept in step with
the project through the session's change events.

The Environments and Cast panels share this shape: a row of buttons, then the cards in the
project's order in a scroll area that never scrolls sideways. A card is many widgets, so the
missing ones are made one per event-loop turn from the window's pacer (``building`` says
whether some are still to come), and a change event redraws only the cards whose part it
names, on the next turn, once however many events arrived (a structural change rebuilds the
list). Subclasses say what the parts are and how a card is made and shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from vidstudio.jobs.session import ChangeEvent, ProjectSession, SessionError
from vidstudio.ui.pacing import TurnPacer

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from vidstudio.core.deps import Changes, SlotRef
    from vidstudio.core.models import Project
    from vidstudio.ui.document import Document


class CardHost:
    """What every view of cards shares (the scene board, the panels of places and characters):
    the document it shows, its cards by id, the cards still to be made (``_to_build``: one per
    event-loop turn from the window's pacer, by ``_build_next``), a redraw that the change
    events of one turn start once, and the requests every card may make.

    A mixin beside the view's Qt class; the view calls ``_host`` first in its constructor and
    has a ``message(str)`` signal.
    """

    message: Any  # the view's Signal(str)

    def _host(self, owner: QObject, document: Document, thumbnails: Any,
              pacer: TurnPacer | None, flush: Callable[[], None]) -> None:
        self.document = document
        self.pacer = pacer if pacer is not None else TurnPacer(owner)
        self.thumbnails = thumbnails
        self.cards: dict[str, Any] = {}
        self._to_build: list[str] = []  # the ids of the parts whose card is still to be made
        self._redraw = QTimer(owner)  # started by every change event: one redraw a turn
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(0)
        self._redraw.timeout.connect(flush)

    @property
    def session(self) -> ProjectSession | None:
        return self.document.session

    @property
    def building(self) -> bool:
        """True while some card is still to be made (one per event-loop turn)."""
        return bool(self._to_build)

    def _build_next(self) -> bool:
        """Make the next missing card; True while more are to be made."""
        raise NotImplementedError

    def _pace_building(self) -> None:
        """Ask the pacer for turns while cards are still to be made; stop asking when none
        are."""
        if self._to_build:
            self.pacer.want_turns(self._build_next)
        else:
            self.pacer.cancel(self._build_next)

    def compare(self, ref: SlotRef) -> None:
        """The slot's takes side by side, to make variations, pick and star (a window)."""
        from vidstudio.ui.compare import open_compare

        if self.session is not None:
            open_compare(self.document, ref, self.window())  # type: ignore[attr-defined]

    def _regenerate(self, ref: SlotRef) -> bool:
        """Regenerate one slot; False (and a message) when the session refuses."""
        session = self.session
        if session is None:
            return False
        try:
            session.regenerate(ref)
        except SessionError as exc:
            self.message.emit(str(exc))
            return False
        return True


class CardPanel(CardHost, QWidget):
    """Signals: message(str), image_selected(Path) for the preview."""

    message = Signal(str)
    image_selected = Signal(object)

    def __init__(self, document: Document, thumbnails: Any, pacer: TurnPacer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host(self, document, thumbnails, pacer, self._flush)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.setContentsMargins(4, 4, 4, 4)
        self.button_row = QHBoxLayout()
        self.main_layout.addLayout(self.button_row)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        # The cards fit the panel's width: never a sideways scroll.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._holder = QWidget()
        self._list = QVBoxLayout(self._holder)
        self._list.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setWidget(self._holder)
        self.main_layout.addWidget(self.scroll_area, 1)
        document.opened.connect(self._on_opened)
        document.closed.connect(self._on_closed)
        document.bridge.project_changed.connect(self._on_changed)
        self._pending: set[str] = set()

    # ------------------------------------------------------------------ what subclasses say
    def _parts(self, project: Project) -> Sequence[Any]:
        """The parts shown, in order (each has an ``id``)."""
        raise NotImplementedError

    def _part(self, project: Project, part_id: str) -> Any:
        """One part by id (KeyError when it is gone)."""
        raise NotImplementedError

    def _changed(self, changes: Changes) -> set[str]:
        """The ids of the parts a change names."""
        raise NotImplementedError

    def _make_card(self, part: Any) -> Any:
        """A new card for ``part``, made inside the list's holder, its signals connected."""
        raise NotImplementedError

    def _show(self, card: Any, part: Any) -> None:
        """Show ``part`` as it is now on its card."""
        card.refresh(part)

    def _rebuilt(self, session: ProjectSession | None, parts: Sequence[Any]) -> None:
        """After a rebuild: enable the buttons that need an open project, and so on."""

    # ---------------------------------------------------------------------------- building
    def _on_opened(self, _session: ProjectSession) -> None:
        self._rebuild()

    def _on_closed(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        session = self.session
        parts = self._parts(session.project) if session else []
        for part_id in list(self.cards):
            if all(p.id != part_id for p in parts):
                self.cards.pop(part_id).deleteLater()
        self._to_build = [p.id for p in parts if p.id not in self.cards]
        index = 0
        for part in parts:  # the cards that exist, in the project's order, as they are now
            card = self.cards.get(part.id)
            if card is not None:
                self._list.insertWidget(index, card)
                self._show(card, part)
                index += 1
        self._rebuilt(session, parts)
        self._pace_building()

    def _build_next(self) -> bool:
        session = self.session
        if session is None or not self._to_build:
            self._to_build = []
            return False
        part_id = self._to_build.pop(0)
        parts = list(self._parts(session.project))
        part = next((p for p in parts if p.id == part_id), None)
        if part is not None and part_id not in self.cards:
            card = self._make_card(part)
            self.cards[part_id] = card
            self._show(card, part)
            self._list.insertWidget(sum(1 for p in parts[:parts.index(part)]
                                        if p.id in self.cards), card)
        return bool(self._to_build)

    def _on_changed(self, event: ChangeEvent) -> None:
        changes = event.changes
        if changes.structure:
            self._pending.add("*")
        self._pending |= self._changed(changes)
        if self._pending:
            self._redraw.start()

    def refresh_all(self) -> None:
        """Redraw every card on the next turn (what they show changed outside the project)."""
        self._pending.add("*")
        self._redraw.start()

    def _flush(self) -> None:
        pending, self._pending = self._pending, set()
        session = self.session
        if session is None:
            return
        if "*" in pending:
            self._rebuild()
            return
        for part_id in pending:
            card = self.cards.get(part_id)
            if card is None:
                continue
            try:
                self._show(card, self._part(session.project, part_id))
            except KeyError:
                self._rebuild()
                return
