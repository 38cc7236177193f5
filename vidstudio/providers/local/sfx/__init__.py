"""Offline sound effects: a synthesised library (numpy/scipy) layered from the prompt."""

from __future__ import annotations

from vidstudio.providers.local.sfx.library import LIBRARY, LayerChoice, LayerSpec, choose_layers
from vidstudio.providers.local.sfx.provider import LocalSoundDesigner
from vidstudio.providers.local.sfx.render import render_bed

__all__ = ["LIBRARY", "LayerChoice", "LayerSpec", "LocalSoundDesigner", "choose_layers",
           "render_bed"]
