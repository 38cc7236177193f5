"""Issue 21's defects, each driven as a user meets it: real key presses, clicks and Tab on the
real window, on the qasync loop, with the offline providers and the real session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.keys import choose, choose_label, type_text
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

SCRIPT = """INT. LIGHTHOUSE LAMP ROOM - NIGHT

The old keeper climbs the spiral stairs as the storm hits the glass.

EXT. ROCKY SHORE - DAWN

At dawn the sea is calm and gulls circle over the wet rocks.
"""


def _plan(window: Any, qtbot: Any, run: Any, script: str = SCRIPT) -> Any:
    """A new project planned from ``script`` through the script pane; its session."""
    run(window.start())
    pane = window.script_pane
    type_text(pane.editor, script)
    qtbot.mouseClick(pane.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and bool(window.session.project.scenes),
                    timeout=60000)
    qtbot.waitUntil(lambda: len(window.board.cards) == len(window.session.project.scenes),
                    timeout=10000)
    qtbot.waitUntil(lambda: not window.session.manager.running(), timeout=30000)
    return window.session


def _type(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type ``text`` one key at a time, letting the window run between keys as it does for a
    person typing (each key's edit reaches the project and comes back before the next)."""
    for char in text:
        QTest.keyClicks(widget, char)
        qtbot.wait(5)


def _focus(qtbot: Any, widget: QWidget) -> None:
    widget.window().activateWindow()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=5000)


# ------------------------------------------------------------------------------ defect 1
def test_defect_1_a_comma_typed_in_mood_is_kept(window: Any, qtbot: Any, run: Any) -> None:
    session = _plan(window, qtbot, run)
    scene = session.project.ordered_scenes[0]
    card = window.board.cards[scene.id]
    _focus(qtbot, card.mood)
    QTest.keyClick(card.mood, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(card.mood, Qt.Key.Key_Delete)
    _type(qtbot, card.mood, "tense, urgent")
    qtbot.waitUntil(lambda: scene.emotions == ["tense", "urgent"], timeout=5000)
    qtbot.wait(50)  # the card's redraw after the last key
    assert card.mood.text() == "tense, urgent"


# ------------------------------------------------------------------------------ defect 4
TITLE_CARD_SCRIPT = "[TITLE CARD: THE LAST LIGHT]\n\n" + SCRIPT


def test_defect_4_a_title_card_is_the_films_title_not_a_scene(window: Any, qtbot: Any,
                                                                run: Any) -> None:
    session = _plan(window, qtbot, run, TITLE_CARD_SCRIPT)
    scenes = session.project.ordered_scenes
    assert len(scenes) == len(window.board.cards) == 2
    assert all(s.narration.strip() for s in scenes), [s.title for s in scenes]
    assert session.project.title == "The Last Light"
    for scene in scenes:  # no card waits forever for a voice it cannot have
        card = window.board.cards[scene.id]
        assert card.rows[SlotKind.NARRATION].regenerate.isEnabled()


# ------------------------------------------------------------------------------ defect 5
LONG_SLUG = ("INT. THE OLD ABANDONED STONE LIGHTHOUSE ON THE NORTHERN ROCKY COASTLINE OF THE "
             "ISLAND - NIGHT")
LONG_SLUG_SCRIPT = f"{LONG_SLUG}\n\nThe old keeper climbs the spiral stairs as the storm hits.\n"


def test_defect_5_titles_end_at_a_word_and_long_fields_show_their_start(
        window: Any, qtbot: Any, run: Any) -> None:
    session = _plan(window, qtbot, run, LONG_SLUG_SCRIPT)
    scene = session.project.ordered_scenes[0]
    words = set(LONG_SLUG.lower().replace(".", " ").split())
    assert 0 < len(scene.title) <= 60
    assert all(word.strip(",") in words for word in scene.title.lower().split()), scene.title
    card = window.board.cards[scene.id]
    assert card.title.text() == scene.title
    assert card.title.cursorPosition() == 0, "the title shows its start"
    # A long sound prompt, typed, undone and redone while the focus is elsewhere: the field
    # is rewritten and shows the prompt's start.
    sfx = "waves breaking on the rocks below, wind howling through the broken lantern glass"
    _focus(qtbot, card.sfx)
    QTest.keyClick(card.sfx, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(card.sfx, Qt.Key.Key_Delete)
    QTest.keyClicks(card.sfx, sfx)
    qtbot.waitUntil(lambda: scene.sfx_prompt == sfx, timeout=5000)
    _focus(qtbot, card.title)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: card.sfx.text() != sfx, timeout=5000)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: card.sfx.text() == sfx, timeout=5000)
    assert card.sfx.cursorPosition() == 0


# ------------------------------------------------------------------------------ defect 6
def test_defect_6_tab_in_narration_moves_focus(window: Any, qtbot: Any, run: Any) -> None:
    session = _plan(window, qtbot, run)
    scene = session.project.ordered_scenes[0]
    card = window.board.cards[scene.id]
    before = scene.narration
    _focus(qtbot, card.narration)
    QTest.keyClick(card.narration, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not card.narration.hasFocus(), timeout=5000)
    assert "\t" not in card.narration.toPlainText()
    assert scene.narration == before
    assert card.sfx.hasFocus(), "Tab goes on to the next field, Sound"


# ------------------------------------------------------------------------------ defect 3
_REOPEN_DRIVER = '''
import sys
from PySide6.QtCore import QTimer
import vidstudio.ui.main_window as main_window
from vidstudio import app

class Probe(main_window.MainWindow):
    """The editor's own window, which reports whether the first scene card and the first
    place show their pictures, then closes."""

    def __init__(self, services):
        super().__init__(services)
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._look)
        self._timer.start(100)

    def _look(self):
        self._ticks += 1
        session = self.session
        missing = ["project"]
        if session is not None and not self.board.building and not self.pacer.busy:
            scenes = session.project.ordered_scenes
            envs = session.project.environments
            card = self.board.cards.get(scenes[0].id)
            place = self.environments.cards.get(envs[0].id)
            missing = []
            if card is None or card.thumbnail.pixmap().isNull():
                missing.append("scene card")
            if place is None or not place.buttons or place.buttons[0].icon().isNull():
                missing.append("place")
        if not missing or self._ticks > 200:
            print("missing: " + ", ".join(missing) if missing else "thumbnails shown",
                  flush=True)
            self._timer.stop()
            self.close()

if __name__ == "__main__":
    main_window.MainWindow = Probe
    sys.exit(app.main([sys.argv[1]]))
'''


def test_defect_3_a_reopened_project_shows_its_first_thumbnails(sample_project: Any,
                                                                 tmp_path: Any) -> None:
    """The editor as ``vidstudio app PROJECT`` runs it (its own event loop), opening a project
    with pictures: the first card and the first place show them, and no task fails unseen."""
    import os
    import subprocess
    import sys

    driver = tmp_path / "reopen.py"
    driver.write_text(_REOPEN_DRIVER)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "VIDSTUDIO_NO_KEYRING": "1",
           "VIDSTUDIO_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, str(driver), str(sample_project)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert "thumbnails shown" in done.stdout, done.stdout + done.stderr[-3000:]
    assert "Task exception was never retrieved" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]


# ------------------------------------------------------------------------------ defect 9
def test_defect_9_export_asks_before_writing_out_of_date_work(
        window: Any, sample_project: Any, qtbot: Any, run: Any, tmp_path: Any) -> None:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from vidstudio.jobs.manager import JobState
    from vidstudio.ui.export_dialog import ExportDialog

    run(window.start(sample_project))
    session = window.session
    scene = session.project.ordered_scenes[0]
    qtbot.waitUntil(lambda: scene.id in window.board.cards, timeout=10000)
    card = window.board.cards[scene.id]
    _focus(qtbot, card.narration)
    QTest.keyClick(card.narration, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(card.narration, " The end.")
    qtbot.waitUntil(lambda: scene.slots[SlotKind.NARRATION].stale, timeout=5000)

    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(window.findChildren(ExportDialog)), timeout=5000)
    dialog = window.findChildren(ExportDialog)[0]
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    output = tmp_path / "stale.mp4"
    choose(dialog.preset_combo, "web-720p")
    choose_label(dialog.quality_combo, "Draft (fast)")
    choose(dialog.subtitles_combo, "off")
    _focus(qtbot, dialog.path_edit)
    QTest.keyClick(dialog.path_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.path_edit, str(output))

    def exports() -> list[Any]:
        return [j for j in session.manager.jobs if j.kind == "export"]

    # Export: a question first, and nothing written; Cancel leaves it so.
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.message_box
    assert box is not None and box.objectName() == "confirm-stale"
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert "narration of scene 1" in box.text()
    assert not exports() and not output.exists()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    qtbot.wait(100)
    assert not exports() and not output.exists()

    # Export again, and "Export anyway": the film is written.
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.message_box
    assert box is not None and box.objectName() == "confirm-stale"
    anyway = box.findChild(QPushButton, "export-anyway")
    qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(exports()) and exports()[0].state.finished, timeout=240000)
    assert exports()[0].state is JobState.SUCCEEDED, exports()[0].outcome
    assert output.is_file()


# ----------------------------------------------------------------------------- defect 11
def _generate_all(window: Any, qtbot: Any) -> None:
    from vidstudio.jobs.manager import JobState

    window.generate_action.trigger()
    # Generate all starts its job on the next turn of the loop (render_script).
    qtbot.waitUntil(lambda: any(j.kind == "generate-all" for j in window.session.manager.jobs))
    job = next(j for j in window.session.manager.jobs if j.kind == "generate-all")
    qtbot.waitUntil(lambda: job.state.finished, timeout=300000)
    assert job.state is JobState.SUCCEEDED, job.outcome


def test_defect_11_undo_during_a_regenerate_asks_then_cancels_and_undoes_it_whole(
        window: Any, qtbot: Any, run: Any) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from vidstudio.jobs.manager import JobState

    session = _plan(window, qtbot, run)
    _generate_all(window, qtbot)
    scene = session.project.ordered_scenes[0]
    kinds = (SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP)
    before = {k: scene.slots[k].active for k in kinds}
    takes_before = {k: {t.id for t in s.takes} for k, s in scene.slots.items()}
    card = window.board.cards[scene.id]

    qtbot.mouseClick(card.rows[SlotKind.FIRST_FRAME].regenerate, Qt.MouseButton.LeftButton)
    job = next(j for j in session.manager.jobs if j.kind == "regenerate")
    first = scene.slots[SlotKind.FIRST_FRAME]
    # Undo once the new first keyframe is in and the job goes on with what is built on it.
    qtbot.waitUntil(lambda: len(first.takes) > len(takes_before[SlotKind.FIRST_FRAME])
                    or job.state.finished, timeout=120000)
    assert not job.state.finished, "the regenerate ended before it could be undone"
    assert job.name in window.undo_action.text() and "running" in window.undo_action.text()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    QTest.keyClick(window.board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    box = window.undo_question
    assert box is not None and box.isVisible()
    assert box.text() == f"Cancel {job.name} and undo it?"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: job.state.finished, timeout=60000)
    assert job.state is JobState.CANCELLED, job.outcome
    qtbot.waitUntil(lambda: {k: scene.slots[k].active for k in kinds} == before, timeout=10000)
    for kind, slot in scene.slots.items():  # nothing the cancelled job made is in use, fresh
        made = {t.id for t in slot.takes} - takes_before[kind]
        assert slot.active not in made or slot.stale, kind
    assert not session.open_transactions
    assert "running" not in window.undo_action.text()


# ------------------------------------------------------------------------------ defect 7
def test_defect_7_a_narrow_window_keeps_a_column_of_cards_and_places_fit_their_panel(
        window: Any, qtbot: Any, run: Any) -> None:
    _plan(window, qtbot, run)
    board = window.board
    card_width = next(iter(board.cards.values())).width()
    window.resize(960, 720)
    qtbot.waitUntil(lambda: window.width() < 1200, timeout=5000)
    qtbot.wait(50)
    from PySide6.QtWidgets import QGridLayout

    spacing = board.widget().findChild(QGridLayout).contentsMargins().left()  # around cards
    assert board.viewport().width() >= card_width + 2 * spacing, board.viewport().width()

    window.resize(1920, 1080)
    panel = window.environments
    qtbot.waitUntil(lambda: not panel.building and bool(panel.cards), timeout=10000)
    qtbot.wait(50)
    view = panel.scroll_area.viewport()
    for card in panel.cards.values():
        assert card.buttons
        assert card.geometry().right() < view.width(), (card.width(), view.width())
        for button in card.buttons:
            assert button.geometry().right() < card.width()


# ------------------------------------------------------------------------------ defect 8
def test_defect_8_jobs_are_readable_and_a_parent_is_not_done_before_its_step(
        window: Any, qtbot: Any, run: Any) -> None:
    import asyncio

    from PySide6.QtGui import QFontMetrics

    from vidstudio.ui.jobs_panel import COLUMNS

    session = _plan(window, qtbot, run)
    panel = window.jobs_panel
    table = panel.table
    model = panel.model
    # The dock's default width: the job's name has the room a typical step's name needs.
    wanted = QFontMetrics(table.font()).horizontalAdvance("   ↳ Regenerate clip of scene 2")
    assert table.columnWidth(0) >= wanted, (table.columnWidth(0), panel.width())
    assert not table.isColumnHidden(COLUMNS.index("Progress"))
    titles = QFontMetrics(table.horizontalHeader().font())
    for column in range(1, len(COLUMNS)):
        if not table.isColumnHidden(column):  # each title is whole, not "'rogres"
            title = table.model().headerData(column, Qt.Orientation.Horizontal)
            assert table.columnWidth(column) > titles.horizontalAdvance(title), title

    # A resumed "Generate all": most steps were made before (99 %), one still runs (19 %).
    release = asyncio.Event()

    async def step(reporter: Any) -> None:
        await asyncio.sleep(1.0)
        reporter(0.19, "painting")
        await release.wait()

    async def generate(reporter: Any) -> None:
        reporter(0.99, "resumed")
        child = session.manager.submit(step, "Lamp room: clip", kind="step", resource="none",
                                       parent=reporter.job)
        await release.wait()
        await asyncio.wait([child.task])

    parent = session.manager.submit(generate, "Generate all (test)", kind="generate-all",
                                    resource="none")
    try:
        qtbot.waitUntil(lambda: any(j.parent is parent and j.progress >= 0.19
                                    for j in session.manager.jobs), timeout=10000)
        qtbot.waitUntil(lambda: parent in model.jobs, timeout=5000)
        child = next(j for j in model.jobs if j.parent is parent)
        parent_row, child_row = model.jobs.index(parent), model.jobs.index(child)

        def shown(row: int, column: str) -> str:
            return str(model.data(model.index(row, COLUMNS.index(column))))

        def seconds(text: str) -> int:
            minutes, secs = text.split(":")
            return int(minutes) * 60 + int(secs)

        assert parent.progress == 0.99 and shown(parent_row, "Progress") != "99%"
        assert int(shown(parent_row, "Progress").rstrip("%")) <= 19
        assert seconds(shown(parent_row, "Time left")) >= seconds(shown(child_row, "Time left"))
        assert seconds(shown(parent_row, "Time left")) > 0
    finally:
        release.set()
        qtbot.waitUntil(lambda: parent.state.finished, timeout=10000)


# ----------------------------------------------------------------------------- defect 10
def test_defect_10_the_command_line_names_the_sound_slot_as_the_window_does() -> None:
    from vidstudio.cli.parser import build_parser

    parser = build_parser()
    for name in ("sound", "sfx"):
        args = parser.parse_args(["regenerate", "p.vidstudio", "--scene", "1", "--slot", name])
        assert args.slot == name
    shown = parser.parse_args(["regenerate", "p", "--scene", "1", "--slot", "clip"])
    assert shown.slot == "clip"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        parser.parse_args(["regenerate", "--help"])
    assert "sound" in out.getvalue() and "sfx" not in out.getvalue()


def test_defect_10_the_preview_shows_a_picture_and_ctrl_p_plays_the_film(
        window: Any, sample_project: Any, qtbot: Any, run: Any) -> None:
    from PySide6.QtWidgets import QApplication

    run(window.start(sample_project))
    preview = window.preview
    # Not black before Film is pressed: the film's first picture.
    qtbot.waitUntil(lambda: preview.mode == "image" and not preview.picture.pixmap().isNull(),
                    timeout=10000)
    assert preview.stack.currentWidget() is preview.picture
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    with qtbot.waitSignal(preview.film_ready, timeout=240000):
        QTest.keyClick(window.board, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: preview.mode == "film" and preview.is_playing()
                    and preview.position() > 0.2, timeout=30000)


def test_defect_10_a_long_status_message_is_cut_with_its_whole_text_in_a_tooltip(
        window: Any, qtbot: Any, run: Any) -> None:
    run(window.start())
    words = " ".join(f"word{i}" for i in range(20000))
    window.say(f"planned: {words}")
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert shown.endswith("…") and len(shown) < 1000
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.width()
    assert bar.toolTip() == f"planned: {words}"
    window.say("saved")
    assert bar.currentMessage() == "saved" and bar.toolTip() == ""


def _pixels(image: Any) -> Any:
    import numpy as np
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    return np.frombuffer(bytes(image.constBits()), dtype=np.uint8).astype(np.float32)


def _frame_at(path: Any, seconds: float, size: Any, folder: Any) -> Any:
    import subprocess

    import imageio_ffmpeg
    from PySide6.QtGui import QImage

    out = folder / f"{path.stem}-{seconds}.png"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-ss", str(seconds),
                    "-i", str(path), "-frames:v", "1", "-vf", "scale=320:-2", str(out)],
                   check=True, timeout=60)
    return _pixels(QImage(str(out)).scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))


def test_defect_10_two_takes_of_a_regenerated_clip_have_different_thumbnails(
        window: Any, qtbot: Any, run: Any, tmp_path: Any) -> None:
    """Takes of a clip share their keyframes, so their opening frames (the thumbnail was the
    frame at 0.5 s) look alike; a thumbnail is the middle frame, where each take's own camera
    pace shows."""
    from vidstudio.jobs.manager import JobState

    session = _plan(window, qtbot, run)
    _generate_all(window, qtbot)
    scene = session.project.ordered_scenes[0]
    row = window.board.cards[scene.id].rows[SlotKind.CLIP]
    qtbot.mouseClick(row.regenerate, Qt.MouseButton.LeftButton)
    job = next(j for j in session.manager.jobs if j.kind == "regenerate")
    qtbot.waitUntil(lambda: job.state.finished, timeout=120000)
    assert job.state is JobState.SUCCEEDED, job.outcome
    strip = row.strips[SlotKind.CLIP]
    qtbot.waitUntil(lambda: len(strip.buttons) == 2
                    and all(not b.icon().isNull() for b in strip.buttons), timeout=20000)
    size = strip.buttons[0].iconSize()
    first, second = (_pixels(b.icon().pixmap(size).toImage()) for b in strip.buttons)
    assert first.shape == second.shape
    shown = float(abs(first - second).mean())
    files = [session.folder.assets.resolve(t.file) for t in scene.slots[SlotKind.CLIP].takes]
    early = [_frame_at(f, 0.5, size, tmp_path) for f in files]
    opening = float(abs(early[0] - early[1]).mean())
    assert shown > 1.5 * opening and shown > 0.5, (shown, opening)
