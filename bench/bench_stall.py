"""How long the event loop stalls while the project session works.

    .venv/bin/python -m bench stall [-- --script PATH] [-- --short-side N]

A 5 ms timer probe runs on the loop while, first, nothing else (the idle baseline: the probe's
own jitter on this machine), then every core is kept busy by processes that are not ours (the
floor: how long the OS makes any process wait for a core), then a headless "generate all" of a 5-scene script with the offline
providers (a process pool does the painting), then an export of the result. For each phase it
prints the longest gap between two probe ticks beyond the 5 ms asked for, and the 99th
percentile; the last line is ``longest loop stall: N ms`` over the work phases. The target is
under 20 ms: nothing the session does (saves, journal, hashing, commands, events) may block.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK = 0.005


class StallProbe:
    """Ticks every 5 ms; records how late each tick came (the loop was busy meanwhile)."""

    def __init__(self) -> None:
        self.lateness: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            self.lateness.append(max(0.0, time.perf_counter() - before - TICK))

    def start(self) -> None:
        self.lateness = []
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> tuple[float, float]:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        late = sorted(self.lateness) or [0.0]
        p99 = late[min(len(late) - 1, int(0.99 * len(late)))]
        return late[-1] * 1000, p99 * 1000


async def measure(script: Path, short_side: int) -> float:
    from vidstudio.core.models import Settings
    from vidstudio.jobs.planning import read_script
    from vidstudio.jobs.render import open_for_render
    from vidstudio.providers.keys import Credentials
    from vidstudio.providers.registry import build_providers

    text = read_script(script)
    work = Path(tempfile.mkdtemp(prefix="vidstudio-stall-"))
    probe = StallProbe()
    rows: list[tuple[str, float, float, float]] = []
    from vidstudio.cli import _make_executor

    try:
        # The pool vidstudio render makes: forkserver workers, guarded, in the background.
        with _make_executor() as pool:
            providers = build_providers({}, Credentials(), executor=pool)
            # As the editor does at start: the pool's processes start on a thread.
            from vidstudio.app import warm_up

            await asyncio.to_thread(warm_up, pool)
            probe.start()
            await asyncio.sleep(2.0)
            worst, p99 = await probe.stop()
            rows.append(("idle (probe jitter)", worst, p99, 2.0))

            # The machine's own floor: every core busy with work that is not ours, as the
            # painting pool and ffmpeg keep them during generation. A loop that does nothing
            # still waits this long for a core now and then.
            spinners = [await asyncio.create_subprocess_exec(
                sys.executable, "-c", "import time\nend = time.time() + 4\nwhile time.time() < end: pass")
                for _ in range(os.cpu_count() or 1)]
            probe.start()
            await asyncio.sleep(3.5)
            worst, p99 = await probe.stop()
            for spinner in spinners:
                await spinner.wait()
            rows.append(("all cores busy, no session (floor)", worst, p99, 3.5))

            session, _ = await open_for_render(text, work / "p.vidstudio",
                                               Settings(short_side=short_side), providers)
            scenes = len(session.project.scenes)
            probe.start()
            started = time.perf_counter()
            stats = await session.wait(session.generate_all())
            elapsed = time.perf_counter() - started
            worst, p99 = await probe.stop()
            rows.append((f"generate all ({scenes} scenes, {stats.generated} takes)", worst, p99,
                         elapsed))

            probe.start()
            started = time.perf_counter()
            await session.wait(session.export(work / "film.mp4"))
            elapsed = time.perf_counter() - started
            worst2, p99_2 = await probe.stop()
            rows.append(("export", worst2, p99_2, elapsed))
            await session.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = _load()
    print(f"{'phase':<42} {'longest':>9} {'p99':>8} {'wall':>8}")
    for name, worst, p99, wall in rows:
        print(f"{name:<42} {worst:>7.1f}ms {p99:>6.1f}ms {wall:>7.1f}s")
    print(f"machine: {os.cpu_count()} cores, load {' '.join(load)}; "
          f"median probe lateness is the loop's timer resolution, not a stall")
    return max(worst for name, worst, _p, _w in rows[2:])


def _load() -> list[str]:
    try:
        return Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return []


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench stall")
    parser.add_argument("--script", type=Path,
                        default=ROOT / "vidstudio" / "resources" / "samples" / "lighthouse.txt")
    parser.add_argument("--short-side", type=int, default=720)
    args = parser.parse_args(argv)
    longest = asyncio.run(measure(args.script, args.short_side))
    print(f"longest loop stall: {longest:.0f} ms")
