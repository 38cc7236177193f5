"""Small in-process providers that satisfy the Protocols, for testing the pipeline's logic
(caching, regenerate, failures, resume). They write real, tiny files; they are not used to test
any provider."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
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
    ProviderError,
    ProviderInfo,
    SoundRequest,
    StyleRequest,
)
from vidstudio.providers.registry import ProviderSet

if TYPE_CHECKING:
    from pathlib import Path


class Recorder:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.fail: dict[str, list[ProviderError]] = {}
        self.overflow_first = False
        self.hang_after_remember: asyncio.Event | None = None
        self.resumed: list[str] = []
        # Steps that wait for a go-ahead, reporting progress meanwhile (slow generations).
        self.gates: dict[str, asyncio.Event] = {}
        self.started: dict[str, asyncio.Event] = {}

    async def maybe_wait(self, step: str, ctx: CallContext) -> None:
        gate = self.gates.get(step)
        if gate is None:
            return
        self.started.setdefault(step, asyncio.Event()).set()
        fraction = 0.0
        while not gate.is_set():
            fraction = min(0.9, fraction + 0.1)
            ctx.progress(fraction, f"{step} {fraction:.0%}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(gate.wait(), 0.02)

    def maybe_fail(self, step: str) -> None:
        queue = self.fail.get(step)
        if queue:
            raise queue.pop(0)


class Fake:
    capabilities = Capabilities()

    def __init__(self, name: str, rec: Recorder, kind: str = "local") -> None:
        self.info = ProviderInfo(name, f"{name}-model", kind)  # type: ignore[arg-type]
        self.rec = rec

    def _write(self, ctx: CallContext, name: str, payload: str) -> Path:
        path = ctx.work_dir / name
        path.write_text(payload)
        return path

    async def plan(self, request: PlanRequest, ctx: CallContext) -> Plan:
        self.rec.calls["plan"] += 1
        paragraphs = [p for p in request.script.split("\n\n") if p.strip()][: request.max_scenes]
        return Plan(
            environments=[PlanEnvironment(id="e1", name="Place", setting="coast",
                                          image_prompts=[f"view {i}" for i in range(3)])],
            scenes=[PlanScene(title=f"Scene {i + 1}", environment_id="e1", narration=p.strip())
                    for i, p in enumerate(paragraphs)],
        )

    async def random_script(self, seed: int, ctx: CallContext) -> str:
        return "A test."

    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        step = request.purpose if request.purpose == "environment" else request.frame
        self.rec.calls[step] += 1
        self.rec.maybe_fail(step)
        return MediaResult(self._write(ctx, "img.png", f"{request.prompt}|{ctx.seed}|{step}"))

    async def train_style(self, request: StyleRequest, ctx: CallContext) -> MediaResult:
        self.rec.calls["style"] += 1
        return MediaResult(self._write(ctx, "style.json", f"{len(request.images)}|{ctx.seed}"))

    async def generate_clip(self, request: ClipRequest, ctx: CallContext) -> MediaResult:
        self.rec.calls["clip"] += 1
        await self.rec.maybe_wait(f"clip:{request.prompt}", ctx)
        await self.rec.maybe_wait("clip", ctx)
        if ctx.resume_remote_id:
            self.rec.resumed.append(ctx.resume_remote_id)
        else:
            self.rec.calls["clip_created"] += 1
            ctx.remember_remote_id(f"gen-{self.rec.calls['clip_created']}")
            if self.rec.hang_after_remember is not None:
                self.rec.hang_after_remember.set()
                await asyncio.sleep(3600)
        self.rec.maybe_fail("clip")
        frames = f"{request.first_frame.path.name}|{request.last_frame.path.name}"
        return MediaResult(self._write(ctx, "clip.mp4", f"{request.prompt}|{ctx.seed}|{frames}"),
                           remote_id=ctx.resume_remote_id, cost=0.5)

    async def generate_sound(self, request: SoundRequest, ctx: CallContext) -> MediaResult:
        self.rec.calls["sfx"] += 1
        self.rec.maybe_fail("sfx")
        return MediaResult(self._write(ctx, "bed.wav", f"{request.prompt}|{ctx.seed}"))

    async def narrate(self, request: NarrationRequest, ctx: CallContext) -> MediaResult:
        self.rec.calls["narration"] += 1
        await self.rec.maybe_wait(f"narration:{request.text}", ctx)
        self.rec.maybe_fail("narration")
        meta: dict[str, Any] = {"sentences": [], "duration": 1.0}
        if self.rec.overflow_first and request.target_duration < 5:
            meta["overflow_seconds"] = 2.0
        return MediaResult(self._write(ctx, "voice.wav", f"{request.text}|{ctx.seed}"),
                           metadata=meta)


def fake_providers(rec: Recorder, kind: str = "local") -> ProviderSet:
    p = Fake("fake", rec, kind)
    return ProviderSet(names=dict.fromkeys(Stage, "fake"), planner=p, images=p, keyframes=p,
                       style=p, video=p, sound=p, voice=p)
