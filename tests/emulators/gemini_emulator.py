"""A local stand-in for the Gemini API's ``generateContent``, for the real google-genai SDK.

``POST /{v1|v1beta}/models/{model}:generateContent`` with the key in ``x-goog-api-key``. It
answers with ``candidates[].content.parts[].text`` and ``usageMetadata``; errors use Google's
shape ``{"error": {"code", "message", "status", "details"}}``, and a wrong key is a 400
``INVALID_ARGUMENT`` whose details carry the reason ``API_KEY_INVALID`` (the message echoes the
key on purpose, so tests can prove the planner scrubs it).

When the request asks for JSON (``responseMimeType: application/json``) the "model" answers
with ``compose_plan`` of the script in the first user turn, within the limits of
``responseJsonSchema``; otherwise it writes a script. Switches: ``bad_answers``/``bad_kind``
(``"garbage"`` or ``"invalid"``), ``refuse`` (``"prompt"``: a blocked prompt with no candidate;
``"candidate"``: finishReason ``SAFETY``), and ``fail_next`` from the base class.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any, Literal

from tests.emulators.anthropic_emulator import (
    GARBAGE,
    add_cast,
    compose_plan,
    compose_script,
    invalid_plan,
    script_from_prompt,
)
from tests.emulators.base import Emulator, Reply

if TYPE_CHECKING:
    import re

    from tests.emulators.base import Recorded

_STATUS_NAMES = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
                 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
                 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}


def error_reply(
    status: int,
    message: str = "",
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> Reply:
    """A Google-shaped error reply for ``fail_next``."""
    name = _STATUS_NAMES.get(status, "UNKNOWN")
    error: dict[str, Any] = {"code": status, "message": message or name.lower(), "status": name}
    if details:
        error["details"] = details
    return Reply(status, {"error": error}, headers or {})


def rate_limited_reply(retry_delay_s: int) -> Reply:
    """429 as Gemini sends it: the delay is in a ``google.rpc.RetryInfo`` detail."""
    return error_reply(
        429, "You exceeded your current quota, please retry later.",
        details=[{"@type": "type.googleapis.com/google.rpc.RetryInfo",
                  "retryDelay": f"{retry_delay_s}s"}],
    )


#: USD per (input, output) token, by model, as the emulated account is billed.
PRICE_PER_TOKEN: dict[str, tuple[float, float]] = {"gemini-3.8-flash": (3e-7, 2.5e-6)}


class GeminiEmulator(Emulator):
    """``generateContent`` answered by ``compose_plan`` / ``compose_script``.

    Attributes:
        api_key: the only key accepted.
        bad_answers: JSON requests still to answer badly (a large number means always).
        bad_kind: ``"garbage"`` or ``"invalid"``.
        refuse: ``None``, ``"prompt"`` or ``"candidate"``.
        image_prompts: how many image prompts each environment of a plan gets.
        reply_delay: seconds every ``generateContent`` answer is held after it was made and
            billed (a slow model).
        billed: USD billed for the answers made, at ``PRICE_PER_TOKEN`` with the input
            counted as a quarter of the request's bytes; ``billed_calls`` counts them. An
            answer is billed once made, whether or not it reaches the client.
    """

    def __init__(self, api_key: str = "AIza-test-key-0123456789") -> None:
        super().__init__()
        self.api_key = api_key
        self.bad_answers = 0
        self.bad_kind = "invalid"
        self.refuse: Literal["prompt", "candidate"] | None = None
        self.image_prompts = 10
        self.cast: bool | str = False  # as the Anthropic emulator's
        self.reply_delay = 0.0
        self.billed = 0.0
        self.billed_calls = 0
        self.route("POST", r"/(?:v1|v1beta)/models/(?P<model>[^/:]+):generateContent",
                   self._billed)
        self.route("GET", r"/(?:v1|v1beta)/models", self._models)

    def reset(self) -> None:
        """Forget recorded requests, queued failures and switches (to reuse one server)."""
        super().reset()
        self.bad_answers = 0
        self.bad_kind = "invalid"
        self.refuse = None
        self.image_prompts = 10
        self.cast: bool | str = False  # as the Anthropic emulator's
        self.reply_delay = 0.0
        with self._lock:
            self.billed = 0.0
            self.billed_calls = 0

    def _key_problem(self, rec: Recorded) -> Reply | None:
        key = rec.headers.get("x-goog-api-key")
        if not key:
            return error_reply(403, "Method doesn't allow unregistered callers.")
        if key != self.api_key:
            return error_reply(
                400, f"API key not valid ({key}). Please pass a valid API key.",
                details=[{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                          "reason": "API_KEY_INVALID", "domain": "googleapis.com"}],
            )
        return None

    def _models(self, rec: Recorded, _match: re.Match[str]) -> Reply:
        """``GET /{v1|v1beta}/models``: the model list (free; what a key check calls)."""
        if (problem := self._key_problem(rec)) is not None:
            return problem
        return Reply(200, {"models": [{
            "name": "models/gemini-3-flash", "displayName": "Gemini Flash",
            "supportedGenerationMethods": ["generateContent"]}]})

    def _billed(self, rec: Recorded, match: re.Match[str]) -> Reply:
        reply = self._generate(rec, match)
        if reply.status == 200 and isinstance(reply.body, dict):
            usage = reply.body["usageMetadata"]
            usage["promptTokenCount"] = max(1, len(rec.body) // 4)
            usage["totalTokenCount"] = usage["promptTokenCount"] + usage["candidatesTokenCount"]
            rates = PRICE_PER_TOKEN.get(match.group("model"), (3e-7, 2.5e-6))
            with self._lock:
                self.billed += (usage["promptTokenCount"] * rates[0]
                                + usage["candidatesTokenCount"] * rates[1])
                self.billed_calls += 1
            reply.delay = max(reply.delay, self.reply_delay)
        return reply

    def _generate(self, rec: Recorded, match: re.Match[str]) -> Reply:
        key = rec.headers.get("x-goog-api-key")
        if not key:
            return error_reply(403, "Method doesn't allow unregistered callers (callers without "
                                    "established identity). Please use API Key or other form "
                                    "of API consumer identity to call this API.")
        if key != self.api_key:
            return error_reply(
                400, f"API key not valid ({key}). Please pass a valid API key.",
                details=[{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                          "reason": "API_KEY_INVALID", "domain": "googleapis.com",
                          "metadata": {"service": "generativelanguage.googleapis.com"}}],
            )
        try:
            body = rec.json()
        except ValueError:
            return error_reply(400, "Invalid JSON payload received.")
        if problem := _request_problem(body):
            return error_reply(400, problem)
        model = match.group("model")
        if self.refuse == "prompt":
            return Reply(200, {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": []},
                               "usageMetadata": _usage(0), "modelVersion": model})
        if self.refuse == "candidate":
            return Reply(200, _response(model, None, "SAFETY"))
        config = body.get("generationConfig") or {}
        if config.get("responseMimeType") != "application/json":
            return Reply(200, _response(model, compose_script(_text(body["contents"][-1])),
                                        "STOP"))
        script = script_from_prompt(_text(body["contents"][0]))
        if self.bad_answers > 0:
            self.bad_answers -= 1
            text = GARBAGE if self.bad_kind == "garbage" else json.dumps(invalid_plan(script))
        else:
            schema = config.get("responseJsonSchema") or config.get("responseSchema") or {}
            props = schema.get("properties", {})
            plan = compose_plan(
                script,
                int(props.get("scenes", {}).get("maxItems", 5)),
                int(props.get("environments", {}).get("maxItems", 3)),
            )
            for env in plan["environments"]:
                env["image_prompts"] = env["image_prompts"][:self.image_prompts]
            if self.cast:
                add_cast(plan, script, stray=self.cast == "stray")
            text = json.dumps(plan)
        return Reply(200, _response(model, text, "STOP"))


def _text(content: dict[str, Any]) -> str:
    return "".join(part.get("text", "") for part in content.get("parts", []))


def _request_problem(body: Any) -> str:
    """What the real API would reject ('' when nothing)."""
    if not isinstance(body, dict) or not body.get("contents"):
        return "* GenerateContentRequest.contents: contents is not specified"
    previous = "model"
    for turn in body["contents"]:
        role = turn.get("role", "user")
        if role not in ("user", "model"):
            return f"Please use a valid role: user, model (got {role})."
        if role == previous:
            return "Please ensure that multiturn requests alternate between user and model."
        if not turn.get("parts"):
            return "* GenerateContentRequest.contents.parts: contents.parts must not be empty."
        previous = role
    if previous != "user":
        return "Please ensure that the last turn is from the user."
    return ""


def _usage(candidates: int) -> dict[str, int]:
    return {"promptTokenCount": 1200, "candidatesTokenCount": candidates,
            "totalTokenCount": 1200 + candidates}


def _response(model: str, text: str | None, finish: str) -> dict[str, Any]:
    candidate: dict[str, Any] = {"finishReason": finish, "index": 0}
    if text is not None:
        candidate["content"] = {"parts": [{"text": text}], "role": "model"}
    return {"candidates": [candidate], "usageMetadata": _usage(len(text or "") // 4),
            "modelVersion": model, "responseId": uuid.uuid4().hex[:20]}
