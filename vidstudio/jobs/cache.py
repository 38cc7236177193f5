"""Cache keys: a step is identified by a hash of everything that shapes its result.

Two runs that would send the same request to the same provider and model, with the same upstream
takes and seed, share a key, so the second one reuses the stored take instead of paying again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from enum import Enum
from pathlib import Path
from typing import Any

from vidstudio.providers.base import WHEN_SET


def _in_key(value: Any, f: dataclasses.Field[Any]) -> bool:
    """A request field added after keys were first stored (``WHEN_SET``) is part of the key
    only when set: the keys of existing takes and journal entries stay what they were (a
    changed key would pay for the same generation again)."""
    if not f.metadata.get(WHEN_SET):
        return True
    return bool(getattr(value, f.name) != f.default)


def canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)
                if _in_key(value, f)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        # Paths are scratch locations; what matters is which take they came from.
        return None
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


def cache_key(step: str, provider: str, model: str, inputs: Any, upstream: list[str],
              seed: int) -> str:
    """A stable hex digest of a step's inputs."""
    payload = {
        "step": step,
        "provider": provider,
        "model": model,
        "inputs": canonical(inputs),
        "upstream": list(upstream),
        "seed": seed,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
