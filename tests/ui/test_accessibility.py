"""Every control a user can reach has an accessible name, and every text can be read (WCAG AA
contrast, measured on the grabbed pixels), in the main window with a planned project and in
every dialog it opens: settings (each tab), export, about and a message box."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from tests.ui.a11y import (
    contrast_ratio,
    low_contrast,
    measured_contrast,
    missing_glyphs,
    readable_texts,
    unnamed_controls,
)
from tests.ui.keys import click_tab, retype, type_text
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from pathlib import Path


SCRIPT = """INT. LIGHTHOUSE LAMP ROOM - NIGHT

The old keeper climbs the spiral stairs as the storm hits the glass, lamp in hand.

EXT. ROCKY SHORE - DAWN

At dawn the sea is calm and gulls circle over the wet rocks.
"""


def _problems(top: QWidget) -> list[str]:
    return [str(f) for f in unnamed_controls(top) + missing_glyphs(top) + low_contrast(top)]


def _settle(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.board.pacer.busy, timeout=30000)
    session = window.session
    qtbot.waitUntil(lambda: len(window.board.cards) == len(session.project.scenes)
                    and len(window.environments.cards) == len(session.project.environments),
                    timeout=30000)
    qtbot.wait(300)  # thumbnails arrive


def _open_dialog(qtbot: Any, window: Any, trigger: Any, kind: type[QWidget]) -> Any:
    before = set(window.findChildren(kind))
    trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in set(window.findChildren(kind)) - before))
    dialog = next(d for d in set(window.findChildren(kind)) - before if d.isVisible())
    qtbot.wait(50)
    return dialog


def test_the_contrast_measure_tells_readable_from_unreadable(qtbot: Any) -> None:
    """The measure itself: light grey on white fails, the same text in near-black passes."""
    assert contrast_ratio(np.array([0, 0, 0]), np.array([255, 255, 255])) == pytest.approx(21)
    assert contrast_ratio(np.array([118, 118, 118]), np.array([255, 255, 255])) == \
        pytest.approx(4.54, abs=0.01)
    ratios = {}
    for colour in ("#c8c8c8", "#202020"):
        holder = QWidget()
        qtbot.addWidget(holder)
        holder.setStyleSheet("background: white;")
        label = QLabel("enter a key first", holder)
        label.setStyleSheet(f"color: {colour}; font-size: 12pt;")
        QVBoxLayout(holder).addWidget(label)
        holder.show()
        qtbot.waitExposed(holder)
        ratios[colour] = [str(f) for f in low_contrast(holder)]
        from tests.ui.a11y import image_array

        measured = measured_contrast(image_array(label.grab().toImage()))
        assert measured is not None
        if colour == "#202020":
            assert measured > 12
        else:
            assert measured < 2
    assert len(ratios["#c8c8c8"]) == 1 and "contrast" in ratios["#c8c8c8"][0]
    assert ratios["#202020"] == []


def test_a_control_without_a_name_is_found(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLineEdit, QPushButton

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    named = QPushButton("Regenerate")
    named.setAccessibleName("Regenerate clip of scene 1")
    layout.addWidget(named)
    layout.addWidget(QLineEdit())
    holder.show()
    found = [str(f) for f in unnamed_controls(holder)]
    assert len(found) == 1 and found[0].startswith("QLineEdit")


def test_the_glyph_check_finds_a_character_no_font_draws(qtbot: Any) -> None:
    """A private-use character (no font has it) is found; plain text and painted icons pass."""
    from PySide6.QtWidgets import QToolButton

    from vidstudio.ui.icons import set_icon

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(QLabel("Compare takes"))
    layout.addWidget(QLabel("\U0010fffd"))
    compare = QToolButton()
    set_icon(compare, "compare")
    layout.addWidget(compare)
    holder.show()
    found = [str(f) for f in missing_glyphs(holder)]
    assert len(found) == 1 and found[0].endswith("no font draws U+10FFFD"), found
    assert not compare.icon().isNull() and not compare.text()


def test_main_window_and_every_dialog_are_named_and_readable(
        window: Any, run: Any, qtbot: Any) -> None:
    window.resize(1600, 980)
    run(window.start())
    type_text(window.script_pane.editor, SCRIPT)
    qtbot.mouseClick(window.script_pane.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and bool(window.session.project.scenes),
                    timeout=60000)
    qtbot.waitUntil(lambda: not window.session.manager.running(), timeout=30000)
    _settle(qtbot, window)
    assert len(readable_texts(window)) > 60  # the walk sees the cards, panels and menus
    problems = {"main window": _problems(window)}
    window.resize(1280, 720)
    qtbot.wait(200)
    # Every dock shown, the window still fits a 1280×720 screen (its minimum size decides).
    assert window.width() <= 1280 and window.height() <= 720, window.size()
    problems["main window at 1280×720"] = _problems(window)

    settings = _open_dialog(qtbot, window, window.settings_action.trigger, QDialog)
    for index in range(settings.tabs.count()):
        click_tab(settings.tabs, index)
        if settings.tabs.tabText(index).startswith("Keys"):
            # "Test connection" without a key says so in the dialog: that text counts too
            service = next(iter(settings.test_buttons))
            retype(settings.key_edits[service], "")
            qtbot.mouseClick(settings.test_buttons[service], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda s=service: bool(settings.test_results[s].text()))
        qtbot.wait(30)
        problems[f"settings, {settings.tabs.tabText(index)}"] = _problems(settings)
    settings.reject()

    export = _open_dialog(qtbot, window, window.export_action.trigger, QDialog)
    problems["export"] = _problems(export)
    export.reject()

    about = next(a for a in window.findChildren(QAction) if a.text() == "&About vidstudio")
    box = _open_dialog(qtbot, window, about.trigger, QMessageBox)
    problems["about"] = _problems(box)
    credited = box.informativeText()
    assert "Fluent Emoji" in credited and "Microsoft" in credited and "MIT" in credited
    assert "en_US-joe-medium" in credited and "DejaVu" in credited
    box.done(0)

    box = _open_dialog(qtbot, window, lambda: window.show_error("the disk is full"), QMessageBox)
    problems["message box"] = _problems(box)
    box.done(0)

    found = {where: items for where, items in problems.items() if items}
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(items)
                                for where, items in found.items())


def test_a_cards_names_follow_its_number_when_scenes_are_reordered(
        window: Any, sample_project: Path, run: Any, qtbot: Any) -> None:
    run(window.start(sample_project))
    _settle(qtbot, window)
    session = window.session
    first, second = (s.id for s in session.project.ordered_scenes[:2])
    card = window.board.cards[second]
    assert card.mood.accessibleName() == "Mood of scene 2"
    assert card.rows[SlotKind.CLIP].regenerate.accessibleName() == "Regenerate clip of scene 2"
    strip = card.rows[SlotKind.CLIP].strips[SlotKind.CLIP]
    assert [b.accessibleName() for b in strip.buttons] == ["Take 1 of clip of scene 2"]
    window.board.move_scene(second, 0)
    qtbot.waitUntil(lambda: card.mood.accessibleName() == "Mood of scene 1", timeout=5000)
    assert card.rows[SlotKind.CLIP].regenerate.accessibleName() == "Regenerate clip of scene 1"
    assert [b.accessibleName() for b in strip.buttons] == ["Take 1 of clip of scene 1"]
    assert window.board.cards[first].mood.accessibleName() == "Mood of scene 2"
    env = session.project.environments[0]
    env_card = window.environments.cards[env.id]
    assert env_card.description.accessibleName() == f"Description of environment {env.name}"
    assert env_card.buttons[0].accessibleName() == f"Image 1 of environment {env.name}"
