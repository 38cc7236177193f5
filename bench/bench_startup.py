"""Start-up benchmark: whole-process ``vidstudio --version`` and ``--help``, the editor's
window up (offscreen, ``bench/window_up.py``), and a no-op
re-export (the output is up to date), each interleaved with a bare ``python -c pass``.

Every figure is the wall time of a whole process started from here, the median of several
runs, with the spread and the load average. The no-op re-export loads the 5-clip uniform
project of the export benchmark (generated if missing), exports it once, then times
re-exports that find it up to date; the in-process time of ``export_project`` is shown beside.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_export import (  # noqa: E402
    INPUTS,
    OUTPUTS,
    Run,
    _child_argv,
    generate_inputs,
    loadavg,
    run_process,
    save_project,
    summary,
)


def _cli() -> str:
    return str(Path(sys.executable).with_name("vidstudio"))


def _print(label: str, entry: dict[str, Any], base: dict[str, Any]) -> None:
    inner = entry.get("in_process_median_s")
    extra = f"   in-process {inner * 1000:.0f} ms" if inner is not None else ""
    print(f"  {label:<34} {entry['median_s'] * 1000:6.0f} ms  "
          f"[{entry['min_s'] * 1000:.0f}-{entry['max_s'] * 1000:.0f}, n={entry['runs']}]  "
          f"peak {entry['peak_mb']:4.0f} MB  ({entry['median_s'] / base['median_s']:.1f}x "
          f"python -c pass){extra}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    cli = _cli()
    commands = {
        "vidstudio --version": [cli, "--version"],
        "vidstudio --help": [cli, "--help"],
        "editor window up (offscreen)": [sys.executable, "-m", "bench.window_up"],
    }
    scenes = generate_inputs("uniform", 5)
    project_file = save_project("uniform", scenes)
    OUTPUTS.mkdir(parents=True, exist_ok=True)
    output = OUTPUTS / "noop.mp4"
    (INPUTS / "cache" / "exports.json").unlink(missing_ok=True)
    first = run_process(_child_argv("vidstudio", project_file, output))
    runs: dict[str, list[Run]] = {"python -c pass": [], **{k: [] for k in commands},
                                  "no-op re-export (up to date)": []}
    load_before = loadavg()
    for _ in range(args.runs):
        runs["python -c pass"].append(run_process([sys.executable, "-c", "pass"]))
        for label, argv_ in commands.items():
            runs[label].append(run_process(argv_))
        noop = run_process(_child_argv("vidstudio", project_file, output))
        if not noop.info.get("up_to_date"):
            raise SystemExit("the re-export was not up to date")
        runs["no-op re-export (up to date)"].append(noop)
    print(f"\nstart-up (load {load_before:.2f} -> {loadavg():.2f}); the export it skips "
          f"took {first.wall_s:.2f} s as a whole process")
    base = summary(runs["python -c pass"])
    for label, measured in runs.items():
        _print(label, summary(measured), base)


if __name__ == "__main__":
    main()
