"""Settings → Models: the open models the local-ai providers run on the user's GPU (issue 28).

The page lists the models found in the models folder, the Hugging Face cache and the folders the
user added, with family, size, dtype, the device each would run on and its licence; it adds a
folder, checks a model, downloads a named one from the hub (progress, cancel; a cancelled or cut
download resumes when started again), removes one (after asking), records that a family's
licence was accepted, and says which model each stage uses.

It edits the same ``local-ai.json`` the command line reads (``catalog``), at once: a choice
here is what ``vidstudio render --video local-ai`` uses. Nothing here blocks the Qt thread:
reading folders, checking and writing run in threads, the device is asked of the model process
(``host``, an asyncio subprocess: torch never loads in the editor) and the download is async.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vidstudio.providers.localai import catalog
from vidstudio.ui.names import name_message_box

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from vidstudio.providers.localai.catalog import ModelInfo

COLUMNS = ("Model", "Family", "Size", "Dtype", "Device", "Licence", "State")
USES: tuple[tuple[catalog.Capability, str], ...] = (
    ("image", "Images and keyframes"), ("video", "Clips"), ("audio", "Sound beds"))
REPO = re.compile(r"^[\w.-]+/[\w.-]+$")
OK_STYLE, ERROR_STYLE = "color: #7bd88f;", "color: #ff8a80;"


def size_text(size: int) -> str:
    return f"{size / 1e9:.2f} GB" if size >= 1e8 else f"{size / 1e6:.1f} MB"


def _scan() -> tuple[list[ModelInfo], set[str], dict[str, str]]:
    """The models found, the names of those whose licence is accepted, the stage choices."""
    models = catalog.find_models()
    accepted = {m.name for m in models if catalog.licence_accepted(m)}
    return models, accepted, catalog.chosen_names()


class ModelsPage(QWidget):
    """The Models tab of the settings dialog.

    Signals:
        refreshed(): the list was read anew (after a change made here, too).
        said(str): the one-line status changed.
    """

    refreshed = Signal()
    said = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ModelsPage")
        self.models: list[ModelInfo] = []
        self.accepted: set[str] = set()
        self.choices: dict[str, str] = {}
        self.device: dict[str, Any] | None = None  # the model process's hello, once asked
        self._tasks: set[asyncio.Task[Any]] = set()
        self._download: asyncio.Task[Any] | None = None
        self.box: QMessageBox | None = None  # the question open now (licence, remove)
        self.folder_dialog: QFileDialog | None = None
        self._shown = False

        note = QLabel(f"Open models for the local-ai providers, found in {catalog.models_dir()}, "
                      "the Hugging Face cache and the folders you add. What you change here "
                      "applies at once, to the command line too; choose local-ai for a stage "
                      "under Providers.")
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("models")
        self.table.setAccessibleName("Models found")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Licence"), QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_details)

        self.add_button = self._button("Add folder…", "Add a folder of models", self.add_folder)
        self.check_button = self._button("Check", "Check the selected model", self.check)
        self.accept_button = self._button("Accept licence…", "Accept the selected model's "
                                          "licence", self.ask_licence)
        self.remove_button = self._button("Remove…", "Remove the selected model", self.remove)
        actions = QHBoxLayout()
        for button in (self.add_button, self.check_button, self.accept_button,
                       self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.details = QLabel("Select a model to see its licence.")
        self.details.setObjectName("model-details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        uses = QFormLayout()
        self.use_combos: dict[str, QComboBox] = {}
        for capability, label in USES:
            combo = QComboBox()
            combo.setObjectName(f"use-{capability}")
            combo.setAccessibleName(f"Model for {label.lower()}")
            combo.activated.connect(lambda _i, c=capability: self._on_use_chosen(c))
            self.use_combos[capability] = combo
            uses.addRow(label, combo)

        self.repo_edit = QLineEdit()
        self.repo_edit.setObjectName("download-name")
        self.repo_edit.setAccessibleName("Model to download")
        self.repo_edit.setPlaceholderText("owner/name on the Hugging Face hub")
        self.repo_edit.installEventFilter(self)
        self.download_button = self._button("Download", "Download the named model",
                                            self.download)
        self.cancel_button = self._button("Cancel download", "Cancel the download",
                                          self.cancel_download)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("download-progress")
        self.progress.setAccessibleName("Download progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        fetch = QHBoxLayout()
        fetch.addWidget(self.repo_edit, 1)
        fetch.addWidget(self.download_button)
        fetch.addWidget(self.cancel_button)
        self.status = QLabel()
        self.status.setObjectName("models-status")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.details)
        layout.addLayout(uses)
        layout.addLayout(fetch)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self._update_buttons()

    def showEvent(self, event: Any) -> None:
        """The first time the page is shown: read the folders, and make the window wide
        enough for the table."""
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            top = self.window()
            if top is not self and top.width() < 900:
                top.resize(900, max(top.height(), 600))
            self.refresh()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(lambda _=False: slot())
        return button

    # ------------------------------------------------------------------------ the list
    def refresh(self) -> asyncio.Task[Any]:
        """Read the folders anew (in a thread) and redraw."""
        return self._spawn(self._refresh())

    async def _refresh(self) -> None:
        self.models, self.accepted, self.choices = await asyncio.to_thread(_scan)
        self._redraw()
        self.refreshed.emit()

    def _redraw(self) -> None:
        selected = self.selected()
        self.table.setRowCount(0)
        for row, model in enumerate(self.models):
            self.table.insertRow(row)
            family = model.family
            kind = f"{family.name} ({family.capability})" if family else model.pipeline
            licence = ("✓ " if model.name in self.accepted else "") + model.licence
            state = "ok" if not model.problems else "; ".join(model.problems)
            cells = (model.name, kind, size_text(model.size), model.dtype,
                     self._device_text(model), licence, state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column != COLUMNS.index("Device")
                                else self._plan(model).note if self.device else text)
                self.table.setItem(row, column, item)
            if selected is not None and model.path == selected.path:
                self.table.selectRow(row)
        for capability, combo in self.use_combos.items():
            combo.clear()
            combo.addItem("the first one found", "")
            for model in self.models:
                if model.usable and model.family and model.family.capability == capability:
                    combo.addItem(model.name, model.name)
            chosen = self.choices.get(capability, "")
            index = combo.findData(chosen)
            if index < 0:  # chosen but not found now: kept, and said
                combo.addItem(f"{chosen} (not found)", chosen)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self._show_details()

    def _plan(self, model: ModelInfo) -> Any:
        from vidstudio.providers.localai.memory import plan_memory

        assert self.device is not None
        return plan_memory(self.device["kind"], int(self.device["total"]),
                           int(self.device["free"]), model.size16,
                           bf16=bool(self.device.get("bf16")))

    def _device_text(self, model: ModelInfo) -> str:
        if self.device is None:
            return "Check finds it"
        plan = self._plan(model)
        how = {"none": "", "model": ", parts take turns", "sequential": ", layer by layer"}
        text = f"{self.device['name']}, {plan.dtype}{how[plan.offload]}"
        return text if plan.fits else f"{text} (does not fit)"

    def selected(self) -> ModelInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.models):
            return None
        return self.models[rows[0].row()]

    def _show_details(self) -> None:
        model = self.selected()
        self._update_buttons()
        if model is None:
            self.details.setText("Select a model to see its licence." if self.models else
                                 "No model found: add a folder or download one.")
            return
        family = model.family.name if model.family else "not a family vidstudio runs"
        accepted = ("accepted" if model.name in self.accepted
                    else "not accepted yet: accept it before the model is used")
        self.details.setText(f"{model.name} ({family}) in {model.path}\nLicence: "
                             f"{model.licence} — {accepted}")

    def _update_buttons(self) -> None:
        model = self.selected()
        self.check_button.setEnabled(model is not None)
        self.remove_button.setEnabled(model is not None)
        self.accept_button.setEnabled(model is not None and model.family is not None
                                      and model.name not in self.accepted)

    def say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("" if ok is None else OK_STYLE if ok else ERROR_STYLE)
        self.said.emit(text)

    # ------------------------------------------------------------------------- actions
    def add_folder(self) -> None:
        dialog = QFileDialog(self, "A folder of models", str(Path.home()))
        dialog.setObjectName("models-folder-dialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda name: self._spawn(self._add(Path(name))))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.folder_dialog = dialog
        dialog.open()

    async def _add(self, folder: Path) -> None:
        found = await asyncio.to_thread(catalog.find_models, folder)
        if not found:
            self.say(f"no model (a folder with model_index.json) in {folder}: nothing added",
                     ok=False)
            return
        await asyncio.to_thread(catalog.add_folder, folder)
        await self._refresh()
        self.say(f"looking in {folder} too: {len(found)} model(s) there", ok=True)

    def check(self) -> None:
        model = self.selected()
        if model is not None:
            self.check_button.setEnabled(False)
            self.say(f"checking {model.name}…")
            self._spawn(self._check(model))

    async def _check(self, model: ModelInfo) -> None:
        from vidstudio.providers.base import ProviderError
        from vidstudio.providers.localai import missing_extra
        from vidstudio.providers.localai.host import host_for
        from vidstudio.providers.localai.providers import device_setting

        try:
            info = await asyncio.to_thread(catalog.inspect_model, model.path, model.name)
            hint = await asyncio.to_thread(missing_extra)
            where = ""
            if hint:
                where = f"; it cannot run here yet: {hint}"
            else:
                try:
                    self.device = await host_for(device_setting()).probe()
                except ProviderError as exc:
                    where = f"; no device: {exc}"
        finally:
            self.check_button.setEnabled(self.selected() is not None)
        self.models = [info if m.path == model.path else m for m in self.models]
        self._redraw()
        if self.device is not None and not where:
            plan = self._plan(info)
            where = f"; would run on {self.device['name']}: {plan.note}"
        state = "ok" if not info.problems else "; ".join(info.problems)
        self.say(f"{info.name}: {state}{where}", ok=info.usable and (not hint))

    def ask_licence(self, then: Any = None) -> None:
        """Show the selected model's licence and record it when the user accepts it;
        ``then(accepted)`` is called with the answer."""
        model = self.selected()
        if model is not None and model.family is not None:
            self._ask_licence(model, then)

    def _ask_licence(self, model: ModelInfo, then: Any = None) -> None:
        assert model.family is not None
        box = QMessageBox(QMessageBox.Icon.Question, "Accept the licence?",
                          f"{model.name} is a {model.family.name} model. Its licence:\n\n"
                          f"{model.licence}\n\nSome licences forbid commercial use or limit it "
                          "by revenue; read the model card. Accept it to use "
                          f"{model.family.name} models with this licence?", parent=self)
        box.setObjectName("accept-licence")
        accept = box.addButton("Accept", QMessageBox.ButtonRole.AcceptRole)
        accept.setObjectName("accept")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)

        def answered(button: Any) -> None:
            self.box = None
            yes = button.objectName() == "accept"
            self._spawn(self._licence_answered(model, yes, then))

        box.buttonClicked.connect(answered)
        self.box = box
        box.open()

    async def _licence_answered(self, model: ModelInfo, yes: bool, then: Any) -> None:
        if yes:
            await asyncio.to_thread(catalog.accept_licence, model)
            self.accepted = {m.name for m in self.models
                             if m.family == model.family and m.licence == model.licence
                             } | self.accepted
            self.say(f"licence of {model.family.name if model.family else model.name} "
                     f"accepted: {model.licence}", ok=True)
            self._redraw()
        if then is not None:
            await then(yes)

    def _on_use_chosen(self, capability: catalog.Capability) -> None:
        combo = self.use_combos[capability]
        name = str(combo.currentData() or "")
        if name == self.choices.get(capability, ""):
            return
        model = next((m for m in self.models if m.name == name), None)

        async def then(yes: bool) -> None:
            if yes:
                await self._use(capability, name)
            else:  # not accepted: the choice stays as it was
                self._redraw()
                self.say(f"{name} is not used: its licence was not accepted")

        if model is not None and model.name not in self.accepted:
            self._ask_licence(model, then)
            return
        self._spawn(self._use(capability, name))

    async def _use(self, capability: catalog.Capability, name: str) -> None:
        await asyncio.to_thread(catalog.remember_choice, capability, name or None)
        self.choices = {**self.choices, capability: name} if name else {
            k: v for k, v in self.choices.items() if k != capability}
        label = dict(USES)[capability].lower()
        self.say(f"{label}: {name or 'the first model found'}", ok=True)

    def remove(self) -> None:
        model = self.selected()
        if model is None:
            return
        managed = any(model.path.resolve().is_relative_to(root.resolve())
                      for root in (catalog.models_dir(), catalog.hf_cache_dir()))
        what = (f"Delete {model.name} ({size_text(model.size)}) from {model.path}?"
                if managed else f"Stop looking for models where {model.name} is? Its files "
                "are kept.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Remove the model?", what, parent=self)
        box.setObjectName("confirm-remove")
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("remove")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)

        def answered(button: Any) -> None:
            self.box = None
            if button.objectName() == "remove":
                self._spawn(self._remove(model))

        box.buttonClicked.connect(answered)
        self.box = box
        box.open()

    async def _remove(self, model: ModelInfo) -> None:
        try:
            done = await asyncio.to_thread(catalog.remove_model, model)
        except OSError as exc:
            self.say(f"cannot remove {model.name}: {exc}", ok=False)
            return
        await self._refresh()
        self.say(done, ok=True)

    # ------------------------------------------------------------------------ download
    def download(self) -> None:
        repo = self.repo_edit.text().strip()
        if self._download is not None:
            return
        if not REPO.match(repo):
            self.say("name the model as owner/name, as on its hub page", ok=False)
            return
        self.download_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self.say(f"asking the hub for {repo}…")
        self._download = self._spawn(self._fetch(repo))
        self._download.add_done_callback(lambda task: self._download_ended(task, repo))

    def cancel_download(self) -> None:
        if self._download is not None:
            self._download.cancel()

    def _download_ended(self, task: asyncio.Task[Any], repo: str) -> None:
        self._download = None
        with contextlib.suppress(RuntimeError):  # the page is gone with its dialog
            self.download_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
            if task.cancelled():
                self.say(f"download of {repo} cancelled: what arrived is kept, and Download "
                         "resumes it")

    async def _fetch(self, repo: str) -> None:
        import httpx

        from vidstudio.providers.localai.hub import DownloadError, describe, download

        def progress(done: int, total: int, name: str) -> None:
            self.progress.setValue(int(1000 * done / total) if total else 1000)
            self.say(f"{repo}: {size_text(done)} of {size_text(total)} — {name}")

        try:
            async with httpx.AsyncClient(follow_redirects=True,
                                         timeout=httpx.Timeout(60.0, connect=15.0)) as client:
                remote = await describe(client, repo)
                family = catalog.FAMILIES.get(remote.pipeline or "")
                kind = f"{family.name} ({family.capability})" if family else "family unknown"
                self.say(f"{repo}: {size_text(remote.size)}, {kind}, licence: "
                         f"{remote.licence} — downloading")
                folder = await download(repo, catalog.models_dir(), progress=progress,
                                        client=client)
            info = await asyncio.to_thread(catalog.inspect_model, folder, folder.name)
        except DownloadError as exc:
            self.say(str(exc), ok=False)
            return
        await self._refresh()
        state = "ok" if info.usable else "; ".join(info.problems) or "not a family vidstudio runs"
        self.say(f"{repo} saved in {folder}: {state}; licence: {info.licence}", ok=info.usable)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Return in the download field downloads (and does not press the dialog's Save)."""
        if (watched is self.repo_edit and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.download()
            return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------------------- tasks
    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def stop(self) -> None:
        """Cancel what runs (the settings dialog closed): a download stops, resumable."""
        for task in list(self._tasks):
            task.cancel()
        if self.box is not None:
            with contextlib.suppress(RuntimeError):
                self.box.done(0)
            self.box = None
