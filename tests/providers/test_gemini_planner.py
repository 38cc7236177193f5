"""GeminiPlanner driven through the real ``google-genai`` async client against the emulator."""

from __future__ import annotations

import asyncio
import json
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from tests.emulators.base import Reply
from tests.emulators.gemini_emulator import error_reply, rate_limited_reply
from vidstudio.core.models import Settings
from vidstudio.core.plan import Plan, project_from_plan
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
from vidstudio.providers.gemini_planner import DEFAULT_MODEL, GeminiPlanner
from vidstudio.providers.llm_common import SETTING_KEYWORDS

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from tests.emulators.gemini_emulator import GeminiEmulator

T = TypeVar("T")
SAMPLES = Path(__file__).resolve().parents[2] / "vidstudio" / "resources" / "samples"
SCRIPT = (SAMPLES / "market.txt").read_text(encoding="utf-8")
GENERATE = r":generateContent$"


def _run(
    emulator: GeminiEmulator,
    action: Callable[[GeminiPlanner], Awaitable[T]],
    *,
    api_key: str | None = None,
    timeout: float = 5.0,
    model: str = DEFAULT_MODEL,
) -> T:
    async def go() -> T:
        planner = GeminiPlanner(
            api_key or emulator.api_key, base_url=emulator.base_url, model=model, timeout=timeout
        )
        try:
            return await action(planner)
        finally:
            await planner.aclose()

    return asyncio.run(go())


def _plan(emulator: GeminiEmulator, request: PlanRequest | None = None, **kwargs: Any) -> Plan:
    ctx = CallContext(work_dir=Path("."))
    return _run(emulator, lambda p: p.plan(request or PlanRequest(SCRIPT), ctx), **kwargs)


def _fails(emulator: GeminiEmulator, expected: type[ProviderError], **kwargs: Any) -> ProviderError:
    with pytest.raises(expected) as caught:
        _plan(emulator, **kwargs)
    return caught.value


def _assert_no_key(error: BaseException, key: str) -> None:
    shown = [str(error), repr(error), "".join(traceback.format_exception(error))]
    assert all(key not in text for text in shown)


# ------------------------------------------------------------------------------------- success
def test_plan_from_script_carries_model_schema_and_script(gemini_emulator: GeminiEmulator) -> None:
    plan = _plan(gemini_emulator, model="gemini-test-model")

    assert 1 <= len(plan.scenes) <= 5
    assert 1 <= len(plan.environments) <= 3
    assert all(env.setting in SETTING_KEYWORDS for env in plan.environments)
    assert all(len(env.image_prompts) == 10 for env in plan.environments)
    assert " ".join(SCRIPT.split()[:5]) in plan.scenes[0].narration
    project = project_from_plan(plan, SCRIPT, Settings(), "gemini")
    assert len(project.scenes) == len(plan.scenes)

    [sent] = gemini_emulator.requests_to(GENERATE)
    assert sent.path == "/v1beta/models/gemini-test-model:generateContent"
    assert sent.headers["x-goog-api-key"] == gemini_emulator.api_key
    body = sent.json()
    config = body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    schema = config["responseJsonSchema"]
    assert schema["properties"]["scenes"]["maxItems"] == 5
    assert "coast" in schema["properties"]["environments"]["items"]["properties"]["setting"]["enum"]
    assert SCRIPT.strip().splitlines()[0] in body["contents"][0]["parts"][0]["text"]
    assert "at most 5 scenes" in body["systemInstruction"]["parts"][0]["text"].lower()


def test_unicode_script_is_planned(gemini_emulator: GeminiEmulator) -> None:
    script = "夜の東京。雨が降っている。ネオンの光が濡れた路面に映る。\nUn vieux café parisien."
    plan = _plan(gemini_emulator, PlanRequest(script, max_scenes=3, max_environments=2,
                                              language_hint="Japanese"))
    assert len(plan.scenes) <= 3
    assert "東京" in "".join(s.narration for s in plan.scenes)
    text = gemini_emulator.requests[0].json()["contents"][0]["parts"][0]["text"]
    assert "written in Japanese" in text


def test_planner_meets_the_protocol() -> None:
    planner = GeminiPlanner("AIza-any", base_url="http://127.0.0.1:9")
    assert isinstance(planner, Planner)
    assert planner.info.name == "gemini" and planner.info.kind == "cloud"
    assert planner.capabilities.paid and planner.capabilities.unit_price > 0
    assert planner.capabilities.concurrency == 2
    asyncio.run(planner.aclose())


def test_missing_key_is_not_configured() -> None:
    with pytest.raises(NotConfiguredError):
        GeminiPlanner("")


def test_script_without_words_is_rejected_before_any_call(gemini_emulator: GeminiEmulator) -> None:
    with pytest.raises(InvalidRequestError, match="no words"):
        _plan(gemini_emulator, PlanRequest(" \n "))
    assert gemini_emulator.requests == []


def test_random_script_asks_for_text_and_returns_it(gemini_emulator: GeminiEmulator) -> None:
    ctx = CallContext(work_dir=Path("."))
    text = _run(gemini_emulator, lambda p: p.random_script(5, ctx))
    assert len(text.split()) >= 60
    body = gemini_emulator.requests[0].json()
    assert "responseMimeType" not in body.get("generationConfig", {})
    assert body["generationConfig"]["seed"] == 5
    assert "100 words" in body["contents"][0]["parts"][0]["text"]


# -------------------------------------------------------------------------------------- repair
@pytest.mark.parametrize("kind", ["invalid", "garbage"])
def test_bad_answer_is_repaired_in_one_round(gemini_emulator: GeminiEmulator, kind: str) -> None:
    gemini_emulator.bad_answers = 1
    gemini_emulator.bad_kind = kind
    plan = _plan(gemini_emulator)
    assert all(scene.duration in (5, 9) for scene in plan.scenes)

    _first, second = gemini_emulator.requests_to(GENERATE)
    contents = second.json()["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user"]
    feedback = contents[2]["parts"][0]["text"]
    assert "could not be used" in feedback
    if kind == "invalid":
        assert "scenes.0.duration" in feedback
        assert json.loads(contents[1]["parts"][0]["text"])["scenes"][0]["duration"] == 7
    else:
        assert "JSON" in feedback


@pytest.mark.parametrize("kind", ["garbage", "invalid"])
def test_bad_answers_after_repair_raise_bad_output(gemini_emulator: GeminiEmulator, kind: str) -> None:
    gemini_emulator.bad_answers = 100
    gemini_emulator.bad_kind = kind
    error = _fails(gemini_emulator, BadOutputError)
    assert "after one correction" in str(error)
    assert len(gemini_emulator.requests_to(GENERATE)) == 2


def test_wrong_setting_is_sent_back_missing_prompts_are_not(
        gemini_emulator: GeminiEmulator) -> None:
    wrong = {"title": "t", "environments": [{"id": "e", "name": "Moon", "setting": "moon base",
                                             "image_prompts": ["one"]}],
             "scenes": [{"title": "s", "environment_id": "e", "camera": "push in"}]}
    gemini_emulator.fail_next(GENERATE, Reply(200, _answer(json.dumps(wrong))))
    _plan(gemini_emulator)
    feedback = gemini_emulator.requests[-1].json()["contents"][2]["parts"][0]["text"]
    assert "'moon base' is not one of" in feedback
    assert "image_prompts" not in feedback  # completed locally, not asked for again
    assert "camera" not in feedback  # "push in" is only a spelling of "Push In"


def test_answer_cut_at_the_token_limit_is_sent_back(gemini_emulator: GeminiEmulator) -> None:
    cut = _answer('{"title": "t", "environments": [{"id": "e')
    cut["candidates"][0]["finishReason"] = "MAX_TOKENS"
    gemini_emulator.fail_next(GENERATE, Reply(200, cut))
    assert _plan(gemini_emulator).scenes
    feedback = gemini_emulator.requests[-1].json()["contents"][2]["parts"][0]["text"]
    assert "cut off" in feedback


# -------------------------------------------------------------------------------------- errors
def test_wrong_key_is_authentication_error_without_the_key(gemini_emulator: GeminiEmulator) -> None:
    wrong = "AIza-WRONG-secret-0987654321"
    error = _fails(gemini_emulator, AuthenticationError, api_key=wrong)
    assert "API key not valid" in str(error)
    assert not error.retryable
    _assert_no_key(error, wrong)


def test_permission_denied_is_authentication_error(gemini_emulator: GeminiEmulator) -> None:
    gemini_emulator.fail_next(GENERATE, error_reply(403, "The caller does not have permission"))
    _fails(gemini_emulator, AuthenticationError)


def test_rate_limit_from_retry_info(gemini_emulator: GeminiEmulator) -> None:
    gemini_emulator.fail_next(GENERATE, rate_limited_reply(27))
    error = _fails(gemini_emulator, RateLimitedError)
    assert error.retryable and error.retry_after == pytest.approx(27.0)
    assert len(gemini_emulator.requests) == 1  # the SDK did not retry


def test_rate_limit_from_retry_after_header(gemini_emulator: GeminiEmulator) -> None:
    gemini_emulator.fail_next(GENERATE, error_reply(429, "slow down", {"Retry-After": "3"}))
    error = _fails(gemini_emulator, RateLimitedError)
    assert error.retry_after == pytest.approx(3.0)


@pytest.mark.parametrize("status", [500, 502, 503, 529])
def test_server_errors_are_service_unavailable(gemini_emulator: GeminiEmulator, status: int) -> None:
    gemini_emulator.fail_next(GENERATE, error_reply(status))
    error = _fails(gemini_emulator, ServiceUnavailableError)
    assert error.retryable and str(status) in str(error)
    assert len(gemini_emulator.requests) == 1


@pytest.mark.parametrize("status", [400, 404])
def test_rejected_requests_are_invalid_request(gemini_emulator: GeminiEmulator, status: int) -> None:
    gemini_emulator.fail_next(GENERATE, error_reply(status, "models/x is not found"))
    error = _fails(gemini_emulator, InvalidRequestError)
    assert "models/x is not found" in str(error)


@pytest.mark.parametrize(
    "reply",
    [Reply(200, "<html>proxy</html>", {"Content-Type": "text/html"}), Reply(200, {"odd": 1}),
     Reply(200, b"{not json", {"Content-Type": "application/json"})],
)
def test_garbled_response_is_bad_output(gemini_emulator: GeminiEmulator, reply: Reply) -> None:
    gemini_emulator.fail_next(GENERATE, reply)
    _fails(gemini_emulator, BadOutputError)
    assert len(gemini_emulator.requests) == 1


def test_slow_answer_is_timeout(gemini_emulator: GeminiEmulator) -> None:
    gemini_emulator.fail_next(GENERATE, Reply(200, _answer("{}"), delay=2.0))
    error = _fails(gemini_emulator, ProviderTimeoutError, timeout=0.5)
    assert error.retryable


def test_unreachable_service_is_timeout() -> None:
    async def go() -> None:
        planner = GeminiPlanner("AIza-x-123", base_url="http://127.0.0.1:9", timeout=2)
        try:
            await planner.plan(PlanRequest(SCRIPT), CallContext(work_dir=Path(".")))
        finally:
            await planner.aclose()

    with pytest.raises(ProviderTimeoutError, match="could not reach Gemini"):
        asyncio.run(go())


@pytest.mark.parametrize("where", ["prompt", "candidate"])
def test_blocked_content_is_refused(gemini_emulator: GeminiEmulator, where: str) -> None:
    gemini_emulator.refuse = where  # type: ignore[assignment]
    error = _fails(gemini_emulator, ContentRefusedError)
    assert "SAFETY" in str(error)
    assert len(gemini_emulator.requests) == 1  # a refusal is not repaired


@pytest.mark.parametrize("status", [400, 429, 500, 503])
def test_key_echoed_in_any_error_is_scrubbed(gemini_emulator: GeminiEmulator, status: int) -> None:
    key = gemini_emulator.api_key
    gemini_emulator.fail_next(GENERATE, error_reply(status, f"bad call with key {key} here"))
    with pytest.raises(ProviderError) as caught:
        _plan(gemini_emulator)
    assert "bad call with key [redacted] here" in str(caught.value)
    _assert_no_key(caught.value, key)
    assert caught.value.__cause__ is None


# ------------------------------------------------------------------------------------ helpers
def _answer(text: str) -> dict[str, Any]:
    return {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                            "finishReason": "STOP", "index": 0}],
            "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 1,
                              "totalTokenCount": 2}}
