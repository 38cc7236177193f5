"""``vidstudio --self-test`` builds the window, plans a sample and finds ffmpeg, the voice and
libvlc — or names what is missing and exits 1."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path


def _self_test(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VIDSTUDIO_NO_KEYRING": "1",
           "VIDSTUDIO_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path), **extra}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "vidstudio", "--self-test"], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def _libvlc_present() -> bool:
    try:
        import vlc

        instance = vlc.Instance(["--vout=dummy", "--aout=dummy"])
    except (ImportError, NameError, OSError, AttributeError, SystemExit):
        return False
    return instance is not None


@pytest.mark.skipif(not _libvlc_present(), reason="libvlc is not installed here")
def test_self_test_passes_on_a_complete_install(tmp_path: Path) -> None:
    done = _self_test(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("ffmpeg", "voice", "libvlc", "window"):
        assert f"ok   {name}:" in done.stdout
    assert "planned into" in done.stdout
    assert done.stdout.rstrip().endswith("self-test passed")


def test_self_test_names_a_missing_libvlc_and_fails(tmp_path: Path) -> None:
    done = _self_test(tmp_path, PYTHON_VLC_LIB_PATH=str(tmp_path / "no-libvlc.so"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL libvlc:" in done.stdout
    assert "ok   window:" in done.stdout  # the window still builds (Qt Multimedia preview)
    assert "self-test failed: libvlc" in done.stdout
