from __future__ import annotations

import json
from pathlib import Path

import pytest

from vidstudio.core.models import SCHEMA_VERSION, Environment, Project, Scene, Take
from vidstudio.core.vocabulary import SlotKind
from vidstudio.storage import ProjectFolder, ProjectLoadError, default_project_path
from vidstudio.storage.journal import Journal


def small_project() -> Project:
    env = Environment(id="env-a", name="Coast", setting="coast", image_prompts=["p"])
    return Project(title="T", environments=[env],
                   scenes=[Scene(id="sc-1", title="s", environment_id="env-a")])


def test_save_and_open_round_trip(tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "film.vidstudio", small_project())
    assert (folder.path / "project.json").is_file()
    assert (folder.path / "renders").is_dir()
    _, loaded = ProjectFolder.open(tmp_path / "film.vidstudio")
    assert loaded.title == "T" and loaded.scenes[0].id == "sc-1"
    data = json.loads((folder.path / "project.json").read_text())
    assert data["schema_version"] == SCHEMA_VERSION and data["format"] == "vidstudio-project"


def test_save_keeps_a_backup_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    project = small_project()
    folder = ProjectFolder.create(tmp_path / "p", project)
    project.title = "Second"
    folder.save(project)
    backup = json.loads((folder.path / "project.json.bak").read_text())
    assert backup["title"] == "T"
    assert not [p for p in folder.path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is corrupt at line 1"),
        (b"\xff\xfe\x00garbage", "is corrupt"),
        (json.dumps({"hello": "world"}).encode(), "not a vidstudio project file"),
        (json.dumps({"format": "vidstudio-project", "schema_version": 99}).encode(),
         r"newer vidstudio \(schema 99"),
        (json.dumps({"format": "vidstudio-project", "schema_version": 1,
                     "scenes": [{"title": "x"}]}).encode(), "is invalid: scenes.0.environment_id"),
    ],
)
def test_broken_project_files_give_one_clear_line(tmp_path: Path, content: bytes,
                                                  message: str) -> None:
    folder = tmp_path / "bad.vidstudio"
    folder.mkdir()
    (folder / "project.json").write_bytes(content)
    with pytest.raises(ProjectLoadError, match=message) as info:
        ProjectFolder.open(folder)
    assert "\n" not in str(info.value)
    assert (folder / "project.json").read_bytes() == content, "a failed load touches nothing"


def test_missing_and_foreign_folders(tmp_path: Path) -> None:
    with pytest.raises(ProjectLoadError, match="no project at"):
        ProjectFolder.open(tmp_path / "nope")
    (tmp_path / "plain").mkdir()
    with pytest.raises(ProjectLoadError, match="not a vidstudio project"):
        ProjectFolder.open(tmp_path / "plain")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(ProjectLoadError, match="other files"):
        ProjectFolder.create(tmp_path / "busy", small_project())


def test_asset_paths_are_confined_to_the_folder(tmp_path: Path) -> None:
    project = small_project()
    folder = ProjectFolder.create(tmp_path / "p", project)
    evil = Take(provider="local", file="../../etc/passwd")
    project.scenes[0].slots[SlotKind.CLIP].add_take(evil)
    folder.save(project)
    with pytest.raises(ProjectLoadError, match="outside the project folder"):
        ProjectFolder.open(folder.path)
    with pytest.raises(ValueError, match="relative"):
        folder.assets.resolve("/etc/passwd")


def test_assets_are_content_addressed(tmp_path: Path) -> None:
    folder = ProjectFolder.create(tmp_path / "p", small_project())
    a = tmp_path / "a.png"
    a.write_bytes(b"same bytes")
    b = tmp_path / "b.PNG"
    b.write_bytes(b"same bytes")
    first = folder.assets.add(a)
    second = folder.assets.add(b)
    assert first == second and first.startswith("assets/") and first.endswith(".png")
    assert not a.exists() and not b.exists()
    assert folder.assets.resolve(first).read_bytes() == b"same bytes"


def test_journal_survives_reopen_and_ignores_damage(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.json")
    journal.remember("k1", "luma", "gen-123", "now")
    assert Journal(tmp_path / "journal.json").get("k1").remote_id == "gen-123"
    journal.forget("k1")
    assert journal.get("k1") is None
    (tmp_path / "journal.json").write_text("{broken")
    assert Journal(tmp_path / "journal.json").entries() == []


def test_default_project_path_sits_beside_the_output() -> None:
    assert default_project_path(Path("out/film.mp4")) == Path("out/film.vidstudio")
