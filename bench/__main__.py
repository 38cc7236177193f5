"""Run every benchmark: ``python -m bench [name ...]`` (names: clips, export, render).

Each runs with its defaults here; run ``python -m bench.bench_NAME --help`` for its options.

Each benchmark prints its numbers as ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("clips", "export", "render")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
            return 2
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"bench.bench_{name}").main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
