"""The Claude planner: a script becomes a Plan through Anthropic's Messages API.

The plan comes back as the input of a forced tool call whose ``input_schema`` is the JSON schema
of ``core.plan.Plan`` (text holding JSON is accepted too). An answer that does not validate is
sent back once with the problems listed; a second bad answer is a ``BadOutputError``. The SDK
never retries (``max_retries=0``): the jobs layer retries, guided by ``ProviderError.retryable``
and ``retry_after``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NoReturn

import anthropic
from anthropic.types import Message, MessageParam, ToolChoiceParam, ToolParam
from pydantic import ValidationError

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
    ServiceUnavailableError,
)
from vidstudio.providers.llm_common import (
    PLAN_TOOL_NAME,
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

PROVIDER_NAME = "claude"
# The SDK's own examples use this model (anthropic 2.13, November 2026): a mid-priced model is
# plenty for a plan of five scenes.
DEFAULT_MODEL = "claude-sonnet-5-5"
# Estimate (November 2026) for one plan call at ~$3 per million input tokens and ~$15 per
# million output tokens: ~3k tokens in and ~3.5k out, rounded up to leave room for a repair.
UNIT_PRICE_PER_CALL = 0.06
MAX_PLAN_TOKENS = 8192
MAX_SCRIPT_TOKENS = 800


class ClaudePlanner:
    """Plans scripts with Claude through the official async ``anthropic`` client.

    Args:
        api_key: the Anthropic API key; it never appears in an error message.
        base_url: another endpoint speaking the same API (a proxy or a test emulator).
        model: the Claude model to ask.
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
            raise NotConfiguredError("no Anthropic API key", provider=PROVIDER_NAME)
        self._secrets = (api_key, api_key.strip())
        self.model = model
        self.info = ProviderInfo(name=PROVIDER_NAME, model=model, kind="cloud")
        self.capabilities = Capabilities(
            unit_price=UNIT_PRICE_PER_CALL, price_unit="call", concurrency=2, paid=True
        )
        # Kept for the planner's lifetime: one connection pool for every call.
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key.strip(), base_url=base_url, max_retries=0, timeout=timeout
        )

    async def aclose(self) -> None:
        """Close the HTTP connections; the planner is unusable afterwards."""
        await self._client.close()

    # -- Planner ---------------------------------------------------------------------------
    async def plan(self, request: PlanRequest, ctx: CallContext) -> Plan:
        """Break ``request.script`` into scenes and environments within the request's limits.

        Raises:
            InvalidRequestError: the script has no words, or the service rejected the request.
            BadOutputError: the answer did not validate, even after one repair round.
            UnknownOutcomeError: an earlier attempt (or a killed run) sent this request and
                kept no answer; it is not sent again without ``ctx.resend_unknown``.
            ContentRefusedError: Claude declined the script.
            AuthenticationError, RateLimitedError, ServiceUnavailableError,
            ProviderTimeoutError: the call itself failed.
        """
        script = check_request(request, PROVIDER_NAME)
        if (kept := await kept_plan(ctx)) is not None:
            ctx.progress(1.0, "plan kept from a run that stopped after paying for it")
            return kept
        refuse_unknown_plan(ctx, PROVIDER_NAME, default_prices().price_of(self, request))
        tool: ToolParam = {
            "name": PLAN_TOOL_NAME,
            "description": "Submit the complete plan of the film made from the script.",
            "input_schema": plan_json_schema(request),
        }
        system = system_prompt(request)
        messages: list[MessageParam] = [
            {"role": "user", "content": user_prompt(script, request)}
        ]
        problems: list[str] = []
        for attempt in range(2):
            ctx.progress(0.1 if attempt == 0 else 0.55,
                         "asking Claude for a plan" if attempt == 0 else "asking Claude to fix it")
            message = await self._create(
                ctx,
                system=system,
                messages=messages,
                max_tokens=MAX_PLAN_TOKENS,
                tools=[tool],
                tool_choice={"type": "tool", "name": PLAN_TOOL_NAME},
            )
            self._raise_if_refused(message)
            data, problems = _plan_data(message)
            if not problems:
                plan, problems = validate_plan(data, request)
                if plan is not None:
                    await keep_plan(ctx, plan)  # paid for: kept before anything can lose it
                    ctx.progress(1.0, "plan ready")
                    return plan
            if attempt == 0:
                messages.extend(_repair_turns(message, problems))
        raise BadOutputError(
            "Claude's plan was unusable even after one correction: "
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
        ctx.progress(0.1, "asking Claude for a script")
        message = await self._create(
            ctx,
            system=system,
            messages=[{"role": "user", "content": user}],
            max_tokens=MAX_SCRIPT_TOKENS,
        )
        self._raise_if_refused(message)
        script = clean_generated_script(_text_of(message))
        if script is None:
            raise BadOutputError("Claude's answer held no usable script", provider=PROVIDER_NAME)
        ctx.progress(1.0, "script ready")
        return script

    async def check(self) -> None:
        """List one model: proves the key and that Anthropic answers, buying nothing.

        Raises:
            AuthenticationError / ServiceUnavailableError / ProviderTimeoutError: as the
                service answered.
        """
        try:
            await self._client.models.list(limit=1)
        except anthropic.APIStatusError as exc:
            body_message = exc.api_message or _body_message(exc.body) or exc.message
            self._raise_mapped(
                error_for_status(exc.status_code, self._scrub(body_message),
                                 provider=PROVIDER_NAME,
                                 retry_after=retry_after_seconds(dict(exc.response.headers))),
                exc,
            )
        except anthropic.APITimeoutError as exc:
            self._raise_mapped(
                ProviderTimeoutError("Claude did not answer in time", provider=PROVIDER_NAME), exc
            )
        except anthropic.APIConnectionError as exc:
            self._raise_mapped(
                ProviderTimeoutError(
                    f"could not reach Claude: {self._scrub(exc.message)}", provider=PROVIDER_NAME
                ),
                exc,
            )
        except anthropic.APIError as exc:
            self._raise_mapped(ServiceUnavailableError(
                f"Claude answered the key check with something unreadable: "
                f"{self._scrub(str(exc))[:200]}", provider=PROVIDER_NAME), exc)

    def billed_units(self, request: object, unit: str) -> tuple[float, float] | None:
        """A plan's (input, output) token bound, for its price before it is sent."""
        if unit == "token" and isinstance(request, PlanRequest):
            return plan_token_bound(request, MAX_PLAN_TOKENS)
        return None

    # -- calls and errors ------------------------------------------------------------------
    async def _create(self, ctx: CallContext, **request: Any) -> Message:
        """One paid Messages call: journalled before it is sent, its price (from the reply's
        token usage) added to ``ctx.spent``."""
        begin_paid_call(ctx)
        try:
            message = await self._send(**request)
        except ProviderError as error:
            paid_call_failed(ctx, error)
            raise
        usage = message.usage
        read = (usage.input_tokens + (usage.cache_creation_input_tokens or 0)
                + (usage.cache_read_input_tokens or 0))
        ctx.spent += default_prices().cost(self.info, (float(read), float(usage.output_tokens)))
        return message

    async def _send(
        self,
        *,
        system: str,
        messages: list[MessageParam],
        max_tokens: int,
        tools: list[ToolParam] | None = None,
        tool_choice: ToolChoiceParam | None = None,
    ) -> Message:
        try:
            result = await self._client.messages.create(
                model=self.model,
                system=system,
                messages=messages,
                max_tokens=max_tokens,
                tools=anthropic.omit if tools is None else tools,
                tool_choice=anthropic.omit if tool_choice is None else tool_choice,
            )
        except json.JSONDecodeError as exc:
            self._raise_mapped(_not_a_message(), exc)
        except anthropic.APIStatusError as exc:
            body_message = exc.api_message or _body_message(exc.body) or exc.message
            self._raise_mapped(
                error_for_status(
                    exc.status_code,
                    self._scrub(body_message),
                    provider=PROVIDER_NAME,
                    retry_after=retry_after_seconds(dict(exc.response.headers)),
                ),
                exc,
            )
        except anthropic.APITimeoutError as exc:
            self._raise_mapped(
                ProviderTimeoutError("Claude did not answer in time", provider=PROVIDER_NAME), exc
            )
        except anthropic.APIConnectionError as exc:
            self._raise_mapped(
                ProviderTimeoutError(
                    f"could not reach Claude: {self._scrub(exc.message)}", provider=PROVIDER_NAME
                ),
                exc,
            )
        except anthropic.APIResponseValidationError as exc:
            self._raise_mapped(_not_a_message(), exc)
        except anthropic.CredentialsError as exc:
            self._raise_mapped(
                AuthenticationError(
                    f"Anthropic credentials: {self._scrub(str(exc))}", provider=PROVIDER_NAME
                ),
                exc,
            )
        # The SDK builds response models without validation: a garbled 200 (a proxy's page, a
        # body without ``content``) would only fail later, as an AttributeError.
        if not isinstance(result, Message):
            raise _not_a_message()
        try:
            return Message.model_validate(result.model_dump(warnings=False))
        except ValidationError as exc:
            raise _not_a_message() from exc

    def _raise_mapped(self, error: ProviderError, cause: BaseException) -> NoReturn:
        # Chaining keeps the SDK error for debugging, unless its text carries the key: a
        # logged traceback must not leak it.
        if contains_secret(str(cause), self._secrets) or contains_secret(
            repr(getattr(cause, "body", "")), self._secrets
        ):
            raise error from None
        raise error from cause

    def _raise_if_refused(self, message: Message) -> None:
        if message.stop_reason == "refusal":
            said = _text_of(message).strip()
            raise ContentRefusedError(
                "Claude declined this request" + (f": {self._scrub(said[:300])}" if said else ""),
                provider=PROVIDER_NAME,
            )

    def _scrub(self, text: str) -> str:
        return scrub(text, self._secrets)


# ----------------------------------------------------------------------------- message helpers
def _not_a_message() -> BadOutputError:
    return BadOutputError("Claude's answer was not a valid message", provider=PROVIDER_NAME)


def _body_message(body: object) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
    return ""


def _text_of(message: Message) -> str:
    return "".join(block.text for block in message.content if block.type == "text")


def _plan_data(message: Message) -> tuple[Any, list[str]]:
    """The plan's raw data from the tool call (or from JSON in text), else the problems."""
    for block in message.content:
        if block.type == "tool_use" and block.name == PLAN_TOOL_NAME:
            if message.stop_reason == "max_tokens":
                return None, ["the plan was cut off at the length limit; write shorter prompts"]
            return block.input, []
    text = _text_of(message)
    if not text.strip():
        return None, [f"no {PLAN_TOOL_NAME} tool call and no text in the answer"]
    try:
        return extract_json(text), []
    except ValueError as exc:
        return None, [f"{exc}; call the {PLAN_TOOL_NAME} tool with the plan"]


def _repair_turns(message: Message, problems: list[str]) -> list[MessageParam]:
    """The assistant's bad answer and the user's reply listing what to fix.

    A tool call must be answered by a ``tool_result`` for the same id, so problems go back as
    an error result of each call; otherwise as plain text.
    """
    content: list[Any] = []
    tool_ids: list[str] = []
    for block in message.content:
        if block.type == "text" and block.text:
            content.append({"type": "text", "text": block.text})
        elif block.type == "tool_use":
            content.append(
                {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
            )
            tool_ids.append(block.id)
    if not content:
        content.append({"type": "text", "text": "(no answer)"})
    feedback = repair_prompt(problems)
    reply: list[Any] = [
        {"type": "tool_result", "tool_use_id": tool_id, "is_error": True, "content": feedback}
        for tool_id in tool_ids
    ]
    if not reply:
        reply.append({"type": "text", "text": feedback})
    return [{"role": "assistant", "content": content}, {"role": "user", "content": reply}]
