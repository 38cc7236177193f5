"""A painted plane lit for another light: a colour transform measured on the painter itself.

Every colour of the ground and the buildings passes through ``Palette.shade`` (a material lit
by the light's colour and level, then faded toward the haze by its distance): for one distance
that is an affine map of the material's colour, so the same place under two lights is, pixel
for pixel, nearly one affine map of the other. Nearly: a plane holds several distances, and the
light also decides what is drawn (windows lit at dusk, a wet street's shine, the sea's
reflection of the sky). So the map is not assumed, it is measured: both lights' place painters
paint the plane small (``PROBE`` of the sheet's density), the map is fitted on the pixels both
cover fully, and it is used only when it reproduces the other light faithfully there (mean
error under ``MAX_MEAN`` levels, 99 % of pixels under ``MAX_P99``, the same coverage).
Otherwise the plane is painted in its own light.

The sky and the clouds are the light itself (its gradient, sun, moon, stars and cloud cover):
they are never relit, only painted per light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vidstudio.providers.local.paint.world import blank_canvas

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from vidstudio.providers.local.paint.world import World

Rect = tuple[float, float, float, float]

# Planes that may be lit for another light (where the ground, the water and the buildings are).
RELIT_PLANES = ("far", "mid", "near")
PROBE = 0.25  # the probes' density, as a fraction of the sheet's
MAX_MEAN = 1.2  # levels of 255
MAX_P99 = 6.0
MAX_COVERAGE = 0.5  # mean difference of the two lights' coverage, levels of 255
MIN_PIXELS = 64


def probe(world: World, name: str, rect: Rect, ppu: float) -> NDArray[np.float64]:
    """The place painters of plane ``name`` painted over ``rect`` at ``ppu`` (premultiplied
    RGBA as floats)."""
    plan = world.layers[name]
    canvas = blank_canvas(world, name, rect, ppu)
    for painter in plan.painters[:plan.place_count]:
        painter(canvas)
    return np.asarray(canvas.img, dtype=np.float64)


def fit(painted: NDArray[np.float64], wanted: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """The affine map (a 4x3 matrix on ``[r, g, b, 1]``) that turns the plane ``painted`` in
    one light into ``wanted`` in another, or None when no such map is faithful."""
    if painted.shape != wanted.shape:
        return None
    if np.abs(painted[..., 3] - wanted[..., 3]).mean() > MAX_COVERAGE:
        return None  # the light changes what is drawn, not only its colour
    solid = (painted[..., 3] >= 255) & (wanted[..., 3] >= 255)
    if int(solid.sum()) < MIN_PIXELS:
        return None
    source = painted[solid][:, :3]
    target = wanted[solid][:, :3]
    terms = np.c_[source, np.ones(len(source))]
    matrix, *_ = np.linalg.lstsq(terms, target, rcond=None)
    error = np.abs(np.clip(terms @ matrix, 0, 255) - target)
    if error.mean() > MAX_MEAN or np.percentile(error, 99) > MAX_P99:
        return None
    return np.asarray(matrix, dtype=np.float64)


def apply(pixels: NDArray[np.uint8], matrix: NDArray[np.float64]) -> NDArray[np.uint8]:
    """``pixels`` (premultiplied RGBA) lit by ``matrix``: the map of the straight colour,
    written premultiplied (the offset scaled by each pixel's coverage)."""
    rgb = pixels[..., :3].astype(np.float32)
    alpha = pixels[..., 3:4].astype(np.float32) / 255.0
    lit = rgb @ matrix[:3].astype(np.float32) + alpha * matrix[3].astype(np.float32)
    out = np.empty_like(pixels)
    np.clip(lit, 0.0, alpha * 255.0, out=lit)
    out[..., :3] = np.rint(lit)
    out[..., 3] = pixels[..., 3]
    return out
