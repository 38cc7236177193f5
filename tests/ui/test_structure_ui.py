"""Directing the film's structure from the window: the right-click menus of a card and of a
timeline clip, the Scene menu's shortcuts, the five-scene limit, and undo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from tests.ui.keys import type_text

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

SCRIPT = """INT. LIGHTHOUSE LAMP ROOM - NIGHT

The storm hits the glass of the lamp room. The great lamp turns. Rain runs down the panes.

EXT. ROCKY SHORE - DAWN

At dawn the sea is calm and gulls circle over the wet rocks.
"""


def _plan(window: Any, qtbot: Any, run: Any) -> Any:
    run(window.start())
    pane = window.script_pane
    type_text(pane.editor, SCRIPT)
    qtbot.mouseClick(pane.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and bool(window.session.project.scenes),
                    timeout=60000)
    session = window.session
    _cards_follow(window, qtbot)
    qtbot.waitUntil(lambda: not session.manager.running(), timeout=30000)
    return session


def _cards_follow(window: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: set(window.board.cards) == {
        s.id for s in window.session.project.scenes} and not window.board.building,
        timeout=10000)


def _right_click(widget: QWidget, point: QPoint, qtbot: Any) -> QMenu:
    """A right click as the window system delivers it (so Qt makes the context menu event)."""
    top = widget.window()
    # The layout settles over a few turns (cards are built one per turn): click once the point
    # is inside the window, where a person can click it.
    qtbot.waitUntil(lambda: top.rect().contains(widget.mapTo(top, point)), timeout=5000)
    QTest.mouseClick(top.windowHandle(), Qt.MouseButton.RightButton,
                     Qt.KeyboardModifier.NoModifier, widget.mapTo(top, point))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def _action(menu: QMenu, name: str) -> QAction:
    return next(a for a in menu.actions() if a.objectName() == name)


def _choose(menu: QMenu, name: str, qtbot: Any) -> None:
    action = _action(menu, name)
    assert action.isEnabled(), name
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5000)


def _durations(session: Any) -> list[int]:
    return [s.duration for s in session.project.ordered_scenes]


def test_add_duplicate_split_merge_delete_from_menus_with_limits_and_undo(
        window: Any, qtbot: Any, run: Any) -> None:
    session = _plan(window, qtbot, run)
    first = session.project.ordered_scenes[0]
    assert len(session.project.scenes) == 2
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    # The card's right-click menu: add a scene after the first one.
    card = window.board.cards[first.id]
    menu = _right_click(card.thumbnail, card.thumbnail.rect().center(), qtbot)
    assert menu.accessibleName() == "Scene 1 actions"
    assert _action(menu, "merge-scene").isEnabled()  # it has a next scene to merge with
    _choose(menu, "add-scene", qtbot)
    ordered = session.project.ordered_scenes
    assert len(ordered) == 3 and ordered[1].title == "New scene" and ordered[0].id == first.id
    _cards_follow(window, qtbot)
    assert window.board.cards[ordered[1].id].number.text() == "2"

    # The Scene menu's shortcuts act on the selected card: duplicate the first, then split
    # the copy (two 5 s scenes, the narration cut at a sentence).
    qtbot.mouseClick(window.board.cards[first.id].number, Qt.MouseButton.LeftButton)
    assert window.board.selected == first.id
    QTest.keyClick(window.board, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(session.project.scenes) == 4
    copy = session.project.ordered_scenes[1]
    assert copy.narration == first.narration and window.board.selected == copy.id
    _cards_follow(window, qtbot)
    QTest.keyClick(window.board, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    if copy.duration == 5:  # a 5 s scene asks the new one's length (a 9 s one is cut in two)
        box = window.board.structure.length_question
        qtbot.waitUntil(lambda: box.isVisible(), timeout=5000)
        qtbot.mouseClick(box.findChild(QWidget, "split-5"), Qt.MouseButton.LeftButton)
    assert len(session.project.scenes) == 5
    kept, made = session.project.ordered_scenes[1:3]
    assert kept.id == copy.id and (kept.duration, made.duration) == (5, 5)
    assert kept.narration and made.narration
    assert f"{kept.narration} {made.narration}" == " ".join(first.narration.split())

    # A sixth scene is refused, with the reason, and nothing changes.
    _cards_follow(window, qtbot)
    QTest.keyClick(window.board, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert len(session.project.scenes) == 5
    assert "at most 5 scenes" in window.statusBar().currentMessage()

    # The timeline clip's right-click menu: merge the first scene with the next (one 9 s
    # scene, both narrations), then delete the last; undo brings it back.
    timeline = window.timeline
    qtbot.waitUntil(lambda: set(timeline.clips) == {s.id for s in session.project.scenes},
                    timeout=10000)
    canvas = timeline.canvas
    clip = timeline.clips[first.id]
    where = canvas.mapFromScene(clip.mapToScene(clip.boundingRect().center()))
    menu = _right_click(canvas.viewport(), where, qtbot)
    second = session.project.ordered_scenes[1]
    _choose(menu, "merge-scene", qtbot)
    merged = session.project.scene(first.id)
    assert merged.duration == 9 and len(session.project.scenes) == 4
    assert merged.narration.endswith(second.narration) and second.narration
    _cards_follow(window, qtbot)
    assert window.board.cards[first.id].duration.currentText() == "9 s"

    # A 5 s scene's split asks how long the new scene is.
    five = next(s for s in session.project.ordered_scenes if s.duration == 5)
    card = window.board.cards[five.id]
    window.board.ensureWidgetVisible(card)  # scrolled to, as a person would
    _choose(_right_click(card.thumbnail, card.thumbnail.rect().center(), qtbot), "split-scene",
            qtbot)
    box = window.board.structure.length_question
    qtbot.waitUntil(lambda: box.isVisible(), timeout=5000)
    qtbot.mouseClick(box.findChild(QWidget, "split-9"), Qt.MouseButton.LeftButton)
    assert len(session.project.scenes) == 5
    ordered = session.project.ordered_scenes
    at = [s.id for s in ordered].index(five.id)
    assert (ordered[at].duration, ordered[at + 1].duration) == (5, 9)
    _cards_follow(window, qtbot)

    last = session.project.ordered_scenes[-1]
    qtbot.waitUntil(lambda: set(timeline.clips) == {s.id for s in session.project.scenes},
                    timeout=10000)
    clip = timeline.clips[last.id]
    canvas.ensureVisible(clip)
    where = canvas.mapFromScene(clip.mapToScene(clip.boundingRect().center()))
    menu = _right_click(canvas.viewport(), where, qtbot)
    assert not _action(menu, "merge-scene").isEnabled(), "the last scene has no next one"
    _choose(menu, "delete-scene", qtbot)
    assert last.id not in {s.id for s in session.project.scenes}
    assert window.undo_action.text() == "&Undo Delete scene"
    QTest.keyClick(window.board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.project.ordered_scenes[-1] is last
    _cards_follow(window, qtbot)
