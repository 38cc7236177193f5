"""The procedural painter behind the offline image, style and clip providers.

A place is composed as a ``World`` (``settings.build_world``): a stack of depth layers (sky,
clouds, far, mid, near, weather) with painters for each. ``painter`` renders environment
pictures and shot keyframes from it; ``world.save_layers`` keeps a keyframe's layer stack so
``animate`` can move a camera through it with parallax.
"""

from __future__ import annotations
