"""What keeps the window answering while it works: cards built one per event-loop turn, progress
bars that paint with the rest of the window, one jobs summary per turn, asset paths resolved
once. Behaviour only; how fast is measured by ``python -m bench ui-stall``, never here."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tests.ui.keys import type_text
from vidstudio.jobs.manager import Job, JobState
from vidstudio.ui.jobs_panel import JobsModel
from vidstudio.ui.pacing import TurnPacer
from vidstudio.ui.progress import ProgressBar

if TYPE_CHECKING:
    from collections.abc import Callable

SCRIPT = """INT. LIGHTHOUSE LAMP ROOM - NIGHT

The old keeper climbs the spiral stairs as the storm hits the glass.

EXT. ROCKY SHORE - DAWN

At dawn the sea is calm and gulls circle over the wet rocks.

INT. KEEPER'S KITCHEN - MORNING

He pours tea and writes the night's log by the window.
"""


def _counting_step(name: str, turns: int, order: list[str]) -> Callable[[], bool]:
    left = [turns]

    def step() -> bool:
        order.append(name)
        left[0] -= 1
        return left[0] > 0

    return step


def test_pacer_runs_one_step_per_turn_taking_turns(qtbot: Any, qloop: Any) -> None:
    pacer = TurnPacer()
    order: list[str] = []
    pacer.want_turns(_counting_step("a", 3, order))
    pacer.want_turns(_counting_step("b", 2, order))
    assert order == [], "nothing runs inside the call that asks for turns"
    qtbot.waitUntil(lambda: not pacer.busy, timeout=5000)
    assert order == ["a", "b", "a", "b", "a"]


def test_pacer_keeps_one_place_per_step_and_cancel_drops_it(qtbot: Any, qloop: Any) -> None:
    pacer = TurnPacer()
    order: list[str] = []
    a = _counting_step("a", 2, order)
    b = _counting_step("b", 5, order)
    pacer.want_turns(a)
    pacer.want_turns(a)  # asked again while waiting: still one place
    pacer.want_turns(b)
    pacer.cancel(b)
    qtbot.waitUntil(lambda: not pacer.busy, timeout=5000)
    assert order == ["a", "a"]


def test_a_failing_step_is_dropped_and_the_others_go_on(qtbot: Any, qloop: Any) -> None:
    pacer = TurnPacer()
    order: list[str] = []

    def broken() -> bool:
        order.append("broken")
        raise RuntimeError("a card could not be built")

    pacer.want_turns(broken)
    pacer.want_turns(_counting_step("b", 2, order))
    with qtbot.capture_exceptions() as raised:
        qtbot.waitUntil(lambda: not pacer.busy, timeout=5000)
    assert order == ["broken", "b", "b"]
    assert [type(e[1]) for e in raised] == [RuntimeError]


class _PaintCounter(QLabel):
    def __init__(self) -> None:
        super().__init__("waiting")
        self.paints = 0

    def paintEvent(self, event: Any) -> None:
        self.paints += 1
        super().paintEvent(event)


def test_progress_bar_paints_on_the_next_turn_not_the_whole_window_now(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    label = _PaintCounter()
    bar = ProgressBar()
    bar.setRange(0, 1000)
    bar.setTextVisible(False)
    layout.addWidget(label)
    layout.addWidget(bar)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: label.paints > 0, timeout=5000)
    before = label.paints
    label.setText("changed")  # waiting to be painted
    bar.setValue(500)
    # QProgressBar would repaint at once, painting the waiting label inside setValue too.
    assert label.paints == before
    assert bar.value() == 500
    qtbot.waitUntil(lambda: label.paints > before, timeout=5000)


def test_jobs_summary_is_made_once_per_turn(document: Any, qtbot: Any, qloop: Any) -> None:
    model = JobsModel(document)
    summaries: list[str] = []
    model.summary_changed.connect(summaries.append)
    jobs = [Job(f"step {n}", kind="regenerate", state=JobState.RUNNING) for n in range(20)]
    for job in jobs:
        document.bridge.job_changed.emit(job)
    assert len(model.jobs) == 20, "the rows are there at once"
    qtbot.waitUntil(lambda: bool(summaries), timeout=5000)
    assert summaries == ["20 running"]
    for job in jobs:
        job.state = JobState.SUCCEEDED
        document.bridge.job_changed.emit(job)
    qtbot.waitUntil(lambda: summaries[-1] == "idle", timeout=5000)
    assert summaries == ["20 running", "idle"]


def test_resolved_asset_paths_are_the_projects_and_forgotten_on_close(
        document: Any, run: Any) -> None:
    with pytest.raises(ValueError, match="no project"):
        document.resolve_asset("takes/a.png")
    session = run(document.new())
    path = document.resolve_asset("takes/a.png")
    assert path == session.folder.assets.resolve("takes/a.png")
    assert document.resolve_asset("takes/a.png") is path
    with pytest.raises(ValueError, match="outside"):
        document.resolve_asset("../outside.png")
    run(document.close())
    with pytest.raises(ValueError, match="no project"):
        document.resolve_asset("takes/a.png")


def test_cards_are_built_one_per_turn_in_film_order(window: Any, qtbot: Any, run: Any) -> None:
    run(window.start())
    board, places = window.board, window.environments
    seen: list[tuple[int, int]] = []
    done = [False]

    def watch() -> bool:
        # Between two calls of this step every other waiting step has had at most one turn.
        seen.append((len(board.cards), len(places.cards)))
        return not done[0]

    window.pacer.want_turns(watch)
    pane = window.script_pane
    type_text(pane.editor, SCRIPT)
    qtbot.mouseClick(pane.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and bool(window.session.project.scenes)
                    and not board.building and not places.building
                    and len(board.cards) == len(window.session.project.scenes), timeout=60000)
    done[0] = True
    qtbot.waitUntil(lambda: not window.pacer.busy, timeout=5000)
    project = window.session.project
    assert len(project.scenes) == 3 and project.environments
    assert list(board.cards) == [s.id for s in project.ordered_scenes], "made in film order"
    assert len(places.cards) == len(project.environments)
    steps = [(b1 - b0, p1 - p0) for (b0, p0), (b1, p1) in pairwise(seen)]
    assert all(db <= 1 and dp <= 1 for db, dp in steps), seen
    assert any(db == 1 for db, _dp in steps), "the cards were made while the watch ran"
    for number, scene in enumerate(project.ordered_scenes, 1):
        card = board.cards[scene.id]
        assert card.number.text() == str(number)
        assert card.title.text() == scene.title
        assert card.isVisible()
    grid = board._grid
    positions = [grid.getItemPosition(grid.indexOf(board.cards[s.id]))[:2]
                 for s in project.ordered_scenes]
    columns = board._columns
    assert positions == [(i // columns, i % columns) for i in range(3)]


def test_a_locked_scene_redraws_its_card_as_locked(window: Any, qtbot: Any, run: Any) -> None:
    run(window.start())
    pane = window.script_pane
    type_text(pane.editor, SCRIPT)
    qtbot.mouseClick(pane.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and bool(window.session.project.scenes)
                    and not window.board.building
                    and len(window.board.cards) == len(window.session.project.scenes),
                    timeout=60000)
    # The plan job ends after its cards are built (it saves the plan first): undo while it
    # runs asks to cancel it, as it should; here the lock alone is undone.
    qtbot.waitUntil(lambda: not window.session.manager.running(), timeout=60000)
    scene = window.session.project.ordered_scenes[0]
    card = window.board.cards[scene.id]
    assert card.property("locked") is False
    qtbot.mouseClick(card.lock, Qt.MouseButton.LeftButton)
    assert scene.locked
    qtbot.waitUntil(lambda: card.property("locked") is True, timeout=5000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: card.property("locked") is False, timeout=5000)
    assert not card.lock.isChecked()


def test_the_window_looks_the_same_without_the_focus(window: Any) -> None:
    # Qt repaints a whole window on focus changes only when these differ (opening the export
    # dialog repainted every card).
    from PySide6.QtGui import QPalette

    groups = QPalette.ColorGroup
    for widget in (window, window.board.viewport(), window.jobs_panel.table, window.timeline):
        assert widget.palette().isEqual(groups.Active, groups.Inactive), widget
