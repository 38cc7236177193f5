"""The Scene menu and the right-click menu of a scene (on its card or its timeline clip).

Add, duplicate, split, merge and delete run the undoable structure commands of
``core/structure.py`` on the open session. The menu bar's actions act on the selected scene;
a right-click menu acts on the scene it was opened on and offers only what applies there.
A refused change (the film's limits, a scene still generating) is said in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from vidstudio.core.deps import SlotRef
from vidstudio.core.models import SCENE_SLOT_KINDS
from vidstudio.core.structure import (
    LONG,
    MAX_SCENES,
    SHORT,
    AddScene,
    DeleteScene,
    DuplicateScene,
    MergeScenes,
    SplitScene,
    StructureError,
)
from vidstudio.ui.names import name_message_box

if TYPE_CHECKING:
    from vidstudio.core.models import Project
    from vidstudio.jobs.session import ProjectSession
    from vidstudio.ui.document import Document

# name, menu text, shortcut, what it does
ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("add-scene", "&Add scene after", "Ctrl+Alt+N", "A new 5 s scene after this one"),
    ("duplicate-scene", "&Duplicate scene", "Ctrl+D", "A copy of this scene after it"),
    ("split-scene", "&Split scene", "Ctrl+Shift+K",
     "Cut this scene in two; the narration is cut at a sentence"),
    ("merge-scene", "&Merge with next scene", "Ctrl+Shift+J",
     "Join this scene and the next into one 9 s scene"),
    ("delete-scene", "De&lete scene", "Ctrl+Delete", "Remove this scene (Undo brings it back)"),
)


class SceneStructure(QObject):
    """Signals:
        message(str): a refusal or a result to show in the status bar.
        added(str): the id of a scene that a command made (to select it).
    """

    message = Signal(str)
    added = Signal(str)

    def __init__(self, document: Document, selected: Any, parent: QWidget) -> None:
        """``selected()`` gives the scene id the menu bar's actions act on (or None)."""
        super().__init__(parent)
        self.document = document
        self._selected = selected
        self._parent = parent
        self.length_question: QMessageBox | None = None
        self.actions: dict[str, QAction] = {}
        self.menu = QMenu("S&cene", parent)
        self.menu.setObjectName("scene-menu")
        for name, text, shortcut, tip in ACTIONS:
            action = QAction(text, parent)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _c=False, n=name: self.trigger(n, None))
            self.actions[name] = action
            self.menu.addAction(action)
        self.menu.aboutToShow.connect(lambda: self._enable(self.actions, self._selected()))

    @property
    def session(self) -> ProjectSession | None:
        return self.document.session

    # ------------------------------------------------------------------------- menus
    def context_menu(self, scene_id: str, parent: QWidget) -> QMenu:
        """A right-click menu for one scene: the actions that apply to it."""
        menu = QMenu(parent)
        menu.setObjectName("scene-context-menu")
        number = self._number(scene_id)
        menu.setAccessibleName(f"Scene {number} actions")
        own: dict[str, QAction] = {}
        for name, text, shortcut, tip in ACTIONS:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(shortcut))  # shown as a reminder
            action.setToolTip(tip)
            action.triggered.connect(lambda _c=False, n=name: self.trigger(n, scene_id))
            own[name] = action
        self._enable(own, scene_id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def popup(self, scene_id: str, where: QPoint, parent: QWidget) -> QMenu:
        """Show the scene's menu at ``where`` (global) without a nested event loop."""
        menu = self.context_menu(scene_id, parent)
        menu.popup(where)
        return menu

    def _number(self, scene_id: str | None) -> int:
        session = self.session
        if session is None or scene_id is None:
            return 0
        ids: list[str] = [s.id for s in session.project.ordered_scenes]
        return ids.index(scene_id) + 1 if scene_id in ids else 0

    def _enable(self, actions: dict[str, QAction], scene_id: str | None) -> None:
        session = self.session
        project: Project | None = session.project if session is not None else None
        count = len(project.scenes) if project is not None else 0
        number = self._number(scene_id)
        has_scene = number > 0
        actions["add-scene"].setEnabled(project is not None and bool(project.environments))
        for name in ("duplicate-scene", "split-scene", "delete-scene"):
            actions[name].setEnabled(has_scene)
        actions["merge-scene"].setEnabled(has_scene and number < count)
        # At the limit the actions stay enabled: choosing one says why it cannot be done.

    # ------------------------------------------------------------------------ running
    def trigger(self, name: str, scene_id: str | None) -> None:
        """Run action ``name`` on ``scene_id`` (None: the selected scene)."""
        session = self.session
        if session is None:
            return
        if scene_id is None:
            scene_id = self._selected()
        ordered: list[str] = [s.id for s in session.project.ordered_scenes]
        if scene_id not in ordered:
            if name == "add-scene":
                self.run(AddScene(after_id=ordered[-1] if ordered else None))
            else:
                self.message.emit("choose a scene first (click its card)")
            return
        if name == "add-scene":
            self.run(AddScene(after_id=scene_id))
        elif name == "duplicate-scene":
            self.run(DuplicateScene(scene_id=scene_id))
        elif name == "delete-scene":
            self.run(DeleteScene(scene_id=scene_id), busy=[scene_id])
        elif name == "merge-scene":
            index = ordered.index(scene_id)
            following = ordered[index + 1:index + 2]
            self.run(MergeScenes(scene_id=scene_id), busy=[scene_id, *following])
        elif name == "split-scene":
            self.split(scene_id)

    def split(self, scene_id: str) -> None:
        """A 9 s scene splits into two 5 s scenes; a 5 s one asks the new scene's length."""
        session = self.session
        if session is None:
            return
        scene = session.project.scene(scene_id)
        if scene.duration == LONG or len(session.project.scenes) >= MAX_SCENES:
            self.run(SplitScene(scene_id=scene_id), busy=[scene_id])
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Split scene",
                          f"“{scene.title}” lasts {scene.duration} s and stays so. "
                          "How long is the new scene after it?",
                          QMessageBox.StandardButton.Cancel, self._parent)
        box.setObjectName("split-length")
        for seconds in (SHORT, LONG):
            button = box.addButton(f"{seconds} s", QMessageBox.ButtonRole.AcceptRole)
            button.setObjectName(f"split-{seconds}")
            button.clicked.connect(lambda _c=False, s=seconds: self.run(
                SplitScene(scene_id=scene_id, new_duration=s), busy=[scene_id]))
        name_message_box(box)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.length_question = box
        box.open()  # never a nested event loop

    def run(self, command: Any, busy: list[str] | None = None) -> bool:
        session = self.session
        if session is None:
            return False
        for scene_id in busy or []:
            for kind in SCENE_SLOT_KINDS:
                if session.busy(SlotRef(scene_id, kind)) is not None:
                    self.message.emit(f"{command.label.lower()}: scene {self._number(scene_id)} "
                                      "is generating; cancel it first")
                    return False
        try:
            session.execute(command)
        except StructureError as exc:
            self.message.emit(f"{command.label.lower()}: {exc}")
            return False
        made = getattr(command, "added", None)
        if isinstance(made, str):
            self.added.emit(made)
        return True

