"""Drawing a clip's prepared planes into a frame (``animate._Track.draw``), back to front.

A plane is a raster sampled nearest-neighbour into the frame: the bottom plane whole, the others
piece by piece and cell by cell (``planes.cells``): a see-through cell is resized and blended
through its alpha, a solid cell or an opaque piece is sampled straight into the frame
(``frameops.sample_into``), replacing what was there.

What a later plane replaces is not drawn: an opaque piece that spans the frame's width down to
its bottom edge (the ground, the sea) hides every row below its top, so the planes behind it
stop at that row. A scene's ground hides about half of the sky, which was the largest single
pass of a frame. The pixels that stay visible are the same ones, computed the same way
(``sample_into`` draws the first rows of its rectangle exactly as it draws them in the whole).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from vidstudio.providers.local.paint.frameops import blend_into, sample_into

if TYPE_CHECKING:
    from collections.abc import Sequence

Box = tuple[float, float, float, float]


@dataclass
class Piece:
    """Part of a plane's raster: an image placed at ``offset`` (raster pixels) in the plane.

    ``cells`` are the boxes of the image (its own pixels) that are drawn; None draws it whole.
    """

    image: Image.Image  # RGBA; an ``opaque`` piece is pasted without a mask (a copy)
    offset: tuple[int, int]
    opaque: bool
    cells: list[tuple[int, int, int, int]] | None = None


@dataclass
class Plane:
    """A group of layers that move together, ready for per-frame sampling.

    ``size`` is the whole raster's size (views map into it); only ``pieces`` hold pixels:
    the content's bounding box, split into a transparent part and a fully opaque part.
    """

    size: tuple[int, int]
    rect: tuple[float, float, float, float]
    ppu: float
    parallax: float
    drift: float
    pieces: list[Piece]
    bottom: bool


# Where a cell lands: its piece, the frame rectangle and the source box in the piece's pixels.
_Placed = tuple[Piece, tuple[int, int, int, int], Box]


def _placements(plane: Plane, box: Box, w: int, h: int) -> list[_Placed]:
    """The cells of ``plane`` (not a bottom plane) shown through raster ``box``, in order."""
    sx = w / (box[2] - box[0])
    sy = h / (box[3] - box[1])
    out: list[_Placed] = []
    for piece in plane.pieces:
        iw, ih = piece.image.size
        px, py = piece.offset
        for cx0, cy0, cx1, cy1 in piece.cells or ((0, 0, iw, ih),):
            # Only the part of the frame the cell can reach: the output pixels whose centres
            # fall in it, so neighbouring cells meet without gap or overlap.
            ox0 = max(0, math.ceil((px + cx0 - box[0]) * sx - 0.5))
            oy0 = max(0, math.ceil((py + cy0 - box[1]) * sy - 0.5))
            ox1 = min(w, math.ceil((px + cx1 - box[0]) * sx - 0.5))
            oy1 = min(h, math.ceil((py + cy1 - box[1]) * sy - 0.5))
            if ox1 <= ox0 or oy1 <= oy0:
                continue
            # The source box in the piece's own pixels; it may reach into the next cell (same
            # image), so only the piece's edges clamp it.
            sub = (
                max(0.0, box[0] + ox0 / sx - px),
                max(0.0, box[1] + oy0 / sy - py),
                min(float(iw), box[0] + ox1 / sx - px),
                min(float(ih), box[1] + oy1 / sy - py),
            )
            out.append((piece, (ox0, oy0, ox1, oy1), sub))
    return out


def draw_planes(frame: Image.Image, planes: Sequence[Plane], boxes: Sequence[Box]) -> None:
    """Draw ``planes`` (back to front) into ``frame``, each through its raster box."""
    w, h = frame.size
    placed = [[] if plane.bottom else _placements(plane, box, w, h)
              for plane, box in zip(planes, boxes, strict=True)]
    # The first row from which the planes after each one hide the whole frame below.
    hidden_from = [h] * len(planes)
    top = h
    for k in range(len(planes) - 1, -1, -1):
        hidden_from[k] = top
        for piece, (ox0, oy0, ox1, oy1), _ in placed[k]:
            if piece.opaque and piece.cells is None and ox0 == 0 and ox1 == w and oy1 == h:
                top = min(top, oy0)
    for plane, box, cells, hidden in zip(planes, boxes, placed, hidden_from, strict=True):
        if plane.bottom:
            if hidden > 0:
                sample_into(frame, plane.pieces[0].image, (0, 0, w, h), box, rows=hidden)
            continue
        for piece, where, sub in cells:
            if where[1] >= hidden:
                continue
            if piece.opaque:
                sample_into(frame, piece.image, where, sub, rows=hidden - where[1])
            else:
                image = piece.image.resize((where[2] - where[0], where[3] - where[1]),
                                           Image.Resampling.NEAREST, box=sub)
                blend_into(frame, image, (where[0], where[1]))
