"""Every job of the open project: running, queued, finished and failed, with cancel.

A table model over the session's job manager, updated from ``job_changed`` / ``job_removed``
only (no polling): each row is a job with its provider, progress, time left, cost and outcome.
Steps of "generate all" are listed under their owning job. The status-bar summary
("3 running · $0.42 spent") is computed from the same model.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vidstudio.jobs.manager import Job, JobState

if TYPE_CHECKING:
    from vidstudio.ui.document import Document

COLUMNS = ("Job", "Provider", "Progress", "Time left", "Cost", "Status")
# What the header shows: short enough to be whole in the dock's default width (the bar shows
# the progress; the full names are the headers' tooltips).
TITLES = {"Progress": "Done", "Time left": "Left"}
NARROW = 640  # px: below this the panel hides the provider and cost columns
_STATE_TEXT = {JobState.PENDING: "queued", JobState.RUNNING: "running",
               JobState.SUCCEEDED: "done", JobState.FAILED: "failed",
               JobState.CANCELLED: "cancelled"}
Index = QModelIndex | QPersistentModelIndex


class JobsModel(QAbstractTableModel):
    """Rows are jobs: owning jobs in the order they started, each followed by its steps."""

    summary_changed = Signal(str)

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.jobs: list[Job] = []
        self.summary = "idle"
        # "Generate all" starts and moves dozens of jobs in one turn: the summary (a pass over
        # every row, and a status bar relayout) is made once per turn, not once per event.
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(0)
        self._summary_timer.timeout.connect(self._summarise_now)
        document.bridge.job_changed.connect(self._on_job_changed)
        document.bridge.job_removed.connect(self._on_job_removed)
        document.opened.connect(self._on_opened)
        document.closed.connect(self._reset)

    def _on_opened(self, session: Any) -> None:
        self._reset()
        for job in session.manager.jobs:
            self._on_job_changed(job)

    def _reset(self) -> None:
        self.beginResetModel()
        self.jobs = []
        self.endResetModel()
        self._summarise()

    def _position_for(self, job: Job) -> int:
        if job.parent is not None and job.parent in self.jobs:
            position = self.jobs.index(job.parent) + 1
            while position < len(self.jobs) and self.jobs[position].parent is job.parent:
                position += 1
            return position
        return len(self.jobs)

    def _on_job_changed(self, job: Job) -> None:
        if job in self.jobs:
            row = self.jobs.index(job)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            if job.parent is not None and job.parent in self.jobs:  # its progress and time
                above = self.jobs.index(job.parent)
                self.dataChanged.emit(self.index(above, 2), self.index(above, 3))
        else:
            row = self._position_for(job)
            self.beginInsertRows(QModelIndex(), row, row)
            self.jobs.insert(row, job)
            self.endInsertRows()
        self._summarise()

    def _on_job_removed(self, job: Job) -> None:
        if job in self.jobs:
            row = self.jobs.index(job)
            self.beginRemoveRows(QModelIndex(), row, row)
            self.jobs.pop(row)
            self.endRemoveRows()
            self._summarise()

    def clear_finished(self) -> None:
        keep = [j for j in self.jobs if not j.state.finished]
        if len(keep) != len(self.jobs):
            self.beginResetModel()
            self.jobs = keep
            self.endResetModel()
            self._summarise()

    def _summarise(self) -> None:
        self._summary_timer.start()

    def _summarise_now(self) -> None:
        running = [j for j in self.jobs if j.parent is None and not j.state.finished]
        queued = [j for j in self.jobs if j.kind == "step" and j.state is JobState.PENDING]
        failed = [j for j in self.jobs if j.parent is None and j.state is JobState.FAILED]
        spent = sum(j.cost for j in self.jobs if j.parent is None)
        parts = []
        if running:
            parts.append(f"{len(running)} running")
        if queued:
            parts.append(f"{len(queued)} queued")
        if failed:
            parts.append(f"{len(failed)} failed")
        if spent:
            parts.append(f"${spent:.2f} spent")
        summary = " · ".join(parts) if parts else "idle"
        if summary != self.summary:
            self.summary = summary
            self.summary_changed.emit(summary)

    # ------------------------------------------------------------------- the model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.jobs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return TITLES.get(COLUMNS[section], COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job = self.jobs[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "Job":
                return ("   ↳ " if job.parent is not None else "") + job.name
            if column == "Provider":
                return job.provider
            if column == "Progress":
                return f"{self.shown(job)[0]:.0%}"
            if column == "Time left":
                left = self.shown(job)[1]
                return "" if left is None else _clock(left)
            if column == "Cost":
                return f"${job.cost:.2f}" if job.cost else ""
            if column == "Status":
                text = _STATE_TEXT[job.state]
                if job.state.finished and job.outcome and job.state is not JobState.SUCCEEDED:
                    return f"{text}: {job.outcome}"
                if job.state is JobState.SUCCEEDED and job.parent is None and job.outcome:
                    return job.outcome
                return job.message if job.state is JobState.RUNNING and job.message else text
        if role == Qt.ItemDataRole.UserRole:
            return job
        if role == Qt.ItemDataRole.ToolTipRole:  # all of the row, narrow or not
            progress, left = self.shown(job)
            facts = [job.provider, _STATE_TEXT[job.state],
                     f"{progress:.0%}" if not job.state.finished else "",
                     f"{_clock(left)} left" if left is not None else "",
                     f"${job.cost:.2f}" if job.cost else ""]
            detail = job.outcome or job.message
            return "\n".join([job.name, " · ".join(f for f in facts if f)]
                              + ([detail] if detail else []))
        if role == Qt.ItemDataRole.ForegroundRole and job.state is JobState.FAILED:
            return QColor("#ff8a80")
        if role == Qt.ItemDataRole.ForegroundRole and job.state.finished:
            return QColor("#8c93a8")
        return None


    def shown(self, job: Job) -> tuple[float, float | None]:
        """The progress and seconds left a row shows. A job whose steps still run is not done
        before its slowest running step: resuming, "Generate all" found most steps already
        made (99 %, 0:00 left) while the one it was running had 0:12 to go."""
        own_left = job.time_left
        steps = [j for j in self.jobs if j.parent is job and j.state is JobState.RUNNING]
        if not steps:
            return job.progress, own_left
        lefts = [j.time_left for j in steps]
        if any(left is None for left in lefts) and not own_left:
            return min(job.progress, max(j.progress for j in steps)), None
        left = max([own_left or 0.0] + [x for x in lefts if x is not None])
        if own_left is not None and left <= own_left:
            return job.progress, own_left
        elapsed = time.monotonic() - job.started if job.started is not None else 0.0
        progress = elapsed / (elapsed + left) if elapsed + left > 0 else job.progress
        return min(job.progress, progress), left


def _clock(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class _ProgressDelegate(QStyledItemDelegate):
    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        job = index.data(Qt.ItemDataRole.UserRole)
        if job is None or job.state.finished:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 4, -2, -4)  # type: ignore[attr-defined]
        bar.minimum = 0  # type: ignore[attr-defined]
        bar.maximum = 100  # type: ignore[attr-defined]
        model = index.model()
        progress = model.shown(job)[0] if isinstance(model, JobsModel) else job.progress
        bar.progress = int(progress * 100)  # type: ignore[attr-defined]
        bar.text = f"{progress:.0%}"  # type: ignore[attr-defined]
        bar.textVisible = True  # type: ignore[attr-defined]
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class JobsPanel(QWidget):
    """Signals: summary_changed(str) for the status bar."""

    summary_changed = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = JobsModel(document, self)
        self.model.summary_changed.connect(self.summary_changed.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.table = QTableView()
        self.table.setObjectName("jobs")
        self.table.setAccessibleName("Jobs")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(48)  # its header and a row: the window fits 1280×720
        self.table.setItemDelegateForColumn(COLUMNS.index("Progress"), _ProgressDelegate(self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        # Fixed widths: "resize to contents" measures every row again on each progress tick.
        # The job's name has the rest; the status, cut, is whole in the row's tooltip.
        # Never narrower than the column's own title ("Progress", "Time left" were cut).
        metrics = header.fontMetrics()
        for column, width in ((1, 80), (2, 56), (3, 52), (4, 56), (5, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            title = TITLES.get(COLUMNS[column], COLUMNS[column])
            header.resizeSection(column, max(width, metrics.horizontalAdvance(title)
                                             + 2 * metrics.averageCharWidth() + 8))
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel-job")
        self.cancel_button.setAccessibleName("Cancel the selected job")
        self.clear_button = QPushButton("Clear finished")
        self.clear_button.setAccessibleName("Clear finished jobs")
        row.addStretch(1)
        row.addWidget(self.clear_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.clear_button.clicked.connect(self.model.clear_finished)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # Narrow (the dock's default width): the provider and the cost give their room to the
        # job's name; both are in the row's tooltip.
        narrow = self.width() < NARROW
        for column in (COLUMNS.index("Provider"), COLUMNS.index("Cost")):
            if self.table.isColumnHidden(column) != narrow:
                self.table.setColumnHidden(column, narrow)

    def selected_jobs(self) -> list[Job]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.jobs[r] for r in sorted(rows) if r < len(self.model.jobs)]

    def cancel_selected(self) -> None:
        session = self.document.session
        if session is None:
            return
        for job in self.selected_jobs():
            session.cancel(job)
