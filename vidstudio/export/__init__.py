"""Export: a project becomes a loudness-normalised MP4 with subtitles, or an OTIO timeline.

``export_project`` is the entry point; ``ExportOptions`` and ``PRESETS`` describe what can be
chosen; ``build_render_plan`` exposes the pure planning step for previews and tests.
"""

from __future__ import annotations

from vidstudio.export.engine import export_project
from vidstudio.export.options import (
    PRESETS,
    BedFit,
    Conform,
    ExportOptions,
    Preset,
    Transition,
)
from vidstudio.export.plan import RenderPlan, build_render_plan
from vidstudio.export.result import ExportError, ExportResult

__all__ = [
    "PRESETS",
    "BedFit",
    "Conform",
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "Preset",
    "RenderPlan",
    "Transition",
    "build_render_plan",
    "export_project",
]
