"""A contact sheet: every scene's first and last keyframe side by side, one row per scene,
so a person can judge a whole film at a glance."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from vidstudio.atomic import atomic_output
from vidstudio.core.models import Project
from vidstudio.core.vocabulary import SlotKind

THUMB_WIDTH = 480
LABEL_HEIGHT = 28
MARGIN = 8


def _thumb(path: Path | None, size: tuple[int, int]) -> Image.Image:
    if path is None or not path.is_file():
        blank = Image.new("RGB", size, (40, 40, 40))
        ImageDraw.Draw(blank).text((10, 10), "missing", fill=(200, 80, 80))
        return blank
    with Image.open(path) as img:
        tile: Image.Image = img.convert("RGB").resize(size, Image.Resampling.LANCZOS)
        return tile


def write_contact_sheet(project: Project, project_dir: Path, output: Path) -> Path:
    """Write a PNG grid (scene rows x [first, last]) of the active keyframe takes."""
    width, height = project.settings.frame_size
    thumb = (THUMB_WIDTH, max(1, round(THUMB_WIDTH * height / width)))
    scenes = project.ordered_scenes
    row_h = thumb[1] + LABEL_HEIGHT + MARGIN
    sheet = Image.new("RGB", (2 * thumb[0] + 3 * MARGIN, MARGIN + row_h * len(scenes)),
                      (18, 18, 22))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    root = Path(project_dir).resolve()
    for row, scene in enumerate(scenes):
        y = MARGIN + row * row_h
        env = project.environment(scene.environment_id)
        time_of_day = scene.time_of_day or env.time_of_day
        weather = scene.weather or env.weather
        label = (f"{row + 1}. {scene.title} | {env.setting}, {time_of_day.value}, "
                 f"{weather.value} | {scene.camera.value}, {scene.duration} s")
        draw.text((MARGIN, y + 6), label[:110], fill=(230, 230, 230), font=font)
        for col, kind in enumerate((SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME)):
            take = scene.slots[kind].active_take
            path = (root / take.file) if take and take.file else None
            sheet.paste(_thumb(path, thumb), (MARGIN + col * (thumb[0] + MARGIN),
                                              y + LABEL_HEIGHT))
    with atomic_output(Path(output)) as tmp:
        sheet.save(tmp, format="PNG")
    return Path(output)
