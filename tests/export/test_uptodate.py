"""An export whose inputs and options did not change leaves its output alone."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from typing import TYPE_CHECKING

import pytest

from tests.export.conftest import NARRATION_TEXT, SENTENCES, Media
from tests.export.media import SceneMedia, build_project, make_bed
from vidstudio.export import ExportOptions, ExportResult, export_project
from vidstudio.export import runner as export_runner
from vidstudio.export.uptodate import RECORD

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from vidstudio.core.models import Project

OPTIONS = ExportOptions(x264_preset="ultrafast")


def _export(project: Project, folder: Path, options: ExportOptions = OPTIONS,
            name: str = "out.mp4", force: bool = False) -> ExportResult:
    return asyncio.run(export_project(project, folder, folder / name, options, force=force))


def _stamps(paths: Sequence[Path]) -> list[int]:
    return [p.stat().st_mtime_ns for p in paths]


def _project(media: Media, folder: Path) -> Project:
    return build_project(folder, [
        SceneMedia(media.match_a, bed=media.bed, narration=media.narration,
                   sentences=SENTENCES, text=NARRATION_TEXT),
        SceneMedia(media.odd),
    ])


def test_an_unchanged_export_is_up_to_date(media: Media, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(media, tmp_path)
    first = _export(project, tmp_path)
    assert not first.up_to_date
    assert (tmp_path / RECORD).is_file()
    files = [first.output, *first.sidecars]
    before = _stamps(files)

    seen: list[tuple[float, str]] = []

    async def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("an up-to-date export ran ffmpeg")

    monkeypatch.setattr(export_runner, "run_ffmpeg", refuse)
    again = asyncio.run(export_project(project, tmp_path, tmp_path / "out.mp4", OPTIONS,
                                       lambda f, m: seen.append((f, m))))
    assert again.up_to_date
    assert again.output == first.output and again.sidecars == first.sidecars
    assert again.loudness_lufs == first.loudness_lufs
    assert again.normalized_scenes == first.normalized_scenes
    assert _stamps(files) == before
    assert seen == [(1.0, "Up to date")]


@pytest.mark.parametrize("change", ["options", "input", "order", "output", "sidecar",
                                    "volume", "force", "record"])
def test_a_change_rebuilds(media: Media, tmp_path: Path, change: str) -> None:
    project = _project(media, tmp_path)
    first = _export(project, tmp_path)
    options, force = OPTIONS, False
    if change == "options":
        options = ExportOptions(x264_preset="ultrafast", loudness_lufs=-16.0)
    elif change == "input":
        make_bed(tmp_path / "media" / "bed0.wav", 2.5)  # the sound file was replaced
    elif change == "order":
        project.scenes[0].order, project.scenes[1].order = 1, 0
    elif change == "output":
        shutil.copyfile(media.match_b, first.output)
    elif change == "sidecar":
        first.sidecars[0].unlink()
    elif change == "volume":
        project.settings.volumes.narration = 0.5
    elif change == "force":
        force = True
    elif change == "record":
        (tmp_path / RECORD).write_text("{not json", encoding="utf-8")
    again = _export(project, tmp_path, options, force=force)
    assert not again.up_to_date
    assert all(p.is_file() for p in (again.output, *again.sidecars))


def test_each_output_is_recorded_on_its_own(media: Media, tmp_path: Path) -> None:
    project = _project(media, tmp_path)
    _export(project, tmp_path, name="a.mp4")
    _export(project, tmp_path, name="b.mp4")
    assert _export(project, tmp_path, name="a.mp4").up_to_date
    assert _export(project, tmp_path, name="b.mp4").up_to_date
    record = json.loads((tmp_path / RECORD).read_text(encoding="utf-8"))
    assert len(record["exports"]) == 2
    os.unlink(tmp_path / "a.mp4")
    assert not _export(project, tmp_path, name="a.mp4").up_to_date
