"""Schema migrations of project.json: one function per version step, applied in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The objects in a list (or a mapping's values) of a document that may be malformed."""
    items = list(value.values()) if isinstance(value, dict) else value
    return [v for v in items if isinstance(v, dict)] if isinstance(items, list) else []


def _takes_record_inputs(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2: every take records what it was made from. Takes made before have no record
    (an empty one), which the consistency check reads as "fits"."""

    def slots() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for env in _dicts(data.get("environments")):
            found += _dicts(env.get("images"))
            found += _dicts([env.get("style")])
        for scene in _dicts(data.get("scenes")):
            found += _dicts(scene.get("slots"))
        return found

    for slot in slots():
        for take in _dicts(slot.get("takes")):
            take.setdefault("inputs", {})
    return data


def _cast(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 3: the cast. Old projects open with no characters, and no one in any scene."""
    data.setdefault("characters", [])
    for scene in _dicts(data.get("scenes")):
        scene.setdefault("cast", [])
        scene.setdefault("dialogue", [])
    return data


def _music(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 4: the film's score. Old projects open with no music yet, the score on."""
    data.setdefault("music", {"kind": "music"})
    data.setdefault("music_settings", {})
    return data


def _music_provider_in_settings(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 5: the score's maker is the music stage's provider in the settings, like every
    stage's; the score's own ``provider`` field (never read) goes."""
    settings = data.get("music_settings")
    if isinstance(settings, dict):
        settings.pop("provider", None)
    return data


# MIGRATIONS[n] turns a schema-n document into a schema-(n+1) one. Schema 1 is the first; each
# new part of the model adds its step here.
MIGRATIONS: dict[int, Migration] = {1: _takes_record_inputs, 2: _cast, 3: _music,
                                    4: _music_provider_in_settings}


def migrate(data: dict[str, Any], from_version: int, to_version: int) -> dict[str, Any]:
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema {version} to {version + 1}")
        data = step(dict(data))
        data["schema_version"] = version + 1
    return data
