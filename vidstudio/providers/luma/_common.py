"""What the Luma image and video generators share: the SDK client, error translation, prices,
and the journalled create-then-poll cycle of a generation."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import httpx
import lumaai

from vidstudio.providers.base import (
    AuthenticationError,
    BadOutputError,
    CallContext,
    ContentRefusedError,
    GenerationFailedError,
    InvalidRequestError,
    NotConfiguredError,
    ProviderError,
    ProviderInfo,
    ProviderTimeoutError,
    UploadHost,
    keep_journalled,
    unknown_outcome,
)
from vidstudio.providers.http_common import (
    Backoff,
    error_for_status,
    error_for_transport,
    looks_like_moderation,
    mark_submitting,
    scrub,
    service_message,
    settle_submission,
    start_deadline,
    time_left,
)
from vidstudio.providers.pricing import default_prices
from vidstudio.providers.uploads import UploadMemo

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from pathlib import Path

    from lumaai.types import Generation

PROVIDER = "luma"

#: When the unit prices below were read from Luma's API pricing page (USD).
PRICES_AS_OF = "2025-06-01"


def price_of_megapixels(model: str, megapixels: float) -> float:
    """USD Luma bills for rendering ``megapixels`` million pixels with ``model``: Luma bills
    by the pixels it renders, at the rate of the shared price table (``prices.json``, unit
    "megapixel"), the one the estimate reads."""
    return default_prices().cost(ProviderInfo(name=PROVIDER, model=model, kind="cloud"),
                                 megapixels)

#: Recent generations looked through for one a dead run may have created but never journalled.
ADOPT_LOOKBACK = 50
#: Seconds of clock difference between us and Luma tolerated when matching creation times.
SUBMIT_CLOCK_SLACK = 120
#: Luma renders video at 24 frames per second whatever the project's rate.
RENDER_FPS = 24
#: Short side in pixels of each resolution Luma offers.
RESOLUTION_SHORT_SIDE = {"540p": 540, "720p": 720, "1080p": 1080, "4k": 2160}
ASPECT_RATIOS: tuple[str, ...] = ("16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21")

T = TypeVar("T")


def frame_pixels(resolution: str, aspect_ratio: str) -> int:
    """Pixels in one frame Luma renders at ``resolution`` and ``aspect_ratio``."""
    short = RESOLUTION_SHORT_SIDE.get(resolution, 720)
    w, h = (int(x) for x in aspect_ratio.split(":"))
    return round(short * short * max(w, h) / min(w, h))


def content_type_for(path: Path) -> str:
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}.get(
        path.suffix.lower(), "image/png"
    )


class LumaBase:
    """Settings and plumbing common to ``LumaImageGenerator`` and ``LumaVideoGenerator``.

    Args:
        api_key: the Luma API key (sent as a bearer token, never logged).
        base_url: the API root ending in ``/dream-machine/v1``; None for Luma's (or
            ``LUMAAI_BASE_URL``).
        timeout: seconds for each HTTP request to the API.
        upload_host: makes local images reachable by URL for keyframes and references.
        poll_interval / max_poll_interval: first and longest wait between status polls.
        generation_timeout: seconds a generation may take before ``ProviderTimeoutError``
            (the job keeps running remotely; a retry resumes it through its journalled id).
        download_timeout / max_download_bytes: limits on fetching the result.
        download_attempts: how many times a corrupt or failed download is fetched again
            before the step fails (retryably: the generation is never made twice).
        call_deadline: total seconds for one step, retries included; past it the step stops
            with ``DeadlineExceededError`` instead of sending anything again. None: the
            generation timeout plus time for the download and the requests.
        executor: where blocking checks run; None for the default thread pool.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        timeout: float = 60.0,
        upload_host: UploadHost | None = None,
        poll_interval: float = 2.0,
        max_poll_interval: float = 10.0,
        generation_timeout: float = 900.0,
        download_timeout: float = 300.0,
        max_download_bytes: int = 1024 * 1024 * 1024,
        download_attempts: int = 3,
        call_deadline: float | None = None,
        executor: Executor | None = None,
    ) -> None:
        if not api_key:
            raise NotConfiguredError("no Luma API key is set", provider=PROVIDER)
        self._api_key = api_key
        self._base_url = base_url
        self._timeout = timeout
        self.upload_host = upload_host
        self._poll_interval = poll_interval
        self._max_poll_interval = max_poll_interval
        self._generation_timeout = generation_timeout
        self._download_timeout = download_timeout
        self._max_download_bytes = max_download_bytes
        self._download_attempts = download_attempts
        self.call_deadline = (call_deadline if call_deadline is not None
                              else generation_timeout + 2 * download_timeout + 4 * timeout)
        self._executor = executor
        # Generations this provider has handed to a step (created or adopted): never adopted
        # by a second step, so two scenes with the same request cannot swap their jobs.
        self._claimed: set[str] = set()

    # -- SDK plumbing --------------------------------------------------------------------
    def _client(self, timeout: float | None = None) -> lumaai.AsyncLumaAI:
        # A client per call: the SDK's connection pool belongs to the event loop that made it,
        # and a provider outlives loops in tests and in the CLI. Retries are the jobs layer's.
        return lumaai.AsyncLumaAI(
            auth_token=self._api_key,
            base_url=self._base_url,
            max_retries=0,
            timeout=httpx.Timeout(min(self._timeout, timeout or self._timeout)),
        )

    async def check(self) -> None:
        """List one generation: proves the key and that Luma answers, buying nothing (and
        the upload host's key, when keyframes will go through one).

        Raises:
            AuthenticationError / ServiceUnavailableError / ProviderTimeoutError: as the
                service answered.
        """
        async with self._client() as client:
            await self._call(client.generations.list(limit=1))
        host_check = getattr(self.upload_host, "check", None)
        if host_check is not None:
            await host_check()

    async def _call(self, awaitable: Awaitable[T]) -> T:
        """Await an SDK call, turning its exceptions into provider errors without the key."""
        secrets = (self._api_key,)
        try:
            return await awaitable
        except lumaai.APIStatusError as exc:
            message = service_message(exc.body, exc.message)
            raise error_for_status(
                exc.status_code, message, provider=PROVIDER,
                headers=exc.response.headers, secrets=secrets,
            ) from None
        except lumaai.APITimeoutError as exc:
            raise error_for_transport(
                httpx.TimeoutException(str(exc)), provider=PROVIDER, secrets=secrets
            ) from None
        except lumaai.APIConnectionError as exc:
            raise error_for_transport(exc, provider=PROVIDER, secrets=secrets) from None
        except lumaai.APIError as exc:
            # What is left is a response that did not match the API's schema.
            raise BadOutputError(
                f"Luma answered with something unreadable: {scrub(exc.message, secrets)}",
                provider=PROVIDER,
            ) from None

    async def _generate(
        self,
        ctx: CallContext,
        create: Callable[[lumaai.AsyncLumaAI], Awaitable[Generation]],
        *,
        what: str,
        expected_seconds: float,
        kind: str,
        sent: Mapping[str, Any],
        possible_cost: float | None = None,
    ) -> Generation:
        """Create a generation (or resume ``ctx.resume_remote_id``) and poll it to the end.

        The new id is journalled through ``ctx.remember_remote_id`` before anything is awaited
        on it, so a crash or a cancel never pays for the same take twice.

        A submission marked earlier without an id (a run that died before journalling it, or
        this step's previous attempt that timed out or met a 500) is never adopted from Luma's
        list: Luma's requests carry no reference of ours, so an identical generation there may
        be another project's on the same account. If the list holds one made since the mark,
        the outcome is unknown (``UnknownOutcomeError``); if it holds none, nothing was made
        and the request is sent again. With ``ctx.resend_unknown`` it is sent again anyway.
        """
        start_deadline(ctx, self.call_deadline)
        left = time_left(ctx, provider=PROVIDER, what=what)
        async with self._client(left) as client:
            if ctx.resume_remote_id:
                gen_id = ctx.resume_remote_id
                ctx.progress(0.02, f"resuming Luma {what} {gen_id}")
            else:
                if ctx.submitted_since and not ctx.resend_unknown:
                    await self._settle_orphan(client, ctx.submitted_since, kind, sent,
                                              what=what, possible_cost=possible_cost)
                mark_submitting(ctx)
                ctx.progress(0.0, f"asking Luma for the {what}")
                try:
                    created = await self._call(create(client))
                except ProviderError as error:
                    settle_submission(ctx, error)
                    raise
                if not created.id:
                    raise BadOutputError("Luma created a generation without an id",
                                         provider=PROVIDER)
                gen_id = created.id
                ctx.remember_remote_id(gen_id)
                self._claimed.add(gen_id)
            try:
                return await self._poll(client, gen_id, ctx, what=what,
                                        expected_seconds=expected_seconds)
            except (AuthenticationError, InvalidRequestError) as error:
                # The job is journalled and may be running (and billed): a failed look at it
                # keeps it journalled for the next run instead of forgetting it.
                raise keep_journalled(error) from None

    async def _settle_orphan(self, client: lumaai.AsyncLumaAI, since: str, kind: str,
                             sent: Mapping[str, Any], *, what: str,
                             possible_cost: float | None) -> None:
        """Return when Luma's list proves the marked submission made nothing (no generation of
        ``kind`` with exactly the request ``sent`` since ``since``, other than this provider's
        own); otherwise raise.

        Raises:
            UnknownOutcomeError: such a generation exists (it may be this project's or another
                project's on the same account: nothing tells them apart), or the list could
                not be read.
        """
        try:
            found = await self._identical_since(client, since, kind, sent)
        except ProviderError as error:
            raise unknown_outcome(
                f"the {what}", provider=PROVIDER, possible_cost=possible_cost,
                why=f"an earlier attempt was cut off and Luma's list of generations could not "
                    f"be read to see whether it was made ({error.message})") from None
        if found:
            raise unknown_outcome(
                f"the {what}", provider=PROVIDER, possible_cost=possible_cost,
                why=f"an earlier attempt was cut off, and Luma holds {len(found)} identical "
                    f"generation(s) made since ({', '.join(found[:3])}) that may be this "
                    "project's or another's on the same account (Luma's requests carry no "
                    "reference of ours to tell them apart)")

    async def _identical_since(self, client: lumaai.AsyncLumaAI, since: str, kind: str,
                               sent: Mapping[str, Any]) -> list[str]:
        """Ids of the generations of ``kind`` created since ``since`` whose request is exactly
        ``sent`` (keyframe and reference files matched by their content-named file when they
        were uploaded again), not failed, and not this provider's own; oldest first."""
        try:
            started = datetime.fromisoformat(since) - timedelta(seconds=SUBMIT_CLOCK_SLACK)
        except ValueError:
            started = datetime.min.replace(tzinfo=UTC)
        listing = await self._call(client.generations.list(limit=ADOPT_LOOKBACK))
        found: list[Generation] = []
        for generation in listing.generations:
            created = generation.created_at
            if (generation.id and generation.id not in self._claimed
                    and generation.generation_type == kind
                    and (created is None or created >= started)
                    and generation.state != "failed"
                    and same_request(sent, _as_dict(generation.request))):
                found.append(generation)
        found.sort(key=lambda g: g.created_at or started)
        return [g.id for g in found if g.id]

    async def _poll(
        self,
        client: lumaai.AsyncLumaAI,
        gen_id: str,
        ctx: CallContext,
        *,
        what: str,
        expected_seconds: float,
    ) -> Generation:
        backoff = Backoff(self._poll_interval, self._max_poll_interval, self._generation_timeout)
        started = time.monotonic()
        while True:
            time_left(ctx, provider=PROVIDER, what=f"{what} {gen_id}")
            generation = await self._call(client.generations.get(gen_id))
            state = generation.state
            if state == "completed":
                ctx.progress(0.9, f"Luma finished the {what}")
                return generation
            if state == "failed":
                raise _failure(generation.failure_reason, gen_id)
            if state == "dreaming":
                share = min(1.0, (time.monotonic() - started) / max(1.0, expected_seconds))
                ctx.progress(0.1 + 0.75 * share, f"Luma is dreaming the {what}")
            else:
                ctx.progress(0.05, f"the {what} is queued at Luma")
            if backoff.expired:
                raise ProviderTimeoutError(
                    f"the {what} {gen_id} was still {state} after {backoff.timeout:.0f} s; "
                    "it keeps running at Luma and a retry picks it up",
                    provider=PROVIDER,
                )
            await backoff.wait()

    async def _hosted(self, path: Path, ctx: CallContext) -> str:
        """The URL of a local image: from the project's upload memo (content-named, so an
        unchanged image is one upload per project), else uploaded now."""
        assert self.upload_host is not None
        if ctx.upload_memo is None:
            return await self._upload(path)
        memo = UploadMemo(ctx.upload_memo)
        return await memo.url_for(path, self.upload_host, content_type_for(path),
                                  provider=PROVIDER)

    async def _upload(self, path: Path) -> str:
        assert self.upload_host is not None
        url = await self.upload_host.upload(path, content_type_for(path))
        if not url.startswith(("http://", "https://")):
            raise BadOutputError(f"the upload host {self.upload_host.name} returned no URL",
                                 provider=PROVIDER)
        return url


def _as_dict(value: object) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    dump = getattr(value, "model_dump", None)
    return dict(dump()) if callable(dump) else {}


def same_request(sent: object, recorded: object) -> bool:
    """Whether Luma's record of a request is what we sent.

    Every field we sent must be there with the same value; fields Luma adds are ignored. A URL
    matches a URL naming the same file (uploads are content-named, so a frame uploaded again
    has a new address but the same file name).
    """
    if isinstance(sent, Mapping):
        if not isinstance(recorded, Mapping):
            recorded = _as_dict(recorded)
        return all(key in recorded and same_request(value, recorded[key])
                   for key, value in sent.items() if value is not None)
    if isinstance(sent, list | tuple):
        return (isinstance(recorded, list | tuple) and len(sent) == len(recorded)
                and all(same_request(a, b) for a, b in zip(sent, recorded, strict=True)))
    if isinstance(sent, str) and isinstance(recorded, str) and sent.startswith("http"):
        return sent == recorded or _file_name(sent) == _file_name(recorded) != ""
    if isinstance(sent, float | int) and isinstance(recorded, float | int):
        return float(sent) == float(recorded)
    return bool(sent == recorded)


def _file_name(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    # fal's CDN prefixes stored names with a random token and "_"; the content name is last.
    return name.rsplit("_", 1)[-1] if len(name) > 40 else name


def _failure(reason: str | None, gen_id: str) -> ProviderError:
    text = reason or "Luma gave no reason"
    if looks_like_moderation(text):
        return ContentRefusedError(f"Luma refused generation {gen_id}: {text}", provider=PROVIDER)
    return GenerationFailedError(f"Luma generation {gen_id} failed: {text}", provider=PROVIDER)
