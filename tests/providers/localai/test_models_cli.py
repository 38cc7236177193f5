"""``vidstudio models`` against a loopback stand-in for the model hub (``HF_ENDPOINT``): a
download cut half-way resumes with a range request and passes the hub's checksums; a corrupted
file is refused and removed; list, check and use read what arrived; the licence is shown first."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

from vidstudio.cli import main
from vidstudio.providers.localai.catalog import chosen_names, find_models
from vidstudio.providers.localai.providers import build

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pytest


@contextmanager
def hub(root: Path, tmp: Path, *extra: str) -> Iterator[tuple[str, Path]]:
    port_file = tmp / f"port{len(list(tmp.glob('port*')))}"
    proc = subprocess.Popen([sys.executable, "-m", "tests.emulators.hub_emulator", str(root),
                             str(port_file), *extra])
    try:
        for _ in range(200):
            if port_file.is_file():
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port_file.read_text()}", port_file.with_name(
            port_file.name + ".log")
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(10)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_download_resumes_checks_and_is_listed(tiny_models: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    monkeypatch.setenv("VIDSTUDIO_MODELS", str(models))
    largest = max((p for p in (tiny_models / "tiny-ltx").rglob("*") if p.is_file()),
                  key=lambda p: p.stat().st_size)
    with hub(tiny_models, tmp_path, "--cut-once", "50000") as (url, log):
        monkeypatch.setenv("HF_ENDPOINT", url)
        code, out, err = cli("models", "download", "tiny/tiny-ltx")
        assert code == 1
        assert "licence: apache-2.0" in out and "ltx-video video" in out  # shown before
        (line,) = err.strip().splitlines()[-1:]
        assert "cut at" in line and "run the same download again to resume" in line
        part = models / "tiny--tiny-ltx" / largest.relative_to(tiny_models / "tiny-ltx")
        assert part.with_name(part.name + ".part").stat().st_size == 50000
        code, out, err = cli("models", "download", "tiny/tiny-ltx")
        assert code == 0, err
        requests = log.read_text().splitlines()
    name = largest.relative_to(tiny_models).as_posix()
    assert f"GET /tiny/tiny-ltx/resolve/{'0' * 40}/{name.split('/', 1)[1]} bytes=50000-" \
        in requests
    assert "100%" in err
    assert part.read_bytes() == largest.read_bytes()
    assert not list(models.rglob("*.part"))
    code, out, _ = cli("models", "list")
    assert code == 0 and "tiny--tiny-ltx: ltx-video (video)" in out and "— ok" in out
    code, out, _ = cli("models", "check", "tiny--tiny-ltx")
    assert code == 0 and "fp32" in out
    code, out, _ = cli("models", "use", "tiny--tiny-ltx")
    assert code == 0 and out.startswith("video: tiny--tiny-ltx")
    assert chosen_names() == {"video": "tiny--tiny-ltx"}
    assert build("video").model.path == models / "tiny--tiny-ltx"


def test_a_corrupted_download_is_refused_and_removed(tiny_models: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    with hub(tiny_models, tmp_path, "--corrupt", "yes") as (url, _log):
        monkeypatch.setenv("HF_ENDPOINT", url)
        code, _out, err = cli("models", "download", "tiny/tiny-sd", "--into", str(models))
    assert code == 1
    assert "the checksum does not match the hub's" in err.strip().splitlines()[-1]
    assert not list(models.rglob("*.part"))
    assert all(m.name != "tiny--tiny-sd" or not m.usable for m in find_models(models))


def test_an_unknown_model_is_one_line(tiny_models: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with hub(tiny_models, tmp_path) as (url, _log):
        monkeypatch.setenv("HF_ENDPOINT", url)
        code, _out, err = cli("models", "download", "tiny/nothing-here")
    assert code == 1 and "no model 'tiny/nothing-here'" in err and err.count("\n") == 1
    assert json.dumps(chosen_names()) == "{}"
