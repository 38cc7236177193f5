"""Film settings from the window: a new aspect ratio and resolution make the pictures stale,
"Generate all" paints them again in the new frame, and the export is that size with the film's
transition."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.manager import JobState

if TYPE_CHECKING:
    from pathlib import Path


def _pick(combo: Any, text: str) -> None:
    """Choose an entry of a combo box with the keyboard, as a person does."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        QTest.keyClick(combo, key)


def test_aspect_change_makes_pictures_stale_and_the_export_that_size(
        window: Any, qtbot: Any, run: Any, sample_project: Path, tmp_path: Path) -> None:
    from vidstudio.export.plan import build_render_plan
    from vidstudio.media.ffmpeg import probe

    run(window.document.open(sample_project))
    session = window.session
    qtbot.waitUntil(lambda: len(window.board.cards) == len(session.project.scenes)
                    and not window.board.building, timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    QTest.keyClick(window.board, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.film_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.aspect.currentData() == "16:9"
    _pick(dialog.aspect, "9:16 — portrait (phones)")
    _pick(dialog.resolution, "144p (drafts)")
    _pick(dialog.transition, "Dip to black")
    assert dialog.size_label.text() == "144 × 256"
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    settings = session.project.settings
    assert (settings.aspect_ratio.value, settings.short_side, settings.transition) == (
        "9:16", 144, "dip_to_black")
    assert window.undo_action.text() == "&Undo Change film settings"
    for scene in session.project.scenes:  # painted for the old frame
        assert {k for k, s in scene.slots.items() if s.stale} == {
            SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP}
        card = window.board.cards[scene.id]
        qtbot.waitUntil(lambda c=card: c.rows[SlotKind.CLIP].badge.isVisible(), timeout=5000)
    window.generate_action.trigger()
    qtbot.waitUntil(lambda: any(j.kind == "generate-all" for j in session.manager.jobs))
    job = next(j for j in session.manager.jobs if j.kind == "generate-all")
    qtbot.waitUntil(lambda: job.state.finished, timeout=300000)
    assert job.state is JobState.SUCCEEDED, job.outcome
    # The export follows the film's transition unless it names its own.
    assert build_render_plan(session.project.model_copy(deep=True), session.folder.path
                             ).options.transition.value == "dip_to_black"  # type: ignore[union-attr]

    output = tmp_path / "portrait.mp4"
    export = session.export(output)
    run(session.wait(export), timeout=300)
    video = probe(output).video
    assert video is not None and (video.width, video.height) == (144, 256)
