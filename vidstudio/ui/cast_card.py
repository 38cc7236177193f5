"""One member of the cast as an editable card (the Cast panel, ui/cast_panel.py, lists them).

Its look's short fields (age, build, hair, skin, marks, the wardrobe's items with their
colours) are committed a moment after the user stops typing, or when the field is left: each
such pause is one undo step. The sheet shows one takes strip per reference image.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Garment, Look
from vidstudio.core.vocabulary import CharacterKind, SlotKind
from vidstudio.ui.takes_strip import TakesStrip

if TYPE_CHECKING:
    from vidstudio.core.models import Character

LOOK_FIELDS = ("age", "build", "hair", "skin", "marks")
LOOK_HINTS = {"age": "child, young, old, 40…", "build": "slight, tall, stocky…",
              "hair": "short grey hair, ginger fur…", "skin": "skin tone, or a robot's finish",
              "marks": "one eye, a scar, glasses…"}
COMMIT_AFTER_MS = 700  # a pause in typing this long commits the look (one undo step)


def of_character(name: str) -> str:
    return f"of character {name}"


def look_from_fields(values: dict[str, str], wardrobe: list[tuple[str, str]]) -> Look:
    """A Look from the card's fields: blanks trimmed, garments without an item left out."""
    return Look(**{k: v.strip() for k, v in values.items()},
                wardrobe=tuple(Garment(item=item.strip(), colour=colour.strip())
                               for item, colour in wardrobe if item.strip()))


class _GarmentRow:
    """One piece of the wardrobe: item, colour (with a swatch of it) and a remove button."""

    def __init__(self, card: CharacterCard) -> None:
        self.item = QLineEdit(card)
        self.item.setPlaceholderText("raincoat")
        self.colour = QLineEdit(card)
        self.colour.setPlaceholderText("colour")
        self.colour.setMaximumWidth(96)
        self.swatch = QLabel(card)
        self.swatch.setFixedSize(14, 14)
        self.remove = QToolButton(card)
        self.remove.setText("✕")
        self.remove.setToolTip("Take this off the wardrobe")
        self.layout = QHBoxLayout()
        self.layout.setSpacing(4)
        for widget in (self.item, self.colour, self.swatch, self.remove):
            self.layout.addWidget(widget, 1 if widget is self.item else 0)
        self.colour.textChanged.connect(self._paint_swatch)
        self._paint_swatch(self.colour.text())

    def _paint_swatch(self, text: str) -> None:
        words = text.strip().lower().split()
        # "dark blue" is not a colour name Qt knows; its last word is
        name = next((w for w in (text.strip().replace(" ", "").lower(), *reversed(words))
                     if w and QColor.isValidColorName(w)), "")
        self.swatch.setStyleSheet(f"background: {name}; border: 1px solid #a3abbf;"
                                  if name else "border: 1px dashed #7d8499;")
        self.swatch.setToolTip(name or "no colour Qt knows by that name")

    def name(self, index: int, of: str) -> None:
        self.item.setAccessibleName(f"Garment {index} {of}")
        self.colour.setAccessibleName(f"Colour of garment {index} {of}")
        self.remove.setAccessibleName(f"Remove garment {index} {of}")

    def delete(self) -> None:
        for widget in (self.item, self.colour, self.swatch, self.remove):
            widget.deleteLater()
        self.layout.deleteLater()


class CharacterCard(QFrame):
    """One member of the cast. Signals carry the character id (or a SlotRef); the panel turns
    them into commands:
        edit_requested(str id, str field, object value, bool merge)
        regenerate_requested(SlotRef), take_chosen(SlotRef, str take id),
        photo_requested(str id), remove_requested(str id), preview_requested(str id)
    """

    edit_requested = Signal(str, str, object, bool)
    regenerate_requested = Signal(object)
    compare_requested = Signal(object)  # a sheet image's takes side by side (ui/compare.py)
    take_chosen = Signal(object, str)
    photo_requested = Signal(str)
    remove_requested = Signal(str)
    preview_requested = Signal(str)

    def __init__(self, character_id: str, thumbnails: Any, resolve: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.character_id = character_id
        self._thumbnails = thumbnails
        self._resolve = resolve
        self.setObjectName("SceneCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        header = QHBoxLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("character-name")
        self.name.setStyleSheet("font-weight: 700; font-size: 11pt;")
        self.name.setPlaceholderText("name")
        self.kind = QComboBox(self)
        for kind in CharacterKind:
            self.kind.addItem(kind.value, kind)
        self.lock = QCheckBox("Lock", self)
        self.lock.setToolTip("A locked character is left alone by a re-plan and by "
                             "“Generate all”")
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this character from the cast and from every scene "
                               "(undo brings it back)")
        header.addWidget(self.name, 1)
        header.addWidget(self.kind)
        header.addWidget(self.lock)
        header.addWidget(self.remove)
        layout.addLayout(header)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText("who they are in the story")
        layout.addWidget(self.description)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(3)
        self.look_edits: dict[str, QLineEdit] = {}
        for field in LOOK_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"look-{field}")
            edit.setPlaceholderText(LOOK_HINTS[field])
            edit.textEdited.connect(self._look_typed)
            edit.editingFinished.connect(self.commit_look)
            self.look_edits[field] = edit
            form.addRow(field.capitalize(), edit)
        layout.addLayout(form)
        wardrobe_title = QHBoxLayout()
        wardrobe_title.addWidget(QLabel("Wardrobe", self))
        wardrobe_title.addStretch(1)
        self.add_garment = QToolButton(self)
        self.add_garment.setText("+ garment")
        self.add_garment.setToolTip("Add a piece of clothing (or a collar, a hat, a livery)")
        wardrobe_title.addWidget(self.add_garment)
        layout.addLayout(wardrobe_title)
        self._wardrobe_box = QVBoxLayout()
        self._wardrobe_box.setSpacing(2)
        layout.addLayout(self._wardrobe_box)
        self.garments: list[_GarmentRow] = []
        voice = QHBoxLayout()
        voice.addWidget(QLabel("Voice", self))
        self.voice = QComboBox(self)
        self.voice.setObjectName("voice")
        self.voice.setToolTip("The voice this character's lines are spoken in")
        # as wide as the card allows, not as its longest voice's name (the card would be cut)
        self.voice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.voice.setMinimumContentsLength(10)
        self.preview = QToolButton(self)
        self.preview.setText("▶ hear")
        self.preview.setToolTip("Hear a short line in this voice")
        voice.addWidget(self.voice, 1)
        voice.addWidget(self.preview)
        layout.addLayout(voice)
        sheet_title = QHBoxLayout()
        sheet_title.addWidget(QLabel("Reference sheet", self))
        sheet_title.addStretch(1)
        self.photo = QPushButton("Use my own photo…", self)
        self.photo.setToolTip("A picture of yours as a reference image of this character")
        sheet_title.addWidget(self.photo)
        layout.addLayout(sheet_title)
        self._sheet_box = QVBoxLayout()
        self._sheet_box.setSpacing(2)
        layout.addLayout(self._sheet_box)
        self.sheet_rows: list[tuple[QLabel, TakesStrip, QToolButton]] = []
        self.sheet_state = QLabel(self)
        self.sheet_state.setObjectName("sheet-state")
        layout.addWidget(self.sheet_state)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_AFTER_MS)
        self._timer.timeout.connect(self.commit_look)
        self.name.textEdited.connect(lambda text: self._edit("name", text, merge=True))
        self.description.textEdited.connect(
            lambda text: self._edit("description", text, merge=True))
        self.kind.activated.connect(lambda i: self._edit("kind", self.kind.itemData(i)))
        self.lock.toggled.connect(lambda on: self._edit("locked", on))
        self.voice.activated.connect(lambda i: self._edit("voice", self.voice.itemData(i)))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self.character_id))
        self.preview.clicked.connect(lambda: self.preview_requested.emit(self.character_id))
        self.photo.clicked.connect(lambda: self.photo_requested.emit(self.character_id))
        self.add_garment.clicked.connect(self._add_garment)
        self._character: Character | None = None
        self._voices: list[tuple[str, str]] = []
        self._updating = False
        self._named = ""

    # ------------------------------------------------------------------------ drawing
    def refresh(self, character: Character, voices: list[tuple[str, str]]) -> None:
        self._character = character
        self._updating = True
        try:
            if self.name.text() != character.name:
                self.name.setText(character.name)
            if self.description.text() != character.description:
                self.description.setText(character.description)
            _choose(self.kind, character.kind)
            self.lock.setChecked(character.locked)
            if not self._timer.isActive():  # the user's typing not yet committed stays
                for field, edit in self.look_edits.items():
                    value = getattr(character.look, field)
                    if edit.text() != value:
                        edit.setText(value)
                self._show_wardrobe(character.look.wardrobe)
            self._fill_voices(character.voice, voices)
            self._show_sheet(character)
        finally:
            self._updating = False
        self._name_controls(character.name)

    def _name_controls(self, name: str) -> None:
        """Accessible names that say whose control it is: redone when the character is
        renamed."""
        if name == self._named:
            return
        self._named = name
        of = of_character(name)
        for widget, what in ((self.name, "Name"), (self.kind, "Kind"), (self.lock, "Lock"),
                             (self.description, "Description"), (self.voice, "Voice"),
                             (self.preview, "Hear the voice"),
                             (self.photo, "Use my own photo as a reference image"),
                             (self.add_garment, "Add a garment"),
                             (self.remove, "Remove from the cast")):
            widget.setAccessibleName(f"{what} {of}")
        for field, edit in self.look_edits.items():
            edit.setAccessibleName(f"{field.capitalize()} {of}")
        for index, row in enumerate(self.garments, 1):
            row.name(index, of)
        for index, (_label, strip, regenerate) in enumerate(self.sheet_rows, 1):
            strip.set_context(f"reference image {index} {of}")
            regenerate.setAccessibleName(f"Regenerate reference image {index} {of}")

    def _show_wardrobe(self, garments: tuple[Garment, ...]) -> None:
        # rows the user added and has not filled in yet stay below the model's garments
        blank = [r for r in self.garments[len(garments):] if not r.item.text().strip()]
        for row in self.garments[len(garments):]:
            if row not in blank:
                row.delete()
        self.garments = self.garments[:len(garments)]
        while len(self.garments) < len(garments):
            self.garments.append(self._new_garment_row())
        for row, garment in zip(self.garments, garments, strict=True):
            if row.item.text() != garment.item:
                row.item.setText(garment.item)
            if row.colour.text() != garment.colour:
                row.colour.setText(garment.colour)
        self.garments += blank
        for index, row in enumerate(self.garments, 1):
            row.name(index, of_character(self._named or self.name.text()))

    def _new_garment_row(self) -> _GarmentRow:
        row = _GarmentRow(self)
        self._wardrobe_box.addLayout(row.layout)
        for edit in (row.item, row.colour):
            edit.textEdited.connect(self._look_typed)
            edit.editingFinished.connect(self.commit_look)
        row.remove.clicked.connect(lambda _c=False, r=row: self._remove_garment(r))
        row.name(len(self.garments) + 1, of_character(self._named))
        return row

    def _fill_voices(self, current: str, voices: list[tuple[str, str]]) -> None:
        items = [("", "(chosen for the character)"), *voices]
        if current and all(v != current for v, _ in items):
            items.append((current, f"{current} (not listed)"))
        if items != self._voices:
            self._voices = items
            self.voice.clear()
            for voice_id, label in items:
                shown = label if label == voice_id or not voice_id else f"{voice_id} — {label}"
                self.voice.addItem(shown, voice_id)
        _choose(self.voice, current)

    def _show_sheet(self, character: Character) -> None:
        while len(self.sheet_rows) < len(character.sheet):
            index = len(self.sheet_rows)
            label = QLabel(f"{index + 1}", self)
            label.setFixedWidth(14)
            strip = TakesStrip(self._thumbnails, self._resolve, self)
            strip.setObjectName(f"sheet-{index}")
            strip.compare_requested.connect(
                lambda i=index: self.compare_requested.emit(self._ref(i)))
            strip.take_chosen.connect(
                lambda take_id, i=index: self.take_chosen.emit(self._ref(i), take_id))
            regenerate = QToolButton(self)
            regenerate.setText("⟳")
            regenerate.setToolTip("Make a new take of this reference image")
            regenerate.clicked.connect(
                lambda _c=False, i=index: self.regenerate_requested.emit(self._ref(i)))
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(strip, 1)
            row.addWidget(regenerate)
            self._sheet_box.addLayout(row)
            self.sheet_rows.append((label, strip, regenerate))
            self._named = ""  # the new row is named below
        stale = 0
        for index, (label, strip, regenerate) in enumerate(self.sheet_rows):
            visible = index < len(character.sheet)
            for widget in (label, strip, regenerate):
                widget.setVisible(visible)
            if not visible:
                continue
            slot = character.sheet[index]
            strip.set_slot(slot)
            stale += slot.stale
            prompt = (character.sheet_prompts[index]
                      if index < len(character.sheet_prompts) else "your own photo")
            label.setToolTip(f"reference image {index + 1}: {prompt}")
        made = sum(1 for s in character.sheet if s.active_take is not None)
        if not character.sheet:
            state = "no reference images: add your own photo"
        elif stale:
            state = f"{stale} reference image(s) stale — made again with the next “Generate all”"
        else:
            state = f"{made} of {len(character.sheet)} reference images made"
        self.sheet_state.setText(state)

    def _ref(self, index: int) -> SlotRef:
        return SlotRef(self.character_id, SlotKind.CHARACTER_IMAGE, index)

    # -------------------------------------------------------------------------- input
    def _edit(self, field: str, value: Any, merge: bool = False) -> None:
        if not self._updating:
            self.edit_requested.emit(self.character_id, field, value, merge)

    def _look_typed(self, _text: str = "") -> None:
        if not self._updating:
            self._timer.start()

    def current_look(self) -> Look:
        return look_from_fields({f: e.text() for f, e in self.look_edits.items()},
                                [(r.item.text(), r.colour.text()) for r in self.garments])

    def commit_look(self) -> None:
        """Send the look as the fields show it, if it differs from the character's."""
        self._timer.stop()
        if self._updating or self._character is None:
            return
        look = self.current_look()
        if look != self._character.look:
            self.edit_requested.emit(self.character_id, "look", look, False)

    def _add_garment(self) -> None:
        row = self._new_garment_row()
        self.garments.append(row)
        row.item.show()  # shown now (not on the next layout pass) so it can take the focus
        row.item.setFocus()

    def _remove_garment(self, row: _GarmentRow) -> None:
        self.garments.remove(row)
        row.delete()
        for index, other in enumerate(self.garments, 1):
            other.name(index, of_character(self._named))
        self.commit_look()


def _choose(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0 and combo.currentIndex() != index:
        combo.setCurrentIndex(index)


__all__ = ["CharacterCard", "look_from_fields"]
