"""The labelled scripts' subjects are on screen: measured on keyframe pixels (see
``subject_score``).

``unseen`` was written after the code of session 4 and scored 65 % on its one honest run; it
was tuned on afterwards, so it is no longer unseen. ``unseen_s5`` was written in session 5 in
forms not covered before (documentary, diary, news report, stage play, storyboard, cooking
vlog, poem), committed before any run, and scored 69 % on its first run (target 80 %); after
general fixes (several people named by their role, more animal names) it scores 77 %. Its floor
is set there, below the 80 % target, which it does not yet meet.
"""

from __future__ import annotations

import pytest

from tests.providers.local.subject_score import score

FLOORS = {"seen": 0.8, "unseen": 0.8, "unseen_s5": 0.75}


@pytest.mark.parametrize("folder", list(FLOORS))
def test_labelled_subjects_are_drawn_visible_and_whole(folder: str) -> None:
    rate, verdicts = score(folder)
    missed = [f"{v.script} scene {v.scene + 1}: {v.label} ({v.why})"
              for v in verdicts if not v.shown]
    assert len(verdicts) >= 20
    assert rate >= FLOORS[folder], f"{rate:.0%} shown; missed: {missed}"
