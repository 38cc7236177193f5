"""Background coroutines owned by a widget: kept referenced until done, cancellable together.

asyncio keeps only a weak reference to a task; a widget that starts one (a thumbnail, a
waveform, a file read) holds it here so it is neither collected half-way nor left running when
the widget goes away.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Coroutine


class OwnedTasks(set[asyncio.Task[Any]]):
    """The set of a widget's running tasks."""

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()  # qasync's loop, from a plain Qt callback
        task = loop.create_task(coro)
        self.add(task)
        task.add_done_callback(self.discard)
        return task

    def cancel_all(self) -> None:
        for task in list(self):
            task.cancel()
        self.clear()
