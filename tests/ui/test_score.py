"""The score in the editor: the music lane (waveform, section marks at the cuts, stale after a
reorder), the score controls (takes, regenerate, lock, on/off, level, import; each undoable)
and the export dialog's music choice, driven with real clicks and keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.keys import choose_label, retype
from vidstudio.core.commands import ReorderScenes
from vidstudio.core.timeline import timeline as film_timeline
from vidstudio.ui.score import MUSIC_REF

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def score(document: Any, sample_project: Path, run: Any, qtbot: Any) -> Any:
    """The timeline with its score controls in the header, on a copy of the rendered sample."""
    from vidstudio.ui.score import ScorePanel
    from vidstudio.ui.thumbnails import ThumbnailCache
    from vidstudio.ui.timeline import TimelineView

    run(document.open(sample_project))
    view = TimelineView(document)
    panel = ScorePanel(document, ThumbnailCache(view))
    view.add_tools(panel)
    view.score_menu_requested.connect(panel.popup)  # as the main window wires it
    qtbot.addWidget(view)
    view.resize(1400, 320)
    view.show()
    qtbot.waitExposed(view)
    view.panel = panel
    return view


def _click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                     pos=QPoint(widget.width() // 2, widget.height() // 2))


def test_music_lane_shows_the_score_cut_at_the_scenes(score: Any, document: Any,
                                                      run: Any) -> None:
    session = document.session
    project = session.project
    item = score.score
    assert item is not None and item.music.score.state == "ready"
    assert score.heads["music"].accessibleName() == "Music lane of the timeline"
    # the one section change sits on the cut between the two scenes
    cut = film_timeline(project)[1].start
    assert item.music.marks == pytest.approx((cut,), abs=0.01)
    pps = score.pixels_per_second
    assert item.width == pytest.approx(project.duration * pps)
    assert item.mark_positions()[0] == pytest.approx(cut * pps, abs=1.5)
    run(score.wait_for_previews())
    assert item.peaks is not None and item.peaks.max() > 0.01
    assert len(item.peaks) == pytest.approx(project.duration * 100, abs=3)

    # a reorder: the lane says stale at once (from the change event), as the panel does; its
    # marks stay where the score's own sections change until a new score is cut
    session.execute(ReorderScenes([s.id for s in reversed(project.ordered_scenes)]))
    assert score.score.music.score.state == "stale" and "stale" in score.score.toolTip()
    assert score.panel.state.text() == "stale"
    assert score.score.music.marks == pytest.approx((cut,), abs=0.01)


def test_score_controls_are_undoable_steps(score: Any, document: Any, run: Any,
                                           qtbot: Any) -> None:
    session = document.session
    settings = session.project.music_settings
    panel = score.panel
    for widget in (panel.regenerate_button, panel.lock_button, panel.import_button,
                   panel.enabled_box, panel.level_spin, *panel.strip.buttons):
        assert widget.accessibleName(), widget

    _click(qtbot, panel.enabled_box)
    assert not settings.enabled and session.undo_label == "Turn music off"
    assert not score.score.music.enabled and not panel.level_spin.isEnabled()
    session.undo()
    assert settings.enabled and panel.enabled_box.isChecked()

    panel.level_spin.setFocus()
    QTest.keyClick(panel.level_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(panel.level_spin, "-12")
    assert settings.level_db == -20.0  # nothing is set while the number is typed
    QTest.keyClick(panel.level_spin, Qt.Key.Key_Return)
    QTest.keyClick(panel.level_spin, Qt.Key.Key_Up)
    assert settings.level_db == -11.0 and session.undo_label == "Set music level"
    session.undo()  # the typed value and the step after it are one undo step
    assert settings.level_db == -20.0 and panel.level_spin.value() == -20.0

    _click(qtbot, panel.lock_button)
    assert settings.locked and session.undo_label == "Lock the score"
    assert score.score.music.locked

    # a right-click on the music lane: the same actions as a menu
    viewport = score.canvas.viewport()
    local = score.canvas.mapFromScene(score.score.sceneBoundingRect().center())
    with qtbot.waitSignal(score.score_menu_requested):
        QApplication.sendEvent(viewport, QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, local, viewport.mapToGlobal(local)))
    qtbot.waitUntil(panel.menu.isVisible)
    qtbot.mouseClick(panel.menu, Qt.MouseButton.LeftButton,
                     pos=panel.menu.actionGeometry(panel.lock_action).center())
    assert not settings.locked and session.undo_label == "Unlock the score"
    assert not panel.lock_button.isChecked()

    # the same menu says how the next score is made: composed, or scoring the picture
    assert panel.from_scenes_action.isChecked() and settings.score_from == "scenes"
    with qtbot.waitSignal(score.score_menu_requested):
        QApplication.sendEvent(viewport, QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, local, viewport.mapToGlobal(local)))
    qtbot.waitUntil(panel.menu.isVisible)
    qtbot.mouseClick(panel.menu, Qt.MouseButton.LeftButton,
                     pos=panel.menu.actionGeometry(panel.from_picture_action).center())
    assert settings.score_from == "picture" and session.undo_label == "Score the picture"
    assert panel.from_picture_action.isChecked() and not panel.from_scenes_action.isChecked()
    session.undo()
    assert settings.score_from == "scenes" and panel.from_scenes_action.isChecked()

    # Regenerate: a new take (another seed), made active; the strip shows it
    music = session.project.music
    first = music.active_take
    _click(qtbot, panel.regenerate_button)
    job = session.busy(MUSIC_REF)
    assert job is not None and not panel.regenerate_button.isEnabled()
    run(session.wait(job))
    assert len(music.takes) == 2 and music.active_take != first
    qtbot.waitUntil(lambda: len(panel.strip.buttons) == 2)
    assert panel.regenerate_button.isEnabled()
    assert score.score.music.score.take_id == music.active_take.id

    # an earlier take, picked in the strip; undo puts the new one back
    _click(qtbot, panel.strip.buttons[0])
    assert music.active_take == first and session.undo_label == "Use score take"
    session.undo()
    assert music.active_take == music.takes[1]


def test_import_music_from_the_file_dialog(score: Any, document: Any, run: Any,
                                           qtbot: Any, tmp_path: Path) -> None:
    import numpy as np
    import soundfile as sf

    session = document.session
    rate = 44100
    tone = 0.2 * np.sin(2 * np.pi * 220 * np.arange(rate * 3) / rate).astype(np.float32)
    path = tmp_path / "my tune.flac"
    sf.write(str(path), tone, rate)
    panel = score.panel
    before = len(session.project.music.takes)
    _click(qtbot, panel.import_button)
    dialog = panel.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()
    job = session.busy(MUSIC_REF) or next(
        j for j in reversed(session.manager.jobs) if j.kind == "import")
    run(session.wait(job))
    music = session.project.music
    assert len(music.takes) == before + 1 and music.active_take == music.takes[-1]
    qtbot.waitUntil(lambda: len(panel.strip.buttons) == before + 1)
    session.undo()
    assert music.active_take == music.takes[before - 1]


def test_export_dialog_music_off_leaves_the_score_out(document: Any, sample_project: Path,
                                                      run: Any, qtbot: Any,
                                                      tmp_path: Path) -> None:
    from vidstudio.export.audio import active_stems
    from vidstudio.export.plan import build_render_plan
    from vidstudio.jobs.manager import JobState
    from vidstudio.ui.export_dialog import ExportDialog

    run(document.open(sample_project))
    session = document.session
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.music_box.isChecked() and dialog.music_level.value() == -20.0
    assert dialog.music_box.accessibleName() == "Music of the export"
    assert dialog.music_level.accessibleName() == "Music level of the export"
    plan = build_render_plan(session.project, session.folder.path, dialog.options())
    assert "music" in active_stems(plan, {})

    _click(qtbot, dialog.music_box)
    assert not dialog.music_level.isEnabled()
    assert session.project.music_settings.enabled  # nothing changes before the export
    retype(dialog.path_edit, str(tmp_path / "quiet.mp4"))
    choose_label(dialog.quality_combo, "Draft (fast)")
    _click(qtbot, dialog.export_button)
    job = dialog.job
    assert job is not None
    qtbot.waitUntil(lambda: job.state.finished, timeout=300000)
    assert job.state is JobState.SUCCEEDED, job.outcome
    assert (tmp_path / "quiet.mp4").is_file()
    assert not session.project.music_settings.enabled
    assert session.undo_label == "Music for the export"
    plan = build_render_plan(session.project, session.folder.path, dialog.options())
    assert plan.music is None and "music" not in active_stems(plan, {})
    session.undo()
    assert session.project.music_settings.enabled
