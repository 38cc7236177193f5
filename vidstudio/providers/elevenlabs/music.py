"""``ElevenLabsComposer``: the film's score from ElevenLabs music, composed to a plan whose
sections are the scenes.

One ``music.compose`` call per score, with a ``composition_plan`` of one section per scene (its
``duration_ms`` the scene's length, its styles from the scene's mood, tempo and cast), no lyrics,
vocals ruled out in the global negative styles (``force_instrumental`` works only with a plain
prompt), ``respect_sections_durations`` and the take's seed. The MP3 that comes back is kept in
the step's reply folder before anything else is done with it, then decoded to a 48 kHz stereo
WAV of exactly the plan's length and measured (``loudness_lufs``) for the mix.

When the user chooses to score the assembled picture instead, the ready clips are joined in
film order into one small, silent, low-bitrate MP4 of the film's length and sent to
``music.video_to_music``; its music is kept, fitted to the film's length and measured the same
way, at the same price per second.

ElevenLabs offers no way to look a composition up, so a request a crash left without an answer
is an unknown outcome: never sent again without the user's consent.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vidstudio.media.ffmpeg import FFmpegError, run_ffmpeg
from vidstudio.providers.base import (
    BadOutputError,
    CallContext,
    Capabilities,
    InvalidRequestError,
    MediaResult,
    MusicRequest,
    ProviderInfo,
    ScoreSection,
)
from vidstudio.providers.elevenlabs._common import (
    PRICES_AS_OF,
    PROVIDER,
    ElevenLabsBase,
    disk_full_or,
    write_bytes,
)
from vidstudio.providers.http_common import (
    keep_reply,
    kept_reply,
    reply_folder,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable
    from concurrent.futures import Executor
    from pathlib import Path

    from elevenlabs.client import AsyncElevenLabs
    from elevenlabs.core.request_options import RequestOptions

MODEL_ID = "music_v1"
#: What the API accepts: a section of 3 s to 120 s, a song of at most 10 minutes.
MIN_SECTION_MS = 3000
MAX_SECTION_MS = 120_000
MAX_SONG_MS = 600_000
OUTPUT_FORMAT = "mp3_44100_128"
SAMPLE_RATE = 48_000  # the WAV handed to the mix (the export's rate)
PICTURE_FPS = 24  # the picture sent to video-to-music: small, but a frame is under 42 ms
_MAX_MUSIC_BYTES = 64 * 1024 * 1024
#: Styles kept out of every score: it sits under a voice.
NEGATIVE_STYLES = ["vocals", "singing", "lyrics", "choir", "spoken word"]

@dataclass(frozen=True)
class _Mood:
    """How a scene's mood is asked for: words that name it, styles, tempo, key, energy."""

    words: tuple[str, ...]
    styles: tuple[str, ...]
    bpm: int
    minor: bool
    lively: bool


# The first mood word of a scene that matches (by its stem) picks the section's character.
_MOODS = (
    _Mood(("calm", "peace", "seren", "quiet", "gentle", "tender", "warm", "content", "relie"),
          ("calm", "gentle", "warm ambient pads", "soft piano"), 72, False, False),
    _Mood(("joy", "happ", "hope", "delight", "cheer", "playful", "excit", "love", "wonder"),
          ("uplifting", "bright", "playful", "light percussion"), 112, False, True),
    _Mood(("tens", "fear", "anger", "danger", "anx", "urgen", "dread", "panic", "threat"),
          ("tense", "suspenseful", "pulsing low strings", "driving rhythm"), 100, True, True),
    _Mood(("sad", "grief", "melanch", "lonel", "loss", "sorrow", "regret", "nostalg"),
          ("melancholic", "slow", "sparse piano", "soft strings"), 64, True, False),
    _Mood(("epic", "triumph", "awe", "brave", "proud", "determin", "hero", "victor"),
          ("epic", "cinematic", "soaring strings", "big drums"), 96, False, True),
    _Mood(("myster", "curio", "eerie", "strange", "dark", "suspens", "uncertain"),
          ("mysterious", "dark ambient", "eerie textures", "sparse"), 80, True, False),
)


def _mood_of(section: ScoreSection) -> _Mood:
    for word in section.moods:
        low = word.lower()
        for mood in _MOODS:
            if any(stem in low for stem in mood.words):
                return mood
    return _MOODS[0]  # calm when no mood word is known


def section_styles(section: ScoreSection) -> tuple[list[str], list[str]]:
    """The positive and negative local styles of one scene's section: its mood, its pace
    (tempo and key), and how full it is (a scene with several people in it is scored
    fuller)."""
    mood = _mood_of(section)
    positive = [*mood.styles, f"{mood.bpm} BPM", "minor key" if mood.minor else "major key"]
    if section.cast >= 2:
        positive.append("fuller arrangement")
    negative = ["ambient drone"] if mood.lively else ["drums", "percussion"]
    return positive, negative


def section_lengths_ms(sections: tuple[ScoreSection, ...]) -> list[int]:
    """Each section's ``duration_ms``: the cuts rounded to the millisecond on the film's clock
    (not each length on its own), so the sections add up to the film exactly."""
    lengths: list[int] = []
    elapsed, placed = 0.0, 0
    for section in sections:
        elapsed += section.duration
        end = round(elapsed * 1000)
        lengths.append(end - placed)
        placed = end
    return lengths


def composition_plan(request: MusicRequest) -> dict[str, Any]:
    """The ``composition_plan`` for ``request``: one section per scene, in film order.

    Raises:
        InvalidRequestError: a scene shorter than 3 s or longer than 120 s, or a film over
            10 minutes (what the API accepts).
    """
    lengths = section_lengths_ms(request.sections)
    if not lengths or sum(lengths) > MAX_SONG_MS:
        raise InvalidRequestError("ElevenLabs music makes scores of up to 10 minutes",
                                  provider=PROVIDER)
    sections = []
    for number, (section, length) in enumerate(zip(request.sections, lengths, strict=True), 1):
        if not MIN_SECTION_MS <= length <= MAX_SECTION_MS:
            raise InvalidRequestError(
                f"scene {number} lasts {length / 1000:.1f} s; ElevenLabs music scores scenes "
                "of 3 to 120 s", provider=PROVIDER)
        positive, negative = section_styles(section)
        sections.append({"section_name": f"Scene {number}", "positive_local_styles": positive,
                         "negative_local_styles": negative, "duration_ms": length,
                         "lines": []})
    return {"positive_global_styles": ["instrumental film score", "underscore"],
            "negative_global_styles": list(NEGATIVE_STYLES), "sections": sections}


def measure_wav(path: str) -> dict[str, Any]:
    """Loudness, peak and length of a WAV (top level so a process pool can run it)."""
    from pathlib import Path

    from vidstudio.media import audio

    samples, rate = audio.read_audio(Path(path))
    return {"loudness_lufs": round(audio.integrated_loudness(samples, rate), 2),
            "peak_dbfs": round(audio.peak_dbfs(samples), 2), "frames": int(samples.shape[0]),
            "sample_rate": rate, "duration": round(samples.shape[0] / rate, 3)}


class ElevenLabsComposer(ElevenLabsBase):
    """The film's score from ElevenLabs music (``AsyncElevenLabs.music.compose``).

    Args:
        model_id: the music model (``music_v1``: the one that honours section durations
            on request).
        Others: see ``ElevenLabsBase``.
    """

    def __init__(self, api_key: str, base_url: str | None = None, *,
                 model_id: str = MODEL_ID, timeout: float = 300.0,
                 call_deadline: float | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(api_key, base_url, timeout=timeout, call_deadline=call_deadline,
                         executor=executor)
        self.model_id = model_id
        self.info = ProviderInfo(name=PROVIDER, model=model_id, kind="cloud")
        from vidstudio.providers.pricing import default_prices

        unit = default_prices().unit_price(self.info, "music")
        self.capabilities = Capabilities(durations=(), unit_price=unit.price,
                                         price_unit=unit.unit, concurrency=1, paid=True)

    def billed_units(self, request: object, unit: str) -> float | None:
        """Seconds of music ElevenLabs bills for the score (the plan's total)."""
        sections = getattr(request, "sections", None)
        if unit == "second" and sections is not None:
            return sum(section_lengths_ms(tuple(sections))) / 1000
        return None

    def _price(self, request: MusicRequest) -> float:
        from vidstudio.providers.pricing import default_prices

        prices = default_prices()
        unit = prices.unit_price(self.info, "music")
        units = self.billed_units(request, unit.unit)
        return prices.cost(self.info, units if units is not None else 1.0, "music")

    async def compose_music(self, request: MusicRequest, ctx: CallContext) -> MediaResult:
        """A 48 kHz stereo WAV of exactly the scenes' total length at
        ``ctx.work_dir/score.wav``: composed to a plan of the scenes, or, when the request
        carries the assembled picture, scored from it (``music.video_to_music``).

        Raises:
            InvalidRequestError: scenes the API cannot score (see ``composition_plan``), or a
                request ElevenLabs rejects.
            UnknownOutcomeError: an earlier attempt sent it and kept no answer.
            BadOutputError: the audio that came back cannot be decoded.
        """
        seed = int(ctx.seed) & 0x7FFFFFFF
        folder = reply_folder(ctx)
        price = self._price(request)
        lengths = section_lengths_ms(request.sections)
        total_ms = sum(lengths)
        if request.picture is not None:
            if not lengths or total_ms > MAX_SONG_MS:
                raise InvalidRequestError("ElevenLabs music scores films of up to 10 minutes",
                                          provider=PROVIDER)
            blob = json.dumps(["picture", list(request.clips), lengths, self.model_id]).encode()
            name = f"music-picture-{hashlib.sha256(blob).hexdigest()[:12]}.mp3"
            ctx.progress(0.05, "ElevenLabs scoring the picture")
            data = await kept_reply(folder, name)
            if data is None:
                video = await self._picture(request.picture, total_ms, ctx.work_dir)
                data = await self._made(ctx, folder, name, price,
                                        lambda client, options: self._fetch_picture(
                                            client, video, options))
            made: dict[str, Any] = {"scored_from": "picture", "picture_seconds": total_ms / 1000}
        else:
            plan = composition_plan(request)
            blob = json.dumps([plan, seed, self.model_id], sort_keys=True).encode()
            name = f"music-{hashlib.sha256(blob).hexdigest()[:12]}.mp3"
            ctx.progress(0.05, f"ElevenLabs composing {len(plan['sections'])} sections")
            data = await kept_reply(folder, name)
            if data is None:
                data = await self._made(ctx, folder, name, price,
                                        lambda client, options: self._fetch(
                                            client, plan, seed, options))
            made = {"scored_from": "scenes", "composition_plan": plan}
        ctx.progress(0.8, "decoding the score")
        dest = await self._decoded(data, total_ms, ctx.work_dir)
        loop = asyncio.get_running_loop()
        measured = await loop.run_in_executor(self._executor, measure_wav, str(dest))
        ctx.progress(1.0, "score ready")
        return MediaResult(path=dest, model=self.model_id, cost=round(price, 6),
                           metadata={**measured, "seed": seed, "price_as_of": PRICES_AS_OF,
                                     "sections": [s.duration for s in request.sections],
                                     **made})

    async def _decoded(self, data: bytes, total_ms: int, work_dir: Path) -> Path:
        """The music as a 48 kHz stereo WAV of exactly the film's length."""
        loop = asyncio.get_running_loop()
        encoded = work_dir / "score.mp3"
        await loop.run_in_executor(self._executor, write_bytes, str(encoded), data)
        dest = work_dir / "score.wav"
        frames = round(total_ms * SAMPLE_RATE / 1000)
        try:
            await run_ffmpeg(["-i", str(encoded), "-af",
                              f"aresample={SAMPLE_RATE},aformat=channel_layouts=stereo,"
                              f"apad=whole_len={frames},atrim=end_sample={frames}",
                              "-c:a", "pcm_s16le", str(dest)])
        except FFmpegError as exc:
            raise disk_full_or(exc, dest, BadOutputError(
                f"ElevenLabs sent music that cannot be decoded ({exc})",
                provider=PROVIDER)) from None
        encoded.unlink(missing_ok=True)
        return dest

    async def _picture(self, script: Path, total_ms: int, work_dir: Path) -> bytes:
        """The film's picture as a small, low-bitrate MP4 of the film's length (rounded up to
        a whole frame: the music is never short of the film), made by ffmpeg from the ffconcat
        script of its clips (no sound: the score is for the picture)."""
        out = work_dir / "picture.mp4"
        seconds = f"{total_ms / 1000:.3f}"
        frames = -(-total_ms * PICTURE_FPS // 1000)
        try:
            await run_ffmpeg(["-f", "concat", "-safe", "0", "-i", str(script), "-an",
                              "-vf", f"scale=-2:180,fps={PICTURE_FPS},tpad=stop_mode=clone:"
                              f"stop_duration={seconds}", "-frames:v", str(frames),
                              "-c:v", "libx264", "-preset", "veryfast", "-crf", "34",
                              "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(out)])
        except FFmpegError as exc:
            raise disk_full_or(exc, out, InvalidRequestError(
                f"the film's clips could not be joined into one picture ({exc})",
                provider=PROVIDER)) from None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, out.read_bytes)

    async def _made(self, ctx: CallContext, folder: Path, name: str, cost: float,
                    fetch: Callable[[AsyncElevenLabs, RequestOptions], Awaitable[bytes]],
                    ) -> bytes:
        """The score bought now and kept at once; or ``UnknownOutcomeError`` when an earlier
        attempt sent it and kept no answer (ElevenLabs cannot look compositions up)."""
        async with self._client() as client:
            data = await self._send_once(
                ctx, folder, "music.sending", what="the score", cost=cost, first=True,
                why="an earlier attempt sent it and no answer was kept (ElevenLabs cannot "
                    "look compositions up)",
                send=lambda options: fetch(client, options))
        # Kept before anything else is done with it: a crash from here on loses nothing paid.
        await keep_reply(folder, name, data)
        ctx.submitted_since = None
        return data

    async def _fetch(self, client: AsyncElevenLabs, plan: dict[str, Any], seed: int,
                     options: RequestOptions) -> bytes:
        from elevenlabs.types.music_prompt import MusicPrompt

        # compose() streams: nothing is sent until the iterator is consumed.
        return await _collected(client.music.compose(
            composition_plan=MusicPrompt.model_validate(plan), model_id=self.model_id,
            seed=seed, respect_sections_durations=True, output_format=OUTPUT_FORMAT,
            request_options=options,
        ))

    async def _fetch_picture(self, client: AsyncElevenLabs, video: bytes,
                             options: RequestOptions) -> bytes:
        return await _collected(client.music.video_to_music(
            videos=[("picture.mp4", video, "video/mp4")], model_id=self.model_id,
            description="instrumental film score under narration", tags=["instrumental"],
            output_format=OUTPUT_FORMAT, request_options=options,
        ))


async def _collected(stream: AsyncIterator[bytes]) -> bytes:
    """The whole of a streamed answer, refused when it is empty or far too large."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > _MAX_MUSIC_BYTES:
            raise BadOutputError("ElevenLabs sent far more music than asked for",
                                 provider=PROVIDER)
        chunks.append(chunk)
    if not size:
        raise BadOutputError("ElevenLabs sent no music", provider=PROVIDER)
    return b"".join(chunks)
