"""A layer raster addressed in world units, with anti-aliased drawing through coverage masks.

World units: the frame at the base camera pose spans x in [0, aspect] and y in [0, 1] (y down),
so one unit is the frame height. A ``Canvas`` covers any world rectangle at any pixel density.

Pixels are stored *premultiplied* in an ``RGBA`` image. Painting an opaque colour or image
through a coverage mask with ``Image.paste`` then computes exactly the premultiplied "over"
operator on all four bands, in Pillow's C code. ``rgba()`` un-premultiplies once at the end.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from vidstudio.providers.local.paint import noise

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from numpy.typing import NDArray

RGB = tuple[int, int, int]
Point = tuple[float, float]
Rect = tuple[float, float, float, float]

_SUPERSAMPLE = 3


def clamp_rgb(colour: Sequence[float]) -> RGB:
    return (
        int(min(255, max(0, round(colour[0])))),
        int(min(255, max(0, round(colour[1])))),
        int(min(255, max(0, round(colour[2])))),
    )


def mix(a: Sequence[float], b: Sequence[float], t: float) -> RGB:
    """Linear blend of two colours, ``t`` = 0 gives ``a``."""
    t = min(1.0, max(0.0, t))
    return clamp_rgb([a[i] + (b[i] - a[i]) * t for i in range(3)])


def scale_rgb(colour: Sequence[float], k: float) -> RGB:
    return clamp_rgb([c * k for c in colour])


class Canvas:
    """A premultiplied RGBA raster covering ``rect`` (world units) at ``ppu`` pixels per unit."""

    def __init__(self, rect: Rect, ppu: float) -> None:
        x0, y0 = rect[0], rect[1]
        self.ppu = float(ppu)
        self.x0 = float(x0)
        self.y0 = float(y0)
        self.w, self.h = self.size_for(rect, ppu)
        self.img = Image.new("RGBA", (self.w, self.h), (0, 0, 0, 0))

    @staticmethod
    def size_for(rect: Rect, ppu: float) -> tuple[int, int]:
        """The pixel size of a canvas covering ``rect`` at ``ppu`` (whole pixels, at least one)."""
        return max(1, round((rect[2] - rect[0]) * ppu)), max(1, round((rect[3] - rect[1]) * ppu))

    @classmethod
    def over(cls, origin: Point, ppu: float, img: Image.Image) -> Canvas:
        """A canvas holding ``img`` (premultiplied ``RGBA``, as ``img`` is kept) with its top
        left corner at world point ``origin``."""
        canvas = cls.__new__(cls)
        canvas.ppu = float(ppu)
        canvas.x0, canvas.y0 = float(origin[0]), float(origin[1])
        canvas.w, canvas.h = img.size
        canvas.img = img
        return canvas

    # ----------------------------------------------------------------------- geometry
    @property
    def rect(self) -> Rect:
        """The exact world rectangle covered (snapped to whole pixels)."""
        return (self.x0, self.y0, self.x0 + self.w / self.ppu, self.y0 + self.h / self.ppu)

    def px(self, x: float, y: float) -> Point:
        return ((x - self.x0) * self.ppu, (y - self.y0) * self.ppu)

    def pts(self, points: Sequence[Point]) -> list[Point]:
        return [self.px(x, y) for x, y in points]

    def length(self, units: float) -> float:
        return units * self.ppu

    def xs(self) -> NDArray[np.float64]:
        """World x of every pixel column centre."""
        return self.x0 + (np.arange(self.w, dtype=np.float64) + 0.5) / self.ppu

    def ys(self) -> NDArray[np.float64]:
        """World y of every pixel row centre."""
        return self.y0 + (np.arange(self.h, dtype=np.float64) + 0.5) / self.ppu

    def row_of(self, y: float) -> int:
        return int(min(self.h, max(0, math.floor((y - self.y0) * self.ppu))))

    def visible(self, bbox: Rect) -> bool:
        x0, y0, x1, y1 = self.rect
        return not (bbox[2] < x0 or bbox[0] > x1 or bbox[3] < y0 or bbox[1] > y1)

    # ------------------------------------------------------------------------ painting
    def paint(
        self,
        mask: Image.Image | NDArray[np.float32],
        source: RGB | Image.Image,
        at: tuple[int, int] = (0, 0),
        opacity: float = 1.0,
    ) -> None:
        """Paint opaque ``source`` (a colour or an RGB image the mask's size) through ``mask``.

        ``mask`` is a coverage in [0, 1] (float array) or an ``L`` image, placed at pixel ``at``.
        """
        if isinstance(mask, np.ndarray):
            mask = Image.fromarray((np.clip(mask, 0.0, 1.0) * (255.0 * opacity)).astype(np.uint8))
        elif opacity < 1.0:
            mask = mask.point(lambda v: int(v * opacity))
        box = (at[0], at[1], at[0] + mask.width, at[1] + mask.height)
        if isinstance(source, Image.Image):
            src = source if source.mode == "RGBA" else source.convert("RGBA")
            self.img.paste(src, box, mask)
        else:
            self.img.paste((*source, 255), box, mask)

    def _shape_mask(
        self,
        bbox_px: Rect,
        draw: Callable[[ImageDraw.ImageDraw, float, float, int], None],
        ss: int = _SUPERSAMPLE,
    ) -> tuple[Image.Image, tuple[int, int]] | None:
        x0 = max(0, math.floor(bbox_px[0]) - 1)
        y0 = max(0, math.floor(bbox_px[1]) - 1)
        x1 = min(self.w, math.ceil(bbox_px[2]) + 1)
        y1 = min(self.h, math.ceil(bbox_px[3]) + 1)
        if x1 <= x0 or y1 <= y0:
            return None
        mask = Image.new("L", ((x1 - x0) * ss, (y1 - y0) * ss), 0)
        draw(ImageDraw.Draw(mask), -x0, -y0, ss)
        return (mask.reduce(ss) if ss > 1 else mask), (x0, y0)

    def polygons(
        self, shapes: Sequence[Sequence[Point]], colour: RGB | Image.Image, opacity: float = 1.0
    ) -> None:
        """Fill polygons (world points) with one colour, anti-aliased, as one paint pass."""
        px_shapes = [self.pts(s) for s in shapes if len(s) >= 3]
        if not px_shapes:
            return
        xs = [p[0] for s in px_shapes for p in s]
        ys = [p[1] for s in px_shapes for p in s]

        def draw(d: ImageDraw.ImageDraw, ox: float, oy: float, ss: int) -> None:
            for s in px_shapes:
                d.polygon([((x + ox) * ss, (y + oy) * ss) for x, y in s], fill=255)

        self._paint_shape((min(xs), min(ys), max(xs), max(ys)), draw, colour, opacity)

    def polygon(
        self, points: Sequence[Point], colour: RGB | Image.Image, opacity: float = 1.0
    ) -> None:
        self.polygons([points], colour, opacity)

    def rect_fill(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        colour: RGB | Image.Image,
        opacity: float = 1.0,
    ) -> None:
        self.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], colour, opacity)

    def ellipses(
        self,
        items: Sequence[tuple[float, float, float, float]],
        colour: RGB | Image.Image,
        opacity: float = 1.0,
    ) -> None:
        """Fill ellipses given as (cx, cy, rx, ry) in world units."""
        px_items = [
            (*self.px(cx, cy), self.length(rx), self.length(ry)) for cx, cy, rx, ry in items
        ]
        if not px_items:
            return
        bbox = (
            min(c[0] - c[2] for c in px_items),
            min(c[1] - c[3] for c in px_items),
            max(c[0] + c[2] for c in px_items),
            max(c[1] + c[3] for c in px_items),
        )

        def draw(d: ImageDraw.ImageDraw, ox: float, oy: float, ss: int) -> None:
            for cx, cy, rx, ry in px_items:
                d.ellipse(
                    (
                        (cx - rx + ox) * ss,
                        (cy - ry + oy) * ss,
                        (cx + rx + ox) * ss,
                        (cy + ry + oy) * ss,
                    ),
                    fill=255,
                )

        self._paint_shape(bbox, draw, colour, opacity)

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        colour: RGB | Image.Image,
        opacity: float = 1.0,
    ) -> None:
        self.ellipses([(cx, cy, rx, ry)], colour, opacity)

    def lines(
        self,
        paths: Sequence[Sequence[Point]],
        width: float,
        colour: RGB | Image.Image,
        opacity: float = 1.0,
        ss: int = _SUPERSAMPLE,
    ) -> None:
        """Stroke polylines ``width`` units wide (``ss`` 1 for many fine strokes, e.g. rain)."""
        px_paths = [self.pts(p) for p in paths if len(p) >= 2]
        if not px_paths:
            return
        wpx = max(0.6, self.length(width))
        xs = [p[0] for s in px_paths for p in s]
        ys = [p[1] for s in px_paths for p in s]
        bbox = (min(xs) - wpx, min(ys) - wpx, max(xs) + wpx, max(ys) + wpx)

        def draw(d: ImageDraw.ImageDraw, ox: float, oy: float, ss: int) -> None:
            for s in px_paths:
                d.line(
                    [((x + ox) * ss, (y + oy) * ss) for x, y in s],
                    fill=255,
                    width=max(1, round(wpx * ss)),
                    joint="curve",
                )

        self._paint_shape(bbox, draw, colour, opacity, ss)

    def _paint_shape(
        self,
        bbox_px: Rect,
        draw: Callable[[ImageDraw.ImageDraw, float, float, int], None],
        colour: RGB | Image.Image,
        opacity: float,
        ss: int = _SUPERSAMPLE,
    ) -> None:
        made = self._shape_mask(bbox_px, draw, ss)
        if made is None:
            return
        mask, at = made
        if isinstance(colour, Image.Image):
            colour = colour.crop((at[0], at[1], at[0] + mask.width, at[1] + mask.height))
        self.paint(mask, colour, at, opacity)

    def glow(
        self,
        cx: float,
        cy: float,
        radius: float,
        colour: RGB,
        strength: float = 1.0,
        falloff: float = 2.0,
        squash: float = 1.0,
    ) -> None:
        """A soft radial light: coverage ``strength * (1 - r/radius)**falloff``."""
        px, py = self.px(cx, cy)
        r = self.length(radius)
        x0, y0 = max(0, math.floor(px - r)), max(0, math.floor(py - r * squash))
        x1, y1 = min(self.w, math.ceil(px + r)), min(self.h, math.ceil(py + r * squash))
        if x1 <= x0 or y1 <= y0 or r < 0.5:
            return
        gx = (np.arange(x0, x1, dtype=np.float32) + 0.5 - px) / r
        gy = (np.arange(y0, y1, dtype=np.float32) + 0.5 - py) / (r * squash)
        d = np.sqrt(gx[None, :] ** 2 + gy[:, None] ** 2)
        cover = np.clip(1.0 - d, 0.0, 1.0) ** falloff * strength
        self.paint(cover.astype(np.float32), colour, (x0, y0))

    def splat(
        self,
        xs: NDArray[np.float64],
        ys: NDArray[np.float64],
        values: NDArray[np.float32] | float,
        colour: RGB,
    ) -> None:
        """Tiny points (stars, far lights, flakes) splatted bilinearly: sub-pixel positions."""
        px = (np.asarray(xs) - self.x0) * self.ppu - 0.5
        py = (np.asarray(ys) - self.y0) * self.ppu - 0.5
        vals = np.broadcast_to(np.asarray(values, np.float32), px.shape)
        keep = (px > -1) & (px < self.w) & (py > -1) & (py < self.h)
        px, py, vals = px[keep], py[keep], vals[keep]
        if px.size == 0:
            return
        ix, iy = np.floor(px).astype(np.int64), np.floor(py).astype(np.int64)
        fx, fy = (px - ix).astype(np.float32), (py - iy).astype(np.float32)
        # Only the rows the points touch: a star field covers the sky, not the whole layer.
        r0, r1 = int(iy.min()), int(iy.max()) + 2
        iy = iy - r0
        cover = np.zeros((r1 - r0 + 2, self.w + 2), np.float32)
        for dx, dy, wgt in (
            (0, 0, (1 - fx) * (1 - fy)),
            (1, 0, fx * (1 - fy)),
            (0, 1, (1 - fx) * fy),
            (1, 1, fx * fy),
        ):
            np.add.at(cover, (iy + dy + 1, ix + dx + 1), vals * wgt)
        top = max(0, r0)
        cover = cover[1 + top - r0 : 1 + min(self.h, r1 + 1) - r0, 1:-1]
        if cover.size:
            self.paint(cover, colour, (0, top))

    # --------------------------------------------------------------- field-based shapes
    def height_mask(
        self, top: NDArray[np.float64], y_from: float | None = None
    ) -> tuple[NDArray[np.float32], int]:
        """Coverage of everything below the curve ``top`` (world y per pixel column).

        Returns the mask and the first row it starts at (rows above are empty), anti-aliased
        vertically by the fractional coverage of the boundary pixel.
        """
        top_px = (top - self.y0) * self.ppu
        first = int(max(0, min(self.h, math.floor(float(np.min(top_px))))))
        if y_from is not None:
            first = max(first, self.row_of(y_from))
        rows = np.arange(first, self.h, dtype=np.float32)[:, None] + 0.5
        cover = np.clip(rows - top_px[None, :].astype(np.float32) + 0.5, 0.0, 1.0)
        return cover.astype(np.float32), first

    def band_mask(
        self, top: NDArray[np.float64], bottom: NDArray[np.float64]
    ) -> tuple[NDArray[np.float32], int]:
        """Coverage between two curves (world y per column), ``top`` above ``bottom``."""
        upper, first = self.height_mask(top)
        bot_px = (bottom - self.y0) * self.ppu
        rows = np.arange(first, self.h, dtype=np.float32)[:, None] + 0.5
        lower = np.clip(bot_px[None, :].astype(np.float32) - rows + 0.5, 0.0, 1.0)
        return (upper * lower).astype(np.float32), first

    def vertical_gradient(
        self, stops: Sequence[tuple[float, RGB]], first_row: int = 0, rows: int | None = None
    ) -> Image.Image:
        """An RGB image whose colour depends on world y only, interpolating ``stops``."""
        rows = self.h - first_row if rows is None else rows
        ys = self.y0 + (np.arange(first_row, first_row + rows) + 0.5) / self.ppu
        pos = np.array([s[0] for s in stops], np.float64)
        cols = np.array([s[1] for s in stops], np.float64)
        column = np.stack([np.interp(ys, pos, cols[:, c]) for c in range(3)], axis=-1)
        strip = Image.fromarray(np.clip(column, 0, 255).astype(np.uint8)[:, None, :])
        return strip.resize((self.w, max(1, rows)), Image.Resampling.NEAREST)

    def texture(
        self,
        seed: int,
        cell: float,
        octaves: int = 3,
        first_row: int = 0,
        rows: int | None = None,
        reduce: int = 2,
    ) -> NDArray[np.float32]:
        """World-anchored fractal noise in [0, 1] for rows ``first_row`` onwards."""
        rows = self.h - first_row if rows is None else rows
        if rows <= 0:
            return np.zeros((0, self.w), np.float32)
        y_top = self.y0 + first_row / self.ppu
        rect = (self.x0, y_top, self.x0 + self.w / self.ppu, y_top + rows / self.ppu)
        small = (max(1, self.w // reduce), max(1, rows // reduce))
        field = noise.fbm(seed, rect, small, cell, octaves)
        if small != (self.w, rows):
            field = np.asarray(
                Image.fromarray(field).resize((self.w, rows), Image.Resampling.BILINEAR)
            )
        return field

    def modulate(self, image: Image.Image, field: NDArray[np.float32], depth: float) -> Image.Image:
        """Darken ``image`` by up to ``depth`` (0..1) where ``field`` is low: painted texture."""
        lum = Image.fromarray((255.0 * (1.0 - depth + depth * field)).astype(np.uint8))
        return ImageChops.multiply(image, Image.merge("RGB", (lum, lum, lum)))

    # ------------------------------------------------------------------------- output
    def rgba(self) -> NDArray[np.uint8]:
        """The layer as straight-alpha RGBA (un-premultiplied)."""
        premultiplied = Image.frombytes("RGBa", self.img.size, self.img.tobytes())
        return np.asarray(premultiplied.convert("RGBA"))
