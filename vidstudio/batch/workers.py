"""How many cores this process may use, and the process pool for CPU work sized by them.

``os.cpu_count()`` counts the machine's cores; a process pinned to some of them (affinity) or
in a container with a CPU quota (cgroup ``cpu.max``) may use fewer, and a pool or a batch
sized by the machine would only make its workers queue for the same cores.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

# Counting the cores reads Linux's affinity and cgroup files: that lives with the other
# system-specific calls (vidstudio.osdeps), and is re-exported here for the batch.
from vidstudio.osdeps import usable_cpus as usable_cpus

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

def make_process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """The process pool for CPU work (``workers``, default: every usable core). Its workers
    ignore Ctrl-C and die with vidstudio (see ``vidstudio.lifetime``); leaving its ``with``
    block through an interruption or an error kills them instead of waiting for the work in
    progress."""
    from vidstudio.lifetime import pool_worker_init
    from vidstudio.osdeps import pool_context

    # forkserver where there is one (spawn elsewhere): workers do not inherit the event
    # loop's threads or open SDK clients.
    context = pool_context()
    return _pool_class()(max_workers=max(1, workers or usable_cpus()), mp_context=context,
                         initializer=pool_worker_init, initargs=(os.getpid(),))


def _pool_class() -> type[ProcessPoolExecutor]:
    from concurrent.futures import ProcessPoolExecutor

    from vidstudio.lifetime import release_after

    class StoppablePool(ProcessPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            # Each task gives its worker's freed C heap back when it ends (vidstudio.lifetime).
            return super().submit(release_after, fn, *args, **kwargs)

        def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool | None:
            if exc_type is not None:
                # Work in progress is not wanted any more (the run was interrupted or failed):
                # end the workers rather than wait for them.
                for process in list((getattr(self, "_processes", None) or {}).values()):
                    with contextlib.suppress(OSError, ValueError, AttributeError):
                        process.kill()
                self.shutdown(wait=True, cancel_futures=True)
                return None
            return super().__exit__(exc_type, exc, tb)

    return StoppablePool
