"""A batch film made in node-local scratch: checkpointed to ``<project>.partial/`` as it goes
(the journal before a paid call is sent), moved into place whole when finished. A batch killed
mid-render leaves no half-made project at the destination, and its rerun pays nothing twice."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from tests.batch.test_local import DRAFT, SCRIPTS
from tests.e2e.test_cloud_render import cloud_servers, vidstudio
from tests.e2e.test_money_safety import made
from vidstudio.batch.manifest import FilmSpec
from vidstudio.batch.scratch import (
    Checkpoint,
    _lock_checkpoint,
    partial_dir,
    publish_project,
    run_film_in_scratch,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.e2e.test_cloud_render import Cloud


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    yield from cloud_servers()


def _journal_has_id(journal: Path) -> bool:
    try:
        lines = journal.read_text().splitlines()
    except FileNotFoundError:
        return False
    return any(json.loads(line).get("remote_id") for line in lines if line.strip())


@pytest.mark.slow
def test_a_killed_batch_resumes_from_its_checkpoint_and_pays_nothing_twice(
        cloud: Cloud, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SCRIPTS[0] + "\n")
    manifest = tmp_path / "m.csv"
    manifest.write_text("script,output,resolution,max_scenes,planner,images,style,video,sound,"
                        "voice,music\n"  # a draft: the frame's size is not the point here
                        f"a.txt,a.mp4,{DRAFT},1,local,local,local,luma,local,local,local\n")
    project, film = tmp_path / "a.vidstudio", tmp_path / "a.mp4"
    cloud.luma.dreaming_polls = 10**6  # the clip stays in the making until the batch is dead
    batch = subprocess.Popen([sys.executable, "-m", "vidstudio", "batch", str(manifest), "-q"],
                             env=cloud.env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not _journal_has_id(partial_dir(project) / "journal.jsonl"):
            assert batch.poll() is None, "the batch ended before its clip was submitted"
            assert time.monotonic() < deadline, "no checkpointed journal entry"
            time.sleep(0.2)
    finally:
        os.killpg(batch.pid, signal.SIGKILL)  # the batch and its pool: a dead node
        batch.wait()
    assert made(cloud)["luma video"] == 1
    # Nothing half-made at the destination; the checkpoint holds the paid call's id.
    assert not project.exists() and not film.exists()
    assert (partial_dir(project) / "project.json").is_file()

    cloud.luma.dreaming_polls = 0
    done = vidstudio("batch", str(manifest), env=cloud.env())
    assert done.returncode == 0, done.stderr
    assert made(cloud)["luma video"] == 1  # resumed, not bought again
    assert film.stat().st_size > 10_000
    clip_takes = [t for s in json.loads((project / "project.json").read_text())["scenes"]
                  for t in s["slots"]["clip"]["takes"]]
    assert len(clip_takes) == 1
    assert not partial_dir(project).exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert not leftovers  # no temporary copies beside the destination

def test_a_checkpoint_copies_an_asset_once_and_the_journal_alone(tmp_path: Path) -> None:
    source, target = tmp_path / "p", tmp_path / "p.partial"
    (source / "assets").mkdir(parents=True)
    (source / "assets" / "ab12.png").write_bytes(b"png")
    (source / "project.json").write_text("{}")
    (source / ".lock").write_text("mine")
    checkpoint = Checkpoint(source, target)
    checkpoint(source / "project.json")
    assert checkpoint.copies == 2 and not (target / ".lock").exists()
    (source / "journal.jsonl").write_text('{"key": "k"}\n')
    checkpoint(source / "journal.jsonl")
    assert checkpoint.copies == 3
    (source / "project.json").write_text('{"v": 2}')
    (source / "assets" / "cd34.png").write_bytes(b"png2")
    checkpoint(source / "project.json")
    assert checkpoint.copies == 5  # the new asset and the project; the old asset not again
    assert (target / "project.json").read_text() == '{"v": 2}'
    (source / "journal.jsonl").unlink()
    checkpoint.sync()
    assert not (target / "journal.jsonl").exists()


def test_a_project_is_replaced_only_once_its_copy_is_whole(tmp_path: Path) -> None:
    scratch, destination = tmp_path / "scratch" / "f.vidstudio", tmp_path / "f.vidstudio"
    scratch.mkdir(parents=True)
    (scratch / "project.json").write_text("new")
    os.mkfifo(scratch / "pipe")  # a file that cannot be copied: the copy fails midway
    destination.mkdir()
    (destination / "project.json").write_text("old")
    with pytest.raises(shutil.SpecialFileError):
        publish_project(scratch, destination)
    assert (destination / "project.json").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.vidstudio", "scratch"]
    (scratch / "pipe").unlink()
    publish_project(scratch, destination)
    assert (destination / "project.json").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.vidstudio", "scratch"]


def test_a_film_being_made_elsewhere_fails_with_one_line(tmp_path: Path) -> None:
    spec = FilmSpec(name="f", output=tmp_path / "f.mp4", text="A kite.")
    held = _lock_checkpoint(spec)  # another maker of the same film (another node)
    try:
        result = asyncio.run(run_film_in_scratch(spec, None, None))
    finally:
        held.release()
    assert result.status == "failed"
    assert "is open in another vidstudio" in result.error and "\n" not in result.error
    assert not (tmp_path / "f.vidstudio").exists()
