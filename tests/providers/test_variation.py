"""Check before paying: a provider's declared ``can_vary`` matches what it does against the
emulators, which (as the services do) make different output per call unless a seed repeats.
A regenerate of a provider that can vary must not pay for the same bytes again."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import pytest

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.providers.conftest_media import ENVIRONMENT, Recorder, run  # noqa: E402
from vidstudio.core.vocabulary import CameraMove  # noqa: E402
from vidstudio.media.ffmpeg import FFmpegError  # noqa: E402
from vidstudio.providers.base import (  # noqa: E402
    CallContext,
    ClipRequest,
    ImageRequest,
    NarrationRequest,
    SoundRequest,
    UnknownOutcomeError,
)
from vidstudio.providers.elevenlabs import ElevenLabsNarrator, ElevenLabsSoundDesigner  # noqa: E402
from vidstudio.providers.elevenlabs._common import disk_full_or  # noqa: E402
from vidstudio.providers.fal import FalKeyframeGenerator  # noqa: E402
from vidstudio.providers.luma import LumaImageGenerator, LumaVideoGenerator  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

    from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
    from tests.emulators.fal_emulator import FalEmulator
    from tests.emulators.luma_emulator import LumaEmulator

pytest_plugins = ["tests.providers.conftest_media"]

FAST = {"poll_interval": 0.01, "max_poll_interval": 0.02}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def takes(calls: Recorder, make: Any, seeds: list[int]) -> list[str]:
    out = []
    for seed in seeds:
        ctx: CallContext = calls.ctx()
        ctx.seed = seed
        out.append(digest(run(make(ctx)).path))
    return out


def test_luma_varies_by_itself(luma_emulator: LumaEmulator, calls: Recorder) -> None:
    video = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url, **FAST)
    image = LumaImageGenerator(luma_emulator.api_key, luma_emulator.api_base_url, **FAST)
    assert video.capabilities.can_vary and image.capabilities.can_vary
    clip = ClipRequest(prompt="waves", duration=5, width=1280, height=720, fps=24,
                       camera=CameraMove.STATIC, environment=ENVIRONMENT, first_frame=None,
                       last_frame=None)
    clips = takes(calls, lambda c: video.generate_clip(clip, c), [1, 1])
    request = ImageRequest(prompt="a lighthouse", width=320, height=180,
                           environment=ENVIRONMENT)
    images = takes(calls, lambda c: image.generate_image(request, c), [1, 1])
    assert clips[0] != clips[1] and images[0] != images[1]


def test_elevenlabs_speech_follows_the_seed_and_sound_varies(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    narrator = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    sound = ElevenLabsSoundDesigner(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    assert narrator.capabilities.can_vary and sound.capabilities.can_vary
    request = NarrationRequest("The lamp turned all night.", 5.0)
    spoken = takes(calls, lambda c: narrator.narrate(request, c), [3, 3, 4])
    assert spoken[0] == spoken[1], "the same seed repeats the take"
    assert spoken[2] != spoken[0], "a regenerate's new seed speaks differently"
    beds = takes(calls, lambda c: sound.generate_sound(SoundRequest("surf", 2.0), c), [5, 5])
    assert beds[0] != beds[1]
    assert [r.json()["seed"] for r in elevenlabs_emulator.requests_to(
        "/with-timestamps$", "POST")] == [3, 3, 4]


def test_fal_keyframes_follow_the_seed(fal_emulator: FalEmulator, calls: Recorder) -> None:
    provider = FalKeyframeGenerator(fal_emulator.api_key, fal_emulator.base_url, **FAST)
    assert provider.capabilities.can_vary
    request = ImageRequest(prompt="fog", width=320, height=180, environment=ENVIRONMENT,
                           purpose="keyframe")
    frames = takes(calls, lambda c: provider.generate_image(request, c), [7, 7, 8])
    assert frames[0] == frames[1] and frames[2] != frames[0]


def test_a_full_disk_under_ffmpeg_is_the_disk_not_the_service(tmp_path: Path) -> None:
    error = disk_full_or(FFmpegError("out.wav: No space left on device"), tmp_path / "o.wav",
                         ValueError("the service's fault"))
    assert isinstance(error, OSError) and error.errno == 28
    other = disk_full_or(FFmpegError("Invalid data found"), tmp_path / "o.wav",
                         ValueError("the service's fault"))
    assert isinstance(other, ValueError)


def test_unknown_outcome_is_final_but_keeps_the_journal(tmp_path: Path) -> None:
    error = UnknownOutcomeError("x", provider="p", possible_cost=1.5)
    assert error.retryable and error.final and error.possible_cost == 1.5
