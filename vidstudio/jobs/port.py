"""The narrow port between a pipeline run and the open project.

A ``PipelineRun`` never sees the project session. It reads the project, hands each result back
as a command, claims the slot it generates and queues file work for after the next save through
a ``ProjectPort``; it spends money through a ``Budget``; and it is handed the services it calls
(providers, the job manager, prices, retries) as one ``RunServices`` value. The session
implements the port for each owning job (``JobPort``), so every command the run applies lands in
that job's transaction — the import graph goes one way: session → pipeline → port.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from vidstudio.core.commands import Command
    from vidstudio.core.deps import Changes, SlotRef
    from vidstudio.core.models import Project
    from vidstudio.jobs.budget import Budget
    from vidstudio.jobs.manager import Job, JobManager
    from vidstudio.jobs.retry import RetryPolicy
    from vidstudio.providers.pricing import PriceList
    from vidstudio.providers.registry import ProviderSet
    from vidstudio.storage import ProjectFolder
    from vidstudio.storage.style_library import StyleLibrary


class ProjectPort(Protocol):
    """What a run may do with the open project. Threading: the event loop's thread only."""

    @property
    def project(self) -> Project:
        """The project as it is now, for reading only."""
        ...

    @property
    def folder(self) -> ProjectFolder:
        """The asset store, the journal of paid jobs and the scratch folders."""
        ...

    def apply(self, command: Command) -> Changes:
        """Apply a result (a take, a reused take, a lengthened scene) as the owning job's."""
        ...

    def claim_slot(self, ref: SlotRef) -> AbstractContextManager[None]:
        """Hold ``ref`` while it is generated (SlotBusyError if another job holds it)."""
        ...

    async def wait_for_slot(self, ref: SlotRef) -> None:
        """Wait until no other job generates ``ref``."""
        ...

    def after_save(self, callback: Callable[[], None]) -> None:
        """Run file work once the project as it is now is on disk (on the writing thread)."""
        ...


@dataclass(frozen=True)
class RunServices:
    """What a run calls besides the project: handed over by whoever starts the run."""

    providers: ProviderSet
    manager: JobManager
    prices: PriceList
    retry: RetryPolicy
    redact: Callable[[str], str]
    style_library: StyleLibrary
    budget: Budget
    resend_unknown: bool = False  # the user consented to re-sending unknown outcomes
    # The journal keys of the unknown outcomes the user consented to send again (the editor's
    # question names exactly these); ``resend_unknown`` consents to all of them.
    resend_keys: frozenset[str] = frozenset()

    def may_resend(self, key: str) -> bool:
        """Whether the user consented to sending again ``key``'s unknown outcome."""
        return self.resend_unknown or key in self.resend_keys


class ProjectOwner(Protocol):
    """What ``JobPort`` needs of the project's owner (the session), job by job."""

    @property
    def project(self) -> Project: ...

    @property
    def folder(self) -> ProjectFolder: ...

    def apply(self, command: Command, *, cause: str = "job", job: Job | None = None,
              undoable: bool = False, merge: bool = False) -> Changes: ...

    def claim_slot(self, ref: SlotRef, job: Job | None) -> AbstractContextManager[None]: ...

    async def wait_for_slot(self, ref: SlotRef, job: Job | None) -> None: ...

    def after_save(self, callback: Callable[[], None]) -> None: ...


class JobPort:
    """The project as one owning job's run sees it: every command it applies is that job's."""

    def __init__(self, owner: ProjectOwner, job: Job) -> None:
        self._owner = owner
        self._job = job

    @property
    def project(self) -> Project:
        return self._owner.project

    @property
    def folder(self) -> ProjectFolder:
        return self._owner.folder

    def apply(self, command: Command) -> Changes:
        return self._owner.apply(command, cause="job", job=self._job)

    def claim_slot(self, ref: SlotRef) -> AbstractContextManager[None]:
        return self._owner.claim_slot(ref, self._job)

    async def wait_for_slot(self, ref: SlotRef) -> None:
        await self._owner.wait_for_slot(ref, self._job)

    def after_save(self, callback: Callable[[], None]) -> None:
        self._owner.after_save(callback)
