"""The film's places: description (editable), image gallery, style state, imports.

Each environment shows its ten images as a gallery; clicking an image offers its takes (the
image in use can be switched, undoably) and "⟳" makes a new one (its style and the keyframes
of its scenes follow). "Import environments…" replaces the plan's places with a JSON file's;
"Initial image…" makes a picture the first scene's first keyframe.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.commands import EditEnvironment
from vidstudio.core.deps import SlotRef
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.session import ProjectSession, SessionError
from vidstudio.ui.card_panel import CardPanel
from vidstudio.ui.icons import set_icon
from vidstudio.ui.names import named, of_environment

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vidstudio.core.deps import Changes
    from vidstudio.core.models import Environment, Project
    from vidstudio.ui.document import Document
    from vidstudio.ui.pacing import TurnPacer

THUMB = QSize(84, 48)
GALLERY_COLUMNS = 5  # at most; a narrow panel gets fewer, so no card is wider than it
IMAGE_FILTER = "Pictures (*.png *.jpg *.jpeg *.webp);;All files (*)"


class EnvironmentCard(QFrame):
    """One place. Signals: edit_requested(env_id, field, value), regenerate_requested(SlotRef),
    image_selected(SlotRef), compare_requested(SlotRef)."""

    edit_requested = Signal(str, str, object)
    regenerate_requested = Signal(object)
    image_selected = Signal(object)
    compare_requested = Signal(object)  # the selected image's takes side by side, variations

    def __init__(self, env_id: str, thumbnails: Any, resolve: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env_id = env_id
        self._thumbnails = thumbnails
        self._resolve = resolve
        self.setObjectName("SceneCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        self.name = QLabel(self)
        self.name.setStyleSheet("font-weight: 700; font-size: 11pt;")
        self.facts = QLabel(self)
        self.facts.setStyleSheet("color: #9fb3d9;")
        self.facts.setWordWrap(True)
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("description")
        self.description.setFixedHeight(58)
        self.description.setPlaceholderText("what the place looks like")
        self.style_state = QLabel(self)
        self.style_state.setObjectName("style-state")
        self.gallery = QGridLayout()
        self.gallery.setSpacing(3)
        self.buttons: list[QToolButton] = []
        self.regenerate = QToolButton(self)
        self.regenerate.setText("⟳ image")
        self.regenerate.setToolTip("Make a new take of the selected image")
        self.compare = QToolButton(self)
        self.compare.setObjectName("compare")
        set_icon(self.compare, "compare")
        self.compare.setToolTip("The selected image's takes side by side; make variations; "
                                "star favourites")
        self.selected_index = 0
        self._columns = GALLERY_COLUMNS  # fewer when the panel is narrow (set_columns)
        layout.addWidget(self.name)
        layout.addWidget(self.facts)
        layout.addWidget(self.description)
        layout.addLayout(self.gallery)
        # The selected image's prompt, editable, with the plan's words a click away.
        self.prompt = QLineEdit(self)
        self.prompt.setObjectName("image-prompt")
        self.prompt.setPlaceholderText("what the selected image shows")
        self.reset_prompt = QToolButton(self)
        self.reset_prompt.setObjectName("reset-image-prompt")
        self.reset_prompt.setText("↺ planned")
        self.reset_prompt.setToolTip("Put back what the plan wrote for this image")
        prompt_row = QHBoxLayout()
        prompt_row.addWidget(self.prompt, 1)
        prompt_row.addWidget(self.reset_prompt)
        layout.addLayout(prompt_row)
        self.prompt.textEdited.connect(self._set_prompt)
        self.reset_prompt.clicked.connect(self._reset_prompt)
        row = QHBoxLayout()
        row.addWidget(self.style_state, 1)
        row.addWidget(self.compare)
        row.addWidget(self.regenerate)
        layout.addLayout(row)
        self.compare.clicked.connect(
            lambda: self.compare_requested.emit(
                SlotRef(self.env_id, SlotKind.ENV_IMAGE, self.selected_index)))
        self.description.textChanged.connect(self._on_description)
        self.regenerate.clicked.connect(
            lambda: self.regenerate_requested.emit(
                SlotRef(self.env_id, SlotKind.ENV_IMAGE, self.selected_index)))
        thumbnails.ready.connect(self._on_thumbnail_ready)
        self._env: Environment | None = None
        self._shown: set[str] = set()  # the paths of the images this card shows
        self._updating = False
        self._named = ""

    def _name_controls(self, name: str) -> None:
        """Accessible names that say which place they belong to: redone when it is renamed."""
        if name == self._named:
            return
        self._named = name
        place = of_environment(name)
        self.description.setAccessibleName(f"Description {place}")
        self.regenerate.setAccessibleName(f"Regenerate the selected image {place}")
        self.compare.setAccessibleName(f"Compare the selected image's takes {place}")
        self.prompt.setAccessibleName(f"Prompt of the selected image {place}")
        self.reset_prompt.setAccessibleName(f"Reset the selected image's prompt {place} to "
                                            "planned")
        for index, button in enumerate(self.buttons, 1):
            button.setAccessibleName(f"Image {index} {place}")

    def refresh(self, env: Environment) -> None:
        self._env = env
        self._updating = True
        try:
            self.name.setText(env.name)
            self._name_controls(env.name)
            objects = f" · {', '.join(env.key_objects[:4])}" if env.key_objects else ""
            self.facts.setText(f"{env.setting} · {env.time_of_day.value} · "
                               f"{env.weather.value}{objects}")
            if self.description.toPlainText() != env.description:
                self.description.setPlainText(env.description)
        finally:
            self._updating = False
        style = env.style
        if style.stale:
            state = "style: stale — regenerated with the next “Generate all”"
        elif style.active_take is not None:
            take = style.active_take
            kind = "LoRA" if take.provider == "fal" else "style profile"
            state = f"style: ready ({kind}, {take.provider})"
        elif style.takes and style.takes[-1].status == "failed":
            state = f"style: failed — {style.takes[-1].error}"
        else:
            state = "style: not made yet"
        self.style_state.setText(state)
        self._draw_images()
        self._show_prompt()

    def _draw_images(self) -> None:
        env = self._env
        if env is None:
            return
        while len(self.buttons) < len(env.images):
            index = len(self.buttons)
            button = QToolButton(self)
            button.setObjectName(f"image-{index}")
            button.setAccessibleName(f"Image {index + 1} {of_environment(env.name)}")
            button.setIconSize(THUMB)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, i=index: self._select(i))
            self.gallery.addWidget(button, index // self._columns, index % self._columns)
            self.buttons.append(button)
        self._shown = set()
        for index, slot in enumerate(env.images):
            button = self.buttons[index]
            take = slot.active_take
            pixmap = None
            if take is not None and take.file:
                try:
                    path = self._resolve(take.file)
                except ValueError:  # the project closed, or a path that leads outside it
                    path = None
                if path is not None:
                    self._shown.add(str(path))
                    pixmap = self._thumbnails.pixmap(path, THUMB)
            button.setIcon(QIcon(pixmap) if pixmap is not None else QIcon(QPixmap()))
            button.setText("" if pixmap is not None else f"{index + 1}")
            button.setChecked(index == self.selected_index)
            stale = " (stale)" if slot.stale else ""
            prompt = env.image_prompts[index] if index < len(env.image_prompts) else ""
            button.setToolTip(f"image {index + 1}{stale}: {prompt}\n{len(slot.takes)} take(s)")

    def set_columns(self, columns: int) -> None:
        """Lay the gallery out in ``columns`` columns (the panel's width decides)."""
        if columns == self._columns:
            return
        self._columns = columns
        for index, button in enumerate(self.buttons):
            self.gallery.removeWidget(button)
            self.gallery.addWidget(button, index // columns, index % columns)

    def _on_thumbnail_ready(self, path: str) -> None:
        if path in self._shown:  # thumbnails of every card and strip arrive here
            self._draw_images()

    def _select(self, index: int) -> None:
        self.selected_index = index
        for i, button in enumerate(self.buttons):
            button.setChecked(i == index)
        self._show_prompt()
        self.image_selected.emit(SlotRef(self.env_id, SlotKind.ENV_IMAGE, index))

    def _show_prompt(self) -> None:
        env, index = self._env, self.selected_index
        if env is None:
            return
        text = env.image_prompts[index] if index < len(env.image_prompts) else ""
        if self.prompt.text() != text:
            self.prompt.setText(text)
            if not self.prompt.hasFocus():
                self.prompt.setCursorPosition(0)
        self.prompt.setEnabled(index < len(env.image_prompts))
        planned = env.planned.get("image_prompts") or []
        self.reset_prompt.setEnabled(index < len(planned) and planned[index] != text)

    def _prompts_with(self, text: str) -> list[str] | None:
        env, index = self._env, self.selected_index
        if env is None or index >= len(env.image_prompts):
            return None
        prompts = list(env.image_prompts)
        prompts[index] = text
        return prompts

    def _set_prompt(self, text: str) -> None:
        prompts = self._prompts_with(text)
        if prompts is not None:
            self.edit_requested.emit(self.env_id, "image_prompts", prompts)

    def _reset_prompt(self) -> None:
        planned = (self._env.planned.get("image_prompts") if self._env else None) or []
        if self.selected_index < len(planned):
            self._set_prompt(planned[self.selected_index])

    def _on_description(self) -> None:
        if not self._updating:
            self.edit_requested.emit(self.env_id, "description",
                                     self.description.toPlainText())


class EnvironmentsPanel(CardPanel):
    """Signals: message(str), image_selected(Path) for the preview."""

    def __init__(self, document: Document, thumbnails: Any, pacer: TurnPacer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(document, thumbnails, pacer, parent)
        self.import_button = named(QPushButton("Import environments…"), "Import environments")
        self.import_button.setToolTip("Use your own places from a JSON file")
        self.initial_button = named(QPushButton("Initial image…"), "Initial image")
        self.initial_button.setToolTip("A picture of yours as the first scene's first keyframe")
        self.button_row.addWidget(self.import_button)
        self.button_row.addWidget(self.initial_button)
        self.button_row.addStretch(1)
        # The galleries reflow to the panel's width.
        self.scroll_area.viewport().installEventFilter(self)
        self.import_button.clicked.connect(self._choose_environments)
        self.initial_button.clicked.connect(self._choose_initial_image)

    def _parts(self, project: Project) -> Sequence[Environment]:
        return project.environments

    def _part(self, project: Project, part_id: str) -> Environment:
        return project.environment(part_id)

    def _changed(self, changes: Changes) -> set[str]:
        return set(changes.environments)

    def _rebuilt(self, session: ProjectSession | None, parts: Sequence[Any]) -> None:
        enabled = bool(session and session.project.scenes)
        self.import_button.setEnabled(enabled)
        self.initial_button.setEnabled(enabled)

    def _make_card(self, part: Environment) -> EnvironmentCard:
        # made inside the list (not moved into it: see SceneCard)
        card = EnvironmentCard(part.id, self.thumbnails, self.document.resolve_asset,
                               self._holder)
        card.edit_requested.connect(self._on_edit)
        card.regenerate_requested.connect(self._regenerate)
        card.compare_requested.connect(self.compare)
        card.image_selected.connect(self._on_image_selected)
        card.set_columns(self._gallery_columns())
        return card

    def _gallery_columns(self) -> int:
        """How many thumbnails fit side by side in a card as wide as the panel's view."""
        # the card's frame and margins, the list's margins, a thumbnail button's frame
        room = self.scroll_area.viewport().width() - 2 * 8 - 2 * 9 - 4
        button = THUMB.width() + 12
        return max(1, min(GALLERY_COLUMNS, (room + 3) // (button + 3)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.scroll_area.viewport():
            columns = self._gallery_columns()
            for card in self.cards.values():
                card.set_columns(columns)
        return super().eventFilter(watched, event)

    def _on_edit(self, env_id: str, field: str, value: Any) -> None:
        if self.session is not None:
            self.session.execute(EditEnvironment(env_id, field, value), merge=True)

    def _on_image_selected(self, ref: SlotRef) -> None:
        session = self.session
        if session is None:
            return
        slot = session.project.environment(ref.owner).images[ref.index or 0]
        take = slot.active_take
        if take is not None and take.file:
            self.image_selected.emit(session.folder.assets.resolve(take.file))

    # ----------------------------------------------------------------------- imports
    def _choose_environments(self) -> None:
        dialog = QFileDialog(self, "Import environments", str(Path.home()),
                             "Environments (*.json);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.import_environments(Path(name)))
        dialog.open()

    def import_environments(self, path: Path) -> None:
        from vidstudio.core.custom_environments import CustomEnvironmentError

        session = self.session
        if session is None:
            return
        try:
            data = path.read_bytes()
            report = session.use_environments(data)
        except OSError as exc:
            self.message.emit(f"cannot read {path.name}: {exc.strerror}")
        except (CustomEnvironmentError, SessionError) as exc:
            self.message.emit(f"{path.name}: {exc}")
        else:
            self.message.emit(f"environments from {path.name}: {report.summary()}")

    def _choose_initial_image(self) -> None:
        dialog = QFileDialog(self, "Initial image for the first scene", str(Path.home()),
                             IMAGE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.use_initial_image(Path(name)))
        dialog.open()

    def use_initial_image(self, path: Path) -> None:
        session = self.session
        if session is None or not session.project.scenes:
            return
        first = session.project.ordered_scenes[0]
        try:
            session.import_take(SlotRef(first.id, SlotKind.FIRST_FRAME), path)
        except SessionError as exc:
            self.message.emit(str(exc))
