"""Thumbnails and waveforms for the timeline, made off the GUI thread and cached on disk.

Each is keyed by the take id (a take never changes), written into the project's cache folder
(``cache/timeline/``) atomically, and read back as a ``QImage`` (safe outside the GUI thread) or
a numpy array of peaks. Only the GUI thread turns an image into a pixmap.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

# Peaks per second of audio: enough for the deepest zoom the timeline offers.
PEAKS_PER_SECOND = 100
THUMB_HEIGHT = 120


def _atomic_write(path: Path, write: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))  # type: ignore[operator]
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _make_thumbnail(source: Path, target: Path, height: int) -> QImage | None:
    if not target.is_file():
        from PIL import Image

        try:
            with Image.open(source) as image:
                image = image.convert("RGB")
                width = max(1, round(image.width * height / max(1, image.height)))
                small = image.resize((width, height), Image.Resampling.LANCZOS)
        except OSError:
            return None
        _atomic_write(target, lambda tmp: small.save(tmp, format="PNG"))
    image = QImage(str(target))
    return None if image.isNull() else image


async def thumbnail(source: Path, cache_dir: Path, key: str,
                    height: int = THUMB_HEIGHT) -> QImage | None:
    """A ``height``-pixel-high image of the picture at ``source`` (None when unreadable)."""
    target = cache_dir / f"thumb-{key}-{height}.png"
    return await asyncio.to_thread(_make_thumbnail, source, target, height)


def _make_peaks(source: Path, target: Path) -> np.ndarray | None:
    if target.is_file():
        try:
            return np.load(target)
        except (OSError, ValueError):
            target.unlink(missing_ok=True)
    import soundfile as sf

    try:
        data, rate = sf.read(str(source), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, OSError, RuntimeError):
        return None
    mono = np.abs(data).max(axis=1) if data.size else np.zeros(1, np.float32)
    step = max(1, int(rate) // PEAKS_PER_SECOND)
    count = max(1, int(np.ceil(len(mono) / step)))
    padded = np.zeros(count * step, np.float32)
    padded[: len(mono)] = mono
    peaks = padded.reshape(count, step).max(axis=1).astype(np.float32)
    _atomic_write(target, lambda tmp: np.save(str(tmp), peaks))
    return peaks


async def waveform(source: Path, cache_dir: Path, key: str) -> np.ndarray | None:
    """Peak levels (0..1) of the sound at ``source``, ``PEAKS_PER_SECOND`` per second."""
    target = cache_dir / f"wave-{key}.npy"
    return await asyncio.to_thread(_make_peaks, source, target)
