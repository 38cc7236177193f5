"""The timeline: the film's scenes over time in lanes (video, sound, voice, subtitles).

``TimelineView(document, parent=None)``; signals ``scene_selected(str)`` and
``seek_requested(float)``; methods ``select_scene(scene_id)`` and ``set_playhead(seconds)``.
"""

from __future__ import annotations

from vidstudio.ui.timeline.view import TimelineView

__all__ = ["TimelineView"]
