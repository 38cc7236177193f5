"""ClaudePlanner driven through the real ``anthropic`` async client against the local emulator."""

from __future__ import annotations

import asyncio
import json
import traceback
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from tests.emulators.anthropic_emulator import error_reply
from tests.emulators.base import Reply
from vidstudio.core.models import Settings
from vidstudio.core.plan import Plan, project_from_plan
from vidstudio.providers.anthropic_planner import DEFAULT_MODEL, ClaudePlanner
from vidstudio.providers.base import (
    AuthenticationError,
    BadOutputError,
    CallContext,
    ContentRefusedError,
    InvalidRequestError,
    NotConfiguredError,
    Planner,
    PlanRequest,
    ProviderError,
    ProviderTimeoutError,
    RateLimitedError,
    ServiceUnavailableError,
)
from vidstudio.providers.llm_common import PLAN_TOOL_NAME, SETTING_KEYWORDS

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from tests.emulators.anthropic_emulator import AnthropicEmulator

T = TypeVar("T")
SAMPLES = Path(__file__).resolve().parents[2] / "vidstudio" / "resources" / "samples"
SCRIPT = (SAMPLES / "lighthouse.txt").read_text(encoding="utf-8")
MESSAGES = r"/v1/messages"


def _run(
    emulator: AnthropicEmulator,
    action: Callable[[ClaudePlanner], Awaitable[T]],
    *,
    api_key: str | None = None,
    timeout: float = 5.0,
    model: str = DEFAULT_MODEL,
) -> T:
    async def go() -> T:
        planner = ClaudePlanner(
            api_key or emulator.api_key, base_url=emulator.base_url, model=model, timeout=timeout
        )
        try:
            return await action(planner)
        finally:
            await planner.aclose()

    return asyncio.run(go())


def _plan(
    emulator: AnthropicEmulator, request: PlanRequest | None = None, **kwargs: Any
) -> Plan:
    ctx = CallContext(work_dir=Path("."))
    return _run(emulator, lambda p: p.plan(request or PlanRequest(SCRIPT), ctx), **kwargs)


def _fails(emulator: AnthropicEmulator, expected: type[ProviderError], **kwargs: Any) -> ProviderError:
    with pytest.raises(expected) as caught:
        _plan(emulator, **kwargs)
    return caught.value


def _assert_no_key(error: BaseException, key: str) -> None:
    shown = [str(error), repr(error), "".join(traceback.format_exception(error))]
    assert all(key not in text for text in shown)


# ------------------------------------------------------------------------------------- success
def test_plan_from_script_carries_model_schema_and_script(
    anthropic_emulator: AnthropicEmulator,
) -> None:
    progress: list[float] = []
    ctx = CallContext(work_dir=Path("."), progress=lambda f, _m: progress.append(f))
    plan = _run(anthropic_emulator, lambda p: p.plan(PlanRequest(SCRIPT), ctx),
                model="claude-test-model")

    assert 1 <= len(plan.scenes) <= 5
    assert 1 <= len(plan.environments) <= 3
    assert all(env.setting in SETTING_KEYWORDS for env in plan.environments)
    assert all(len(env.image_prompts) == 10 for env in plan.environments)
    assert "lantern in her hand" in plan.scenes[0].narration
    assert progress[-1] == 1.0
    project = project_from_plan(plan, SCRIPT, Settings(), "claude")
    assert len(project.scenes) == len(plan.scenes)

    [sent] = anthropic_emulator.requests_to(MESSAGES)
    body = sent.json()
    assert body["model"] == "claude-test-model"
    assert sent.headers["x-stainless-retry-count"] == "0"
    assert body["tool_choice"] == {"type": "tool", "name": PLAN_TOOL_NAME}
    [tool] = body["tools"]
    schema = tool["input_schema"]
    assert schema["properties"]["scenes"]["maxItems"] == 5
    assert schema["properties"]["environments"]["maxItems"] == 3
    assert "Push In" in schema["properties"]["scenes"]["items"]["properties"]["camera"]["enum"]
    assert "The storm had been building since noon." in body["messages"][0]["content"]
    assert "at most 5 scenes" in body["system"].lower()


def test_plan_honours_smaller_limits(anthropic_emulator: AnthropicEmulator) -> None:
    plan = _plan(anthropic_emulator, PlanRequest(SCRIPT, max_scenes=2, max_environments=1))
    assert len(plan.scenes) <= 2
    assert len(plan.environments) == 1
    schema = anthropic_emulator.requests[0].json()["tools"][0]["input_schema"]
    assert schema["properties"]["scenes"]["maxItems"] == 2


def test_planner_meets_the_protocol() -> None:
    planner = ClaudePlanner("sk-ant-any", base_url="http://127.0.0.1:9")
    assert isinstance(planner, Planner)
    assert planner.info.name == "claude" and planner.info.kind == "cloud"
    assert planner.capabilities.paid and planner.capabilities.unit_price > 0
    assert planner.capabilities.concurrency == 2
    asyncio.run(planner.aclose())


def test_missing_key_is_not_configured() -> None:
    with pytest.raises(NotConfiguredError):
        ClaudePlanner("  ")


@pytest.mark.parametrize("script", ["", "   \n\t ", "\x00\x00 ... !!"])
def test_script_without_words_is_rejected_before_any_call(
    anthropic_emulator: AnthropicEmulator, script: str
) -> None:
    with pytest.raises(InvalidRequestError, match="no words"):
        _plan(anthropic_emulator, PlanRequest(script))
    assert anthropic_emulator.requests == []


def test_random_script_asks_for_text_and_returns_it(anthropic_emulator: AnthropicEmulator) -> None:
    ctx = CallContext(work_dir=Path("."))
    text = _run(anthropic_emulator, lambda p: p.random_script(3, ctx))
    assert len(text.split()) >= 60
    body = anthropic_emulator.requests[0].json()
    assert "tools" not in body
    assert "100 words" in body["messages"][0]["content"]
    other = _run(anthropic_emulator, lambda p: p.random_script(4, ctx))
    assert other != text  # the seed picks another setting


# -------------------------------------------------------------------------------------- repair
def test_invalid_plan_is_repaired_in_one_round(anthropic_emulator: AnthropicEmulator) -> None:
    anthropic_emulator.bad_answers = 1
    anthropic_emulator.bad_kind = "invalid"
    plan = _plan(anthropic_emulator)
    assert all(scene.duration in (5, 9) for scene in plan.scenes)

    _first, second = anthropic_emulator.requests_to(MESSAGES)
    turns = second.json()["messages"]
    assert [t["role"] for t in turns] == ["user", "assistant", "user"]
    tool_use = turns[1]["content"][0]
    assert tool_use["type"] == "tool_use"
    [result] = turns[2]["content"]
    assert result["type"] == "tool_result" and result["is_error"] is True
    assert result["tool_use_id"] == tool_use["id"]
    assert "scenes.0.duration" in result["content"]


def test_garbage_answer_is_repaired_in_one_round(anthropic_emulator: AnthropicEmulator) -> None:
    anthropic_emulator.bad_answers = 1
    anthropic_emulator.bad_kind = "garbage"
    plan = _plan(anthropic_emulator)
    assert plan.scenes
    turns = anthropic_emulator.requests[-1].json()["messages"]
    assert turns[1]["content"][0]["type"] == "text"
    assert turns[2]["content"][0]["type"] == "text"
    assert "could not be used" in turns[2]["content"][0]["text"]


@pytest.mark.parametrize("kind", ["garbage", "invalid"])
def test_bad_answers_after_repair_raise_bad_output(
    anthropic_emulator: AnthropicEmulator, kind: str
) -> None:
    anthropic_emulator.bad_answers = 100
    anthropic_emulator.bad_kind = kind
    error = _fails(anthropic_emulator, BadOutputError)
    assert "after one correction" in str(error)
    assert len(anthropic_emulator.requests_to(MESSAGES)) == 2
    if kind == "invalid":
        assert "duration" in str(error)


def test_plan_over_the_limits_is_sent_back(anthropic_emulator: AnthropicEmulator) -> None:
    # The emulator plans within the schema's limits; make the first answer exceed them.
    anthropic_emulator.fail_next(MESSAGES, Reply(200, _tool_message(_six_scene_plan())))
    plan = _plan(anthropic_emulator)
    assert len(plan.scenes) <= 5
    feedback = anthropic_emulator.requests[-1].json()["messages"][2]["content"][0]["content"]
    assert "6 scenes, the limit is 5" in feedback


def test_plan_as_fenced_json_text_is_accepted(anthropic_emulator: AnthropicEmulator) -> None:
    text = "Here it is:\n```json\n" + json.dumps(_six_scene_plan(count=2)) + "\n```"
    anthropic_emulator.fail_next(MESSAGES, Reply(200, _text_message(text)))
    plan = _plan(anthropic_emulator)
    assert [s.title for s in plan.scenes] == ["s0", "s1"]
    assert len(anthropic_emulator.requests) == 1


# -------------------------------------------------------------------------------------- errors
def test_wrong_key_is_authentication_error_without_the_key(
    anthropic_emulator: AnthropicEmulator,
) -> None:
    wrong = "sk-ant-WRONG-secret-0987654321"
    error = _fails(anthropic_emulator, AuthenticationError, api_key=wrong)
    assert "invalid x-api-key" in str(error)
    assert "[redacted]" in str(error)
    assert not error.retryable
    _assert_no_key(error, wrong)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({"retry-after": "7"}, 7.0), ({"retry-after-ms": "1500", "retry-after": "2"}, 1.5)],
)
def test_rate_limit_carries_retry_after(
    anthropic_emulator: AnthropicEmulator, headers: dict[str, str], expected: float
) -> None:
    anthropic_emulator.fail_next(MESSAGES, error_reply(429, "rate limited", headers))
    error = _fails(anthropic_emulator, RateLimitedError)
    assert error.retryable
    assert error.retry_after == pytest.approx(expected)
    assert len(anthropic_emulator.requests) == 1  # the SDK did not retry


def test_retry_after_as_http_date(anthropic_emulator: AnthropicEmulator) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    anthropic_emulator.fail_next(MESSAGES, error_reply(429, "later", {"Retry-After": when}))
    error = _fails(anthropic_emulator, RateLimitedError)
    assert error.retry_after is not None and 25 <= error.retry_after <= 31


@pytest.mark.parametrize("status", [500, 502, 503, 529])
def test_server_errors_are_service_unavailable(
    anthropic_emulator: AnthropicEmulator, status: int
) -> None:
    anthropic_emulator.fail_next(MESSAGES, error_reply(status))
    error = _fails(anthropic_emulator, ServiceUnavailableError)
    assert error.retryable
    assert str(status) in str(error)
    assert len(anthropic_emulator.requests) == 1


@pytest.mark.parametrize("status", [400, 404, 413])
def test_rejected_requests_are_invalid_request(
    anthropic_emulator: AnthropicEmulator, status: int
) -> None:
    anthropic_emulator.fail_next(MESSAGES, error_reply(status, "model: not found"))
    error = _fails(anthropic_emulator, InvalidRequestError)
    assert "model: not found" in str(error)
    assert not error.retryable


@pytest.mark.parametrize(
    "reply",
    [Reply(200, "<html>proxy</html>", {"Content-Type": "text/html"}), Reply(200, {"odd": 1}),
     Reply(200, b"{not json", {"Content-Type": "application/json"})],
)
def test_garbled_response_is_bad_output(anthropic_emulator: AnthropicEmulator, reply: Reply) -> None:
    anthropic_emulator.fail_next(MESSAGES, reply)
    error = _fails(anthropic_emulator, BadOutputError)
    assert "not a valid message" in str(error)


def test_slow_answer_is_timeout(anthropic_emulator: AnthropicEmulator) -> None:
    anthropic_emulator.fail_next(MESSAGES, Reply(200, _tool_message({}), delay=2.0))
    error = _fails(anthropic_emulator, ProviderTimeoutError, timeout=0.5)
    assert error.retryable


def test_unreachable_service_is_timeout() -> None:
    async def go() -> None:
        planner = ClaudePlanner("sk-ant-x-123", base_url="http://127.0.0.1:9", timeout=2)
        try:
            await planner.plan(PlanRequest(SCRIPT), CallContext(work_dir=Path(".")))
        finally:
            await planner.aclose()

    with pytest.raises(ProviderTimeoutError, match="could not reach Claude"):
        asyncio.run(go())


def test_refusal_is_content_refused(anthropic_emulator: AnthropicEmulator) -> None:
    anthropic_emulator.refuse = True
    error = _fails(anthropic_emulator, ContentRefusedError)
    assert "declined" in str(error)
    with pytest.raises(ContentRefusedError):
        _run(anthropic_emulator, lambda p: p.random_script(1, CallContext(work_dir=Path("."))))


@pytest.mark.parametrize("status", [400, 429, 500, 529])
def test_key_echoed_in_any_error_is_scrubbed(
    anthropic_emulator: AnthropicEmulator, status: int
) -> None:
    key = anthropic_emulator.api_key
    anthropic_emulator.fail_next(MESSAGES, error_reply(status, f"bad call with key {key} here"))
    with pytest.raises(ProviderError) as caught:
        _plan(anthropic_emulator)
    assert "bad call with key [redacted] here" in str(caught.value)
    _assert_no_key(caught.value, key)
    assert caught.value.__cause__ is None


# ------------------------------------------------------------------------------------ helpers
def _tool_message(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "msg_fixed", "type": "message", "role": "assistant", "model": "m",
        "content": [{"type": "tool_use", "id": "toolu_fixed", "name": PLAN_TOOL_NAME,
                     "input": data}],
        "stop_reason": "tool_use", "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }


def _text_message(text: str) -> dict[str, Any]:
    return {**_tool_message({}), "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn"}


def _six_scene_plan(count: int = 6) -> dict[str, Any]:
    env = {"id": "env1", "name": "Coast", "setting": "coast",
           "image_prompts": [f"view {i}" for i in range(10)]}
    scenes = [{"title": f"s{i}", "environment_id": "env1", "duration": 5} for i in range(count)]
    return {"title": "t", "environments": [env], "scenes": scenes}
