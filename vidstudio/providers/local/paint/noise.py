"""Deterministic randomness defined in world units, so any canvas samples the same world.

The painter renders the same world into canvases of different extents and resolutions (an
environment image, the two keyframes of a shot, a bigger canvas for a camera move). Everything
random is therefore a function of world coordinates and a seed: lattice values come from an
integer hash of the lattice point, never from a stateful generator walked in pixel order.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from numpy.typing import NDArray

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def stable_seed(*parts: object) -> int:
    """A 63-bit seed from any printable parts; stable across runs and Python versions."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def rng_for(*parts: object) -> np.random.Generator:
    """A numpy generator seeded from ``parts`` (see ``stable_seed``)."""
    return np.random.default_rng(stable_seed(*parts))


def _mix(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    # splitmix64 finaliser: good avalanche, cheap in numpy.
    with np.errstate(over="ignore"):
        z = values
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def hash_grid(seed: int, ix: NDArray[np.int64], iy: NDArray[np.int64]) -> NDArray[np.float32]:
    """Uniform values in [0, 1) for integer lattice points (broadcasting ``ix`` and ``iy``)."""
    with np.errstate(over="ignore"):
        key = (
            ix.astype(np.int64).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
            + iy.astype(np.int64).astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
            + np.uint64(seed & 0xFFFFFFFFFFFFFFFF)
        ) & _M64
    return (_mix(key) >> np.uint64(40)).astype(np.float32) / np.float32(1 << 24)


def value_noise(
    seed: int,
    rect: tuple[float, float, float, float],
    size: tuple[int, int],
    cell: float,
) -> NDArray[np.float32]:
    """Smooth noise in [0, 1] over ``rect`` (world units) sampled on a ``size`` pixel grid.

    Lattice points sit every ``cell`` units; Pillow's bicubic resize interpolates them, which is
    both fast and identical for any canvas that covers the same world points.
    """
    x0, y0, x1, y1 = rect
    w, h = size
    ix0 = int(np.floor(x0 / cell)) - 2
    iy0 = int(np.floor(y0 / cell)) - 2
    nx = int(np.ceil(x1 / cell)) - ix0 + 3
    ny = int(np.ceil(y1 / cell)) - iy0 + 3
    ix = np.arange(ix0, ix0 + nx, dtype=np.int64)[None, :]
    iy = np.arange(iy0, iy0 + ny, dtype=np.int64)[:, None]
    lattice = hash_grid(seed, ix, iy)
    img = Image.fromarray(lattice)
    # Lattice point i sits at the centre of pixel i, i.e. at Pillow coordinate i + 0.5.
    box = (
        x0 / cell - ix0 + 0.5,
        y0 / cell - iy0 + 0.5,
        x1 / cell - ix0 + 0.5,
        y1 / cell - iy0 + 0.5,
    )
    out = np.asarray(img.resize((max(1, w), max(1, h)), Image.Resampling.BICUBIC, box=box))
    clipped: NDArray[np.float32] = np.clip(out, 0.0, 1.0).astype(np.float32)
    return clipped


def fbm(
    seed: int,
    rect: tuple[float, float, float, float],
    size: tuple[int, int],
    cell: float,
    octaves: int = 4,
    gain: float = 0.5,
    min_cell_px: float = 2.0,
) -> NDArray[np.float32]:
    """Fractal sum of ``value_noise`` octaves, normalised to about [0, 1].

    Octaves whose cells would be smaller than ``min_cell_px`` pixels are skipped: they would only
    alias, and skipping them keeps big canvases cheap.
    """
    w, h = size
    x0, _, x1, _ = rect
    px_per_unit = w / max(x1 - x0, 1e-9)
    total = np.zeros((max(1, h), max(1, w)), np.float32)
    norm = 0.0
    amp = 1.0
    for octave in range(octaves):
        c = cell / (2**octave)
        if octave > 0 and c * px_per_unit < min_cell_px:
            break
        total += np.float32(amp) * value_noise(seed + 7919 * octave, rect, size, c)
        norm += amp
        amp *= gain
    total /= np.float32(norm)
    return total


def fbm_1d(
    seed: int, xs: NDArray[np.float64], cell: float, octaves: int = 5, gain: float = 0.5
) -> NDArray[np.float64]:
    """1-D fractal noise at world positions ``xs`` (for ridges, skylines and shorelines)."""
    total = np.zeros_like(xs, dtype=np.float64)
    norm = 0.0
    amp = 1.0
    for octave in range(octaves):
        c = cell / (2**octave)
        t = xs / c
        i0 = np.floor(t).astype(np.int64)
        f = t - i0
        zero = np.zeros_like(i0)
        a = hash_grid(seed + 104729 * octave, i0, zero).astype(np.float64)
        b = hash_grid(seed + 104729 * octave, i0 + 1, zero).astype(np.float64)
        s = f * f * (3 - 2 * f)
        total += amp * (a + (b - a) * s)
        norm += amp
        amp *= gain
    return total / norm


def scatter(
    seed: int,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    density: float,
    cell: float = 0.25,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float32]]:
    """Points scattered over a fixed world region, ``density`` points per square unit.

    Returns x, y and a per-point random value in [0, 1) for size or colour jitter. The region is
    fixed by the caller (not by the canvas), so every canvas draws the same points.
    """
    ix = np.arange(int(np.floor(x_range[0] / cell)), int(np.ceil(x_range[1] / cell)))
    iy = np.arange(int(np.floor(y_range[0] / cell)), int(np.ceil(y_range[1] / cell)))
    mx, my = np.meshgrid(ix, iy)
    gx = mx.ravel().astype(np.int64)
    gy = my.ravel().astype(np.int64)
    per_cell = density * cell * cell
    count = np.floor(per_cell + hash_grid(seed, gx, gy) * 1.0).astype(np.int64)
    count = np.minimum(count, 64)
    reps = np.repeat(np.arange(gx.size), count)
    k = np.concatenate([np.arange(c) for c in count]) if count.sum() else np.zeros(0, np.int64)
    cx, cy = gx[reps], gy[reps]
    u = hash_grid(seed + 1, cx * 131 + k, cy)
    v = hash_grid(seed + 2, cx * 131 + k, cy)
    r = hash_grid(seed + 3, cx * 131 + k, cy)
    xs = ((cx + u) * cell).astype(np.float64)
    ys = ((cy + v) * cell).astype(np.float64)
    keep = (xs >= x_range[0]) & (xs < x_range[1]) & (ys >= y_range[0]) & (ys < y_range[1])
    return xs[keep], ys[keep], r[keep]
