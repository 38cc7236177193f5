"""Downloads a named model from the Hugging Face hub (or the endpoint in ``HF_ENDPOINT``) into the
user's models folder: with progress, resuming a cut transfer where it stopped (an HTTP range
request), and each file checked against the hub's own checksum (SHA-256 for large files, the git
blob id for small ones) before it takes its place. Nothing is downloaded unless asked.

Layout: ``<models>/<owner>--<name>/`` holds the files under their hub paths; ``<file>.part`` is a
transfer under way. A file that fails its checksum is removed and fetched whole next time.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from pathlib import Path

DEFAULT_ENDPOINT = "https://huggingface.co"
CHUNK = 1 << 20
ProgressFn = Callable[[int, int, str], None]  # bytes done, bytes in all, file


class DownloadError(Exception):
    """A download that failed; the message is one line saying why and what to do."""


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    sha256: str | None  # large (LFS) files
    git_sha1: str | None  # small files: the git blob id


@dataclass(frozen=True)
class RemoteModel:
    repo: str
    revision: str
    files: tuple[RemoteFile, ...]
    licence: str
    pipeline: str | None  # the diffusers pipeline, when the hub says

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", DEFAULT_ENDPOINT).rstrip("/")


def folder_name(repo: str) -> str:
    return repo.replace("/", "--")


def _headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


async def describe(client: httpx.AsyncClient, repo: str, revision: str = "main",
                   token: str | None = None) -> RemoteModel:
    """What the hub holds for ``repo`` at ``revision``: files, sizes, checksums, licence."""
    try:
        reply = await client.get(f"{endpoint()}/api/models/{repo}/revision/{revision}",
                                 params={"blobs": "true"}, headers=_headers(token))
    except httpx.HTTPError as exc:
        raise DownloadError(f"the model hub cannot be reached ({type(exc).__name__}): "
                            "check the connection or HF_ENDPOINT") from exc
    if reply.status_code in (401, 403):
        raise DownloadError(f"{repo} needs a Hugging Face token with access (accept its "
                            "licence on its page, then set HF_TOKEN)")
    if reply.status_code == 404:
        raise DownloadError(f"no model {repo!r} (revision {revision}) on the hub")
    if reply.status_code != 200:
        raise DownloadError(f"the hub answered {reply.status_code} for {repo}")
    data: dict[str, Any] = reply.json()
    files = []
    for sibling in data.get("siblings", []):
        lfs = sibling.get("lfs") or {}
        files.append(RemoteFile(str(sibling["rfilename"]),
                                int(lfs.get("size", sibling.get("size", 0)) or 0),
                                lfs.get("sha256"), sibling.get("blobId")))
    card = data.get("cardData") or {}
    licence = str(card.get("license") or "not stated on the hub (see the model card)")
    config = data.get("config") or {}
    pipeline = (config.get("diffusers") or {}).get("_class_name")
    return RemoteModel(repo, str(data.get("sha") or revision), tuple(files), licence, pipeline)


def _hasher(remote: RemoteFile) -> Any:
    if remote.sha256:
        return hashlib.sha256()
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"blob {remote.size}\0".encode())  # git's blob id
    return digest


def _expected(remote: RemoteFile) -> str | None:
    return remote.sha256 or remote.git_sha1


def _rehash(path: Path, hasher: Any) -> int:
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return size


def _finish(f: Any, rest: bytes) -> None:
    f.write(rest)
    f.flush()
    os.fsync(f.fileno())
    f.close()


async def _fetch(client: httpx.AsyncClient, model: RemoteModel, remote: RemoteFile,
                 folder: Path, token: str | None, done_before: int,
                 progress: ProgressFn) -> None:
    final = folder / remote.path
    part = final.with_name(final.name + ".part")
    await asyncio.to_thread(part.parent.mkdir, parents=True, exist_ok=True)
    hasher = _hasher(remote)
    have = await asyncio.to_thread(_rehash, part, hasher) if part.is_file() else 0
    if have > remote.size:  # not the file we are fetching: start over
        await asyncio.to_thread(part.unlink)
        hasher, have = _hasher(remote), 0
    url = f"{endpoint()}/{model.repo}/resolve/{model.revision}/{remote.path}"
    headers = _headers(token) | ({"Range": f"bytes={have}-"} if have else {})
    if have < remote.size or remote.size == 0:
        try:
            async with client.stream("GET", url, headers=headers) as reply:
                if reply.status_code not in (200, 206):
                    raise DownloadError(f"{remote.path}: the hub answered {reply.status_code}")
                if reply.status_code == 200 and have:  # the server ignored the range
                    hasher, have = _hasher(remote), 0
                    await asyncio.to_thread(part.unlink)
                f = await asyncio.to_thread(part.open, "ab")
                pending = bytearray()  # written a megabyte at a time, and whatever came
                try:                   # before a cut, so a resume starts from there
                    async for chunk in reply.aiter_bytes():
                        pending += chunk
                        hasher.update(chunk)
                        have += len(chunk)
                        if len(pending) >= CHUNK:
                            await asyncio.to_thread(f.write, bytes(pending))
                            pending.clear()
                            progress(done_before + have, model.size, remote.path)
                finally:
                    await asyncio.to_thread(_finish, f, bytes(pending))
                progress(done_before + have, model.size, remote.path)
        except httpx.HTTPError as exc:
            raise DownloadError(
                f"{remote.path}: the transfer was cut at {have} of {remote.size} bytes "
                f"({type(exc).__name__}); run the same download again to resume") from exc
    if have != remote.size:
        raise DownloadError(f"{remote.path}: got {have} of {remote.size} bytes; run the same "
                            "download again to resume")
    expected = _expected(remote)
    if expected and hasher.hexdigest() != expected:
        await asyncio.to_thread(part.unlink)
        raise DownloadError(f"{remote.path}: the checksum does not match the hub's; the file "
                            "was removed and will be fetched whole next time")
    await asyncio.to_thread(os.replace, part, final)


async def download(repo: str, models: Path, *, revision: str = "main",
                   token: str | None = None, progress: ProgressFn | None = None,
                   client: httpx.AsyncClient | None = None) -> Path:
    """Fetch ``repo`` into ``models/<owner>--<name>``; returns that folder.

    Files already in place with the hub's size are kept (checked by ``vidstudio models check``).

    Raises:
        DownloadError: the hub refused or could not be reached, a transfer was cut (run it
            again to resume), or a checksum did not match.
    """
    token = token or os.environ.get("HF_TOKEN") or None
    report = progress or (lambda _done, _total, _name: None)
    own = client is None
    client = client or httpx.AsyncClient(follow_redirects=True,
                                         timeout=httpx.Timeout(60.0, connect=15.0))
    try:
        model = await describe(client, repo, revision, token)
        folder = models / folder_name(repo)
        done = 0
        for remote in model.files:
            final = folder / remote.path
            if final.is_file() and final.stat().st_size == remote.size:
                done += remote.size
                report(done, model.size, remote.path)
                continue
            await _fetch(client, model, remote, folder, token, done, report)
            done += remote.size
        return folder
    finally:
        if own:
            await client.aclose()
