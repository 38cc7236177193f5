"""Fixtures for the cloud planners' emulators on 127.0.0.1.

One server per emulator serves the whole session (stopping a server costs half a second); each
test gets it reset: no recorded requests, no queued failures, switches off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.emulators.anthropic_emulator import AnthropicEmulator
from tests.emulators.gemini_emulator import GeminiEmulator

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def _anthropic_server() -> Iterator[AnthropicEmulator]:
    emulator = AnthropicEmulator()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="session")
def _gemini_server() -> Iterator[GeminiEmulator]:
    emulator = GeminiEmulator()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def anthropic_emulator(_anthropic_server: AnthropicEmulator) -> AnthropicEmulator:
    """The running Anthropic Messages API emulator, freshly reset."""
    _anthropic_server.reset()
    return _anthropic_server


@pytest.fixture
def gemini_emulator(_gemini_server: GeminiEmulator) -> GeminiEmulator:
    """The running Gemini API emulator, freshly reset."""
    _gemini_server.reset()
    return _gemini_server
