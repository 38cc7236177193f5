"""Subtitle cues from the narration: timing, line wrapping, SRT/WebVTT/ASS text and a font.

Cue text and times come from the narration sentences (``take.metadata["sentences"]``, relative
to the narration start, which is the scene start plus ``NARRATION_LEAD``). When a narrator gave
no timing, sentences are spread over the narration audio in proportion to their length.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.export.plan import RenderPlan, SceneRender, Sentence

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

# Below this a cue flashes by too fast to read; shorter sentences borrow from the gap after.
MIN_CUE_SECONDS = 0.5
MAX_LINES = 2
# Conventional limit for 16:9 subtitles; narrower frames get fewer characters.
MAX_CHARS_PER_LINE = 42
MIN_CHARS_PER_LINE = 16
# Average glyph advance of a sans-serif face, in ems; sets how many characters fit the width.
_AVG_ADVANCE_EM = 0.6
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class SubtitleLayout:
    """Pixel layout of burned-in subtitles for one frame size, inside the title-safe area."""

    font_px: int
    chars_per_line: int
    margin_h: int
    margin_v: int


def layout_for(width: int, height: int) -> SubtitleLayout:
    """Font size from the short side, characters per line from the width of the safe area
    (90 % of the frame), so 16:9 gets ~42 characters and 9:16 or 1:1 about 24."""
    font_share = 0.06  # font size as a share of the short side
    font_px = max(8, round(font_share * min(width, height)))
    safe_width = 0.9 * width
    # From the unrounded font size, so a frame shape gets one line length at any resolution.
    cpl = math.floor(safe_width / (_AVG_ADVANCE_EM * font_share * min(width, height)) + 1e-9)
    return SubtitleLayout(
        font_px=font_px,
        chars_per_line=max(MIN_CHARS_PER_LINE, min(MAX_CHARS_PER_LINE, cpl)),
        margin_h=round(0.05 * width),
        margin_v=round(0.07 * height),
    )


# --------------------------------------------------------------------------------------------
# Timing


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, split after ., !, ? or … followed by space."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def estimate_sentences(text: str, audio_seconds: float) -> tuple[Sentence, ...]:
    """Spread the sentences of ``text`` over ``audio_seconds`` in proportion to their length
    (plus a fixed share per sentence for the pause after it)."""
    parts = split_sentences(text)
    if not parts or audio_seconds <= 0:
        return ()
    pause = 8  # characters' worth of time for the breath between sentences
    weights = [len(p) + pause for p in parts]
    per_weight = audio_seconds / sum(weights)
    found: list[Sentence] = []
    t = 0.0
    for part, weight in zip(parts, weights, strict=True):
        speak = len(part) * per_weight
        found.append(Sentence(part, t, t + speak))
        t += weight * per_weight
    return tuple(found)


def scene_sentences(scene: SceneRender, narration_seconds: float | None) -> tuple[Sentence, ...]:
    """Sentences of one scene in film time, clipped to the scene."""
    if scene.narration is None:
        return ()
    relative = scene.sentences
    if relative is None:
        relative = estimate_sentences(scene.narration_text, narration_seconds or 0.0)
    found: list[Sentence] = []
    for s in relative:
        start = max(scene.start, scene.narration_start + s.start)
        end = min(scene.end, scene.narration_start + s.end)
        if end > start:
            found.append(Sentence(s.text, start, end))
    return tuple(found)


# --------------------------------------------------------------------------------------------
# Wrapping


def _greedy_lines(words: Sequence[str], width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:  # a word longer than a line is cut, not overflowed
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _balance(words: Sequence[str], width: int) -> tuple[str, ...]:
    """Split ``words`` into at most two lines of at most ``width``, as even as possible and
    with the longer line at the bottom (the conventional pyramid)."""
    whole = " ".join(words)
    if len(whole) <= width or len(words) < 2:
        return (whole,)
    best: tuple[int, tuple[str, str]] | None = None
    for i in range(1, len(words)):
        top, bottom = " ".join(words[:i]), " ".join(words[i:])
        if len(top) > width or len(bottom) > width:
            continue
        score = max(len(top), len(bottom)) * 2 + (1 if len(top) > len(bottom) else 0)
        if best is None or score < best[0]:
            best = (score, (top, bottom))
    return best[1] if best else tuple(_greedy_lines(words, width))


def wrap_text(text: str, chars_per_line: int) -> list[tuple[str, ...]]:
    """Wrap ``text`` into screens of at most ``MAX_LINES`` lines of ``chars_per_line``."""
    words = text.split()
    if not words:
        return []
    lines = _greedy_lines(words, chars_per_line)
    screens: list[tuple[str, ...]] = []
    for i in range(0, len(lines), MAX_LINES):
        chunk_words = " ".join(lines[i:i + MAX_LINES]).split()
        screens.append(_balance(chunk_words, chars_per_line))
    return screens


def cues_for_sentences(sentences: Sequence[Sentence], chars_per_line: int) -> list[Cue]:
    """One cue per screen of wrapped text; a long sentence's time is shared by its screens in
    proportion to their length."""
    cues: list[Cue] = []
    for sentence in sentences:
        screens = wrap_text(sentence.text, chars_per_line)
        total = sum(len(" ".join(s)) for s in screens)
        t = sentence.start
        span = sentence.end - sentence.start
        for screen in screens:
            share = span * len(" ".join(screen)) / total
            cues.append(Cue(t, t + share, screen))
            t += share
    # Lengthen cues that are too short to read, into the silence after them only.
    fixed: list[Cue] = []
    for i, cue in enumerate(cues):
        limit = cues[i + 1].start if i + 1 < len(cues) else cue.end + MIN_CUE_SECONDS
        end = min(max(cue.end, cue.start + MIN_CUE_SECONDS), max(limit, cue.end))
        fixed.append(Cue(cue.start, end, cue.lines))
    return fixed


def build_cues(plan: RenderPlan, narration_seconds: Mapping[str, float],
               chars_per_line: int | None = None) -> list[Cue]:
    """All cues of the film, in order, wrapped for the plan's frame width.

    Args:
        plan: the render plan.
        narration_seconds: audio length per scene id, used only for scenes without timing.
        chars_per_line: override of the layout's line length.
    """
    width = chars_per_line or layout_for(plan.target.width, plan.target.height).chars_per_line
    cues: list[Cue] = []
    for scene in plan.scenes:
        sentences = scene_sentences(scene, narration_seconds.get(scene.scene_id))
        scene_cues = cues_for_sentences(sentences, width)
        cues.extend(Cue(c.start, min(c.end, scene.end), c.lines) for c in scene_cues)
    return [c for c in cues if c.end > c.start]


# --------------------------------------------------------------------------------------------
# Formats


def _clock(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: Sequence[Cue]) -> str:
    blocks = [f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n{c.text}\n"
              for i, c in enumerate(cues, 1)]
    return "\n".join(blocks)


def to_vtt(cues: Sequence[Cue]) -> str:
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    blocks = [f"{i}\n{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n{esc(c.text)}\n"
              for i, c in enumerate(cues, 1)]
    return "WEBVTT\n\n" + "\n".join(blocks)


def _ass_clock(seconds: float) -> str:
    cs = max(0, round(seconds * 100))
    h, rest = divmod(cs, 360_000)
    m, rest = divmod(rest, 6000)
    s, cs = divmod(rest, 100)
    return f"{h}:{m:02d}:{s:02d}.{cs:02d}"


def to_ass(cues: Sequence[Cue], width: int, height: int, font_family: str,
           offset: float = 0.0) -> str:
    """An ASS script whose coordinates are the frame's pixels, for burning in with libass.

    ``offset`` is subtracted from every cue time (a segment rendered on its own starts at 0).
    Wrapping is ours (``WrapStyle: 2``), so libass never re-wraps a line differently.
    """
    layout = layout_for(width, height)
    outline = max(1, round(layout.font_px / 14))

    def esc(text: str) -> str:
        return text.replace("\\", "/").replace("{", "(").replace("}", ")")

    head = (
        "[Script Info]\nScriptType: v4.00+\n"
        f"PlayResX: {width}\nPlayResY: {height}\nWrapStyle: 2\nScaledBorderAndShadow: yes\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, "
        "OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, "
        "Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, "
        "Encoding\n"
        f"Style: Default,{font_family},{layout.font_px},&H00FFFFFF,&H000000FF,&H00000000,"
        f"&H80000000,0,0,0,0,100,100,0,0,1,{outline},0,2,{layout.margin_h},{layout.margin_h},"
        f"{layout.margin_v},1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, "
        "Text\n"
    )
    newline = "\\N"  # ASS's hard line break
    events = [
        f"Dialogue: 0,{_ass_clock(c.start - offset)},{_ass_clock(c.end - offset)},Default,,0,0,"
        f"0,,{newline.join(esc(line) for line in c.lines)}\n"
        for c in cues
    ]
    return head + "".join(events)


# --------------------------------------------------------------------------------------------
# Font for burn-in

_SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@dataclass(frozen=True)
class FontChoice:
    path: Path
    family: str
    note: str = ""


def _family(path: Path) -> str | None:
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(path), 12).getname()[0] or None
    except (OSError, ValueError):
        return None


# Fonts that also cover Chinese, Japanese and Korean (DejaVu Sans, first below, covers Latin,
# Greek, Cyrillic and Arabic but no CJK). Debian's fonts-droid-fallback is installed by the
# project's set-up.
_CJK_FONTS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def _has_cjk(text: str) -> bool:
    return any(0x2E80 <= ord(ch) <= 0x9FFF or 0xAC00 <= ord(ch) <= 0xD7AF
               or 0xF900 <= ord(ch) <= 0xFAFF or 0xFF00 <= ord(ch) <= 0xFFEF for ch in text)


def find_font(fallback_dir: Path, text: str = "") -> FontChoice | None:
    """A TTF font for libass that covers ``text`` (the cues to burn in):
    ``VIDSTUDIO_SUBTITLE_FONT``, a common system sans (a CJK-capable one when the text has
    Chinese, Japanese or Korean), or else the small Latin font embedded in Pillow (written to
    ``fallback_dir``). None if none works."""
    system = (*_CJK_FONTS, *_SYSTEM_FONTS) if _has_cjk(text) else _SYSTEM_FONTS
    candidates = [os.environ.get("VIDSTUDIO_SUBTITLE_FONT", ""), *system]
    for name in candidates:
        if name and Path(name).is_file():
            family = _family(Path(name))
            if family:
                return FontChoice(Path(name), family)
    try:
        from PIL import ImageFont

        font = ImageFont.load_default(size=12)
        data = getattr(font, "font_bytes", b"")
        family = font.getname()[0] if isinstance(font, ImageFont.FreeTypeFont) else None
    except (ImportError, OSError, AttributeError):
        return None
    if not data or not family:
        return None
    fallback_dir.mkdir(parents=True, exist_ok=True)
    path = fallback_dir / "vidstudio-fallback-sans.ttf"
    if not path.is_file() or path.stat().st_size != len(data):
        path.write_bytes(data)
    return FontChoice(path, family,
                      note=f"no system sans-serif font found; subtitles were burned in with "
                           f"{family} (Latin letters only)")


def stage_font(font: FontChoice, fonts_dir: Path) -> Path:
    """Copy the font into a folder of its own, so libass's ``fontsdir`` holds just that one."""
    fonts_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font.path, fonts_dir / font.path.name)
    return fonts_dir
