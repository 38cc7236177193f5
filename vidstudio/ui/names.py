"""Accessible names, in the editor's one pattern, so screen readers and test drivers find
every control by what it is for: "Mood of scene 2", "Regenerate clip of scene 2",
"Take 1 of clip of scene 2", "Description of environment Lighthouse". Set where the widget is
made, and again when what the name mentions (the scene's number, the place's name) changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QToolBar, QWidget

W = TypeVar("W", bound="QWidget")

SLOT_NAMES: dict[SlotKind, str] = {
    SlotKind.ENV_IMAGE: "image",
    SlotKind.CHARACTER_IMAGE: "reference image",
    SlotKind.STYLE: "style",
    SlotKind.FIRST_FRAME: "first keyframe",
    SlotKind.LAST_FRAME: "last keyframe",
    SlotKind.CLIP: "clip",
    SlotKind.SFX: "sound",
    SlotKind.NARRATION: "narration",
}


def named(widget: W, name: str) -> W:
    """``widget`` with its accessible name set (for use where the widget is made)."""
    widget.setAccessibleName(name)
    return widget


def of_scene(number: int) -> str:
    return f"of scene {number}"


def of_slot(kind: SlotKind, number: int) -> str:
    """ "clip of scene 2" """
    return f"{SLOT_NAMES.get(kind, kind.value)} {of_scene(number)}"


def take_name(index: int, context: str) -> str:
    """ "Take 1 of clip of scene 2" (``context`` from :func:`of_slot`; ``index`` from 1)."""
    return f"Take {index} of {context}" if context else f"Take {index}"


def of_environment(name: str) -> str:
    return f"of environment {name}"


def name_toolbar_buttons(toolbar: QToolBar) -> None:
    """The buttons a toolbar makes for its actions, named as their actions (less the & and
    any text a running state adds later: the name is what the button is for)."""
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if button is not None and action.text():
            button.setAccessibleName(action.text().replace("&", ""))


def name_message_box(box: QMessageBox) -> None:
    """A message box's buttons, named by their text and the question they answer."""
    title = box.windowTitle()
    for button in box.buttons():
        text = button.text().replace("&", "")
        button.setAccessibleName(f"{text}: {title}" if title else text)
