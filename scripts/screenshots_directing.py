"""Screenshots of directing a film (issue 24): the compare view, a title in the preview and the
detached preview, on a copy of the rendered lighthouse sample, under an X server.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots_directing.py \
        [OUT_DIR [SAMPLE_PROJECT]]

Makes three variations of scene 2's clip in the compare view, plays them in sync for a moment
and stars one; gives the film a title over the opening and scene 1 a lower third, plays the
film preview and shoots it at 1 s; then detaches the preview into its own window and shoots
that. ``make screenshots`` runs it after scripts/screenshots.py.
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


async def shoot(out: Path, project: Path) -> list[Path]:
    import tempfile

    from PySide6.QtCore import QSettings

    from vidstudio.app import _executor, build_services
    from vidstudio.core.commands import EditScene
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.directing import SetTitle, StarTake
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.ui.compare import open_compare
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
            raise SystemExit(f"{project} did not open as a rendered project: "
                             f"{window.statusBar().currentMessage()}")
        while window.board.pacer.busy:
            await asyncio.sleep(0.05)
        scenes = session.project.ordered_scenes

        # The compare view: three variations of scene 2's clip, played in sync, one starred.
        ref = SlotRef(scenes[1].id, SlotKind.CLIP)
        view = open_compare(window.document, ref, window)
        if len(scenes[1].slots[SlotKind.CLIP].takes) < 4:
            view.count.setValue(3)
            view.ask_to_make()
            if view.job is not None:
                await session.wait(view.job)
        while not all(t.frames for t in view.tiles.values() if t.use.isEnabled()):
            await asyncio.sleep(0.1)
        takes = scenes[1].slots[SlotKind.CLIP].takes
        session.execute(StarTake(ref, takes[-1].id))
        view.resize(4 * 280 + 40, view.height())
        view.play.setChecked(True)
        await settle(1.5)
        view.play.setChecked(False)
        await settle(0.3)
        shots.append(out / "compare-view.png")
        view.grab().save(str(shots[-1]))
        view.close()

        # A title over the opening, a lower third on scene 1, in the film preview at 1 s.
        session.execute(SetTitle("The Lighthouse Keeper", "overlay", 3.0))
        session.execute(EditScene(scenes[0].id, "caption", "Cape Wrath, 1890"))
        preview = window.preview
        ready: list[object] = []
        preview.film_ready.connect(ready.append)
        preview.show_film()
        await asyncio.sleep(0.2)
        while not ready:
            if preview.film_job is None:  # it ended without a film: say why, do not wait on
                raise SystemExit(f"no film preview: {preview.status.text()}")
            await asyncio.sleep(0.2)
        await settle(1.2)
        preview.pause()
        preview.seek(1.0)
        await settle(1.0)
        shots.append(out / "title-in-preview.png")
        grab_screen(window, shots[-1])

        # The detached preview, a window of its own (at 1.5 s, title and lower third on).
        preview.toggle_detached()
        big = preview.window()
        big.resize(1280, 800)
        big.move(200, 120)
        await settle(1.0)
        preview.seek(1.5)
        await settle(1.0)
        shots.append(out / "preview-detached.png")
        grab_screen(big, shots[-1])
        preview.toggle_detached()
        await settle(0.3)
        window.close()
        while not window._closed:
            await asyncio.sleep(0.05)
    return shots


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    sample = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "out" / "screens.vidstudio"
    project = working_copy("directing", sample)  # a copy: the sample stays as rendered
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
