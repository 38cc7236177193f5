"""A local stand-in for Anthropic's Messages API (``POST /v1/messages``), for the real SDK.

It checks what the real service checks (the key in ``x-api-key`` or, as anthropic 2.x sends it,
``Authorization: Bearer``; ``anthropic-version``; a well-formed
conversation whose tool calls are all answered) and answers with a proper Message: a
``tool_use`` block when a tool is forced, text otherwise. Its "model" is a small rule-based
planner (``compose_plan``) that turns the script between ``<script>`` markers into a valid plan
within the limits of the request's schema, so an end-to-end run still makes a real film.

Switches for tests: ``bad_answers`` (how many plan answers go wrong before good ones) with
``cast`` (True: the plan has a cast, ``"stray"``: and its first scene names someone missing
from it); ``bad_kind`` ``"garbage"`` (prose, no tool call) or ``"invalid"`` (a tool call that breaks the
plan's rules); ``refuse`` (``stop_reason: "refusal"``); ``fail_next`` from the base class for
HTTP errors and delays; ``reply_delay`` (seconds) holds every answer of ``POST /v1/messages``
after the message is made and billed, as a slow model would. A wrong key's 401 deliberately
echoes the key so tests can prove the planner scrubs it.

Billing: ``billed`` (USD) adds up each message made at Anthropic's token prices
(``PRICE_PER_TOKEN``), counting the input as a quarter of the request's bytes and the output
as the answer's usage says; ``billed_calls`` counts them. A message is billed once it is made,
whether or not its answer reaches the client.

The rule-based composer is shared with the Gemini emulator (it imports it from here).
"""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Any

from tests.emulators.base import Emulator, Reply
from vidstudio.core.vocabulary import CameraMove, ShotType

if TYPE_CHECKING:
    from tests.emulators.base import Recorded

#: USD per (input, output) token, by model, as the emulated account is billed.
PRICE_PER_TOKEN: dict[str, tuple[float, float]] = {"claude-sonnet-5-5": (3e-6, 15e-6)}

# ----------------------------------------------------------------------------- the "model"
# Cue words that suggest a setting keyword; first match in a scene wins, else "landscape".
_SETTING_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("space", ("orbit", "station", "astronaut", "planet", "stars", "spacecraft", "earth")),
    ("harbour", ("harbour", "harbor", "quay", "dock", "pier", "port")),
    ("coast", ("sea", "waves", "lighthouse", "shore", "beach", "cliff", "ocean", "boat")),
    ("market", ("market", "stall", "vendor", "bazaar", "spices")),
    ("forest", ("forest", "trees", "woods", "pine", "moss")),
    ("mountains", ("mountain", "peak", "summit", "ridge", "glacier")),
    ("desert", ("desert", "dune", "sand", "الصحراء")),
    ("arctic", ("ice", "snow", "arctic", "polar", "frozen")),
    ("river", ("river", "stream", "bank", "ferry")),
    ("workshop", ("workshop", "bench", "tools", "forge", "lathe")),
    ("rooftop", ("rooftop", "roof")),
    ("highway", ("highway", "road", "truck", "car")),
    ("city", ("city", "street", "neon", "tokyo", "東京", "café", "cafe", "paris")),
    ("interior", ("room", "kitchen", "stairs", "inside", "hall", "lamp")),
)
_CAMERAS = [CameraMove.PUSH_IN, CameraMove.PAN_LEFT, CameraMove.STATIC, CameraMove.CRANE_UP,
            CameraMove.ORBIT_RIGHT, CameraMove.PULL_OUT]
_SHOTS = [ShotType.WIDE, ShotType.MEDIUM, ShotType.CLOSE_UP, ShotType.EXTREME_WIDE]
_VIEWS = ("wide establishing view", "low angle", "high angle", "close detail", "at the edge",
          "from the far side", "looking up", "looking down", "through a doorway", "long view")


def script_from_prompt(text: str) -> str:
    """The script between ``<script>`` markers of a user turn ('' when there is none)."""
    found = re.search(r"<script>\s*(.*?)\s*</script>", text, re.DOTALL)
    return found.group(1) if found else ""


def _setting_of(text: str) -> str:
    lowered = text.lower()
    for setting, cues in _SETTING_CUES:
        if any(cue in lowered for cue in cues):
            return setting
    return "landscape"


def _scene_texts(script: str, max_scenes: int) -> list[str]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", script) if p.strip()]
    if len(paragraphs) == 1:
        # One paragraph: split it at sentence ends instead (CJK full stops included).
        paragraphs = [s.strip() for s in re.split(r"(?<=[.!?。！？])\s*", script) if s.strip()]
    if not paragraphs:
        paragraphs = [script.strip()]
    groups = min(max_scenes, len(paragraphs))
    size = -(-len(paragraphs) // groups)  # ceiling: every paragraph lands in some scene
    return [" ".join(paragraphs[i:i + size]) for i in range(0, len(paragraphs), size)]


def compose_plan(script: str, max_scenes: int = 5, max_environments: int = 3) -> dict[str, Any]:
    """A valid plan (as JSON data) for ``script`` within the limits; deterministic."""
    texts = _scene_texts(script, max_scenes)
    env_of_setting: dict[str, str] = {}
    environments: list[dict[str, Any]] = []
    scenes: list[dict[str, Any]] = []
    for index, text in enumerate(texts):
        setting = _setting_of(text)
        if setting not in env_of_setting:
            if len(environments) < max_environments:
                env_id = f"env{len(environments) + 1}"
                env_of_setting[setting] = env_id
                environments.append({
                    "id": env_id,
                    "name": f"The {setting}",
                    "setting": setting,
                    "description": f"A {setting} seen in the script: {text[:80]}",
                    "lighting": "soft natural light",
                    "weather": "clear",
                    "time_of_day": "day",
                    "key_objects": re.findall(r"\w{5,}", text)[:3],
                    "image_prompts": [f"The {setting}, {view}" for view in _VIEWS],
                })
            else:
                env_of_setting[setting] = environments[0]["id"]
        words = len(text.split())
        scenes.append({
            "title": f"Scene {index + 1}",
            "action": text[:120],
            "environment_id": env_of_setting[setting],
            "emotions": ["calm"],
            "camera": _CAMERAS[index % len(_CAMERAS)].value,
            "shot_type": _SHOTS[index % len(_SHOTS)].value,
            "duration": 9 if words > 12 else 5,
            "sfx_prompt": f"ambient sound of the {setting}",
            "narration": text,
            "first_frame_prompt": f"The {setting} at the start: {text[:60]}",
            "last_frame_prompt": f"The {setting} at the end: {text[-60:]}",
        })
    first_words = " ".join(script.split()[:4]) or "Untitled"
    return {"title": first_words, "language": "en", "environments": environments,
            "scenes": scenes}


_NOT_NAMES = frozenset({
    "The", "A", "An", "And", "But", "Or", "So", "Then", "When", "While", "At", "In", "On",
    "By", "For", "From", "With", "Far", "Once", "Every", "One", "She", "He", "They", "It",
    "Her", "His", "Their", "Its", "We", "You", "I"})


def add_cast(plan: dict[str, Any], script: str, *, stray: bool = False) -> None:
    """Give a composed plan a cast, as a model following the schema would: each capitalised
    name that some sentence does not open on becomes a character (at most three), and each
    scene lists the characters its text names, in order. ``stray`` makes the answer name, in
    its first scene, someone missing from the cast (a slip the planner must repair)."""
    names: list[str] = []
    for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,})\b", script, re.MULTILINE):
        name = match.group(1)
        if name not in _NOT_NAMES and name not in names and len(names) < 3:
            names.append(name)
    plan["characters"] = [{
        "id": f"ch{i + 1}", "name": name, "kind": "person",
        "description": f"{name}, who the script follows",
        "look": {"age": "adult", "build": "slight", "hair": "dark hair", "skin": "",
                 "wardrobe": [{"item": "raincoat", "colour": "blue"}], "marks": ""},
        "voice": "",
        "sheet_prompts": [f"{name}, full body, front view, blue raincoat, plain background",
                          f"{name}, head and shoulders, blue raincoat, plain background"],
    } for i, name in enumerate(names)]
    texts = _scene_texts(script, len(plan["scenes"]))
    for scene, text in zip(plan["scenes"], texts, strict=False):
        named = sorted((text.find(n), f"ch{i + 1}") for i, n in enumerate(names) if n in text)
        scene["cast"] = [{"character_id": cid, "action": "walks"} for _, cid in named]
        scene["dialogue"] = []
    if stray and plan["scenes"]:
        plan["scenes"][0]["cast"].append({"character_id": "Tomas", "action": "waves"})


def invalid_plan(script: str) -> dict[str, Any]:
    """Well-formed JSON that breaks the plan's rules (a 7 s scene in an unknown place)."""
    plan = compose_plan(script, 5, 3)
    plan["scenes"][0]["duration"] = 7
    plan["scenes"][-1]["environment_id"] = "env99"
    return plan


GARBAGE = "Sure! Here is the plan you asked for: {scenes: [the lighthouse, ...] (truncated"


def compose_script(hint: str) -> str:
    """A ~100-word original script; ``hint`` (the prompt) picks the setting it mentions."""
    setting = next((s for s, _ in _SETTING_CUES if s in hint.lower()), "landscape")
    return (
        f"Morning comes slowly to the {setting}. A thin light spreads across everything, and "
        f"a traveller with a worn canvas bag stops to watch it.\n\n"
        f"She has walked for three days to reach this place, following a map drawn by her "
        f"grandmother decades ago. The paper is soft as cloth now.\n\n"
        f"Near a crooked marker stone she kneels and digs with her hands. Something metal "
        f"answers: a small tin box, sealed with wax.\n\n"
        f"Inside lies a key and a note in faded ink. She reads it twice, laughs, and turns "
        f"back toward the road with the key warm in her palm."
    )


# ----------------------------------------------------------------------------- the emulator
def _error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"type": "error", "error": {"type": kind, "message": message},
                          "request_id": f"req_{uuid.uuid4().hex[:20]}"}, headers or {})


def error_reply(status: int, message: str = "", headers: dict[str, str] | None = None) -> Reply:
    """An Anthropic-shaped error reply for ``fail_next`` (type chosen from the status)."""
    kind = {400: "invalid_request_error", 401: "authentication_error",
            403: "permission_error", 404: "not_found_error", 413: "request_too_large",
            429: "rate_limit_error", 500: "api_error", 529: "overloaded_error"}.get(
                status, "api_error")
    return _error(status, kind, message or kind.replace("_", " "), headers)


class AnthropicEmulator(Emulator):
    """``POST /v1/messages`` answered by ``compose_plan`` / ``compose_script``.

    Attributes:
        api_key: the only key accepted.
        bad_answers: plan requests still to answer badly (a large number means always).
        bad_kind: ``"garbage"`` or ``"invalid"``.
        refuse: answer every request with ``stop_reason: "refusal"``.
        image_prompts: how many image prompts each environment of a plan gets (a real model
            may give fewer than the 10 asked for).

    ``GET /v1/models`` lists models (free; what a key check calls).
    """

    def __init__(self, api_key: str = "sk-ant-test-key-0123456789") -> None:
        super().__init__()
        self.api_key = api_key
        self.bad_answers = 0
        self.bad_kind = "invalid"
        self.refuse = False
        self.image_prompts = 10
        self.cast: bool | str = False  # True: the plan has a cast; "stray": and a slip
        self.reply_delay = 0.0
        self.billed = 0.0
        self.billed_calls = 0
        self.route("POST", r"/v1/messages", self._messages)
        self.route("GET", r"/v1/models", self._models)

    def reset(self) -> None:
        """Forget recorded requests, queued failures and switches (to reuse one server)."""
        super().reset()
        self.bad_answers = 0
        self.bad_kind = "invalid"
        self.refuse = False
        self.image_prompts = 10
        self.cast: bool | str = False  # True: the plan has a cast; "stray": and a slip
        self.reply_delay = 0.0
        with self._lock:
            self.billed = 0.0
            self.billed_calls = 0

    def _models(self, rec: Recorded, _match: re.Match[str]) -> Reply:
        key = _presented_key(rec.headers)
        if key != self.api_key:
            return _error(401, "authentication_error", f"invalid x-api-key: {key}")
        model = {"type": "model", "id": "claude-sonnet-5-5", "display_name": "Claude Sonnet",
                 "created_at": "2026-01-01T00:00:00Z"}
        return Reply(200, {"data": [model], "has_more": False, "first_id": model["id"],
                           "last_id": model["id"]})

    def _messages(self, rec: Recorded, match: re.Match[str]) -> Reply:
        reply = self._answer(rec, match)
        if reply.status == 200 and isinstance(reply.body, dict):
            usage = reply.body["usage"]
            usage["input_tokens"] = max(1, len(rec.body) // 4)
            rates = PRICE_PER_TOKEN.get(str(reply.body.get("model")), (3e-6, 15e-6))
            with self._lock:
                self.billed += (usage["input_tokens"] * rates[0]
                                + usage["output_tokens"] * rates[1])
                self.billed_calls += 1
            reply.delay = max(reply.delay, self.reply_delay)
        return reply

    def _answer(self, rec: Recorded, _match: re.Match[str]) -> Reply:
        key = _presented_key(rec.headers)
        if key != self.api_key:
            # Deliberately echoes the key: the planner must scrub it from its messages.
            return _error(401, "authentication_error", f"invalid x-api-key: {key}")
        if not rec.headers.get("anthropic-version"):
            return _error(400, "invalid_request_error", "anthropic-version header is required")
        try:
            body = rec.json()
        except ValueError:
            return _error(400, "invalid_request_error", "body is not valid JSON")
        if problem := _conversation_problem(body):
            return _error(400, "invalid_request_error", problem)
        model = body["model"]
        if self.refuse:
            return Reply(200, _message(model, [], "refusal"))
        tools = body.get("tools") or []
        if not tools:
            last = _last_user_text(body["messages"])
            return Reply(200, _message(model, [{"type": "text", "text": compose_script(last)}],
                                       "end_turn"))
        choice = body.get("tool_choice") or {}
        names = [tool.get("name") for tool in tools]
        if choice.get("type") == "tool" and choice.get("name") not in names:
            return _error(400, "invalid_request_error", "tool_choice names an unknown tool")
        if self.bad_answers > 0:
            self.bad_answers -= 1
            if self.bad_kind == "garbage":
                return Reply(200, _message(model, [{"type": "text", "text": GARBAGE}], "end_turn"))
            data = invalid_plan(self._script(body))
        else:
            schema = tools[0].get("input_schema") or {}
            data = compose_plan(self._script(body), *_limits(schema))
            for env in data["environments"]:
                env["image_prompts"] = env["image_prompts"][:self.image_prompts]
            if self.cast:
                add_cast(data, self._script(body), stray=self.cast == "stray")
        block = {"type": "tool_use", "id": f"toolu_{uuid.uuid4().hex[:24]}",
                 "name": choice.get("name", names[0]), "input": data}
        return Reply(200, _message(model, [block], "tool_use"))

    @staticmethod
    def _script(body: dict[str, Any]) -> str:
        first = body["messages"][0]
        return script_from_prompt(_text(first["content"]))


def _presented_key(headers: dict[str, str]) -> str | None:
    """The key from ``x-api-key`` or, as anthropic 2.x sends it, ``Authorization: Bearer``."""
    if key := headers.get("x-api-key"):
        return key
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def _limits(schema: dict[str, Any]) -> tuple[int, int]:
    props = schema.get("properties", {})
    return (int(props.get("scenes", {}).get("maxItems", 5)),
            int(props.get("environments", {}).get("maxItems", 3)))


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(b.get("text", "") for b in content if isinstance(b, dict))


def _last_user_text(messages: list[dict[str, Any]]) -> str:
    return _text(messages[-1]["content"])


def _conversation_problem(body: Any) -> str:
    """What the real API would reject about this request body ('' when nothing)."""
    if not isinstance(body, dict):
        return "body must be an object"
    for field in ("model", "max_tokens", "messages"):
        if field not in body:
            return f"{field}: Field required"
    messages = body["messages"]
    if not messages or messages[0].get("role") != "user":
        return "messages: the first message must use the user role"
    pending: set[str] = set()
    for turn in messages:
        content = turn.get("content")
        blocks = [content] if isinstance(content, str) else list(content or [])
        if not blocks:
            return "messages: all messages must have non-empty content"
        if turn.get("role") == "user":
            answered = {b.get("tool_use_id") for b in blocks if isinstance(b, dict)
                        and b.get("type") == "tool_result"}
            if pending - answered:
                return "messages: tool_use ids were found without tool_result blocks"
            pending = set()
        else:
            pending = {b["id"] for b in blocks if isinstance(b, dict) and b.get("type") == "tool_use"}
    return ""


def _message(model: str, content: list[dict[str, Any]], stop_reason: str) -> dict[str, Any]:
    out_tokens = len(json.dumps(content)) // 4
    return {
        "id": f"msg_{uuid.uuid4().hex[:24]}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 1200, "output_tokens": out_tokens,
                  "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
    }
