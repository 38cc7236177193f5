"""Emulated paid providers for the reliability tests: slow when told to, counting every job they
create or resume in a ledger file that outlives the process (so a test can kill vidstudio and
still count), and writing real but tiny media (so the export runs for real).

Every stage behaves like a paid cloud service: the job's id is handed to the jobs layer to
journal (``ctx.remember_remote_id``) before the result is awaited, and a journalled id comes back
as ``ctx.resume_remote_id`` on the next run, which is logged as a resume, not a create.

Environment (read in the process that runs the providers):
    VIDSTUDIO_TEST_LEDGER   a folder: ``events.log`` (one line per event) and ``release-<stage>``
                            files live there
    VIDSTUDIO_TEST_HOLD     comma-separated stages (plan, env_image, style, first_frame,
                            last_frame, clip, sfx, narration) that wait, reporting progress,
                            until ``release-<stage>`` exists in the ledger folder
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.plan import Plan, PlanEnvironment, PlanScene
from vidstudio.core.vocabulary import Stage
from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    ClipRequest,
    ImageRequest,
    MediaResult,
    NarrationRequest,
    PlanRequest,
    ProviderInfo,
    SoundRequest,
    StyleRequest,
)
from vidstudio.providers.registry import ProviderSet

if TYPE_CHECKING:
    from concurrent.futures import Executor

SIZE = (256, 144)
FPS = 12


# ------------------------------------------------------------------------------- ledger
def ledger_dir() -> Path | None:
    value = os.environ.get("VIDSTUDIO_TEST_LEDGER")
    return Path(value) if value else None


def log_event(*words: str) -> None:
    folder = ledger_dir()
    if folder is None:
        return
    line = (" ".join(words) + "\n").encode()
    fd = os.open(folder / "events.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def read_events(folder: Path) -> list[list[str]]:
    try:
        text = (folder / "events.log").read_text()
    except FileNotFoundError:
        return []
    return [line.split() for line in text.splitlines() if line.strip()]


def creates_per_job(folder: Path) -> Counter[str]:
    """How many times each step (its scratch folder's name: the step's cache key) was
    created at the provider."""
    return Counter(f"{e[1]}:{e[2]}" for e in read_events(folder) if e[0] == "create")


def count(folder: Path, event: str, stage: str | None = None) -> int:
    return sum(1 for e in read_events(folder)
               if e[0] == event and (stage is None or e[1] == stage))


# -------------------------------------------------------------------------------- media
def make_clip(path: str, seconds: float, colour: str) -> str:
    """A tiny H.264 clip (runs in a process-pool worker, as real frame rendering does)."""
    import imageio_ffmpeg

    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
         f"color=c=0x{colour}:s={SIZE[0]}x{SIZE[1]}:r={FPS}:d={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-movflags", "+faststart", path],
        check=True, capture_output=True, timeout=120)
    return path


def _image(path: Path, colour: str) -> Path:
    from PIL import Image

    Image.new("RGB", SIZE, "#" + colour).save(path)
    return path


def _wav(path: Path, seconds: float, pitch: float) -> Path:
    import numpy as np
    import soundfile  # type: ignore[import-untyped]

    rate = 22050
    t = np.arange(int(rate * seconds)) / rate
    soundfile.write(str(path), 0.2 * np.sin(2 * np.pi * pitch * t), rate)
    return path


def _colour(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:6]


# ------------------------------------------------------------------------------ providers
@dataclass
class Tracker:
    """In-process counters for the load test (concurrency seen per provider)."""

    running: Counter[str]
    peak: Counter[str]

    @classmethod
    def new(cls) -> Tracker:
        return cls(Counter(), Counter())


class SimCloud:
    """One emulated paid service; ``name`` keys its concurrency limit in the jobs layer."""

    def __init__(self, name: str, *, executor: Executor | None = None, concurrency: int = 4,
                 latency: float = 0.0, tracker: Tracker | None = None,
                 rate_limit_every: int = 0, secret: str = "") -> None:
        self.info = ProviderInfo(name, f"{name}-1", "cloud")  # type: ignore[arg-type]
        self.capabilities = Capabilities(concurrency=concurrency, unit_price=0.01, paid=True)
        self.executor = executor
        self.latency = latency
        self.tracker = tracker
        self.rate_limit_every = rate_limit_every
        self.secret = secret
        self.calls = 0

    async def _job(self, stage: str, ctx: CallContext) -> None:
        """Create (or resume) the remote job, then wait as the service would."""
        if self.tracker is not None:
            self.tracker.running[self.info.name] += 1
            self.tracker.peak[self.info.name] = max(self.tracker.peak[self.info.name],
                                                    self.tracker.running[self.info.name])
        try:
            self.calls += 1
            if self.rate_limit_every and self.calls % self.rate_limit_every == 0:
                from vidstudio.providers.base import RateLimitedError

                raise RateLimitedError(f"{self.info.name}: slow down (key {self.secret})",
                                       provider=self.info.name, retry_after=0.01)
            if ctx.resume_remote_id:
                log_event("resume", stage, ctx.work_dir.name, ctx.resume_remote_id)
            else:
                remote = f"{stage}-{uuid.uuid4().hex[:8]}"
                ctx.remember_remote_id(remote)
                log_event("create", stage, ctx.work_dir.name, remote)
            await self._hold(stage, ctx)
            if self.latency:
                await asyncio.sleep(self.latency)
        finally:
            if self.tracker is not None:
                self.tracker.running[self.info.name] -= 1

    async def _hold(self, stage: str, ctx: CallContext) -> None:
        held = os.environ.get("VIDSTUDIO_TEST_HOLD", "").split(",")
        folder = ledger_dir()
        if stage not in held or folder is None:
            return
        log_event("held", stage, ctx.work_dir.name)
        fraction = 0.0
        while not (folder / f"release-{stage}").exists():
            fraction = min(0.9, fraction + 0.05)
            ctx.progress(fraction, f"{stage} {fraction:.0%}")
            await asyncio.sleep(0.05)

    # --- Planner
    async def plan(self, request: PlanRequest, ctx: CallContext) -> Plan:
        await self._hold("plan", ctx)
        log_event("plan", "plan", "-")
        paragraphs = [p.strip() for p in request.script.split("\n\n") if p.strip()]
        paragraphs = paragraphs[: request.max_scenes]
        return Plan(
            title="Reliability",
            environments=[PlanEnvironment(id="e1", name="Coast", setting="coast",
                                          image_prompts=["the coast", "the cliffs"])],
            scenes=[PlanScene(title=f"Scene {i + 1}", environment_id="e1", narration=p)
                    for i, p in enumerate(paragraphs)],
        )

    async def random_script(self, seed: int, ctx: CallContext) -> str:
        return "A keeper climbs the stairs.\n\nThe lamp shines again."

    # --- ImageGenerator (environment images and keyframes)
    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        stage = "env_image" if request.purpose == "environment" else str(request.frame)
        stage = {"first": "first_frame", "last": "last_frame"}.get(stage, stage)
        await self._job(stage, ctx)
        path = ctx.work_dir / "image.png"
        colour = _colour(request.prompt, ctx.seed, stage)
        if self.executor is not None:  # drawn in a pool worker, as the painter draws
            await asyncio.get_running_loop().run_in_executor(self.executor, _image, path,
                                                             colour)
        else:
            _image(path, colour)
        return MediaResult(path, cost=0.01)

    # --- StyleTrainer
    async def train_style(self, request: StyleRequest, ctx: CallContext) -> MediaResult:
        await self._job("style", ctx)
        path = ctx.work_dir / "style.json"
        path.write_text(f'{{"images": {len(request.images)}, "seed": {ctx.seed}}}')
        return MediaResult(path, cost=0.01)

    # --- VideoGenerator
    async def generate_clip(self, request: ClipRequest, ctx: CallContext) -> MediaResult:
        await self._job("clip", ctx)
        out = ctx.work_dir / "clip.mp4"
        colour = _colour(request.prompt, ctx.seed)
        if self.executor is not None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self.executor, make_clip, str(out),
                                       float(request.duration), colour)
        else:
            await asyncio.to_thread(make_clip, str(out), float(request.duration), colour)
        return MediaResult(out, cost=0.05)

    # --- SoundDesigner
    async def generate_sound(self, request: SoundRequest, ctx: CallContext) -> MediaResult:
        await self._job("sfx", ctx)
        path = _wav(ctx.work_dir / "bed.wav", float(request.duration), 110 + ctx.seed)
        return MediaResult(path, cost=0.01)

    # --- Narrator
    async def narrate(self, request: NarrationRequest, ctx: CallContext) -> MediaResult:
        await self._job("narration", ctx)
        path = _wav(ctx.work_dir / "voice.wav", 1.0, 220 + ctx.seed)
        return MediaResult(path, metadata={"sentences": [], "duration": 1.0}, cost=0.01)


def sim_providers(executor: Executor | None = None, *, split: bool = False,
                  **options: Any) -> ProviderSet:
    """Every stage on an emulated paid service; ``split``: one service (and so one
    concurrency limit) per stage, as with the real providers."""
    def make(name: str) -> SimCloud:
        return SimCloud(name if split else "simcloud", executor=executor, **options)

    shared = make("simcloud")
    if not split:
        return ProviderSet(names=dict.fromkeys(Stage, "simcloud"), planner=shared,
                           images=shared, keyframes=shared, style=shared, video=shared,
                           sound=shared, voice=shared)
    parts = {"planner": make("sim-planner"), "images": make("sim-images"),
             "keyframes": make("sim-keyframes"), "style": make("sim-style"),
             "video": make("sim-video"), "sound": make("sim-sound"), "voice": make("sim-voice")}
    names = {stage: parts[stage.value if stage.value in parts else "images"].info.name
             for stage in Stage}
    return ProviderSet(names=names, **parts)  # type: ignore[arg-type]
