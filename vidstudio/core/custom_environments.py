"""Environments the user supplies (a JSON document) and a plan made to use exactly them.

The document is a list of environments, or an object ``{"environments": [...]}``. Each has a
``name`` (required) and may have ``id``, ``setting``, ``description``, ``lighting``,
``weather``, ``time_of_day``, ``key_objects`` and ``image_prompts``. Every mistake is reported
as one line naming the environment and the field, e.g.
``environment 2 ("Harbour"): weather must be one of clear, cloudy, ...; not 'sunny'``.

``apply_custom_environments`` then replaces a plan's environments with these (by their ids)
and moves every scene to the custom place that fits it best. Pure functions, no I/O: the caller
reads the file and passes its text.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from vidstudio.core.plan import Plan, PlanEnvironment, PlanScene
from vidstudio.core.vocabulary import IMAGES_PER_ENVIRONMENT, TimeOfDay, Weather

if TYPE_CHECKING:
    from collections.abc import Sequence
    from enum import StrEnum

MAX_CUSTOM_ENVIRONMENTS = 5
"""The most environments a project can hold (``Settings.max_environments`` may lower it)."""

_FIELDS = ("id", "name", "setting", "description", "lighting", "weather", "time_of_day",
           "key_objects", "image_prompts")
_TEXT_FIELDS = ("name", "setting", "description", "lighting")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
_WORD = re.compile(r"[^\W\d_]+")
# Words that say nothing about a place (English; other languages simply count every word).
_STOPWORD_TEXT = (
    "a an the and or but of in on at to from into onto over under with without by for as is are "
    "was were be been being it its this that these those there their they them he she his her "
    "him we our you your i my me not no so then than too very just only all any each every some "
    "one two out up down off again still while when where which who whom what how after before "
    "about above below between through during until against among around behind beside near "
    "far shot view frame still scene cinematic camera wide close medium featuring lighting mood "
    "end start opening closing action seen named script first last now"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Views of a place used when an environment brings no image prompts of its own.
_VIEWS = (
    "Wide establishing shot of {name}",
    "{name} seen from a low angle",
    "Close-up detail of {thing} at {name}",
    "Aerial view over {name}",
    "Medium shot of {name} with {thing} in the foreground",
    "{name} framed by a dark foreground silhouette",
    "Extreme wide panoramic view of {name}",
    "Textural detail of {thing}, {name} softly blurred behind",
    "Symmetrical eye-level view of {name}",
    "Over-the-shoulder view across {name} toward {thing}",
)


class CustomEnvironmentError(ValueError):
    """A custom environments document is not usable; ``str(error)`` is one line for the user."""


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _choice(where: str, name: str, value: Any, allowed: type[StrEnum]) -> str:
    values = [member.value for member in allowed]
    if isinstance(value, str) and value.strip().lower() in values:
        return value.strip().lower()
    shown = repr(value) if isinstance(value, str) else _kind(value)
    raise CustomEnvironmentError(
        f"{where}: {name} must be one of {', '.join(values)}; not {shown}")


def _texts(where: str, name: str, value: Any, limit: int | None = None) -> list[str]:
    if not isinstance(value, list):
        raise CustomEnvironmentError(f"{where}: {name} must be a list of texts, not "
                                     f"{_kind(value)}")
    for item in value:
        if not isinstance(item, str):
            raise CustomEnvironmentError(f"{where}: {name} must be a list of texts; it holds "
                                         f"{_kind(item)}")
    items = [item.strip() for item in value if item.strip()]
    if limit is not None and len(items) > limit:
        raise CustomEnvironmentError(f"{where}: {name} has {len(items)} entries, at most {limit}")
    return items


def _environment(index: int, raw: Any) -> tuple[str | None, dict[str, Any]]:
    where = f"environment {index}"
    if not isinstance(raw, dict):
        raise CustomEnvironmentError(f"{where}: expected an object with a name, not {_kind(raw)}")
    name = raw.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{where} ({name.strip()!r})"
    for key in raw:
        if key not in _FIELDS:
            close = get_close_matches(str(key), _FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else \
                f" (known fields: {', '.join(_FIELDS)})"
            raise CustomEnvironmentError(f"{where}: unknown field {key!r}{hint}")
    values: dict[str, Any] = {}
    for key in _TEXT_FIELDS:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise CustomEnvironmentError(f"{where}: {key} must be a text, not {_kind(value)}")
        values[key] = " ".join(value.split())
    if not values.get("name"):
        raise CustomEnvironmentError(f"{where}: a name is required")
    values.setdefault("setting", values["name"].lower())
    if not values["setting"]:
        values["setting"] = values["name"].lower()
    if raw.get("weather") is not None:
        values["weather"] = Weather(_choice(where, "weather", raw["weather"], Weather))
    if raw.get("time_of_day") is not None:
        values["time_of_day"] = TimeOfDay(
            _choice(where, "time_of_day", raw["time_of_day"], TimeOfDay))
    if raw.get("key_objects") is not None:
        values["key_objects"] = _texts(where, "key_objects", raw["key_objects"])
    if raw.get("image_prompts") is not None:
        values["image_prompts"] = _texts(where, "image_prompts", raw["image_prompts"],
                                         IMAGES_PER_ENVIRONMENT)
    env_id = raw.get("id")
    if env_id is None:
        return None, values
    if not isinstance(env_id, str) or not _ID.match(env_id.strip()):
        shown = repr(env_id) if isinstance(env_id, str) else _kind(env_id)
        raise CustomEnvironmentError(
            f"{where}: id must be 1-40 letters, digits, '-', '_' or '.', not {shown}")
    return env_id.strip(), values


def parse_custom_environments(document: str | bytes | Any, *,
                              max_environments: int = MAX_CUSTOM_ENVIRONMENTS
                              ) -> list[PlanEnvironment]:
    """Read and check a custom environments document.

    Args:
        document: the JSON text (str or UTF-8 bytes), or the already-decoded value.
        max_environments: the most environments allowed (the project's limit).

    Returns:
        One ``PlanEnvironment`` per entry, in the document's order. Entries without an id get
        ``custom1``, ``custom2``, ... (skipping ids the document uses); an omitted setting is
        the name in lower case; image prompts stay as given (possibly none).

    Raises:
        CustomEnvironmentError: one line saying what is wrong and where.
    """
    data = document
    if isinstance(document, bytes):
        try:
            data = document.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CustomEnvironmentError("environments: the file is not UTF-8 text") from None
    if isinstance(data, str):
        if not data.strip():
            raise CustomEnvironmentError("environments: the file is empty")
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise CustomEnvironmentError(
                f"environments: not valid JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg})") from None
    if isinstance(data, dict):
        extra = sorted(set(data) - {"environments"})
        if "environments" not in data or extra:
            raise CustomEnvironmentError(
                'environments: expected a list, or an object with only "environments", '
                f"not an object with {', '.join(map(repr, extra or sorted(data))) or 'nothing'}")
        data = data["environments"]
    if not isinstance(data, list):
        raise CustomEnvironmentError(
            f"environments: expected a list of environments, not {_kind(data)}")
    if not data:
        raise CustomEnvironmentError("environments: the list is empty; give at least one")
    if len(data) > max_environments:
        raise CustomEnvironmentError(
            f"environments: {len(data)} given, at most {max_environments} are allowed")
    parsed = [_environment(index, raw) for index, raw in enumerate(data, start=1)]
    seen: dict[str, int] = {}
    for index, (env_id, _) in enumerate(parsed, start=1):
        if env_id is None:
            continue
        if env_id in seen:
            raise CustomEnvironmentError(
                f"environment {index}: duplicate id {env_id!r} (also environment {seen[env_id]})")
        seen[env_id] = index
    counter = 0
    environments: list[PlanEnvironment] = []
    for env_id, values in parsed:
        if env_id is None:
            counter += 1
            while f"custom{counter}" in seen:
                counter += 1
            env_id = f"custom{counter}"
        environments.append(PlanEnvironment(id=env_id, **values))
    return environments


# --------------------------------------------------------------------------- assignment
def _stem(word: str) -> str:
    word = word.casefold()
    for suffix in ("ies", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(*texts: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text):
            if len(word) > 2 and word.casefold() not in _STOPWORDS:
                found[_stem(word)] += 1
    return found


def _place_words(env: PlanEnvironment) -> Counter[str]:
    # The name, setting and things say most about a place; the description fills in.
    core = _words(env.name, env.setting, *env.key_objects)
    return core + core + _words(env.description, env.lighting)


def _affinity(words: Counter[str], place: Counter[str]) -> float:
    if not words or not place:
        return 0.0
    shared = sum(min(words[w], 3) * place[w] for w in words.keys() & place.keys())
    return shared / math.sqrt(sum(place.values()))


def _scene_text(scene: PlanScene) -> Counter[str]:
    return _words(scene.title, scene.action, scene.narration, scene.first_frame_prompt,
                  scene.sfx_prompt)


def _image_prompts(env: PlanEnvironment) -> list[str]:
    if env.image_prompts:
        return list(env.image_prompts)
    name = env.name if env.name.lower().startswith("the ") else f"the {env.name}"
    things = env.key_objects or [env.setting]
    tail = ", ".join(part for part in (
        env.description.rstrip("."), f"{env.time_of_day.value}", f"{env.weather.value} weather",
        env.lighting, "cinematic, consistent art direction, no text") if part)
    prompts = [view.format(name=name, thing=things[index % len(things)]) + f", {tail}"
               for index, view in enumerate(_VIEWS[:IMAGES_PER_ENVIRONMENT])]
    return [prompt[:1].upper() + prompt[1:] for prompt in prompts]


def _renamed(text: str, old: str, new: str) -> str:
    if not old or not text:
        return text
    return re.sub(rf"\b{re.escape(old)}\b", new, text, flags=re.IGNORECASE)


def _best_index(row: list[float]) -> int:
    return max(range(len(row)), key=lambda k: (row[k], -k))


def apply_custom_environments(plan: Plan, envs: Sequence[PlanEnvironment]) -> Plan:
    """A copy of ``plan`` whose environments are exactly ``envs`` (their ids, in their order).

    Each scene moves to the custom environment whose words (name, setting, key objects, then
    description and lighting) best match the scene's own words (title, action, narration,
    first-frame and sound prompts) and those of the place the planner had put it in; a tie goes
    to the earlier environment. While there are at least as many scenes as environments, every
    environment gets a scene (the one that loses least by moving). The old place's name in a
    scene's frame and sound prompts becomes the new one's; a scene's own hour and weather are
    kept. An environment without image prompts gets ten made from its fields.

    Raises:
        CustomEnvironmentError: ``envs`` is empty or repeats an id.
    """
    if not envs:
        raise CustomEnvironmentError("environments: the list is empty; give at least one")
    ids = [env.id for env in envs]
    if len(set(ids)) != len(ids):
        raise CustomEnvironmentError("environments: ids must be unique")
    originals = {env.id: env for env in plan.environments}
    places = [_place_words(env) for env in envs]
    scores: list[list[float]] = []
    for scene in plan.scenes:
        own = _scene_text(scene)
        before = originals[scene.environment_id]
        was = _place_words(before)
        row = []
        for env, place in zip(envs, places, strict=True):
            score = _affinity(own, place) + 0.6 * _affinity(was, place)
            if before.setting.casefold() == env.setting.casefold():
                score += 1.0
            row.append(score)
        scores.append(row)
    choice = [_best_index(row) for row in scores]
    # Give each unused environment the scene that loses least by moving to it.
    for k in range(len(envs)):
        if k in choice or len(plan.scenes) < len(envs):
            continue
        counts = Counter(choice)
        movable = [i for i in range(len(plan.scenes)) if counts[choice[i]] > 1]
        if not movable:
            break
        best = max(movable, key=lambda i: (scores[i][k] - scores[i][choice[i]], -i))
        choice[best] = k

    scenes: list[PlanScene] = []
    for scene, k in zip(plan.scenes, choice, strict=True):
        target = envs[k]
        old_name = originals[scene.environment_id].name
        scenes.append(scene.model_copy(update={
            "environment_id": target.id,
            "first_frame_prompt": _renamed(scene.first_frame_prompt, old_name, target.name),
            "last_frame_prompt": _renamed(scene.last_frame_prompt, old_name, target.name),
            "sfx_prompt": _renamed(scene.sfx_prompt, old_name, target.name),
        }))
    environments = [env.model_copy(update={"image_prompts": _image_prompts(env)}) for env in envs]
    return Plan.model_validate({
        "title": plan.title,
        "language": plan.language,
        "environments": [env.model_dump() for env in environments],
        "characters": [character.model_dump() for character in plan.characters],
        "scenes": [scene.model_dump() for scene in scenes],
    })
