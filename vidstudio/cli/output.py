"""Progress on stderr: a bar on a terminal, sparse lines otherwise."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TextIO

    from vidstudio.jobs.manager import Job
    from vidstudio.jobs.pipeline import StepFailure
    from vidstudio.jobs.render import RenderPlanReport
    from vidstudio.jobs.session import ProjectSession


class ProgressPrinter:
    """A bar on a terminal; otherwise a line every 10 % so logs stay short."""

    def __init__(self, stream: TextIO, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty()
        self._last_decile = -1
        self._last_draw = 0.0
        self._bar_open = False

    def __call__(self, fraction: float, message: str) -> None:
        if self.quiet:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and fraction < 1.0:
                return
            self._last_draw = now
            width = 30
            filled = int(width * fraction)
            text = message[:48].ljust(48)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {text}")
            self.stream.flush()
            self._bar_open = True
        else:
            decile = int(fraction * 10)
            if decile > self._last_decile:
                self._last_decile = decile
                self.stream.write(f"{fraction:4.0%} {message}\n")
                self.stream.flush()

    def line(self, text: str) -> None:
        """Write a whole line, below the bar if one is drawn."""
        self.done()
        self.stream.write(text + "\n")

    def done(self) -> None:
        if self._bar_open:
            self.stream.write("\n")
            self.stream.flush()
            self._bar_open = False


class RenderPrinter:
    """``render_script``'s progress on the terminal (a ``RenderProgress``)."""

    def __init__(self, printer: ProgressPrinter, quiet: bool) -> None:
        self.printer = printer
        self.quiet = quiet

    def stage(self, fraction: float, message: str) -> None:
        self.printer(fraction, message)

    def planned(self, report: RenderPlanReport) -> None:
        if self.quiet:
            return
        self.printer.line(report.line())
        if report.summary is not None:
            self.printer.line(report.summary)
        for note in report.notes:
            self.printer.line(f"note: {note}")

    def note(self, text: str) -> None:
        self.printer.line(text)

    def step_failed(self, failure: StepFailure) -> None:
        self.printer.line(f"  {failure.title} ({failure.ref.kind.value}): {failure.message}")


async def await_job(session: ProjectSession, job: Job, printer: ProgressPrinter | None) -> Any:
    """Wait for a session job, drawing its progress; Ctrl-C cancels it and keeps what finished."""
    if printer is not None:
        def on_change(changed: Job) -> None:
            if changed is job:
                printer(changed.progress, changed.message or changed.name)

        session.manager.job_changed.connect(on_change)
    try:
        return await session.wait(job)
    finally:
        if printer is not None:
            session.manager.job_changed.disconnect(on_change)
            printer.done()
