"""Files shipped in the wheel under ``vidstudio/resources``: icon, style sheet, samples."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _root() -> Path:
    return Path(str(resources.files("vidstudio") / "resources"))


def icon_path() -> Path:
    return _root() / "icons" / "vidstudio.svg"


def style_sheet() -> str:
    return (_root() / "style.qss").read_text("utf-8")


def sample_scripts() -> list[Path]:
    return sorted((_root() / "samples").glob("*.txt"))
