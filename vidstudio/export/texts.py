"""The film's words in film time for a preview to show beside the picture: the subtitle cues
and the titles. Apart from ``titles`` because it reads the narration's lengths through the
engine, which itself burns the titles (titles importing the engine would make a circle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.core.models import Project
    from vidstudio.export.subtitles import Cue
    from vidstudio.export.titles import TextOverlay


def film_texts(project: Project, project_dir: Path) -> tuple[list[Cue], list[TextOverlay]]:
    """The film's subtitle cues and titles in film time, for a preview to show beside the
    picture (blocking: it reads the narration files' lengths). Empty while a scene has no
    ready clip (there is no film to time them on yet)."""
    from vidstudio.export.engine import media_seconds
    from vidstudio.export.plan import build_render_plan
    from vidstudio.export.result import ExportError
    from vidstudio.export.subtitles import build_cues
    from vidstudio.export.titles import overlays

    try:
        plan = build_render_plan(project, project_dir)
    except ExportError:
        return [], []
    lengths = media_seconds([s.narration for s in plan.scenes if s.narration is not None])
    seconds = {s.scene_id: lengths[s.narration] for s in plan.scenes
               if s.narration is not None and s.narration in lengths}
    return build_cues(plan, seconds), overlays(plan)
