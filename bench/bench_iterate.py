"""What iterating costs: a full offline render against the re-render after editing one line.

    .venv/bin/python -m bench iterate [-- --runs N] [-- --script PATH]

Each run, in a fresh folder, times three whole ``vidstudio render`` processes: the full render
of the sample (cold), the render after one line of its third paragraph is reworded (the scene
it belongs to is re-made, the rest is reused), and the same command again (nothing changed:
the MP4 is up to date). The figure that matters is the edited re-render as a share of the full
render; the target is at most 30 %. The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cli() -> str:
    return str(Path(sys.executable).with_name("vidstudio"))


def _render(script: Path, out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([_cli(), "render", str(script), "-o", str(out)], capture_output=True,
                          text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"render failed: {done.stderr.strip()}")
    summary = next((line for line in reversed(done.stderr.splitlines())
                    if "generated" in line), "")
    return elapsed, summary


def _edit(text: str) -> str:
    paragraphs = text.split("\n\n")
    index = min(2, len(paragraphs) - 1)
    words = paragraphs[index].rstrip(".").split()
    paragraphs[index] = " ".join([*words[:-3], "in", "the", "dark."])
    return "\n\n".join(paragraphs)


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench iterate")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--script", type=Path,
                        default=ROOT / "vidstudio" / "resources" / "samples" / "lighthouse.txt")
    args = parser.parse_args(argv)
    rows: dict[str, list[float]] = {"full render": [], "after editing one line": [],
                                    "nothing changed": []}
    notes: list[str] = []
    load_before = _load()
    for _ in range(args.runs):
        work = Path(tempfile.mkdtemp(prefix="vidstudio-iterate-"))
        try:
            original = work / "script.txt"
            shutil.copyfile(args.script, original)
            out = work / "film.mp4"
            full, made = _render(original, out)
            original.write_text(_edit(args.script.read_text()))
            edited, remade = _render(original, out)
            same, _ = _render(original, out)
            rows["full render"].append(full)
            rows["after editing one line"].append(edited)
            rows["nothing changed"].append(same)
            notes.append(f"full: {made}; edited: {remade}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    full_median = statistics.median(rows["full render"])
    print(f"{'render':<26} {'median':>8} {'min-max':>15} {'share of full':>14}")
    for name, times in rows.items():
        median = statistics.median(times)
        print(f"{name:<26} {median:>7.1f}s {min(times):>6.1f}-{max(times):<6.1f}s "
              f"{median / full_median:>13.0%}")
    for note in notes:
        print(f"  {note}")
    print(f"machine: {os.cpu_count()} cores, load {load_before} -> {_load()}; "
          f"{args.runs} runs, whole processes, offline providers")
