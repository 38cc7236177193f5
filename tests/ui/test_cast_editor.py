"""The cast in the editor, driven as a user does: the Cast panel's look fields, wardrobe, kind,
lock, voice, own photo, add and remove; a scene card's chips (add, reorder, take out). A look
edit makes exactly the slots that depend on the character stale, and undo takes it back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from tests.ui.a11y import low_contrast, unnamed_controls
from vidstudio.core.models import (
    CastMember,
    Character,
    Environment,
    Garment,
    Look,
    Project,
    Scene,
    Settings,
    Take,
)
from vidstudio.core.vocabulary import CharacterKind, SlotKind
from vidstudio.storage import ProjectFolder

if TYPE_CHECKING:

    from PySide6.QtWidgets import QMenu, QWidget

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _picture(path: Path, colour: str) -> Path:
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def _with_take(folder: ProjectFolder, kind: SlotKind, picture: Path) -> Any:
    from vidstudio.core.models import Slot

    take = Take(file=folder.assets.add(picture, move=False), provider="test", seed=1)
    return Slot(kind=kind, takes=[take], active=take.id)


def cast_project(path: Path) -> Path:
    """Two scenes in one harbour; Ines in frame in scene 1, the goat in scene 2. Every keyframe,
    clip and sheet image has a take, so what goes stale can be seen."""
    harbour = Environment(name="Harbour", setting="harbour", description="a stone quay")
    ines = Character(name="Ines", description="the pilot",
                     look=Look(age="young", hair="short black hair",
                               wardrobe=(Garment(item="raincoat", colour="blue"),)),
                     sheet_prompts=["front view", "side view"])
    goat = Character(name="Goat", kind=CharacterKind.ANIMAL, look=Look(hair="white fur"),
                     sheet_prompts=["full figure"])
    scenes = [Scene(title="Arrival", environment_id=harbour.id, order=0,
                    cast=[CastMember(character_id=ines.id, action="waves")]),
              Scene(title="The goat", environment_id=harbour.id, order=1,
                    cast=[CastMember(character_id=goat.id)])]
    project = Project(title="Cast", settings=Settings(short_side=144, fps=12),
                      environments=[harbour], characters=[ines, goat], scenes=scenes)
    folder = ProjectFolder.create(path, project)
    pictures = path.parent / "pictures"
    pictures.mkdir(exist_ok=True)
    for n, character in enumerate(project.characters):
        character.sheet = [_with_take(folder, SlotKind.CHARACTER_IMAGE,
                                      _picture(pictures / f"sheet-{n}-{i}.png", colour))
                           for i, colour in enumerate(["#3060c0", "#c03030"][:len(character.sheet)])]
    for n, scene in enumerate(project.scenes):
        for kind in (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP):
            scene.slots[kind] = _with_take(folder, kind,
                                           _picture(pictures / f"{n}-{kind.value}.png", "#406040"))
    folder.save(project)
    return path


@pytest.fixture
def cast_window(window: Any, tmp_path: Path, run: Any, qtbot: Any) -> Any:
    run(window.start(cast_project(tmp_path / "cast.vidstudio")))
    window.cast_dock.raise_()
    session = window.session
    qtbot.waitUntil(lambda: len(window.cast_panel.cards) == 2
                    and len(window.board.cards) == 2 and not window.pacer.busy, timeout=30000)
    return window, session


def _click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose_in_menu(qtbot: Any, menu: QMenu, text: str) -> None:
    """Click the menu entry ``text`` of an open (popped up) menu."""
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    action = next(a for a in menu.actions() if a.text() == text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5000)


def _stale(session: Any) -> set[tuple[str, SlotKind, int | None]]:
    project = session.project
    found = {(c.name, SlotKind.CHARACTER_IMAGE, i) for c in project.characters
             for i, s in enumerate(c.sheet) if s.stale}
    found |= {(s.title, k, None) for s in project.scenes for k, slot in s.slots.items()
              if slot.stale}
    return found


def test_a_look_edit_makes_exactly_its_dependents_stale_and_undo_restores_it(
        cast_window: Any, qtbot: Any) -> None:
    window, session = cast_window
    ines = session.project.characters[0]
    card = window.cast_panel.cards[ines.id]
    assert card.look_edits["age"].accessibleName() == "Age of character Ines"
    assert card.look_edits["hair"].text() == "short black hair"
    assert [(g.item.text(), g.colour.text()) for g in card.garments] == [("raincoat", "blue")]
    assert not _stale(session)

    age = card.look_edits["age"]
    age.setFocus()
    age.selectAll()
    QTest.keyClicks(age, "old")
    QTest.keyClick(age, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.project.character(ines.id).look.age == "old", timeout=5000)
    assert _stale(session) == {("Ines", SlotKind.CHARACTER_IMAGE, 0),
                               ("Ines", SlotKind.CHARACTER_IMAGE, 1),
                               ("Arrival", SlotKind.FIRST_FRAME, None),
                               ("Arrival", SlotKind.LAST_FRAME, None),
                               ("Arrival", SlotKind.CLIP, None)}
    assert session.undo_label == "Edit character look"
    scene_card = window.board.cards[session.project.scenes[0].id]
    qtbot.waitUntil(lambda: scene_card.rows[SlotKind.FIRST_FRAME].badge.isVisibleTo(scene_card),
                    timeout=5000)
    assert not window.board.cards[session.project.scenes[1].id].rows[
        SlotKind.FIRST_FRAME].badge.isVisibleTo(window.board)
    qtbot.waitUntil(lambda: "stale" in card.sheet_state.text(), timeout=5000)

    # a stale keyframe is made again from its card as for any field: a new take, in use
    row = scene_card.rows[SlotKind.FIRST_FRAME]
    first = session.project.scenes[0].slots[SlotKind.FIRST_FRAME]
    old = first.active
    _click(qtbot, row.regenerate)
    qtbot.waitUntil(lambda: bool(session.manager.running()), timeout=10000)
    qtbot.waitUntil(lambda: not session.manager.running(), timeout=120000)
    first = session.project.scenes[0].slots[SlotKind.FIRST_FRAME]
    assert len(first.takes) == 2 and first.active != old
    assert first.active_take is not None and first.active_take.status == "ready"
    assert [len(s.slots[SlotKind.FIRST_FRAME].takes) for s in session.project.scenes] == [2, 1]

    window.undo_action.trigger()  # the regenerate, then the look edit: one step each
    assert session.project.scenes[0].slots[SlotKind.FIRST_FRAME].active == old
    window.undo_action.trigger()
    assert session.project.character(ines.id).look.age == "young"
    qtbot.waitUntil(lambda: age.text() == "young", timeout=5000)


def test_wardrobe_kind_lock_voice_and_name_are_edited_from_the_card(
        cast_window: Any, qtbot: Any) -> None:
    window, session = cast_window
    goat = session.project.characters[1]
    card = window.cast_panel.cards[goat.id]
    _click(qtbot, card.add_garment)
    row = card.garments[-1]
    qtbot.waitUntil(row.item.hasFocus, timeout=5000)
    assert row.item.accessibleName() == "Garment 1 of character Goat"
    QTest.keyClicks(row.item, "collar")
    QTest.keyClicks(row.colour, "red")
    QTest.keyClick(row.colour, Qt.Key.Key_Tab)  # leaving the field commits it
    qtbot.waitUntil(lambda: session.project.character(goat.id).look.wardrobe
                    == (Garment(item="collar", colour="red"),), timeout=5000)
    assert "red" in row.swatch.styleSheet()
    _click(qtbot, row.remove)
    qtbot.waitUntil(lambda: session.project.character(goat.id).look.wardrobe == (),
                    timeout=5000)

    card.kind.setFocus()  # a combo box chosen from the keyboard, as a user may
    QTest.keyClick(card.kind, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: session.project.character(goat.id).kind is CharacterKind.CREATURE,
                    timeout=5000)
    _click(qtbot, card.lock)
    assert session.project.character(goat.id).locked
    qtbot.waitUntil(lambda: card.voice.count() > 1, timeout=30000)  # the provider's voices
    card.voice.setFocus()
    QTest.keyClick(card.voice, Qt.Key.Key_Down)
    chosen = card.voice.currentData()
    assert chosen and session.project.character(goat.id).voice == chosen

    card.name.setFocus()
    card.name.selectAll()
    QTest.keyClicks(card.name, "Nanny")
    assert session.project.character(goat.id).name == "Nanny"
    assert session.undo_label == "Edit character name"  # the typing is one step
    qtbot.waitUntil(lambda: card.look_edits["age"].accessibleName() == "Age of character Nanny",
                    timeout=5000)
    # the chip of the scene the goat is in follows the new name
    chips = window.board.cards[session.project.scenes[1].id].cast
    qtbot.waitUntil(lambda: chips.chips[0].text() == "Nanny", timeout=5000)


def test_add_remove_and_own_photo_as_a_reference_take(
        cast_window: Any, qtbot: Any, run: Any, tmp_path: Path) -> None:
    window, session = cast_window
    panel = window.cast_panel
    _click(qtbot, panel.add_button)
    qtbot.waitUntil(lambda: len(panel.cards) == 3, timeout=10000)
    added = session.project.characters[2]
    assert added.name == "Character 1" and len(added.sheet) == 4

    card = panel.cards[added.id]
    photo = _picture(tmp_path / "me.png", "#d0a020")
    panel.use_photo(added.id, photo)  # what the file dialog's choice calls
    qtbot.waitUntil(lambda: bool(session.project.character(added.id).sheet[0].takes),
                    timeout=30000)
    qtbot.waitUntil(lambda: not session.manager.running(), timeout=30000)
    take = session.project.character(added.id).sheet[0].active_take
    assert take is not None and take.provider == "import"
    assert (session.folder.path / take.file).read_bytes() == photo.read_bytes()
    strip = card.sheet_rows[0][1]
    qtbot.waitUntil(lambda: len(strip.buttons) == 1, timeout=5000)
    assert strip.buttons[0].accessibleName() == "Take 1 of reference image 1 of character " \
        "Character 1"
    window.undo_action.trigger()  # the import is one undo step: no take in use
    assert session.project.character(added.id).sheet[0].active is None
    assert session.project.character(added.id).sheet[0].takes  # takes are never lost

    # a file that is not a picture is refused in one line, and nothing changes
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture")
    panel.use_photo(added.id, bad)
    qtbot.waitUntil(lambda: not session.manager.running(), timeout=30000)
    assert len(session.project.character(added.id).sheet[0].takes) == 1

    ines = session.project.characters[0]
    _click(qtbot, panel.cards[ines.id].remove)
    assert [c.name for c in session.project.characters] == ["Goat", "Character 1"]
    assert not session.project.scenes[0].cast
    qtbot.waitUntil(lambda: ines.id not in panel.cards, timeout=5000)
    window.undo_action.trigger()
    assert session.project.scenes[0].cast[0].character_id == ines.id
    qtbot.waitUntil(lambda: ines.id in panel.cards, timeout=10000)


def test_chips_add_reorder_and_take_out_each_one_undo_step(cast_window: Any, qtbot: Any) -> None:
    window, session = cast_window
    ines, goat = session.project.characters
    first = session.project.scenes[0]
    chips = window.board.cards[first.id].cast
    assert [c.text() for c in chips.chips] == ["Ines"]
    assert chips.chips[0].accessibleName() == "Ines in frame of scene 1"

    _click(qtbot, chips.add)
    _choose_in_menu(qtbot, chips.add_menu, "Goat")
    assert [m.character_id for m in session.project.scene(first.id).cast] == [ines.id, goat.id]
    assert session.project.scene(first.id).slots[SlotKind.FIRST_FRAME].stale
    qtbot.waitUntil(lambda: [c.text() for c in chips.chips] == ["Ines", "Goat"], timeout=5000)

    _click(qtbot, chips.chips[1])
    assert not chips.move_right.isEnabled()
    _choose_in_menu(qtbot, chips.chip_menu, "Move left")
    assert [m.character_id for m in session.project.scene(first.id).cast] == [goat.id, ines.id]
    assert session.project.scene(first.id).cast[1].action == "waves"  # what they do stays
    qtbot.waitUntil(lambda: [c.text() for c in chips.chips] == ["Goat", "Ines"], timeout=5000)

    _click(qtbot, chips.chips[0])  # what the goat does in this shot
    qtbot.waitUntil(chips.chip_menu.isVisible, timeout=5000)
    assert chips.doing.text() == ""
    _click(qtbot, chips.doing)
    QTest.keyClicks(chips.doing, "chews a rope")
    QTest.keyClick(chips.doing, Qt.Key.Key_Return)
    assert session.project.scene(first.id).cast[0].action == "chews a rope"
    qtbot.waitUntil(lambda: not chips.chip_menu.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "chews a rope" in chips.chips[0].toolTip(), timeout=5000)

    chips.chips[0].setFocus()
    QTest.keyClick(chips.chips[0], Qt.Key.Key_Space)  # from the keyboard too
    _choose_in_menu(qtbot, chips.chip_menu, "Take out of this scene")
    assert [m.character_id for m in session.project.scene(first.id).cast] == [ines.id]

    for expected in ([goat.id, ines.id], [goat.id, ines.id], [ines.id, goat.id], [ines.id]):
        window.undo_action.trigger()
        assert [m.character_id for m in session.project.scene(first.id).cast] == expected
    qtbot.waitUntil(lambda: [c.text() for c in chips.chips] == ["Ines"], timeout=5000)


def test_cast_panel_and_chips_are_named_and_readable(cast_window: Any, qtbot: Any) -> None:
    window, _session = cast_window
    window.resize(1600, 980)
    qtbot.wait(300)
    problems = [str(f) for top in (window.cast_panel, window.board)
                for f in unnamed_controls(top) + low_contrast(top)]
    assert not problems, "\n".join(problems)


def test_hear_a_voice_speaks_a_short_line_off_the_qt_thread(cast_window: Any, qtbot: Any) -> None:
    import wave

    window, session = cast_window
    ines = session.project.characters[0]
    card = window.cast_panel.cards[ines.id]
    with qtbot.waitSignal(window.cast_panel.voice_preview, timeout=60000) as spoken:
        _click(qtbot, card.preview)
        assert not card.preview.isEnabled()  # one preview at a time; the window stays live
    path = Path(spoken.args[0])
    with wave.open(str(path)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert 1.0 < seconds < 10.0
    assert path.is_relative_to(session.folder.cache_dir)  # not a project file, not an asset
    qtbot.waitUntil(card.preview.isEnabled, timeout=5000)


def test_a_reference_image_opens_in_the_compare_view_and_says_why_it_has_no_variations(
        cast_window: Any, qtbot: Any) -> None:
    """A character's sheet image opens in the compare view from its strip (takes side by side,
    pick, star); offline, 'Make N' says before anything is made that the painter draws a
    character the same every time, and nothing is made."""
    from vidstudio.ui.compare import CompareView

    window, session = cast_window
    ines = session.project.characters[0]
    card = window.cast_panel.cards[ines.id]
    strip = card.sheet_rows[0][1]
    assert strip.compare.isVisibleTo(card)
    assert strip.compare.accessibleName() == "Compare takes of reference image 1 of character Ines"
    _click(qtbot, strip.compare)
    view = next(v for v in window.findChildren(CompareView) if v.isVisible())
    assert view.ref.kind is SlotKind.CHARACTER_IMAGE and view.ref.owner == ines.id
    qtbot.waitUntil(lambda: len(view.tiles) == 1, timeout=5000)
    view.count.selectAll()
    qtbot.keyClicks(view.count, "2")
    _click(qtbot, view.make)
    assert "draws a character the same way every time" in view.status.text()
    assert view.job is None
    assert len(session.project.character(ines.id).sheet[0].takes) == 1
    view.close()
