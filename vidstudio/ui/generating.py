"""Generate all from the window: the running cost estimate in the status bar and, when a paid
service takes part, the confirmation that shows the estimate and the budget cap before
anything is spent. The session does the generating; this asks, starts and reports."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from vidstudio.core.vocabulary import Stage
from vidstudio.jobs.session import SessionError
from vidstudio.ui.names import name_message_box

if TYPE_CHECKING:
    from vidstudio.jobs.session import ProjectSession
    from vidstudio.ui.document import Document
    from vidstudio.ui.files import WindowHost


class GenerateAll(QObject):
    def __init__(self, window: QWidget, host: WindowHost, document: Document,
                 settings: Any) -> None:
        super().__init__(window)
        self._window = window
        self._host = host
        self._document = document
        self._settings = settings
        self.estimate_label = QLabel("")
        self.estimate_label.setObjectName("estimate")
        self.estimate_label.setToolTip("What generating the missing and stale takes would cost "
                                       "with the paid providers (up-to-date takes cost nothing)")
        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(400)  # many changes in a row: one estimate
        self._estimate_timer.timeout.connect(self._refresh_estimate)

    def schedule_estimate(self) -> None:
        self._estimate_timer.start()

    def _refresh_estimate(self) -> None:
        session = self._document.session
        if session is None or not session.project.scenes or not paid_stages(session):
            self.estimate_label.setText("")
            return
        from vidstudio.jobs.estimate import estimate_run

        estimate = estimate_run(session.project, session.providers, session.prices,
                                include_plan=False, folder=session.folder, skip_locked=True)
        self.estimate_label.setText(f"est. ${estimate.total:.2f} to finish")

    def run(self) -> None:
        """Generate what is missing or stale; with a paid service, ask first."""
        session = self._document.session
        if session is None:
            return
        paid = paid_stages(session)
        if not paid:
            self._start(None)
            return
        from vidstudio.jobs.estimate import estimate_run

        estimate = estimate_run(session.project, session.providers, session.prices,
                                include_plan=False, folder=session.folder, skip_locked=True)
        budget = self._settings.value("budget/cap", None)
        try:
            cap = float(str(budget)) if budget not in (None, "") else None
        except ValueError:  # a hand-edited settings file: no cap rather than a crash
            cap = None
        text = (f"Generating uses paid services ({', '.join(s.value for s in paid)}).\n\n"
                f"Estimated cost: ${estimate.total:.2f}"
                + (f"\nBudget cap: ${cap:.2f}" if cap is not None else "")
                + "\n\nGenerate now?")
        box = QMessageBox(QMessageBox.Icon.Question, "Generate all", text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self._window)
        box.setObjectName("confirm-generate")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)
        box.accepted.connect(lambda: self._start(cap))
        box.open()

    def _start(self, budget: float | None) -> None:
        """Generate all through the one render use case (jobs/render.render_script), on the
        open project; its job shows in the jobs panel like any other."""
        from vidstudio.jobs.render import RenderError, RenderOptions, render_script

        session = self._document.session
        if session is None:
            return
        project = session.project
        options = RenderOptions(output=None, budget=budget, check_keys=False)

        async def run() -> None:
            try:
                outcome = await render_script(project.script, session.folder.path,
                                              project.settings, session.providers, options,
                                              session=session)
            except asyncio.CancelledError:
                self._host.say("generation cancelled; finished takes are kept")
                return
            except (RenderError, SessionError) as exc:
                # The job's own line names the first failure and its provider's message.
                job = next((j for j in reversed(session.manager.jobs)
                            if j.kind == "generate-all"), None)
                detail = job.outcome if job is not None and job.outcome else str(exc)
                self._host.say(f"generate all: {detail}", 15000)
                return
            stats = outcome.stats
            self._host.say(f"generate all: {stats.outcome()[1] if stats else 'done'}", 15000)

        self._host.spawn(run())


def paid_stages(session: ProjectSession) -> list[Stage]:
    return [stage for stage in Stage if stage is not Stage.PLANNER
            and getattr(_provider_of(session, stage), "capabilities", None) is not None
            and _provider_of(session, stage).capabilities.paid]


def _provider_of(session: ProjectSession, stage: Stage) -> Any:
    attribute = {Stage.IMAGES: "images", Stage.STYLE: "style", Stage.VIDEO: "video",
                 Stage.SOUND: "sound", Stage.VOICE: "voice",
                 Stage.MUSIC: "music"}.get(stage, "planner")
    return getattr(session.providers, attribute, None)
