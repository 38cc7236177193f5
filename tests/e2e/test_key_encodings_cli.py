"""The command line with ``-v`` against the five emulated services, each answering failures
whose bodies and headers echo every key in every encoding (raw, URL-encoded, base64/base64url,
inside Basic auth payloads at each alignment, fal's secret half alone): no key can be read in
stdout, stderr (the ``-v`` warning lines, the failure lines, the last line, the traceback of an
internal error) or any file the run wrote."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.e2e.test_cloud_render import CLOUD_FLAGS, Cloud, cloud_servers
from tests.emulators.base import key_encodings
from tests.providers.test_key_encodings import leaks

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow

SCRIPT = ("The old keeper climbs the lighthouse stairs at dusk, lamp in hand.\n\n"
          "All night the beam sweeps the dark sea while the waves break on the rocks.\n")


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    yield from cloud_servers()


def _run(cloud: Cloud, tmp_path: Path, name: str) -> dict[str, str]:
    script = tmp_path / "keeper.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / name / "film.mp4"
    out.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "vidstudio", "-v", "render", str(script), "-o", str(out),
         "--planner", "claude", *CLOUD_FLAGS],
        env=cloud.env(), text=True, capture_output=True, timeout=300, check=False)
    texts = {"stdout": done.stdout, "stderr": done.stderr}
    for path in (tmp_path / name).rglob("*"):
        if path.is_file() and not path.is_symlink():
            texts[str(path)] = path.read_bytes().decode("latin-1")
    return texts


def _assert_no_key(cloud: Cloud, texts: dict[str, str]) -> None:
    for key in cloud.api_keys():
        found = {where: leaks(text, key) for where, text in texts.items()}
        assert {w: f for w, f in found.items() if f} == {}, f"{key[:6]}… can be read"


def test_failed_key_checks_echoing_every_encoding_show_no_key(cloud: Cloud,
                                                              tmp_path: Path) -> None:
    keys = cloud.api_keys()
    for service in (cloud.luma, cloud.elevenlabs, cloud.fal, cloud.anthropic):
        service.echo_keys(".*", 401, keys, times=50)
    texts = _run(cloud, tmp_path, "checks")
    assert "failed for" in texts["stderr"], "the echoing bodies reached the message"
    _assert_no_key(cloud, texts)


def test_paid_calls_failing_with_echoes_show_no_key_with_v(cloud: Cloud,
                                                           tmp_path: Path) -> None:
    keys = cloud.api_keys()
    cloud.anthropic.echo_keys(r"/v1/messages$", 503, keys, times=1)  # planning retries
    # First a 503 (retried: a -v warning line each), then 500s (failure lines).
    for service, pattern in ((cloud.luma, r"/generations/(image|video)$"),
                             (cloud.elevenlabs, r"/v1/(sound-generation|text-to-speech/.*)$"),
                             (cloud.fal, r"^/fal-ai/flux-lora(-fast-training)?$")):
        service.echo_keys(pattern, 503, keys, times=1)
        service.echo_keys(pattern, 500, keys, times=50)
    texts = _run(cloud, tmp_path, "paid")
    stderr = texts["stderr"]
    assert "retry 1" in stderr, "a -v warning line was written"
    assert "failed for" in stderr
    _assert_no_key(cloud, texts)


def test_an_internal_errors_traceback_with_v_shows_no_key(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``-v`` path of a bug prints the whole traceback: every key, in every encoding, in
    the exception's text is redacted there and in the last line, even when the command failed
    before it read the keys."""
    import importlib
    import io

    import vidstudio.cli.common as common

    cli_main = importlib.import_module("vidstudio.cli.main")  # the package exports main()

    keys = {"ANTHROPIC_API_KEY": "sk-ant-canary-0123456789abcdef",
            "LUMAAI_API_KEY": "luma-canary-0123456789abcdef",
            "FAL_KEY": "falid-canary:falsecret-0123456789abcdef"}
    for name, key in keys.items():
        monkeypatch.setenv(name, key)
    monkeypatch.setenv("VIDSTUDIO_NO_KEYRING", "1")
    monkeypatch.setattr(common, "_redactor", None)  # the keys are not read yet
    echoed = "; ".join(form for key in keys.values() for form in key_encodings(key).values())

    async def broken(*_args: object) -> int:
        raise RuntimeError(f"failed for {echoed}")

    monkeypatch.setattr(cli_main, "_command", lambda _name: broken)
    err = io.StringIO()
    code = cli_main.main(["-v", "costs", str(tmp_path)], out=io.StringIO(), err=err,
                         whole_process=False)
    text = err.getvalue()
    assert code == common.EXIT_BUG
    assert "Traceback" in text and "failed for" in text and "internal error" in text, text
    for key in keys.values():
        assert leaks(text, key) == [], f"{key[:6]}… can be read"
