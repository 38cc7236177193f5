"""Run benchmarks: ``python -m bench [name ...]``.

Each name is a module ``bench/bench_NAME.py`` with a ``main(argv)``; anything after ``--`` is
passed to it (``python -m bench export -- --full``). With no name, the default set runs.
Others add benchmarks (e.g. ``stall``, ``ui-stall``) as modules of their own: a module named
``bench_ui_stall.py`` is run as ``ui-stall``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

DEFAULT = ("startup", "export", "clips", "render", "stall", "ui-stall", "iterate")


def _module(name: str) -> str:
    return f"bench.bench_{name.replace('-', '_')}"


def main(argv: list[str]) -> int:
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    names = argv or list(DEFAULT)
    for name in names:
        if importlib.util.find_spec(_module(name)) is None:
            print(f"unknown benchmark {name!r}: there is no bench/bench_"
                  f"{name.replace('-', '_')}.py")
            return 2
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(_module(name)).main(extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
