"""A progress bar that paints with the rest of the window, on the event loop's next turn.

``QProgressBar.setValue`` repaints at once whenever the bar's pixels change, and a repaint at
once paints everything else waiting to be painted in the window with it (the jobs table, the
cards, the status bar). With a progress event per slot per step, "Generate all" painted the
whole window several times per event-loop turn from inside the session's progress callbacks.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar


class ProgressBar(QProgressBar):
    """``setValue`` only marks the bar for the next paint, as every other widget does."""

    def setValue(self, value: int) -> None:
        self.setUpdatesEnabled(False)  # QProgressBar's own repaint() does nothing meanwhile
        try:
            super().setValue(value)
        finally:
            self.setUpdatesEnabled(True)
        self.update()
