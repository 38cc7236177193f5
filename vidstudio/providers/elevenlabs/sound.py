"""``ElevenLabsSoundDesigner``: a scene's sound-effect bed from ``text_to_sound_effects``."""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
from typing import TYPE_CHECKING, Any

from vidstudio.core.vocabulary import Weather
from vidstudio.media.ffmpeg import FFmpegError, run_ffmpeg
from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    InvalidRequestError,
    MediaResult,
    NotConfiguredError,
    ProviderInfo,
    SoundRequest,
)
from vidstudio.providers.elevenlabs._common import (
    CREDITS_PER_SOUND_SECOND,
    OUTPUT_FORMAT,
    PRICES_AS_OF,
    PROVIDER,
    SAMPLE_RATE,
    ElevenLabsBase,
    decode_to_wav,
    disk_full_or,
    price_of_credits,
    wav_seconds,
    write_bytes,
)
from vidstudio.providers.http_common import (
    keep_reply,
    kept_reply,
    reply_folder,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from pathlib import Path

    from elevenlabs.client import AsyncElevenLabs
    from elevenlabs.core.request_options import RequestOptions

#: The API makes sound effects of 0.5 to 30 seconds.
MIN_CALL_SECONDS = 0.5
MAX_CALL_SECONDS = 30.0
_MAX_SOUND_BYTES = 32 * 1024 * 1024


def _tag(prompt: str, seconds: float, influence: float, model_id: str) -> str:
    """A short digest of what a segment asks for, naming its kept reply."""
    blob = json.dumps([prompt, seconds, influence, model_id]).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]


def plan_segments(duration: float, max_seconds: float, crossfade: float) -> list[float]:
    """Lengths of the calls that, joined with ``crossfade``-second crossfades, cover
    ``duration`` seconds; each between ``MIN_CALL_SECONDS`` and ``max_seconds``."""
    if duration <= max_seconds:
        return [round(max(MIN_CALL_SECONDS, duration), 2)]
    count = math.ceil((duration - crossfade) / (max_seconds - crossfade))
    length = (duration + (count - 1) * crossfade) / count
    # Round up to the API's 0.01 s resolution so rounding never leaves a gap at the end.
    return [min(max_seconds, math.ceil(length * 100) / 100)] * count


def sound_prompt(request: SoundRequest) -> str:
    """The request's prompt, with the environment's weather heard when it is not clear."""
    prompt = " ".join(request.prompt.split())
    env = request.environment
    if env is not None and env.weather is not Weather.CLEAR \
            and env.weather.value not in prompt.lower():
        prompt = f"{prompt}, with {env.weather.value} in the background"
    return prompt


class ElevenLabsSoundDesigner(ElevenLabsBase):
    """A ``SoundDesigner`` backed by ElevenLabs sound effects (``AsyncElevenLabs``).

    A bed longer than one call allows is assembled from several calls joined with crossfades;
    the result is trimmed or padded with silence to exactly ``request.duration`` seconds.

    Args:
        model_id: the sound-effects model.
        max_call_seconds: the longest sound one call asks for (the API allows 30).
        crossfade: seconds of overlap where calls are joined.
        Others: see ``ElevenLabsBase``.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        model_id: str = "eleven_text_to_sound_v2",
        max_call_seconds: float = MAX_CALL_SECONDS,
        crossfade: float = 1.0,
        timeout: float = 120.0,
        call_deadline: float | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(api_key, base_url, timeout=timeout, call_deadline=call_deadline,
                         executor=executor)
        if not MIN_CALL_SECONDS < crossfade * 2 < max_call_seconds <= MAX_CALL_SECONDS:
            raise NotConfiguredError("the crossfade must be short against max_call_seconds",
                                     provider=PROVIDER)
        self.model_id = model_id
        self.max_call_seconds = max_call_seconds
        self.crossfade = crossfade
        self.info = ProviderInfo(name=PROVIDER, model=model_id, kind="cloud")
        self.capabilities = Capabilities(
            durations=(), unit_price=round(price_of_credits(self.info, CREDITS_PER_SOUND_SECOND,
                                                            "sound"), 5),
            price_unit="second", concurrency=2, paid=True,
            can_vary=True,  # no seed: every call makes a new sound
        )

    def billed_units(self, request: object, unit: str) -> float | None:
        """Credits ElevenLabs bills for the sound's segments (its price before it is made)."""
        if unit == "credit" and isinstance(request, SoundRequest):
            return CREDITS_PER_SOUND_SECOND * sum(
                plan_segments(request.duration, self.max_call_seconds, self.crossfade))
        return None

    async def generate_sound(self, request: SoundRequest, ctx: CallContext) -> MediaResult:
        """A 16-bit WAV of exactly ``request.duration`` seconds at ``ctx.work_dir/sfx.wav``.

        Raises:
            InvalidRequestError: an empty prompt, a bad duration, or a request the API rejects.
            ContentRefusedError: the prompt breaks ElevenLabs' content policy.
            BadOutputError: the audio that came back cannot be decoded.
        """
        prompt = sound_prompt(request)
        if not prompt:
            raise InvalidRequestError("a sound effect needs a description", provider=PROVIDER)
        if not 0 < request.duration <= 600:
            raise InvalidRequestError(f"cannot make {request.duration} s of sound",
                                      provider=PROVIDER)
        influence = min(1.0, max(0.0, request.prompt_influence))
        segments = plan_segments(request.duration, self.max_call_seconds, self.crossfade)
        loop = asyncio.get_running_loop()
        parts: list[Path] = []
        notices: list[str] = []
        folder = reply_folder(ctx)
        async with self._client() as client:
            for index, seconds in enumerate(segments):
                ctx.progress(0.8 * index / len(segments),
                             f"ElevenLabs sound {index + 1} of {len(segments)}")
                name = f"sfx-{index}-{_tag(prompt, seconds, influence, self.model_id)}.mp3"
                data = await kept_reply(folder, name)
                if data is None:
                    data = await self._made(client, ctx, folder, name, index, prompt, seconds,
                                            influence)
                encoded = ctx.work_dir / f"sfx-part{index}.mp3"
                await loop.run_in_executor(self._executor, write_bytes, str(encoded), data)
                decoded = ctx.work_dir / f"sfx-part{index}.wav"
                await decode_to_wav(encoded, decoded)
                encoded.unlink(missing_ok=True)
                parts.append(decoded)
        ctx.progress(0.85, "fitting the sound to the scene")
        dest = ctx.work_dir / "sfx.wav"
        await self._assemble(parts, dest, request.duration)
        for part in parts:
            part.unlink(missing_ok=True)
        seconds_out = await loop.run_in_executor(self._executor, wav_seconds, str(dest))
        ctx.progress(1.0, "sound ready")
        billed = sum(segments)
        metadata: dict[str, Any] = {
            "prompt": prompt, "prompt_influence": influence, "segments": len(segments),
            "duration": seconds_out, "price_as_of": PRICES_AS_OF,
        }
        if notices:
            metadata["notice"] = " ".join(notices)
        return MediaResult(path=dest, model=self.model_id,
                           cost=round(price_of_credits(
                               self.info, billed * CREDITS_PER_SOUND_SECOND, "sound"), 6),
                           metadata=metadata)

    async def _made(self, client: AsyncElevenLabs, ctx: CallContext, folder: Path,
                    name: str, index: int, prompt: str, seconds: float,
                    influence: float) -> bytes:
        """One segment bought now and kept at once; or ``UnknownOutcomeError`` when an earlier
        attempt sent it and kept no answer (ElevenLabs cannot look sound effects up)."""
        cost = price_of_credits(self.info, seconds * CREDITS_PER_SOUND_SECOND, "sound")
        data = await self._send_once(
            ctx, folder, f"sfx-{index}.sending", what="the sound effect", cost=cost,
            first=index == 0,
            why="an earlier attempt sent it and no answer was kept (ElevenLabs cannot look "
                "sound effects up)",
            send=lambda options: self._fetch(client, prompt, seconds, influence, options))
        # Kept before anything else is done with it: a crash from here on loses nothing paid.
        await keep_reply(folder, name, data)
        ctx.submitted_since = None
        return data

    async def _fetch(self, client: AsyncElevenLabs, prompt: str, seconds: float,
                     influence: float, options: RequestOptions) -> bytes:
        # convert() sends nothing until its iterator is consumed, so errors surface here.
        chunks: list[bytes] = []
        size = 0
        async for chunk in client.text_to_sound_effects.convert(
            text=prompt, duration_seconds=seconds, prompt_influence=influence,
            model_id=self.model_id, output_format=OUTPUT_FORMAT, request_options=options,
        ):
            size += len(chunk)
            if size > _MAX_SOUND_BYTES:
                raise BadOutputError("ElevenLabs sent far more audio than asked for",
                                     provider=PROVIDER)
            chunks.append(chunk)
        if not size:
            raise BadOutputError("ElevenLabs sent no audio", provider=PROVIDER)
        return b"".join(chunks)

    async def _assemble(self, parts: list[Path], dest: Path, duration: float) -> None:
        samples = round(duration * SAMPLE_RATE)
        inputs: list[str] = []
        for part in parts:
            inputs += ["-i", str(part)]
        graph: list[str] = []
        label = "0:a"
        for index in range(1, len(parts)):
            graph.append(f"[{label}][{index}:a]acrossfade=d={self.crossfade}:c1=tri:c2=tri"
                         f"[x{index}]")
            label = f"x{index}"
        graph.append(f"[{label}]aformat=sample_rates={SAMPLE_RATE},"
                     f"apad=whole_len={samples},atrim=end_sample={samples}[out]")
        try:
            await run_ffmpeg([*inputs, "-filter_complex", ";".join(graph), "-map", "[out]",
                              "-c:a", "pcm_s16le", str(dest)])
        except FFmpegError as exc:
            raise disk_full_or(exc, dest, BadOutputError(
                f"the sound parts could not be joined ({exc})", provider=PROVIDER)) from None
