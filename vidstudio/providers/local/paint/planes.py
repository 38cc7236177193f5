"""Raster helpers of the clip renderer's planes, made once per clip (``animate._Track``).

A plane's content is split into pieces (its see-through part and a fully opaque run of rows at
the bottom), each piece into cells (empty, see-through or solid), and pieces are upsampled
once, premultiplied, so the per-frame nearest-neighbour sampling stays smooth.
"""

from __future__ import annotations

import itertools

import numpy as np
from PIL import Image

from vidstudio.providers.local.paint.world import Layer


def content_pieces(img: Image.Image) -> list[tuple[Image.Image, tuple[int, int], bool]]:
    """The content of an RGBA raster as pieces: its bounding box, with a run of fully opaque
    rows at the bottom (ground, sea) split off so it can be copied instead of blended."""
    alpha = img.getchannel("A")
    found = alpha.getbbox()
    if not found:
        return []
    x0, y0, x1, y1 = found
    rows = np.asarray(alpha.crop((0, y0, img.width, y1))).min(axis=1)
    opaque_from = y1
    if x0 == 0 and x1 == img.width:
        solid = rows == 255
        if solid[-1]:
            k = len(solid) - 1
            while k > 0 and solid[k - 1]:
                k -= 1
            opaque_from = y0 + k
    if y1 - opaque_from < max(8, (y1 - y0) // 10):
        opaque_from = y1
    pieces: list[tuple[Image.Image, tuple[int, int], bool]] = []
    if opaque_from > y0:
        pieces.append((img.crop((x0, y0, x1, opaque_from)), (x0, y0), False))
    if opaque_from < y1:
        pieces.append((img.crop((0, opaque_from, img.width, y1)), (0, opaque_from), True))
    return pieces


CELL = 48  # raster pixels: the grid a piece's alpha is sorted on


def cells(
    piece: Image.Image, opaque: bool
) -> list[tuple[Image.Image, bool, list[tuple[int, int, int, int]] | None]]:
    """How to draw an (upsampled) piece: the boxes where it is see-through (blended with its
    alpha), the boxes where it is solid (copied from an RGB twin, no blending) and none where
    it is empty. A hill or a tower leaves most of its bounding box empty, and blending every
    pixel of that box was most of a frame's cost.
    """
    if opaque:
        return [(piece, True, None)]
    alpha = np.asarray(piece.getchannel("A"))
    h, w = alpha.shape
    rows, cols = -(-h // CELL), -(-w // CELL)
    # Past the piece's edge a cell is padded so it counts neither as content nor as a hole.
    low = np.zeros((rows * CELL, cols * CELL), dtype=np.uint8)
    low[:h, :w] = alpha
    high = np.full_like(low, 255)
    high[:h, :w] = alpha
    top = low.reshape(rows, CELL, cols, CELL).max(axis=(1, 3))
    bottom = high.reshape(rows, CELL, cols, CELL).min(axis=(1, 3))
    kind = np.where(top == 0, 0, np.where(bottom == 255, 2, 1))  # empty, see-through, solid
    boxes: dict[int, list[tuple[int, int, int, int]]] = {1: [], 2: []}
    open_runs: dict[tuple[int, int, int], int] = {}  # (kind, c0, c1) -> index in boxes
    for r in range(rows):
        runs: list[tuple[int, int, int]] = []  # (kind, first column, past the last)
        c = 0
        for k, same in itertools.groupby(kind[r].tolist()):
            n = len(list(same))
            if k:
                runs.append((k, c, c + n))
            c += n
        still_open: dict[tuple[int, int, int], int] = {}
        y0, y1 = r * CELL, min(h, (r + 1) * CELL)
        for k, c0, c1 in runs:
            x0, x1 = c0 * CELL, min(w, c1 * CELL)
            at = open_runs.get((k, c0, c1))
            if at is not None:  # the same run as the row above: make its box taller
                bx0, by0, bx1, _ = boxes[k][at]
                boxes[k][at] = (bx0, by0, bx1, y1)
            else:
                at = len(boxes[k])
                boxes[k].append((x0, y0, x1, y1))
            still_open[(k, c0, c1)] = at
        open_runs = still_open
    out: list[tuple[Image.Image, bool, list[tuple[int, int, int, int]] | None]] = []
    if boxes[1]:
        out.append((piece, False, boxes[1]))
    if boxes[2]:
        # Solid boxes are copied from the same image: their alpha is already 255.
        out.append((piece, True, boxes[2]))
    return out


def solid(img: Image.Image) -> Image.Image:
    """``img`` as RGBA with every pixel opaque (a piece copied without a mask)."""
    out = img.convert("RGBA")
    out.putalpha(255)
    return out


def upsample(img: Image.Image, size: tuple[int, int], opaque: bool) -> Image.Image:
    """Bilinear enlargement of an RGBA raster, premultiplied so edges do not darken.

    Pillow premultiplies RGBA by itself, at the enlarged size; premultiplying at the small size
    and resampling the premultiplied image (Pillow resamples an ``RGBa`` image band by band, as
    it is) does the same work on far fewer pixels. The enlarged raster is made once and
    converted once: no copies of it around the resize (they cost about a third as much as the
    resize itself).
    """
    if opaque:
        # RGB to RGBA makes every pixel opaque by itself (what ``solid`` does to RGBA).
        return img.convert("RGB").resize(size, Image.Resampling.BILINEAR).convert("RGBA")
    return img.convert("RGBa").resize(size, Image.Resampling.BILINEAR).convert("RGBA")


def merge_into(
    img: Image.Image, rect: tuple[float, float, float, float], ppu: float, layer: Layer
) -> None:
    """Composite ``layer`` over ``img`` (covering ``rect`` at ``ppu``) where they overlap."""
    x0, y0 = max(rect[0], layer.rect[0]), max(rect[1], layer.rect[1])
    x1, y1 = min(rect[2], layer.rect[2]), min(rect[3], layer.rect[3])
    if x1 <= x0 or y1 <= y0:
        return
    dx0, dy0 = round((x0 - rect[0]) * ppu), round((y0 - rect[1]) * ppu)
    dx1, dy1 = round((x1 - rect[0]) * ppu), round((y1 - rect[1]) * ppu)
    if dx1 <= dx0 or dy1 <= dy0:
        return
    # The source box for exactly the destination pixels chosen (after rounding).
    sx0, sy0 = rect[0] + dx0 / ppu, rect[1] + dy0 / ppu
    sx1, sy1 = rect[0] + dx1 / ppu, rect[1] + dy1 / ppu
    src = Image.fromarray(layer.rgba)
    box = (
        (sx0 - layer.rect[0]) * layer.ppu,
        (sy0 - layer.rect[1]) * layer.ppu,
        (sx1 - layer.rect[0]) * layer.ppu,
        (sy1 - layer.rect[1]) * layer.ppu,
    )
    box = (
        max(0.0, box[0]),
        max(0.0, box[1]),
        min(float(src.width), box[2]),
        min(float(src.height), box[3]),
    )
    part = src.resize((dx1 - dx0, dy1 - dy0), Image.Resampling.BICUBIC, box=box)
    img.alpha_composite(part, (dx0, dy0))


def picture_layer(path: str, aspect: float) -> Layer:
    """A plain picture as an opaque layer covering the base frame (cropped to the aspect)."""
    with Image.open(path) as opened:
        img = opened.convert("RGBA")
    iw, ih = img.size
    if iw / ih > aspect:
        new_w = round(ih * aspect)
        img = img.crop(((iw - new_w) // 2, 0, (iw - new_w) // 2 + new_w, ih))
    else:
        new_h = round(iw / aspect)
        img = img.crop((0, (ih - new_h) // 2, iw, (ih - new_h) // 2 + new_h))
    ppu = img.height
    return Layer("picture", 1.0, (0.0, 0.0, img.width / ppu, 1.0), float(ppu), np.asarray(img))
