"""Two writers on one project — render and regenerate, two regenerates, the editor's session and
the command line: the second is refused with a clear message (exit 75, "try again later") and
loses nothing; once the first is done, the second succeeds and every take is kept."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import pytest

from tests.reliability.cloudsim import sim_providers
from tests.reliability.harness import SCRIPT, held, release, run, start, wait_until
from vidstudio.cli import EXIT_LOCKED
from vidstudio.jobs.session import ProjectSession

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow


def _sfx_takes(project: Path, scene: int = 1) -> int:
    data = json.loads((project / "project.json").read_text())
    ordered = sorted(data["scenes"], key=lambda s: s["order"])
    return len([t for t in ordered[scene - 1]["slots"]["sfx"]["takes"]
                if t["status"] == "ready"])


def _assert_refused(result: tuple[int, str, str], holder: str) -> None:
    code, _, err = result
    assert code == EXIT_LOCKED, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "is open in another vidstudio" in lines[0], err
    assert holder in lines[0], err


def test_render_and_regenerates_take_turns_and_keep_every_take(tmp_path: Path) -> None:
    (tmp_path / "script.txt").write_text(SCRIPT)
    ledger = tmp_path / "ledger"
    project = tmp_path / "film.vidstudio"
    render = ["render", str(tmp_path / "script.txt"), "-o", str(tmp_path / "film.mp4"), "-q"]
    regenerate = ["regenerate", str(project), "--scene", "1", "--slot", "sfx"]

    first = start(ledger, *render, hold="clip")
    wait_until(lambda: held(ledger, "clip") >= 1, "the render to be generating", first)
    _assert_refused(run(ledger, *regenerate), "vidstudio render")
    _assert_refused(run(ledger, *render), "vidstudio render")
    release(ledger, "clip")
    code, _, err = first.finish()
    assert code == 0, err
    assert _sfx_takes(project) == 1

    second = start(ledger, *regenerate, hold="sfx")
    wait_until(lambda: held(ledger, "sfx") >= 1, "the regenerate to be generating", second)
    _assert_refused(run(ledger, *regenerate), "vidstudio regenerate")
    release(ledger, "sfx")
    code, _, err = second.finish()
    assert code == 0 and "(2 kept)" in err, err
    code, _, err = run(ledger, *regenerate)
    assert code == 0 and "(3 kept)" in err, err
    assert _sfx_takes(project) == 3, "no take was lost"


def test_the_editors_session_and_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "script.txt").write_text(SCRIPT)
    ledger = tmp_path / "ledger"
    project = tmp_path / "film.vidstudio"
    code, _, err = run(ledger, "render", str(tmp_path / "script.txt"), "-o",
                       str(tmp_path / "film.mp4"), "-q")
    assert code == 0, err

    async def scenario() -> None:
        session = ProjectSession.open(project, sim_providers(), purpose="vidstudio editor")
        try:
            changes = await asyncio.to_thread(
                run, ledger, "regenerate", str(project), "--scene", "2", "--slot", "sfx")
            _assert_refused(changes, "vidstudio editor")
            # Exporting only reads: it works while the editor has the project open.
            code, out, err = await asyncio.to_thread(
                run, ledger, "export", str(project), "-o", str(tmp_path / "copy.mp4"), "-q")
            assert code == 0, err
        finally:
            await session.close()

    asyncio.run(scenario())
    code, _, err = run(ledger, "regenerate", str(project), "--scene", "2", "--slot", "sfx")
    assert code == 0 and "(2 kept)" in err, err
