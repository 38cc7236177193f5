"""A contact sheet: every scene's first and last keyframe side by side, one row per scene,
so a person can judge a whole film at a glance."""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from vidstudio.atomic import atomic_output
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from vidstudio.core.models import Project

THUMB_WIDTH = 480
LABEL_HEIGHT = 28
MARGIN = 8
LABEL_SIZE = 14

log = logging.getLogger(__name__)

# Fonts by the scripts they cover, first found wins. Debian: fonts-dejavu-core (Latin, Greek,
# Cyrillic, Arabic, Hebrew) and fonts-droid-fallback (Chinese, Japanese, Korean), both installed
# by scripts/bootstrap.sh; fontconfig is asked when none of the paths exists.
FONT_PATHS: dict[str, tuple[str, ...]] = {
    "cjk": (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ),
    "arabic": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    ),
    "latin": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    ),
}
_FC_LANG = {"cjk": "ja", "arabic": "ar", "latin": "en"}
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_ARABIC = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def script_of(char: str) -> str:
    """Which font family a character needs: "cjk", "arabic" or "latin"."""
    if _CJK.match(char):
        return "cjk"
    if _ARABIC.match(char):
        return "arabic"
    return "latin"


@functools.cache
def font_path(script: str) -> Path | None:
    """A font file covering ``script`` ("cjk", "arabic", "latin"), or None when none is here.

    Known Debian paths are tried first, then ``fc-match :lang=..`` (fontconfig).
    """
    for name in FONT_PATHS.get(script, ()):
        if Path(name).is_file():
            return Path(name)
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{file}", f":lang={_FC_LANG.get(script, 'en')}"],
                capture_output=True, text=True, timeout=5, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).is_file():
            return Path(found)
    return None


@functools.cache
def _font(script: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path(script)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass
    if script != "latin":
        log.warning("no font for %s text found (install fonts-droid-fallback and "
                    "fonts-dejavu-core); its letters may show as boxes", script)
        return _font("latin", size)
    return ImageFont.load_default(size=size)


def _runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into runs of one script; spaces and marks stay with the run they are in."""
    scripts = [script_of(char) if char.isalnum() or script_of(char) != "latin" else ""
               for char in text]
    # A space or mark between two letters of one script belongs to it ("الشمس تغرب"), else to
    # the Latin font, which has every mark.
    for index, script in enumerate(scripts):
        if script:
            continue
        before = next((s for s in reversed(scripts[:index]) if s), "latin")
        after = next((s for s in scripts[index + 1:] if s), "latin")
        scripts[index] = before if before == after else "latin"
    runs: list[tuple[str, str]] = []
    for char, script in zip(text, scripts, strict=True):
        if runs and script == runs[-1][0]:
            runs[-1] = (script, runs[-1][1] + char)
        else:
            runs.append((script, char))
    return runs


def text_width(text: str, size: int = LABEL_SIZE) -> float:
    return sum(_font(script, size).getlength(run) for script, run in _runs(text))


def fit_label(text: str, width: float, size: int = LABEL_SIZE) -> str:
    """``text`` shortened to ``width`` pixels at a word boundary, with an ellipsis."""
    if text_width(text, size) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and text_width(" ".join(words) + " …", size) > width:
        words.pop()
    short = " ".join(words)
    if text_width(short + " …", size) > width:  # one unspaced word (Japanese): cut characters
        while short and text_width(short + "…", size) > width:
            short = short[:-1]
        return short + "…"
    return short.rstrip(",;:|-– ") + " …"


def draw_label(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str,
               fill: tuple[int, int, int], size: int = LABEL_SIZE) -> None:
    """Draw ``text`` with a font per script, so Japanese, Arabic and "Café" all show."""
    x, y = xy
    for script, run in _runs(text):
        font = _font(script, size)
        draw.text((x, y), run, fill=fill, font=font)
        x += font.getlength(run)


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
    label_width = sheet.width - 2 * MARGIN
    root = Path(project_dir).resolve()
    for row, scene in enumerate(scenes):
        y = MARGIN + row * row_h
        env = project.environment(scene.environment_id)
        time_of_day = scene.time_of_day or env.time_of_day
        weather = scene.weather or env.weather
        label = (f"{row + 1}. {scene.title} | {env.setting}, {time_of_day.value}, "
                 f"{weather.value} | {scene.camera.value}, {scene.duration} s")
        draw_label(draw, (MARGIN, y + 5), fit_label(label, label_width), (230, 230, 230))
        for col, kind in enumerate((SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME)):
            take = scene.slots[kind].active_take
            path = (root / take.file) if take and take.file else None
            sheet.paste(_thumb(path, thumb), (MARGIN + col * (thumb[0] + MARGIN),
                                              y + LABEL_HEIGHT))
    with atomic_output(Path(output)) as tmp:
        sheet.save(tmp, format="PNG")
    return Path(output)
