"""The offline clips take turns: never two x264 encoders at once (issue 27, the render tree's
memory), and a cancelled clip hands its turn on."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from vidstudio.core.vocabulary import CameraMove
from vidstudio.lifetime import descendants
from vidstudio.providers.base import CallContext
from vidstudio.providers.local.clips import LocalVideoGenerator
from vidstudio.providers.local.clipturns import most_encoders_at_once

from .test_clips import FPS, clip_request, env, keyframes

if TYPE_CHECKING:
    from vidstudio.providers.base import Keyframe

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _encoders() -> int:
    """x264 encoders running now among this process's descendants (from /proc)."""
    found = 0
    for pid in descendants():
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        # ffmpeg itself, not a watcher process standing between us and it (portable mode)
        found += Path(argv.split(b"\0")[0].decode()).name.startswith("ffmpeg") \
            and b"libx264" in argv
    return found


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> tuple[Keyframe, Keyframe]:
    return keyframes(tmp_path_factory.mktemp("keys"), env(), CameraMove.STATIC)


def test_clips_asked_at_once_never_encode_at_once(
    tmp_path: Path, frames: tuple[Keyframe, Keyframe]
) -> None:
    seen: list[int] = []

    async def main() -> list[Path]:
        done = asyncio.Event()

        async def watch() -> None:
            while not done.is_set():
                seen.append(await asyncio.to_thread(_encoders))
                await asyncio.sleep(0.005)

        watcher = asyncio.create_task(watch())
        provider = LocalVideoGenerator()
        try:
            results = await asyncio.gather(*(
                provider.generate_clip(clip_request(env(), CameraMove.STATIC, *frames, duration=1),
                                       CallContext(work_dir=tmp_path, seed=seed))
                for seed in (1, 2, 3)))
        finally:
            done.set()
            await watcher
        assert most_encoders_at_once() == 1  # the provider's own record
        return [r.path for r in results]

    paths = asyncio.run(main())
    assert len(set(paths)) == 3 and all(p.stat().st_size > 0 for p in paths)
    # /proc agrees: the encoders were seen, never two at once.
    assert max(seen) == 1


def test_a_cancelled_clip_hands_its_turn_on(
    tmp_path: Path, frames: tuple[Keyframe, Keyframe]
) -> None:
    async def main() -> int:
        started = asyncio.Event()
        provider = LocalVideoGenerator()
        first = asyncio.create_task(provider.generate_clip(
            clip_request(env(), CameraMove.STATIC, *frames, duration=20),
            CallContext(work_dir=tmp_path, seed=4,
                        progress=lambda f, _m: started.set() if f > 0 else None)))
        second = asyncio.create_task(provider.generate_clip(
            clip_request(env(), CameraMove.STATIC, *frames, duration=1),
            CallContext(work_dir=tmp_path, seed=5)))
        await asyncio.wait_for(started.wait(), 30)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        result = await asyncio.wait_for(second, 30)
        return int(result.metadata["frames"])

    assert asyncio.run(main()) == FPS
    assert _encoders() == 0
