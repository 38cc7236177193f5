"""What the ElevenLabs sound designer and narrator share: the SDK client, error translation,
prices and small audio helpers."""

from __future__ import annotations

import contextlib
import errno
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import httpx
from elevenlabs.client import AsyncElevenLabs
from elevenlabs.core.api_error import ApiError
from elevenlabs.core.parse_error import ParsingError

from vidstudio.media.ffmpeg import FFmpegError, run_ffmpeg
from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    NotConfiguredError,
    ProviderError,
    ProviderInfo,
    UnknownOutcomeError,
    unknown_outcome,
)
from vidstudio.providers.http_common import (
    error_for_status,
    error_for_transport,
    forget_reply,
    keep_reply,
    kept_reply,
    refused_before_work,
    scrub,
    service_message,
    settle_submission,
    start_deadline,
    time_left,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable
    from concurrent.futures import Executor

    from elevenlabs.core.request_options import RequestOptions

PROVIDER = "elevenlabs"

#: When the prices below were read from ElevenLabs' pricing page (USD, Creator plan).
PRICES_AS_OF = "2025-06-01"
#: USD per credit on the Creator plan ($22 for 100,000 credits).
CREDIT_PRICE = 0.00022
#: Credits per character of speech, by model (Flash and Turbo cost half).
CREDITS_PER_CHARACTER: dict[str, float] = {
    "eleven_multilingual_v2": 1.0,
    "eleven_v3": 1.0,
    "eleven_flash_v2_5": 0.5,
    "eleven_turbo_v2_5": 0.5,
}
#: Credits per second of a sound effect whose duration is set.
CREDITS_PER_SOUND_SECOND = 20.0


def price_of_credits(info: ProviderInfo, credits: float, hint: str = "") -> float:
    """USD of ``credits`` ElevenLabs credits at the shared price table's rate (unit
    "credit"), the one the estimate reads."""
    from vidstudio.providers.pricing import default_prices

    return default_prices().cost(info, credits, hint)
#: The API's default MP3 format, available on every plan.
OUTPUT_FORMAT = "mp3_44100_128"
SAMPLE_RATE = 44100

T = TypeVar("T")


class ElevenLabsBase:
    """Key, endpoint and timeouts, and the translation of SDK failures into provider errors.

    Args:
        api_key: the ElevenLabs key (sent as ``xi-api-key``, never logged).
        base_url: the API root (``https://api.elevenlabs.io``); None for ElevenLabs'.
        timeout: seconds for each HTTP request.
        call_deadline: total seconds for one step, retries included; past it the step stops
            (``DeadlineExceededError``) instead of sending again. None: three request timeouts.
        executor: where blocking checks run; None for the default thread pool.
    """

    def __init__(self, api_key: str, base_url: str | None = None, *, timeout: float = 120.0,
                 call_deadline: float | None = None,
                 executor: Executor | None = None) -> None:
        if not api_key:
            raise NotConfiguredError("no ElevenLabs API key is set", provider=PROVIDER)
        self._api_key = api_key
        self._base_url = base_url
        self._timeout = timeout
        self.call_deadline = call_deadline if call_deadline is not None else 3 * timeout + 30
        self._executor = executor
        # Retries belong to the jobs layer, which honours Retry-After across the whole step.
        self._options: RequestOptions = {"max_retries": 0}

    def _options_for(self, ctx: CallContext, what: str) -> RequestOptions:
        """Request options whose timeout ends no later than the step's deadline.

        Raises:
            DeadlineExceededError: the deadline has passed.
        """
        start_deadline(ctx, self.call_deadline)
        left = time_left(ctx, provider=PROVIDER, what=what)
        if not math.isfinite(left) or left >= self._timeout:
            return self._options  # the client's own timeout ends first
        return {"max_retries": 0, "timeout_in_seconds": max(1, math.ceil(left))}

    async def check(self) -> None:
        """List the account's voices: proves the key and that ElevenLabs answers, buying
        nothing.

        Raises:
            AuthenticationError / ServiceUnavailableError / ProviderTimeoutError: as the
                service answered.
        """
        async with self._client() as client:
            await self._call(client.voices.get_all(request_options=self._options))

    @contextlib.asynccontextmanager
    async def _client(self) -> AsyncIterator[AsyncElevenLabs]:
        # Our own httpx client, closed after the call: the SDK never closes the one it makes,
        # and a pool must not outlive the event loop that opened it.
        async with httpx.AsyncClient(timeout=self._timeout, follow_redirects=True) as http:
            yield AsyncElevenLabs(api_key=self._api_key, base_url=self._base_url,
                                  timeout=self._timeout, httpx_client=http)

    async def _call(self, awaitable: Awaitable[T], *, unanswered_is_final: bool = False,
                    what: str = "", possible_cost: float | None = None) -> T:
        """Await an SDK call, turning its exceptions into provider errors without the key.

        With ``unanswered_is_final`` (a paid request ElevenLabs offers no way to look up), a
        request that may have reached ElevenLabs without an answer that proves nothing was made
        (a read timeout, a dropped connection, a 500, a gateway's 502/504) ends with
        ``UnknownOutcomeError``: it may have been billed, so it is not sent again on its own.
        A refusal (429, 4xx, 503) is raised as it is: nothing was made.
        """
        secrets = (self._api_key,)
        try:
            return await awaitable
        except ParsingError as exc:
            raise BadOutputError(
                f"ElevenLabs answered with something unreadable ({scrub(str(exc), secrets)[:200]})",
                provider=PROVIDER,
            ) from None
        except ApiError as exc:
            status = exc.status_code or 0
            if status < 400:
                raise BadOutputError(f"ElevenLabs answered HTTP {status} with no usable body",
                                     provider=PROVIDER) from None
            error = error_for_status(
                status, service_message(exc.body, f"HTTP {status}"), provider=PROVIDER,
                headers=exc.headers, secrets=secrets,
            )
            if unanswered_is_final and not refused_before_work(error):
                raise self._unknown(error, what, possible_cost) from None
            raise error from None
        except httpx.HTTPError as exc:
            error = error_for_transport(exc, provider=PROVIDER, secrets=secrets)
            never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout
                                    | httpx.PoolTimeout)
            if unanswered_is_final and not never_sent:
                raise self._unknown(error, what, possible_cost) from None
            raise error from None

    async def _send_once(self, ctx: CallContext, folder: Path, marker: str, *, what: str,
                         cost: float, why: str, first: bool,
                         send: Callable[[RequestOptions], Awaitable[T]]) -> T:
        """Send a paid request ElevenLabs offers no way to look up, at most once.

        A ``marker`` reply is kept in ``folder`` before it is sent: an attempt that finds it (or,
        for the ``first`` request of a step, a submission journalled by an earlier run) raises
        ``UnknownOutcomeError`` saying ``why``, unless the user consented to send it again. An
        answer that proves nothing was made forgets the marker and the submission. The caller
        keeps the reply at once and clears ``ctx.submitted_since``.
        """
        sent_before = await kept_reply(folder, marker) is not None
        if not ctx.resend_unknown and (sent_before or (
                first and ctx.submitted_since and ctx.reply_dir is None)):
            raise unknown_outcome(what, provider=PROVIDER, possible_cost=cost, why=why)
        options = self._options_for(ctx, what.removeprefix("the "))
        await keep_reply(folder, marker, b"sending")
        ctx.mark_submitting()  # journalled only: there is nothing to look up
        try:
            return await self._call(send(options), unanswered_is_final=True, what=what,
                                    possible_cost=cost)
        except ProviderError as error:
            if refused_before_work(error):
                await forget_reply(folder, marker)
                settle_submission(ctx, error)
            raise

    @staticmethod
    def _unknown(error: ProviderError, what: str, possible_cost: float | None
                 ) -> UnknownOutcomeError:
        return unknown_outcome(
            what or "the request", provider=PROVIDER, possible_cost=possible_cost,
            why=f"{error.message}; ElevenLabs may have made it and offers no way to look it "
                "up by this project")


async def decode_to_wav(src: Path, dest: Path, *, provider: str = PROVIDER) -> None:
    """Decode any audio ffmpeg reads into 16-bit PCM WAV at 44.1 kHz (mono kept mono).

    Raises:
        BadOutputError: the file is not audio ffmpeg can decode.
    """
    try:
        await run_ffmpeg(["-i", str(src), "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le",
                          "-f", "wav", str(dest)])
    except FFmpegError as exc:
        raise disk_full_or(exc, dest, BadOutputError(
            f"ElevenLabs sent audio that cannot be decoded ({exc})", provider=provider)) \
            from None


def disk_full_or(exc: FFmpegError, dest: Path, error: Exception) -> Exception:
    """``OSError(ENOSPC)`` when ffmpeg failed because the disk is full (so the user reads the
    one documented line and no failed take is recorded for what is not the service's fault),
    else ``error``."""
    if "no space left on device" in str(exc).lower():
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dest))
    return error


def wav_seconds(path: str) -> float:
    """Exact length of a WAV file in seconds (top level so a process pool can run it)."""
    import soundfile  # type: ignore[import-untyped]

    info = soundfile.info(path)
    return float(info.frames) / float(info.samplerate)


def write_bytes(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` (top level so a process pool can run it)."""
    Path(path).write_bytes(data)
