"""The editor's files: icon, style sheet and user guide, and the bundled sample scripts.

The editor's source assets live in the checkout's top-level ``resources/``; the build copies
them into the package as ``vidstudio/resources/`` (setup.py for the wheel, the PyInstaller
spec for the frozen app), beside the samples and prices that live there in the source. An
installed or frozen vidstudio reads the package's copy; a checkout reads ``resources/``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package() -> Path:
    return Path(str(resources.files("vidstudio") / "resources"))


def _editor_root() -> Path:
    packaged = _package()
    if (packaged / "style.qss").is_file():  # a wheel or the frozen app
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"  # a checkout


def icon_path() -> Path:
    return _editor_root() / "icons" / "vidstudio.svg"


def style_sheet() -> str:
    return (_editor_root() / "style.qss").read_text("utf-8")


def user_guide() -> Path:
    return _editor_root() / "guide.md"


def sample_scripts() -> list[Path]:
    return sorted((_package() / "samples").glob("*.txt"))
