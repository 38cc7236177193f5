"""Build hook (the project's metadata is in pyproject.toml): the editor's source assets in the
top-level resources/ (icons, style sheet, user guide) are copied into the built package as
vidstudio/resources/, so the wheel carries them without a second committed copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's resources/ directly
        target = Path(self.build_lib) / "vidstudio" / "resources"
        shutil.copytree(ROOT / "resources", target, dirs_exist_ok=True)


if __name__ == "__main__":  # how the build backend runs this file; tests import the class
    setup(cmdclass={"build_py": BuildWithResources})
