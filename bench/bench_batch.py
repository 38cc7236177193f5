"""Many films: a loop of ``vidstudio render`` against ``vidstudio batch`` on this machine and
``vidstudio batch --ray`` on a two-node Ray cluster on this machine.

    .venv/bin/python -m bench batch [-- --rounds N] [-- --films N] [-- --no-ray]

Each round makes the same short offline scripts (one scene each) into fresh folders three ways,
interleaved (the order rotates each round), each timed as whole processes: the sequential loop
(one ``vidstudio render`` process per film), the local batch (one ``vidstudio batch`` process)
and the Ray batch (``vidstudio batch --ray`` against a cluster of two nodes, started once,
inside a loopback-only network namespace by ``tests/batch/cluster_host.py``). The cluster's
start-up is reported apart. Goals: the local batch at most the loop's time; Ray's overhead over
the loop, start-up excluded, at most 10 %. The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("planner", "images", "style", "video", "sound", "voice")
SCRIPTS = ("A red kite rises over the quiet harbour at dawn.",
           "The baker lifts warm bread from the stone oven before sunrise.",
           "Snow settles on the empty station while the last train sighs away.",
           "Two children race paper boats down the rain-filled gutter.",
           "An old fisherman mends his nets beneath a flickering lamp.",
           "Fireflies drift over the meadow as the village bells fall silent.")


def _cli() -> list[str]:
    return [sys.executable, "-m", "vidstudio"]


def _films(folder: Path, count: int) -> tuple[list[Path], Path]:
    folder.mkdir(parents=True)
    scripts, rows = [], []
    for number in range(count):
        script = folder / f"s{number + 1}.txt"
        script.write_text(SCRIPTS[number % len(SCRIPTS)] + "\n")
        scripts.append(script)
        rows.append(json.dumps({"script": script.name, "output": f"out/film{number + 1}.mp4",
                                "max_scenes": 1, **dict.fromkeys(STAGES, "local")}))
    manifest = folder / "films.jsonl"
    manifest.write_text("\n".join(rows) + "\n")
    return scripts, manifest


def _run(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[2:4])} failed: {done.stderr.strip()[-500:]}")
    return elapsed


def _loop(folder: Path, count: int) -> float:
    scripts, _ = _films(folder, count)
    flags = [f"--{stage}=local" for stage in STAGES]
    (folder / "out").mkdir()
    started = time.perf_counter()
    for number, script in enumerate(scripts, 1):
        _run([*_cli(), "render", str(script), "-o", str(folder / "out" / f"film{number}.mp4"),
              "--max-scenes", "1", "-q", *flags])
    return time.perf_counter() - started


def _local(folder: Path, count: int) -> float:
    _, manifest = _films(folder, count)
    return _run([*_cli(), "batch", str(manifest), "-q"])


class _Cluster:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["unshare", "--net", "--pid", "--fork", "--mount-proc", sys.executable, "-m",
             "tests.batch.cluster_host"], cwd=ROOT, text=True, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, start_new_session=True)
        assert self.process.stdout is not None
        ready = json.loads(self.process.stdout.readline() or "{}")
        if not ready.get("ready"):
            raise SystemExit("the Ray cluster did not start")
        self.startup = float(ready["startup"])

    def batch(self, folder: Path, count: int) -> float:
        _, manifest = _films(folder, count)
        assert self.process.stdin is not None and self.process.stdout is not None
        started = time.perf_counter()
        self.process.stdin.write(json.dumps({"batch": [str(manifest), "-q"]}) + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        elapsed = time.perf_counter() - started
        if answer.get("rc") != 0:
            raise SystemExit(f"ray batch failed: {answer.get('stderr', '')[-500:]}")
        return elapsed

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=30)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench batch")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--films", type=int, default=6)
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f}; {args.films} one-scene films, "
          f"{args.rounds} rounds", flush=True)
    times: dict[str, list[float]] = {"loop": [], "local": [], "ray": []}
    cluster = None
    if not args.no_ray:
        cluster = _Cluster()
        print(f"ray cluster start-up (two nodes): {cluster.startup:.1f} s", flush=True)
    runs: dict[str, Any] = {"loop": _loop, "local": _local}
    if cluster is not None:
        runs["ray"] = cluster.batch
    base = Path(tempfile.mkdtemp(prefix="vidstudio-bench-batch-"))
    try:
        names = list(runs)
        for round_ in range(args.rounds):
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for name in order:
                elapsed = runs[name](base / f"{name}-{round_}", args.films)
                times[name].append(elapsed)
                print(f"round {round_ + 1}: {name:<5} {elapsed:6.1f} s", flush=True)
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(base, ignore_errors=True)
    loop = statistics.median(times["loop"])
    print(f"\nmedian whole-process wall time over {args.rounds} rounds:")
    for name in runs:
        median = statistics.median(times[name])
        print(f"  {name:<5} {median:6.1f} s  ({(median - loop) / loop:+.0%} vs the loop)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
