"""The editor's source assets live in the top-level resources/, the build puts them in the
package (vidstudio/resources/) beside the samples, and the editor finds them either way."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITOR_ASSETS = ("style.qss", "icons/vidstudio.svg", "guide.md")


def test_the_checkout_keeps_one_copy_and_the_editor_finds_it() -> None:
    from vidstudio.ui import resources

    for name in EDITOR_ASSETS:
        assert (ROOT / "resources" / name).is_file(), name
        assert not (ROOT / "vidstudio" / "resources" / name).exists(), f"{name} twice"
    assert resources.icon_path() == ROOT / "resources" / "icons" / "vidstudio.svg"
    assert "QMainWindow" in resources.style_sheet()
    assert resources.user_guide().read_text("utf-8").startswith("# vidstudio")
    assert {p.name for p in resources.sample_scripts()} >= {"lighthouse.txt"}


def test_the_build_copies_the_assets_into_the_package(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """setup.py's build_py, run by setuptools on the real package: the built package has the
    editor assets and still the samples and prices, and reads its own copy."""
    from setuptools.dist import Distribution

    hook = runpy.run_path(str(ROOT / "setup.py"), run_name="vidstudio_setup")
    monkeypatch.chdir(ROOT)
    dist = Distribution({"name": "vidstudio", "script_name": str(ROOT / "setup.py"),
                         "packages": ["vidstudio", "vidstudio.ui"],
                         "package_data": {"vidstudio": ["resources/**/*"]}})
    command = hook["BuildWithResources"](dist)
    command.build_lib = str(tmp_path / "lib")
    command.ensure_finalized()
    command.run()
    built = tmp_path / "lib" / "vidstudio" / "resources"
    for name in (*EDITOR_ASSETS, "prices.json", "samples/lighthouse.txt"):
        assert (built / name).is_file(), name
    assert (built / "style.qss").read_bytes() == (ROOT / "resources" / "style.qss").read_bytes()

    import importlib

    import vidstudio
    import vidstudio.ui.resources as module

    monkeypatch.setattr(vidstudio, "__spec__", importlib.util.spec_from_file_location(
        "vidstudio", tmp_path / "lib" / "vidstudio" / "__init__.py",
        submodule_search_locations=[str(tmp_path / "lib" / "vidstudio")]))
    assert module.icon_path() == built / "icons" / "vidstudio.svg"
