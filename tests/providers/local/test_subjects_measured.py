"""The labelled scripts' subjects are on screen: measured on keyframe pixels (see
``subject_score``). The unseen third was written after the code and not tuned on."""

from __future__ import annotations

import pytest

from tests.providers.local.subject_score import score


@pytest.mark.parametrize("folder", ["seen", "unseen"])
def test_labelled_subjects_are_drawn_visible_and_whole(folder: str) -> None:
    rate, verdicts = score(folder)
    missed = [f"{v.script} scene {v.scene + 1}: {v.label} ({v.why})"
              for v in verdicts if not v.shown]
    assert len(verdicts) >= 20
    assert rate >= 0.8, f"{rate:.0%} shown; missed: {missed}"
