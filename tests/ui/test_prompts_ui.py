"""A card's prompts, typed into as a user types: exactly what depends on the prompt is shown
stale, "reset to planned" brings the plan's words back, and undo takes the reset back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.keys import type_text
from vidstudio.core.commands import AddTake
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Take
from vidstudio.core.vocabulary import SlotKind

SCRIPT = """EXT. ROCKY SHORE - DAWN

At dawn the sea is calm and gulls circle over the wet rocks.
"""


def test_prompt_edit_marks_exactly_its_dependants_and_reset_to_planned(
        window: Any, qtbot: Any, run: Any) -> None:
    run(window.start())
    type_text(window.script_pane.editor, SCRIPT)
    qtbot.mouseClick(window.script_pane.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and bool(window.session.project.scenes),
                    timeout=60000)
    session = window.session
    scene = session.project.ordered_scenes[0]
    qtbot.waitUntil(lambda: scene.id in window.board.cards and not window.board.building,
                    timeout=10000)
    qtbot.waitUntil(lambda: not session.manager.running(), timeout=30000)
    # Every slot of the scene holds a take, as a generation leaves it.
    for kind in scene.slots:
        session.apply(AddTake(SlotRef(scene.id, kind), Take(provider="local")))
    card = window.board.cards[scene.id]
    qtbot.waitUntil(lambda: not any(r.badge.isVisible() for r in card.rows.values()))

    assert not card.prompts.isVisible()
    qtbot.mouseClick(card.prompts_toggle, Qt.MouseButton.LeftButton)
    assert card.prompts.isVisible()
    field = card.prompts.fields["last_frame_prompt"]
    reset = card.prompts.resets["last_frame_prompt"]
    assert field.accessibleName() == "Last keyframe prompt of scene 1"
    planned = scene.planned["last_frame_prompt"]
    assert field.toPlainText() == planned and not reset.isEnabled()
    assert card.prompts.sent.text().startswith("sent as: ")

    window.activateWindow()
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, ", a red boat")
    assert scene.last_frame_prompt == f"{planned}, a red boat"
    assert {k for k, s in scene.slots.items() if s.stale} == {SlotKind.LAST_FRAME,
                                                              SlotKind.CLIP}
    qtbot.waitUntil(lambda: card.rows[SlotKind.CLIP].badge.isVisible())
    assert card.rows[SlotKind.FIRST_FRAME].badge.isVisible()  # the keyframes row: last is stale
    assert not card.rows[SlotKind.SFX].badge.isVisible()
    assert not card.rows[SlotKind.NARRATION].badge.isVisible()
    assert window.undo_action.text() == "&Undo Edit last frame prompt", "typing is one step"
    qtbot.waitUntil(reset.isEnabled)

    qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
    assert scene.last_frame_prompt == planned and "last_frame_prompt" not in scene.edited
    qtbot.waitUntil(lambda: field.toPlainText() == planned and not reset.isEnabled())
    QTest.keyClick(window.board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert scene.last_frame_prompt == f"{planned}, a red boat"
    qtbot.waitUntil(lambda: field.toPlainText() == scene.last_frame_prompt)

    # The place's card: the selected image's prompt, typed into and reset to the plan's words.
    env = session.project.environment(scene.environment_id)
    qtbot.waitUntil(lambda: env.id in window.environments.cards, timeout=10000)
    place = window.environments.cards[env.id]
    qtbot.mouseClick(place.buttons[1], Qt.MouseButton.LeftButton)
    assert place.prompt.accessibleName() == f"Prompt of the selected image of environment {env.name}"
    planned_image = env.planned["image_prompts"][1]
    assert place.prompt.text() == planned_image and not place.reset_prompt.isEnabled()
    place.prompt.setFocus()
    QTest.keyClick(place.prompt, Qt.Key.Key_End)
    QTest.keyClicks(place.prompt, " at night")
    assert env.image_prompts[1] == f"{planned_image} at night"
    assert env.image_prompts[0] == env.planned["image_prompts"][0], "only this image's prompt"
    qtbot.waitUntil(place.reset_prompt.isEnabled)
    qtbot.mouseClick(place.reset_prompt, Qt.MouseButton.LeftButton)
    assert env.image_prompts[1] == planned_image
    qtbot.waitUntil(lambda: place.prompt.text() == planned_image)
    assert QApplication.focusWidget() is not None
