"""What jobs will need, imported on a thread before the first job asks for it."""

from __future__ import annotations

import contextlib
import importlib
import threading

_PRELOADED: threading.Thread | None = None


def preload_in_background() -> None:
    """Import what jobs will need (the export engine, the importer) on a thread, once.

    Imported for the first time inside a job, a module's loading would run on the event loop:
    tens of milliseconds in which the editor could not redraw.
    """
    global _PRELOADED
    if _PRELOADED is not None:
        return

    def load() -> None:
        for name in ("vidstudio.export", "vidstudio.media.importing", "vidstudio.lifetime",
                     "vidstudio.jobs.preflight", "vidstudio.jobs.estimate"):
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
        from vidstudio.media.ffmpeg import FFmpegError, ffmpeg_exe

        with contextlib.suppress(FFmpegError):
            ffmpeg_exe()  # finding it runs `ffmpeg -version` once: not on the loop

    _PRELOADED = threading.Thread(target=load, name="vidstudio-preload", daemon=True)
    _PRELOADED.start()
