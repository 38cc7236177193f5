"""vidstudio killed or interrupted at its worst moments — planning, paid generations in flight,
exporting, saving the project — by SIGKILL, SIGTERM and Ctrl-C (SIGINT to the whole process
group, as a terminal sends it).

After each: the project opens and no take is damaged; every paid job is resumed, none created
twice (the emulated services count creates in a ledger that outlives the process); no process
of the run is left behind (its process group, read from /proc, empties by itself, and the
caller's pipes reach end-of-file); no temporary file outlives the next run; and the next run
finishes the film.
"""

from __future__ import annotations

import hashlib
import os
import signal
from typing import TYPE_CHECKING

import pytest

from tests.reliability.cloudsim import count, creates_per_job
from tests.reliability.harness import (
    SCRIPT,
    assert_group_ends,
    assert_project_sound,
    held,
    journal,
    ready_takes,
    run,
    start,
    summary,
    temp_leftovers,
    wait_until,
)
from vidstudio.cli import INTERRUPTED

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

SCENES = 3
# Per scene: narration, sound, two keyframes, a clip; per environment: 2 images and a style.
STEPS = SCENES * 5 + 3


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "script.txt").write_text(SCRIPT)
    return tmp_path


def _render(work: Path) -> list[str]:
    return ["render", str(work / "script.txt"), "-o", str(work / "film.mp4"), "-q"]


def _assert_nothing_paid_twice(ledger: Path) -> None:
    twice = {job: n for job, n in creates_per_job(ledger).items() if n > 1}
    assert not twice, f"paid jobs created more than once: {twice}"


def _finish_and_check(work: Path, ledger: Path) -> tuple[int, int]:
    """The next run: completes the film, pays nothing twice, leaves no temporary file and an
    empty journal. Returns (generated, reused)."""
    code, out, err = run(ledger, *_render(work))
    assert code == 0, err
    assert (work / "film.mp4").stat().st_size > 0
    _assert_nothing_paid_twice(ledger)
    project = work / "film.vidstudio"
    assert journal(project) == [], "every journalled job landed"
    assert temp_leftovers(work) == []
    assert_project_sound(project)
    return summary(err)


def test_sigkill_while_planning(work: Path) -> None:
    ledger = work / "ledger"
    cli = start(ledger, *_render(work), hold="plan")
    wait_until(lambda: held(ledger, "plan") == 1, "planning", cli)
    os.kill(cli.pid, signal.SIGKILL)
    cli.finish()
    assert_group_ends(cli.pid)
    generated, reused = _finish_and_check(work, ledger)
    assert (generated, reused) == (STEPS, 0)


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_interrupted_while_paid_clips_are_generating(work: Path, how: str) -> None:
    """Clips are held at the service (slow generations) while everything else finishes."""
    ledger = work / "ledger"
    cli = start(ledger, *_render(work), hold="clip")
    wait_until(lambda: held(ledger, "clip") == SCENES, "every clip to be in flight", cli)
    project = work / "film.vidstudio"
    wait_until(lambda: len(journal(project)) == SCENES, "only the clips left in the journal",
               cli)
    if how == "SIGINT":
        os.killpg(cli.pid, signal.SIGINT)  # Ctrl-C reaches every process of the group
    else:
        os.kill(cli.pid, getattr(signal, how))
    code, out, err = cli.finish()
    assert_group_ends(cli.pid)

    if how != "SIGKILL":
        assert code == {"SIGTERM": 143, "SIGINT": 130}[how]
        assert err.strip().splitlines() == [f"vidstudio: error: {INTERRUPTED}"], err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err
        # Closing saved what finished: every step but the clips.
        assert ready_takes(project) == STEPS - SCENES
    assert len(journal(project)) == SCENES, "the clips in flight stay journalled"
    assert_project_sound(project)

    generated, reused = _finish_and_check(work, ledger)
    assert count(ledger, "resume", "clip") == SCENES, "each clip in flight was resumed"
    assert count(ledger, "create", "clip") == SCENES
    if how != "SIGKILL":
        assert (generated, reused) == (SCENES, STEPS - SCENES), "finished work was kept"


def test_sigkill_during_a_project_save(work: Path) -> None:
    """Killed between writing the new project.json and renaming it into place."""
    ledger = work / "ledger"
    cli = start(ledger, *_render(work), hold="save")
    wait_until(lambda: held(ledger, "save") == 1, "a save to be under way", cli)
    project = work / "film.vidstudio"
    before = (project / "project.json").read_bytes()
    os.kill(cli.pid, signal.SIGKILL)
    cli.finish()
    assert_group_ends(cli.pid)
    assert (project / "project.json").read_bytes() == before, "the saved project is intact"
    assert any(p.name.startswith(".project.json.p") for p in temp_leftovers(project))
    assert_project_sound(project)
    _finish_and_check(work, ledger)


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_interrupted_export_keeps_the_previous_film_and_leaves_nothing(work: Path,
                                                                      how: str) -> None:
    ledger = work / "ledger"
    code, _, err = run(ledger, *_render(work))
    assert code == 0, err
    film = work / "film.mp4"
    previous = hashlib.sha256(film.read_bytes()).hexdigest()
    project = work / "film.vidstudio"
    # A 1080p delivery re-encodes every clip: slow enough to be caught in the act.
    slow = ["export", str(project), "-o", str(film), "--preset", "web-1080p", "-q"]
    cli = start(ledger, *slow)
    wait_until(lambda: any(p.suffix == ".mp4" or p.name.startswith("export-")
                           for p in temp_leftovers(work)), "the export to start", cli)
    os.kill(cli.pid, getattr(signal, how))
    code, _, err = cli.finish()
    assert_group_ends(cli.pid)  # ffmpeg included
    assert hashlib.sha256(film.read_bytes()).hexdigest() == previous
    if how == "SIGTERM":
        assert code == 143 and INTERRUPTED in err
        assert temp_leftovers(work) == [], "a graceful stop cleans up at once"
    assert_project_sound(project)

    code, out, err = run(ledger, "export", str(project), "-o", str(film), "-q", "--force")
    assert code == 0, err
    assert temp_leftovers(work) == [], "the next export removed what the killed one left"
    _assert_nothing_paid_twice(ledger)
