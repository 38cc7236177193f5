"""Screenshots of shaping the film (issue 24): a scene card's right-click menu, its prompts
open for editing, and the film settings; and the film's score (issue 26): the window with the
music lane and the score's controls, and the timeline alone; on a copy of the rendered
lighthouse sample, under an X server.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots_structure.py \
        [OUT_DIR [SAMPLE_PROJECT]]

``make screenshots`` runs it after scripts/screenshots_directing.py.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import grab_screen, working_copy  # noqa: E402


async def settle(seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        await asyncio.sleep(0.1)


def _grab_area(window: object, rect: object, target: Path) -> None:
    """A part of the screen (a card with its menu over it)."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    screen.grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height()).save(  # type: ignore[attr-defined]
        str(target))


async def shoot(out: Path, project: Path) -> list[Path]:
    import tempfile

    from PySide6.QtCore import QPoint, QRect, QSettings

    from vidstudio.app import _executor, build_services
    from vidstudio.ui.main_window import MainWindow

    data = Path(tempfile.mkdtemp(prefix="vidstudio-shots-"))
    settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
    shots: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    with _executor() as executor:
        window = MainWindow(build_services(settings, executor=executor, data_dir=data))
        window.resize(1920, 1080)
        window.show()
        await window.start(project)
        session = window.session
        assert session is not None
        if len(session.project.scenes) < 2:
            raise SystemExit(f"{project} did not open as a rendered project")
        while window.board.pacer.busy:
            await asyncio.sleep(0.05)
        await settle(1.0)
        scenes = session.project.ordered_scenes
        card = window.board.cards[scenes[1].id]

        def visible(widget: object) -> QRect:
            """The part of ``widget`` the board's viewport shows, in screen coordinates."""
            port = window.board.viewport()
            shown = QRect(port.mapToGlobal(QPoint(0, 0)), port.size())
            return QRect(widget.mapToGlobal(QPoint(0, 0)),  # type: ignore[attr-defined]
                         widget.size()).intersected(shown)  # type: ignore[attr-defined]

        window.board.select_scene(scenes[1].id)

        # The right-click menu of scene 2's card, over the card.
        window.board.ensureWidgetVisible(card.thumbnail)
        await settle(0.3)
        where = card.thumbnail.mapToGlobal(card.thumbnail.rect().center())
        menu = window.board.structure.popup(scenes[1].id, where, card)
        await settle(0.6)
        area = visible(card).united(menu.geometry()).adjusted(-8, -8, 8, 8)
        shots.append(out / "scene-card-menu.png")
        _grab_area(window, area, shots[-1])
        menu.close()
        await settle(0.3)

        # The same card with its prompts open, the last keyframe's being edited.
        card.prompts_toggle.setChecked(True)
        await settle(0.3)
        window.board.ensureWidgetVisible(card.prompts)
        field = card.prompts.fields["last_frame_prompt"]
        field.setFocus()
        await settle(0.6)
        shots.append(out / "scene-card-prompts.png")
        _grab_area(window, visible(card).adjusted(-6, -6, 6, 6), shots[-1])

        # The film settings.
        window.open_film_settings()
        dialog = window.film_dialog
        await settle(0.6)
        shots.append(out / "film-settings.png")
        grab_screen(dialog, shots[-1])
        dialog.reject()
        await settle(0.2)
        shots += await shoot_score(window, out)
        window.close()
        while not window._closed:
            await asyncio.sleep(0.05)
    return shots


async def shoot_score(window: object, out: Path) -> list[Path]:
    """The window with the music lane under the timeline's other lanes and the score's
    controls in its header (two takes of the score, so its strip has a choice), and the
    timeline dock alone."""
    from PySide6.QtCore import QPoint, QRect, Qt

    from vidstudio.ui.score import MUSIC_REF

    session = window.session  # type: ignore[attr-defined]
    while len(session.project.music.takes) < 2:  # a sample rendered before the score had none
        await session.wait(session.regenerate(MUSIC_REF))
    window.resizeDocks([window.timeline_dock], [330],  # type: ignore[attr-defined]
                       Qt.Orientation.Vertical)
    await settle(0.5)
    timeline = window.timeline  # type: ignore[attr-defined]
    timeline.zoom_to_fit()
    await timeline.wait_for_previews()
    await settle(1.5)  # the take strip's waveforms arrive
    shots = [out / "main-window-score.png", out / "music-lane.png"]
    grab_screen(window, shots[0])
    dock = window.timeline_dock  # type: ignore[attr-defined]
    _grab_area(window, QRect(dock.mapToGlobal(QPoint(0, 0)), dock.size()), shots[1])
    return shots


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    sample = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "out" / "screens.vidstudio"
    project = working_copy("structure", sample)  # a copy: the sample stays as rendered
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        for shot in loop.run_until_complete(shoot(out, project)):
            print(shot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
