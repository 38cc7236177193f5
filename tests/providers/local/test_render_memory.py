"""What a render's pool workers keep between jobs (issue 27: the render's process tree under
800 MB): freed arrays go back to the system, a voice is dropped once speech is over, and a
worker forgets the planes of a clip that no longer renders."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from vidstudio.core.vocabulary import CameraMove, TimeOfDay, Weather
from vidstudio.providers.base import ClipRequest, EnvironmentSpec, Keyframe
from vidstudio.providers.local import speech
from vidstudio.providers.local.clips import plan_clip
from vidstudio.providers.local.paint import animate

if TYPE_CHECKING:
    from pathlib import Path

# A child process frees a 4 MiB array (glibc then raises its mmap threshold to 4 MiB), makes
# sixty 1 MiB arrays, frees all but the last one made and prints how many MiB of the sixty it
# still holds. ``tame`` first gives it the pool workers' heap settings.
_HEAP_PROBE = """
import sys
import numpy as np
from vidstudio import osdeps
if sys.argv[1] == "tame":
    assert osdeps.tame_heap()
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
big = np.ones(1 << 22, np.uint8)
del big
base = rss()
arrays = [np.ones(1 << 20, np.uint8) for _ in range(60)]
last = arrays[-1]
del arrays
print(round(rss() - base))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap")
def test_a_tamed_heap_gives_freed_arrays_back() -> None:
    def held(mode: str) -> int:
        out = subprocess.run([sys.executable, "-c", _HEAP_PROBE, mode], capture_output=True,
                             text=True, check=True, timeout=60)
        return int(out.stdout.strip())

    assert held("tame") <= 8  # the one array still alive, and some slack
    # Without the settings the heap keeps the freed arrays below the live one: the probe
    # can tell the difference (a glibc that never kept them would make this test moot).
    assert held("default") >= 40


def test_a_piper_voice_is_dropped_once_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    files = speech._resolve_piper_voice(speech.DEFAULT_VOICE)
    if files is None:
        pytest.skip("the bundled piper voice is not installed")
    monkeypatch.setattr(speech, "PIPER_IDLE_S", 0.2)
    choice = speech.VoiceChoice("piper", speech.DEFAULT_VOICE, str(files[0]), str(files[1]))
    clips, rate = speech._piper_sentences(choice, ["The lamp caught."])
    assert rate > 0 and clips[0].size > rate // 4
    assert str(files[0]) in speech._PIPER_VOICES  # kept while speech may go on
    deadline = time.monotonic() + 10.0
    while speech._PIPER_VOICES and time.monotonic() < deadline:
        time.sleep(0.05)
    assert speech._PIPER_VOICES == {}
    again, _ = speech._piper_sentences(choice, ["The lamp caught."])
    assert again[0].tolist() == clips[0].tolist()  # reloaded, the same samples


def _job(folder: Path, name: str, colour: tuple[int, int, int]) -> animate.ClipJob:
    path = folder / f"{name}.png"
    Image.new("RGB", (64, 36), colour).save(path)
    spec = EnvironmentSpec(name="Point", setting="coast", weather=Weather("clear"),
                           time_of_day=TimeOfDay("day"), key_objects=())
    request = ClipRequest(prompt="shot", environment=spec, camera=CameraMove.STATIC,
                          duration=1, fps=4, width=64, height=36, first_frame=Keyframe(path),
                          last_frame=None)
    job = plan_clip(request, name)
    assert job is not None
    return job


def test_a_worker_forgets_the_planes_of_a_clip_no_longer_live(tmp_path: Path) -> None:
    first, second = _job(tmp_path, "first", (40, 90, 160)), _job(tmp_path, "second", (9, 9, 9))
    animate._CACHE.clear()
    try:
        animate.renderer_for(first)
        animate.renderer_for(second)
        assert list(animate._CACHE) == ["first", "second"]  # no word from the caller: kept
        animate.renderer_for(second, live={"second"})
        assert list(animate._CACHE) == ["second"]
    finally:
        animate._CACHE.clear()
