"""Fixtures for the cloud media provider tests: running emulators and call contexts.

Registered by the test modules with ``pytest_plugins = ["tests.providers.conftest_media"]``.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from tests.emulators import media
from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
from tests.emulators.fal_emulator import FalEmulator
from tests.emulators.luma_emulator import LumaEmulator
from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.base import CallContext, EnvironmentSpec

if TYPE_CHECKING:
    from collections.abc import Coroutine, Iterator
    from pathlib import Path

T = TypeVar("T")

ENVIRONMENT = EnvironmentSpec(
    name="Lighthouse point", setting="coast", description="a white lighthouse on black rocks",
    lighting="low golden sun", weather=Weather.FOG, time_of_day=TimeOfDay.DUSK,
    key_objects=("lighthouse", "rocks"),
)


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run one coroutine on a fresh event loop (pytest-asyncio is not installed)."""
    return asyncio.run(coro)


@dataclass
class Recorder:
    """A ``CallContext`` factory that records progress and journalled remote ids."""

    root: Path
    remembered: list[str] = field(default_factory=list)
    progress: list[tuple[float, str]] = field(default_factory=list)
    _count: int = 0
    _remembered_event: asyncio.Event | None = None

    def ctx(self, *, resume: str | None = None, seed: int = 7) -> CallContext:
        self._count += 1
        work = self.root / f"call{self._count}"
        work.mkdir(parents=True)
        return CallContext(
            work_dir=work, seed=seed, resume_remote_id=resume,
            progress=lambda f, m: self.progress.append((f, m)),
            remember_remote_id=self._remember,
        )

    def _remember(self, remote_id: str) -> None:
        self.remembered.append(remote_id)
        if self._remembered_event is not None:
            self._remembered_event.set()

    async def first_remembered(self) -> str:
        """Wait (on the running loop) until a remote id has been journalled."""
        if not self.remembered:
            self._remembered_event = asyncio.Event()
            await self._remembered_event.wait()
        return self.remembered[0]


@pytest.fixture
def calls(tmp_path: Path) -> Recorder:
    return Recorder(tmp_path / "calls")


# One server per kind for the whole session, reset before each test: stopping a server waits
# out its half-second poll interval, which would dominate these fast tests.
@pytest.fixture(scope="session")
def _luma_server() -> Iterator[LumaEmulator]:
    emulator = LumaEmulator()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="session")
def _elevenlabs_server() -> Iterator[ElevenLabsEmulator]:
    emulator = ElevenLabsEmulator()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="session")
def _fal_server() -> Iterator[FalEmulator]:
    emulator = FalEmulator()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def luma_emulator(_luma_server: LumaEmulator) -> LumaEmulator:
    _luma_server.reset()
    return _luma_server


@pytest.fixture
def elevenlabs_emulator(_elevenlabs_server: ElevenLabsEmulator) -> ElevenLabsEmulator:
    _elevenlabs_server.reset()
    return _elevenlabs_server


@pytest.fixture
def fal_emulator(_fal_server: FalEmulator) -> FalEmulator:
    _fal_server.reset()
    return _fal_server


@pytest.fixture
def frame_files(tmp_path: Path) -> tuple[Path, Path]:
    """Two real PNG keyframes (first and last)."""
    first, last = tmp_path / "first.png", tmp_path / "last.png"
    first.write_bytes(media.png(128, 72, seed=1))
    last.write_bytes(media.png(128, 72, seed=2))
    return first, last


@pytest.fixture
def environment_images(tmp_path: Path) -> tuple[Path, ...]:
    """Four real environment images to train a style on."""
    paths = []
    for index in range(4):
        path = tmp_path / f"env{index}.png"
        path.write_bytes(media.png(96, 64, seed=10 + index))
        paths.append(path)
    return tuple(paths)


@pytest.fixture(scope="session")
def process_pool() -> Iterator[ProcessPoolExecutor]:
    """One spawned worker process, to prove providers' executor work is picklable."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    yield pool
    pool.shutdown(cancel_futures=True)
