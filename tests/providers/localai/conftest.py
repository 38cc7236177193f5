"""The tiny random-weight models, built once per test run in their own process (the test
process, like the editor, never imports torch)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.build_once import built_once

BUILDER = Path(__file__).with_name("tiny_models.py")


def _build(root: Path) -> None:
    done = subprocess.run([sys.executable, str(BUILDER), str(root)], capture_output=True,
                          text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder holding tiny-sd (image), tiny-ltx (video), tiny-stable-audio (audio),
    and in ``more/`` tiny-flux (image), tiny-wan and tiny-wan-i2v (video). Read-only. Under pytest-xdist the workers share one, built by the first to need it under a
    file lock (a build is about ten seconds, most of it importing torch)."""
    if importlib.util.find_spec("diffusers") is None:  # find it without importing it
        pytest.skip("the local-ai extra is not installed")
    return built_once(tmp_path_factory, "localai-tiny-models", _build)
