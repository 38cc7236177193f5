"""The main job with every stage on a cloud provider, through the real SDK clients, against the
local emulators (base URLs from the environment, as a user behind a gateway would set them)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import av
import pytest

from tests.emulators.anthropic_emulator import AnthropicEmulator
from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
from tests.emulators.fal_emulator import FalEmulator
from tests.emulators.gemini_emulator import GeminiEmulator
from tests.emulators.luma_emulator import LumaEmulator
from vidstudio.storage.journal import Journal

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow

CLOUD_FLAGS = ["--images", "luma", "--video", "luma", "--sound", "elevenlabs",
               "--voice", "elevenlabs", "--style", "fal"]
# The renders below make two of orbit.txt's scenes: every per-scene request, take and score
# section is checked for each scene, in film order, which two show as well as five do. The kill
# test makes three: one more than Luma's two videos at once, so its second run both resumes
# generations the first one journalled and creates one the kill came before.
TWO_SCENES = ["--max-scenes", "2"]
THREE_SCENES = ["--max-scenes", "3"]
# Their films are 144p drafts: the requests, takes and payments checked here do not depend on
# the frame's size, and a draft's conforming and export cost a fraction of 720p's.
DRAFT = ["--resolution", "144"]


@dataclass
class Cloud:
    anthropic: AnthropicEmulator
    gemini: GeminiEmulator
    luma: LumaEmulator
    elevenlabs: ElevenLabsEmulator
    fal: FalEmulator

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "ANTHROPIC_API_KEY": self.anthropic.api_key,
            "ANTHROPIC_BASE_URL": self.anthropic.base_url,
            "GEMINI_API_KEY": self.gemini.api_key,
            "GOOGLE_GEMINI_BASE_URL": self.gemini.base_url,
            "LUMAAI_API_KEY": self.luma.api_key,
            "LUMAAI_BASE_URL": self.luma.api_base_url,
            "ELEVENLABS_API_KEY": self.elevenlabs.api_key,
            "ELEVENLABS_BASE_URL": self.elevenlabs.base_url,
            "FAL_KEY": self.fal.api_key,
            "FAL_BASE_URL": self.fal.base_url,
            "VIDSTUDIO_NO_KEYRING": "1",
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def api_keys(self) -> list[str]:
        return [self.anthropic.api_key, self.gemini.api_key, self.luma.api_key,
                self.elevenlabs.api_key, self.fal.api_key]


def cloud_servers() -> Iterator[Cloud]:
    """All five emulators running, Luma's generations and fal's jobs finished at the first poll.

    The walk through the queued and working states (and the client's growing waits between
    polls: fal's training waits 5 s, then 7.5 s) is tested against each provider on its own in
    tests/providers/; here it would add ~15 s of waiting to every render and prove nothing more.
    A job a test holds (``hold_app``, ``hold``) still stays in flight."""
    servers = Cloud(AnthropicEmulator(), GeminiEmulator(), LumaEmulator(), ElevenLabsEmulator(),
                    FalEmulator())
    for server in vars(servers).values():
        server.start()
        if isinstance(server, LumaEmulator):
            server.queued_polls = server.dreaming_polls = 0
        if isinstance(server, FalEmulator):
            server.queue_polls = server.progress_polls = 0
    yield servers
    for server in vars(servers).values():
        server.stop()


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    yield from cloud_servers()


def vidstudio(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vidstudio", *args], env=env, text=True,
                          capture_output=True, timeout=300, check=False)


def assert_no_secret(cloud: Cloud, *texts: str) -> None:
    for text in texts:
        for key in cloud.api_keys():
            assert key not in text


def project_files_text(project_dir: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in project_dir.glob("*.json*"))


@pytest.mark.parametrize("planner", ["claude", "gemini"])
def test_every_stage_in_the_cloud(cloud: Cloud, samples: Path, tmp_path: Path,
                                  planner: str) -> None:
    out = tmp_path / "film.mp4"
    done = vidstudio("render", str(samples / "orbit.txt"), "-o", str(out), "--planner", planner,
                     *CLOUD_FLAGS, *TWO_SCENES, *DRAFT, env=cloud.env())
    assert done.returncode == 0, done.stderr
    assert f"planner={planner}" in done.stderr and "video=luma" in done.stderr

    project_dir = tmp_path / "film.vidstudio"
    data = json.loads((project_dir / "project.json").read_text())
    scenes = sorted(data["scenes"], key=lambda s: s["order"])
    assert len(scenes) == 2
    total = sum(s["duration"] for s in scenes)
    with av.open(str(out)) as container:
        video = container.streams.video[0]
        assert float(video.duration * video.time_base) == pytest.approx(total, abs=0.1)
        assert container.streams.audio[0].codec_context.name == "aac"

    # Which provider made each take is recorded on it.
    for scene in scenes:
        assert scene["slots"]["clip"]["takes"][-1]["provider"] == "luma"
        assert scene["slots"]["first_frame"]["takes"][-1]["provider"] == "fal"
        assert scene["slots"]["sfx"]["takes"][-1]["provider"] == "elevenlabs"

    # The requests carried the right fields.
    videos = [r.json() for r in cloud.luma.requests_to(r"/generations/video$", "POST")]
    assert len(videos) == len(scenes)
    assert sorted(v["duration"] for v in videos) == sorted(f"{s['duration']}s" for s in scenes)
    assert all({"frame0", "frame1"} <= set(v["keyframes"]) for v in videos)
    sounds = [r.json() for r in cloud.elevenlabs.requests_to(r"/v1/sound-generation$", "POST")]
    assert sorted(s["duration_seconds"] for s in sounds) == sorted(
        float(s["duration"]) for s in scenes)
    # The score ("auto" with an ElevenLabs key): one composition whose plan has a section per
    # scene, in film order, each as long as its scene, instrumental, with a seed.
    (music,) = cloud.elevenlabs.music_requests
    plan = music["composition_plan"]
    assert [s["duration_ms"] for s in plan["sections"]] == [
        round(float(s["duration"]) * 1000) for s in scenes]
    assert all(s["lines"] == [] for s in plan["sections"])
    assert "vocals" in plan["negative_global_styles"]
    assert music["respect_sections_durations"] is True and isinstance(music["seed"], int)
    assert data["music"]["takes"][-1]["provider"] == "elevenlabs"
    assert_no_secret(cloud, done.stdout, done.stderr, project_files_text(project_dir))


def test_killing_during_a_luma_generation_does_not_pay_twice(cloud: Cloud, samples: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "film.mp4"
    cloud.luma.hold = "video"  # video generations stay "dreaming"; images complete
    args = [sys.executable, "-m", "vidstudio", "render", str(samples / "orbit.txt"), "-o",
            str(out), "--planner", "claude", *CLOUD_FLAGS, *THREE_SCENES, *DRAFT]
    proc = subprocess.Popen(args, env=cloud.env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    journal = Journal(tmp_path / "film.vidstudio" / "journal.jsonl")
    deadline = time.monotonic() + 120
    try:
        # Kill while generations are being polled: every video Luma accepted is journalled
        # (images complete and leave the journal; held videos stay in it).
        while time.monotonic() < deadline:
            created = cloud.luma.requests_to(r"/generations/video$", "POST")
            in_flight = [e for e in journal.entries() if e.provider == "luma" and e.remote_id]
            if created and len(in_flight) == len(created):
                break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.1)
        else:
            pytest.fail("no Luma generation started")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    started = len(cloud.luma.requests_to(r"/generations/video$", "POST"))
    assert started >= 1

    cloud.luma.hold = False
    done = vidstudio("render", str(samples / "orbit.txt"), "-o", str(out), "--planner", "claude",
                     *CLOUD_FLAGS, *THREE_SCENES, *DRAFT, env=cloud.env())
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "film.vidstudio" / "project.json").read_text())
    scenes = len(data["scenes"])
    assert scenes == 3
    creations = len(cloud.luma.requests_to(r"/generations/video$", "POST"))
    assert creations == scenes, "every scene's clip was created exactly once"
    assert journal.entries() == [], "the journal is empty once all landed"


def test_estimate_prices_the_run_without_calling_any_service(cloud: Cloud, samples: Path,
                                                             tmp_path: Path) -> None:
    done = vidstudio("render", str(samples / "orbit.txt"), "-o", str(tmp_path / "f.mp4"),
                     "--planner", "claude", *CLOUD_FLAGS, "--estimate", env=cloud.env())
    assert done.returncode == 0, done.stderr
    lines = {ln.split()[0]: ln for ln in done.stdout.splitlines() if ln.strip()}
    assert {"planner", "images", "style", "keyframes", "video", "sound", "voice",
            "total"} <= set(lines)
    assert "luma" in lines["video"] and "fal" in lines["keyframes"]
    total = float(lines["total"].split("$")[1].split()[0])
    assert total > 0
    for server in vars(cloud).values():
        assert server.requests == [], f"{type(server).__name__} was called"
    assert not (tmp_path / "f.mp4").exists() and not (tmp_path / "f.vidstudio").exists()


def test_a_film_over_budget_is_refused_before_paying(cloud: Cloud, samples: Path,
                                                     tmp_path: Path) -> None:
    done = vidstudio("render", str(samples / "orbit.txt"), "-o", str(tmp_path / "f.mp4"),
                     "--planner", "local", "--images", "local", "--style", "local",
                     "--video", "luma", "--sound", "local", "--voice", "local",
                     "--budget", "0.80", env=cloud.env())
    assert done.returncode == 1
    assert "the budget is $0.80; nothing was paid" in done.stderr
    assert "fits" in done.stderr, "the message says what would fit"
    assert cloud.luma.creations == 0, "no clip was bought that could not become a film"
    assert not (tmp_path / "f.mp4").exists()


def test_random_script_through_claude(cloud: Cloud) -> None:
    done = vidstudio("random-script", "--seed", "4", "--planner", "claude", env=cloud.env())
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) > 20
    assert cloud.anthropic.requests_to(r"/v1/messages$", "POST")


def test_voices_are_listed_from_the_api(cloud: Cloud) -> None:
    done = vidstudio("voices", "--voice", "elevenlabs", env=cloud.env())
    assert done.returncode == 0, done.stderr
    rows = [ln.split("\t") for ln in done.stdout.splitlines()]
    assert rows and all(len(r) == 2 for r in rows)
    assert cloud.elevenlabs.requests_to(r"/v1/voices$", "GET")
