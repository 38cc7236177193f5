"""Paid requests with an unknown outcome, in the editor.

A paid call in flight when a run died (no job id, no lookup that proves the result is this
project's) may have been made and billed. The pipeline never sends it again on its own: it stays
in the journal as "unknown". This module tells the user which items those are and what each may
have cost, after a job ends with some and on opening a project that has some, and asks before
sending them again. "Yes" runs Generate all with consent for exactly the journal entries the
question named (the ledger marks them possibly paid twice); "No" sends nothing and leaves them
listed behind a status-bar button that asks again.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from vidstudio.jobs.session import SessionError
from vidstudio.ui.names import name_message_box

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.jobs.session import ProjectSession
    from vidstudio.storage.journal import JournalEntry
    from vidstudio.ui.document import Document

SEND_AGAIN = "Send again (may be billed twice)"
KEEP = "Do not send"
# The jobs after which the journal is looked at again (a step's own end is part of these).
_RUN_KINDS = frozenset({"generate-all", "render", "regenerate"})


def describe(entries: list[JournalEntry]) -> str:
    """The question: each item with its possible cost, the total, and what "yes" does."""
    lines = [f"• {e.what or e.key} ({e.provider or 'a paid service'}) — may have cost "
             f"${e.possible_cost:.2f}" for e in entries]
    total = sum(e.possible_cost for e in entries)
    many = len(entries) > 1
    return ("A paid request was in flight when a run stopped, and its outcome is unknown: the "
            "service may have made and billed it, but nothing here proves it did, so it was not "
            "sent again.\n\n" if not many else
            f"{len(entries)} paid requests were in flight when a run stopped, and their outcome "
            "is unknown: the service may have made and billed them, but nothing here proves it "
            "did, so they were not sent again.\n\n") + "\n".join(lines) + (
        f"\n\nSending {'them' if many else 'it'} again may bill up to ${total:.2f} a second "
        "time; the ledger marks what is sent again as possibly paid twice.\n\n"
        f"Send {'them' if many else 'it'} again now?")


class UnknownOutcomes(QObject):
    """Watches the open project's journal for unknown outcomes and asks before re-sending."""

    def __init__(self, window: QWidget, document: Document,
                 spawn: Callable[[Any], asyncio.Task[Any]], say: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._spawn = spawn
        self._say = say
        self._entries: list[JournalEntry] = []
        self._box: QMessageBox | None = None
        self._watched: ProjectSession | None = None
        self._seen: set[int] = set()  # finished jobs already looked after
        self.button = QPushButton("")
        self.button.setObjectName("unknown-outcomes")
        self.button.setAccessibleName("Unknown outcomes: ask to send again")
        self.button.setToolTip("Paid requests whose outcome is unknown (they may have been "
                               "billed); click to see them and choose whether to send again")
        self.button.setFlat(True)
        self.button.hide()
        self.button.clicked.connect(self.ask)
        document.opened.connect(self._on_opened)
        document.closed.connect(self._on_closed)

    @property
    def entries(self) -> list[JournalEntry]:
        """The unknown outcomes last read from the journal."""
        return list(self._entries)

    # ------------------------------------------------------------------------- watching
    def _on_opened(self, session: ProjectSession) -> None:
        self._watched = session
        session.manager.job_changed.connect(self._on_job)
        self._spawn(self.refresh(ask=True))

    def _on_closed(self, *_args: Any) -> None:
        if self._watched is not None:
            with contextlib.suppress(Exception):  # already disconnected with its session
                self._watched.manager.job_changed.disconnect(self._on_job)
        self._watched = None
        self._show([])
        if self._box is not None:
            self._box.close()

    def _on_job(self, job: Any) -> None:
        if job.kind in _RUN_KINDS and job.parent is None and job.state.finished \
                and job.id not in self._seen:
            self._seen.add(job.id)
            self._spawn(self.refresh(ask=True))

    async def refresh(self, *, ask: bool = False) -> list[JournalEntry]:
        """Read the journal's unknown outcomes (off the loop); with ``ask``, ask about them."""
        session = self._document.session
        if session is None or session.closed:
            self._show([])
            return []
        entries = await asyncio.to_thread(session.folder.journal.unknown)
        if session is not self._document.session:
            return []
        self._show(entries)
        if entries and ask:
            self.ask()
        return entries

    def _show(self, entries: list[JournalEntry]) -> None:
        self._entries = sorted(entries, key=lambda e: e.started)
        if not entries:
            self.button.hide()
            return
        total = sum(e.possible_cost for e in entries)
        self.button.setText(f"{len(entries)} unknown outcome{'s' * (len(entries) > 1)} "
                            f"(up to ${total:.2f})…")
        self.button.show()

    # -------------------------------------------------------------------------- asking
    def ask(self) -> None:
        """The question naming each unknown outcome and its possible cost (never modal-nested:
        the box is opened, and its answer comes back through a signal)."""
        if not self._entries:
            return
        if self._box is not None:  # one question at a time; it shows the latest list
            self._box.setText(describe(self._entries))
            self._box.raise_()
            return
        asked = list(self._entries)
        box = QMessageBox(QMessageBox.Icon.Warning, "Unknown outcomes", describe(asked),
                          QMessageBox.StandardButton.NoButton, self._window)
        box.setObjectName("resend-unknown")
        send = box.addButton(SEND_AGAIN, QMessageBox.ButtonRole.YesRole)
        send.setObjectName("resend-unknown-yes")
        keep = box.addButton(KEEP, QMessageBox.ButtonRole.NoRole)
        keep.setObjectName("resend-unknown-no")
        box.setDefaultButton(keep)  # Enter never pays by accident
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)

        def answered(button: Any) -> None:
            self._box = None
            if button is send:
                self.resend(frozenset(e.key for e in asked))
            else:
                self._say(f"{len(asked)} unknown outcome{'s' * (len(asked) > 1)} kept; "
                          "nothing was sent")

        box.buttonClicked.connect(answered)
        box.finished.connect(lambda _r: setattr(self, "_box", None))
        self._box = box
        box.open()

    def resend(self, keys: frozenset[str]) -> None:
        """Plan again (a plan among ``keys``), then generate all, with consent to send again
        exactly the journal entries ``keys``."""
        session = self._document.session
        if session is None or not keys:
            return
        plans = frozenset(k for k in keys if k.startswith("plan-"))
        try:
            first = (session.plan(session.project.script, resend=plans) if plans
                     else session.generate_all(resend=keys))
        except SessionError as exc:
            self._say(str(exc))
            return
        self._say(f"sending {len(keys)} unknown outcome{'s' * (len(keys) > 1)} again")

        async def wait() -> None:
            with contextlib.suppress(Exception):  # the job's own message is in the panel
                await session.wait(first)
                if plans and keys - plans:
                    await session.wait(session.generate_all(resend=keys - plans))
            await self.refresh()

        self._spawn(wait())
