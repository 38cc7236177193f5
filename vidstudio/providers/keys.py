"""API keys and endpoints: read from the environment or the OS keyring, never from a project.

``Redactor`` removes every known key value from text; it is installed as a logging filter and
applied to every error message that reaches the user. A key is found in every form a service or
a library may echo it in (``secret_pattern``): as it is, URL-encoded (wholly or partly, either
hex case), base64 and base64url — also as part of a longer base64 payload such as a Basic
``Authorization`` header, at each of the three byte alignments it can have there — and by its
secret part alone when the key is an ``id:secret`` pair (fal's).
"""

from __future__ import annotations

import base64
import functools
import logging
import os
import re
import traceback
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


#: Secrets (and secret parts) shorter than this are not searched for: they would match
#: ordinary words.
MIN_SECRET = 6
#: Base64 fragments shorter than this are not searched for (a few characters match anything).
_MIN_FRAGMENT = 8


def secret_parts(secret: str) -> list[str]:
    """The strings to hide for one key: the key, and the secret half of an ``id:secret`` key."""
    parts = [secret] if len(secret) >= MIN_SECRET else []
    if ":" in secret:
        tail = secret.split(":", 1)[1]
        if len(tail) >= MIN_SECRET:
            parts.append(tail)
    return parts


def _base64_fragments(data: bytes) -> set[str]:
    """The base64 text that ``data`` always becomes inside any longer base64 payload: one
    fragment per alignment (the payload may put ``data`` at any offset modulo 3), with the
    characters that also depend on the neighbouring bytes left out; base64url too."""
    found: set[str] = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data + b"\0\0").decode("ascii")
        first = -(-8 * offset // 6)  # the first character made only of data's bits
        last = (8 * (offset + len(data))) // 6  # one past the last such character
        fragment = encoded[first:last]
        if len(fragment) >= _MIN_FRAGMENT:
            found.add(fragment)
            found.add(fragment.replace("+", "-").replace("/", "_"))
    return found


def _tolerant(text: str) -> str:
    """A pattern matching ``text`` with any of its non-alphanumeric characters percent-encoded
    (either hex case), as URL encoders and query strings write them."""
    out: list[str] = []
    for char in text:
        if char.isascii() and char.isalnum():
            out.append(re.escape(char))
        else:
            hexes = "".join(f"%{b:02X}" for b in char.encode("utf-8"))
            out.append(f"(?:{re.escape(char)}|(?i:{re.escape(hexes)}))")
    return "".join(out)


def secret_forms(secret: str) -> list[str]:
    """Every literal form of ``secret`` that is searched for (before percent-encoding is
    allowed for): the key and its secret part, and their base64/base64url fragments."""
    forms: set[str] = set()
    for part in secret_parts(secret):
        forms.add(part)
        forms |= _base64_fragments(part.encode("utf-8"))
    return sorted(forms, key=len, reverse=True)


@functools.lru_cache(maxsize=64)
def secret_pattern(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled pattern matching every form of every secret (None when there is none)."""
    forms: set[str] = set()
    for secret in secrets:
        if secret:
            forms.update(secret_forms(secret))
    if not forms:
        return None
    ordered = sorted(forms, key=len, reverse=True)  # the longest form wins at each place
    return re.compile("|".join(_tolerant(f) for f in ordered))


def redact_text(text: str, secrets: Iterable[str | None], replacement: str = "[redacted]"
                ) -> str:
    """``text`` with every form of every secret replaced by ``replacement``."""
    pattern = secret_pattern(tuple(sorted({s for s in secrets if s})))
    return pattern.sub(replacement, text) if pattern is not None else text


class Redactor(logging.Filter):
    """Replaces secrets, in every encoding, in strings (and in log records, as a logging
    filter: the message, the formatted exception and the stack)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._pattern = secret_pattern(tuple(sorted({s for s in secrets if s})))

    def __call__(self, text: str) -> str:
        return self._pattern.sub("[redacted]", text) if self._pattern else text

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is not None:
            record.msg = self(record.getMessage())
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = "".join(traceback.format_exception(*record.exc_info)
                                          ).rstrip("\n")
            if record.exc_text:
                record.exc_text = self(record.exc_text)
            if record.stack_info:
                record.stack_info = self(record.stack_info)
        return True
