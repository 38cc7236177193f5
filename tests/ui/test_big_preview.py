"""The big preview and titles, driven as a user drives them: detach the preview into its own
window and back, full screen with F and out with Esc; type the film's title and a lower third
in the titles dialog (undoable); the preview shows the narration's subtitle at its time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from pathlib import Path


def test_detach_full_screen_and_back(window: Any, sample_project: Path, run: Any,
                                     qtbot: Any) -> None:
    from vidstudio.ui.detached_preview import PreviewWindow

    run(window.start(sample_project))
    preview, dock = window.preview, window.preview_dock
    assert preview.detach_button.accessibleName() == "Detach the preview"
    qtbot.mouseClick(preview.detach_button, Qt.MouseButton.LeftButton)
    big = preview.window()
    assert isinstance(big, PreviewWindow) and big.isVisible() and big is not window
    assert dock.isHidden() and preview.isVisible()
    assert preview.detach_button.accessibleName() == "Put the preview back"
    assert big.width() > dock.width()

    assert preview.full_screen_action.shortcut().toString() == "F"  # the shortcut sheet's
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_F)
    qtbot.waitUntil(big.isFullScreen, timeout=5000)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not big.isFullScreen(), timeout=5000)
    assert preview.window() is big, "Esc leaves full screen first"
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: preview.window() is window, timeout=5000)
    assert dock.widget() is preview and dock.isVisible()
    assert preview.detach_button.accessibleName() == "Detach the preview"

    # F from the docked preview: straight to full screen in its own window; the button back.
    qtbot.keyClick(preview, Qt.Key.Key_F)
    big = preview.window()
    qtbot.waitUntil(lambda: isinstance(big, PreviewWindow) and big.isFullScreen(), timeout=5000)
    qtbot.mouseClick(preview.detach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.window() is window, timeout=5000)
    assert dock.widget() is preview


def test_titles_typed_in_the_dialog_and_subtitles_in_the_preview(
        window: Any, sample_project: Path, run: Any, qtbot: Any) -> None:
    from vidstudio.ui.titles_dialog import TitlesDialog

    run(window.start(sample_project))
    session = window.session
    action = next(a for a in window.findChildren(type(window.undo_action))
                  if a.objectName() == "titles")
    action.trigger()
    dialog = next(d for d in window.findChildren(TitlesDialog) if d.isVisible())
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "The Keeper")
    qtbot.keyClicks(dialog.mode, "Over")  # a combo picks by typing
    assert session.project.title == "The Keeper"
    assert session.project.settings.title_mode == "overlay"
    scenes = session.project.ordered_scenes
    field = dialog.captions[scenes[1].id]
    assert field.accessibleName() == "Lower third of scene 2"
    qtbot.keyClicks(field, "Dawn, 1890")
    assert scenes[1].caption == "Dawn, 1890"
    assert window.undo_action.text() == "&Undo Edit caption"
    window.undo_action.trigger()
    assert scenes[1].caption == ""
    dialog.close()

    # The narration's subtitle at its time, under the picture, while a clip is shown.
    preview = window.preview
    qtbot.waitUntil(lambda: bool(preview.cues), timeout=30000)
    cue = next(c for c in preview.cues if c.start >= scenes[0].duration)
    take = scenes[1].slots[SlotKind.CLIP].active_take
    preview.show_take(session.folder.path / take.file)
    preview.seek((cue.start + cue.end) / 2)
    qtbot.waitUntil(lambda: preview.subtitle.text() == cue.text, timeout=15000)
    qtbot.mouseClick(preview.subtitles_button, Qt.MouseButton.LeftButton)
    assert preview.subtitle.isHidden()
    QApplication.processEvents()
