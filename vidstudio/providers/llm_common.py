"""What the cloud planners share: prompts, the plan's JSON schema, validation and repair text,
error mapping by HTTP status, Retry-After parsing and secret scrubbing.

Nothing here talks to a service or imports an SDK, so both planners (and their tests) can use it
without depending on each other.
"""

from __future__ import annotations

import copy
import json
import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from vidstudio.core.models import Settings
from vidstudio.core.plan import Plan
from vidstudio.core.vocabulary import (
    IMAGES_PER_CHARACTER,
    IMAGES_PER_ENVIRONMENT,
    SCENE_DURATIONS,
    CameraMove,
    ShotType,
    TimeOfDay,
    Weather,
)
from vidstudio.providers.base import (
    AuthenticationError,
    InvalidRequestError,
    PlanRequest,
    ProviderError,
    ProviderTimeoutError,
    RateLimitedError,
    ServiceUnavailableError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

SETTING_KEYWORDS: tuple[str, ...] = (
    "coast", "harbour", "forest", "mountains", "desert", "city", "market", "interior",
    "workshop", "arctic", "space", "river", "highway", "rooftop", "landscape",
)
PLAN_TOOL_NAME = "submit_plan"
SCRIPT_OPEN, SCRIPT_CLOSE = "<script>", "</script>"
# A plan of 5 scenes and 3 environments is ~3k tokens; a script beyond this is not a short film.
MAX_SCRIPT_CHARS = 200_000
REDACTED = "[redacted]"

# C0 controls other than tab/newline/CR (a NUL from a broken file) mean nothing to a model.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*\n(?P<body>.*?)\n\s*```\s*$", re.DOTALL)


# ------------------------------------------------------------------------------------ requests
def clean_script(script: str) -> str:
    """The script as sent to a model: control characters dropped, outer whitespace trimmed."""
    return _CONTROL_CHARS.sub("", script).strip()


def check_request(request: PlanRequest, provider: str) -> str:
    """Reject a request no model could plan, before paying for a call.

    Returns:
        The cleaned script.

    Raises:
        InvalidRequestError: no words in the script, a script far too long, or limits below 1.
    """
    script = clean_script(request.script)
    if not re.search(r"\w", script):
        raise InvalidRequestError("the script has no words to plan", provider=provider)
    if len(script) > MAX_SCRIPT_CHARS:
        raise InvalidRequestError(
            f"the script has {len(script)} characters; the limit is {MAX_SCRIPT_CHARS}",
            provider=provider,
        )
    if request.max_scenes < 1 or request.max_environments < 1:
        raise InvalidRequestError(
            "max_scenes and max_environments must be at least 1", provider=provider
        )
    return script


def limits_of(request: PlanRequest) -> Settings:
    """Settings carrying only the request's limits, for ``Plan.problems``.

    ``model_construct`` because a request may ask for limits the project settings would clamp.
    """
    return Settings.model_construct(
        max_scenes=request.max_scenes, max_environments=request.max_environments
    )


# ------------------------------------------------------------------------------------- prompts
def system_prompt(request: PlanRequest) -> str:
    """The planner's instructions: the shape of a plan and every rule it must follow."""
    cameras = ", ".join(m.value for m in CameraMove)
    shots = ", ".join(s.value for s in ShotType)
    weathers = ", ".join(w.value for w in Weather)
    times = ", ".join(t.value for t in TimeOfDay)
    durations = " or ".join(str(d) for d in SCENE_DURATIONS)
    return f"""You are the director's planner in a studio that turns a written script into a \
short narrated film. Break the script you are given into scenes and the physical environments \
they happen in, and answer with a single plan object that matches the JSON schema exactly.

Rules:
- At most {request.max_scenes} scenes, in story order, covering the whole script.
- At most {request.max_environments} environments. An environment is a physical place the film \
returns to; scenes in the same place share one environment. Give each environment a short \
unique id such as "env1", and set each scene's environment_id to one of those ids.
- Each scene lasts {durations} seconds (duration is the integer {durations}). Use 9 when its \
narration is longer than about 12 words.
- narration: what a narrator would say, in the script's own words and language, split across \
the scenes in order: the prose itself, a trailer's voice-over lines, a screenplay's description \
told as story. Never sluglines (INT./EXT.), speaker cues, transitions (CUT TO:), parentheticals \
or camera directions; do not paraphrase, summarise or add words.
- characters: everyone who acts in the story (people, and animals, creatures, robots or \
vehicles that act as characters), each with a short unique id such as "ch1", a name (their own, \
or a role such as "the night porter"), kind, a one-line description, a look in short fields \
taken from the script (age, build, hair or fur with its colour, skin, wardrobe items each with \
its colour, distinguishing marks) that stays the same in every scene, and 2 to \
{IMAGES_PER_CHARACTER} sheet_prompts: views of that character alone on a plain background \
(front, three-quarter, close-up, side), same clothes and colours, no text.
- cast: each scene lists the characters in frame, in frame order (left to right), each with \
what they do in the shot; character_id is always one of the characters' ids. A place is never \
a character and a character's name is never a place (a woman called Sierra is not a mountain).
- dialogue: a line a character speaks belongs to that character (character_id, the words, \
position = how many characters of the scene's narration come before it, -1 for after it), \
never to the narration.
- camera is exactly one of: {cameras}.
- shot_type is exactly one of: {shots}.
- setting is exactly one lowercase keyword from: {", ".join(SETTING_KEYWORDS)}.
- weather is one of: {weathers}. time_of_day is one of: {times}.
- Each environment has exactly {IMAGES_PER_ENVIRONMENT} image_prompts: distinct views of that \
same place (different angles, distances and details, same lighting, weather and time of day), \
each a self-contained visual description with no people's names and no text in the image.
- key_objects: a few concrete objects that identify the place.
- action, first_frame_prompt and last_frame_prompt describe what is seen at the start and at \
the end of the shot; sfx_prompt describes the ambient sound (no music, no speech).
- emotions: one to three words for the scene's mood.
- title: a short title for the whole film; language: the script's language as an ISO 639-1 code.
"""


def user_prompt(script: str, request: PlanRequest) -> str:
    """The user turn carrying the script between fixed markers."""
    hint = (
        f"The script is written in {request.language_hint}.\n"
        if request.language_hint
        else ""
    )
    return (
        f"Plan this script (at most {request.max_scenes} scenes and "
        f"{request.max_environments} environments).\n{hint}"
        f"{SCRIPT_OPEN}\n{script}\n{SCRIPT_CLOSE}"
    )


def repair_prompt(problems: Iterable[str]) -> str:
    """The follow-up turn after an unusable answer: what was wrong, and what to send instead."""
    listed = "\n".join(f"- {p}" for p in problems)
    return (
        "Your plan could not be used:\n"
        f"{listed}\n"
        "Send the complete corrected plan again, following every rule and the JSON schema."
    )


_SCRIPT_THEMES: tuple[str, ...] = (
    "a discovery", "a storm", "a reunion", "a long journey", "a small act of courage",
    "a lost object", "a first day", "a farewell", "a rescue", "an unexpected visitor",
)
_SCRIPT_MOODS: tuple[str, ...] = (
    "hopeful", "tense", "quiet", "wondrous", "bittersweet", "playful", "eerie",
)


def random_script_prompt(seed: int) -> tuple[str, str]:
    """(system, user) prompts for an original ~100-word script.

    The seed picks the setting, theme and mood, so a new seed gives a different kind of story
    even from a model that takes no seed itself.
    """
    setting = SETTING_KEYWORDS[seed % len(SETTING_KEYWORDS)]
    theme = _SCRIPT_THEMES[(seed // len(SETTING_KEYWORDS)) % len(_SCRIPT_THEMES)]
    mood = _SCRIPT_MOODS[(seed // 7 + seed) % len(_SCRIPT_MOODS)]
    system = (
        "You write short original scripts for narrated films. Answer with the script text only: "
        "no title, no headings, no notes, no quotation marks around it."
    )
    user = (
        f"Write an original script of about 100 words, in English, in three to five short "
        f"paragraphs separated by blank lines. Setting: {setting}. Theme: {theme}. "
        f"Mood: {mood}. Make it visual: places, weather, light and a few concrete objects. "
        f"(variation {seed})"
    )
    return system, user


def clean_generated_script(text: str) -> str | None:
    """The script inside a model's answer, or None when there is no usable script in it."""
    text = text.strip()
    if fence := _FENCE.match(text):
        text = fence.group("body").strip()
    text = text.strip().strip('"“”').strip()
    return text if len(re.findall(r"\w+", text)) >= 20 else None


# -------------------------------------------------------------------------------------- schema
def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            target = defs[node["$ref"].rsplit("/", 1)[-1]]
            merged = {**_inline_refs(copy.deepcopy(target), defs)}
            merged.update({k: v for k, v in node.items() if k != "$ref"})
            return merged
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _strip_schema_noise(node: Any) -> Any:
    """Drop ``title``/``default`` keywords (not property names) that some services reject."""
    if isinstance(node, list):
        return [_strip_schema_noise(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("title", "default"):
            continue
        if key == "properties":
            out[key] = {name: _strip_schema_noise(sub) for name, sub in value.items()}
        else:
            out[key] = _strip_schema_noise(value)
    return out


def plan_json_schema(request: PlanRequest) -> dict[str, Any]:
    """The JSON schema of ``core.plan.Plan``, self-contained and tightened for this request.

    References are inlined (both services read a flat schema most reliably), every field is
    required so the model writes complete scenes, and the request's limits, the setting
    keywords and the durations appear as ``maxItems``/``enum`` constraints.
    """
    raw = Plan.model_json_schema()
    schema: dict[str, Any] = _strip_schema_noise(_inline_refs(raw, raw.get("$defs", {})))
    props = schema["properties"]
    scenes, envs = props["scenes"], props["environments"]
    scenes.update(minItems=1, maxItems=request.max_scenes)
    envs.update(minItems=1, maxItems=request.max_environments)
    env_props = envs["items"]["properties"]
    env_props["setting"]["enum"] = list(SETTING_KEYWORDS)
    env_props["image_prompts"].update(
        minItems=IMAGES_PER_ENVIRONMENT, maxItems=IMAGES_PER_ENVIRONMENT
    )
    scene_props = scenes["items"]["properties"]
    scene_props["duration"]["enum"] = list(SCENE_DURATIONS)
    if "characters" in props:
        props["characters"]["items"]["properties"]["sheet_prompts"].update(
            maxItems=IMAGES_PER_CHARACTER)
        _strict(props["characters"])
        _strict(scene_props["cast"])
        _strict(scene_props["dialogue"])
    # The model reads these descriptions; the classes' own docstrings speak to programmers.
    schema["description"] = "A plan of a short narrated film made from the script."
    scene_props["camera"]["description"] = "the camera movement during the shot"
    for node in (schema, envs["items"], scenes["items"]):
        node["required"] = list(node["properties"])
        node["additionalProperties"] = False
    return schema


def _strict(node: Any) -> None:
    """Every object under ``node`` lists all its fields as required and allows no others."""
    if isinstance(node, list):
        for item in node:
            _strict(item)
    elif isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False
        for value in node.values():
            _strict(value)


# ---------------------------------------------------------------------------------- validation
def extract_json(text: str) -> Any:
    """The JSON value in a model's text answer (bare, fenced, or amid prose).

    Raises:
        ValueError: no JSON object could be read.
    """
    stripped = text.strip()
    if fence := _FENCE.match(stripped):
        stripped = fence.group("body").strip()
    try:
        return json.loads(stripped)
    except json.JSONDecodeError:
        pass
    except RecursionError:  # nested deeper than any plan: a broken or hostile answer
        raise ValueError("the answer's JSON is nested too deeply to be a plan") from None
    start = stripped.find("{")
    if start >= 0:
        try:
            value, _end = json.JSONDecoder().raw_decode(stripped[start:])
        except json.JSONDecodeError:
            pass
        except RecursionError:
            raise ValueError("the answer's JSON is nested too deeply to be a plan") from None
        else:
            return value
    raise ValueError("the answer holds no readable JSON object")


def _normalise_enum(value: Any, allowed: Iterable[str]) -> Any:
    if not isinstance(value, str):
        return value
    wanted = re.sub(r"[\s_-]+", " ", value).strip().casefold()
    for option in allowed:
        if re.sub(r"[\s_-]+", " ", option).casefold() == wanted:
            return option
    return value


def _normalise(data: Any) -> Any:
    """Fix spelling-only variants (``"push in"``, ``"Coast"``) so they are not sent back, and
    keep the first ten image prompts of an environment that has more."""
    if not isinstance(data, dict):
        return data
    data = copy.deepcopy(data)
    for key in ("environments", "scenes"):
        if key in data and not isinstance(data[key], list):
            data[key] = []  # not a list at all: validation says what is missing
    for env in data.get("environments") or []:
        if not isinstance(env, dict):
            continue
        if isinstance(env.get("image_prompts"), list):
            env["image_prompts"] = env["image_prompts"][:IMAGES_PER_ENVIRONMENT]
        if isinstance(env.get("setting"), str):
            env["setting"] = env["setting"].strip().lower()
        env["weather"] = _normalise_enum(env.get("weather"), [w.value for w in Weather])
        env["time_of_day"] = _normalise_enum(env.get("time_of_day"), [t.value for t in TimeOfDay])
        for key in ("weather", "time_of_day"):
            if env[key] is None:
                del env[key]
    for scene in data.get("scenes") or []:
        if not isinstance(scene, dict):
            continue
        for key, vocab in (("camera", CameraMove), ("shot_type", ShotType)):
            if key in scene:
                scene[key] = _normalise_enum(scene[key], [m.value for m in vocab])
        if isinstance(scene.get("duration"), str) and scene["duration"].strip().isdigit():
            scene["duration"] = int(scene["duration"].strip())
    _repair_cast(data)
    return data


_PLAIN_ID = re.compile(r"(?:ch|c|char|character)?[\s_-]*\d+", re.IGNORECASE)


def _repair_cast(data: dict[str, Any]) -> None:
    """A scene that names someone not in the cast is repaired here rather than sent back: a
    name ("Mara") becomes the character of that name, or a new character; a bare unknown id
    ("ch9") is dropped. Each repair is said in the plan's notes."""
    characters = data.get("characters")
    if characters is None:
        characters = data["characters"] = []
    if not isinstance(characters, list):
        return  # validation says what is wrong
    ids = {c.get("id") for c in characters if isinstance(c, dict)}
    by_name = {str(c.get("name", "")).strip().casefold(): c.get("id")
               for c in characters if isinstance(c, dict)}
    given = data.get("notes")
    notes: list[Any] = given if isinstance(given, list) else []
    fixed: dict[str, str | None] = {}
    for scene in data.get("scenes") or []:
        if not isinstance(scene, dict):
            continue
        for key in ("cast", "dialogue"):
            entries = scene.get(key)
            if not isinstance(entries, list):
                continue
            kept: list[Any] = []
            for entry in entries:
                who = entry.get("character_id") if isinstance(entry, dict) else None
                if isinstance(who, str) and who not in ids:
                    if who not in fixed:
                        fixed[who] = _recast(who, by_name, characters, ids, notes,
                                             str(scene.get("title", "")))
                    if fixed[who] is None:
                        continue
                    entry = {**entry, "character_id": fixed[who]}
                    if key == "cast" and any(isinstance(k, dict) and k.get("character_id")
                                             == fixed[who] for k in kept):
                        continue  # already in this frame under its id
                kept.append(entry)
            scene[key] = kept
    if notes:
        data["notes"] = notes


def _recast(who: str, by_name: dict[str, Any], characters: list[Any], ids: set[Any],
            notes: list[Any], title: str) -> str | None:
    name = who.strip()
    if not name or _PLAIN_ID.fullmatch(name):
        notes.append(f"Cast: scene {title!r} referred to an unknown character {who!r}; the "
                     "reference was dropped.")
        return None
    known = by_name.get(name.casefold())
    if known is not None:
        return str(known)
    number = len(characters) + 1
    while f"ch{number}" in ids:
        number += 1
    new_id = f"ch{number}"
    characters.append({"id": new_id, "name": name, "sheet_prompts": [
        f"Character reference of {name}; full body, {view}; plain light background, the same "
        "clothes and colours in every view." for view in ("front view", "three-quarter view")]})
    ids.add(new_id)
    by_name[name.casefold()] = new_id
    notes.append(f"Cast: scene {title!r} named {name!r}, who was not in the cast; "
                 f"{name} was added as a character.")
    return new_id


def _describe_validation(exc: ValidationError) -> list[str]:
    found = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "plan"
        found.append(f"{where}: {error['msg']}")
    return found


def validate_plan(data: Any, request: PlanRequest) -> tuple[Plan | None, list[str]]:
    """Check a model's answer: the Plan schema, the request's limits and the planner's rules.

    Returns:
        ``(plan, [])`` when the answer is usable, else ``(None, problems)`` with one line per
        problem, worded so they can be sent back to the model.
    """
    if not isinstance(data, dict):
        return None, [f"the answer must be one JSON object, not {type(data).__name__}"]
    try:
        plan = Plan.model_validate(_normalise(data))
    except ValidationError as exc:
        return None, _describe_validation(exc)
    problems = list(plan.problems(limits_of(request)))
    for env in plan.environments:
        if env.setting not in SETTING_KEYWORDS:
            problems.append(
                f"environment {env.id!r}: setting {env.setting!r} is not one of "
                f"{', '.join(SETTING_KEYWORDS)}"
            )
    if problems:
        return None, problems
    for env in plan.environments:
        # A real model sometimes gives fewer prompts than asked: complete them from the
        # environment rather than failing a render (or paying for another answer).
        given = len(env.image_prompts)
        if given < IMAGES_PER_ENVIRONMENT:
            env.image_prompts = complete_image_prompts(env)
            plan.notes.append(
                f"{env.name}: the planner gave {given} image prompt(s); the other "
                f"{IMAGES_PER_ENVIRONMENT - given} were written from the place's description")
    return plan, []


_VIEWS = ("wide establishing view", "seen from a low angle", "seen from high above",
          "a close detail", "at its edge", "from the far side", "looking up",
          "looking down", "through an opening", "a long view")


def complete_image_prompts(env: Any) -> list[str]:
    """``env.image_prompts`` filled up to ``IMAGES_PER_ENVIRONMENT`` with distinct views of the
    place written from its name, description, objects, hour, weather and light."""
    prompts = [p for p in env.image_prompts if str(p).strip()][:IMAGES_PER_ENVIRONMENT]
    things = list(env.key_objects) or [env.setting]
    tail = ", ".join(part for part in (
        str(env.description).strip().rstrip("."), getattr(env.time_of_day, "value", ""),
        f"{getattr(env.weather, 'value', 'clear')} weather", str(env.lighting).strip(),
        "cinematic, consistent art direction, no text") if part)
    seen = {p.casefold() for p in prompts}
    for index, view in enumerate(_VIEWS * 2):
        if len(prompts) >= IMAGES_PER_ENVIRONMENT:
            break
        thing = things[index % len(things)]
        prompt = f"{env.name}, {view}, with the {thing}, {tail}"
        if prompt.casefold() not in seen:
            seen.add(prompt.casefold())
            prompts.append(prompt)
    return prompts


# ---------------------------------------------------------------------------------- errors
def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every known secret replaced by ``[redacted]``, in every encoding a
    service may echo it in (``keys.secret_pattern``)."""
    from vidstudio.providers.keys import redact_text

    return redact_text(text, secrets, REDACTED)


def contains_secret(text: str, secrets: Iterable[str]) -> bool:
    from vidstudio.providers.keys import secret_pattern

    pattern = secret_pattern(tuple(sorted({s for s in secrets if s})))
    return pattern is not None and pattern.search(text) is not None


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    if (ms := lowered.get("retry-after-ms")) is not None:
        try:
            value = float(ms) / 1000.0
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value
    if (raw := lowered.get("retry-after")) is not None:
        raw = raw.strip()
        try:
            value = float(raw)
        except ValueError:
            try:
                when = parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
        if math.isfinite(value) and value >= 0:
            return value
    return None


def error_for_status(
    status: int,
    message: str,
    *,
    provider: str,
    retry_after: float | None = None,
) -> ProviderError:
    """The providers/base.py error for an HTTP status the service answered with."""
    cls: type[ProviderError]
    if status in (401, 403):
        cls = AuthenticationError
    elif status == 429:
        cls = RateLimitedError
    elif status in (408, 504):
        cls = ProviderTimeoutError
    elif status == 409 or status >= 500:
        # 409 is a transient conflict on these APIs; 5xx and 529 (overloaded) pass with time.
        cls = ServiceUnavailableError
    else:
        cls = InvalidRequestError
    text = f"HTTP {status}: {message}" if message else f"HTTP {status}"
    error = cls(text, provider=provider, retry_after=retry_after)
    error.status = status  # what tells a refusal (nothing made) from an unknown outcome
    return error
