"""Bad input through the real CLI: one clear line, a non-zero exit, nothing half-written,
no existing file touched."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pytest

from vidstudio.cli import main

if TYPE_CHECKING:
    from pathlib import Path


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def assert_one_line_error(err: str, fragment: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("vidstudio: error: ")
    assert fragment in lines[0], lines[0]


@pytest.mark.parametrize(
    ("sample", "fragment"),
    [
        ("empty.txt", "is empty"),
        ("whitespace_only.txt", "is empty"),
        ("binary_garbage.txt", "binary file"),
    ],
)
def test_bad_scripts(samples: Path, tmp_path: Path, sample: str, fragment: str) -> None:
    existing = tmp_path / "film.mp4"
    existing.write_bytes(b"an earlier render")
    code, out, err = run_cli("render", str(samples / sample), "-o", str(existing))
    assert code == 2
    assert_one_line_error(err, fragment)
    assert existing.read_bytes() == b"an earlier render"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.mp4"], "nothing else written"


def test_missing_script(tmp_path: Path) -> None:
    code, _, err = run_cli("render", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o.mp4"))
    assert code == 2
    assert_one_line_error(err, "no such script")


def test_undecodable_script(tmp_path: Path) -> None:
    script = tmp_path / "latin1.txt"
    script.write_bytes("Un café au petit matin.".encode("latin-1"))
    code, _, err = run_cli("render", str(script), "-o", str(tmp_path / "o.mp4"))
    assert code == 2
    assert_one_line_error(err, "not UTF-8 text (byte 0xe9")


def test_huge_script(tmp_path: Path) -> None:
    script = tmp_path / "huge.txt"
    script.write_text(("The traveller waited in the rain. " * 8400).strip())
    code, _, err = run_cli("render", str(script), "-o", str(tmp_path / "o.mp4"))
    assert code == 2
    assert_one_line_error(err, "has 50,400 words")
    assert not (tmp_path / "o.mp4").exists() and not (tmp_path / "o.vidstudio").exists()


def test_output_folder_missing_or_read_only(samples: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("render", str(samples / "orbit.txt"), "-o",
                           str(tmp_path / "missing" / "o.mp4"))
    assert code == 2
    assert_one_line_error(err, "does not exist")
    # /proc is read-only even for root, unlike a chmod-ed folder.
    code, _, err = run_cli("render", str(samples / "orbit.txt"), "-o", "/proc/o.mp4")
    assert code == 2
    assert_one_line_error(err, "is not writable")


def test_wrong_output_extension(samples: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("render", str(samples / "orbit.txt"), "-o", str(tmp_path / "o.avi"))
    assert code == 2
    assert_one_line_error(err, "must end in .mp4")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"format": "vidstudio-project", "schema_version": 7}', "newer vidstudio"),
        (b'{"format": "vidstudio-project", "schema_ver', "is corrupt"),
    ],
)
def test_export_of_broken_projects(tmp_path: Path, content: bytes, fragment: str) -> None:
    project = tmp_path / "p.vidstudio"
    project.mkdir()
    (project / "project.json").write_bytes(content)
    code, _, err = run_cli("export", str(project), "-o", str(tmp_path / "o.mp4"))
    assert code == 2
    assert_one_line_error(err, fragment)
    assert (project / "project.json").read_bytes() == content
    assert not (tmp_path / "o.mp4").exists()


@pytest.mark.parametrize("resolution", ["143", "721", "4320"])
def test_a_resolution_outside_the_frames_range(samples: Path, tmp_path: Path,
                                               resolution: str) -> None:
    code, _, err = run_cli("render", str(samples / "orbit.txt"), "-o", str(tmp_path / "o.mp4"),
                           "--resolution", resolution)
    assert code == 2
    assert_one_line_error(err, "an even number from 144 to 2160")
    assert not any(tmp_path.iterdir()), "nothing written"


def test_cloud_provider_without_a_key_is_refused_not_silently_replaced(samples: Path,
                                                                       tmp_path: Path) -> None:
    code, _, err = run_cli("render", str(samples / "orbit.txt"), "-o", str(tmp_path / "o.mp4"),
                           "--video", "luma")
    assert code == 2
    assert_one_line_error(err, "needs a luma API key")


def test_plan_prints_json_without_generating(samples: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("plan", str(samples / "market.txt"))
    assert code == 0, err
    plan = json.loads(out)
    assert plan["planner"] == "local"
    assert 1 <= len(plan["scenes"]) <= 5
    assert all(s["duration"] in (5, 9) for s in plan["scenes"])


def test_an_internal_error_is_one_line_and_exit_70(samples: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import vidstudio.jobs.render

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("planner state went wrong")

    monkeypatch.setattr(vidstudio.jobs.render, "open_for_render", broken)
    code, _, err = run_cli("render", str(samples / "orbit.txt"), "-o", str(tmp_path / "o.mp4"),
                           "--quiet")
    assert code == 70
    assert_one_line_error(err, "internal error (RuntimeError: planner state went wrong)")
    assert not (tmp_path / "o.mp4").exists()
