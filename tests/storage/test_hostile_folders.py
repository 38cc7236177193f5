"""Project folders as a hostile user (or a bad disk) leaves them: damaged assets, links out of the
folder, huge or malformed project files, leftovers of killed processes, a strict umask."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from vidstudio.atomic import atomic_output, atomic_write_text, fresh_temp_dir, remove_stale_temps
from vidstudio.core.models import Environment, Project, Scene, Take
from vidstudio.core.vocabulary import SlotKind
from vidstudio.storage import ProjectFolder, ProjectLoadError
from vidstudio.storage.assets import CHECKS_FILE, AssetStore
from vidstudio.storage.lock import ProjectLock
from vidstudio.storage.project_folder import MAX_PROJECT_BYTES

if TYPE_CHECKING:
    from pathlib import Path


def small_project() -> Project:
    env = Environment(id="env-a", name="Coast", setting="coast", image_prompts=["p"])
    return Project(title="T", environments=[env],
                   scenes=[Scene(id="sc-1", title="s", environment_id="env-a")])


def _stored(folder: ProjectFolder, tmp_path: Path, payload: bytes, name: str = "n.wav") -> str:
    source = tmp_path / name
    source.write_bytes(payload)
    return folder.assets.add(source)


def test_an_asset_whose_bytes_changed_fails_verification_and_counts_as_missing(
        tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    relative = _stored(folder, tmp_path, b"the narration")
    assert folder.assets.verify(relative) and folder.assets.exists(relative)
    path = folder.assets.resolve(relative)
    path.write_bytes(b"a swapped narration")  # same name, other bytes
    assert not folder.assets.verify(relative)
    assert not folder.assets.verify(path), "an absolute path inside the folder is checked too"
    assert not folder.assets.exists(relative), "a damaged asset is as good as missing"
    # The verdict outlives the process: a new store (the next run) knows without hashing.
    fresh = ProjectFolder(folder.path).assets
    assert fresh.known(relative) is False and not fresh.exists(relative)
    # Storing the right bytes again repairs it instead of keeping the damaged copy.
    assert _stored(folder, tmp_path, b"the narration") == relative
    assert path.read_bytes() == b"the narration" and folder.assets.exists(relative)
    assert ProjectFolder(folder.path).assets.verify(relative)


def test_verification_is_remembered_by_size_and_time(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    relative = _stored(folder, tmp_path, b"x" * 100_000, "clip.mp4")
    hashed: list[Path] = []
    import vidstudio.storage.assets as assets_module

    real = assets_module.file_digest

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(assets_module, "file_digest", counting)
    again = ProjectFolder(folder.path).assets  # another process, the same cache file
    for _ in range(3):
        assert again.verify(relative)
    assert hashed == [], "a file checked when it was stored is not hashed again"
    assert (folder.path / "cache" / CHECKS_FILE).is_file()
    path = folder.assets.resolve(relative)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    assert ProjectFolder(folder.path).assets.verify(relative)
    assert len(hashed) == 1, "a touched file is hashed once more"


def test_names_that_are_no_hash_have_nothing_to_check(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "mine.wav").write_bytes(b"anything")
    assert store.verify("assets/mine.wav")
    assert not store.verify("assets/missing.wav")
    assert not store.verify("../outside.wav")


@pytest.mark.parametrize("entry", ["cache", "work", "renders", "assets", "project.json.bak",
                                   "journal.jsonl", ".lock"])
def test_a_part_linked_out_of_the_folder_is_refused(tmp_path: Path, entry: str) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = folder.path / entry
    if target.is_dir():
        target.rmdir()
    elif target.exists():
        target.unlink()
    os.symlink(outside if "." not in entry.lstrip(".") and entry != ".lock" else
               outside / "file", target)
    with pytest.raises(ProjectLoadError, match=f"{entry} is a link to .*outside the project"):
        ProjectFolder.open(folder.path)
    assert list(outside.iterdir()) == [], "nothing was written through the link"


def test_assets_and_work_linked_out_are_not_written_through(tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, folder.path / "assets")
    os.symlink(outside, folder.path / "work")
    source = tmp_path / "a.png"
    source.write_bytes(b"png")
    with pytest.raises(OSError, match="outside the project"):
        folder.assets.add(source)
    with pytest.raises(OSError, match="outside the project"):
        folder.call_dir("step")
    assert list(outside.iterdir()) == [] and source.exists()


def test_a_lock_planted_as_a_link_is_not_written_through(tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    os.symlink(victim, folder.path / ".lock")
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        ProjectLock(folder.path).acquire()
    assert victim.read_text() == "precious"


def test_a_huge_project_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    with open(folder.project_file, "r+b") as handle:
        handle.truncate(MAX_PROJECT_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ProjectLoadError, match=r"project.json is \d+ MB; a project file is at most"):
        ProjectFolder.open(folder.path)


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda d: d["scenes"].append(dict(d["scenes"][0])), "two scenes share the id"),
    (lambda d: d["environments"].append(dict(d["environments"][0])),
     "two environments share the id"),
    (lambda d: d.update(schema_version=99), "newer vidstudio"),
    (lambda d: d.update(scenes="nope"), "invalid"),
    (lambda d: d["scenes"][0].update(duration=float("nan")), "corrupt"),
])
def test_malformed_project_files_are_refused_in_one_line(tmp_path: Path, mutate: object,
                                                         fragment: str) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    data = json.loads(folder.project_file.read_text())
    mutate(data)  # type: ignore[operator]
    folder.project_file.write_text(json.dumps(data))
    with pytest.raises(ProjectLoadError, match=fragment) as info:
        ProjectFolder.open(folder.path)
    assert "\n" not in str(info.value)


def test_duplicate_take_ids_in_one_slot_are_refused(tmp_path: Path) -> None:
    project = small_project()
    slot = project.scenes[0].slots[SlotKind.CLIP]
    slot.add_take(Take(id="t-1", provider="local"))
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", project)
    data = json.loads(folder.project_file.read_text())
    takes = data["scenes"][0]["slots"]["clip"]["takes"]
    takes.append(dict(takes[0]))
    folder.project_file.write_text(json.dumps(data))
    with pytest.raises(ProjectLoadError, match="two takes of one slot share the id 't-1'"):
        ProjectFolder.open(folder.path)


def test_deeply_nested_json_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    folder.project_file.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ProjectLoadError, match="corrupt"):
        ProjectFolder.open(folder.path)


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_leftovers_of_dead_processes_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "p.vidstudio", small_project())
    dead = _dead_pid()
    shard = folder.path / "assets" / "ab"
    shard.mkdir(parents=True)
    leftovers = [folder.path / f".project.json.p{dead}.abcdefgh.part",
                 shard / f".{'ab' * 32}.wav.p{dead}.zzzzzzzz.part",
                 folder.path / "cache" / "tmp" / f"export-p{dead}-abcd1234"]
    leftovers[2].mkdir(parents=True)
    (leftovers[2] / "mix.wav").write_bytes(b"x" * 1000)
    live = folder.path / f".project.json.p{os.getpid()}.qwertyui.part"
    for path in [*leftovers[:2], live]:
        path.write_bytes(b"partial")
    ProjectFolder.open(folder.path)
    assert not any(p.exists() for p in leftovers)
    assert live.exists(), "the temporary file of a running process is kept"


def test_a_killed_exports_partial_output_is_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = tmp_path / f".film.p{dead}.k3j2x9q1.part.mp4"
    stale.write_bytes(b"half a film")
    other = tmp_path / ".notes.txt"
    other.write_text("not ours")
    with atomic_output(tmp_path / "film.mp4") as part:
        part.write_bytes(b"a film")
    assert not stale.exists() and other.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".mp4")] == ["film.mp4"]
    scratch = fresh_temp_dir(tmp_path / "tmp", "export-")
    assert scratch.name.startswith(f"export-p{os.getpid()}-")
    assert remove_stale_temps(tmp_path) == 0


def test_written_files_respect_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
        with atomic_output(tmp_path / "b.mp4") as part:
            part.write_bytes(b"x")
        store = AssetStore(tmp_path)
        source = tmp_path / "c.png"
        source.write_bytes(b"png")
        stored = store.resolve(store.add(source))
    finally:
        os.umask(old)
    for path in (tmp_path / "a.txt", tmp_path / "b.mp4", stored):
        assert path.stat().st_mode & 0o777 == 0o600, path
