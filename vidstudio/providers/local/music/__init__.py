"""Offline score: music synthesised with numpy on the CPU, cut to the film's scenes."""

from __future__ import annotations

from vidstudio.providers.base import MusicRequest, ScoreSection
from vidstudio.providers.local.music.provider import LocalComposer
from vidstudio.providers.local.music.synth import render_score, sections_of

__all__ = ["LocalComposer", "MusicRequest", "ScoreSection", "render_score", "sections_of"]
