"""The tiny random-weight models, built once per test session in their own process (the test
process, like the editor, never imports torch)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BUILDER = Path(__file__).with_name("tiny_models.py")


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder holding tiny-sd (image), tiny-ltx (video), tiny-stable-audio (audio)."""
    if importlib.util.find_spec("diffusers") is None:  # find it without importing it
        pytest.skip("the local-ai extra is not installed")
    root = tmp_path_factory.mktemp("models")
    done = subprocess.run([sys.executable, str(BUILDER), str(root)], capture_output=True,
                          text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return root
