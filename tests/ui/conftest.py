"""The editor under test: offscreen Qt, one qasync loop for the whole session, real widgets.

Tests drive the window as a user does (clicks, typing, drops) and wait for the session's jobs
with ``run`` (schedules a coroutine on the qasync loop and lets Qt process events until it is
done) — never processEvents() or exec() inside a coroutine.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    from concurrent.futures import ThreadPoolExecutor

    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    # qasync's own default executor runs QThreads that abort the interpreter if still alive at
    # exit; plain threads, shut down with the session, do the same work (asyncio.to_thread).
    threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="vidstudio-test")
    loop.set_default_executor(threads)
    asyncio.set_event_loop(loop)
    yield loop
    threads.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(autouse=True)
def _qloop_runs_only_in_editor_tests(qloop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """The session's qasync loop counts as this thread's running loop during an editor test
    only: a loop made "already running" stays so for the whole process, and with the suite
    spread over worker processes (pytest-xdist) a worker that ran an editor test would then
    refuse every later ``asyncio.run`` ("cannot be called from a running event loop")."""
    loop = qloop
    asyncio.events._set_running_loop(loop)
    asyncio.set_event_loop(loop)
    yield
    asyncio.events._set_running_loop(None)


@pytest.fixture(scope="session")
def process_pool() -> Iterator[ProcessPoolExecutor]:
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        yield pool


@pytest.fixture
def run(qloop: asyncio.AbstractEventLoop, qtbot: Any) -> Callable[..., Any]:
    """``run(coroutine, timeout=s)``: its result, with Qt's events processed meanwhile."""

    def runner(awaitable: Awaitable[Any], timeout: float = 120.0) -> Any:
        task = asyncio.ensure_future(awaitable, loop=qloop)
        qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()

    return runner


@pytest.fixture
def app_settings(tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def services(app_settings: Any, tmp_path: Path, process_pool: ProcessPoolExecutor) -> Any:
    from vidstudio.app import build_services
    from vidstudio.core.models import Settings

    built = build_services(app_settings, executor=process_pool, data_dir=tmp_path / "data")
    # Small pictures: the same pipeline and editor, a fraction of the painting and encoding.
    built.new_settings = Settings(short_side=144, fps=12)
    return built


@pytest.fixture
def window(services: Any, qtbot: Any, run: Callable[..., Any]) -> Iterator[Any]:
    """The main window, shown offscreen, closed (and its project with it) after the test."""
    from vidstudio.ui.main_window import MainWindow

    # Not handed to qtbot.addWidget: pytest-qt would delete the window before this fixture's
    # teardown has let its project close (an async close).
    win = MainWindow(services)
    win.show()
    yield win
    if not win._closed:
        win.close()
        qtbot.waitUntil(lambda: win._closed, timeout=60000)
    # Deleted now, with its timers: one firing in a later test of this worker process (a
    # non-editor test with no loop running) would fail that test.
    from PySide6.QtCore import QCoreApplication, QEvent

    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# ----------------------------------------------------------------------------------------
# A rendered sample project (timeline, preview, export dialog tests): rendered once per session
# with the command line and the local providers; tests that change it work on a copy.

SHORT_SCRIPT = """The old lighthouse keeper climbs the spiral stairs at dusk, lamp in hand.
At night a storm breaks over the rocky coast and waves crash against the tower.
"""


@pytest.fixture(scope="session")
def rendered_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a 2-scene project whose every take is made and whose film was exported
    (``film.mp4`` beside it), at 360p: what the editor's tests check does not depend on the
    frame's size, and its takes (and the variations some tests make) cost far less than 720p's.
    Read-only: copy it (``sample_project``) to change it.

    Under pytest-xdist the workers share one: the first to need it renders it in the run's
    common temporary folder under a file lock, the others wait for that lock and reuse it (a
    render takes half a minute). A failed render is removed, so the next worker renders anew
    (the project records its film's path, so the render is made where it stays)."""
    from tests.build_once import built_once

    return built_once(tmp_path_factory, "rendered-sample", _render_sample) / "sample.vidstudio"


def _render_sample(root: Path) -> None:
    import subprocess
    import sys

    from vidstudio.providers.keys import BASE_URL_VARIABLES, KEY_VARIABLES

    script = root / "short.txt"
    script.write_text(SHORT_SCRIPT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in {n for names in KEY_VARIABLES.values() for n in names}
           and k not in set(BASE_URL_VARIABLES.values())}
    env.update(VIDSTUDIO_NO_KEYRING="1", VIDSTUDIO_DATA_DIR=str(root / "user-data"))
    exe = Path(sys.executable).with_name("vidstudio")
    subprocess.run([str(exe), "render", str(script), "-o", str(root / "film.mp4"),
                    "--project", str(root / "sample.vidstudio"), "--max-scenes", "2",
                    "--resolution", "360", "-q"],
                   check=True, env=env, timeout=900, capture_output=True)


@pytest.fixture
def sample_project(rendered_sample: Path, tmp_path: Path) -> Path:
    """A private copy of the rendered sample project."""
    import shutil

    target = tmp_path / "sample.vidstudio"
    shutil.copytree(rendered_sample, target, ignore=shutil.ignore_patterns(".lock", ".open"))
    return target


@pytest.fixture
def document(services: Any, run: Callable[..., Any]) -> Iterator[Any]:
    """A Document (no window) closed after the test."""
    from vidstudio.ui.document import Document

    doc = Document(services)
    yield doc
    run(doc.close())
