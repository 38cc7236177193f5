"""fal's queue and storage REST APIs, spoken with httpx.

Why not ``fal_client.AsyncClient``: in fal-client 1.0 the hosts are module constants fixed at
import time and always ``https://`` (``FAL_RUN_HOST`` / ``FAL_QUEUE_RUN_HOST`` only change the
host name; ``REST_URL`` and the CDN URL are hard-coded), the CDN token manager opens its own
``httpx.AsyncClient`` with no way to inject a transport, and every call retries 408/409/429,
ingress 5xx and timeouts up to 10 times with no setting to turn that off. We need a base URL
(emulators, proxies) and no hidden retries (the jobs layer retries, honouring Retry-After), so
this module speaks the same wire protocol the SDK does:

* ``POST {queue}/{app}`` -> ``{request_id, status_url, response_url, cancel_url}``
* ``GET {queue}/{owner}/{alias}/requests/{id}/status`` -> ``IN_QUEUE`` | ``IN_PROGRESS`` |
  ``COMPLETED`` (with ``error`` when the job failed)
* ``GET {queue}/{owner}/{alias}/requests/{id}`` -> the result
* storage: ``POST {rest}/storage/auth/token?storage_type=fal-cdn-v3`` -> a CDN token and base
  URL, then ``POST {cdn}/files/upload`` -> ``{access_url}``
All with ``Authorization: Key <FAL_KEY>``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from vidstudio.providers.base import (
    AuthenticationError,
    BadOutputError,
    CallContext,
    ContentRefusedError,
    GenerationFailedError,
    InvalidRequestError,
    NotConfiguredError,
    ProviderError,
    ProviderTimeoutError,
    UnknownOutcomeError,
    keep_journalled,
    unknown_outcome,
)
from vidstudio.providers.http_common import (
    Backoff,
    error_for_response,
    error_for_transport,
    looks_like_moderation,
    mark_submitting,
    orphan_check,
    refused_before_work,
    scrub,
    settle_submission,
    start_deadline,
    time_left,
)

PROVIDER = "fal"
QUEUE_URL = "https://queue.fal.run"
REST_URL = "https://rest.fal.ai"
_USER_AGENT = "vidstudio (fal queue API)"


def _unknown(error: ProviderError, what: str, possible_cost: float | None
             ) -> UnknownOutcomeError:
    return unknown_outcome(what, provider=PROVIDER, possible_cost=possible_cost,
                           why=f"{error.message}; fal may have queued (and will bill) it and "
                               "cannot look it up by what was sent")


@dataclass(frozen=True)
class FalRequest:
    """A job in fal's queue and the URLs fal gave for it."""

    request_id: str
    status_url: str
    response_url: str


@dataclass(frozen=True)
class PollSettings:
    first: float
    maximum: float
    timeout: float
    expected_seconds: float
    #: total seconds for one step, retries included (see ``CallContext.deadline``)
    deadline: float = 0.0


class FalQueue:
    """A thin async client of fal's queue and storage APIs (one ``httpx`` client per call).

    Args:
        api_key: the fal key (``FAL_KEY``), sent as ``Authorization: Key ...``.
        queue_url: root of the queue API.
        rest_url: root of the REST API (storage tokens).
        timeout: seconds per HTTP request.
    """

    def __init__(self, api_key: str, *, queue_url: str | None = None,
                 rest_url: str | None = None, timeout: float = 60.0) -> None:
        if not api_key:
            raise NotConfiguredError("no fal key is set", provider=PROVIDER)
        self._key = api_key
        self.queue_url = (queue_url or QUEUE_URL).rstrip("/")
        self.rest_url = (rest_url or REST_URL).rstrip("/")
        self._timeout = timeout
        self._cdn_token: tuple[str, str, str, float] | None = None  # type, token, url, expiry

    @property
    def _secrets(self) -> tuple[str, ...]:
        return (self._key, *((self._cdn_token[1],) if self._cdn_token else ()))

    def _client(self, timeout: float | None = None) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=min(self._timeout, timeout or self._timeout),
            headers={"Authorization": f"Key {self._key}", "User-Agent": _USER_AGENT},
        )

    async def _send(self, client: httpx.AsyncClient, method: str, url: str,
                    **kwargs: Any) -> httpx.Response:
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise error_for_transport(exc, provider=PROVIDER, secrets=self._secrets) from None
        if response.status_code >= 400:
            raise error_for_response(response, provider=PROVIDER, secrets=self._secrets)
        return response

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise BadOutputError(
                f"fal answered {response.request.url.path} with something that is not a JSON "
                f"object: {scrub(response.text[:120], self._secrets)!r}",
                provider=PROVIDER,
            )
        return data

    async def check(self) -> None:
        """Ask for a storage token: an authenticated call that buys nothing.

        Raises:
            AuthenticationError / ServiceUnavailableError / ProviderTimeoutError: as fal
                answered.
        """
        async with self._client() as client:
            await self._send(client, "POST", f"{self.rest_url}/storage/auth/token",
                             params={"storage_type": "fal-cdn-v3"}, json={})

    async def submit(self, client: httpx.AsyncClient, app: str,
                     arguments: dict[str, Any], *, what: str = "job",
                     possible_cost: float | None = None) -> httpx.Response:
        """POST a job. A request that may have reached fal without an answer that proves
        nothing was queued (a read timeout, a dropped connection, a 500, a gateway's 502/504)
        is an unknown outcome: fal has no way to look a job up by what was sent, so sending it
        again could pay twice.

        Raises:
            UnknownOutcomeError: as above.
            ProviderError: fal refused the job (nothing was queued).
        """
        try:
            response = await client.post(f"{self.queue_url}/{app}", json=arguments)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # Never left this machine: safe to try again.
            raise error_for_transport(exc, provider=PROVIDER, secrets=self._secrets) from None
        except httpx.HTTPError as exc:
            error = error_for_transport(exc, provider=PROVIDER, secrets=self._secrets)
            raise _unknown(error, what, possible_cost) from None
        if response.status_code >= 400:
            error = error_for_response(response, provider=PROVIDER, secrets=self._secrets)
            if not refused_before_work(error):
                raise _unknown(error, what, possible_cost)
            raise error
        return response

    # -- queue ---------------------------------------------------------------------------
    def handle(self, app: str, request_id: str) -> FalRequest:
        """The URLs of a known request (used to resume a journalled job)."""
        owner, alias = app.split("/")[:2]
        base = f"{self.queue_url}/{owner}/{alias}/requests/{request_id}"
        return FalRequest(request_id, status_url=f"{base}/status", response_url=base)

    async def run(self, app: str, arguments: dict[str, Any], ctx: CallContext, *,
                  what: str, poll: PollSettings,
                  possible_cost: float | None = None) -> tuple[str, dict[str, Any]]:
        """Submit ``arguments`` to ``app`` (or resume ``ctx.resume_remote_id``), journal the
        request id before waiting, wait for it, and return ``(request_id, result)``.

        The submission is marked in the journal before it is sent; finding one marked by an
        earlier attempt without an id, the job is an unknown outcome (fal cannot look jobs up
        by what was sent) and is sent again only with ``ctx.resend_unknown``.

        Raises:
            UnknownOutcomeError: the job may have been queued and billed and cannot be found.
            GenerationFailedError / ContentRefusedError: fal finished the job with an error.
            ProviderTimeoutError: the job outlasted ``poll.timeout`` (it keeps running).
        """
        if poll.deadline:
            start_deadline(ctx, poll.deadline)
        left = time_left(ctx, provider=PROVIDER, what=f"fal {what}")
        async with self._client(left) as client:
            if ctx.resume_remote_id:
                job = self.handle(app, ctx.resume_remote_id)
                ctx.progress(0.05, f"resuming the fal {what} {job.request_id}")
            else:
                orphan_check(ctx, what=f"the fal {what}", provider=PROVIDER,
                             possible_cost=possible_cost,
                             why="an earlier attempt sent it and no job id came back")
                mark_submitting(ctx)
                try:
                    response = await self.submit(client, app, arguments, what=f"the fal {what}",
                                                 possible_cost=possible_cost)
                except ProviderError as error:
                    settle_submission(ctx, error)
                    raise
                data = self._json(response)
                request_id = data.get("request_id")
                if not isinstance(request_id, str) or not request_id:
                    raise BadOutputError("fal queued the job without a request id",
                                         provider=PROVIDER)
                ctx.remember_remote_id(request_id)
                fallback = self.handle(app, request_id)
                job = FalRequest(
                    request_id,
                    status_url=str(data.get("status_url") or fallback.status_url),
                    response_url=str(data.get("response_url") or fallback.response_url),
                )
            try:
                await self._wait(client, job, ctx, what=what, poll=poll)
                response = await self._send(client, "GET", job.response_url)
            except (AuthenticationError, InvalidRequestError) as error:
                # The job is journalled and may be running (and billed): a failed look at it
                # keeps it journalled for the next run instead of forgetting it.
                raise keep_journalled(error) from None
            return job.request_id, self._json(response)

    async def _wait(self, client: httpx.AsyncClient, job: FalRequest, ctx: CallContext, *,
                    what: str, poll: PollSettings) -> None:
        backoff = Backoff(poll.first, poll.maximum, poll.timeout)
        started = time.monotonic()
        while True:
            time_left(ctx, provider=PROVIDER, what=f"fal {what} {job.request_id}")
            response = await self._send(client, "GET", job.status_url, params={"logs": "0"})
            status = self._json(response)
            state = status.get("status")
            if state == "COMPLETED":
                if error := status.get("error"):
                    text = scrub(str(error), self._secrets)
                    cls = ContentRefusedError if looks_like_moderation(text) else \
                        GenerationFailedError
                    raise cls(f"fal {what} {job.request_id} failed: {text}", provider=PROVIDER)
                ctx.progress(0.85, f"fal finished the {what}")
                return
            if state == "IN_PROGRESS":
                share = min(1.0, (time.monotonic() - started) / max(1.0, poll.expected_seconds))
                ctx.progress(0.1 + 0.7 * share, f"fal is working on the {what}")
            elif state == "IN_QUEUE":
                ctx.progress(0.05, f"the {what} is queued at fal "
                                   f"(position {status.get('queue_position', '?')})")
            else:
                raise BadOutputError(f"fal reported an unknown status {state!r}",
                                     provider=PROVIDER)
            if backoff.expired:
                raise ProviderTimeoutError(
                    f"the fal {what} {job.request_id} was still {state} after "
                    f"{backoff.timeout:.0f} s; it keeps running and a retry picks it up",
                    provider=PROVIDER,
                )
            await backoff.wait()

    async def reachable(self, url: str) -> bool:
        """Whether ``url`` still serves a file (a stored LoRA may have expired). Only the
        status is read, not the file."""
        try:
            async with (
                httpx.AsyncClient(timeout=self._timeout, follow_redirects=True) as client,
                client.stream("GET", url, headers={"Range": "bytes=0-7"}) as response,
            ):
                return response.status_code < 400
        except httpx.HTTPError:
            return False

    # -- storage -------------------------------------------------------------------------
    async def upload(self, data: bytes, content_type: str, file_name: str) -> str:
        """Store ``data`` on fal's CDN and return its public URL."""
        async with self._client() as client:
            token_type, token, cdn_url = await self._token(client)
            response = await self._send(
                client, "POST", f"{cdn_url}/files/upload", content=data,
                headers={"Authorization": f"{token_type} {token}", "Content-Type": content_type,
                         "X-Fal-File-Name": file_name},
            )
            url = self._json(response).get("access_url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise BadOutputError("fal stored the file but returned no URL", provider=PROVIDER)
        return url

    async def _token(self, client: httpx.AsyncClient) -> tuple[str, str, str]:
        if self._cdn_token is not None and self._cdn_token[3] > time.time() + 60:
            return self._cdn_token[:3]
        response = await self._send(
            client, "POST", f"{self.rest_url}/storage/auth/token",
            params={"storage_type": "fal-cdn-v3"}, json={},
        )
        data = self._json(response)
        try:
            token_type, token = str(data["token_type"]), str(data["token"])
            cdn_url = str(data["base_url"]).rstrip("/")
            expiry = datetime.fromisoformat(str(data["expires_at"])).timestamp()
        except (KeyError, ValueError) as exc:
            raise BadOutputError(f"fal's storage token is incomplete ({exc})",
                                 provider=PROVIDER) from None
        self._cdn_token = (token_type, token, cdn_url, expiry)
        return token_type, token, cdn_url
