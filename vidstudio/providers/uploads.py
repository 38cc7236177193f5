"""Local files hosted once: a memo of content hash -> URL kept in the project's cache.

Services that take reference images only by URL (Luma) get them through an ``UploadHost``, the
storage that already hosts trained LoRA weights (fal's CDN). A character's sheet is sent with
every keyframe of every scene the character is in; the memo makes each image one upload per
project: the URL is found by the file's content hash, so an unchanged image is never uploaded
again, while an edited one (new bytes) is. Concurrent keyframes that need the same new image
share one upload. Hosts keep files for a while only, so an entry older than ``MAX_AGE`` is
uploaded afresh.

The memo file is written atomically; a memo that cannot be read is treated as empty (nothing is
lost but an upload).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.atomic import atomic_write_text
from vidstudio.providers.base import BadOutputError, InvalidRequestError

if TYPE_CHECKING:
    from vidstudio.providers.base import UploadHost

#: Seconds a hosted URL is trusted (fal's storage keeps uploads for days; a day is safe).
MAX_AGE = 24 * 3600.0

_file_lock = threading.Lock()  # one reader-modifier-writer of a memo file at a time
_in_flight: dict[tuple[str, str], asyncio.Future[str]] = {}


def content_digest(path: Path) -> str:
    """SHA-256 of the file's bytes (blocking: run it off the loop)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class UploadMemo:
    """The URLs at which a project's local files are hosted.

    Args:
        path: the memo file (in the project's cache folder).
        max_age: seconds after which a hosted URL is uploaded again.
        clock: wall-clock seconds (tests move time).
    """

    def __init__(self, path: Path, *, max_age: float = MAX_AGE,
                 clock: Any = time.time) -> None:
        self.path = Path(path)
        self._max_age = max_age
        self._clock = clock

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def lookup(self, key: str) -> str | None:
        """The URL remembered for ``key`` while it is fresh (blocking)."""
        with _file_lock:
            entry = self._read().get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            return None
        if self._clock() - float(entry.get("at", 0.0)) > self._max_age:
            return None
        return str(entry["url"])

    def remember(self, key: str, url: str) -> None:
        """Record ``url`` for ``key`` (blocking; atomic)."""
        with _file_lock:
            data = self._read()
            data[key] = {"url": url, "at": self._clock()}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps(data, indent=1, sort_keys=True))

    async def url_for(self, path: Path, host: UploadHost, content_type: str, *,
                      provider: str) -> str:
        """The URL of ``path`` on ``host``: remembered, or uploaded now (once).

        Raises:
            InvalidRequestError: the file cannot be read.
            BadOutputError: the host answered with something that is not a URL.
            ProviderError: the upload failed.
        """
        try:
            digest = await asyncio.to_thread(content_digest, path)
        except OSError as exc:
            raise InvalidRequestError(
                f"cannot read {Path(path).name} to upload it ({exc.strerror})",
                provider=provider) from None
        key = f"{host.name}:{digest}"
        found = await asyncio.to_thread(self.lookup, key)
        if found is not None:
            return found
        slot = (str(self.path), key)
        pending = _in_flight.get(slot)
        if pending is not None and pending.get_loop() is asyncio.get_running_loop():
            return await asyncio.shield(pending)
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        _in_flight[slot] = future
        try:
            url = await host.upload(path, content_type)
            if not url.startswith(("http://", "https://")):
                raise BadOutputError(f"the upload host {host.name} returned no URL",
                                     provider=provider)
            with contextlib.suppress(OSError):  # no memo: the next run uploads again
                await asyncio.to_thread(self.remember, key, url)
            future.set_result(url)
            return url
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: a failure nobody shared is not logged twice
            raise
        finally:
            if _in_flight.get(slot) is future:
                del _in_flight[slot]


__all__ = ["MAX_AGE", "UploadMemo", "content_digest"]
