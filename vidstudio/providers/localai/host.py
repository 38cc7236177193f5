"""The model process seen from the event loop: one per device, started on first use, kept loaded
between takes, ended when idle (or when its host is closed).

Everything here is asyncio: the process is an ``asyncio`` subprocess speaking JSON lines
(``worker``), so neither the Qt thread nor the offline process pool ever imports torch. Tasks go
to the process one at a time (the job manager's per-device limit queues the jobs; the lock here
keeps that true for any other caller). Cancelling the awaiting coroutine tells the process to stop
at the next denoising step and waits for it to say it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from typing import IO, Any

from vidstudio.providers.base import (
    GenerationFailedError,
    InvalidRequestError,
    NotConfiguredError,
    ProviderError,
)
from vidstudio.providers.localai import missing_extra

log = logging.getLogger(__name__)
PROVIDER = "local-ai"
START_TIMEOUT = 600.0  # importing torch and finding CUDA can take a while on a cold disk
StepFn = Callable[[int, int], None]


class OutOfMemoryError(GenerationFailedError):
    """The model did not fit: the message says what to change."""


class ModelHost:
    """The model process of one device ("auto", "cuda:0", "mps", "cpu")."""

    def __init__(self, device: str = "auto", *, idle_release: float = 300.0,
                 env: dict[str, str] | None = None) -> None:
        self.device = device
        self.idle_release = idle_release
        self.env = env
        self.info: dict[str, Any] | None = None  # the worker's hello: kind, name, memory
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._stderr: IO[bytes] | None = None
        self._events: dict[int, asyncio.Queue[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._lock = asyncio.Lock()
        self._idle: asyncio.TimerHandle | None = None
        self.starts = 0  # how many processes this host has started (tests read it)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc and self._proc.returncode is None else None

    def describe_device(self) -> str:
        if not self.info:
            return self.device
        return f"{self.info['name']} ({self.info['kind']}, {self.info['total'] / 1024**3:.0f} GB)"

    # ------------------------------------------------------------------------- lifetime
    async def _start(self) -> None:
        if hint := missing_extra():
            raise NotConfiguredError(hint, provider=PROVIDER)
        self._stderr = await asyncio.to_thread(tempfile.TemporaryFile)
        env = dict(os.environ if self.env is None else self.env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        env.setdefault("TOKENIZERS_PARALLELISM", "false")
        env.setdefault("HF_HUB_OFFLINE", "1")  # a run loads what is on disk, never downloads
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "vidstudio.providers.localai.worker", self.device,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=self._stderr, env=env, limit=1 << 20)
        self.starts += 1
        assert self._proc.stdout is not None
        try:
            line = await asyncio.wait_for(self._proc.stdout.readline(), START_TIMEOUT)
        except TimeoutError:
            await self.close()
            raise GenerationFailedError("the model process did not start in time",
                                        provider=PROVIDER) from None
        hello = json.loads(line) if line.strip() else {}
        if hello.get("ev") != "hello":
            message = hello.get("message") or await self._stderr_tail()
            await self.close()
            raise NotConfiguredError(f"the model process could not start: {message}",
                                     provider=PROVIDER)
        self.info = hello
        log.info("local-ai: model process %d on %s", self._proc.pid, self.describe_device())
        self._reader = asyncio.create_task(self._read(self._proc))

    async def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        f = self._stderr

        def tail() -> str:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 4000))
            lines = [ln for ln in f.read().decode("utf-8", "replace").splitlines() if ln.strip()]
            return lines[-1][:300] if lines else ""

        return await asyncio.to_thread(tail)

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            queue = self._events.get(int(event.get("id", 0)))
            if queue is not None:
                queue.put_nowait(event)
        code = await proc.wait()
        why = await self._stderr_tail()
        killed = code in (-9, 137)
        message = ("the model process was killed (out of memory?); choose a smaller size or "
                   "model" if killed else f"the model process ended (exit code {code})"
                   + (f": {why}" if why else ""))
        for queue in self._events.values():
            queue.put_nowait({"ev": "error", "kind": "oom" if killed else "failed",
                              "message": message})

    async def close(self) -> None:
        """End the model process (it frees the device's memory)."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        proc, self._proc = self._proc, None
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, ConnectionError, OSError):
                assert proc.stdin is not None
                proc.stdin.write(b'{"op": "quit"}\n')
                await proc.stdin.drain()
                proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._reader, 5)
            self._reader = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _arm_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        loop = asyncio.get_running_loop()
        self._idle = loop.call_later(self.idle_release,
                                     lambda: loop.create_task(self._release_if_idle()))

    async def _release_if_idle(self) -> None:
        if not self._lock.locked() and self._proc is not None:
            log.info("local-ai: releasing the idle model process")
            await self.close()

    # --------------------------------------------------------------------------- running
    async def probe(self) -> dict[str, Any]:
        """The device the models run on (the process's hello: kind, name, total, free memory,
        bf16), starting the model process when none runs; it stays for the next take and is
        released when idle like after any task.

        Raises:
            NotConfiguredError: the local-ai extra is missing, or the process cannot start.
        """
        if self.info is not None and self.pid is not None:
            return dict(self.info)  # even while a task runs: the hello does not change
        async with self._lock:
            try:
                await self._ready()
                assert self.info is not None
                return dict(self.info)
            finally:
                if self._proc is not None:
                    self._arm_idle()

    async def _ready(self) -> None:
        """Under the lock: the idle release put off, and a live model process (started anew
        when there is none or it died)."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if self._proc is None or self._proc.returncode is not None:
            await self.close()
            await self._start()

    async def run(self, task: dict[str, Any], on_step: StepFn | None = None) -> dict[str, Any]:
        """Run one task in the model process; the worker's result metadata.

        Raises:
            NotConfiguredError: the local-ai extra is missing, or the process cannot start.
            OutOfMemoryError: the model or the request did not fit (the message says what to
                change).
            InvalidRequestError / GenerationFailedError: the model refused or failed.
        """
        async with self._lock:
            try:
                await self._ready()
                return await self._run(task, on_step)
            finally:
                if self._proc is not None:
                    self._arm_idle()

    async def _send(self, message: dict[str, Any]) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(message).encode() + b"\n")
        await self._proc.stdin.drain()

    async def _run(self, task: dict[str, Any], on_step: StepFn | None) -> dict[str, Any]:
        task_id = next(self._ids)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._events[task_id] = queue
        try:
            await self._send({"op": "run", "id": task_id, "task": task})
            while True:
                try:
                    event = await queue.get()
                except asyncio.CancelledError:
                    await asyncio.shield(self._cancel(task_id, queue))
                    raise
                if event["ev"] == "progress":
                    if on_step is not None:
                        on_step(int(event["step"]), int(event["steps"]))
                elif event["ev"] == "done":
                    result: dict[str, Any] = event["result"]
                    return result
                else:
                    raise _error(event)
        finally:
            self._events.pop(task_id, None)

    async def _cancel(self, task_id: int, queue: asyncio.Queue[dict[str, Any]]) -> None:
        """Tell the process to stop at its next step and wait (bounded) until it has."""
        with contextlib.suppress(ConnectionError, OSError, AssertionError):
            await self._send({"op": "cancel", "id": task_id})
        try:
            async with asyncio.timeout(60):
                while (await queue.get())["ev"] == "progress":
                    pass
        except TimeoutError:
            log.warning("local-ai: the model process did not stop; ending it")
            await self.close()


def _error(event: dict[str, Any]) -> ProviderError:
    kind, message = event.get("kind", "failed"), str(event.get("message", "failed"))
    if kind == "oom":
        if not message.startswith(("out of memory", "not enough memory")):
            message = (f"out of memory ({message}): use a smaller size or fewer frames, close "
                       "other programs, or choose a smaller model")
        return OutOfMemoryError(message, provider=PROVIDER)
    if kind == "invalid":
        return InvalidRequestError(message, provider=PROVIDER)
    if kind == "cancelled":
        return GenerationFailedError("cancelled", provider=PROVIDER)
    return GenerationFailedError(message, provider=PROVIDER)


_HOSTS: dict[tuple[str, int], ModelHost] = {}


def host_for(device: str = "auto") -> ModelHost:
    """The one model host of ``device`` for the running event loop."""
    key = (device, id(asyncio.get_running_loop()))
    host = _HOSTS.get(key)
    if host is None:
        host = _HOSTS[key] = ModelHost(device)
    return host


async def close_hosts() -> None:
    """End every model process this loop started."""
    loop = id(asyncio.get_running_loop())
    for key in [k for k in _HOSTS if k[1] == loop]:
        await _HOSTS.pop(key).close()
