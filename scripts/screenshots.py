"""Screenshots of the editor on a rendered sample project, for the README and for review.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots.py [OUT_DIR]

Renders the lighthouse sample with the command line (once; kept in out/screens.vidstudio and
never changed afterwards), opens a copy of it in the real window on the X server, makes one
more take of scene 2's clip so its take strip has two, and saves PNGs of the whole window at
1920×1080 and at 1280×720, of that card, of the settings dialog (its keys tab, as a user
without keys sees it), of the Cast panel and of a card with its characters in frame.
``make screenshots`` runs it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render_sample(project: Path) -> None:
    if (project / "project.json").is_file():
        return
    sample = ROOT / "vidstudio" / "resources" / "samples" / "lighthouse.txt"
    film = project.with_suffix(".mp4")
    subprocess.run([str(ROOT / ".venv" / "bin" / "vidstudio"), "render", str(sample), "-o",
                    str(film), "--project", str(project), "-q"], check=True)


def working_copy(name: str, sample: Path | None = None) -> Path:
    """A fresh copy ``out/NAME.vidstudio`` of the rendered sample (rendered first if need be).

    Each script shoots its own copy: what one adds (a take, a character, a title) makes scenes
    out of date, and a film preview or export of the sample would then refuse in the next."""
    sample = sample or ROOT / "out" / "screens.vidstudio"
    sample.parent.mkdir(exist_ok=True)
    render_sample(sample)
    project = ROOT / "out" / f"{name}.vidstudio"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(sample, project, ignore=shutil.ignore_patterns(".lock", ".open"))
    return project


async def shoot(out: Path, project: Path) -> None:
    import tempfile

    from PySide6.QtCore import QSettings

    from vidstudio.app import _executor, build_services
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.ui.main_window import MainWindow

    data = Path(tempfile.mkdtemp(prefix="vidstudio-shots-"))
    settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
    with _executor() as executor:
        window = MainWindow(build_services(settings, executor=executor, data_dir=data))
        window.resize(1920, 1080)
        window.show()
        await window.start(project)
        session = window.session
        assert session is not None
        scene = session.project.ordered_scenes[1]
        while window.board.pacer.busy:  # cards are built one per event-loop turn
            await asyncio.sleep(0.05)
        card = window.board.cards[scene.id]
        if len(scene.slots[SlotKind.CLIP].takes) < 2:
            await session.wait(session.regenerate(SlotRef(scene.id, SlotKind.CLIP)))
        window.board.select_scene(scene.id)
        window._on_scene_selected(scene.id)  # its clip in the preview, its place on the timeline
        window.preview.seek(2.0)
        for _ in range(60):  # let thumbnails and waveforms arrive
            await asyncio.sleep(0.1)
        out.mkdir(parents=True, exist_ok=True)
        shots = [out / "main-window.png", out / "scene-card-takes.png"]
        grab_screen(window, shots[0])
        card.grab().save(str(shots[1]))
        window.resize(1280, 720)
        for _ in range(20):  # the docks and the board lay out again
            await asyncio.sleep(0.1)
        shots.append(out / "main-window-1280x720.png")
        grab_screen(window, shots[-1])
        shots.append(out / "settings.png")
        await shoot_settings(window, shots[-1])
        window.resize(1920, 1080)
        shots += await shoot_cast(window, out)
        for shot in shots:
            print(shot)
        window.close()
        while not window._closed:
            await asyncio.sleep(0.05)


async def shoot_cast(window: object, out: Path) -> list[Path]:
    """The Cast panel (its first character's card, the sheet made) and the first scene's card
    with its characters in frame as chips. A sample planned before the cast existed gets one
    character, added as a user would (AddCharacter, in frame in the first two scenes)."""
    from vidstudio.core.cast_commands import AddCharacter
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.models import Character, Garment, Look
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.ui.cast_panel import NEW_SHEET

    session = window.session  # type: ignore[attr-defined]
    project = session.project
    if not project.characters:
        keeper = Character(
            name="Mara", description="the lighthouse keeper",
            look=Look(age="old", build="wiry", hair="grey hair in a bun",
                      skin="weathered pale skin",
                      wardrobe=(Garment(item="oilskin coat", colour="yellow"),
                                Garment(item="wool cap", colour="navy")),
                      marks="round glasses"),
            sheet_prompts=list(NEW_SHEET))
        scenes = tuple(s.id for s in project.ordered_scenes[:2])
        session.execute(AddCharacter(keeper, scenes))
    character = project.characters[0]
    for index, slot in enumerate(character.sheet):
        if slot.active_take is None:
            ref = SlotRef(character.id, SlotKind.CHARACTER_IMAGE, index)
            try:
                await session.wait(session.regenerate(ref))
            except Exception as exc:  # noqa: BLE001  shot without it, and said
                print(f"reference image {index + 1}: {exc}")
    window.cast_dock.raise_()  # type: ignore[attr-defined]
    panel = window.cast_panel  # type: ignore[attr-defined]
    dock = window.cast_dock  # type: ignore[attr-defined]
    dock.setFloating(True)  # tall enough to show a whole card
    dock.resize(470, 1000)
    for _ in range(30):  # the cards are built, the thumbnails arrive
        await asyncio.sleep(0.1)
    scene = project.ordered_scenes[0]
    shots = [out / "cast-panel.png", out / "scene-card-cast.png"]
    panel.grab().save(str(shots[0]))
    window.board.cards[scene.id].grab().save(str(shots[1]))  # type: ignore[attr-defined]
    dock.setFloating(False)
    window.environments_dock.raise_()  # type: ignore[attr-defined]
    return shots


def grab_screen(window: object, target: Path) -> None:
    """The screen, not QWidget.grab(): libvlc paints the preview into its own X window."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    frame = window.frameGeometry()  # type: ignore[attr-defined]
    screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()).save(str(target))


async def shoot_settings(window: object, target: Path) -> None:
    """The settings dialog on its keys tab, after "Test connection" without a key."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from vidstudio.ui.settings_dialog import SettingsDialog

    window.settings_action.trigger()  # type: ignore[attr-defined]
    await asyncio.sleep(0.3)
    dialog = window.findChild(SettingsDialog)  # type: ignore[attr-defined]
    dialog.tabs.setCurrentIndex(1)
    service = next(iter(dialog.test_buttons))
    QTest.mouseClick(dialog.test_buttons[service], Qt.MouseButton.LeftButton)
    await asyncio.sleep(0.5)
    dialog.grab().save(str(target))
    dialog.reject()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    project = working_copy("window")
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # the script ends the loop once the project closed
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(out, project))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
