"""``LocalComposer``: the film's score synthesised on the CPU, with no account or network."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    GenerationFailedError,
    InvalidRequestError,
    MediaResult,
    MusicRequest,
    ProviderInfo,
)
from vidstudio.providers.local.music.synth import (
    SAMPLE_RATE,
    TARGET_LUFS,
    render_score_file,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

MAX_DURATION = 3600.0


class LocalComposer:
    """Composes a score whose sections are the scenes: key from the seed, mode, tempo and
    instrumentation from each scene's mood, harmony and texture changing exactly at each cut.
    A 48 kHz stereo WAV levelled to -20 LUFS; identical for the same sections and seed.

    Args:
        executor: where the synthesis runs (a process pool: the work function is top-level
            and takes plain values); None uses the loop's default thread pool.
    """

    info = ProviderInfo("local", "score-1", "local")
    capabilities = Capabilities(concurrency=1)

    def __init__(self, executor: Executor | None = None) -> None:
        self._executor = executor

    async def compose_music(self, request: MusicRequest, ctx: CallContext) -> MediaResult:
        """Synthesise the score for ``request``.

        Raises:
            InvalidRequestError: no sections, a section of no length, or over an hour.
            GenerationFailedError: the file could not be written.
        """
        if not request.sections or any(not s.duration > 0 for s in request.sections) \
                or request.duration > MAX_DURATION:
            raise InvalidRequestError("a score needs 1 or more scenes, each of positive length, "
                                      "up to an hour in all", provider=self.info.name)
        ctx.progress(0.05, f"composing {len(request.sections)} sections")
        path = ctx.work_dir / f"score-{ctx.seed}.wav"
        loop = asyncio.get_running_loop()
        try:
            measured = await loop.run_in_executor(self._executor, render_score_file,
                                                  list(request.sections), ctx.seed, str(path))
        except OSError as exc:
            raise GenerationFailedError(f"could not write the score: {exc}",
                                        provider=self.info.name) from exc
        ctx.progress(1.0, "score ready")
        notice = ({"notice": "the offline composer scores from the scenes, not the picture "
                             "(scoring the picture needs ElevenLabs)"}
                  if request.picture is not None else {})
        return MediaResult(path=path, model=self.info.model, metadata={
            **measured, "target_lufs": TARGET_LUFS, "seed": ctx.seed, "scored_from": "scenes",
            "sections": [s.duration for s in request.sections], "sample_rate": SAMPLE_RATE,
            **notice})
