"""The film's title and each scene's lower third, burned into the picture with libass.

The title is shown over the opening shot (``overlay``), or on a black card that covers the
opening shot's first seconds (``card``: the film keeps the sum of its scenes' lengths and the
sound goes on beneath it). A scene's caption is a lower third: bottom left, above where the
subtitles sit, over its first seconds. Both are written as an ASS script per scene segment, in
the frame's own pixels and with the same font the subtitles use (DejaVu Sans where installed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.export.subtitles import _ass_clock, layout_for

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from vidstudio.export.plan import RenderPlan, SceneRender
    from vidstudio.export.subtitles import Cue, FontChoice

FADE_MS = 300
CAPTION_LEAD = 0.4  # seconds into its scene a lower third appears
CAPTION_SECONDS = 4.0  # and how long it stays (less in a short scene)


@dataclass(frozen=True)
class TextOverlay:
    """A text drawn over the picture from ``start`` to ``end`` (seconds of the film)."""

    start: float
    end: float
    text: str
    style: str  # "Title" or "Lower"


def has_titles(plan: RenderPlan) -> bool:
    return bool(overlays(plan))


def overlays(plan: RenderPlan) -> list[TextOverlay]:
    """Every title and lower third of the film, in film time."""
    out: list[TextOverlay] = []
    if plan.title_mode != "off" and plan.title.strip() and plan.scenes:
        first = plan.scenes[0]
        out.append(TextOverlay(first.start, first.start + min(plan.title_seconds,
                                                              first.duration),
                               plan.title.strip(), "Title"))
    for scene in plan.scenes:
        text = scene.caption.strip()
        if not text:
            continue
        start = scene.start + min(CAPTION_LEAD, scene.duration / 4) + card_seconds(plan, scene)
        end = min(scene.end - 0.2, start + CAPTION_SECONDS)
        if end > start:  # (a card as long as its scene leaves no room for the caption)
            out.append(TextOverlay(start, end, text, "Lower"))
    return out


def card_seconds(plan: RenderPlan, scene: SceneRender) -> float:
    """How long the black title card covers ``scene`` (only the opening, in card mode)."""
    if plan.title_mode != "card" or not plan.scenes or scene is not plan.scenes[0]:
        return 0.0
    return min(plan.title_seconds, scene.duration) if plan.title.strip() else 0.0


def titles_key(plan: RenderPlan) -> list[object]:
    """What the burned titles depend on (for the export's up-to-date key)."""
    return [plan.title_mode, plan.title_seconds,
            [(o.start, o.end, o.text, o.style) for o in overlays(plan)]]


def titles_ass(items: Sequence[TextOverlay], width: int, height: int, font_family: str,
               offset: float = 0.0) -> str:
    """An ASS script drawing ``items`` (times less ``offset``: a segment starts at 0)."""
    layout = layout_for(width, height)
    short = min(width, height)
    title_px = max(12, round(short * 0.11))
    lower_px = max(9, round(short * 0.055))
    outline = max(1, round(title_px / 16))
    lower_margin_v = round(0.18 * height)  # above the subtitles' line

    def esc(text: str) -> str:
        return " ".join(text.replace("\\", "/").replace("{", "(").replace("}", ")").split())

    head = (
        "[Script Info]\nScriptType: v4.00+\n"
        f"PlayResX: {width}\nPlayResY: {height}\nWrapStyle: 0\nScaledBorderAndShadow: yes\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, "
        "OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, "
        "Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, "
        "Encoding\n"
        f"Style: Title,{font_family},{title_px},&H00FFFFFF,&H000000FF,&H00000000,&H80000000,"
        f"1,0,0,0,100,100,0,0,1,{outline},{outline},5,{layout.margin_h},{layout.margin_h},0,1\n"
        # BorderStyle 3: the outline colour becomes a box behind the text (a lower third bar)
        f"Style: Lower,{font_family},{lower_px},&H00FFFFFF,&H000000FF,&H60202020,&H60202020,"
        f"0,0,0,0,100,100,0,0,3,{max(2, lower_px // 4)},0,1,{layout.margin_h},"
        f"{layout.margin_h},{lower_margin_v},1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, "
        "Text\n"
    )
    events = [
        f"Dialogue: 0,{_ass_clock(max(0.0, o.start - offset))},{_ass_clock(o.end - offset)},"
        f"{o.style},,0,0,0,,{{\\fad({FADE_MS},{FADE_MS})}}{esc(o.text)}\n"
        for o in items
    ]
    return head + "".join(events)


def segment_titles(plan: RenderPlan, scene: SceneRender) -> list[TextOverlay]:
    """The overlays shown during ``scene``, clipped to it."""
    return [TextOverlay(max(o.start, scene.start), min(o.end, scene.end), o.text, o.style)
            for o in overlays(plan) if o.start < scene.end and o.end > scene.start]


def write_segment_titles(plan: RenderPlan, scene: SceneRender, path: Path,
                         font: FontChoice | None) -> Path | None:
    """Write the ASS script of ``scene``'s titles to ``path``; None when it has none (or no
    font was found to draw them with)."""
    items = segment_titles(plan, scene)
    if not items or font is None:
        return None
    path.write_text(titles_ass(items, plan.target.width, plan.target.height, font.family,
                               offset=scene.start), encoding="utf-8")
    return path


def text_at(items: Sequence[Cue] | Sequence[TextOverlay], seconds: float) -> str:
    """The text shown at ``seconds`` of the film (cues or overlays), or ""."""
    for item in items:
        if item.start <= seconds < item.end:
            return item.text
    return ""
