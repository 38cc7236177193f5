"""``FalUploadHost``: local files made reachable by URL through fal's storage (CDN v3)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.providers.base import InvalidRequestError
from vidstudio.providers.fal._queue import PROVIDER, FalQueue

if TYPE_CHECKING:
    from concurrent.futures import Executor


def read_file(path: str) -> bytes:
    """The bytes of ``path`` (top level so a process pool can run it)."""
    return Path(path).read_bytes()


async def read_bytes(path: Path, executor: Executor | None) -> bytes:
    """Read ``path`` off the event loop; a missing file is an invalid request."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(executor, read_file, str(path))
    except OSError as exc:
        raise InvalidRequestError(f"cannot read {Path(path).name} to upload it ({exc.strerror})",
                                  provider=PROVIDER) from None


class FalUploadHost:
    """An ``UploadHost`` storing files on fal's CDN (public URLs; fal keeps them for a while).

    Args:
        api_key: the fal key.
        base_url: root of fal's REST API (``https://rest.fal.ai``); None for fal's.
        timeout: seconds per HTTP request.
        executor: where files are read; None for the default thread pool.
    """

    name = "fal"

    def __init__(self, api_key: str, base_url: str | None = None, *, timeout: float = 120.0,
                 executor: Executor | None = None) -> None:
        self._queue = FalQueue(api_key, rest_url=base_url, timeout=timeout)
        self._executor = executor

    async def check(self) -> None:
        """Prove the key with a free authenticated call (a storage token)."""
        await self._queue.check()

    async def upload(self, path: Path, content_type: str) -> str:
        """Upload ``path`` and return its public URL.

        Raises:
            ProviderError: the file cannot be read or fal refused it.
        """
        data = await read_bytes(path, self._executor)
        return await self._queue.upload(data, content_type, Path(path).name)
