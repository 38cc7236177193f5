"""``LocalSoundDesigner``: sound-effect beds synthesised on the CPU, with no account or network."""

from __future__ import annotations

import asyncio
import math
from typing import TYPE_CHECKING

from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    GenerationFailedError,
    InvalidRequestError,
    MediaResult,
    ProviderInfo,
    SoundRequest,
)
from vidstudio.providers.local.sfx.library import choose_layers
from vidstudio.providers.local.sfx.render import SAMPLE_RATE, TARGET_LUFS, render_bed_file

if TYPE_CHECKING:
    from concurrent.futures import Executor

MAX_DURATION = 600.0
"""Longest bed one call renders (seconds); scenes are 5 or 9 s, so this is only a sanity cap."""


class LocalSoundDesigner:
    """A :class:`~vidstudio.providers.base.SoundDesigner` that layers 1-3 synthesised sounds
    (rain, storm, wind, waves, river, birds, insects, fire, traffic, crowd, market, room tone,
    space-station hum, engine, footsteps, machinery, bells, thunder) chosen from the prompt and
    the environment.

    The bed is a 48 kHz stereo 16-bit WAV exactly ``request.duration`` long, levelled to
    -20 LUFS with peaks under -1 dBFS, loopable without a click, and identical for the same
    prompt, duration and ``ctx.seed``.

    Args:
        executor: where the synthesis runs (a process pool is fine: the work function is
            top-level and takes plain values); None uses the loop's default thread pool.
    """

    info = ProviderInfo("local", "synth-1", "local")
    capabilities = Capabilities(durations=(5, 9), concurrency=2)

    def __init__(self, executor: Executor | None = None) -> None:
        self._executor = executor

    async def generate_sound(self, request: SoundRequest, ctx: CallContext) -> MediaResult:
        """Synthesise a bed for ``request``; see the class docstring.

        Raises:
            InvalidRequestError: the duration is not a positive number up to 600 s.
            GenerationFailedError: the file could not be written.
        """
        duration = float(request.duration)
        if not math.isfinite(duration) or duration <= 0 or duration > MAX_DURATION:
            raise InvalidRequestError(
                f"sound duration must be between 0 and {MAX_DURATION:g} s, got {duration!r}",
                provider=self.info.name)
        influence = min(1.0, max(0.0, float(request.prompt_influence)))
        choice = choose_layers(request.prompt, request.environment,
                               prompt_weight=1.0 + 2.0 * influence)
        ctx.progress(0.05, "synthesising " + ", ".join(n.replace("_", " ") for n in choice.names))
        path = ctx.work_dir / f"sfx-{ctx.seed}.wav"
        loop = asyncio.get_running_loop()
        try:
            measured = await loop.run_in_executor(self._executor, render_bed_file,
                                                  choice.layers, duration, ctx.seed, str(path))
        except OSError as exc:
            raise GenerationFailedError(f"could not write the sound bed: {exc}",
                                        provider=self.info.name) from exc
        ctx.progress(1.0, "sound bed ready")
        return MediaResult(
            path=path,
            model=self.info.model,
            metadata={
                "layers": choice.names,
                "variants": {layer.name: layer.variant for layer in choice.layers
                             if layer.variant},
                "matched": choice.reasons,
                "duration": duration,
                "sample_rate": SAMPLE_RATE,
                "target_lufs": TARGET_LUFS,
                "loudness_lufs": measured["loudness_lufs"],
                "peak_dbfs": measured["peak_dbfs"],
                "loopable": True,
                "seed": ctx.seed,
            },
        )
