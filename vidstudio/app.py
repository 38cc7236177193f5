"""The editor's composition root: builds the services, the window and the qasync loop.

    vidstudio                 the editor (reopens the last project)
    vidstudio app [PROJECT]   the editor on PROJECT (a .vidstudio folder, or a script to plan)
    python -m vidstudio       the same

Nothing else creates Qt objects of the application's lifetime; widgets get what they need from
here through their constructors.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

APP_NAME = "vidstudio"


def build_services(settings: Any = None, *, executor: Any = None,
                   data_dir: Path | None = None, keys: Any = None) -> Any:
    """The window's services: providers from the user's preferences and keys, settings, the
    data folder.

    Preferences (``vidstudio.ui.preferences``) come from ``settings``: a stage a project leaves
    on "auto" takes the preferred provider; base URLs, unit prices (the sessions' price list)
    and the budget cap (``budget/cap``) come from there too. Keys come from the environment,
    else the OS keyring (``keys``, a ``KeyStore``; off under ``VIDSTUDIO_NO_KEYRING``).
    ``services.reload_preferences()`` re-reads both after the settings dialog saved.
    """
    from PySide6.QtCore import QSettings

    from vidstudio.core.models import Settings
    from vidstudio.osdeps import user_data_dir
    from vidstudio.providers.registry import build_providers
    from vidstudio.ui.document import Services
    from vidstudio.ui.preferences import KeyStore, Preferences, credentials_for, price_list

    qsettings = settings if settings is not None else QSettings(APP_NAME, APP_NAME)
    key_store = keys if keys is not None else KeyStore()
    state: dict[str, Any] = {}
    session_options: dict[str, Any] = {}

    def reload() -> None:
        prefs = Preferences.load(qsettings)
        credentials = credentials_for(prefs, key_store)
        state.update(preferences=prefs, credentials=credentials,
                     redactor=credentials.redactor())
        session_options["prices"] = price_list(prefs)
        # The providers' own cost figures read the same list as the estimate and the budget.
        from vidstudio.providers.pricing import use_prices

        use_prices(session_options["prices"])
        if "services" in state:  # the voice a new project starts with
            state["services"].new_settings = (Settings(voice=prefs.voice) if prefs.voice
                                              else None)

    reload()

    def providers(project_settings: Any) -> Any:
        requested = state["preferences"].requested(dict(project_settings.providers))
        # the editor uses an open model only once its licence is accepted (Settings → Models)
        return build_providers(requested, state["credentials"], executor=executor,
                               options={"local-ai": {"licence_accepted": True}})

    def redact(text: str) -> str:
        return str(state["redactor"](text))

    services = Services(providers=providers, settings=qsettings,
                        data_dir=data_dir or user_data_dir(), redact=redact,
                        session_options=session_options, key_store=key_store,
                        reload_preferences=reload,
                        preferences=lambda: state["preferences"])
    state["services"] = services
    reload()
    return services


def _executor() -> ProcessPoolExecutor:
    from vidstudio.lifetime import pool_worker_init
    from vidstudio.osdeps import pool_context

    # forkserver where there is one (spawn elsewhere): workers do not inherit Qt's threads or
    # the window's file descriptors. Workers ignore Ctrl-C in the terminal and die with the
    # editor (vidstudio.lifetime).
    context = pool_context()
    return ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1), mp_context=context,
                               initializer=pool_worker_init, initargs=(os.getpid(),))


def warm_up(executor: ProcessPoolExecutor) -> None:
    """Start the pool's fork server and workers now, on the calling (worker) thread.

    The first job submitted to a fresh forkserver pool starts a new interpreter and its
    workers synchronously inside ``submit`` — seconds on a busy machine. Done here, from a
    thread, the editor's first plan or paint never stalls the GUI thread for it.
    """
    workers = max(1, os.cpu_count() or 1)
    futures = [executor.submit(os.getpid) for _ in range(workers)]
    # Import what the first plan and generation need, here rather than on the GUI thread:
    # with PySide6 loaded every import also has its source read by PySide's feature hook, so
    # importing the offline engine inside "New" or "Plan" froze the window for seconds.
    import importlib

    for name in _WARM_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    for future in futures:
        future.result()
    # Start-up's imports done: keep their objects out of every later full collection, which
    # otherwise takes about 100 ms on whichever thread triggers it (often the GUI thread).
    from vidstudio.lifetime import freeze_heap

    freeze_heap()


_WARM_MODULES = (
    "vidstudio.providers.local.planner", "vidstudio.providers.local.images",
    "vidstudio.providers.local.clips", "vidstudio.providers.local.sfx",
    "vidstudio.providers.local.style", "vidstudio.providers.local.voice",
    "vidstudio.jobs.session", "vidstudio.jobs.pipeline", "vidstudio.jobs.estimate",
    "vidstudio.jobs.preflight", "vidstudio.export", "vidstudio.media.importing",
    "vidstudio.core.replan", "vidstudio.core.custom_environments", "vidstudio.jobs.render",
    "vidstudio.jobs.planning",
    "vidstudio.core.plan", "vidstudio.ui.export_dialog", "vidstudio.ui.settings_dialog",
    "vidstudio.media.contact_sheet",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vidstudio app", description="The vidstudio editor.")
    parser.add_argument("project", type=Path, nargs="?",
                        help="a project folder to open, or a script to plan in a new project")
    parser.add_argument("--self-test", action="store_true",
                        help="build the window offscreen, plan a sample project, look for "
                        "ffmpeg, the offline voice and libvlc; exit 0 when all are there")
    args = parser.parse_args(list(argv or []))
    if args.self_test:
        return self_test()

    import qasync
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from vidstudio.ui.main_window import MainWindow
    from vidstudio.ui.resources import icon_path

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("vidstudio")
    app.setWindowIcon(QIcon(str(icon_path())))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with _executor() as executor:
        window = MainWindow(build_services(executor=executor))
        window.show()
        finished = asyncio.Event()
        window.closed.connect(finished.set)

        async def run() -> None:
            # The window is up and answering while the pool starts on a thread.
            await loop.run_in_executor(None, warm_up, executor)
            await window.start(args.project)
            await finished.wait()

        with loop:
            # One run of the loop from start to quit: between two run_until_complete calls Qt
            # goes on running queued work with no asyncio loop running, and the first card's
            # thumbnails failed there ("no running event loop").
            loop.run_until_complete(run())
    return 0


def _check_ffmpeg() -> str:
    import subprocess

    import imageio_ffmpeg

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    done = subprocess.run([exe, "-hide_banner", "-version"], capture_output=True, text=True,
                          timeout=30, check=True)
    words = done.stdout.split()
    return f"{exe} (version {words[2] if len(words) > 2 else 'unknown'})"


async def _check_voice() -> str:
    from vidstudio.providers.local.voice import LocalNarrator

    voices = await LocalNarrator().list_voices()
    piper = [vid for vid, _name in voices if vid != "espeak-ng"]
    if not piper:
        raise RuntimeError("no piper voice is installed (only espeak-ng would speak)")
    return ", ".join(piper)


def _check_libvlc() -> str:
    try:
        import vlc
    except (ImportError, SystemExit) as exc:  # python-vlc exits when its library is bad
        raise RuntimeError(f"python-vlc cannot load libvlc ({exc})") from exc
    try:
        instance = vlc.Instance(["--vout=dummy", "--aout=dummy", "--quiet"])
    except (NameError, OSError, AttributeError) as exc:
        raise RuntimeError(f"libvlc is missing ({exc}); the preview falls back to Qt "
                           "Multimedia") from exc
    if instance is None:
        raise RuntimeError("libvlc did not start; the preview falls back to Qt Multimedia")
    instance.release()
    return f"libvlc {vlc.libvlc_get_version().decode(errors='replace')}"


async def _self_test_body(report: list[tuple[bool, str, str]]) -> None:
    import tempfile

    from PySide6.QtCore import QSettings

    from vidstudio.ui.main_window import MainWindow
    from vidstudio.ui.preferences import KeyStore
    from vidstudio.ui.resources import sample_scripts

    def record(name: str, check: Any) -> None:
        try:
            report.append((True, name, check()))
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none raised
            report.append((False, name, str(exc) or type(exc).__name__))

    record("ffmpeg", _check_ffmpeg)
    try:
        report.append((True, "voice", await _check_voice()))
    except Exception as exc:  # noqa: BLE001 - reported
        report.append((False, "voice", str(exc) or type(exc).__name__))
    record("libvlc", _check_libvlc)

    with tempfile.TemporaryDirectory(prefix="vidstudio-self-test-") as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        services = build_services(settings, data_dir=Path(tmp) / "data",
                                  keys=KeyStore(enabled=False))
        window = MainWindow(services)
        window.show()
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        try:
            sample = sample_scripts()[0]
            session = await window.document.new(sample.read_text("utf-8"))
            job = session.plan(session.project.script)
            await session.wait(job)
            scenes = len(session.project.scenes)
            if not scenes:
                raise RuntimeError(f"planning {sample.name} made no scenes")
            report.append((True, "window", f"main window built; {sample.name} planned into "
                           f"{scenes} scenes"))
        except Exception as exc:  # noqa: BLE001 - reported
            report.append((False, "window", str(exc) or type(exc).__name__))
        finally:
            window.close()
            await asyncio.wait_for(closed.wait(), 60)


def self_test() -> int:
    """``vidstudio --self-test``: 0 when the window builds, a sample project plans and ffmpeg,
    the offline voice and libvlc are found; else 1, naming what is missing."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    report: list[tuple[bool, str, str]] = []
    with loop:
        loop.run_until_complete(_self_test_body(report))
    for ok, name, text in report:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {text}")
    failed = [name for ok, name, _text in report if not ok]
    print("self-test passed" if not failed else f"self-test failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
