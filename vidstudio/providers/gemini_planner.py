"""The Gemini planner: a script becomes a Plan through the Gemini API (``google-genai``).

The plan comes back as JSON text constrained by ``response_mime_type="application/json"`` and
``response_json_schema`` (the JSON schema of ``core.plan.Plan``). An answer that does not
validate is sent back once with the problems listed; a second bad answer is a
``BadOutputError``. The SDK never retries: the jobs layer does, guided by
``ProviderError.retryable`` and ``retry_after``.
"""

from __future__ import annotations

import importlib
import json
import re
from typing import TYPE_CHECKING, Any, NoReturn

import httpx
from google import genai
from google.genai import errors, types

from vidstudio.providers.base import (
    AuthenticationError,
    BadOutputError,
    CallContext,
    Capabilities,
    ContentRefusedError,
    NotConfiguredError,
    PlanRequest,
    ProviderError,
    ProviderInfo,
    ProviderTimeoutError,
)
from vidstudio.providers.llm_common import (
    check_request,
    clean_generated_script,
    contains_secret,
    error_for_status,
    extract_json,
    plan_json_schema,
    random_script_prompt,
    repair_prompt,
    retry_after_seconds,
    scrub,
    system_prompt,
    user_prompt,
    validate_plan,
)
from vidstudio.providers.llm_money import (
    begin_paid_call,
    keep_plan,
    kept_plan,
    paid_call_failed,
    plan_token_bound,
    refuse_unknown_plan,
)
from vidstudio.providers.pricing import default_prices

if TYPE_CHECKING:
    from vidstudio.core.plan import Plan

PROVIDER_NAME = "gemini"
# The model google-genai 3.6's own documentation uses (November 2026); a flash model is fast
# and cheap enough for planning.
DEFAULT_MODEL = "gemini-3.8-flash"
# Estimate (November 2026) for one plan call at ~$0.50 per million input tokens and ~$3 per
# million output tokens (thinking included): ~3k in, ~5k out, rounded up for a repair round.
UNIT_PRICE_PER_CALL = 0.02
MAX_PLAN_TOKENS = 16384
MAX_SCRIPT_TOKENS = 2048
API_VERSION = "v1beta"

# Finish or block reasons that mean the service refused the content rather than failed.
_REFUSALS = frozenset({
    "SAFETY", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "RECITATION", "IMAGE_SAFETY",
    "IMAGE_PROHIBITED_CONTENT", "MODEL_ARMOR", "JAILBREAK",
})
_RETRY_DELAY = re.compile(r'"retryDelay":\s*"(?P<seconds>[0-9.]+)s"')


def _network_errors() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """(transport failures, the timeouts among them) of the HTTP stacks google-genai may use.

    google-genai 3.x sends through httpx2 when installed, older releases through httpx, and any
    release through aiohttp when that is installed; the optional ones are looked up by name.
    """
    transport: list[type[BaseException]] = [httpx.TransportError]
    # aiohttp's total timeout surfaces as asyncio's TimeoutError (the builtin since 3.11).
    timeouts: list[type[BaseException]] = [httpx.TimeoutException, TimeoutError]
    for module, transport_name, timeout_name in (
        ("httpx2", "TransportError", "TimeoutException"),
        ("aiohttp", "ClientError", "ServerTimeoutError"),
    ):
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        transport.append(getattr(found, transport_name))
        timeouts.append(getattr(found, timeout_name))
    return (*transport, TimeoutError), tuple(timeouts)


_TRANSPORT_ERRORS, _TIMEOUT_ERRORS = _network_errors()


class GeminiPlanner:
    """Plans scripts with Gemini through the official ``google-genai`` client's async API.

    Args:
        api_key: the Gemini API key; it never appears in an error message.
        base_url: another endpoint speaking the same API (a proxy or a test emulator).
        model: the Gemini model to ask.
        timeout: seconds allowed for one HTTP call before ``ProviderTimeoutError``.

    Raises:
        NotConfiguredError: no API key was given.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        model: str = DEFAULT_MODEL,
        timeout: float = 120,
    ) -> None:
        if not api_key or not api_key.strip():
            raise NotConfiguredError("no Gemini API key", provider=PROVIDER_NAME)
        self._secrets = (api_key, api_key.strip())
        self.model = model
        self.info = ProviderInfo(name=PROVIDER_NAME, model=model, kind="cloud")
        self.capabilities = Capabilities(
            unit_price=UNIT_PRICE_PER_CALL, price_unit="call", concurrency=2, paid=True
        )
        http_options = types.HttpOptions(
            base_url=base_url,
            api_version=API_VERSION,
            timeout=max(1, round(timeout * 1000)),  # milliseconds
            # One attempt: no SDK retries, and no hidden sleep-and-retry on connection errors.
            retry_options=types.HttpRetryOptions(attempts=1),
        )
        # Kept for the planner's lifetime: a Client that is dropped closes its connections.
        self._client = genai.Client(
            api_key=api_key.strip(), vertexai=False, http_options=http_options
        )

    async def aclose(self) -> None:
        """Close the HTTP connections; the planner is unusable afterwards."""
        await self._client.aio.aclose()
        self._client.close()

    # -- Planner ---------------------------------------------------------------------------
    async def plan(self, request: PlanRequest, ctx: CallContext) -> Plan:
        """Break ``request.script`` into scenes and environments within the request's limits.

        Raises:
            InvalidRequestError: the script has no words, or the service rejected the request.
            BadOutputError: the answer did not validate, even after one repair round.
            ContentRefusedError: Gemini blocked the script or its answer.
            AuthenticationError, RateLimitedError, ServiceUnavailableError,
            ProviderTimeoutError: the call itself failed.
            UnknownOutcomeError: an earlier attempt (or a killed run) sent this request and
                kept no answer; it is not sent again without ``ctx.resend_unknown``.
        """
        script = check_request(request, PROVIDER_NAME)
        if (kept := await kept_plan(ctx)) is not None:
            ctx.progress(1.0, "plan kept from a run that stopped after paying for it")
            return kept
        refuse_unknown_plan(ctx, PROVIDER_NAME, default_prices().price_of(self, request))
        config = types.GenerateContentConfig(
            system_instruction=system_prompt(request),
            response_mime_type="application/json",
            response_json_schema=plan_json_schema(request),
            max_output_tokens=MAX_PLAN_TOKENS,
            candidate_count=1,
            seed=ctx.seed,
        )
        contents: list[types.Content] = [_user(user_prompt(script, request))]
        problems: list[str] = []
        for attempt in range(2):
            ctx.progress(0.1 if attempt == 0 else 0.55,
                         "asking Gemini for a plan" if attempt == 0 else "asking Gemini to fix it")
            response = await self._generate(contents, config, ctx)
            candidate = self._answer(response)
            data, problems = _plan_data(candidate)
            if not problems:
                plan, problems = validate_plan(data, request)
                if plan is not None:
                    await keep_plan(ctx, plan)  # paid for: kept before anything can lose it
                    ctx.progress(1.0, "plan ready")
                    return plan
            if attempt == 0:
                contents.extend(_repair_turns(candidate, problems))
        raise BadOutputError(
            "Gemini's plan was unusable even after one correction: "
            + self._scrub("; ".join(problems[:6])),
            provider=PROVIDER_NAME,
        )

    async def random_script(self, seed: int, ctx: CallContext) -> str:
        """An original ~100-word script; the seed picks its setting, theme and mood.

        Raises:
            BadOutputError: the answer held no usable script.
            ContentRefusedError, AuthenticationError, RateLimitedError,
            ServiceUnavailableError, ProviderTimeoutError: as for ``plan``.
        """
        system, user = random_script_prompt(seed)
        config = types.GenerateContentConfig(
            system_instruction=system,
            max_output_tokens=MAX_SCRIPT_TOKENS,
            candidate_count=1,
            seed=seed,
        )
        ctx.progress(0.1, "asking Gemini for a script")
        response = await self._generate([_user(user)], config, ctx)
        script = clean_generated_script(_text_of(self._answer(response)))
        if script is None:
            raise BadOutputError("Gemini's answer held no usable script", provider=PROVIDER_NAME)
        ctx.progress(1.0, "script ready")
        return script

    async def check(self) -> None:
        """List the models: proves the key and that Gemini answers, buying nothing.

        Raises:
            AuthenticationError / ServiceUnavailableError / ProviderTimeoutError: as the
                service answered.
        """
        try:
            await self._client.aio.models.list(config={"page_size": 1})
        except errors.APIError as exc:
            self._raise_mapped(self._status_error(exc), exc)
        except _TRANSPORT_ERRORS as exc:
            self._raise_mapped(ProviderTimeoutError(
                f"could not reach Gemini: {self._scrub(str(exc) or type(exc).__name__)}",
                provider=PROVIDER_NAME), exc)

    def billed_units(self, request: object, unit: str) -> tuple[float, float] | None:
        """A plan's (input, output) token bound, for its price before it is sent."""
        if unit == "token" and isinstance(request, PlanRequest):
            return plan_token_bound(request, MAX_PLAN_TOKENS)
        return None

    # -- calls and errors ------------------------------------------------------------------
    async def _generate(
        self, contents: list[types.Content], config: types.GenerateContentConfig,
        ctx: CallContext,
    ) -> types.GenerateContentResponse:
        """One paid call: journalled before it is sent, its price (from the reply's token
        usage) added to ``ctx.spent``."""
        begin_paid_call(ctx)
        try:
            response = await self._send(contents, config)
        except ProviderError as error:
            paid_call_failed(ctx, error)
            raise
        usage = response.usage_metadata
        if usage is not None:
            tokens_in = float(usage.prompt_token_count or 0)
            tokens_out = float((usage.candidates_token_count or 0)
                               + (usage.thoughts_token_count or 0))
            ctx.spent += default_prices().cost(self.info, (tokens_in, tokens_out))
        return response

    async def _send(
        self, contents: list[types.Content], config: types.GenerateContentConfig
    ) -> types.GenerateContentResponse:
        try:
            return await self._client.aio.models.generate_content(
                model=self.model, contents=contents, config=config
            )
        except errors.APIError as exc:
            self._raise_mapped(self._status_error(exc), exc)
        except (errors.UnknownApiResponseError, json.JSONDecodeError) as exc:
            self._raise_mapped(
                BadOutputError("Gemini's answer was not valid JSON", provider=PROVIDER_NAME), exc
            )
        except _TRANSPORT_ERRORS as exc:
            if isinstance(exc, _TIMEOUT_ERRORS):
                error = ProviderTimeoutError(
                    "Gemini did not answer in time", provider=PROVIDER_NAME
                )
            else:
                error = ProviderTimeoutError(
                    f"could not reach Gemini: {self._scrub(str(exc) or type(exc).__name__)}",
                    provider=PROVIDER_NAME,
                )
            self._raise_mapped(error, exc)

    def _status_error(self, exc: errors.APIError) -> ProviderError:
        details = json.dumps(exc.details, default=str) if exc.details is not None else ""
        message = self._scrub(exc.message or exc.status or "")
        headers = getattr(exc.response, "headers", None)
        retry_after = retry_after_seconds(dict(headers) if headers is not None else None)
        if retry_after is None and (delay := _RETRY_DELAY.search(details)):
            retry_after = float(delay.group("seconds"))
        # Gemini answers a wrong key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
        if exc.code == 400 and ("API_KEY_INVALID" in details or "API key not valid" in details):
            return AuthenticationError(f"HTTP 400: {message}", provider=PROVIDER_NAME)
        return error_for_status(
            int(exc.code or 0), message, provider=PROVIDER_NAME, retry_after=retry_after
        )

    def _raise_mapped(self, error: ProviderError, cause: BaseException) -> NoReturn:
        # Chaining keeps the SDK error for debugging, unless its text carries the key: a
        # logged traceback must not leak it.
        if contains_secret(str(cause), self._secrets) or contains_secret(
            repr(getattr(cause, "details", "")), self._secrets
        ):
            raise error from None
        raise error from cause

    def _answer(self, response: types.GenerateContentResponse) -> types.Candidate:
        """The one candidate, or ContentRefusedError when the prompt or answer was blocked."""
        feedback = response.prompt_feedback
        if feedback is not None and feedback.block_reason is not None:
            reason = _enum_name(feedback.block_reason)
            said = feedback.block_reason_message or ""
            raise ContentRefusedError(
                f"Gemini blocked the request ({reason})"
                + (f": {self._scrub(said[:300])}" if said else ""),
                provider=PROVIDER_NAME,
            )
        if not response.candidates:
            raise BadOutputError("Gemini's answer held no candidate", provider=PROVIDER_NAME)
        candidate = response.candidates[0]
        reason = _enum_name(candidate.finish_reason) if candidate.finish_reason else ""
        if reason in _REFUSALS:
            raise ContentRefusedError(
                f"Gemini stopped its answer ({reason})", provider=PROVIDER_NAME
            )
        return candidate

    def _scrub(self, text: str) -> str:
        return scrub(text, self._secrets)


# ---------------------------------------------------------------------------- response helpers
def _user(text: str) -> types.Content:
    return types.Content(role="user", parts=[types.Part(text=text)])


def _repair_turns(candidate: types.Candidate, problems: list[str]) -> list[types.Content]:
    """The model's bad answer, sent back as it came (thought signatures included), and the
    user's reply listing what to fix."""
    answered = candidate.content
    if answered is None or not answered.parts:
        answered = types.Content(role="model", parts=[types.Part(text="(no answer)")])
    return [answered, _user(repair_prompt(problems))]


def _enum_name(value: Any) -> str:
    return str(getattr(value, "value", value))


def _text_of(candidate: types.Candidate) -> str:
    if candidate.content is None or not candidate.content.parts:
        return ""
    return "".join(part.text for part in candidate.content.parts if part.text and not part.thought)


def _plan_data(candidate: types.Candidate) -> tuple[Any, list[str]]:
    """The plan's raw data from the JSON answer, else the problems to send back."""
    if candidate.finish_reason is not None and _enum_name(candidate.finish_reason) == "MAX_TOKENS":
        return None, ["the plan was cut off at the length limit; write shorter prompts"]
    text = _text_of(candidate)
    if not text.strip():
        return None, ["the answer was empty; send the plan as one JSON object"]
    try:
        return extract_json(text), []
    except ValueError as exc:
        return None, [f"{exc}; send the plan as one JSON object matching the schema"]
