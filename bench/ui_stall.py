"""How long the editor's event loop stalls while it works: ``python -m bench ui-stall``.

With the main window up (offscreen), a 5-scene sample is planned, generated ("generate all",
local providers, through the window's action) and exported (through the export dialog), then
the directing views are used (variations made and played in sync in the compare view, the
preview detached and full screen) while a 5 ms QTimer probe records the gaps between its ticks. The longest gap over the tick interval is
the longest time the GUI could not answer. Ends with ``longest Qt stall: N ms`` (target < 50).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROBE_MS = 5


class StallProbe:
    """Counts the gaps between the ticks of a fast timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._on_timer_tick)
        self.gaps: list[float] = []
        self.longest_gap = 0.0
        self.longest_by_phase: dict[str, float] = {}
        self._last = 0.0
        self.phase = ""
        self.worst_phase = ""

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _on_timer_tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000.0
        if gap > self.longest_gap:  # kept as it goes: max() over all gaps each tick grew to
            self.longest_gap = gap  # a fraction of a millisecond of the probe's own
            self.worst_phase = self.phase
        if gap > self.longest_by_phase.get(self.phase, 0.0):
            self.longest_by_phase[self.phase] = gap
        self.gaps.append(gap)
        self._last = now

    def longest_stall(self) -> float:
        return max(0.0, self.longest_gap - PROBE_MS)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.gaps)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def _work(window: Any, script: str, out_dir: Path, probe: StallProbe) -> dict[str, float]:
    from vidstudio.ui.export_dialog import ExportDialog

    times: dict[str, float] = {}
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    probe.start()
    try:
        started = time.perf_counter()
        probe.phase = "plan"
        session = await window.document.new(script)
        await session.wait(session.plan(script))
        times["plan"] = time.perf_counter() - started

        started = time.perf_counter()
        probe.phase = "generate all"
        submitted = asyncio.Event()  # Generate all starts its job on the loop's next turn

        def seen(changed: Any) -> None:
            if changed.kind == "generate-all":
                submitted.set()

        session.manager.job_changed.connect(seen)
        window.generate_action.trigger()
        await submitted.wait()
        session.manager.job_changed.disconnect(seen)
        job = next(j for j in session.manager.jobs if j.kind == "generate-all")
        await session.wait(job)
        times["generate all"] = time.perf_counter() - started

        started = time.perf_counter()
        probe.phase = "export"
        # Opening the dialog, typing the path and pressing Export are three inputs of a user,
        # never one event-loop turn: the window gets its turns in between, as it would.
        dialog = ExportDialog(window.document, window)
        dialog.open()
        await asyncio.sleep(0.1)
        dialog.path_edit.setText(str(out_dir / "film.mp4"))
        await asyncio.sleep(0.1)
        dialog.start()
        await session.wait(dialog.job)
        times["export"] = time.perf_counter() - started
        dialog.close()

        started = time.perf_counter()
        probe.phase = "variations"
        await _directing(window, session)
        times["variations"] = time.perf_counter() - started
    finally:
        probe.phase = "closing"
        probe.stop()
        window.close()
        await asyncio.wait_for(closed.wait(), 120)
    return times


async def _directing(window: Any, session: Any) -> None:
    """The directing views: three variations of scene 2's clip made in the compare view, their
    frames decoded and played in sync, one picked; the preview detached, full screen, back."""
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.ui.compare import open_compare

    scene = session.project.ordered_scenes[1]
    view = open_compare(window.document, SlotRef(scene.id, SlotKind.CLIP), window)
    await asyncio.sleep(0.1)
    view.count.setValue(3)
    view.ask_to_make()
    await session.wait(view.job)
    await asyncio.sleep(0.1)  # the new tiles are made on the change events' redraw
    await asyncio.gather(*list(view._tasks))  # every take's frames decoded
    view.play.setChecked(True)
    await asyncio.sleep(1.0)
    view.play.setChecked(False)
    view.pick(next(iter(view.tiles)))
    await asyncio.sleep(0.1)
    view.close()
    preview = window.preview
    for step in (preview.toggle_detached, preview.toggle_full_screen,
                 preview.toggle_full_screen, preview.toggle_detached):
        step()
        await asyncio.sleep(0.3)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ui-stall")
    parser.add_argument("--script", type=Path, default=None,
                        help="the script to plan (default: the bundled lighthouse sample)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from vidstudio.app import _executor, build_services, warm_up
    from vidstudio.ui.main_window import MainWindow
    from vidstudio.ui.preferences import KeyStore
    from vidstudio.ui.resources import sample_scripts

    script_path = args.script or next(p for p in sample_scripts() if p.stem == "lighthouse")
    script = script_path.read_text("utf-8")
    if hasattr(os, "getloadavg"):
        print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    probe = StallProbe()
    with tempfile.TemporaryDirectory(prefix="vidstudio-ui-stall-") as tmp, _executor() as pool:
        root = Path(tmp)
        settings = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
        services = build_services(settings, executor=pool, data_dir=root / "data",
                                  keys=KeyStore(enabled=False))
        window = MainWindow(services)
        window.resize(1400, 900)
        window.show()
        with loop:
            # As the editor does at start: the pool starts on a thread while the window is up.
            loop.run_until_complete(loop.run_in_executor(None, warm_up, pool))
            times = loop.run_until_complete(_work(window, script, root, probe))
    for name, seconds in times.items():
        stall = max(0.0, probe.longest_by_phase.get(name, 0.0) - PROBE_MS)
        print(f"{name}: {seconds:.1f} s (longest stall {stall:.0f} ms)")
    print(f"probe ticks: {len(probe.gaps)} (every {PROBE_MS} ms); gap p50 "
          f"{probe.percentile(0.5):.1f} ms, p99 {probe.percentile(0.99):.1f} ms; the longest "
          f"during {probe.worst_phase}")
    print(f"longest Qt stall: {probe.longest_stall():.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
