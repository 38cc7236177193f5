"""Settings survive a restart; keys go to the keyring and nowhere else; "Test connection" and
the voice list speak to the services (emulated) and report their own messages."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QSettings, Qt

from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
from tests.emulators.luma_emulator import LumaEmulator
from tests.ui.keys import choose, edit_cell, retype
from vidstudio.core.vocabulary import Stage

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ELEVEN_KEY = "sk_eleven_test_0123456789abcdef"


class FileKeyring(KeyringBackend):
    """A keyring for tests: one JSON file in a temporary folder."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self.path.write_text(json.dumps(data))


@pytest.fixture
def ring(tmp_path: Path) -> Iterator[FileKeyring]:
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def eleven() -> Iterator[ElevenLabsEmulator]:
    emulator = ElevenLabsEmulator()
    emulator.start()
    yield emulator
    emulator.stop()


def _dialog(services: Any, qtbot: Any) -> Any:
    from vidstudio.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def _services(settings_file: Path, data: Path, ring: FileKeyring) -> Any:
    from vidstudio.app import build_services
    from vidstudio.ui.preferences import KeyStore

    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    return build_services(settings, data_dir=data, keys=KeyStore(keyring.get_keyring()))


def test_settings_survive_a_restart_and_keys_stay_in_the_keyring(
        ring: FileKeyring, eleven: ElevenLabsEmulator, tmp_path: Path, qtbot: Any,
        run: Any) -> None:
    from vidstudio.ui.document import Document

    settings_file = tmp_path / "settings.ini"
    services = _services(settings_file, tmp_path / "data", ring)
    dialog = _dialog(services, qtbot)
    choose(dialog.stage_combos[Stage.VOICE], "elevenlabs")
    choose(dialog.stage_combos[Stage.SOUND], "local")
    retype(dialog.url_edits["elevenlabs"], eleven.base_url)
    qtbot.keyClicks(dialog.key_edits["elevenlabs"], ELEVEN_KEY)
    retype(dialog.budget_spin, "4.5")
    retype(dialog.voice_combo.lineEdit(), "Rachel")
    edit_cell(dialog.price_table, 0, 3, "0.123")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()

    # the key is in the keyring, and in no file of ours
    assert ring.get_password("vidstudio", "elevenlabs") == ELEVEN_KEY
    assert ELEVEN_KEY not in settings_file.read_text()

    # "restart": fresh settings object and services over the same file
    again = _services(settings_file, tmp_path / "data", ring)
    prefs = again.preferences()
    assert prefs.providers[Stage.VOICE] == "elevenlabs"
    assert prefs.providers[Stage.SOUND] == "local"
    assert prefs.providers[Stage.VIDEO] == "auto"
    assert prefs.base_urls["elevenlabs"] == eleven.base_url
    assert prefs.budget_cap == pytest.approx(4.5)
    assert again.settings.value("budget/cap") is not None  # what the window reads
    assert prefs.voice == "Rachel"
    assert list(prefs.prices.values()) == [pytest.approx(0.123)]
    reopened = _dialog(again, qtbot)
    assert reopened.stage_combos[Stage.VOICE].currentData() == "elevenlabs"
    assert reopened.url_edits["elevenlabs"].text() == eleven.base_url
    assert reopened.key_edits["elevenlabs"].text() == ""
    assert reopened.key_edits["elevenlabs"].placeholderText() == "saved in the keyring"
    assert reopened.budget_spin.value() == pytest.approx(4.5)

    # the preferences feed the providers: a project on "auto" narrates with ElevenLabs,
    # whose key came from the keyring; the project folder never holds the key
    document = Document(again)
    session = run(document.new("A keeper climbs the stairs."))
    assert session.providers.names[Stage.VOICE] == "elevenlabs"
    assert session.providers.names[Stage.SOUND] == "local"
    assert session.project.settings.voice == "Rachel"
    run(session.flush())
    folder = session.folder.path
    for path in folder.rglob("*"):
        if path.is_file():
            assert ELEVEN_KEY.encode() not in path.read_bytes(), path
    assert again.redact(f"oops {ELEVEN_KEY}") == "oops [redacted]"
    run(document.close())


def test_connection_reports_the_services_own_message(
        ring: FileKeyring, eleven: ElevenLabsEmulator, tmp_path: Path, qtbot: Any) -> None:
    services = _services(tmp_path / "s.ini", tmp_path / "data", ring)
    dialog = _dialog(services, qtbot)
    retype(dialog.url_edits["elevenlabs"], eleven.base_url)
    retype(dialog.key_edits["elevenlabs"], ELEVEN_KEY)
    result = dialog.test_results["elevenlabs"]
    qtbot.mouseClick(dialog.test_buttons["elevenlabs"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result.text() not in ("", "testing…"), timeout=20000)
    assert result.text().startswith("✓ connected")
    assert "voices" in result.text()

    retype(dialog.key_edits["elevenlabs"], "sk_wrong_key_000000")
    qtbot.mouseClick(dialog.test_buttons["elevenlabs"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result.text().startswith("✗"), timeout=20000)
    assert "401" in result.text() and "Invalid API key" in result.text()
    assert "sk_wrong_key_000000" not in result.text()  # the echoed key is redacted

    with LumaEmulator() as luma:
        retype(dialog.url_edits["luma"], luma.api_base_url)
        retype(dialog.key_edits["luma"], "not-the-key")
        qtbot.mouseClick(dialog.test_buttons["luma"], Qt.MouseButton.LeftButton)
        label = dialog.test_results["luma"]
        qtbot.waitUntil(lambda: label.text().startswith(("✓", "✗")), timeout=20000)
        assert label.text().startswith("✗ 401") and "Invalid API key" in label.text()
        retype(dialog.key_edits["luma"], luma.api_key)
        qtbot.mouseClick(dialog.test_buttons["luma"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: label.text().startswith("✓"), timeout=20000)


def test_voice_list_comes_from_the_provider(ring: FileKeyring, eleven: ElevenLabsEmulator,
                                            tmp_path: Path, qtbot: Any) -> None:
    services = _services(tmp_path / "s.ini", tmp_path / "data", ring)
    dialog = _dialog(services, qtbot)
    choose(dialog.stage_combos[Stage.VOICE], "elevenlabs")
    retype(dialog.url_edits["elevenlabs"], eleven.base_url)
    retype(dialog.key_edits["elevenlabs"], ELEVEN_KEY)
    qtbot.mouseClick(dialog.list_voices_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "voices from" in dialog.voice_status.text()
                    or "cannot" in dialog.voice_status.text(), timeout=30000)
    assert "voices from elevenlabs" in dialog.voice_status.text()
    listed = {dialog.voice_combo.itemData(i) for i in range(dialog.voice_combo.count())}
    assert {vid for vid, _name in eleven.voices} <= listed

    # the local voice lists what is installed offline
    choose(dialog.stage_combos[Stage.VOICE], "local")
    qtbot.mouseClick(dialog.list_voices_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "voices from local" in dialog.voice_status.text()
                    or "cannot" in dialog.voice_status.text(), timeout=30000)
    assert "voices from local" in dialog.voice_status.text()
