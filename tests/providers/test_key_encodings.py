"""Keys are hidden in every form a service may echo them in: raw, URL-encoded, base64 and
base64url (also inside a longer base64 payload such as a Basic auth header, at each byte
alignment) and by the secret half of an ``id:secret`` key — in log records (message, exception,
stack), in redacted text, and in every provider's errors against the emulators.

``leaks`` looks for a key independently of the redaction code: it URL-decodes the text and
base64-decodes (both alphabets, every offset) every run of base64 characters in it.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

import pytest

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.emulators.base import key_encodings  # noqa: E402
from tests.providers.conftest_media import ENVIRONMENT, Recorder, run  # noqa: E402
from vidstudio.core.vocabulary import CameraMove  # noqa: E402
from vidstudio.providers.anthropic_planner import ClaudePlanner  # noqa: E402
from vidstudio.providers.base import (  # noqa: E402
    CallContext,
    ClipRequest,
    ImageRequest,
    NarrationRequest,
    PlanRequest,
    ProviderError,
    SoundRequest,
    StyleRequest,
)
from vidstudio.providers.elevenlabs import ElevenLabsNarrator, ElevenLabsSoundDesigner  # noqa: E402
from vidstudio.providers.fal import (  # noqa: E402
    FalKeyframeGenerator,
    FalStyleTrainer,
    FalUploadHost,
)
from vidstudio.providers.gemini_planner import GeminiPlanner  # noqa: E402
from vidstudio.providers.http_common import scrub  # noqa: E402
from vidstudio.providers.keys import Redactor  # noqa: E402
from vidstudio.providers.luma import LumaImageGenerator, LumaVideoGenerator  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

    from tests.emulators.anthropic_emulator import AnthropicEmulator
    from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
    from tests.emulators.fal_emulator import FalEmulator
    from tests.emulators.gemini_emulator import GeminiEmulator
    from tests.emulators.luma_emulator import LumaEmulator

pytest_plugins = ["tests.providers.conftest_media"]

#: Canary keys shaped like each service's (fal's is an id:secret pair), with characters that
#: URL encoding changes.
CANARIES = (
    "sk-ant-api03-Canary_9f8e7d6c5b4a3210-ZYXW",
    "luma-canary+key/0123456789abcdef==",
    "sk_canary0123456789abcdef0123456789abcd",
    "5c0ffee0-1234-4bcd-9def-0123456789ab:f00dfacecafe0123456789abcdef9876",
)
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{6,}={0,2}")


def leaks(text: str, key: str) -> list[str]:
    """Where ``key`` (or the secret half of an ``id:secret`` key) can still be read in
    ``text``: as it is, URL-decoded, or base64-decoded from any run of base64 characters."""
    parts = [key] + ([key.split(":", 1)[1]] if ":" in key else [])
    readings = {"as it is": text, "url-decoded": urllib.parse.unquote(text)}
    for number, found in enumerate(_BASE64_RUN.findall(text)):
        for alphabet in ("standard", "url"):
            raw = found if alphabet == "standard" else found.replace("-", "+").replace("_", "/")
            for start in range(4):
                chunk = raw[start:].rstrip("=")
                chunk = chunk[: len(chunk) - (len(chunk) % 4 == 1)]  # a lone char is no byte
                chunk += "=" * (-len(chunk) % 4)
                try:
                    decoded = base64.b64decode(chunk, validate=True)
                except (binascii.Error, ValueError):
                    continue
                readings[f"base64 run {number} ({alphabet}, from {start})"] = \
                    decoded.decode("latin-1")
    return [where for where, reading in readings.items() for part in parts if part in reading]


def every_encoding(keys: tuple[str, ...] = CANARIES) -> str:
    return "\n".join(f"{name}: {form}" for key in keys
                     for name, form in key_encodings(key).items())


def test_the_checker_finds_every_encoding_before_redaction() -> None:
    """Without this, a clean result below could come from a blind checker."""
    for key in CANARIES:
        for name, form in key_encodings(key).items():
            assert leaks(f"echo: {form}.", key), f"{name} of {key[:8]}… not detected"


@pytest.mark.parametrize("replace", ["redactor", "scrub"])
def test_every_encoding_of_every_key_is_redacted(replace: str) -> None:
    text = every_encoding()
    hidden = Redactor(CANARIES)(text) if replace == "redactor" else scrub(text, CANARIES)
    for key in CANARIES:
        assert leaks(hidden, key) == [], key[:8]
    assert "luma-canary" not in hidden and "f00dfacecafe" not in hidden
    assert hidden.count("\n") == text.count("\n"), "only the secrets were replaced"


def test_basic_auth_payloads_keep_their_other_parts() -> None:
    header = "Basic " + base64.b64encode(f"someone:{CANARIES[1]}".encode()).decode()
    hidden = Redactor(CANARIES)(f"sent {header} to the proxy")
    assert hidden.startswith("sent Basic c29tZW9uZTp") and "[redacted]" in hidden
    assert leaks(hidden, CANARIES[1]) == []


def test_log_records_are_redacted_in_message_exception_and_stack() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(Redactor(CANARIES))
    log = logging.getLogger("vidstudio.test-redaction")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("retry after: %s", every_encoding())
        try:
            raise RuntimeError(every_encoding())
        except RuntimeError:
            log.exception("failed with %s", CANARIES[3])
        log.error("where it came from", stack_info=True, extra={"k": CANARIES[0]})
        log.info("%s and %r", CANARIES[2], {"key": urllib.parse.quote(CANARIES[1], safe="")})
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert "RuntimeError" in output and "Stack (most recent call last)" in output
    for key in CANARIES:
        assert leaks(output, key) == [], key[:8]


# ------------------------------------------------------------------- providers' errors
def _requests(tmp_path: Path) -> dict[str, Any]:
    image = tmp_path / "a.png"
    from tests.emulators import media

    image.write_bytes(media.png(64, 36, seed=3))
    second = tmp_path / "b.png"
    second.write_bytes(media.png(64, 36, seed=4))
    return {
        "clip": ClipRequest(prompt="waves", duration=5, width=1280, height=720, fps=24,
                            camera=CameraMove.STATIC, environment=ENVIRONMENT,
                            first_frame=None, last_frame=None),
        "image": ImageRequest(prompt="a lighthouse", width=320, height=180,
                              environment=ENVIRONMENT),
        "keyframe": ImageRequest(prompt="fog", width=320, height=180, environment=ENVIRONMENT,
                                 purpose="keyframe"),
        "style": StyleRequest(ENVIRONMENT, (image, second), "LHSTYLE"),
        "files": (image,),
    }


@pytest.mark.parametrize("status", [400, 500])
def test_every_providers_errors_hide_every_encoding(
        status: int, luma_emulator: LumaEmulator, elevenlabs_emulator: ElevenLabsEmulator,
        fal_emulator: FalEmulator, anthropic_emulator: AnthropicEmulator,
        gemini_emulator: GeminiEmulator, calls: Recorder, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """Each service answers with a body (and a header) echoing every encoding of its key."""
    luma, eleven, fal = luma_emulator, elevenlabs_emulator, fal_emulator
    claude, gemini = anthropic_emulator, gemini_emulator
    keys = (luma.api_key, eleven.api_key, fal.api_key, claude.api_key, gemini.api_key)
    req = _requests(tmp_path)
    for emulator in (luma, eleven, fal, claude, gemini):
        emulator.echo_keys(".*", status, list(keys), times=100)

    # Each provider hides its own key (a service echoes the key it was sent); the session's
    # Redactor, holding every key, is applied on top of that to whatever reaches the user.
    own = [luma.api_key] * 2 + [eleven.api_key] * 2 + [fal.api_key] * 3 + [claude.api_key,
                                                                            gemini.api_key]

    async def attempts() -> list[str]:
        texts: list[str] = []
        planners = [ClaudePlanner(claude.api_key, claude.base_url),
                    GeminiPlanner(gemini.api_key, gemini.base_url)]
        calls_: list[Any] = [
            lambda: LumaVideoGenerator(luma.api_key, luma.api_base_url).generate_clip(
                req["clip"], calls.ctx()),
            lambda: LumaImageGenerator(luma.api_key, luma.api_base_url).generate_image(
                req["image"], calls.ctx()),
            lambda: ElevenLabsNarrator(eleven.api_key, eleven.base_url).narrate(
                NarrationRequest("Hello there.", 5.0), calls.ctx()),
            lambda: ElevenLabsSoundDesigner(eleven.api_key, eleven.base_url).generate_sound(
                SoundRequest("surf", 2.0), calls.ctx()),
            lambda: FalKeyframeGenerator(fal.api_key, fal.base_url).generate_image(
                req["keyframe"], calls.ctx()),
            lambda: FalStyleTrainer(fal.api_key, fal.base_url).train_style(
                req["style"], calls.ctx()),
            lambda: FalUploadHost(fal.api_key, fal.base_url).upload(req["files"][0],
                                                                    "image/png"),
            lambda: planners[0].plan(PlanRequest("The keeper climbs."),
                                     CallContext(work_dir=tmp_path)),
            lambda: planners[1].plan(PlanRequest("The keeper climbs."),
                                     CallContext(work_dir=tmp_path)),
        ]
        for call in calls_:
            with pytest.raises(ProviderError) as info:
                await call()
            texts.append(str(info.value))
        for planner in planners:
            await planner.aclose()
        return texts

    # The log handlers carry the Redactor, as the command line and the editor install it;
    # everything the SDKs log at any level (request and response headers too) goes through.
    caplog.handler.addFilter(Redactor(keys))
    with caplog.at_level(logging.DEBUG):
        texts = run(attempts())
    assert len(texts) == 9
    for key, text in zip(own, texts, strict=True):
        assert leaks(text, key) == [], (key[:8], text[:200])
    logged = caplog.text
    assert "x-debug-echo" in logged.lower(), "the SDKs' debug logs were captured"
    for key in keys:
        assert leaks(logged, key) == [], key[:8]
    assert any("failed for" in text for text in texts), "the echoing bodies were read"
