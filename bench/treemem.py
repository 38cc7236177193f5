"""Who holds the memory of a process tree at its peak (Linux ``/proc``; a no-op elsewhere).

``TreeMemory`` samples a process and its descendants every 50 ms from a thread: the sum of
their resident sets (RSS: what issue 27's "render tree peak" counts; a page shared by several
processes, a library or a memory file, counts once in each), the sum of their proportional
sets (PSS: a shared page split between its holders, so the tree's memory counted once), and
the per-process figures of the sample where the RSS sum peaked.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

_PROC = Path("/proc")


@dataclass
class Holder:
    pid: int
    rss_mb: float
    pss_mb: float
    anon_mb: float
    what: str


@dataclass
class TreeMemory:
    root: int
    interval: float = 0.05
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    at_peak: list[Holder] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            holders = [h for h in map(_holder, _tree(self.root)) if h is not None]
            rss = sum(h.rss_mb for h in holders)
            self.peak_pss_mb = max(self.peak_pss_mb, sum(h.pss_mb for h in holders))
            if rss > self.peak_rss_mb:
                self.peak_rss_mb, self.at_peak = rss, holders
            self._stop.wait(self.interval)

    def breakdown(self) -> str:
        """One line per process of the peak's sample, largest first."""
        rows = sorted(self.at_peak, key=lambda h: -h.rss_mb)
        return "\n".join(f"    {h.rss_mb:6.0f} MB RSS {h.pss_mb:6.0f} PSS {h.anon_mb:6.0f} anon  "
                         f"{h.what}" for h in rows)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir(_PROC)
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            stat = (_PROC / name / "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(name))
    found, todo = [root], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _holder(pid: int) -> Holder | None:
    try:
        rollup = (_PROC / str(pid) / "smaps_rollup").read_text()
        argv = (_PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    sizes = {}
    for line in rollup.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
            sizes[parts[0][:-1]] = int(parts[1]) / 1024
    return Holder(pid, sizes.get("Rss", 0.0), sizes.get("Pss", 0.0), sizes.get("Anonymous", 0.0),
                  _describe(argv))


def _describe(argv: list[bytes]) -> str:
    words = [a.decode(errors="replace") for a in argv if a]
    if not words:
        return "?"
    text = " ".join(words)
    if "forkserver" in text and "main(" in text:
        return "python (forkserver or a pool worker)"
    if "resource_tracker" in text:
        return "python (resource tracker)"
    if Path(words[0]).name.startswith("ffmpeg"):
        # Which ffmpeg: its output's name (a clip's ``.clip_*.part.mp4``, the film, a mix).
        return f"ffmpeg -> {Path(words[-1]).name}"[:70]
    return " ".join([Path(words[0]).name, *words[1:4]])[:70]
