"""Settings → Models driven as a user drives it, against tiny random-weight models and the
loopback hub stand-in: the list (models folder, Hugging Face cache, an added folder), Check (the
real model process says which device), a licence asked and accepted before a model is used (and
the editor refusing it until then), the stage choices in the file the command line reads,
Remove after asking, and a download with progress, cancel and resume."""

from __future__ import annotations

import asyncio
import io
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QListView, QPushButton

from tests.providers.localai.conftest import tiny_models  # noqa: F401 - the shared fixture
from tests.providers.localai.test_models_cli import hub
from tests.ui.a11y import low_contrast, unnamed_controls
from tests.ui.keys import choose, click, click_tab, retype, type_text
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import Stage
from vidstudio.providers.base import NotConfiguredError
from vidstudio.providers.localai import catalog

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_models: Path  # noqa: F811
            ) -> dict[str, Path]:
    """An empty models folder; a Hugging Face cache holding tiny-sd as ``tiny/tiny-sd``; a home
    folder where the user keeps the tiny models in ``my-models``."""
    models, cache, home = tmp_path / "models", tmp_path / "hf", tmp_path / "home"
    snapshot = cache / "models--tiny--tiny-sd" / "snapshots" / ("a" * 40)
    shutil.copytree(tiny_models / "tiny-sd", snapshot)
    home.mkdir()
    (home / "my-models").symlink_to(tiny_models, target_is_directory=True)
    monkeypatch.setenv("VIDSTUDIO_MODELS", str(models))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HOME", str(home))  # where the folder dialog opens
    return {"models": models, "cache": cache, "tiny": tiny_models, "mine": home / "my-models"}


def _dialog(tmp_path: Path, qtbot: Any) -> tuple[Any, Any]:
    from vidstudio.app import build_services
    from vidstudio.ui.settings_dialog import SettingsDialog

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    services = build_services(settings, data_dir=tmp_path / "data")
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.open()
    page = dialog.models_page
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        click_tab(dialog.tabs, dialog.tabs.indexOf(page))
    return dialog, services


def _names(page: Any) -> list[str]:
    return [page.table.item(row, 0).text() for row in range(page.table.rowCount())]


def _select(page: Any, name: str) -> None:
    row = _names(page).index(name)
    rect = page.table.visualItemRect(page.table.item(row, 0))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())
    assert page.selected() is not None and page.selected().name == name


def _answer(qtbot: Any, page: Any, button: str) -> None:
    qtbot.waitUntil(lambda: page.box is not None and page.box.isVisible(), timeout=5000)
    click(page.box.findChild(QPushButton, button) if button != "Cancel" else next(
        b for b in page.box.buttons() if b.text().replace("&", "") == "Cancel"))


def _cli(*argv: str) -> str:
    from vidstudio.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(list(argv), out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def test_list_check_licence_choice_and_remove(folders: dict[str, Path], tmp_path: Path,
                                              qtbot: Any, run: Any) -> None:
    from vidstudio.providers.localai.host import close_hosts

    dialog, services = _dialog(tmp_path, qtbot)
    page = dialog.models_page
    assert _names(page) == ["tiny/tiny-sd"]  # from the Hugging Face cache
    cells = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert cells[1:4] == ["stable-diffusion (image)", "0.2 MB", "fp32"]
    assert cells[4] == "Check finds it" and cells[5] == "CreativeML OpenRAIL-M"

    # Add folder…: the file dialog opens at home; the user types the folder's name and Return
    click(page.add_button)
    qtbot.waitUntil(lambda: page.folder_dialog is not None and page.folder_dialog.isVisible())
    listing = page.folder_dialog.findChild(QListView, "listView")
    qtbot.waitUntil(lambda: listing.model().rowCount(listing.rootIndex()) > 0)  # home is read
    name_edit = page.folder_dialog.findChild(QLineEdit, "fileNameEdit")
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        type_text(name_edit, "my-models")
        QTest.keyClick(name_edit, Qt.Key.Key_Return)
    assert _names(page) == ["tiny/tiny-sd", "tiny-ltx", "tiny-sd", "tiny-stable-audio"]
    assert "3 model(s) there" in page.status.text()
    # the command line (in a thread: this one runs the editor's loop) reads the same settings
    listed = run(asyncio.to_thread(_cli, "models", "list"))
    assert "tiny-stable-audio: stable-audio (audio)" in listed

    # Check: the model's files read in a thread, the device asked of the model process
    _select(page, "tiny-ltx")
    click(page.check_button)
    qtbot.waitUntil(lambda: "would run on" in page.status.text(), timeout=60000)
    assert page.status.text().startswith("tiny-ltx: ok; would run on CPU: CPU, fp32")
    row = _names(page).index("tiny-ltx")
    assert page.table.item(row, 4).text() == "CPU, fp32"

    # Choosing a model for clips asks for its family's licence first; refused, nothing changes
    project = Settings(providers={Stage.VIDEO: "local-ai"})
    choose(page.use_combos["video"], "tiny-ltx")
    qtbot.waitUntil(lambda: page.box is not None and page.box.isVisible(), timeout=5000)
    assert "LTX-Video open weights licence" in page.box.text()
    _answer(qtbot, page, "Cancel")
    qtbot.waitUntil(lambda: "not accepted" in page.status.text())
    assert page.use_combos["video"].currentData() == "" and catalog.chosen_names() == {}
    with pytest.raises(NotConfiguredError, match="not accepted yet"):
        services.providers(project)  # the editor will not use it
    choose(page.use_combos["video"], "tiny-ltx")
    _answer(qtbot, page, "accept")
    qtbot.waitUntil(lambda: page.status.text() == "clips: tiny-ltx", timeout=5000)
    assert catalog.chosen_names() == {"video": "tiny-ltx"}
    saved = catalog.read_settings()
    assert saved["accepted"] == {"ltx-video": ["LTX-Video open weights licence"]}
    assert saved["folders"] == [str(folders["mine"])]
    assert services.providers(project).video.model.name == "tiny-ltx"
    assert page.table.item(row, 5).text() == "✓ LTX-Video open weights licence"
    assert not page.accept_button.isEnabled()

    # every control named, every text readable, with the list filled and a status shown
    problems = [str(f) for f in unnamed_controls(dialog) + low_contrast(dialog)]
    assert not problems, problems

    # Remove…: asked first; the cache's copy goes, files and all
    _select(page, "tiny/tiny-sd")
    click(page.remove_button)
    qtbot.waitUntil(lambda: page.box is not None and page.box.isVisible(), timeout=5000)
    assert page.box.text().startswith("Delete tiny/tiny-sd")
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        _answer(qtbot, page, "remove")
    assert "tiny/tiny-sd" not in _names(page)
    assert not (folders["cache"] / "models--tiny--tiny-sd").exists()
    assert (folders["mine"] / "tiny-sd" / "model_index.json").is_file()  # the user's own kept
    dialog.reject()
    run(close_hosts())


def test_download_shows_progress_cancels_and_resumes(folders: dict[str, Path], tmp_path: Path,
                                                    qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog, _services = _dialog(tmp_path, qtbot)
    page = dialog.models_page
    type_text(page.repo_edit, "not a name")
    click(page.download_button)
    assert page.status.text() == "name the model as owner/name, as on its hub page"
    source = folders["tiny"] / "tiny-ltx"
    largest = max((p for p in source.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    target = folders["models"] / "tiny--tiny-ltx" / largest.relative_to(source)
    part = target.with_name(target.name + ".part")
    with hub(folders["tiny"], tmp_path, "--stall-once", "50000") as (url, log):
        monkeypatch.setenv("HF_ENDPOINT", url)
        said: list[str] = []
        page.said.connect(said.append)
        retype(page.repo_edit, "tiny/tiny-ltx")
        QTest.keyClick(page.repo_edit, Qt.Key.Key_Return)  # downloads; Save is not pressed
        stalled = f"{largest.relative_to(source).as_posix()} -"
        qtbot.waitUntil(lambda: log.is_file() and stalled in log.read_text(), timeout=20000)
        qtbot.wait(300)  # the 50,000 bytes sent before the stall arrive
        assert said[:2] == ["asking the hub for tiny/tiny-ltx…", "tiny/tiny-ltx: 0.5 MB, "
                            "ltx-video (video), licence: apache-2.0 — downloading"]
        assert " of 0.5 MB — " in page.status.text()
        assert 0 < page.progress.value() < 1000 and page.progress.isVisible()
        assert not page.download_button.isEnabled() and dialog.isVisible()
        click(page.cancel_button)
        qtbot.waitUntil(lambda: "cancelled" in page.status.text(), timeout=10000)
        assert part.stat().st_size == 50000 and not target.exists()
        assert page.download_button.isEnabled() and not page.cancel_button.isEnabled()
        with qtbot.waitSignal(page.refreshed, timeout=20000):
            click(page.download_button)  # the name is still there: the same download resumes
        requests = log.read_text().splitlines()
    assert any(r.endswith(f"{largest.relative_to(source).as_posix()} bytes=50000-")
               for r in requests)
    assert target.read_bytes() == largest.read_bytes() and not part.exists()
    assert page.status.text().startswith("tiny/tiny-ltx saved in")
    assert ": ok; licence: LTX-Video open weights licence" in page.status.text()
    assert page.progress.value() == 1000
    assert "tiny--tiny-ltx" in _names(page)
    dialog.reject()
