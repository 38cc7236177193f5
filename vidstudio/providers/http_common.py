"""Helpers shared by the cloud providers: HTTP failures to provider errors, Retry-After, key
scrubbing, size-capped downloads that are checked before they are trusted, and image fitting.

This module must not import any provider module (the providers stay independent of each other);
the providers import it.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import math
import re
import struct
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import httpx
from PIL import Image, ImageOps

from vidstudio.atomic import atomic_output, atomic_write_bytes
from vidstudio.media.ffmpeg import probe
from vidstudio.providers.base import (
    AuthenticationError,
    BadOutputError,
    CallContext,
    ContentRefusedError,
    DeadlineExceededError,
    DownloadFailedError,
    InvalidRequestError,
    ProviderError,
    ProviderTimeoutError,
    RateLimitedError,
    ServiceUnavailableError,
    unknown_outcome,
)
from vidstudio.providers.keys import redact_text

if TYPE_CHECKING:
    from concurrent.futures import Executor

MediaKind = Literal["video", "image", "audio", "safetensors"]

#: Downloads larger than this are refused unless a provider passes its own cap.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

# Words services use when they refuse content rather than a malformed request; matched in
# lower case against the service's message.
_MODERATION_WORDS = (
    "moderation",
    "content policy",
    "content_against_policy",
    "against our policy",
    "safety",
    "nsfw",
    "prohibited",
    "flagged",
)

_MAX_MESSAGE = 300


# ------------------------------------------------------------------------------ scrubbing
def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every secret and every credential-looking header value replaced.

    Explicit secrets are replaced wherever and however they appear (a service may echo the key
    in an error message raw, URL-encoded, base64-encoded, or only its secret half: see
    ``keys.secret_pattern``); ``Bearer``/``Key``/``xi-api-key`` values are masked even when
    the key is unknown.
    """
    text = redact_text(text, secrets, "***")
    # A credential is long and carries digits; "API key provided" must survive.
    text = re.sub(r"(?i)\b(bearer|key)\s+(?=[\w.:\-/+=]*\d)[\w.:\-/+=]{16,}", r"\1 ***", text)
    return re.sub(r"(?i)(xi-api-key['\"]?\s*[:=]\s*['\"]?)[^\s'\",}]+", r"\1***", text)


def service_message(body: object, fallback: str = "") -> str:
    """The human message inside an error body, whatever shape the service uses.

    Understands ``{"detail": "..."}``, ``{"detail": {"status", "message"}}``, FastAPI validation
    lists, ``{"error": {"message"}}``, ``{"error": "..."}`` and ``{"message": "..."}``; a string
    body that is JSON is parsed first. The result is shortened, never empty.
    """
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    if isinstance(body, str):
        with contextlib.suppress(ValueError):
            body = json.loads(body)
    text = _message_of(body)
    if not text:
        text = body if isinstance(body, str) else fallback
    text = " ".join(str(text).split())
    if len(text) > _MAX_MESSAGE:
        text = text[: _MAX_MESSAGE - 1] + "…"
    return text or fallback or "no message"


def _message_of(body: object) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        parts = [_message_of(item) for item in body]
        return "; ".join(p for p in parts if p)
    if not isinstance(body, Mapping):
        return ""
    for key in ("detail", "error", "message", "msg"):
        if body.get(key):
            inner = body[key]
            if isinstance(inner, Mapping):
                message = str(inner.get("message") or inner.get("msg") or "")
                status = str(inner.get("status") or inner.get("type") or "")
                if message and status and status not in message:
                    return f"{message} ({status})"
                return message or status or _message_of(dict(inner))
            return _message_of(inner)
    return ""


def looks_like_moderation(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in _MODERATION_WORDS)


# ----------------------------------------------------------------------------- retry-after
def parse_retry_after(
    headers: Mapping[str, str] | None, *, now: float | None = None
) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date).

    Returns None when the service did not say or said something unreadable.
    """
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    if (ms := lowered.get("retry-after-ms")) is not None:
        with contextlib.suppress(ValueError):
            value = float(ms) / 1000.0
            if math.isfinite(value) and value >= 0:
                return value
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    with contextlib.suppress(ValueError):
        value = float(raw)
        return value if math.isfinite(value) and value >= 0 else None
    with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
        when = email.utils.parsedate_to_datetime(raw)
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    return None


# ---------------------------------------------------------------------------------- errors
def error_for_status(
    status: int,
    message: str,
    *,
    provider: str,
    headers: Mapping[str, str] | None = None,
    secrets: Iterable[str | None] = (),
) -> ProviderError:
    """The provider error for an HTTP failure, carrying the service's message but no secret.

    401/403 -> AuthenticationError; 408 -> ProviderTimeoutError; 429 -> RateLimitedError with
    Retry-After; 5xx and 529 -> ServiceUnavailableError; other 4xx -> InvalidRequestError, or
    ContentRefusedError when the message speaks of moderation.
    """
    error = _error_for_status(status, message, provider=provider, headers=headers,
                              secrets=secrets)
    error.status = status
    return error


def _error_for_status(status: int, message: str, *, provider: str,
                      headers: Mapping[str, str] | None, secrets: Iterable[str | None]
                      ) -> ProviderError:
    text = scrub(message, secrets) or f"HTTP {status}"
    retry_after = parse_retry_after(headers)
    if status in (401, 403):
        return AuthenticationError(
            f"the service rejected the API key (HTTP {status}): {text}", provider=provider
        )
    if status == 408:
        return ProviderTimeoutError(f"the service timed out (HTTP 408): {text}", provider=provider)
    if status == 429:
        return RateLimitedError(
            f"rate limited (HTTP 429): {text}", provider=provider, retry_after=retry_after
        )
    if status >= 500:
        return ServiceUnavailableError(
            f"service unavailable (HTTP {status}): {text}", provider=provider,
            retry_after=retry_after,
        )
    if looks_like_moderation(text):
        return ContentRefusedError(f"content refused (HTTP {status}): {text}", provider=provider)
    return InvalidRequestError(f"request rejected (HTTP {status}): {text}", provider=provider)


def error_for_transport(
    exc: BaseException, *, provider: str, secrets: Iterable[str | None] = ()
) -> ProviderError:
    """The provider error for an httpx transport failure (timeout, refused connection)."""
    detail = scrub(str(exc) or type(exc).__name__, secrets)
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return ProviderTimeoutError(f"the request timed out ({detail})", provider=provider)
    return ServiceUnavailableError(f"could not reach the service ({detail})", provider=provider)


def error_for_response(
    response: httpx.Response, *, provider: str, secrets: Iterable[str | None] = ()
) -> ProviderError:
    """``error_for_status`` for an httpx response whose body may not have been read yet."""
    try:
        body: object = response.json()
    except (ValueError, httpx.ResponseNotRead):
        try:
            body = response.text
        except httpx.ResponseNotRead:
            body = ""
    return error_for_status(
        response.status_code,
        service_message(body, response.reason_phrase),
        provider=provider,
        headers=response.headers,
        secrets=secrets,
    )


# ----------------------------------------------------------------------------- downloading
async def download(
    url: str,
    dest: Path,
    *,
    kind: MediaKind,
    provider: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    request_timeout: float = 120.0,
    secrets: Iterable[str | None] = (),
    executor: Executor | None = None,
) -> dict[str, Any]:
    """Stream ``url`` into ``dest`` (atomically), refuse it past ``max_bytes``, then check it.

    Returns what the check learnt (duration, size, codec...).

    Raises:
        BadOutputError: the file is too large, empty, or not the media it should be.
        ProviderTimeoutError / ServiceUnavailableError / ...: the download itself failed.
    """
    secrets = tuple(secrets)
    try:
        async with (
            httpx.AsyncClient(timeout=request_timeout, follow_redirects=True) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                await response.aread()
                raise error_for_response(response, provider=provider, secrets=secrets)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise BadOutputError(
                    f"the {kind} file is {int(declared)} bytes, over the {max_bytes} limit",
                    provider=provider,
                )
            with atomic_output(dest) as tmp:
                received = 0
                with tmp.open("wb") as handle:
                    async for chunk in response.aiter_bytes(1 << 16):
                        received += len(chunk)
                        if received > max_bytes:
                            raise BadOutputError(
                                f"the {kind} file is over the {max_bytes} byte limit",
                                provider=provider,
                            )
                        handle.write(chunk)
                if received == 0:
                    raise BadOutputError(f"the {kind} file was empty", provider=provider)
    except httpx.HTTPError as exc:
        raise error_for_transport(exc, provider=provider, secrets=secrets) from None
    try:
        return await check_file(dest, kind=kind, provider=provider, executor=executor)
    except BadOutputError:
        # Nobody may mistake it for a result.
        await asyncio.get_running_loop().run_in_executor(executor, remove_file, str(dest))
        raise


async def download_verified(
    url: str,
    dest: Path,
    *,
    kind: MediaKind,
    provider: str,
    what: str,
    attempts: int = 3,
    pause: float = 0.5,
    max_bytes: int = DEFAULT_MAX_BYTES,
    request_timeout: float = 120.0,
    secrets: Iterable[str | None] = (),
    executor: Executor | None = None,
    ctx: CallContext | None = None,
) -> dict[str, Any]:
    """``download`` with its own retries, apart from creating the result: a corrupt, truncated
    or wrong-type file, or a failed transfer, is fetched again (up to ``attempts`` times).

    Returns what the check learnt about the file.

    Raises:
        DownloadFailedError: still no intact file. It is retryable: the paid job stays
            journalled, and the next try resumes it and downloads again — never re-creates it.
        DeadlineExceededError: ``ctx.deadline`` passed.
    """
    secrets = tuple(secrets)
    last: ProviderError | None = None
    for attempt in range(1, max(1, attempts) + 1):
        timeout = request_timeout
        if ctx is not None:
            timeout = min(timeout, time_left(ctx, provider=provider, what=what))
        try:
            return await download(url, dest, kind=kind, provider=provider, max_bytes=max_bytes,
                                  request_timeout=timeout, secrets=secrets, executor=executor)
        except DeadlineExceededError:
            raise
        except (BadOutputError, ServiceUnavailableError, ProviderTimeoutError,
                RateLimitedError) as error:
            last = error
        except ProviderError as error:  # 404/403: fetching the same URL again will not help
            last = error
            break
        if attempt < attempts:
            await asyncio.sleep(pause * attempt)
    detail = last.message if last is not None else "no file"
    raise DownloadFailedError(
        f"the {what} is made and paid for, but its {kind} file could not be downloaded intact "
        f"({detail}); trying again downloads it again instead of paying again",
        provider=provider,
    )


# ------------------------------------------------------------------------------- deadlines
def start_deadline(ctx: CallContext, seconds: float) -> float:
    """Set ``ctx.deadline`` to ``seconds`` from now unless the jobs layer (or an earlier
    attempt of the same step, which shares the context) already set one; returns it."""
    if ctx.deadline is None:
        ctx.deadline = time.monotonic() + max(0.0, seconds)
    return ctx.deadline


def time_left(ctx: CallContext, *, provider: str, what: str) -> float:
    """Seconds left before ``ctx.deadline`` (infinite without one).

    Raises:
        DeadlineExceededError: none are left; the message says nothing was sent again.
    """
    if ctx.deadline is None:
        return math.inf
    left = ctx.deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceededError(
            f"the {what} ran out of time and was stopped; nothing was sent again (a job "
            "already accepted keeps running and the next run picks it up)",
            provider=provider,
        )
    return left


def mark_submitting(ctx: CallContext) -> None:
    """Journal that a paid request is about to be sent, and remember it on the context so a
    retry of this step in this run looks the request up before sending it again."""
    ctx.mark_submitting()
    if ctx.submitted_since is None:
        ctx.submitted_since = datetime.now(UTC).isoformat()


#: Answers that say the request was turned away before anything was made: nothing is billed,
#: so it may be sent again. (A 500, a 502/504 from a gateway or no answer at all may come
#: after the work was done.)
_REFUSED_STATUSES = frozenset({400, 401, 402, 403, 404, 405, 409, 413, 415, 422, 429, 503, 529})


def refused_before_work(error: ProviderError) -> bool:
    """Whether ``error`` is an answer that proves nothing was made (a rate limit, a refused
    key or request, "overloaded"), as opposed to a request whose outcome is unknown."""
    if error.status is not None:
        return error.status in _REFUSED_STATUSES
    return isinstance(error, RateLimitedError | AuthenticationError | InvalidRequestError
                      | ContentRefusedError)


def settle_submission(ctx: CallContext, error: ProviderError) -> None:
    """After a paid request failed: if the answer proves nothing was made, clear the marked
    submission (here and in the journal), so the retry sends it again without a lookup."""
    if refused_before_work(error):
        ctx.submitted_since = None
        ctx.clear_submitting()


def orphan_check(ctx: CallContext, *, what: str, provider: str,
                 possible_cost: float | None, why: str) -> None:
    """Refuse to send again a request an earlier attempt may already have had made, unless the
    user consented (``ctx.resend_unknown``).

    Raises:
        UnknownOutcomeError: ``ctx.submitted_since`` is set and there is no consent.
    """
    if ctx.submitted_since and not ctx.resend_unknown:
        raise unknown_outcome(what, provider=provider, possible_cost=possible_cost, why=why)


# --------------------------------------------------------------------------------- replies
def reply_folder(ctx: CallContext) -> Path:
    """Where this step keeps its paid replies: ``ctx.reply_dir`` (it survives a crash), else
    the call's own folder (it survives the retries of this run, not a crash)."""
    return ctx.reply_dir or ctx.work_dir


def _reply_path(folder: Path, name: str) -> Path:
    if not re.fullmatch(r"[\w.-]{1,80}", name):
        raise ValueError(f"not a reply name: {name!r}")
    return folder / name


def save_reply(folder: Path, name: str, data: bytes) -> None:
    """Keep a paid reply durably (written atomically and fsync'd) so that a crash before its
    take is saved does not lose it (blocking)."""
    atomic_write_bytes(_reply_path(folder, name), data)


def saved_reply(folder: Path, name: str) -> bytes | None:
    """A reply kept by ``save_reply``, or None (blocking)."""
    try:
        return _reply_path(folder, name).read_bytes() or None
    except OSError:
        return None


def drop_reply(folder: Path, name: str) -> None:
    """Remove a kept reply or marker (blocking)."""
    _reply_path(folder, name).unlink(missing_ok=True)


async def keep_reply(folder: Path, name: str, data: bytes) -> None:
    """``save_reply`` on a thread (small files: not worth a process)."""
    await asyncio.to_thread(save_reply, folder, name, data)


async def kept_reply(folder: Path, name: str) -> bytes | None:
    """``saved_reply`` on a thread."""
    return await asyncio.to_thread(saved_reply, folder, name)


async def forget_reply(folder: Path, name: str) -> None:
    """``drop_reply`` on a thread."""
    await asyncio.to_thread(drop_reply, folder, name)


async def check_file(
    path: Path, *, kind: MediaKind, provider: str, executor: Executor | None = None
) -> dict[str, Any]:
    """Run ``inspect_media`` in the executor; a file that fails it raises BadOutputError."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(executor, inspect_media, str(path), kind)
    except (OSError, ValueError, RuntimeError) as exc:
        # FFmpegError is a RuntimeError; PIL raises OSError/ValueError subclasses.
        raise BadOutputError(
            f"the service sent a {kind} file that cannot be read ({_short(exc)})", provider=provider
        ) from None


def remove_file(path: str) -> None:
    """Delete ``path`` if it exists (top level so a process pool can run it)."""
    Path(path).unlink(missing_ok=True)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def inspect_media(path: str, kind: str) -> dict[str, Any]:
    """Check that ``path`` really is a ``kind`` file and describe it (blocking; executor-safe).

    Raises:
        ValueError / OSError / FFmpegError: it is not.
    """
    if kind == "image":
        with Image.open(path) as img:
            img.verify()
        with Image.open(path) as img:
            img.load()  # verify() misses truncated pixel data; decoding does not
            return {"width": img.width, "height": img.height, "format": img.format or ""}
    if kind == "safetensors":
        return _inspect_safetensors(Path(path))
    info = probe(Path(path))
    if kind == "video":
        video = info.video
        if video is None or video.width <= 0:
            raise ValueError("no video stream")
        if info.duration <= 0:
            raise ValueError("the video has no duration")
        return {"duration": info.duration, "width": video.width, "height": video.height,
                "codec": video.codec, "fps": video.fps}
    if kind == "audio":
        audio = info.audio
        if audio is None:
            raise ValueError("no audio stream")
        if info.duration <= 0:
            raise ValueError("the audio has no duration")
        return {"duration": info.duration, "codec": audio.codec,
                "sample_rate": audio.sample_rate, "channels": audio.channels}
    raise ValueError(f"unknown media kind {kind!r}")


def _inspect_safetensors(path: Path) -> dict[str, Any]:
    # A safetensors file is an 8-byte little-endian header length, a JSON header describing
    # each tensor's dtype, shape and byte range, then the tensor bytes.
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(8)
        if len(head) != 8:
            raise ValueError("too short for a safetensors file")
        (length,) = struct.unpack("<Q", head)
        if length <= 1 or 8 + length > size or length > 100 * 1024 * 1024:
            raise ValueError("not a safetensors header")
        header = json.loads(handle.read(length).decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("the safetensors header is not an object")
    tensors = {k: v for k, v in header.items() if k != "__metadata__"}
    if not tensors:
        raise ValueError("the safetensors file holds no tensors")
    data_size = size - 8 - length
    for name, spec in tensors.items():
        offsets = spec.get("data_offsets") if isinstance(spec, dict) else None
        if not (isinstance(offsets, list) and len(offsets) == 2 and 0 <= offsets[0] <= offsets[1]
                <= data_size):
            raise ValueError(f"tensor {name!r} points outside the file")
    return {"tensors": len(tensors), "bytes": size}


# ------------------------------------------------------------------------------- images
def fit_image(src: str, dest: str, width: int, height: int) -> dict[str, int]:
    """Scale and centre-crop ``src`` to exactly ``width`` x ``height`` and save it as PNG at
    ``dest`` (blocking; executor-safe). Services return their own sizes; callers want theirs.
    """
    with Image.open(src) as img:
        rgb = img.convert("RGB")
    fitted = ImageOps.fit(rgb, (width, height), method=Image.Resampling.LANCZOS)
    with atomic_output(Path(dest)) as tmp:
        fitted.save(tmp, format="PNG")
    return {"source_width": rgb.width, "source_height": rgb.height}


def nearest_aspect_ratio(width: int, height: int, choices: Iterable[str]) -> str:
    """The ``"w:h"`` choice closest to ``width``/``height`` (compared on a log scale)."""
    target = math.log(width / height)

    def distance(choice: str) -> float:
        w, h = (float(x) for x in choice.split(":"))
        return abs(math.log(w / h) - target)

    return min(choices, key=distance)


# ------------------------------------------------------------------------------- polling
class Backoff:
    """Poll intervals growing from ``first`` by ``factor`` up to ``maximum``, within a deadline.

    Args:
        first: the first wait in seconds.
        maximum: the longest wait.
        timeout: seconds from construction after which ``expired`` is true.
    """

    def __init__(self, first: float, maximum: float, timeout: float, factor: float = 1.5):
        self._next = max(0.0, first)
        self._maximum = max(first, maximum)
        self._factor = factor
        self._deadline = time.monotonic() + timeout
        self.timeout = timeout

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self._deadline

    async def wait(self) -> None:
        delay = min(self._next, max(0.0, self._deadline - time.monotonic()))
        self._next = min(self._maximum, self._next * self._factor)
        await asyncio.sleep(delay)
