"""Suite-wide guards: no keys, no keyring, no connection leaves the loopback interface, and no
test leaves an asyncio task, a job or a child process running (``tests/leaks.py``)."""

from __future__ import annotations

import asyncio.runners
import contextlib
import ipaddress
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.leaks import GRACE, LeakWatch
from vidstudio.providers.keys import BASE_URL_VARIABLES, KEY_VARIABLES

if TYPE_CHECKING:
    from collections.abc import Iterator

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
# A frozen copy of the shared samples (including the bad ones), for a checkout without shared/.
FROZEN_SAMPLES = Path(__file__).resolve().parent / "samples"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _allowed(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _allowed(address):
        raise AssertionError(f"a test tried to connect to {address!r}; only loopback is allowed")
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _allowed(address):
        raise AssertionError(f"a test tried to connect to {address!r}; only loopback is allowed")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of slow tests (marked ``slow``: whole renders, clusters, kills) run first, each
    file's tests together and in their order. ``make test`` hands files to its two xdist
    workers in this order (--no-loadscope-reorder): xdist's own order, most tests first, puts
    the slow files, which hold few tests each, last, so a four-minute file could start when
    the other worker had little left (longest first packs the two workers evenly), and the
    portable pass started its one long render only after the short files."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    # Then the first file that needs the UI's rendered sample (built once per run under a lock,
    # tests/ui/conftest.py): it is built while the other worker is still busy, where a worker
    # reaching the UI files at the end would wait the length of a render for the other's.
    sample = next((item.path for item in items if item.path not in slow
                   and "rendered_sample" in getattr(item, "fixturenames", ())), None)
    items.sort(key=lambda item: 0 if item.path in slow else 1 if item.path == sample else 2)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    offline(monkeypatch, tmp_path_factory)


def offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No keys, no keyring, a fresh user data folder and loopback only, until ``monkeypatch``
    is undone. Every test has it; a module- or session-scoped fixture that runs the product
    (set up before any test's own fixtures) calls it under ``pytest.MonkeyPatch.context()``."""
    for names in KEY_VARIABLES.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    for name in BASE_URL_VARIABLES.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VIDSTUDIO_NO_KEYRING", "1")
    # The user's data (the style library) goes to a fresh folder, never the real home.
    monkeypatch.setenv("VIDSTUDIO_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


@pytest.fixture(scope="session")
def samples() -> Path:
    """The shared sample scripts when present beside the checkout, else the frozen copy."""
    return SAMPLES if (SAMPLES / "lighthouse.txt").is_file() else FROZEN_SAMPLES


@pytest.fixture(autouse=True)
def _nothing_left_running(request: pytest.FixtureRequest,
                          monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves an asyncio task, a job or a child process running."""
    loop = request.getfixturevalue("qloop") if "qloop" in request.fixturenames else None
    qtbot: Any = request.getfixturevalue("qtbot") if "qtbot" in request.fixturenames else None
    watch = LeakWatch(loop)
    monkeypatch.setattr(asyncio.runners, "_cancel_all_tasks", watch.cancel_all_noting_leftovers)
    yield
    if qtbot is not None and watch.new_tasks():
        # The editor's loop runs only while Qt's events are processed.
        with contextlib.suppress(AssertionError, TimeoutError):
            qtbot.waitUntil(lambda: not watch.new_tasks(), timeout=int(GRACE * 1000))
    if problems := watch.problems():
        pytest.fail("left running after the test:\n  " + "\n  ".join(problems), pytrace=False)
