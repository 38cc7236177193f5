"""Which clip of the offline video provider may draw its frames, and which may encode.

Issue 27 (the render tree's memory): two clips at once held two x264 encoders (~80 MB each)
and both clips' prepared planes in every pool worker. The provider (``clips.py``) takes its
turns here, one event loop's clips one after another, the next clip's preparation and first
chunks overlapping the previous clip's encoder tail.
"""

from __future__ import annotations

import asyncio
import weakref


class Turns:
    """The turns of one event loop's clips.

    ``rendering``: held by the clip whose planes are prepared and whose frames the pool draws,
    and handed on as soon as its last frames are drawn. ``encoding``: held by the clip whose
    x264 runs, and handed on once that encoder has exited. ``encoders`` and ``most_encoders``
    are the record of it (how many run now, the most that ever ran at once).
    """

    def __init__(self) -> None:
        self.rendering = asyncio.Lock()
        self.encoding = asyncio.Lock()
        self.encoders = 0  # running now
        self.most_encoders = 0  # the most that ever ran at once on this loop


_TURNS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Turns] = (
    weakref.WeakKeyDictionary())


def turns_here() -> Turns:
    """The turns of the running event loop's clips."""
    loop = asyncio.get_running_loop()
    found = _TURNS.get(loop)
    if found is None:
        found = _TURNS[loop] = Turns()
    return found


def most_encoders_at_once() -> int:
    """The most clip encoders (x264) that ran at once on the running event loop."""
    return turns_here().most_encoders
