"""A clip's preparation made once and shared by every worker that renders its frames.

Before a clip's first frame, its planes are loaded and upsampled, its weather textures drawn
and listed, its vignette measured: about 0.3 s of CPU for a 720p clip, as much as 60 frames.
Each pool worker used to do all of it for every clip it rendered a chunk of. Now each part of
the preparation (``animate.parts_of``: the opening world's planes in two shares, the closing
world, the weather with the vignette) is made by one worker, the parts at once in different
workers (the second share of the opening planes after the weather), and written to a
memory file that the parent made; every worker then maps those files read-only and renders
from the same pages.

A part is pickled (protocol 5) with its large arrays and images out of band: those are laid
out in the file, and unpickling gives numpy arrays and Pillow images that are views of the
mapping, so nothing is copied on the rendering side.
"""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from vidstudio.osdeps import BINARY, CLOEXEC, map_file
from vidstudio.providers.local.paint.animate import ClipJob, ClipRenderer, prepare_part

if TYPE_CHECKING:
    from collections.abc import Sequence

_ALIGN = 64
# Images of these modes are laid out as arrays (one to four bytes a pixel, as Pillow keeps
# them); any other is pickled in band, as Pillow pickles it.
_MODES = {"RGBA": 4, "RGBa": 4, "RGB": 3, "L": 1}


@dataclass(frozen=True)
class SharedPart:
    """Where one prepared part lives: a file (``target``, checked by ``identity`` as the
    frame buffer is) holding its arrays at ``spans`` (offset, length), and the pickle that
    puts them back together."""

    name: str
    target: str
    identity: tuple[int, int]
    meta: bytes
    spans: tuple[tuple[int, int], ...]

    def load(self) -> Any:
        """The prepared part, mapped (``load_shared``): what ``animate.renderer_for`` asks."""
        return load_shared(self)


def _image_from(mode: str, size: tuple[int, int], pixels: np.ndarray[Any, Any]) -> Image.Image:
    """A Pillow image over ``pixels`` (no copy; read-only when the buffer is)."""
    return Image.frombuffer(mode, size, pixels, "raw", mode, 0, 1)


class _Pickler(pickle.Pickler):
    """Pickles Pillow images as arrays, so that they go out of band like numpy's own."""

    def __init__(self, file: io.BytesIO, buffers: list[pickle.PickleBuffer]) -> None:
        super().__init__(file, protocol=5, buffer_callback=buffers.append)
        self._arrays: dict[int, tuple[Image.Image, np.ndarray[Any, Any]]] = {}

    def reducer_override(self, obj: Any) -> Any:
        if not isinstance(obj, Image.Image) or obj.mode not in _MODES:
            return NotImplemented
        known = self._arrays.get(id(obj))
        if known is None:
            # The same image in two pieces (a plane's see-through and solid cells) is one
            # array: pickle's memo then stores it once. The image is kept so its id stays its.
            pixels = np.frombuffer(obj.tobytes(), np.uint8)
            known = self._arrays[id(obj)] = (obj, pixels)
        return _image_from, (obj.mode, obj.size, known[1])


def _open_checked(target: str, identity: tuple[int, int], flags: int) -> int:
    fd = os.open(target, flags | CLOEXEC | BINARY)
    info = os.fstat(fd)
    if (info.st_dev, info.st_ino) != identity:
        os.close(fd)
        raise FileNotFoundError(f"the prepared clip {target} is gone")
    return fd


def prepare_shared(job: ClipJob, name: str, target: str, identity: tuple[int, int]) -> SharedPart:
    """Make part ``name`` of ``job``'s preparation and lay it out in the (empty) file at
    ``target``; runs in a pool worker. The worker keeps nothing of it."""
    made = prepare_part(job, name)
    buffers: list[pickle.PickleBuffer] = []
    out = io.BytesIO()
    _Pickler(out, buffers).dump(made)
    raws = [buffer.raw() for buffer in buffers]
    spans: list[tuple[int, int]] = []
    end = 0
    for raw in raws:
        start = -(-end // _ALIGN) * _ALIGN
        spans.append((start, raw.nbytes))
        end = start + raw.nbytes
    fd = _open_checked(target, identity, os.O_RDWR)
    try:
        if end:
            os.ftruncate(fd, end)
            mapped = map_file(fd, end)
            try:
                for (start, length), raw in zip(spans, raws, strict=True):
                    mapped[start:start + length] = raw
            finally:
                mapped.close()
    finally:
        os.close(fd)
    return SharedPart(name, target, identity, out.getvalue(), tuple(spans))


def load_shared(part: SharedPart) -> Any:
    """The part, its arrays and images views of a read-only mapping of its file (the mapping
    lives as long as they do)."""
    views: list[memoryview] = []
    end = max((start + length for start, length in part.spans), default=0)
    if end:
        fd = _open_checked(part.target, part.identity, os.O_RDONLY)
        try:
            mapped = map_file(fd, end, write=False)
        finally:
            os.close(fd)
        whole = memoryview(mapped)
        views = [whole[start:start + length] for start, length in part.spans]
    return pickle.loads(part.meta, buffers=views)


def renderer_from(job: ClipJob, parts: Sequence[SharedPart]) -> ClipRenderer:
    """``job``'s renderer over its shared parts (what ``parts`` lacks is made here)."""
    return ClipRenderer(job, {part.name: load_shared(part) for part in parts})
