"""Child processes that never outlive vidstudio.

A process pool's workers and the ffmpeg processes an export starts would otherwise keep running
(and keep the caller's stdout and stderr open) after vidstudio is killed. Three guards:

- ``guarded``: a child (ffmpeg) is killed when the thread that started it ends, even if
  vidstudio was killed outright: by the kernel (Linux ``PR_SET_PDEATHSIG``), or where there is
  none by a watcher process between us and the child (``osdeps_children.watch_main``).
- ``pool_worker_init``: a process pool's initializer: workers ignore SIGINT (Ctrl-C in a
  terminal reaches the whole process group; the parent alone decides what stops, so no worker
  prints a KeyboardInterrupt traceback) and end when the process that made the pool ends
  (a thread waits on its pidfd, or polls): a forkserver pool's workers are not its children.
- ``end_children``: on the way out, whatever descendants are still running are ended.

Both the pool's workers and the children started through ``guarded`` also run in the
background: ``BACKGROUND_NICENESS`` steps below the process that owns the event loop. On two
cores, the workers painting frames and ffmpeg's encoder threads at the loop's own priority kept
the loop thread waiting 20 ms and more for a core; ten steps down they still get every cycle the
loop leaves, and the loop gets a core as soon as it has something to do.

What differs between systems is in ``vidstudio.osdeps``; this module holds the policy. It
imports nothing else of vidstudio, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import TYPE_CHECKING, Any, TypeVar

from vidstudio import osdeps, osdeps_children

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

T = TypeVar("T")

BACKGROUND_NICENESS = 10


def die_with_parent(parent: int | None = None) -> None:
    """Have this process end when its parent ends (Linux; a no-op elsewhere, see
    ``pool_worker_init`` and ``guarded`` for what guards a process there).

    ``parent``: the pid the parent had when it started this process; if the parent already
    ended before the request took effect (the process was re-parented), exit at once.
    """
    osdeps_children.die_with_parent(parent)


def run_in_background() -> None:
    """Lower this process's priority by ``BACKGROUND_NICENESS`` steps."""
    osdeps.lower_priority(BACKGROUND_NICENESS)


def freeze_heap(*, collect: bool = True) -> None:
    """Hide every object alive now (the modules imported at start-up, mostly) from the cyclic
    garbage collector.

    A full collection walks every tracked object; after start-up that is hundreds of
    thousands of them, and one collection then took 60-110 ms on whichever thread allocated
    at the wrong moment, often the event loop's. Call once, when start-up imports are done:
    frozen objects are still freed by reference counting, but a cycle among them is kept.
    ``collect``: collect first, so no garbage is frozen (a long-lived editor); a short command
    can skip that collection's own 100 ms.
    """
    import gc

    if collect:
        gc.collect()
    gc.freeze()


def guarded(argv: Sequence[str]) -> tuple[list[str], Callable[[], None] | None]:
    """``(argv, preexec_fn)`` for a child that dies with us, ``BACKGROUND_NICENESS`` steps
    below us (see the module's docstring); ``osdeps_children.guarded_command`` says how on
    each system.

    Where the kernel has a parent-death signal, util-linux's ``setpriv`` asks for it in the
    child, so no ``preexec_fn`` is needed and Python keeps starting children with vfork: a
    ``preexec_fn`` forces a full fork, which copies the page tables of the whole (large) editor
    process and stalls the event loop for 10 ms or more on every ffmpeg started. Elsewhere a
    watcher process stands between us and the child; stop such a child with ``stop_child``.
    """
    return osdeps_children.guarded_command(argv, niceness=BACKGROUND_NICENESS)


def stop_child(pid: int) -> None:
    """Stop a child started through ``guarded`` for good (its watcher too, if it has one)."""
    os.kill(pid, osdeps_children.stop_signal())


def pool_worker_init(owner: int | None = None) -> None:
    """Initializer of vidstudio's process pools: ``initializer=pool_worker_init,
    initargs=(os.getpid(),)``, with ``mp_context=osdeps.pool_context()``.

    The worker ignores SIGINT and ends as soon as ``owner`` (the process that made the pool)
    ends, however it ends. A forkserver pool's workers are not the owner's children but the
    fork server's, and the fork server only exits once every worker has (each holds its
    "alive" pipe), so the workers themselves must watch the owner. Workers run in the
    background (``run_in_background``). glibc's own heap thresholds stay: fixed low ones
    (every array over 128 KiB in its own mapping) saved ~250 MB of the render tree's peak but
    made the cold render ~20 % slower (page faults on every frame's arrays; bench/README).
    """
    osdeps.ignore_interrupts()
    die_with_parent()
    run_in_background()
    if owner is not None and owner != os.getpid():
        watch_owner(owner)


#: A task's worker gives its free C heap back at once when more than this lies free ...
RELEASE_FREE_BYTES = 64 * 1024 * 1024
#: ... and otherwise at most this often (seconds), so the frame chunks of a clip, a few
#: hundred milliseconds each, do not fault their working arrays in again after every chunk.
RELEASE_EVERY_S = 2.0
_released_at = [0.0]


def release_after(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, then the C heap's free pages go back to the system
    (``osdeps.release_heap``) when much lies free or the last release is a while ago: what a
    process pool's worker runs for each task (the pool's ``submit`` wraps every task in it;
    ``vidstudio.batch.workers``).

    A worker lives for the whole render: without this it kept the high-water mark of its
    largest task (a painted keyframe's layers, a sound bed) for every later one, about 250 MB
    a worker. Returning the heap once a task is done, rather than on every allocation (fixed
    malloc thresholds, which cost ~20 % of a cold render in page faults), costs one walk of
    the heap now and then.
    """
    try:
        return fn(*args, **kwargs)
    finally:
        now = time.monotonic()
        free = osdeps.heap_free_bytes()
        if now - _released_at[0] >= RELEASE_EVERY_S or (free or 0) > RELEASE_FREE_BYTES:
            osdeps.release_heap()
            _released_at[0] = time.monotonic()


def watch_owner(owner: int) -> None:
    """End this process at once when process ``owner`` ends: a daemon thread waits on a pidfd
    (Linux ≥ 5.3), or polls where there is none."""
    if not osdeps.pid_alive(owner):
        os._exit(1)
    osdeps_children.watch_process(owner, lambda: os._exit(1))


def descendants(pid: int | None = None) -> list[int]:
    """The live (not zombie) descendants of ``pid`` (default: this process)."""
    root = os.getpid() if pid is None else pid
    children: dict[int, list[int]] = {}
    for child, parent in osdeps.process_table().items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    todo = list(children.get(root, []))
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def end_children(grace: float = 2.0, *, spare: set[int] | None = None) -> list[int]:
    """Ask every descendant (but ``spare``) to end, then kill those still running after
    ``grace`` seconds; returns the pids that were signalled.

    multiprocessing's resource tracker is spared by default: it ignores SIGTERM and exits by
    itself once every process holding its pipe has ended, after releasing what they leaked.
    """
    spare = set(spare or ()) | _resource_tracker()
    targets = [p for p in descendants() if p not in spare]
    for pid in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            osdeps.terminate(pid)
    deadline = time.monotonic() + grace
    alive = list(targets)
    while alive and time.monotonic() < deadline:
        _reap()
        running = set(descendants())
        alive = [p for p in alive if p in running]
        if alive:
            time.sleep(0.05)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            osdeps.kill(pid)
    _reap()
    return targets


def _reap() -> None:
    """Collect the exit status of ended children, so none lingers as a zombie."""
    osdeps.reap_children()


def _resource_tracker() -> set[int]:
    module = sys.modules.get("multiprocessing.resource_tracker")
    tracker = getattr(module, "_resource_tracker", None) if module else None
    pid = getattr(tracker, "_pid", None)
    return {pid} if isinstance(pid, int) else set()
