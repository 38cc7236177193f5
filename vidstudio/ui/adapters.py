"""Qt signals for the session's psygnal events, so widgets connect the Qt way.

Views never poll and never reach into the pipeline: they redraw from the change record each
``project_changed`` carries, and from ``job_changed`` for the jobs they show. Everything runs on
the GUI thread (qasync runs asyncio on Qt's loop), so the events are re-emitted directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from vidstudio.jobs.session import ChangeEvent, ProjectSession


class SessionBridge(QObject):
    """One open session's events as Qt signals; ``detach`` before the session is dropped."""

    project_changed = Signal(object)  # ChangeEvent
    job_changed = Signal(object)  # Job
    job_removed = Signal(object)  # Job
    history_changed = Signal()
    saved = Signal(object)  # Path
    save_failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ProjectSession | None = None
        self._links: list[tuple[Any, Any]] = []

    def attach(self, session: ProjectSession) -> None:
        self.detach()
        self.session = session
        self._link(session.changed, self._on_changed)
        self._link(session.history_changed, self.history_changed.emit)
        self._link(session.saved, self.saved.emit)
        self._link(session.save_failed, self.save_failed.emit)
        self._link(session.manager.job_changed, self.job_changed.emit)
        self._link(session.manager.job_removed, self.job_removed.emit)

    def _link(self, signal: Any, slot: Any) -> None:
        signal.connect(slot)
        self._links.append((signal, slot))

    def detach(self) -> None:
        for signal, slot in self._links:
            signal.disconnect(slot)
        self._links.clear()
        self.session = None

    def _on_changed(self, event: ChangeEvent) -> None:
        self.project_changed.emit(event)
