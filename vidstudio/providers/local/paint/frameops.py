"""The clip renderer's per-frame work over whole frames, in numpy and Pillow's C loops.

A clip's frame is an ``(height, width, 4)`` uint8 array that lives where ffmpeg reads it (a
slot of the shared memory file): RGB plus a fourth byte that nobody reads (ffmpeg takes it as
``rgb0``). The planes are drawn into it through a Pillow image that shares its memory
(``frame_image``), so the nearest-neighbour resampling and the pasting stay in Pillow's C code
and no frame is ever copied or packed (a plane or solid cell is sampled straight into the
frame, ``sample_into``, with no resized copy in between); what comes after the planes works on
the array:

* ``SparseWeather``: rain, snow and blowing leaves are textures that are empty almost
  everywhere (about 1 % of their pixels are lit). Each texture is kept as the list of its lit
  pixels, sorted by row, so a frame blends the colour into those pixels only, instead of
  blending through a full-frame mask. Fog is dense and stays a full-frame blend;
* ``Vignette``: a fixed-point multiply over the bands of the frame it darkens (numpy's vector
  loops, about twice as fast as pasting black through a mask);
* ``breathe`` and ``crossfade``: the held shot's light (a lookup table) and the fade between
  two worlds (a fixed-point pass over the whole frame).

The blends round as Pillow's do (``DIV255``), so a frame matches the one the per-frame Pillow
compositor made before, pixel for pixel up to the vignette's last bit.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from vidstudio.providers.local.paint.weather import AnimatedWeather

#: Bytes per pixel of a frame as the renderer writes it and ffmpeg reads it (``rgb0``).
PIXEL_BYTES = 4
FFMPEG_PIX_FMT = "rgb0"


def frame_bytes(width: int, height: int) -> int:
    return width * height * PIXEL_BYTES


def frame_image(array: NDArray[np.uint8]) -> Image.Image:
    """An RGBA Pillow image drawing straight into ``array`` (``(h, w, 4)`` uint8, C order).

    Pillow maps the buffer and marks the image read-only so that its first change copies it;
    clearing the mark makes every paste land in ``array``. That this holds is checked once
    (``_check_shared``): should a Pillow release change it, rendering stops with a clear
    error instead of writing frames nobody sees.
    """
    h, w = array.shape[:2]
    image = Image.frombuffer("RGBA", (w, h), array, "raw", "RGBA", 0, 1)
    image.readonly = 0
    if not _SHARED_CHECKED:
        _check_shared()
    return image


_SHARED_CHECKED = False


def _check_shared() -> None:
    global _SHARED_CHECKED
    probe = np.zeros((1, 2, 4), np.uint8)
    image = Image.frombuffer("RGBA", (2, 1), probe, "raw", "RGBA", 0, 1)
    image.readonly = 0
    image.paste((1, 2, 3, 4), (1, 0, 2, 1))
    del image
    if probe[0, 1].tolist() != [1, 2, 3, 4]:
        raise RuntimeError(
            "this Pillow release copies a mapped buffer on write: the clip renderer cannot "
            "draw into its frame buffer"
        )
    _SHARED_CHECKED = True


def sample_into(
    frame: Image.Image, source: Image.Image, where: tuple[int, int, int, int],
    box: tuple[float, float, float, float], rows: int | None = None,
) -> None:
    """Draw the ``box`` of ``source`` scaled (nearest neighbour) onto the ``where`` rectangle
    of ``frame``, replacing what was there: what ``frame.paste(source.resize(size, NEAREST,
    box=box), where[:2])`` draws, without the resized copy in between (one pass over those
    pixels instead of three). Pillow's NEAREST resize is an affine transform into a new image;
    here the same transform writes into the frame itself (``_check_sampling`` holds it to
    the resize's pixels once per process).

    ``rows``: draw only the first ``rows`` rows of ``where`` (the rest is hidden by what is
    drawn later); they get the pixels they get when the whole rectangle is drawn (the
    transform steps row by row from the rectangle's top; also checked once).
    """
    x0, y0, x1, y1 = where
    data = ((box[2] - box[0]) / (x1 - x0), 0.0, box[0], 0.0, (box[3] - box[1]) / (y1 - y0), box[1])
    if not _SAMPLING_CHECKED:
        _check_sampling()
    if rows is not None and rows < y1 - y0:
        if rows <= 0:
            return
        where = (x0, y0, x1, y0 + rows)
    frame.im.transform(where, source.im, _AFFINE, data, _NEAREST, 1)


def blend_into(frame: Image.Image, part: Image.Image, at: tuple[int, int]) -> None:
    """Blend the RGBA ``part`` into ``frame`` at ``at`` through its own alpha (Pillow's
    ``frame.paste(part, at, part)``, called on the images' cores: a frame pastes dozens of
    cells, and the wrapper's checks cost as much as a small cell's pixels)."""
    x, y = at
    frame.im.paste(part.im, (x, y, x + part.width, y + part.height), part.im)


_AFFINE = int(Image.Transform.AFFINE)
_NEAREST = int(Image.Resampling.NEAREST)
_SAMPLING_CHECKED = False


def _check_sampling() -> None:
    """``sample_into`` and ``blend_into`` draw what the resize-and-paste they replace drew
    (they call Pillow below its documented surface); should a Pillow release differ, stop
    with a clear error rather than draw wrong frames."""
    global _SAMPLING_CHECKED
    _SAMPLING_CHECKED = True
    gen = np.random.default_rng(0)
    noise = gen.integers(0, 256, 37 * 23 * 4, np.uint8).tobytes()
    source = Image.frombytes("RGBA", (37, 23), noise)
    box = (3.25, 1.5, 31.75, 20.125)
    want = Image.new("RGBA", (40, 30), (9, 9, 9, 9))
    want.paste(source.resize((29, 17), Image.Resampling.NEAREST, box=box), (5, 6))
    want.paste(source, (2, 1), source)
    got = Image.new("RGBA", (40, 30), (9, 9, 9, 9))
    top = Image.new("RGBA", (40, 30), (9, 9, 9, 9))
    try:
        sample_into(got, source, (5, 6, 34, 23), box)
        blend_into(got, source, (2, 1))
        same = got.tobytes() == want.tobytes()
        # The first 7 rows alone: as in the whole, and nothing below them.
        sample_into(top, source, (5, 6, 34, 23), box, rows=7)
        whole = Image.new("RGBA", (40, 30), (9, 9, 9, 9))
        sample_into(whole, source, (5, 6, 34, 23), box)
        whole.paste((9, 9, 9, 9), (0, 13, 40, 30))
        same = same and top.tobytes() == whole.tobytes()
    except (AttributeError, TypeError, ValueError):
        same = False
    if not same:
        _SAMPLING_CHECKED = False
        raise RuntimeError(
            "this Pillow release samples or pastes differently: the clip renderer cannot draw "
            "its planes in place"
        )


def _div255(value: NDArray[np.uint16]) -> NDArray[np.uint16]:
    """Pillow's rounding division by 255 of a blend sum, in place (exact for 0 .. 65025,
    which 16 bits hold all the way: the sum plus 128 plus its high byte stays under 65536)."""
    value += 128
    value += value >> 8
    value >>= 8
    return value


def blend_colour(
    frame: NDArray[np.uint8], flat_index: NDArray[np.intp], amount: NDArray[np.uint8],
    colour: tuple[int, int, int],
) -> None:
    """Blend ``colour`` into the pixels ``flat_index`` (row-major) of ``frame`` by ``amount``
    (0..255 each), as Pillow's paste of a colour through a mask does.

    The pixels are gathered and scattered as whole 32-bit words (numpy's fast one-dimensional
    take and put; picking three bytes of each pixel through a 2-D index was twice as slow) and
    blended in 16 bits. The fourth byte, which nobody reads, is blended toward 0.
    """
    if flat_index.size == 0:
        return
    pixels = _words(frame)
    channels = pixels[flat_index].view(np.uint8).reshape(-1, PIXEL_BYTES).astype(np.uint16)
    m = amount.astype(np.uint16)[:, None]
    channels *= 255 - m
    channels += m * np.asarray((*colour, 0), np.uint16)
    pixels[flat_index] = _div255(channels).astype(np.uint8).view(np.uint32).reshape(-1)


def _words(frame: NDArray[np.uint8]) -> NDArray[np.uint32]:
    """The frame's pixels as one row of 32-bit words, a view (never a copy, which would take
    the writes)."""
    if not frame.flags.c_contiguous:
        raise ValueError("a clip frame must be one contiguous array")
    return frame.reshape(-1).view(np.uint32)


def blend_uniform(frame: NDArray[np.uint8], colour: tuple[int, int, int], amount: int) -> None:
    """Blend ``colour`` over the whole frame by ``amount`` (0..255)."""
    if amount <= 0:
        return
    rgb = frame[..., :3]
    tmp = rgb.astype(np.uint16)
    tmp *= 255 - amount
    tmp += np.asarray(colour, np.uint16) * amount
    rgb[...] = _div255(tmp)


class _Texture:
    """A weather texture as its lit pixels, sorted by row: the texture carries copies of its
    first rows and columns past its period, so any window at an offset within the period is
    a plain rectangle of it."""

    def __init__(self, texture: NDArray[np.uint8], w: int, h: int, vx: float, vy: float) -> None:
        rows, cols = texture.shape
        self.tw, self.th = cols - w, rows - h  # the period the offsets wrap at
        flat = _lit_pixels(texture)
        ys, xs = np.divmod(flat, cols)
        self.xs = xs.astype(np.int32)
        self.ys = ys.astype(np.int32)
        self.values = texture.reshape(-1)[flat]
        # Where each row's pixels start in the sorted lists (one more entry for the end).
        self.row_start = np.searchsorted(self.ys, np.arange(rows + 1)).astype(np.intp)
        self.vx, self.vy = vx, vy

    def window(self, index: int, w: int, h: int) -> tuple[NDArray[np.intp], NDArray[np.uint8]]:
        """Flat frame indices and values of the lit pixels frame ``index`` shows: the window
        at an integer offset that moves by the texture's speed, wrapping at the period."""
        ox = round(index * -self.vx) % max(1, self.tw)
        oy = round(index * -self.vy) % max(1, self.th)
        a, b = self.row_start[oy], self.row_start[oy + h]
        x = self.xs[a:b] - ox
        keep = (x >= 0) & (x < w)
        flat = (self.ys[a:b][keep] - oy).astype(np.intp) * w + x[keep]
        return flat, self.values[a:b][keep]


def _lit_pixels(texture: NDArray[np.uint8]) -> NDArray[np.intp]:
    """The flat indices of the non-zero pixels of ``texture``, ascending (``np.flatnonzero``,
    three times as fast on a texture lit at 1 %: the scan is over 8-byte words, and only the
    bytes of the few non-zero words are looked at)."""
    flat = np.ascontiguousarray(texture).reshape(-1)
    whole = flat.size - flat.size % 8
    words = np.flatnonzero(flat[:whole].view(np.uint64))
    candidates = (words[:, None] * 8 + np.arange(8)).reshape(-1)
    found = candidates[flat[candidates] != 0]
    return np.concatenate([found, whole + np.flatnonzero(flat[whole:])])


_Dense = tuple["NDArray[np.uint8]", float, float]  # a whole wrapped texture and its speed


class SparseWeather:
    """``AnimatedWeather``'s textures applied to frame arrays, touching only lit pixels.

    A texture that lights more than ``DENSE`` of its pixels (fog) is blended over the whole
    frame instead: a list of most pixels costs more than the frame itself.
    """

    DENSE = 0.2

    def __init__(self, weather: AnimatedWeather) -> None:
        w, h = weather.size
        self.size = (w, h)
        # (colour, sparse textures, dense textures as (full tile, vx, vy))
        self.groups: list[tuple[tuple[int, int, int], list[_Texture], list[_Dense]]] = []
        # The textures as AnimatedWeather built them (its per-frame Pillow path, ``apply``,
        # is what the compositor test compares these frames with).
        for fill, members in weather._groups:
            colour = fill.getpixel((0, 0))
            assert isinstance(colour, tuple)
            sparse, dense = [], []
            for texture, vx, vy in members:
                tiled = np.asarray(texture)
                if np.count_nonzero(tiled) > self.DENSE * tiled.size:
                    dense.append((tiled, vx, vy))
                else:
                    sparse.append(_Texture(tiled, w, h, vx, vy))
            self.groups.append(((colour[0], colour[1], colour[2]), sparse, dense))
        self.flashes = weather._flashes
        self.flash = weather.spec.flash
        bolt = np.asarray(weather._bolt) if weather._bolt is not None else None
        self.bolt: tuple[NDArray[np.intp], NDArray[np.uint8]] | None = None
        if bolt is not None:
            index = np.flatnonzero(bolt)
            self.bolt = (index, bolt.reshape(-1)[index])
        self._local = threading.local()  # a scratch mask per thread: renderers are shared

    @property
    def active(self) -> bool:
        return bool(self.groups or self.flashes)

    # Pickled to be shared between workers (``sharing``): each keeps its own scratch.
    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_local"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()

    def apply(self, frame: NDArray[np.uint8], index: int) -> None:
        w, h = self.size
        for colour, sparse, dense in self.groups:
            if dense:
                mask = np.zeros((h, w), np.uint8)
                for tiled, vx, vy in dense:
                    tw, th = tiled.shape[1] - w, tiled.shape[0] - h
                    ox = round(index * -vx) % max(1, tw)
                    oy = round(index * -vy) % max(1, th)
                    np.maximum(mask, tiled[oy:oy + h, ox:ox + w], out=mask)
                for texture in sparse:
                    flat, values = texture.window(index, w, h)
                    view = mask.reshape(-1)
                    view[flat] = np.maximum(view[flat], values)
                _blend_mask(frame, mask, colour)
                continue
            # Layers of one colour are merged by their maximum, then blended once: the
            # mask is scattered into a scratch plane and read back at every lit pixel (a
            # pixel lit by two layers is read twice and written twice with the same value).
            parts = [texture.window(index, w, h) for texture in sparse]
            if not parts:
                continue
            if len(parts) == 1:
                flat, amount = parts[0]
            else:
                scratch = getattr(self._local, "mask", None)
                if scratch is None:
                    scratch = self._local.mask = np.zeros(w * h, np.uint8)
                for k, (flat, values) in enumerate(parts):
                    scratch[flat] = values if k == 0 else np.maximum(scratch[flat], values)
                flat = np.concatenate([p[0] for p in parts])
                amount = scratch[flat]
                scratch[flat] = 0
            blend_colour(frame, flat, amount, colour)
        strength = self.flashes.get(index, 0.0)
        if strength > 0.0:
            if self.bolt is not None and strength > 0.5:
                blend_colour(frame, self.bolt[0], self.bolt[1], self.flash)
            blend_uniform(frame, self.flash, int(255 * 0.45 * strength))


def _blend_mask(
    frame: NDArray[np.uint8], mask: NDArray[np.uint8], colour: tuple[int, int, int]
) -> None:
    rgb = frame[..., :3]
    m = mask.astype(np.uint16)[..., None]
    tmp = rgb.astype(np.uint16)
    tmp *= 255 - m
    tmp += m * np.asarray(colour, np.uint16)
    rgb[...] = _div255(tmp)


class Vignette:
    """The camera's darkened rim: each band of the frame that it reaches, multiplied by its
    factors in 8.8 fixed point (``shade`` is how much to darken, 0..255, as an L image)."""

    def __init__(self, shade: Image.Image, bands: list[tuple[int, int, int, int]]) -> None:
        s = np.asarray(shade).astype(np.uint32)
        # Pillow pastes black through the shade: v * (255 - s) / 255; as v * f >> 8.
        factor = (((255 - s) * 256 + 127) // 255).astype(np.uint16)
        self.bands = []
        for x0, y0, x1, y1 in bands:
            f = np.repeat(factor[y0:y1, x0:x1, None], PIXEL_BYTES, axis=2)
            self.bands.append((slice(y0, y1), slice(x0, x1), f))
        self._local = threading.local()

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_local"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()

    def apply(self, frame: NDArray[np.uint8]) -> None:
        scratches = getattr(self._local, "scratch", None)
        if scratches is None:
            scratches = self._local.scratch = [np.empty(f.shape, np.uint16) for *_, f in self.bands]
        for (rows, cols, factor), scratch in zip(self.bands, scratches, strict=True):
            part = frame[rows, cols]
            np.multiply(part, factor, out=scratch)
            scratch += 128
            np.right_shift(scratch, 8, out=part, casting="unsafe")


def bands(mask: Image.Image, slices: int = 12) -> list[tuple[int, int, int, int]]:
    """Boxes covering every non-zero pixel of ``mask`` (a vignette): for each of ``slices``
    horizontal slices, the span from the left edge and the span to the right edge that hold
    non-zero pixels (the untouched middle is left out)."""
    arr = np.asarray(mask)
    h, w = arr.shape
    boxes = []
    edges = np.linspace(0, h, slices + 1).round().astype(int)
    for y0, y1 in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
        cols = np.nonzero(arr[y0:y1].max(axis=0) > 0)[0]
        if y1 <= y0 or cols.size == 0:
            continue
        left, right = cols[cols < w // 2], cols[cols >= w // 2]
        if left.size and right.size and int(left.max()) + 1 >= int(right.min()):
            boxes.append((0, y0, w, y1))
            continue
        if left.size:
            boxes.append((0, y0, int(left.max()) + 1, y1))
        if right.size:
            boxes.append((int(right.min()), y0, w, y1))
    return boxes


def breathe(image: Image.Image, gain: float) -> None:
    """Scale the light of ``image`` (a ``frame_image``) by ``gain`` (about 1), clipped at
    white: ``min(255, int(v * gain))`` through a lookup table in Pillow's C loop (a table
    beats numpy's widening multiply, which needs 32 bits per byte here)."""
    table = [min(255, int(v * gain)) for v in range(256)]
    image.paste(image.point(table * 4))


def crossfade(into: NDArray[np.uint8], other: NDArray[np.uint8], mix: float) -> None:
    """``into`` becomes ``into`` faded toward ``other`` by ``mix`` (0..1)."""
    m = math.floor(mix * 256 + 0.5)
    a = into.astype(np.uint16)
    a *= 256 - m
    b = other.astype(np.uint16)
    b *= m
    a += b
    a += 128
    a >>= 8
    into[...] = a
