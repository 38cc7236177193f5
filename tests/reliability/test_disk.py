"""Disks that fill up or are read-only, and asset files changed behind vidstudio's back.

The full and read-only disks are real: a small tmpfs, filled or remounted read-only (the tests
need root to mount one and are skipped without it).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.reliability.harness import SCRIPT, run, summary, temp_leftovers
from vidstudio.storage import ProjectFolder

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.slow


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    block = b"\0" * 65536
    try:
        while len(block) > 1:
            try:
                os.write(fd, block)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                block = block[: len(block) // 2]
    finally:
        os.close(fd)
    return filler


def _render(work: Path, ledger: Path) -> None:
    (work / "script.txt").write_text(SCRIPT)
    code, _, err = run(ledger, "render", str(work / "script.txt"), "-o", str(work / "film.mp4"),
                       "-q")
    assert code == 0, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_full_disk_during_export_and_regenerate_keeps_the_film_and_the_project(
        small_disk: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    _render(small_disk, ledger)
    project = small_disk / "film.vidstudio"
    film = small_disk / "film.mp4"
    before = {p: _digest(p) for p in (film, project / "project.json")}
    filler = _fill(small_disk)

    code, _, err = run(ledger, "export", str(project), "-o", str(film), "-q", "--force")
    assert code == 1 and "no space left" in _one_line(err).lower(), err
    code, _, err = run(ledger, "regenerate", str(project), "--scene", "1", "--slot", "sfx")
    assert code == 1 and "no space left" in _one_line(err).lower(), err
    assert {p: _digest(p) for p in before} == before, "the film and the project are untouched"
    assert temp_leftovers(small_disk) == []

    filler.unlink()
    code, _, err = run(ledger, "regenerate", str(project), "--scene", "1", "--slot", "sfx")
    assert code == 0 and "(2 kept)" in err, err


def test_a_read_only_project_is_exported_and_a_write_says_read_only(small_disk: Path,
                                                                   tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    _render(small_disk, ledger)
    project = small_disk / "film.vidstudio"
    saved = _digest(project / "project.json")
    done = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip("cannot remount read-only")

    code, _, err = run(ledger, "export", str(project), "-o", str(tmp_path / "copy.mp4"), "-q")
    assert code == 0, err
    assert (tmp_path / "copy.mp4").stat().st_size > 0
    code, _, err = run(ledger, "regenerate", str(project), "--scene", "1", "--slot", "sfx")
    assert code == 1 and "read-only" in _one_line(err), err
    assert _digest(project / "project.json") == saved


def test_a_swapped_asset_is_refused_by_the_export_and_made_again_by_the_next_render(
        tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    _render(tmp_path, ledger)
    project = tmp_path / "film.vidstudio"
    film = tmp_path / "film.mp4"
    before = _digest(film)
    folder, loaded = ProjectFolder.open(project)
    scene = loaded.ordered_scenes[0]
    narration = scene.slots["narration"].active_take  # type: ignore[index]
    sound = scene.slots["sfx"].active_take  # type: ignore[index]
    assert narration is not None and sound is not None
    path = folder.assets.resolve(narration.file or "")
    shutil.copyfile(folder.assets.resolve(sound.file or ""), path)  # a valid WAV, other bytes

    code, _, err = run(ledger, "export", str(project), "-o", str(film), "-q", "--force")
    line = _one_line(err)
    assert code == 1 and "narration file" in line and "was changed after it was made" in line
    assert _digest(film) == before

    code, _, err = run(ledger, "render", str(tmp_path / "script.txt"), "-o", str(film), "-q")
    assert code == 0, err
    generated, _ = summary(err)
    assert generated >= 1, "the damaged narration was made again"
    assert ProjectFolder(project).assets.verify(narration.file or "")

    # An export into the project's own files is refused before anything is written.
    inside = project / "assets" / Path(narration.file or "").parent.name / "film.mp4"
    code, _, err = run(ledger, "export", str(project), "-o", str(inside), "-q")
    assert code == 2 and "inside the project" in _one_line(err)
