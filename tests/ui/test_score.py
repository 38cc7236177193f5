"""The score in the editor: the music lane (waveform, section marks at the cuts, stale after a
reorder)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from vidstudio.core.commands import ReorderScenes
from vidstudio.core.timeline import timeline as film_timeline

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def score(document: Any, sample_project: Path, run: Any, qtbot: Any) -> Any:
    """The timeline on a copy of the rendered sample."""
    from vidstudio.ui.timeline import TimelineView

    run(document.open(sample_project))
    view = TimelineView(document)
    qtbot.addWidget(view)
    view.resize(1400, 320)
    view.show()
    qtbot.waitExposed(view)
    return view


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

    # a reorder: the lane says stale at once (from the change event); its
    # marks stay where the score's own sections change until a new score is cut
    session.execute(ReorderScenes([s.id for s in reversed(project.ordered_scenes)]))
    assert score.score.music.score.state == "stale" and "stale" in score.score.toolTip()
    assert score.score.music.marks == pytest.approx((cut,), abs=0.01)
