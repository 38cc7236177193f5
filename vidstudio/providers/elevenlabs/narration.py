"""``ElevenLabsNarrator``: a scene's narration with sentence timings, fitted to the scene."""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from elevenlabs.client import AsyncElevenLabs
from elevenlabs.types import AudioWithTimestampsResponse

from vidstudio.media.ffmpeg import FFmpegError, run_ffmpeg
from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    InvalidRequestError,
    MediaResult,
    NarrationRequest,
    NotConfiguredError,
    ProviderInfo,
)
from vidstudio.providers.elevenlabs._common import (
    CREDIT_PRICE,
    CREDITS_PER_CHARACTER,
    OUTPUT_FORMAT,
    PRICES_AS_OF,
    PROVIDER,
    ElevenLabsBase,
    decode_to_wav,
    wav_seconds,
    write_bytes,
)
from vidstudio.providers.elevenlabs.alignment import (
    Alignment,
    chunk_text,
    sentences_from_alignment,
)

#: "George", one of ElevenLabs' premade voices, available on every account.
DEFAULT_VOICE_ID = "JBFqnCBsd6RMkjVDRZzb"
# ElevenLabs voice ids are 20 letters and digits; anything else is treated as a voice name.
_VOICE_ID = re.compile(r"^[A-Za-z0-9]{20}$")
# Only these models accept language_code; the others reject it with an error.
_LANGUAGE_MODELS = frozenset({"eleven_flash_v2_5", "eleven_turbo_v2_5"})


class ElevenLabsNarrator(ElevenLabsBase):
    """A ``Narrator`` backed by ElevenLabs text to speech with timestamps (``AsyncElevenLabs``).

    Long text is spoken in chunks (split at sentences, each told its neighbours' text so the
    intonation carries over); the character alignment becomes ``metadata["sentences"]``. Speech
    longer than ``request.target_duration`` is sped up with ffmpeg's pitch-preserving
    ``atempo``, at most ``max_tempo`` times.

    Args:
        voice_id: the voice used when the request names none (or names no ElevenLabs voice).
        model_id: the speech model.
        max_chars: the most characters sent in one request.
        max_tempo: the largest speed-up used to fit the scene.
        Others: see ``ElevenLabsBase``.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        voice_id: str = DEFAULT_VOICE_ID,
        model_id: str = "eleven_multilingual_v2",
        max_chars: int = 2500,
        max_tempo: float = 1.25,
        timeout: float = 120.0,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(api_key, base_url, timeout=timeout, executor=executor)
        if not 1.0 <= max_tempo <= 2.0:
            raise NotConfiguredError("max_tempo must be between 1 and 2", provider=PROVIDER)
        self.voice_id = voice_id
        self.model_id = model_id
        self.max_chars = max_chars
        self.max_tempo = max_tempo
        self.info = ProviderInfo(name=PROVIDER, model=model_id, kind="cloud")
        self.capabilities = Capabilities(
            durations=(),
            unit_price=round(CREDITS_PER_CHARACTER.get(model_id, 1.0) * CREDIT_PRICE, 6),
            price_unit="character", concurrency=2, paid=True,
        )

    async def list_voices(self) -> list[tuple[str, str]]:
        """``(voice_id, name)`` of every voice the account can use.

        Raises:
            AuthenticationError, RateLimitedError, ...: the API call failed.
        """
        async with self._client() as client:
            return await self._voices(client)

    async def _voices(self, client: AsyncElevenLabs) -> list[tuple[str, str]]:
        response = await self._call(client.voices.get_all(request_options=self._options))
        return [(v.voice_id, v.name or v.voice_id) for v in response.voices]

    async def narrate(self, request: NarrationRequest, ctx: CallContext) -> MediaResult:
        """Speech as 16-bit WAV at ``ctx.work_dir/narration.wav``.

        Raises:
            InvalidRequestError: no text, or a request the API rejects (unknown voice...).
            BadOutputError: audio or alignment that cannot be used.
        """
        text = " ".join(request.text.split())
        if not text:
            raise InvalidRequestError("there is no narration text to speak", provider=PROVIDER)
        chunks = chunk_text(text, self.max_chars, request.language)
        notices: list[str] = []
        alignment = Alignment.empty()
        parts: list[Path] = []
        loop = asyncio.get_running_loop()
        offset = 0.0
        async with self._client() as client:
            voice_id = await self._resolve_voice(client, request.voice.strip(), notices)
            for index, chunk in enumerate(chunks):
                ctx.progress(0.8 * index / len(chunks),
                             f"ElevenLabs speaking part {index + 1} of {len(chunks)}")
                extra: dict[str, Any] = {}
                if index > 0:
                    extra["previous_text"] = chunks[index - 1]
                if index + 1 < len(chunks):
                    extra["next_text"] = chunks[index + 1]
                if self.model_id in _LANGUAGE_MODELS and request.language:
                    extra["language_code"] = request.language.split("-")[0].lower()
                response = await self._call(client.text_to_speech.convert_with_timestamps(
                    voice_id, text=chunk, model_id=self.model_id, output_format=OUTPUT_FORMAT,
                    request_options=self._options, **extra,
                ))
                audio, chars, starts, ends = _unpack(response)
                encoded = ctx.work_dir / f"narration-part{index}.mp3"
                await loop.run_in_executor(self._executor, write_bytes, str(encoded), audio)
                decoded = ctx.work_dir / f"narration-part{index}.wav"
                await decode_to_wav(encoded, decoded)
                encoded.unlink(missing_ok=True)
                parts.append(decoded)
                try:
                    alignment.extend(chars, starts, ends, offset)
                except ValueError as exc:
                    raise BadOutputError(f"ElevenLabs sent a broken alignment ({exc})",
                                         provider=PROVIDER) from None
                offset += await loop.run_in_executor(self._executor, wav_seconds, str(decoded))
        tempo = 1.0
        if request.target_duration > 0 and offset > request.target_duration:
            tempo = min(self.max_tempo, offset / request.target_duration)
        ctx.progress(0.85, "fitting the narration to the scene")
        dest = ctx.work_dir / "narration.wav"
        await _join(parts, dest, tempo)
        for part in parts:
            part.unlink(missing_ok=True)
        seconds = await loop.run_in_executor(self._executor, wav_seconds, str(dest))
        if request.target_duration > 0 and seconds > request.target_duration + 0.05:
            notices.append(f"the narration runs {seconds - request.target_duration:.1f} s "
                           f"longer than the scene allows even at {tempo:.2f}x speed")
        ctx.progress(1.0, "narration ready")
        metadata: dict[str, Any] = {
            "sentences": sentences_from_alignment(alignment, language=request.language,
                                                  time_scale=1.0 / tempo, duration=seconds),
            "voice": voice_id,
            "tempo": round(tempo, 4),
            "duration": seconds,
            "chunks": len(chunks),
            "price_as_of": PRICES_AS_OF,
        }
        if notices:
            metadata["notice"] = " ".join(notices)
        cost = len(text) * CREDITS_PER_CHARACTER.get(self.model_id, 1.0) * CREDIT_PRICE
        return MediaResult(path=dest, model=self.model_id, cost=round(cost, 6),
                           metadata=metadata)

    async def _resolve_voice(self, client: AsyncElevenLabs, requested: str,
                             notices: list[str]) -> str:
        if not requested:
            return self.voice_id
        if _VOICE_ID.match(requested):
            return requested
        # The project may name a voice ("Rachel") or carry an offline voice ("en_US-joe-...").
        for voice_id, name in await self._voices(client):
            if name.lower() == requested.lower():
                return voice_id
        notices.append(f"'{requested}' is not an ElevenLabs voice, so the default voice "
                       f"{self.voice_id} spoke instead.")
        return self.voice_id


def _unpack(response: AudioWithTimestampsResponse
            ) -> tuple[bytes, list[str], list[float], list[float]]:
    try:
        audio = base64.b64decode(response.audio_base_64, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise BadOutputError("ElevenLabs sent audio that is not base64", provider=PROVIDER) \
            from None
    if not audio:
        raise BadOutputError("ElevenLabs sent no audio", provider=PROVIDER)
    alignment = response.alignment or response.normalized_alignment
    if alignment is None:
        raise BadOutputError("ElevenLabs sent speech without timestamps", provider=PROVIDER)
    return (audio, list(alignment.characters), list(alignment.character_start_times_seconds),
            list(alignment.character_end_times_seconds))


async def _join(parts: list[Path], dest: Path, tempo: float) -> None:
    """Concatenate the spoken parts and speed them up by ``tempo`` without changing pitch."""
    inputs: list[str] = []
    for part in parts:
        inputs += ["-i", str(part)]
    streams = "".join(f"[{i}:a]" for i in range(len(parts)))
    joined = f"{streams}concat=n={len(parts)}:v=0:a=1" if len(parts) > 1 else "[0:a]anull"
    speed = f",atempo={tempo:.5f}" if tempo > 1.0005 else ""
    try:
        await run_ffmpeg([*inputs, "-filter_complex", f"{joined}{speed}[out]", "-map", "[out]",
                          "-c:a", "pcm_s16le", str(dest)])
    except FFmpegError as exc:
        raise BadOutputError(f"the narration parts could not be joined ({exc})",
                             provider=PROVIDER) from None
