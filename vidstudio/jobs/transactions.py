"""The session's refusals, its change events and its transactions.

A transaction holds everything one job changed, so the job is undone and redone as one step
(Pitivi's undo log idea). It opens when the job is submitted and closes when the job ends; while
one is open the session refuses undo and redo, or cancels the job first (``cancel_and_undo``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vidstudio.core.deps import Changes

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.commands import Command, History
    from vidstudio.core.models import Project
    from vidstudio.jobs.manager import Job


class SessionError(Exception):
    """A request the session refuses; the message is one line for the user."""


class SlotBusyError(SessionError):
    """That slot is already being generated."""


class TransactionOpenError(SessionError):
    """Undo or redo asked while a job that changes the film is running (``job``)."""

    def __init__(self, job: Job) -> None:
        super().__init__(f"{job.name} is running: cancel it to undo it, or wait for it to end")
        self.job = job


@dataclass(frozen=True)
class ChangeEvent:
    """One change of the project: what changed, who caused it and the action's name.

    ``cause`` is "user" (an edit), "job" (a result of a job), "undo", "redo" or "load".
    """

    changes: Changes
    cause: str
    label: str
    job: Job | None = None


@dataclass
class Transaction:
    """Everything one job changed, undone and redone as one step (Pitivi's undo log idea).

    Open from the job's submission until it ends; ``job`` is None once it is closed.
    """

    label: str
    job: Job | None
    commands: list[Command] = field(default_factory=list)

    def apply(self, project: Project) -> Changes:
        changes = Changes()
        for command in self.commands:
            changes.merge(command.apply(project))
        return changes

    def undo(self, project: Project) -> Changes:
        changes = Changes()
        for command in reversed(self.commands):
            changes.merge(command.undo(project))
        return changes

    def merge(self, other: Command) -> bool:
        return False


class TransactionLog:
    """The open transactions, one per running job that changes the film.

    ``changed()`` is called whenever one opens or closes (what Undo would do changed).
    """

    def __init__(self, history: History, changed: Callable[[], None]) -> None:
        self._history = history
        self._changed = changed
        self._open: dict[int, Transaction] = {}

    @property
    def jobs(self) -> list[Job]:
        """Running jobs whose transaction is open, oldest first."""
        return [t.job for t in self._open.values() if t.job is not None]

    def open(self, job: Job) -> None:
        """Open ``job``'s transaction (at its submission): it is an undo step from now on."""
        if job.state.finished:
            return
        transaction = self._open[job.id] = Transaction(job.name, job)
        self._history.push(transaction)
        self._changed()

    def record(self, job: Job, command: Command) -> bool:
        """Add an applied command to ``job``'s open transaction; False if it has none."""
        transaction = self._open.get(job.id)
        if transaction is None:
            return False
        transaction.commands.append(command)
        return True

    def close(self, job: Job) -> None:
        """``job`` ended: its transaction holds what it finished (nothing: no undo step)."""
        transaction = self._open.pop(job.id, None)
        if transaction is None:
            return
        transaction.job = None
        if not transaction.commands:
            with contextlib.suppress(ValueError):
                self._history.done.remove(transaction)
        self._changed()

    def refuse(self) -> None:
        """Raise TransactionOpenError while any transaction is open."""
        if self._open:
            raise TransactionOpenError(self.jobs[-1])
