"""The film's cast: a card per character (ui/cast_card.py), add and remove, own photos, voices.

Each card edits a character's look, kind, voice and lock, and shows its reference sheet:
clicking a take uses it (undoably), "⟳" makes a new one, and "Use my own photo…" stores a
picture of the user's as a new take of a sheet image (an import job, one undo step). A look
edit makes exactly the sheet and the keyframes of the character's scenes stale
(core/deps.py). The voice menu lists the voice provider's voices; "▶ hear" speaks a short line
in the chosen voice through the preview (an offline voice only: a paid voice is not spent on a
preview).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QWidget,
)

from vidstudio.core.cast_commands import AddCharacter, EditCharacter, RemoveCharacter
from vidstudio.core.commands import ActivateTake
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Character, TakeId
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.session import ProjectSession, SessionError
from vidstudio.ui.card_panel import CardPanel
from vidstudio.ui.cast_card import CharacterCard
from vidstudio.ui.names import named

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vidstudio.core.deps import Changes
    from vidstudio.core.models import Project
    from vidstudio.ui.document import Document
    from vidstudio.ui.pacing import TurnPacer

IMAGE_FILTER = "Pictures (*.png *.jpg *.jpeg *.webp);;All files (*)"
NEW_SHEET = ("full figure, front view, plain light background",
             "full figure, three-quarter view, plain light background",
             "full figure, side view, plain light background",
             "head and shoulders, front view, plain light background")
PREVIEW_LINE = "Hello. I am {name}, and this is how I sound."


class CastPanel(CardPanel):
    """Signals: message(str), image_selected(Path) and voice_preview(Path) for the preview."""

    voice_preview = Signal(object)

    def __init__(self, document: Document, thumbnails: Any, pacer: TurnPacer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(document, thumbnails, pacer, parent)
        self.voices: list[tuple[str, str]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self.add_button = named(QPushButton("Add character"), "Add character")
        self.add_button.setToolTip("A new member of the cast (in no scene yet: add them to a "
                                   "scene from its card)")
        self.empty = QLabel("No cast yet: plan a script with people or animals in it, or add "
                            "a character.")
        self.empty.setWordWrap(True)
        self.button_row.addWidget(self.add_button)
        self.button_row.addStretch(1)
        self.main_layout.insertWidget(1, self.empty)
        self.add_button.clicked.connect(self.add_character)
        self._rebuild()

    # ------------------------------------------------------------------------ building
    def _on_opened(self, _session: ProjectSession) -> None:
        self.voices = []
        self._rebuild()
        self._spawn(self._list_voices())

    def _on_closed(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._rebuild()

    def _parts(self, project: Project) -> Sequence[Character]:
        return project.characters

    def _part(self, project: Project, part_id: str) -> Character:
        return project.character(part_id)

    def _changed(self, changes: Changes) -> set[str]:
        return set(changes.characters)

    def _show(self, card: Any, part: Any) -> None:
        card.refresh(part, self.voices)

    def _rebuilt(self, session: ProjectSession | None, parts: Sequence[Any]) -> None:
        self.add_button.setEnabled(session is not None)
        self.empty.setVisible(session is not None and not parts)

    def _make_card(self, part: Character) -> CharacterCard:
        card = CharacterCard(part.id, self.thumbnails, self.document.resolve_asset,
                             self._holder)
        card.edit_requested.connect(self._on_edit)
        card.regenerate_requested.connect(self._on_regenerate)
        card.compare_requested.connect(self.compare)
        card.take_chosen.connect(self._on_take_chosen)
        card.photo_requested.connect(self._choose_photo)
        card.remove_requested.connect(self.remove_character)
        card.preview_requested.connect(self._start_preview)
        return card

    # -------------------------------------------------------------------------- commands
    def _on_edit(self, character_id: str, field: str, value: Any, merge: bool) -> None:
        session = self.session
        if session is None:
            return
        try:
            session.execute(EditCharacter(character_id, field, value), merge=merge)
        except (KeyError, ValueError, SessionError) as exc:
            self.message.emit(str(exc))

    def add_character(self) -> None:
        session = self.session
        if session is None:
            return
        taken = {c.name for c in session.project.characters}
        number = 1
        while f"Character {number}" in taken:
            number += 1
        character = Character(name=f"Character {number}", sheet_prompts=list(NEW_SHEET))
        session.execute(AddCharacter(character))
        self.message.emit(f"added {character.name} to the cast")

    def remove_character(self, character_id: str) -> None:
        session = self.session
        if session is None:
            return
        name = session.project.character(character_id).name
        session.execute(RemoveCharacter(character_id))
        self.message.emit(f"removed {name} from the cast (undo brings them back)")

    def _on_take_chosen(self, ref: SlotRef, take_id: str) -> None:
        session = self.session
        if session is None:
            return
        session.execute(ActivateTake(ref, TakeId(take_id)))
        take = next((t for t in session.project.character(ref.owner).sheet[ref.index or 0].takes
                     if t.id == take_id), None)
        if take is not None and take.file:
            self.image_selected.emit(session.folder.assets.resolve(take.file))

    def _on_regenerate(self, ref: SlotRef) -> None:
        try:
            self._regenerate(ref)
        except (KeyError, ValueError):
            self.message.emit("a reference image cannot be made with these providers yet")

    # ----------------------------------------------------------------------------- photo
    def _choose_photo(self, character_id: str) -> None:
        dialog = QFileDialog(self, "A photo of this character", str(Path.home()), IMAGE_FILTER)
        dialog.setObjectName("photo-dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.use_photo(character_id, Path(name)))
        dialog.open()

    def photo_slot(self, character_id: str) -> int | None:
        """The sheet image a photo goes to: the first without a usable take, else the first."""
        session = self.session
        if session is None:
            return None
        sheet = session.project.character(character_id).sheet
        if not sheet:
            return None
        return next((i for i, s in enumerate(sheet)
                     if s.active_take is None or s.active_take.status != "ready" or s.stale), 0)

    def use_photo(self, character_id: str, path: Path) -> None:
        """The user's picture as a new take of one of the character's reference images (an
        import job: checked, stored in the project, one undo step)."""
        session = self.session
        if session is None:
            return
        index = self.photo_slot(character_id)
        if index is None:
            character = session.project.character(character_id)
            session.execute(EditCharacter(character_id, "sheet_prompts",
                                          [*character.sheet_prompts, "the user's own photo"]))
            index = len(session.project.character(character_id).sheet) - 1
        try:
            session.import_take(SlotRef(character_id, SlotKind.CHARACTER_IMAGE, index), path)
        except SessionError as exc:
            self.message.emit(str(exc))

    # ----------------------------------------------------------------------------- voices
    def _spawn(self, coroutine: Any) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _list_voices(self) -> None:
        session = self.session
        lister = getattr(session.providers.voice, "list_voices", None) if session else None
        if lister is None:
            return
        try:
            voices = list(await lister())
        except Exception as exc:  # noqa: BLE001  the provider's one line, shown
            self.message.emit(f"cannot list the voices: {str(exc).splitlines()[0]}")
            return
        if self.session is not session:
            return
        self.voices = voices
        self.refresh_all()

    def _start_preview(self, character_id: str) -> None:
        card = self.cards.get(character_id)
        if card is not None:  # one preview of a character at a time
            card.preview.setEnabled(False)
        self._spawn(self.preview_voice(character_id))

    async def preview_voice(self, character_id: str) -> Path | None:
        """Speak a short line in the character's voice into the project's cache and hand it
        to the preview. A paid voice provider is not used: a preview would be a paid call."""
        from vidstudio.providers.base import CallContext, NarrationRequest

        session = self.session
        if session is None:
            return None
        provider = session.providers.voice
        if provider.capabilities.paid:
            self._enable_preview(character_id)
            self.message.emit(f"{provider.info.name} charges for every line, so no preview is "
                              "spoken; its own voice library plays samples")
            return None
        character = session.project.character(character_id)
        work = session.folder.cache_dir / "tmp" / f"voice-preview-{uuid.uuid4().hex[:8]}"
        request = NarrationRequest(text=PREVIEW_LINE.format(name=character.name),
                                   target_duration=4.0, voice=character.voice,
                                   language=session.project.settings.language)
        try:
            await asyncio.to_thread(work.mkdir, parents=True, exist_ok=True)
            result = await provider.narrate(request, CallContext(work_dir=work))
        except Exception as exc:  # noqa: BLE001  the provider's one line, shown
            self.message.emit(f"cannot preview the voice: {str(exc).splitlines()[0]}")
            return None
        finally:
            self._enable_preview(character_id)
        used = result.metadata.get("voice") or character.voice or "the provider's choice"
        self.message.emit(f"{character.name}'s voice: {used}")
        self.voice_preview.emit(result.path)
        return result.path

    def _enable_preview(self, character_id: str) -> None:
        card = self.cards.get(character_id)
        if card is not None:
            with contextlib.suppress(RuntimeError):  # the card went meanwhile
                card.preview.setEnabled(True)


__all__ = ["CastPanel"]
