"""The timeline over a rendered project: clips where the scenes are, previews, selection,
reorder by drag (undoable), stale takes shown as such."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from vidstudio.core.commands import EditScene
from vidstudio.core.timeline import timeline as film_timeline

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def view(document: Any, sample_project: Path, run: Any, qtbot: Any) -> Any:
    from vidstudio.ui.timeline import TimelineView

    run(document.open(sample_project))
    widget = TimelineView(document)
    qtbot.addWidget(widget)
    widget.resize(1100, 220)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _mouse(view: Any, kind: QEvent.Type, scene_x: float, scene_y: float,
           buttons: Qt.MouseButton) -> None:
    viewport = view.canvas.viewport()
    local = QPointF(view.canvas.mapFromScene(QPointF(scene_x, scene_y)))
    event = QMouseEvent(kind, local, QPointF(viewport.mapToGlobal(local.toPoint())),
                        Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def _drag(view: Any, start_x: float, end_x: float, y: float) -> None:
    left = Qt.MouseButton.LeftButton
    _mouse(view, QEvent.Type.MouseButtonPress, start_x, y, left)
    steps = 6
    for i in range(1, steps + 1):
        _mouse(view, QEvent.Type.MouseMove, start_x + (end_x - start_x) * i / steps, y, left)
    _mouse(view, QEvent.Type.MouseButtonRelease, end_x, y, Qt.MouseButton.NoButton)


def test_clips_sit_at_their_scenes_times_with_previews(view: Any, document: Any,
                                                      run: Any) -> None:
    project = document.session.project
    entries = film_timeline(project)
    pps = view.pixels_per_second
    assert [lane.scene_id for lane in view.lanes] == [e.scene_id for e in entries]
    assert len(view.clips) == len(entries) == 2
    for entry in entries:
        clip = view.clips[entry.scene_id]
        assert clip.pos().x() == pytest.approx(entry.start * pps)
        assert clip.width == pytest.approx(entry.duration * pps)
        assert clip.lane.title == project.scene(entry.scene_id).title
        assert clip.lane.video.state == "ready"
    # one sound bed and one narration per scene, each spanning its scene
    assert sorted((w.data(0), w.lane.scene_id) for w in view.waves) == sorted(
        (k, e.scene_id) for e in entries for k in ("sfx", "voice"))
    # subtitles: the narration's sentences, inside their scene
    for entry in entries:
        cues = [c.cue for c in view.cues if c.scene_id == entry.scene_id]
        assert cues, "every narrated scene has a subtitle"
        assert all(entry.start <= c.start < c.end <= entry.end + 1e-6 for c in cues)
    assert view.duration == pytest.approx(project.duration)

    run(view.wait_for_previews())
    assert all(c.pixmap is not None and not c.pixmap.isNull() for c in view.clips.values())
    assert all(w.peaks is not None and w.peaks.max() > 0.01 for w in view.waves)
    cached = list((document.session.folder.cache_dir / "timeline").iterdir())
    assert any(p.name.startswith("thumb-") for p in cached)
    assert any(p.name.startswith("wave-") for p in cached)

    view.zoom_by(2.0)
    assert view.pixels_per_second == pytest.approx(pps * 2)
    second = view.clips[entries[1].scene_id]
    assert second.pos().x() == pytest.approx(entries[1].start * pps * 2)


def test_click_selects_and_ruler_seeks(view: Any, document: Any, qtbot: Any) -> None:
    second = view.lanes[1]
    clip = view.clips[second.scene_id]
    point = view.canvas.mapFromScene(clip.sceneBoundingRect().center())
    with qtbot.waitSignal(view.scene_selected) as selected:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert selected.args == [second.scene_id]
    assert clip.selected

    x = 3.5 * view.pixels_per_second
    ruler = view.canvas.mapFromScene(QPointF(x, 10))
    with qtbot.waitSignal(view.seek_requested) as seek:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(ruler.x(), ruler.y()))
    assert seek.args[0] == pytest.approx(3.5, abs=1.0 / view.pixels_per_second)
    view.set_playhead(4.0)
    assert view.playhead.pos().x() == pytest.approx(4.0 * view.pixels_per_second)


def test_drag_reorders_scenes_undoably(view: Any, document: Any) -> None:
    session = document.session
    before = [s.id for s in session.project.ordered_scenes]
    last = view.clips[before[-1]]
    rect = last.sceneBoundingRect()
    _drag(view, rect.center().x(), 2.0, rect.center().y())

    after = [s.id for s in session.project.ordered_scenes]
    assert after == [before[-1], *before[:-1]]
    assert session.history.undo_label == "Reorder scenes"
    assert [lane.scene_id for lane in view.lanes] == after
    assert view.clips[before[-1]].pos().x() == pytest.approx(0.0)

    session.undo()
    assert [s.id for s in session.project.ordered_scenes] == before
    assert [lane.scene_id for lane in view.lanes] == before
    assert view.clips[before[0]].pos().x() == pytest.approx(0.0)

    # a drag that ends where it began changes nothing
    first = view.clips[before[0]]
    centre = first.sceneBoundingRect().center()
    _drag(view, centre.x(), centre.x() + 10, centre.y())
    assert [s.id for s in session.project.ordered_scenes] == before
    assert first.pos().x() == pytest.approx(0.0)


def test_stale_and_missing_takes_are_drawn_as_such(view: Any, document: Any) -> None:
    session = document.session
    scene = session.project.ordered_scenes[0]
    session.execute(EditScene(scene.id, "sfx_prompt", "thunder and heavy rain"))
    lane = next(lane for lane in view.lanes if lane.scene_id == scene.id)
    assert lane.sfx.state == "stale"
    assert lane.video.state == "ready"
    wave = next(w for w in view.waves if w.lane.scene_id == scene.id and w.data(0) == "sfx")
    assert wave.view.state == "stale"
    session.undo()
    wave = next(w for w in view.waves if w.lane.scene_id == scene.id and w.data(0) == "sfx")
    assert wave.view.state == "ready"


def test_empty_project_shows_a_hint(document: Any, run: Any, qtbot: Any) -> None:
    from vidstudio.ui.timeline import TimelineView

    run(document.new())
    widget = TimelineView(document)
    qtbot.addWidget(widget)
    assert not widget.clips
    assert widget.empty_label.isVisible()
