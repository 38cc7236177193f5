"""The compare view, driven as a user drives it: open it from a card's take strip, make four
variations of a clip in one job, play them in sync, pick one, star one (kept in the project);
a paid provider's cost is asked first and one that cannot vary says so before paying."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.manager import JobState
from vidstudio.providers.base import Capabilities

if TYPE_CHECKING:
    from pathlib import Path


def _open_compare(window: Any, qtbot: Any, kind: SlotKind) -> Any:
    from vidstudio.ui.compare import CompareView

    session = window.session
    scene = session.project.ordered_scenes[1]
    qtbot.waitUntil(lambda: scene.id in window.board.cards, timeout=20000)
    card = window.board.cards[scene.id]
    row = next(r for r in card.rows.values() if kind in r.strips)
    strip = row.strips[kind]
    assert strip.compare.accessibleName() == f"Compare takes of {_what(kind)} of scene 2"
    qtbot.mouseClick(strip.compare, Qt.MouseButton.LeftButton)
    views = [v for v in window.findChildren(CompareView) if v.isVisible()]
    assert len(views) == 1
    return views[0], scene


def _what(kind: SlotKind) -> str:
    return {SlotKind.CLIP: "clip", SlotKind.FIRST_FRAME: "first keyframe"}[kind]


def test_make_four_variations_compare_in_sync_pick_and_star(
        window: Any, sample_project: Path, run: Any, qtbot: Any) -> None:
    run(window.start(sample_project))
    session = window.session
    view, scene = _open_compare(window, qtbot, SlotKind.CLIP)
    slot = scene.slots[SlotKind.CLIP]
    assert len(view.tiles) == len(slot.takes) == 1
    # Two variations, typed as a person types them into the box.
    view.count.selectAll()
    qtbot.keyClicks(view.count, "2")
    assert view.make.text() == "Make 2"
    qtbot.mouseClick(view.make, Qt.MouseButton.LeftButton)  # local providers: free, no question
    job = view.job
    assert job is not None and job.kind == "variations"
    qtbot.waitUntil(lambda: job.state.finished, timeout=120000)
    assert job.state is JobState.SUCCEEDED, job.outcome
    assert len(slot.takes) == 3 and len({t.seed for t in slot.takes}) == 3
    qtbot.waitUntil(lambda: len(view.tiles) == 3, timeout=5000)
    assert view.status.text() == "2 of 2 variations made"
    assert window.undo_action.text() == "&Undo Make 2 variations of scene 2's clip"

    # Every clip's frames decoded; one clock shows the same frame of each.
    qtbot.waitUntil(lambda: all(t.frames for t in view.tiles.values()), timeout=60000)
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.frame >= 3, timeout=10000)
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)  # pause
    shown = {t.frame_index for t in view.tiles.values()}
    assert len(shown) == 1 and shown != {-1}, "every tile shows the same frame"
    assert all(t.picture.pixmap().size().width() == view.tile_size[0]
               for t in view.tiles.values())
    middles = [t.frames[len(t.frames) // 2] for t in view.tiles.values()]
    assert middles[0] != middles[1] or middles[1] != middles[2], "new seeds, other clips"

    # Pick the first take (undoable), star the second: the star is saved in the project.
    tiles = list(view.tiles.values())
    first, second = tiles[0], tiles[1]
    assert first.use.accessibleName() == "Use take 1 of clip of scene 2"
    qtbot.mouseClick(first.use, Qt.MouseButton.LeftButton)
    assert slot.active == first.take_id and first.use.text() == "In use"
    assert window.undo_action.text() == "&Undo Use take"
    qtbot.mouseClick(second.star, Qt.MouseButton.LeftButton)
    assert slot.starred == [second.take_id] and second.star.text() == "★"
    run(session.flush())
    from vidstudio.storage import ProjectFolder

    _, saved = ProjectFolder.open(sample_project)
    assert saved.scene(scene.id).slots[SlotKind.CLIP].starred == [second.take_id]
    strip = window.board.cards[scene.id].rows[SlotKind.CLIP].strips[SlotKind.CLIP]
    qtbot.waitUntil(lambda: "★" in strip.buttons[1].text(), timeout=5000)
    window.undo_action.trigger()
    assert slot.starred == []
    qtbot.waitUntil(lambda: second.star.text() == "☆", timeout=5000)
    view.close()


def test_a_paid_provider_is_asked_first_and_one_that_cannot_vary_says_so(
        window: Any, sample_project: Path, run: Any, qtbot: Any) -> None:
    run(window.start(sample_project))
    session = window.session
    view, scene = _open_compare(window, qtbot, SlotKind.FIRST_FRAME)
    slot = scene.slots[SlotKind.FIRST_FRAME]
    takes = len(slot.takes)
    keyframes = session.providers.keyframes
    keyframes.capabilities = Capabilities(paid=True, can_vary=False,
                                          vary_hint="edit its keyframe prompt first")
    qtbot.mouseClick(view.make, Qt.MouseButton.LeftButton)
    assert "would make the same first keyframe every time" in view.status.text()
    assert "edit its keyframe prompt first" in view.status.text()
    assert view.job is None and not session.manager.running()

    keyframes.capabilities = Capabilities(paid=True)
    qtbot.mouseClick(view.make, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox)
                    or bool(view.findChildren(QMessageBox)), timeout=5000)
    box = view.findChild(QMessageBox, "confirm-variations")
    assert "4 new takes of scene 2's first keyframe" in box.text()
    assert "Estimated cost: $" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert view.job is None and len(slot.takes) == takes, "nothing made, nothing paid"
    view.close()


def test_an_environment_image_has_its_compare_view_and_variations(
        window: Any, sample_project: Path, run: Any, qtbot: Any) -> None:
    """'Make N' on any slot: a place's selected image too, from its card in the panel."""
    from vidstudio.ui.compare import CompareView

    run(window.start(sample_project))
    env = window.session.project.environments[0]
    qtbot.waitUntil(lambda: env.id in window.environments.cards, timeout=20000)
    card = window.environments.cards[env.id]
    assert card.compare.accessibleName().startswith("Compare the selected image's takes")
    qtbot.mouseClick(card.compare, Qt.MouseButton.LeftButton)
    view = next(v for v in window.findChildren(CompareView) if v.isVisible())
    assert view.ref.kind is SlotKind.ENV_IMAGE and view.ref.index == card.selected_index
    slot = env.images[card.selected_index]
    before = len(slot.takes)
    view.count.selectAll()
    qtbot.keyClicks(view.count, "2")
    qtbot.mouseClick(view.make, Qt.MouseButton.LeftButton)
    job = view.job
    assert job is not None
    qtbot.waitUntil(lambda: job.state.finished, timeout=120000)
    assert job.state is JobState.SUCCEEDED, job.outcome
    assert len(slot.takes) == before + 2
    qtbot.waitUntil(lambda: len(view.tiles) == before + 2, timeout=5000)
    view.close()
