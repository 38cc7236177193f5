"""The settings dialog: a provider per stage, keys (into the OS keyring), base URLs, the
narration voice, unit prices and the budget cap; "Test connection" per cloud service; the open
models of the local-ai providers (``models_page``).

Non-modal work only: connection tests and voice listing run as owned tasks on the loop; the
dialog is opened with ``open()`` and saved with its Save button.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.vocabulary import Stage
from vidstudio.providers.registry import CHOICES
from vidstudio.ui.models_page import ModelsPage
from vidstudio.ui.preferences import (
    DEFAULT_BASE_URLS,
    SERVICES,
    KeyStore,
    Preferences,
    check_connection,
    credentials_for,
    default_prices,
)
from vidstudio.ui.theme import apply_theme

STAGE_LABELS = {Stage.PLANNER: "Planning", Stage.IMAGES: "Images", Stage.STYLE: "Style",
                Stage.VIDEO: "Video clips", Stage.SOUND: "Sound effects",
                Stage.VOICE: "Narration voice", Stage.MUSIC: "Music (score)"}


class SettingsDialog(QDialog):
    """Edits the app's preferences.

    Args:
        services: the window's Services (its ``settings`` are the QSettings written here;
            ``services.key_store`` and ``services.reload_preferences`` when the composition
            root provides them).
        keys: the key store to use (default: the services', else the OS keyring).

    Signals:
        saved(Preferences): the preferences were written.
    """

    saved = Signal(object)

    def __init__(self, services: Any, parent: QWidget | None = None, *,
                 keys: KeyStore | None = None) -> None:
        super().__init__(parent)
        apply_theme()  # the editor's palette, also when the dialog is opened on its own
        self.setObjectName("SettingsDialog")
        self.setWindowTitle("Settings")
        self.services = services
        self.keys = keys or getattr(services, "key_store", None) or KeyStore()
        self.preferences = Preferences.load(services.settings)
        self.stage_combos: dict[Stage, QComboBox] = {}
        self.key_edits: dict[str, QLineEdit] = {}
        self.url_edits: dict[str, QLineEdit] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        self.test_results: dict[str, QLabel] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        tabs = QTabWidget()
        tabs.addTab(self._providers_tab(), "Providers")
        tabs.addTab(self._keys_tab(), "Keys and endpoints")
        tabs.addTab(self._voice_tab(), "Voice")
        tabs.addTab(self._costs_tab(), "Costs")
        self.models_page = ModelsPage()
        tabs.addTab(self.models_page, "Models")
        self.tabs = tabs
        tabs.setAccessibleName("Settings sections")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save settings")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            "Cancel settings")
        self.error = QLabel()
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 460)

    # ------------------------------------------------------------------------------ tabs
    def _providers_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        note = QLabel("“auto” uses the cloud service when its key is set, else the offline "
                      "provider. A project may choose its own.")
        note.setWordWrap(True)
        form.addRow(note)
        for stage in Stage:
            combo = QComboBox()
            combo.setObjectName(f"stage-{stage.value}")
            combo.setAccessibleName(f"Provider of {STAGE_LABELS[stage].lower()}")
            combo.addItem("auto", "auto")
            for name, service in CHOICES[stage].items():
                combo.addItem(name if service is None else f"{name} (cloud)", name)
            index = combo.findData(self.preferences.providers.get(stage, "auto"))
            combo.setCurrentIndex(max(0, index))
            self.stage_combos[stage] = combo
            form.addRow(STAGE_LABELS[stage], combo)
        return page

    def _keys_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(QLabel("Keys are stored in the OS keyring, never in a project or a "
                              "settings file."), 0, 0, 1, 4)
        stored = self.keys.keys()
        for row, (service, label) in enumerate(SERVICES.items(), start=1):
            key = QLineEdit()
            key.setObjectName(f"key-{service}")
            key.setAccessibleName(f"API key of {label}")
            key.setEchoMode(QLineEdit.EchoMode.Password)
            key.setPlaceholderText("saved in the keyring" if service in stored else "API key")
            url = QLineEdit(self.preferences.base_urls.get(service, ""))
            url.setObjectName(f"url-{service}")
            url.setAccessibleName(f"Endpoint of {label}")
            url.setPlaceholderText(DEFAULT_BASE_URLS[service])
            test = QPushButton("Test connection")
            test.setObjectName(f"test-{service}")
            test.setAccessibleName(f"Test connection to {label}")
            test.clicked.connect(lambda _=False, s=service: self.test_connection(s))
            result = QLabel()
            result.setObjectName(f"result-{service}")
            result.setWordWrap(True)
            box = QVBoxLayout()
            box.addWidget(key)
            box.addWidget(url)
            box.addWidget(result)
            grid.addWidget(QLabel(label), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(box, row, 1)
            grid.addWidget(test, row, 2, Qt.AlignmentFlag.AlignTop)
            self.key_edits[service] = key
            self.url_edits[service] = url
            self.test_buttons[service] = test
            self.test_results[service] = result
        grid.setColumnStretch(1, 1)
        return page

    def _voice_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.voice_combo = QComboBox()
        self.voice_combo.setObjectName("voice")
        self.voice_combo.setAccessibleName("Voice")
        self.voice_combo.setEditable(True)
        self.voice_combo.addItem("(the project's voice)", "")
        if self.preferences.voice:
            self.voice_combo.addItem(self.preferences.voice, self.preferences.voice)
            self.voice_combo.setCurrentIndex(1)
        self.list_voices_button = QPushButton("List voices")
        self.list_voices_button.setAccessibleName("List voices")
        self.list_voices_button.clicked.connect(self.list_voices)
        self.voice_status = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.voice_combo, 1)
        row.addWidget(self.list_voices_button)
        form.addRow("Voice", row)
        form.addRow("", self.voice_status)
        return page

    def _costs_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.budget_spin = QDoubleSpinBox()
        self.budget_spin.setObjectName("budget")
        self.budget_spin.setAccessibleName("Budget cap per run")
        self.budget_spin.setRange(0.0, 10_000.0)
        self.budget_spin.setDecimals(2)
        self.budget_spin.setPrefix("$")
        self.budget_spin.setSpecialValueText("no cap")
        self.budget_spin.setValue(self.preferences.budget_cap or 0.0)
        form.addRow("Budget cap per run", self.budget_spin)
        layout.addLayout(form)
        layout.addWidget(QLabel("Unit prices (USD) used for estimates:"))
        self.price_table = QTableWidget(0, 4)
        self.price_table.setObjectName("prices")
        self.price_table.setAccessibleName("Unit prices")
        self.price_table.setHorizontalHeaderLabels(["Provider", "Model", "Unit", "Price"])
        self.price_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.price_table.verticalHeader().hide()
        for provider, models in default_prices().get("prices", {}).items():
            if provider == "local":
                continue
            for model, entry in models.items():
                row = self.price_table.rowCount()
                self.price_table.insertRow(row)
                price = self.preferences.prices.get(f"{provider}/{model}", entry["price"])
                for column, value in enumerate((provider, model, entry["unit"], f"{price:g}")):
                    item = QTableWidgetItem(value)
                    if column < 3:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.price_table.setItem(row, column, item)
        layout.addWidget(self.price_table, 1)
        return page

    # --------------------------------------------------------------------------- actions
    def collect(self) -> Preferences:
        """The preferences as the dialog shows them (keys excepted).

        Raises:
            ValueError: a price that is not a number.
        """
        prefs = Preferences()
        for stage, combo in self.stage_combos.items():
            prefs.providers[stage] = combo.currentData() or "auto"
        prefs.base_urls = {s: e.text().strip() for s, e in self.url_edits.items()
                           if e.text().strip()}
        data = self.voice_combo.currentData()
        text = self.voice_combo.currentText().strip()
        prefs.voice = data if data is not None and self.voice_combo.itemText(
            self.voice_combo.currentIndex()) == text else text
        if prefs.voice.startswith("("):
            prefs.voice = ""
        prefs.budget_cap = self.budget_spin.value() or None
        defaults = default_prices().get("prices", {})
        for row in range(self.price_table.rowCount()):
            provider, model, raw = (self._cell(row, column) for column in (0, 1, 3))
            raw = raw.strip().lstrip("$")
            try:
                price = float(raw)
            except ValueError as exc:
                raise ValueError(f"the price of {provider} {model} is not a number: "
                                 f"{raw!r}") from exc
            if price != float(defaults[provider][model]["price"]):
                prefs.prices[f"{provider}/{model}"] = price
        return prefs

    def save(self) -> None:
        """Write the preferences and any key entered; close on success."""
        try:
            prefs = self.collect()
            for service, edit in self.key_edits.items():
                if edit.text().strip():
                    self.keys.set(service, edit.text())
        except (ValueError, RuntimeError) as exc:
            self.error.setText(str(exc))
            return
        prefs.save(self.services.settings)
        self.preferences = prefs
        for edit in self.key_edits.values():
            if edit.text().strip():
                edit.clear()
                edit.setPlaceholderText("saved in the keyring")
        reload = getattr(self.services, "reload_preferences", None)
        if reload is not None:
            reload()
        self.saved.emit(prefs)
        self.accept()

    def _cell(self, row: int, column: int) -> str:
        item = self.price_table.item(row, column)
        return item.text() if item is not None else ""

    def _key_for(self, service: str) -> str:
        return self.key_edits[service].text().strip() or self.keys.get(service) or ""

    def test_connection(self, service: str) -> None:
        label = self.test_results[service]
        key = self._key_for(service)
        if not key:
            label.setText("enter a key first")
            return
        label.setText("testing…")
        self.test_buttons[service].setEnabled(False)
        url = self.url_edits[service].text().strip() or None

        async def work() -> None:
            try:
                ok, message = await check_connection(service, key, url)
            finally:
                self.test_buttons[service].setEnabled(True)
            label.setText(("✓ " if ok else "✗ ") + message)
            label.setStyleSheet("color: #7bd88f;" if ok else "color: #ff8a80;")

        self._spawn(work())

    def list_voices(self) -> None:
        """Fill the voice list from the chosen narration provider's own list."""
        from vidstudio.providers.registry import build_providers

        prefs = self.collect()
        credentials = credentials_for(prefs, self.keys)
        service = "elevenlabs"
        if self.key_edits[service].text().strip():
            from vidstudio.providers.keys import Credentials

            keys = dict(credentials.keys)
            keys[service] = self.key_edits[service].text().strip()
            credentials = Credentials(keys=keys, base_urls=credentials.base_urls)
        requested = {stage: "local" for stage in Stage}
        requested[Stage.VOICE] = prefs.providers.get(Stage.VOICE, "auto")
        try:
            providers = build_providers(requested, credentials)
        except Exception as exc:  # noqa: BLE001 - NotConfiguredError and the like, shown
            self.voice_status.setText(str(exc))
            return
        lister = getattr(providers.voice, "list_voices", None)
        if lister is None:
            self.voice_status.setText(f"{providers.names[Stage.VOICE]} has no list of voices")
            return
        self.voice_status.setText("listing voices…")
        self.list_voices_button.setEnabled(False)

        async def work() -> None:
            try:
                voices = await lister()
            except Exception as exc:  # noqa: BLE001 - the provider's message is shown
                self.voice_status.setText(f"cannot list voices: {exc}")
                return
            finally:
                self.list_voices_button.setEnabled(True)
            current = self.voice_combo.currentText()
            self.voice_combo.clear()
            self.voice_combo.addItem("(the project's voice)", "")
            for voice_id, name in voices:
                self.voice_combo.addItem(name if name == voice_id else f"{name} ({voice_id})",
                                         voice_id)
            index = self.voice_combo.findText(current)
            self.voice_combo.setCurrentIndex(max(0, index))
            self.voice_status.setText(f"{len(voices)} voices from "
                                      f"{providers.names[Stage.VOICE]}")

        self._spawn(work())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def open(self) -> None:
        """Show without blocking the window."""
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.show()
        self.raise_()

    def done(self, result: int) -> None:
        for task in list(self._tasks):
            task.cancel()
        self.models_page.stop()
        with contextlib.suppress(RuntimeError):
            super().done(result)
