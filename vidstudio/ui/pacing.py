"""GUI work in small pieces, one piece per event-loop turn, shared by every view of a window.

A plan that arrives brings a card per scene and per place, each some tens of widgets; made in
one callback they froze the window for 70 ms and more. Views hand such work to the window's
``TurnPacer`` instead: each turn runs one piece, then Qt polishes, lays out, paints and answers
input before the next. Two views building at once take turns rather than sharing a turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from collections.abc import Callable


class TurnPacer(QObject):
    """Runs steps one per event-loop turn, round robin.

    ``want_turns(step)``: ``step()`` is called once per turn (taking turns with the other
    steps waiting) until it returns False. A step asked for again while it waits keeps its
    place. GUI thread only.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: list[Callable[[], bool]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # as soon as Qt has handled what is already queued
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def want_turns(self, step: Callable[[], bool]) -> None:
        if step not in self._waiting:
            self._waiting.append(step)
        if not self._timer.isActive():
            self._timer.start()

    def cancel(self, step: Callable[[], bool]) -> None:
        if step in self._waiting:
            self._waiting.remove(step)

    def _on_timer_timeout(self) -> None:
        if not self._waiting:
            return
        step = self._waiting.pop(0)
        again = False
        try:
            again = step()
        finally:  # a step that failed is dropped; the others still get their turns
            if again and step not in self._waiting:
                self._waiting.append(step)
            if self._waiting:
                self._timer.start()
