"""What a render's pool workers keep between jobs (issue 27: the render's process tree under
800 MB): a voice is dropped once speech is over, and a worker forgets the planes of a clip that no longer renders."""

from __future__ import annotations

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
