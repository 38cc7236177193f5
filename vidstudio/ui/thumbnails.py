"""Thumbnails of takes, made off the GUI thread and kept in memory and on disk.

Images are decoded and scaled on a worker thread (QImage is safe there); a clip's thumbnail is a
frame ffmpeg extracts into the project's ``cache/thumbs/``; sound takes get a small waveform drawn
from their samples. The GUI thread only turns the finished QImage into a QPixmap, then
``ready(path)`` tells views to repaint.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".mkv", ".webm", ".m4v"}
AUDIO_SUFFIXES = {".wav", ".mp3", ".flac", ".ogg", ".m4a", ".aac"}
RETRY_MS = 50  # asked while no asyncio loop runs: start the load again this much later
RETRIES = 200

log = logging.getLogger(__name__)


class ThumbnailCache(QObject):
    """``pixmap(path, size)`` answers at once from memory or None, and loads in the background.

    Signals:
        ready(str): the thumbnail of that path is available now.
    """

    ready = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pixmaps: dict[tuple[str, int, int], QPixmap] = {}
        self._loading: dict[tuple[str, int, int], asyncio.Task[None]] = {}
        self._retrying: dict[tuple[str, int, int], int] = {}  # key -> tries left
        self.cache_dir: Path | None = None

    def pixmap(self, path: Path | None, size: QSize) -> QPixmap | None:
        if path is None:
            return None
        key = (str(path), size.width(), size.height())
        found = self._pixmaps.get(key)
        if found is not None:
            return found
        if key not in self._loading and key not in self._retrying:
            self._start(Path(path), size, key)
        return None

    def _start(self, path: Path, size: QSize, key: tuple[str, int, int]) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Qt can run a view's redraw while no asyncio loop runs (between two runs of it):
            # the thumbnail is not given up, its load starts again on a later turn.
            self._retry(path, size, key)
            return
        task = loop.create_task(self._load(path, size, key))
        self._loading[key] = task
        task.add_done_callback(lambda t: self._on_done(t, path, size, key))

    def _retry(self, path: Path, size: QSize, key: tuple[str, int, int]) -> None:
        left = self._retrying.get(key, RETRIES)
        if left <= 0:
            self._retrying.pop(key, None)
            log.warning("no thumbnail of %s: the event loop never ran", path)
            return
        self._retrying[key] = left - 1
        QTimer.singleShot(RETRY_MS, self, lambda: self._again(path, size, key))

    def _again(self, path: Path, size: QSize, key: tuple[str, int, int]) -> None:
        if key in self._retrying and key not in self._pixmaps and key not in self._loading:
            self._start(path, size, key)

    def _on_done(self, task: asyncio.Task[None], path: Path, size: QSize,
                 key: tuple[str, int, int]) -> None:
        self._loading.pop(key, None)
        if task.cancelled():
            self._retrying.pop(key, None)
            return
        error = task.exception()  # retrieved: never "Task exception was never retrieved"
        if isinstance(error, RuntimeError) and "event loop" in str(error):
            self._retry(path, size, key)  # a step of the load ran outside the loop
            return
        self._retrying.pop(key, None)
        if error is not None:
            log.warning("no thumbnail of %s: %s", path, error)

    async def _load(self, path: Path, size: QSize, key: tuple[str, int, int]) -> None:
        suffix = path.suffix.lower()
        image: QImage | None = None
        with contextlib.suppress(OSError):
            if suffix in IMAGE_SUFFIXES:
                image = await asyncio.to_thread(_scaled, path, size)
            elif suffix in VIDEO_SUFFIXES:
                frame = await self._video_frame(path)
                if frame is not None:
                    image = await asyncio.to_thread(_scaled, frame, size)
            elif suffix in AUDIO_SUFFIXES:
                image = await asyncio.to_thread(_waveform, path, size)
        if image is None or image.isNull():
            return
        self._pixmaps[key] = QPixmap.fromImage(image)
        with contextlib.suppress(RuntimeError):  # the window closed while this loaded
            self.ready.emit(str(path))

    async def _video_frame(self, path: Path) -> Path | None:
        import imageio_ffmpeg

        from vidstudio.media.ffmpeg import FFmpegError, probe_async

        folder = self.cache_dir or path.parent
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha1(f"{path}@middle".encode()).hexdigest()[:16] + ".jpg"
        target = folder / name
        if target.is_file():
            return target
        # The middle frame: takes of a clip share their keyframes, so their first frames (the
        # frame at 0.5 s too) look alike; half-way each take's own camera and weather show.
        try:
            middle = (await probe_async(path)).duration / 2
        except (FFmpegError, OSError):
            middle = 0.5
        process = await asyncio.create_subprocess_exec(
            imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-ss", f"{middle:.3f}",
            "-i", str(path),
            "-frames:v", "1", "-vf", "scale=320:-2", str(target),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        await process.wait()
        return target if target.is_file() else None

    def clear(self) -> None:
        for task in list(self._loading.values()):
            task.cancel()
        self._loading.clear()
        self._retrying.clear()
        self._pixmaps.clear()


def _scaled(path: Path, size: QSize) -> QImage:
    image = QImage(str(path))
    if image.isNull():
        return image
    return image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def _waveform(path: Path, size: QSize) -> QImage:
    import numpy as np
    import soundfile

    data, _ = soundfile.read(str(path), dtype="float32", always_2d=True)
    mono = np.abs(data).max(axis=1) if data.size else np.zeros(1, dtype="float32")
    width, height = max(8, size.width()), max(8, size.height())
    buckets = np.array_split(mono, width) if mono.size >= width else [mono]
    peaks = np.array([b.max() if b.size else 0.0 for b in buckets])
    peaks = peaks / (peaks.max() or 1.0)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#1b2233"))
    painter = QPainter(image)
    painter.setPen(QPen(QColor("#7fb0ff"), 1))
    middle = height / 2
    for x, peak in enumerate(peaks):
        half = max(0.5, float(peak) * (height / 2 - 1))
        painter.drawLine(x, int(middle - half), x, int(middle + half))
    painter.end()
    return image
