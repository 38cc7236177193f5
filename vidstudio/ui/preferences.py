"""The user's preferences: a provider per stage, base URLs, the narration voice, unit prices and
a budget cap, kept in QSettings; API keys kept in the OS keyring, never in a file of ours.

``Preferences`` is a plain value loaded from and saved to QSettings; ``KeyStore`` reads and
writes keys through the ``keyring`` package (service "vidstudio", user = the service name, as
``vidstudio.providers.keys`` reads them); ``check_connection`` makes one cheap authenticated
call to a cloud service and returns the service's own message.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from vidstudio.core.vocabulary import Stage
from vidstudio.providers.keys import KEY_VARIABLES, KEYRING_SERVICE

SERVICES: dict[str, str] = {
    "anthropic": "Anthropic (Claude planner)",
    "gemini": "Google Gemini (planner)",
    "luma": "Luma (images, video)",
    "elevenlabs": "ElevenLabs (sound, voice)",
    "fal": "fal (style training, uploads)",
}
DEFAULT_BASE_URLS: dict[str, str] = {
    "anthropic": "https://api.anthropic.com",
    "gemini": "https://generativelanguage.googleapis.com",
    "luma": "https://api.lumalabs.ai/dream-machine/v1",
    "elevenlabs": "https://api.elevenlabs.io",
    "fal": "https://rest.alpha.fal.ai",
}
BUDGET_KEY = "budget/cap"  # read by the main window before "generate all"


@dataclass
class Preferences:
    """What the settings dialog edits (keys excepted)."""

    providers: dict[Stage, str] = field(default_factory=lambda: {s: "auto" for s in Stage})
    base_urls: dict[str, str] = field(default_factory=dict)
    voice: str = ""  # empty: the project's own voice
    budget_cap: float | None = None
    prices: dict[str, float] = field(default_factory=dict)  # "provider/model" -> unit price

    @classmethod
    def load(cls, settings: Any) -> Preferences:
        prefs = cls()
        for stage in Stage:
            value = settings.value(f"providers/{stage.value}", "auto")
            prefs.providers[stage] = str(value or "auto")
        for service in SERVICES:
            url = str(settings.value(f"base_urls/{service}", "") or "").strip()
            if url:
                prefs.base_urls[service] = url
        prefs.voice = str(settings.value("voice/name", "") or "")
        cap = settings.value(BUDGET_KEY, None)
        try:
            prefs.budget_cap = float(cap) if cap not in (None, "") else None
        except (TypeError, ValueError):
            prefs.budget_cap = None
        raw = settings.value("prices/overrides", "")
        try:
            prices = json.loads(str(raw)) if raw else {}
            prefs.prices = {str(k): float(v) for k, v in prices.items()}
        except (ValueError, AttributeError, TypeError):
            prefs.prices = {}
        return prefs

    def save(self, settings: Any) -> None:
        for stage, name in self.providers.items():
            settings.setValue(f"providers/{stage.value}", name)
        for service in SERVICES:
            url = self.base_urls.get(service, "").strip()
            if url:
                settings.setValue(f"base_urls/{service}", url)
            else:
                settings.remove(f"base_urls/{service}")
        settings.setValue("voice/name", self.voice)
        if self.budget_cap is None:
            settings.remove(BUDGET_KEY)
        else:
            settings.setValue(BUDGET_KEY, self.budget_cap)
        settings.setValue("prices/overrides", json.dumps(self.prices, sort_keys=True))
        settings.sync()

    def requested(self, project_choices: dict[Stage, str]) -> dict[Stage, str]:
        """A project's per-stage choices, with its "auto" stages taking these preferences."""
        return {stage: (project_choices.get(stage) or "auto") if
                (project_choices.get(stage) or "auto") != "auto"
                else self.providers.get(stage, "auto") for stage in Stage}


def default_prices() -> dict[str, Any]:
    text = resources.files("vidstudio").joinpath("resources/prices.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def price_list(prefs: Preferences) -> Any:
    """The shipped price list with the user's unit prices over it."""
    from vidstudio.providers.pricing import PriceList

    data = default_prices()
    for key, price in prefs.prices.items():
        provider, _, model = key.partition("/")
        entry = data.setdefault("prices", {}).setdefault(provider, {}).get(model or "*")
        if entry is not None:
            entry["price"] = float(price)
    return PriceList(data)


class KeyStore:
    """API keys in the OS keyring.

    Args:
        backend: a ``keyring`` backend to use; None uses the keyring package's default.
        enabled: False keeps every key out of reach (None: unless ``VIDSTUDIO_NO_KEYRING``
            is set, as in tests).
    """

    def __init__(self, backend: Any = None, *, enabled: bool | None = None) -> None:
        self.backend = backend
        self.enabled = (not os.environ.get("VIDSTUDIO_NO_KEYRING")) if enabled is None \
            else enabled
        if backend is not None and enabled is None:
            self.enabled = True  # an explicit backend is meant to be used

    def _ring(self) -> Any:
        if self.backend is not None:
            return self.backend
        import keyring

        return keyring.get_keyring()

    def get(self, service: str) -> str | None:
        if not self.enabled:
            return None
        from keyring.errors import KeyringError

        try:
            return self._ring().get_password(KEYRING_SERVICE, service) or None
        except (KeyringError, RuntimeError, OSError):
            return None

    def set(self, service: str, key: str) -> None:
        """Store ``key`` for ``service``.

        Raises:
            RuntimeError: no usable keyring (the message says so, for the user).
        """
        if not self.enabled:
            raise RuntimeError("the OS keyring is switched off (VIDSTUDIO_NO_KEYRING)")
        from keyring.errors import KeyringError

        try:
            self._ring().set_password(KEYRING_SERVICE, service, key.strip())
        except (KeyringError, OSError) as exc:
            raise RuntimeError(f"the OS keyring refused the key: {exc}") from exc

    def delete(self, service: str) -> None:
        if not self.enabled:
            return
        from keyring.errors import KeyringError, PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError, KeyringError, OSError):
            self._ring().delete_password(KEYRING_SERVICE, service)

    def keys(self) -> dict[str, str]:
        found = {service: self.get(service) for service in KEY_VARIABLES}
        return {service: key for service, key in found.items() if key}


def credentials_for(prefs: Preferences, keys: KeyStore, environ: Any = None) -> Any:
    """Keys from the environment first, then the key store; base URLs from the environment
    over the preferences."""
    from vidstudio.providers.keys import Credentials

    found = Credentials.discover(environ, use_keyring=False, base_url_settings=prefs.base_urls)
    merged = dict(found.keys)
    for service, key in keys.keys().items():
        merged.setdefault(service, key)
    return Credentials(keys=merged, base_urls=dict(found.base_urls))


# ---------------------------------------------------------------------------- connection
def _message_of(body: Any, text: str) -> str:
    if isinstance(body, dict):
        for outer in ("error", "detail"):
            value = body.get(outer)
            if isinstance(value, dict) and value.get("message"):
                return str(value["message"])
            if isinstance(value, str) and value:
                return value
        if body.get("message"):
            return str(body["message"])
    return " ".join(text.split())[:200] or "no message"


async def check_connection(service: str, key: str, base_url: str | None = None, *,
                           wait_seconds: float = 15.0) -> tuple[bool, str]:
    """One cheap authenticated call to ``service``: (worked, the service's own message).

    Anthropic and Gemini answer a one-token request (a fraction of a cent); Luma lists one
    generation, ElevenLabs its voices and fal issues an upload token (all free).
    """
    import httpx

    base = (base_url or DEFAULT_BASE_URLS[service]).rstrip("/")
    key = key.strip()
    if not key:
        return False, "no key entered"
    request: dict[str, Any]
    if service == "anthropic":
        request = {"method": "POST", "url": f"{base}/v1/messages",
                   "headers": {"x-api-key": key, "anthropic-version": "2023-06-01"},
                   "json": {"model": "claude-haiku-4-5", "max_tokens": 1,
                            "messages": [{"role": "user", "content": "ping"}]}}
    elif service == "gemini":
        from vidstudio.providers.gemini_planner import DEFAULT_MODEL

        request = {"method": "POST",
                   "url": f"{base}/v1beta/models/{DEFAULT_MODEL}:generateContent",
                   "headers": {"x-goog-api-key": key},
                   "json": {"contents": [{"parts": [{"text": "ping"}]}],
                            "generationConfig": {"maxOutputTokens": 1}}}
    elif service == "luma":
        request = {"method": "GET", "url": f"{base}/generations", "params": {"limit": 1},
                   "headers": {"Authorization": f"Bearer {key}"}}
    elif service == "elevenlabs":
        request = {"method": "GET", "url": f"{base}/v1/voices", "headers": {"xi-api-key": key}}
    elif service == "fal":
        request = {"method": "POST", "url": f"{base}/storage/auth/token",
                   "params": {"storage_type": "fal-cdn-v3"},
                   "headers": {"Authorization": f"Key {key}"}, "json": {}}
    else:
        return False, f"unknown service {service!r}"
    try:
        async with httpx.AsyncClient(timeout=wait_seconds) as client:
            response = await client.request(**request)
    except httpx.HTTPError as exc:
        return False, f"cannot reach {base}: {exc or type(exc).__name__}"
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        if service == "elevenlabs" and isinstance(body, dict):
            return True, f"connected: {len(body.get('voices', []))} voices available"
        return True, f"connected to {base}"
    message = _message_of(body, response.text).replace(key, "[redacted]")
    return False, f"{response.status_code}: {message}"
