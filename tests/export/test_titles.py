"""The film's title and a scene's lower third, burned into the exported picture: read back
from decoded frames (and absent when off)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tests.export.media import SceneMedia, build_project, frame_at
from vidstudio.export import ExportOptions, export_project
from vidstudio.export.plan import build_render_plan
from vidstudio.export.titles import overlays, titles_ass

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np

    from tests.export.conftest import Media

FAST = ExportOptions(x264_preset="ultrafast", sidecars=False)


def _export(folder: Path, media: Media, mode: str, caption: str = "") -> Path:
    project = build_project(folder, [SceneMedia(media.grey)], title="LIGHTHOUSE")
    project.settings.title_mode = mode  # type: ignore[assignment]
    project.settings.title_seconds = 2.0
    project.scenes[0].caption = caption
    result = asyncio.run(export_project(project, folder, folder / "film.mp4", FAST))
    return result.output


def _centre(frame: np.ndarray) -> np.ndarray:
    return frame[60:120, 60:260].astype(float)  # the middle of a 320x180 frame


def test_the_title_is_over_the_opening_and_absent_when_off(media: Media, tmp_path: Path) -> None:
    titled = _export(tmp_path / "on", media, "overlay", caption="Harbour, 1890")
    opening = _centre(frame_at(titled, 18))  # 0.75 s: the title is shown
    assert opening.max() > 220 and opening.min() < 40, "white letters with a dark outline"
    later = _centre(frame_at(titled, 72))  # 3 s: gone
    assert later.max() < 160 and later.min() > 100, "plain grey after the title"
    # The lower third: bottom left, on its darker bar, above the subtitles' line.
    lower = frame_at(titled, 36)[110:150, 10:160].astype(float)  # 1.5 s
    assert lower.max() > 220 and lower.min() < 80

    plain = _export(tmp_path / "off", media, "off")
    for index in (18, 36):
        grey = frame_at(plain, index).astype(float)
        assert grey.max() < 160 and grey.min() > 100, "no title, no lower third"


def test_a_title_card_covers_the_opening_in_black(media: Media, tmp_path: Path) -> None:
    carded = _export(tmp_path, media, "card")
    card = frame_at(carded, 18).astype(float)
    assert (card < 30).mean() > 0.8, "mostly black"
    assert card.max() > 220, "with the title in white"
    after = frame_at(carded, 72).astype(float)
    assert after.max() < 160 and after.min() > 100


def test_title_script_and_overlays(tmp_path: Path, media: Media) -> None:
    project = build_project(tmp_path, [SceneMedia(media.grey), SceneMedia(media.grey)],
                            title="  The Keeper ")
    project.settings.title_mode = "overlay"
    project.scenes[1].caption = "Dawn {\\b1}"
    plan = build_render_plan(project, tmp_path)
    items = overlays(plan)
    assert [(o.style, o.text, o.start) for o in items] == [
        ("Title", "The Keeper", 0.0), ("Lower", "Dawn {\\b1}", 5.4)]
    script = titles_ass(items[1:], 320, 180, "DejaVu Sans", offset=5.0)
    assert "Dialogue: 0,0:00:00.40,0:00:04.40,Lower" in script
    assert "Dawn (/b1)" in script, "no override tags from the user's text"
    project.settings.title_mode = "off"
    project.scenes[1].caption = ""
    assert overlays(build_render_plan(project, tmp_path)) == []
