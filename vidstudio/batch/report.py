"""The batch's progress on stderr (a line per film event, or JSON lines for machines) and its
report: a JSON file and a table on stdout."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from vidstudio.jobs.render import SilentProgress

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import TextIO

    from vidstudio.batch.film import FilmResult


class BatchProgress:
    """Films done, running and failed, the money spent so far and the time left.

    Threading: the engine's event loop (the local engine) or the driver's thread (Ray).
    """

    def __init__(self, stream: TextIO, total: int, parallel: int, *, json_lines: bool = False,
                 quiet: bool = False) -> None:
        self.stream = stream
        self.total = total
        self.parallel = max(1, parallel)
        self.json_lines = json_lines
        self.quiet = quiet
        self.running: set[str] = set()
        self.results: list[FilmResult] = []
        self.started_at = time.monotonic()
        self._last_fraction: dict[str, float] = {}
        self.peaks: dict[str, int] = {}  # the most calls at once per provider (Ray engine)

    @property
    def cost(self) -> float:
        return sum(r.cost for r in self.results)

    def eta(self) -> float | None:
        """Seconds left, from the mean time of the films finished so far."""
        timed = [r.seconds for r in self.results if r.seconds > 0]
        if not timed:
            return None
        left = self.total - len(self.results)
        return sum(timed) / len(timed) * left / self.parallel

    def _emit(self, event: str, **fields: Any) -> None:
        if self.json_lines:
            record = {"event": event, "done": sum(r.finished for r in self.results),
                      "failed": sum(not r.finished for r in self.results),
                      "running": len(self.running), "total": self.total,
                      "cost": round(self.cost, 4), "eta": self.eta(), **fields}
            self.stream.write(json.dumps(record) + "\n")
            self.stream.flush()

    def started(self, name: str, attempt: int = 1) -> None:
        self.running.add(name)
        self._emit("film_started", film=name, attempt=attempt)
        if not self.json_lines and not self.quiet:
            self._line(f"{name}: started" + (f" (attempt {attempt})" if attempt > 1 else ""))

    def film_progress(self, name: str, fraction: float, message: str) -> None:
        # JSON only, and only every 10 %: a human reads the film events.
        if not self.json_lines or fraction - self._last_fraction.get(name, -1.0) < 0.1:
            return
        self._last_fraction[name] = fraction
        self._emit("film_progress", film=name, fraction=round(fraction, 3), message=message)

    def finished(self, result: FilmResult) -> None:
        self.running.discard(result.name)
        self.results.append(result)
        self._emit("film_finished", film=result.name, status=result.status,
                   seconds=result.seconds, film_cost=result.cost, error=result.error)
        if not self.json_lines and not self.quiet:
            tail = f": {result.error}" if result.error else ""
            self._line(f"{result.name}: {result.status} ({result.seconds:.1f} s, "
                       f"${result.cost:.2f}){tail}")

    def _line(self, text: str) -> None:
        done = sum(r.finished for r in self.results)
        failed = len(self.results) - done
        eta = self.eta()
        left = f", ~{eta:.0f} s left" if eta is not None and len(self.results) < self.total \
            else ""
        self.stream.write(f"[{done}/{self.total} done, {len(self.running)} running, {failed} "
                          f"failed, ${self.cost:.2f}{left}] {text}\n")
        self.stream.flush()


class FilmProgress(SilentProgress):
    """One film's ``RenderProgress``: its stage goes to the batch's progress, the rest (notes,
    failures) to the batch's report."""

    def __init__(self, batch: BatchProgress, name: str) -> None:
        self.batch = batch
        self.name = name

    def stage(self, fraction: float, message: str) -> None:
        self.batch.film_progress(self.name, fraction, message)


def report_document(results: Sequence[FilmResult], *, engine: str, seconds: float,
                    peaks: dict[str, int] | None = None) -> dict[str, Any]:
    return {
        "provider_peaks": peaks or {},
        "engine": engine,
        "seconds": round(seconds, 3),
        "films": len(results),
        "finished": sum(r.finished for r in results),
        "failed": sum(not r.finished for r in results),
        "cost": round(sum(r.cost for r in results), 4),
        "results": [r.to_json() for r in results],
    }


def write_report(path: Path, document: dict[str, Any]) -> None:
    """The report as JSON, written atomically."""
    from vidstudio.atomic import atomic_write_text

    atomic_write_text(path, json.dumps(document, indent=2) + "\n")


def table(results: Sequence[FilmResult]) -> str:
    """The report as a tab-separated table with a header row."""
    rows = ["film\tstatus\tseconds\tcost\toutput\terror"]
    rows += [f"{r.name}\t{r.status}\t{r.seconds:.1f}\t${r.cost:.2f}\t{r.output}\t{r.error}"
             for r in results]
    return "\n".join(rows)
