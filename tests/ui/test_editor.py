"""The editor driven as a user drives it: a script in, cards out, generate, regenerate, takes,
undo, stale badges, cancel — with the real local providers and the real session."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.keys import type_text
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.manager import JobState

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = """INT. LIGHTHOUSE LAMP ROOM - NIGHT

The old keeper climbs the spiral stairs as the storm hits the glass.

EXT. ROCKY SHORE - DAWN

At dawn the sea is calm and gulls circle over the wet rocks.
"""


def _plan(window: Any, qtbot: Any, run: Any, script: str = SCRIPT) -> None:
    pane = window.script_pane
    type_text(pane.editor, script)
    assert pane.editor.toPlainText() == script, "typed as a keyboard types it"
    qtbot.mouseClick(pane.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and bool(window.session.project.scenes),
                    timeout=60000)
    qtbot.waitUntil(lambda: len(window.board.cards) == len(window.session.project.scenes),
                    timeout=10000)
    qtbot.waitUntil(lambda: not window.session.manager.running(), timeout=30000)


def _generate_all(window: Any, qtbot: Any, run: Any) -> None:
    window.generate_action.trigger()
    session = window.session
    # Generate all starts its job on the next turn of the loop (render_script).
    qtbot.waitUntil(lambda: any(j.kind == "generate-all" for j in session.manager.jobs))
    job = next(j for j in session.manager.jobs if j.kind == "generate-all")
    qtbot.waitUntil(lambda: job.state.finished, timeout=300000)
    assert job.state is JobState.SUCCEEDED, job.outcome


def test_plan_generate_regenerate_choose_take_and_undo(window: Any, qtbot: Any,
                                                       run: Any) -> None:
    run(window.start())
    assert window.session is not None and window.document.is_untitled
    _plan(window, qtbot, run)
    session = window.session
    scenes = session.project.ordered_scenes
    assert len(window.board.cards) == len(scenes) == 2
    first_card = window.board.cards[scenes[0].id]
    assert first_card.title.text() == scenes[0].title
    assert first_card.narration.toPlainText() == scenes[0].narration

    _generate_all(window, qtbot, run)
    for scene in session.project.scenes:
        assert all(slot.is_ready for kind, slot in scene.slots.items()
                   if kind is not SlotKind.NARRATION or scene.narration.strip())
    qtbot.waitUntil(lambda: first_card.thumbnail.pixmap() is not None
                    and not first_card.thumbnail.pixmap().isNull(), timeout=20000)
    before = {s.id: {k: [t.id for t in slot.takes] for k, slot in s.slots.items()}
              for s in session.project.scenes}

    # Regenerate the second card's clip: a new take, nothing else touched.
    second = scenes[1]
    card = window.board.cards[second.id]
    clip_row = card.rows[SlotKind.CLIP]
    old_clip = second.slots[SlotKind.CLIP].active
    qtbot.mouseClick(clip_row.regenerate, Qt.MouseButton.LeftButton)
    job = next(j for j in session.manager.jobs if j.kind == "regenerate")
    qtbot.waitUntil(lambda: job.state.finished, timeout=120000)
    assert job.state is JobState.SUCCEEDED, job.outcome
    slot = second.slots[SlotKind.CLIP]
    assert len(slot.takes) == 2 and slot.active != old_clip
    strip = clip_row.strips[SlotKind.CLIP]
    qtbot.waitUntil(lambda: len(strip.buttons) == 2, timeout=5000)
    after = {s.id: {k: [t.id for t in sl.takes] for k, sl in s.slots.items()}
             for s in session.project.scenes}
    assert after[scenes[0].id] == before[scenes[0].id], "the other scene is untouched"
    assert {k: v for k, v in after[second.id].items() if k is not SlotKind.CLIP} == \
        {k: v for k, v in before[second.id].items() if k is not SlotKind.CLIP}

    # The earlier take can be used again, from its thumbnail, and that can be undone.
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    assert slot.active == old_clip
    assert window.undo_action.text() == "&Undo Use take"
    window.undo_action.trigger()
    assert slot.active == slot.takes[1].id
    window.undo_action.trigger()  # the regenerate itself: the previous take again, kept
    assert slot.active == old_clip and len(slot.takes) == 2

    # Editing a narration makes only that slot stale, with a visible badge.
    qtbot.mouseClick(card.narration, Qt.MouseButton.LeftButton)
    card.narration.moveCursor(card.narration.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.narration, " The end.")
    qtbot.waitUntil(lambda: card.rows[SlotKind.NARRATION].badge.isVisible(), timeout=5000)
    assert second.narration.endswith("The end.")
    stale = {k for k, s in second.slots.items() if s.stale}
    assert stale == {SlotKind.NARRATION}
    assert not card.rows[SlotKind.CLIP].badge.isVisible()
    assert not window.board.cards[scenes[0].id].rows[SlotKind.NARRATION].badge.isVisible()
    assert window.undo_action.text() == "&Undo Edit narration", "typing is one undo step"


def test_cancel_a_running_job_from_its_card(window: Any, qtbot: Any, run: Any) -> None:
    run(window.start())
    _plan(window, qtbot, run)
    _generate_all(window, qtbot, run)  # a clip's regenerate then has its keyframes, and runs
    session = window.session
    scene = session.project.ordered_scenes[0]
    card = window.board.cards[scene.id]
    row = card.rows[SlotKind.CLIP]
    # Cancelled while it runs, not while it waits in the queue: the click comes once the
    # session's job events say the regenerate is RUNNING.
    with qtbot.waitSignal(window.document.bridge.job_changed, timeout=30000,
                          check_params_cb=lambda j: j.kind == "regenerate"
                          and j.state is JobState.RUNNING):
        qtbot.mouseClick(row.regenerate, Qt.MouseButton.LeftButton)
    job = next(j for j in session.manager.jobs if j.kind == "regenerate")
    assert job.state is JobState.RUNNING, job.outcome
    qtbot.waitUntil(row.cancel.isVisible, timeout=10000)
    qtbot.mouseClick(row.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: job.state.finished, timeout=60000)
    assert job.state is JobState.CANCELLED
    qtbot.waitUntil(lambda: not row.cancel.isVisible(), timeout=5000)
    assert row.regenerate.isEnabled()
    # The jobs panel lists it as cancelled.
    model = window.jobs_panel.model
    assert any(j is job for j in model.jobs)
    row_index = model.jobs.index(job)
    assert "cancelled" in model.data(model.index(row_index, 5))


def test_a_script_dropped_on_the_window_lands_in_the_editor(window: Any, qtbot: Any, run: Any,
                                                           samples: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    run(window.start())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(samples / "orbit.txt"))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    expected = (samples / "orbit.txt").read_text()
    qtbot.waitUntil(lambda: window.script_pane.text() == expected, timeout=10000)


def test_a_bad_script_gets_the_clis_one_line_message(window: Any, qtbot: Any, run: Any,
                                                     tmp_path: Path) -> None:
    run(window.start())
    pane = window.script_pane
    type_text(pane.editor, "   \n\n  ")
    qtbot.mouseClick(pane.plan_button, Qt.MouseButton.LeftButton)
    assert pane.error.isVisible() and "empty" in pane.error.text()
    binary = tmp_path / "noise.txt"
    binary.write_bytes(b"\x00\x01\x02garbage")
    assert run(pane.load(binary)) is False
    assert "binary file" in pane.error.text()
    assert pane.editor.toPlainText().strip() == "", "the editor kept what it had"


def test_quit_and_reopen_brings_back_project_layout_and_recent(
        services: Any, qtbot: Any, run: Any, tmp_path: Path) -> None:
    from vidstudio.ui.main_window import MainWindow

    win = MainWindow(services)
    win.show()
    run(win.start())
    _plan(win, qtbot, run)
    target = tmp_path / "keeper.vidstudio"
    run(win.save_as(target))
    assert win.session.folder.path == target.resolve()
    scene_ids = [s.id for s in win.session.project.ordered_scenes]
    win.jobs_dock.hide()
    win.close()
    qtbot.waitUntil(lambda: win._closed, timeout=60000)

    again = MainWindow(services)
    again.show()
    run(again.start())
    assert again.session.folder.path == target.resolve()
    assert [s.id for s in again.session.project.ordered_scenes] == scene_ids
    assert not again.jobs_dock.isVisible(), "the dock layout came back"
    assert again.layout_restored, "the saved geometry and dock state were applied"
    recent = [a.toolTip() for a in again.recent_menu.actions()]
    assert str(target.resolve()) in recent
    again.close()
    qtbot.waitUntil(lambda: again._closed, timeout=60000)


def test_reorder_by_drag_api_and_undo(window: Any, qtbot: Any, run: Any) -> None:
    run(window.start())
    _plan(window, qtbot, run)
    session = window.session
    before = [s.id for s in session.project.ordered_scenes]
    window.board.move_scene(before[1], 0)
    assert [s.id for s in session.project.ordered_scenes] == [before[1], before[0]]
    qtbot.waitUntil(lambda: window.board.cards[before[1]].number.text() == "1", timeout=5000)
    window.undo_action.trigger()
    assert [s.id for s in session.project.ordered_scenes] == before


@pytest.mark.slow
def test_killing_the_app_during_generation_loses_no_saved_take(tmp_path: Path, qtbot: Any,
                                                               run: Any) -> None:
    """A real editor process is killed mid-generation; reopening recovers its autosave and
    every take it had saved is still there, with its file."""
    import os
    import signal
    import subprocess
    import sys
    import time

    project = tmp_path / "crash.vidstudio"
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT)
    driver = tmp_path / "driver.py"
    driver.write_text(
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "import qasync\n"
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from vidstudio.app import _executor, build_services\n"
        "from vidstudio.core.models import Settings\n"
        "from vidstudio.ui.main_window import MainWindow\n"
        "if __name__ == '__main__':\n"
        "    app = QApplication([])\n"
        "    loop = qasync.QEventLoop(app)\n"
        "    asyncio.set_event_loop(loop)\n"
        "async def main():\n"
        "    settings = QSettings(sys.argv[3], QSettings.Format.IniFormat)\n"
        "    services = build_services(settings, executor=_executor(), data_dir=Path(sys.argv[4]))\n"
        "    services.new_settings = Settings(short_side=144, fps=12)\n"
        "    win = MainWindow(services)\n"
        "    win.show()\n"
        "    await win.start()\n"
        "    await win.document.save_as(Path(sys.argv[1]))\n"
        "    win.script_pane.editor.setPlainText(Path(sys.argv[2]).read_text())\n"
        "    win.script_pane.request_plan()\n"
        "    while not win.session.project.scenes or win.session.manager.running():\n"
        "        await asyncio.sleep(0.05)\n"
        "    win.generate_all()\n"
        "    print('generating', flush=True)\n"
        "    await asyncio.sleep(3600)\n"
        "if __name__ == '__main__':\n"
        "    with loop:\n"
        "        loop.run_until_complete(main())\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, str(driver), str(project), str(script),
                             str(tmp_path / "s.ini"), str(tmp_path / "data")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "generating", proc.stderr.read()
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # wait until some takes are saved
            data = json.loads((project / "project.json").read_text())
            made = [t for e in data["environments"] for s in e["images"] for t in s["takes"]]
            if len(made) >= 3:
                break
            time.sleep(0.2)
        else:
            pytest.fail("no take was saved")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    from vidstudio.jobs.session import ProjectSession
    from vidstudio.providers.keys import Credentials
    from vidstudio.providers.registry import build_providers

    async def reopen() -> None:
        session = ProjectSession.open(project, build_providers({}, Credentials()))
        assert session.recovered, "the crash was noticed"
        takes = session.project.all_takes()
        assert len(takes) >= 3
        for take in takes:
            if take.status == "ready":
                assert session.folder.assets.exists(take.file), take.file
        await session.close()

    run(reopen())
