"""The model manager's settings (``local-ai.json``), shared by the command line and Settings →
Models: an added folder is searched by both, ``vidstudio models use`` keeps the folders and the
accepted licences, the editor's build refuses a model whose licence is not accepted while the
command line's does not, and a part whose config cannot be read is reported."""

from __future__ import annotations

import io
import shutil
from typing import TYPE_CHECKING

import pytest

from vidstudio.cli import main
from vidstudio.providers.base import NotConfiguredError
from vidstudio.providers.localai import catalog
from vidstudio.providers.localai.providers import build

if TYPE_CHECKING:
    from pathlib import Path


def test_settings_file_is_shared_and_kept_whole(tiny_models: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIDSTUDIO_MODELS", str(tmp_path / "models"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    assert catalog.find_models() == []
    catalog.add_folder(tiny_models)
    catalog.add_folder(tiny_models)  # once is enough
    assert catalog.added_folders() == [tiny_models]
    ltx = next(m for m in catalog.find_models() if m.name == "tiny-ltx")
    catalog.accept_licence(ltx)
    out, err = io.StringIO(), io.StringIO()
    assert main(["models", "use", "tiny-sd"], out=out, err=err) == 0, err.getvalue()
    assert catalog.chosen_names() == {"image": "tiny-sd"}
    saved = catalog.read_settings()
    assert saved["folders"] == [str(tiny_models)]
    assert saved["accepted"] == {"ltx-video": [ltx.licence]}

    sd = next(m for m in catalog.find_models() if m.name == "tiny-sd")
    assert catalog.licence_accepted(ltx) and not catalog.licence_accepted(sd)
    with pytest.raises(NotConfiguredError, match=r"tiny-sd \(CreativeML OpenRAIL-M\) is not "
                                                 "accepted yet: accept it in Settings"):
        build("image", {"licence_accepted": True})
    assert build("image").model.name == "tiny-sd"  # the command line shows it instead
    assert build("video", {"licence_accepted": True}).model.name == "tiny-ltx"

    # a model in an added folder: Remove forgets the folder and keeps the files
    assert "its files are kept" in catalog.remove_model(ltx)
    assert catalog.added_folders() == [] and (tiny_models / "tiny-ltx").is_dir()


def test_a_part_whose_config_cannot_be_read_is_a_problem(tiny_models: Path,
                                                         tmp_path: Path) -> None:
    copy = tmp_path / "tiny-sd"
    shutil.copytree(tiny_models / "tiny-sd", copy)
    assert catalog.inspect_model(copy).usable
    (copy / "unet" / "config.json").write_text("{ cut sho")
    (copy / "scheduler" / "scheduler_config.json").unlink()
    info = catalog.inspect_model(copy)
    assert not info.usable
    assert "unet/config.json unreadable (JSONDecodeError)" in info.problems
    assert "scheduler/ has no config" in info.problems
