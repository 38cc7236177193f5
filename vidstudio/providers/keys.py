"""API keys and endpoints: read from the environment or the OS keyring, never from a project.

``Redactor`` removes every known key value from text; it is installed as a logging filter and
applied to every error message that reaches the user.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

KEYRING_SERVICE = "vidstudio"

# service -> environment variables that may hold its key, in order of preference
KEY_VARIABLES: dict[str, tuple[str, ...]] = {
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    "elevenlabs": ("ELEVENLABS_API_KEY", "ELEVEN_LABS_API_KEY"),
    "luma": ("LUMAAI_API_KEY",),
    "fal": ("FAL_KEY",),
}

BASE_URL_VARIABLES: dict[str, str] = {
    "anthropic": "ANTHROPIC_BASE_URL",
    "gemini": "GOOGLE_GEMINI_BASE_URL",
    "elevenlabs": "ELEVENLABS_BASE_URL",
    "luma": "LUMAAI_BASE_URL",
    "fal": "FAL_BASE_URL",
}


def _from_keyring(service: str) -> str | None:
    if os.environ.get("VIDSTUDIO_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, service)
        except (KeyringError, RuntimeError, OSError):
            return None
    except ImportError:
        return None


@dataclass(frozen=True)
class Credentials:
    """Keys and base URLs by service. ``repr`` never shows a key."""

    keys: Mapping[str, str] = field(default_factory=dict, repr=False)
    base_urls: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def discover(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        use_keyring: bool = True,
        base_url_settings: Mapping[str, str] | None = None,
    ) -> Credentials:
        env = os.environ if environ is None else environ
        keys: dict[str, str] = {}
        for service, names in KEY_VARIABLES.items():
            value = next((env[n].strip() for n in names if env.get(n, "").strip()), None)
            if value is None and use_keyring:
                value = _from_keyring(service)
            if value:
                keys[service] = value
        urls = dict(base_url_settings or {})
        for service, name in BASE_URL_VARIABLES.items():
            if env.get(name, "").strip():
                urls[service] = env[name].strip()
        return cls(keys=keys, base_urls=urls)

    def key(self, service: str) -> str | None:
        return self.keys.get(service)

    def base_url(self, service: str) -> str | None:
        return self.base_urls.get(service)

    def has(self, service: str) -> bool:
        return service in self.keys

    def redactor(self) -> Redactor:
        return Redactor(self.keys.values())


class Redactor(logging.Filter):
    """Replaces secrets in strings (and in log records, as a logging filter)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        values = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, values))) if values else None

    def __call__(self, text: str) -> str:
        return self._pattern.sub("[redacted]", text) if self._pattern else text

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is not None:
            record.msg = self(record.getMessage())
            record.args = None
        return True
