"""Load: every slot of five scenes generating at once, with latency and rate limits.
Secrets: a full cloud render against the emulators, with failures that echo the key back."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.e2e.test_cloud_render import CLOUD_FLAGS, Cloud, cloud  # noqa: F401  (fixture)
from tests.emulators.base import Reply
from tests.reliability.cloudsim import SimCloud, Tracker, sim_providers
from vidstudio.core.models import Settings
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.retry import RetryPolicy

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT5 = "\n\n".join(f"Part {n}: the keeper climbs and the lamp shines." for n in range(1, 6))


def test_five_scenes_at_once_respect_each_providers_limit_and_account_for_every_take(
        tmp_path: Path) -> None:
    tracker = Tracker.new()
    providers = sim_providers(split=True, concurrency=2, latency=0.02, tracker=tracker,
                              rate_limit_every=5, secret="sk-load-secret")

    async def scenario() -> tuple[int, int, list[str]]:
        session, _ = await open_for_render(
            SCRIPT5, tmp_path / "p.vidstudio", Settings(max_scenes=5), providers,
            retry=RetryPolicy(attempts=6, base_delay=0.001, max_delay=0.01), save_delay=0.01)
        try:
            stats = await session.wait(session.generate_all())
            project = session.project
            assert len(project.scenes) == 5
            missing = [f"{scene.title}/{kind.value}" for scene in project.scenes
                       for kind, slot in scene.slots.items()
                       if slot.active_take is None or slot.active_take.status != "ready"]
            takes = sum(1 for t in project.all_takes() if t.status == "ready")
            return stats.generated, takes, missing
        finally:
            await session.close()

    generated, takes, missing = asyncio.run(scenario())
    assert missing == [], "every slot of every scene has its take"
    assert generated == takes, "every generated take is in the project, once"
    for provider in (providers.images, providers.keyframes, providers.video, providers.sound,
                     providers.voice):
        assert isinstance(provider, SimCloud)
        name = provider.info.name
        assert 1 <= tracker.peak[name] <= provider.capabilities.concurrency, name
    assert tracker.peak["sim-keyframes"] == 2, "the limit was reached, so it was tested"


@pytest.mark.slow
def test_no_key_reaches_the_project_logs_or_messages(cloud: Cloud, tmp_path: Path,  # noqa: F811
                                                     samples: Path) -> None:
    # Failures whose bodies echo the caller's key, as careless services do.
    cloud.elevenlabs.fail_next(r"/v1/sound-generation$", Reply(500, {"detail": {
        "status": "error", "message": f"internal error for key {cloud.elevenlabs.api_key}"}}),
        times=2)
    cloud.luma.fail_next(r"/generations/video$", Reply(400, {
        "detail": f"bad request from key {cloud.luma.api_key}"}), times=20)
    out = tmp_path / "film.mp4"
    done = subprocess.run(
        [sys.executable, "-m", "vidstudio", "-v", "render", str(samples / "orbit.txt"), "-o",
         str(out), "--planner", "claude", "--max-scenes", "2", *CLOUD_FLAGS],
        env=cloud.env(), text=True, capture_output=True, timeout=300, check=False)
    assert done.returncode != 0, "the refused clips fail the run"
    assert "luma" in done.stderr
    texts = {"stdout": done.stdout, "stderr": done.stderr}
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_symlink():
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    for key in cloud.api_keys():
        leaked = [where for where, text in texts.items() if key in text]
        assert leaked == [], f"{key[:6]}… leaked into {leaked}"
    assert os.path.isdir(tmp_path / "film.vidstudio")
