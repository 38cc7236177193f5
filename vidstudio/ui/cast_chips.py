"""The characters in a scene's frame, as chips on its card, in frame order (left to right).

A chip is the character's name; clicking it (or Space/Enter on it) opens its menu: move left,
move right, take out of the scene, and a field for what they do in this shot (Enter sets it).
"+ cast" opens a menu of the cast members not yet in frame. Every change is one
EditScene(scene, "cast", new list) on the session: undoable, and it makes the scene's keyframes
and clip stale as any field does. Menus open with ``popup`` (never a nested event loop).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
    QWidgetItem,
)

from vidstudio.core.models import CastMember
from vidstudio.ui.names import of_scene

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from vidstudio.core.models import Project, Scene

CHIP_WIDTH = 110  # at most: a long name is cut with "…" (its full name is the tooltip)


class FlowLayout(QLayout):
    """Items left to right, wrapping onto a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class CastChips(QWidget):
    """Signals: edit_requested(str scene_id, str "cast", list[CastMember])."""

    edit_requested = Signal(str, str, object)

    def __init__(self, scene_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene_id = scene_id
        self.setObjectName("cast-chips")
        self._flow = FlowLayout(self)
        self.chips: list[QToolButton] = []
        self.add = QToolButton(self)
        self.add.setObjectName("add-cast")
        self.add.setText("+ cast")
        self.add.setToolTip("Put a member of the cast in this shot")
        self.add_menu = QMenu(self)
        self.add_menu.setObjectName("add-cast-menu")
        self.add.clicked.connect(self._open_add)
        self._flow.addWidget(self.add)
        self.chip_menu = QMenu(self)
        self.chip_menu.setObjectName("chip-menu")
        self.move_left = self.chip_menu.addAction("Move left")
        self.move_right = self.chip_menu.addAction("Move right")
        self.take_out = self.chip_menu.addAction("Take out of this scene")
        self.chip_menu.addSeparator()
        self.doing = QLineEdit(self.chip_menu)  # what the character does in this shot
        self.doing.setPlaceholderText("what they do here: waves, rows…")
        self.doing.setMinimumWidth(200)
        doing = QWidgetAction(self.chip_menu)
        doing.setDefaultWidget(self.doing)
        self.chip_menu.addAction(doing)
        self.doing.returnPressed.connect(self._set_action)
        self.move_left.triggered.connect(lambda: self._move(-1))
        self.move_right.triggered.connect(lambda: self._move(1))
        self.take_out.triggered.connect(self._remove)
        self._cast: list[CastMember] = []
        self._shown: list[tuple[str, str, str]] = []  # (id, name, action) drawn
        self._menu_for = -1  # the chip whose menu is open
        self._number = 0
        self._project: Project | None = None

    # ------------------------------------------------------------------------ drawing
    def show_cast(self, project: Project, scene: Scene, number: int) -> None:
        """Draw the scene's characters in frame (only what changed is redrawn)."""
        self._cast = list(scene.cast)
        names = {c.id: c.name for c in project.characters}
        shown = [(str(m.character_id), names.get(m.character_id, "?"), m.action)
                 for m in scene.cast]
        if shown != self._shown or number != self._number:
            self._shown, self._number = shown, number
            self._draw()
        self._project = project
        self._fill_add_menu()
        self.add.setToolTip("Put a member of the cast in this shot" if project.characters
                            else "No cast yet (the Cast panel adds characters)")

    def _fill_add_menu(self) -> None:
        """The cast members not in frame, by their names as they are now (a character renamed
        in the Cast panel does not redraw the cards of scenes it is not in)."""
        self.add_menu.clear()
        project = self._project
        if project is not None:
            in_frame = {m.character_id for m in self._cast}
            for character in project.characters:
                if character.id not in in_frame:
                    action = self.add_menu.addAction(character.name)
                    action.triggered.connect(lambda _c=False, cid=character.id: self._add(cid))
        self.add.setEnabled(bool(self.add_menu.actions()))

    def _draw(self) -> None:
        while len(self.chips) > len(self._shown):
            chip = self.chips.pop()
            self._flow.removeWidget(chip)
            chip.deleteLater()
        while len(self.chips) < len(self._shown):
            chip = QToolButton(self)
            chip.setObjectName("CastChip")
            chip.setMaximumWidth(CHIP_WIDTH)
            chip.clicked.connect(lambda _c=False, b=chip: self._open_chip(b))
            self._flow.insert_widget(len(self.chips), chip)
            self.chips.append(chip)
        scene = of_scene(self._number)
        for index, (chip, (_cid, name, action)) in enumerate(zip(self.chips, self._shown,
                                                                 strict=True)):
            shown = chip.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight,
                                                  CHIP_WIDTH - 14)
            chip.setText(shown)
            what = f" — {action}" if action else ""
            chip.setToolTip(f"{name}{what}\nposition {index + 1} in frame, from the left; "
                            "click to move, take out or say what they do")
            chip.setAccessibleName(f"{name} in frame {scene}")
        self.add.setAccessibleName(f"Add a character {scene}")
        self.add_menu.setAccessibleName(f"Characters to add {scene}")
        self.chip_menu.setAccessibleName(f"Character in frame {scene}")
        self.doing.setAccessibleName(f"What the character does {scene}")
        self.updateGeometry()

    # -------------------------------------------------------------------------- input
    def _pop(self, menu: QMenu, under: QWidget) -> None:
        if menu.actions():
            menu.popup(under.mapToGlobal(QPoint(0, under.height())))

    def _open_add(self) -> None:
        self._fill_add_menu()
        self._pop(self.add_menu, self.add)

    def _open_chip(self, chip: QToolButton) -> None:
        self._menu_for = self.chips.index(chip)
        self.move_left.setEnabled(self._menu_for > 0)
        self.move_right.setEnabled(self._menu_for < len(self._cast) - 1)
        self.doing.setText(self._cast[self._menu_for].action)
        self._pop(self.chip_menu, chip)

    def _emit(self, cast: list[CastMember]) -> None:
        self.edit_requested.emit(self.scene_id, "cast", cast)

    def _add(self, character_id: str) -> None:
        self._emit([*self._cast, CastMember(character_id=character_id)])

    def _move(self, step: int) -> None:
        index, target = self._menu_for, self._menu_for + step
        if not (0 <= index < len(self._cast) and 0 <= target < len(self._cast)):
            return
        cast = list(self._cast)
        cast[index], cast[target] = cast[target], cast[index]
        self._emit(cast)

    def _set_action(self) -> None:
        """Enter in the menu's field: the chip's character does that in this shot."""
        self.chip_menu.close()
        if 0 <= self._menu_for < len(self._cast):
            cast = list(self._cast)
            member = cast[self._menu_for]
            action = self.doing.text().strip()
            if action != member.action:
                cast[self._menu_for] = member.model_copy(update={"action": action})
                self._emit(cast)

    def _remove(self) -> None:
        if 0 <= self._menu_for < len(self._cast):
            self._emit([m for i, m in enumerate(self._cast) if i != self._menu_for])

    def menu_action(self, menu: QMenu, text: str) -> QAction | None:
        """The action of ``menu`` whose text is ``text`` (for drivers and tests)."""
        return next((a for a in menu.actions() if a.text() == text), None)


__all__ = ["CastChips", "FlowLayout"]
