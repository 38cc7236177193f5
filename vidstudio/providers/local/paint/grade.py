"""Colour statistics, palettes and the per-channel grade that moves an image toward a profile.

The grade is a per-channel affine map (mean and spread matching, partly applied) stored as a
lookup table. Being per-channel and affine, it commutes with alpha compositing: grading each
layer of a stack gives the same frame as grading the composed frame, so keyframes and the clips
animated from their layers share one grade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

HIST_BINS = 8


def _pixels(image: Image.Image, max_side: int = 160) -> NDArray[np.float32]:
    img = image.convert("RGB")
    scale = max_side / max(img.size)
    if scale < 1:
        img = img.resize(
            (max(1, round(img.width * scale)), max(1, round(img.height * scale))),
            Image.Resampling.BOX,
        )
    return np.asarray(img, np.float32).reshape(-1, 3)


def srgb_to_lab(rgb: NDArray[np.float32]) -> NDArray[np.float32]:
    """CIE Lab (D65) of sRGB values in 0..255, shape (..., 3)."""
    c = rgb / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]], np.float32
    )
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883], np.float32)
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    lab = np.stack(
        [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])],
        axis=-1,
    )
    return lab.astype(np.float32)


def dominant_colours(
    px: NDArray[np.float32], k: int = 5, iterations: int = 12
) -> list[tuple[list[int], float]]:
    """The ``k`` main colours (k-means, deterministic start) with their share of the pixels."""
    if px.shape[0] == 0:
        return []
    lum = px @ np.array([0.299, 0.587, 0.114], np.float32)
    order = np.argsort(lum, kind="stable")
    centres = px[order[np.linspace(0, len(order) - 1, k).astype(int)]].copy()
    labels = np.zeros(px.shape[0], np.int64)
    for _ in range(iterations):
        d = ((px[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
        labels = d.argmin(1)
        for j in range(k):
            members = px[labels == j]
            if len(members):
                centres[j] = members.mean(0)
    shares = np.bincount(labels, minlength=k) / px.shape[0]
    ranked = sorted(range(k), key=lambda j: -shares[j])
    return [([round(v) for v in centres[j]], float(shares[j])) for j in ranked if shares[j] > 0]


def colour_stats(images: Sequence[Image.Image]) -> dict[str, Any]:
    """Statistics of one or more images: RGB and Lab mean/std, palette, normalised histogram."""
    px = np.concatenate([_pixels(img) for img in images], axis=0)
    lab = srgb_to_lab(px)
    return {
        "rgb_mean": [float(v) for v in px.mean(0)],
        "rgb_std": [float(v) for v in px.std(0)],
        "lab_mean": [float(v) for v in lab.mean(0)],
        "lab_std": [float(v) for v in lab.std(0)],
        "palette": [{"rgb": c, "share": round(s, 4)} for c, s in dominant_colours(px)],
        "histogram": histogram_of_pixels(px).tolist(),
    }


def histogram_of_pixels(px: NDArray[np.float32], bins: int = HIST_BINS) -> NDArray[np.float64]:
    idx = np.clip((px / 256.0 * bins).astype(np.int64), 0, bins - 1)
    flat = idx[:, 0] * bins * bins + idx[:, 1] * bins + idx[:, 2]
    hist: NDArray[np.float64] = np.bincount(flat, minlength=bins**3).astype(np.float64)
    return hist / max(1.0, float(hist.sum()))


def histogram(image: Image.Image, bins: int = HIST_BINS) -> NDArray[np.float64]:
    """Normalised joint RGB histogram (``bins`` per channel) of an image."""
    return histogram_of_pixels(_pixels(image), bins)


def histogram_distance(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """Chi-square distance between two normalised histograms: 0 (same) .. 1 (disjoint)."""
    s = a + b
    nz = s > 0
    return float(0.5 * (((a - b) ** 2)[nz] / s[nz]).sum())


def grade_lut(source: dict[str, Any], target: dict[str, Any], strength: float = 0.65) -> list[int]:
    """A 768-entry lookup table moving ``source`` statistics a ``strength`` of the way to
    ``target``'s (per RGB channel: mean, and spread clamped to a sane range)."""
    lut: list[int] = []
    xs = np.arange(256, dtype=np.float32)
    for ch in range(3):
        ms, ss = float(source["rgb_mean"][ch]), max(1.0, float(source["rgb_std"][ch]))
        mt, st = float(target["rgb_mean"][ch]), max(1.0, float(target["rgb_std"][ch]))
        gain = float(np.clip(st / ss, 0.6, 1.6))
        graded = (xs - ms) * gain + mt
        out = xs + (graded - xs) * strength
        lut.extend(int(v) for v in np.clip(np.round(out), 0, 255))
    return lut


def apply_lut_rgba(rgba: NDArray[np.uint8], lut: Sequence[int]) -> NDArray[np.uint8]:
    """Grade the colour of a straight-alpha RGBA array, leaving alpha alone."""
    table = np.asarray(lut, np.uint8).reshape(3, 256)
    out = rgba.copy()
    for ch in range(3):
        out[..., ch] = table[ch][rgba[..., ch]]
    return out
