"""Schema migrations of project.json: one function per version step, applied in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# MIGRATIONS[n] turns a schema-n document into a schema-(n+1) one. Schema 1 is the first.
MIGRATIONS: dict[int, Migration] = {}


def migrate(data: dict[str, Any], from_version: int, to_version: int) -> dict[str, Any]:
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema {version} to {version + 1}")
        data = step(dict(data))
        data["schema_version"] = version + 1
    return data
