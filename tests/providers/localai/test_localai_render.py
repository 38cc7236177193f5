"""A film end to end with the local-ai providers on CPU, through the real CLI: the keyframes and
the clip come from the tiny models (chosen by name, never by "auto"), the export holds the
clip's frames at the project's fps, the takes record the model and its licence, and a second
render reuses every take (nothing is made twice)."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pytest

from vidstudio.cli import main
from vidstudio.media.ffmpeg import probe

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow
SCRIPT = ("At night an old keeper walks along the harbour to the lighthouse while the storm "
          "comes in from the sea.")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_render_with_local_ai_keyframes_and_clip(tiny_models: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("VIDSTUDIO_MODELS", str(tiny_models)), ("VIDSTUDIO_LOCALAI_STEPS", "2"),
                        ("VIDSTUDIO_LOCALAI_MAX_SIDE", "32"), ("VIDSTUDIO_LOCALAI_DEVICE", "cpu")):
        monkeypatch.setenv(name, value)
    script = tmp_path / "harbour.txt"
    script.write_text(SCRIPT)
    out = tmp_path / "film.mp4"
    argv = ("render", str(script), "-o", str(out), "--max-scenes", "1", "--aspect", "1:1",
            "--images", "local-ai", "--video", "local-ai")
    code, _, err = cli(*argv)
    assert code == 0, err
    project = tmp_path / "film.vidstudio"
    data = json.loads((project / "project.json").read_text())
    (scene,) = data["scenes"]
    slots = scene["slots"]
    for slot in ("first_frame", "last_frame", "clip"):
        (take,) = slots[slot]["takes"]
        assert take["provider"] == "local-ai" and take["status"] == "ready"
        assert take["metadata"]["licence"] and take["metadata"]["device"] == "CPU"
    assert slots["clip"]["takes"][0]["model"] == "ltx-video:tiny-ltx"
    # the offline style profile is no LoRA: the keyframe says so rather than pretending
    assert slots["first_frame"]["takes"][0]["metadata"]["style"].startswith("not applied")
    clip = probe(project / slots["clip"]["takes"][0]["file"])
    fps = data["settings"]["fps"]
    assert clip.duration == pytest.approx(scene["duration"], abs=0.01)
    assert clip.streams[0].fps == fps and clip.streams[0].width == 720
    assert probe(out).duration == pytest.approx(scene["duration"], abs=0.1)
    # the clip's metadata: a frame count the model takes, cut to the scene's
    meta = slots["clip"]["takes"][0]["metadata"]
    assert meta["frames"] == scene["duration"] * fps
    assert (meta["generated_frames"] - 1) % 4 == 0 and meta["generated_frames"] >= meta["frames"]
    # a second render makes nothing again
    code, _, err = cli(*argv)
    assert code == 0, err
    again = json.loads((project / "project.json").read_text())
    assert [len(s["takes"]) for s in again["scenes"][0]["slots"].values()] == [
        len(s["takes"]) for s in slots.values()]
