"""How many cores this process may use, and the process pool for CPU work sized by them.

``os.cpu_count()`` counts the machine's cores; a process pinned to some of them (affinity) or
in a container with a CPU quota (cgroup ``cpu.max``) may use fewer, and a pool or a batch
sized by the machine would only make its workers queue for the same cores.
"""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_CGROUP = Path("/sys/fs/cgroup")


def _affinity_count() -> int:
    getter = getattr(os, "sched_getaffinity", None)
    if getter is not None:
        with contextlib.suppress(OSError):
            return max(1, len(getter(0)))
    return max(1, os.cpu_count() or 1)


def _cgroup_quota(root: Path = _CGROUP) -> float | None:
    """The CPU quota of this process's cgroup in cores (None: no quota or no cgroup)."""
    # cgroup v2: "max 100000" or "150000 100000" in cpu.max of the process's own group.
    own = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                own = line[3:].strip().lstrip("/")
    for folder in (root / own, root) if own else (root,):
        with contextlib.suppress(OSError, ValueError):
            quota, period = (folder / "cpu.max").read_text().split()[:2]
            if quota == "max":
                return None
            return int(quota) / int(period)
    # cgroup v1
    with contextlib.suppress(OSError, ValueError):
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        if quota_us > 0 and period_us > 0:
            return quota_us / period_us
    return None


def usable_cpus(root: Path = _CGROUP) -> int:
    """The cores this process may use: its affinity, capped by its cgroup's CPU quota
    (rounded up: a quota of 1.5 cores still runs two workers usefully), at least 1."""
    count = _affinity_count()
    quota = _cgroup_quota(root)
    if quota is not None and quota > 0:
        count = min(count, max(1, math.ceil(quota)))
    return count


def make_process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """The process pool for CPU work (``workers``, default: every usable core). Its workers
    ignore Ctrl-C and die with vidstudio (see ``vidstudio.lifetime``); leaving its ``with``
    block through an interruption or an error kills them instead of waiting for the work in
    progress."""
    import multiprocessing

    from vidstudio.lifetime import pool_worker_init

    # forkserver: workers do not inherit the event loop's threads or open SDK clients.
    context = multiprocessing.get_context("forkserver")
    return _pool_class()(max_workers=max(1, workers or usable_cpus()), mp_context=context,
                         initializer=pool_worker_init, initargs=(os.getpid(),))


def _pool_class() -> type[ProcessPoolExecutor]:
    from concurrent.futures import ProcessPoolExecutor

    class StoppablePool(ProcessPoolExecutor):
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
