"""``ElevenLabsNarrator``: a scene's narration with sentence timings, fitted to the scene."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import re
from typing import TYPE_CHECKING, Any

from vidstudio.media.ffmpeg import FFmpegError, run_ffmpeg
from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    DownloadFailedError,
    InvalidRequestError,
    MediaResult,
    NarrationRequest,
    NotConfiguredError,
    ProviderError,
    ProviderInfo,
    SpokenLine,
    unknown_outcome,
)
from vidstudio.providers.elevenlabs._common import (
    CREDITS_PER_CHARACTER,
    OUTPUT_FORMAT,
    PRICES_AS_OF,
    PROVIDER,
    ElevenLabsBase,
    decode_to_wav,
    disk_full_or,
    price_of_credits,
    wav_seconds,
    write_bytes,
)
from vidstudio.providers.elevenlabs.alignment import (
    Alignment,
    chunk_text,
    sentences_from_alignment,
)
from vidstudio.providers.http_common import (
    forget_reply,
    keep_reply,
    kept_reply,
    mark_submitting,
    refused_before_work,
    reply_folder,
    settle_submission,
)
from vidstudio.providers.voice_track import heard_order, rough_sentences

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from pathlib import Path

    from elevenlabs.client import AsyncElevenLabs
    from elevenlabs.types import AudioWithTimestampsResponse, SpeechHistoryItemResponse

#: "George", one of ElevenLabs' premade voices, available on every account.
DEFAULT_VOICE_ID = "JBFqnCBsd6RMkjVDRZzb"
# ElevenLabs voice ids are 20 letters and digits; anything else is treated as a voice name.
_VOICE_ID = re.compile(r"^[A-Za-z0-9]{20}$")
# Only these models accept language_code; the others reject it with an error.
_LANGUAGE_MODELS = frozenset({"eleven_flash_v2_5", "eleven_turbo_v2_5"})
#: History items looked through when fetching this process's own speech again.
HISTORY_LOOKBACK = 100

Spoken = tuple[bytes, list[str] | None, list[float], list[float]]


class ElevenLabsNarrator(ElevenLabsBase):
    """A ``Narrator`` backed by ElevenLabs text to speech with timestamps (``AsyncElevenLabs``).

    Long text is spoken in chunks (split at sentences, each told its neighbours' text so the
    intonation carries over); the character alignment becomes ``metadata["sentences"]``. Speech
    longer than ``request.target_duration`` is sped up with ffmpeg's pitch-preserving
    ``atempo``, at most ``max_tempo`` times.

    The voice is checked against the account's voice list (fetched once per narrator) before
    anything is paid: a voice id the account lacks is refused, naming it and offering the
    account's voices (a voice name that is not ElevenLabs', such as an offline voice, is
    spoken by the default voice and said in the result's ``notice``).

    Never twice: each reply is kept (``ctx.reply_dir``) as soon as it arrives, and a kept
    reply is used instead of paying again. Speech has no job id and carries no reference of
    ours, so a chunk an earlier attempt sent without a kept answer is an unknown outcome
    (``UnknownOutcomeError``), never looked up by its text in the history (another project
    may have spoken the same words) and never bought again without consent. Speech that
    arrives corrupt is fetched again from the history item of its own request id.

    Variation: the take's seed is sent (``seed``), so a regenerate speaks differently and a
    repeated seed repeats the take as far as ElevenLabs can.

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
        call_deadline: float | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(api_key, base_url, timeout=timeout, call_deadline=call_deadline,
                         executor=executor)
        if not 1.0 <= max_tempo <= 2.0:
            raise NotConfiguredError("max_tempo must be between 1 and 2", provider=PROVIDER)
        self.voice_id = voice_id
        self.model_id = model_id
        self.max_chars = max_chars
        self.max_tempo = max_tempo
        self.info = ProviderInfo(name=PROVIDER, model=model_id, kind="cloud")
        self.capabilities = Capabilities(
            durations=(),
            unit_price=round(price_of_credits(self.info, CREDITS_PER_CHARACTER.get(model_id, 1.0)),
                             6),
            price_unit="character", concurrency=2, paid=True,
            can_vary=True,  # the take's seed is sent; a new seed speaks differently
        )
        self._voice_list: list[tuple[str, str]] | None = None
        # (call context, chunk) -> the request id ElevenLabs gave its speech: the key to its
        # own history item when the audio arrives corrupt.
        self._request_ids: dict[tuple[int, int], str] = {}

    async def list_voices(self) -> list[tuple[str, str]]:
        """``(voice_id, name)`` of every voice the account can use.

        Raises:
            AuthenticationError, RateLimitedError, ...: the API call failed.
        """
        async with self._client() as client:
            return await self._voices(client)

    async def _voices(self, client: AsyncElevenLabs) -> list[tuple[str, str]]:
        response = await self._call(client.voices.get_all(request_options=self._options))
        self._voice_list = [(v.voice_id, v.name or v.voice_id) for v in response.voices]
        return self._voice_list

    async def check(self) -> None:
        """List the account's voices: proves the key (buying nothing), learns which voices
        narration may use, and refuses a narrator voice the account does not have.

        Raises:
            NotConfiguredError: the narrator's voice is not one of the account's (named, with
                the account's voices offered).
        """
        async with self._client() as client:
            voices = await self._voices(client)
        if voices and not any(voice_id == self.voice_id for voice_id, _ in voices):
            raise NotConfiguredError(
                f"the voice {self.voice_id} is not in this ElevenLabs account; choose one of "
                f"its voices: {voice_menu(voices)}", provider=PROVIDER)

    def _credits(self, text: str) -> float:
        return len(text) * CREDITS_PER_CHARACTER.get(self.model_id, 1.0)

    def billed_units(self, request: object, unit: str) -> float | None:
        """Credits ElevenLabs bills for speaking the request (its price before it is made)."""
        if unit == "credit" and isinstance(request, NarrationRequest):
            return self._credits(spoken_text(request))
        return None

    async def narrate(self, request: NarrationRequest, ctx: CallContext) -> MediaResult:
        """Speech as 16-bit WAV at ``ctx.work_dir/narration.wav``.

        Raises:
            InvalidRequestError: no text, or a request the API rejects (unknown voice...).
            BadOutputError: audio or alignment that cannot be used.
        """
        narration = " ".join(request.text.split())
        lines = [line for line in request.lines if line.text.strip()]
        text = spoken_text(request)
        if not text:
            raise InvalidRequestError("there is no narration text to speak", provider=PROVIDER)
        notices: list[str] = []
        alignment = Alignment.empty()
        parts: list[Path] = []
        loop = asyncio.get_running_loop()
        offset = 0.0
        metadata: dict[str, Any] = {}
        async with self._client() as client:
            voice_id = await self._resolve_voice(client, request.voice.strip(), notices,
                                                 metadata)
            chunks = self._chunks(narration, lines, voice_id, request.language, notices)
            spans: list[tuple[float, float, str, str]] = []
            for index, (chunk, voice, speaker, before, after) in enumerate(chunks):
                ctx.progress(0.8 * index / len(chunks),
                             f"ElevenLabs speaking part {index + 1} of {len(chunks)}")
                extra: dict[str, Any] = {}
                if before:
                    extra["previous_text"] = before
                if after:
                    extra["next_text"] = after
                if self.model_id in _LANGUAGE_MODELS and request.language:
                    extra["language_code"] = request.language.split("-")[0].lower()
                audio, chars, starts, ends = await self._speak(client, ctx, index, chunk,
                                                               voice, extra)
                decoded = ctx.work_dir / f"narration-part{index}.wav"
                try:
                    await self._decode(ctx, index, audio, decoded)
                except BadOutputError:
                    # Made and billed, but broken on the way: the account's copy, not a new one.
                    audio, chars, starts, ends = await self._refetch(client, ctx, index)
                    try:
                        await self._decode(ctx, index, audio, decoded)
                    except BadOutputError as again:
                        raise DownloadFailedError(
                            f"the narration was made but its audio arrives broken, even from "
                            f"the account's history ({again.message})", provider=PROVIDER,
                        ) from None
                    notices.append("the narration arrived corrupt and was downloaded again "
                                   "from the account's history (not paid again)")
                parts.append(decoded)
                seconds = await loop.run_in_executor(self._executor, wav_seconds, str(decoded))
                if chars is None:
                    chars, starts, ends = uniform_alignment(chunk, seconds)
                try:
                    alignment.extend(chars, starts, ends, offset)
                except ValueError as exc:
                    raise BadOutputError(f"ElevenLabs sent a broken alignment ({exc})",
                                         provider=PROVIDER) from None
                spans.append((offset, offset + seconds, speaker, voice))
                offset += seconds
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
        sentences = sentences_from_alignment(alignment, language=request.language,
                                             time_scale=1.0 / tempo, duration=seconds)
        if lines:
            metadata["voices"] = tag_speakers(sentences, spans, tempo)
        metadata |= {
            "sentences": sentences,
            "voice": voice_id,
            "tempo": round(tempo, 4),
            "duration": seconds,
            "chunks": len(chunks),
            "price_as_of": PRICES_AS_OF,
        }
        if notices:
            metadata["notice"] = " ".join(notices)
        cost = price_of_credits(self.info, self._credits(text))
        return MediaResult(path=dest, model=self.model_id, cost=round(cost, 6),
                           metadata=metadata)

    def _chunks(self, narration: str, lines: list[SpokenLine], narrator: str, language: str,
                notices: list[str]) -> list[tuple[str, str, str, str, str]]:
        """What is sent, in the order it is heard: ``(text, voice id, speaker, previous text,
        next text)``; the context is the same speaker's, so intonation carries within a voice."""
        runs: list[tuple[str, str, str]] = []  # (text, voice, speaker)
        sentences = rough_sentences(narration)
        for what, index in heard_order(sentences, lines):
            if what == "narration":
                text, voice, speaker = sentences[index], narrator, ""
            else:
                line = lines[index]
                text, speaker = " ".join(line.text.split()), line.speaker
                voice = self._line_voice(line, narrator, notices)
            if runs and runs[-1][1:] == (voice, speaker):
                runs[-1] = (f"{runs[-1][0]} {text}", voice, speaker)
            else:
                runs.append((text, voice, speaker))
        out: list[tuple[str, str, str, str, str]] = []
        for text, voice, speaker in runs:
            pieces = chunk_text(text, self.max_chars, language)
            out += [(piece, voice, speaker, pieces[i - 1] if i else "",
                     pieces[i + 1] if i + 1 < len(pieces) else "")
                    for i, piece in enumerate(pieces)]
        return out

    def _line_voice(self, line: SpokenLine, narrator: str, notices: list[str]) -> str:
        """The account's voice a character speaks in: their own (checked against the account
        before anything is paid), else one chosen by their place in the cast, not the
        narrator's.

        Raises:
            NotConfiguredError: the character's voice is an ElevenLabs voice id the account
                does not have.
        """
        voices = self._voice_list or []
        requested = line.voice.strip()
        if requested and _VOICE_ID.match(requested):
            if any(voice_id == requested for voice_id, _ in voices):
                return requested
            raise NotConfiguredError(
                f"{line.name}'s voice {requested} is not in this ElevenLabs account, so nothing "
                f"was paid; choose one of its voices: {voice_menu(voices)}", provider=PROVIDER)
        if requested:
            for voice_id, name in voices:
                if name.lower() == requested.lower():
                    return voice_id
            notices.append(f"{line.name}'s voice '{requested}' is not an ElevenLabs voice, so "
                           "one of the account's voices was chosen.")
        others = [voice_id for voice_id, _ in voices if voice_id != narrator] or [narrator]
        return others[line.rank % len(others)]

    async def _resolve_voice(self, client: AsyncElevenLabs, requested: str,
                             notices: list[str], metadata: dict[str, Any]) -> str:
        """The voice id to speak with, checked against the account's voices before anything
        is paid.

        Raises:
            NotConfiguredError: the voice asked for (or the narrator's own) is an ElevenLabs
                voice id this account does not have; the message names it and offers the
                account's voices, instead of paying for a fallback voice.
        """
        voices = self._voice_list if self._voice_list is not None else \
            await self._voices(client)
        if not voices:
            raise NotConfiguredError("this ElevenLabs account has no voices to narrate with",
                                     provider=PROVIDER)
        wanted = self.voice_id
        if requested and _VOICE_ID.match(requested):
            wanted = requested
        elif requested:
            # The project may name a voice ("Rachel") or carry an offline one ("en_US-joe-...").
            for voice_id, name in voices:
                if name.lower() == requested.lower():
                    return voice_id
            notices.append(f"'{requested}' is not an ElevenLabs voice, so the default voice "
                           f"{self.voice_id} spoke instead.")
        if any(voice_id == wanted for voice_id, _ in voices):
            return wanted
        raise NotConfiguredError(
            f"the voice {wanted} is not in this ElevenLabs account, so nothing was paid; "
            f"choose one of its voices: {voice_menu(voices)}", provider=PROVIDER)

    # -- never twice ---------------------------------------------------------------------
    async def _speak(self, client: AsyncElevenLabs, ctx: CallContext, index: int, chunk: str,
                     voice_id: str, extra: dict[str, Any]) -> Spoken:
        """The chunk's speech: the reply an earlier attempt kept (``ctx.reply_dir``, or the
        call's folder within this run), else made now.

        Speech has no job id and its requests carry no reference of ours: the account's
        history holds the text, which another project on the same account may have spoken
        too. So speech an attempt may have had made but whose reply was not kept is never
        looked up and never bought again on its own: ``UnknownOutcomeError``.
        """
        folder = reply_folder(ctx)
        reply_name, marker = f"speech-{index}.json", f"speech-{index}.sending"
        kept = await kept_reply(folder, reply_name)
        if kept is not None and (spoken := _parse_kept(kept, chunk, voice_id, self.model_id)):
            return spoken
        cost = price_of_credits(self.info, self._credits(chunk))
        sent_before = await kept_reply(folder, marker) is not None
        if not ctx.resend_unknown and (sent_before or (
                ctx.submitted_since and ctx.reply_dir is None and index == 0)):
            raise unknown_outcome(
                "the narration", provider=PROVIDER, possible_cost=cost,
                why="an earlier attempt sent it and no answer was kept (ElevenLabs speech has "
                    "no id to look it up by, and the account's history cannot tell this "
                    "project's speech from another's)")
        options = self._options_for(ctx, "narration")
        await keep_reply(folder, marker, b"sending")
        mark_submitting(ctx)
        try:
            raw = await self._call(
                client.text_to_speech.with_raw_response.convert_with_timestamps(
                    voice_id, text=chunk, model_id=self.model_id, output_format=OUTPUT_FORMAT,
                    seed=ctx.seed % 2**32, request_options=options, **extra),
                unanswered_is_final=True, what="the narration", possible_cost=cost)
        except ProviderError as error:
            if refused_before_work(error):
                await forget_reply(folder, marker)
                settle_submission(ctx, error)
            raise
        spoken = _unpack(raw.data)
        request_id = raw.headers.get("request-id") or ""
        # Kept before anything else is done with it: a crash from here on loses nothing paid.
        await keep_reply(folder, reply_name,
                         _kept_json(spoken, chunk, voice_id, self.model_id, request_id))
        self._request_ids[(id(ctx), index)] = request_id
        # This chunk is answered: the next one is a new request, not a cut-off one.
        ctx.submitted_since = None
        return spoken

    async def _refetch(self, client: AsyncElevenLabs, ctx: CallContext, index: int
                       ) -> Spoken:
        """The chunk's audio again, from the account's history item of the request this
        process sent (matched by its request id, so it is this project's own)."""
        request_id = self._request_ids.get((id(ctx), index), "")
        item = None
        if request_id:
            try:
                listing = await self._call(client.history.list(
                    page_size=HISTORY_LOOKBACK,
                    request_options=self._options_for(ctx, "narration history")))
            except ProviderError as error:
                raise DownloadFailedError(
                    f"the narration arrived corrupt and the account's history could not be "
                    f"read to fetch it again ({error.message}); it stays paid for and "
                    "trying again fetches it", provider=PROVIDER) from None
            item = next((h for h in listing.history if h.request_id == request_id), None)
        if item is None:
            raise DownloadFailedError(
                "the narration arrived corrupt and its history item is not found; trying "
                "again looks for it there before paying again", provider=PROVIDER)
        return await self._from_history(client, ctx, item)

    async def _from_history(self, client: AsyncElevenLabs, ctx: CallContext,
                            item: SpeechHistoryItemResponse) -> Spoken:
        options = self._options_for(ctx, "narration download")

        async def fetch() -> bytes:
            data = bytearray()
            async for piece in client.history.get_audio(item.history_item_id,
                                                        request_options=options):
                data += piece
            return bytes(data)

        audio = await self._call(fetch())
        if not audio:
            raise BadOutputError("ElevenLabs' history item holds no audio", provider=PROVIDER)
        aligned = item.alignments.alignment if item.alignments is not None else None
        if aligned is None:
            return audio, None, [], []
        return (audio, list(aligned.characters), list(aligned.character_start_times_seconds),
                list(aligned.character_end_times_seconds))

    async def _decode(self, ctx: CallContext, index: int, audio: bytes, dest: Path) -> None:
        encoded = ctx.work_dir / f"narration-part{index}.mp3"
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, write_bytes, str(encoded), audio)
        try:
            await decode_to_wav(encoded, dest)
        finally:
            encoded.unlink(missing_ok=True)


def voice_menu(voices: list[tuple[str, str]], most: int = 12) -> str:
    """``Name (id), …`` of an account's voices, for a message (the first ``most``)."""
    shown = ", ".join(f"{name} ({voice_id})" for voice_id, name in voices[:most])
    return shown + (f" and {len(voices) - most} more" if len(voices) > most else "")


def _kept_json(spoken: Spoken, text: str, voice_id: str, model_id: str,
               request_id: str) -> bytes:
    audio, chars, starts, ends = spoken
    return json.dumps({"text": text, "voice_id": voice_id, "model_id": model_id,
                       "request_id": request_id,
                       "audio_base64": base64.b64encode(audio).decode("ascii"),
                       "characters": chars, "starts": starts, "ends": ends}).encode("utf-8")


def _parse_kept(data: bytes, text: str, voice_id: str, model_id: str) -> Spoken | None:
    """A kept reply, if it is whole and is the speech of exactly this text, voice and model."""
    try:
        kept = json.loads(data)
        if (not isinstance(kept, dict) or kept.get("text") != text
                or kept.get("voice_id") != voice_id or kept.get("model_id") != model_id):
            return None
        audio = base64.b64decode(kept["audio_base64"], validate=True)
        chars = kept.get("characters")
        return (audio, [str(c) for c in chars] if isinstance(chars, list) else None,
                [float(x) for x in kept.get("starts") or []],
                [float(x) for x in kept.get("ends") or []])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


def uniform_alignment(text: str, seconds: float) -> tuple[list[str], list[float], list[float]]:
    """Characters spread evenly over ``seconds``: sentence timings when the history kept no
    alignment for speech taken from it."""
    step = seconds / max(1, len(text))
    return (list(text), [round(i * step, 3) for i in range(len(text))],
            [round((i + 1) * step, 3) for i in range(len(text))])


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
        raise disk_full_or(exc, dest, BadOutputError(
            f"the narration parts could not be joined ({exc})", provider=PROVIDER)) from None


def spoken_text(request: NarrationRequest) -> str:
    """Everything a request has spoken, the narrator's and the characters': what is billed."""
    parts = [" ".join(request.text.split()), *(" ".join(line.text.split())
                                               for line in request.lines)]
    return " ".join(part for part in parts if part)


def tag_speakers(sentences: list[dict[str, Any]], spans: list[tuple[float, float, str, str]],
                 tempo: float) -> dict[str, str]:
    """Mark each sentence spoken by a character (its middle within that character's part of
    the track) with ``speaker`` and ``voice``; returns each speaker's voice."""
    voices: dict[str, str] = {}
    for sentence in sentences:
        middle = (float(sentence["start"]) + float(sentence["end"])) / 2 * tempo
        for start, end, speaker, voice in spans:
            if speaker and start <= middle < end:
                sentence.update(speaker=speaker, voice=voice)
                voices[speaker] = voice
    return voices
