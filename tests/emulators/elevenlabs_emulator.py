"""An emulator of the ElevenLabs API endpoints vidstudio uses, as the elevenlabs SDK speaks them.

* ``POST /v1/sound-generation`` (``xi-api-key``): ``text``, ``duration_seconds`` (0.5-30),
  ``prompt_influence`` (0-1); answers real audio of that duration in the ``output_format`` asked
  for (MP3 by default, WAV, raw PCM).
* ``POST /v1/text-to-speech/{voice_id}/with-timestamps``: base64 MP3 speech whose length follows
  the text, with a character alignment (``characters``, start and end times in seconds).
* ``POST /v1/music``: a ``composition_plan`` (``positive_global_styles``,
  ``negative_global_styles``, ``sections`` with ``section_name``, local styles, ``duration_ms``
  3000-120000 and ``lines``; at most 10 minutes in all) or a ``prompt`` with
  ``music_length_ms``; ``seed``, ``model_id``, ``respect_sections_durations``. Answers real MP3
  of the plan's total length (the same for the same seed and plan). Every body is kept in
  ``music_requests``.
* ``POST /v1/music/video-to-music``: multipart ``videos`` (one or more files, joined in order)
  with ``description``, ``tags``, ``model_id``; answers real MP3 as long as the videos (probed
  with ffprobe), bills it like composed music, and keeps each request's fields and its videos'
  names, sizes and lengths in ``video_music_requests``.
* ``GET /v1/voices``: the voice list; ``GET /v1/user``: the account (both free).
* ``GET /v1/history`` (``page_size``, ``voice_id``, ``date_after_unix``; newest first) and
  ``GET /v1/history/{id}/audio``: every speech made is kept in the history with its exact
  text, voice, model, time and alignment — as ElevenLabs keeps it — and sound effects are not
  (the real history leaves them out).
* Counters of what was made (and billed): ``speech_creations``, ``sound_creations``,
  ``music_creations``.
* Failures: a wrong key gets 401 echoing the key; ``fail_next`` injects 429/5xx/slow replies;
  ``corrupt_audio`` answers bytes that are not audio (history audio too); ``corrupt_next``
  corrupts only the next N speech or sound answers (the history keeps the good audio);
  ``reply_delay`` makes the service create (and bill) the result, then answer that many
  seconds late — a hung request, or a kill point for a test that kills the client meanwhile;
  ``music_delay`` does the same to compositions only.
  ``history_fails`` answers every history call with that status (404, or 403 for a key without
  the history permission) while set. Errors use ElevenLabs' ``{"detail": {"status",
  "message"}}`` shape.
* Speech answers carry a ``request-id`` header, the ``request_id`` of its history item.
* Output differs per call (ElevenLabs varies by itself); speech sent with a ``seed`` is the same
  for the same seed, text and voice. Sound effects take no seed and always differ.
* Billing: ``billed`` (USD at the Creator plan's credit price) adds up the characters spoken
  the seconds of sound made and the seconds of music composed (ElevenLabs' $0.30 a minute),
  independently of vidstudio's own price code.
"""

from __future__ import annotations

import base64
import email.policy
import re
import tempfile
import threading
import time
import uuid
import zlib
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from tests.emulators import media
from tests.emulators.base import Emulator, Recorded, Reply, variant
from vidstudio.media.ffmpeg import FFmpegError, probe

VOICES = (("JBFqnCBsd6RMkjVDRZzb", "George"), ("21m00Tcm4TlvDq8ikWAM", "Rachel"))
MODERATED_WORD = "forbidden-content"
#: USD per credit (Creator plan), credits per character by model and per second of sound.
CREDIT_PRICE = 0.00022
CREDITS_PER_CHARACTER = {"eleven_flash_v2_5": 0.5, "eleven_turbo_v2_5": 0.5}
CREDITS_PER_SOUND_SECOND = 20.0
MUSIC_USD_PER_SECOND = 0.30 / 60


def _detail(status: int, code: str, message: str) -> Reply:
    return Reply(status, {"detail": {"status": code, "message": message}})


class ElevenLabsEmulator(Emulator):
    """ElevenLabs sound effects, speech with timestamps and voices; SDK ``base_url=base_url``."""

    def __init__(self, api_key: str = "sk_eleven_test_0123456789abcdef") -> None:
        super().__init__()
        self.api_key = api_key
        self.seconds_per_char = 0.05
        self.max_chars = 5000
        self.corrupt_audio = False
        self.voices = list(VOICES)
        self.corrupt_next = 0
        self.reply_delay = 0.0
        self.speech_creations = 0
        self.sound_creations = 0
        self.music_creations = 0
        self.music_requests: list[dict[str, Any]] = []
        self.video_music_requests: list[dict[str, Any]] = []
        self.music_delay = 0.0
        self.billed = 0.0
        self.history_fails: int | None = None
        self.history: list[dict[str, Any]] = []
        self._state = threading.Lock()
        self.route("POST", r"/v1/sound-generation", self._sound)
        self.route("POST", r"/v1/text-to-speech/(?P<voice>[^/]+)/with-timestamps", self._speech)
        # Before /v1/music: routes match by prefix.
        self.route("POST", r"/v1/music/video-to-music$", self._video_to_music)
        self.route("POST", r"/v1/music", self._music)
        self.route("GET", r"/v1/voices", self._voices)
        self.route("GET", r"/v1/user", self._user)
        self.route("GET", r"/v1/history", self._history)
        self.route("GET", r"/v1/history/(?P<id>[\w-]+)/audio", self._history_audio)

    def reset(self) -> None:
        """Forget every request and injected failure (reuse between tests)."""
        super().reset()
        self.seconds_per_char = 0.05
        self.corrupt_audio = False
        self.voices = list(VOICES)
        with self._state:
            self.corrupt_next = 0
            self.reply_delay = 0.0
            self.speech_creations = self.sound_creations = self.music_creations = 0
            self.music_requests.clear()
            self.video_music_requests.clear()
            self.music_delay = 0.0
            self.billed = 0.0
            self.history_fails = None
            self.history.clear()

    def _corrupt_now(self) -> bool:
        with self._state:
            if self.corrupt_next > 0:
                self.corrupt_next -= 1
                return True
        return self.corrupt_audio

    def _denied(self, rec: Recorded) -> Reply | None:
        key = rec.headers.get("xi-api-key", "")
        if key == self.api_key:
            return None
        return _detail(401, "invalid_api_key", f"Invalid API key: '{key}'")

    @staticmethod
    def _format(rec: Recorded) -> tuple[str, int]:
        match = re.search(r"output_format=(\w+)", rec.query)
        fmt = match.group(1) if match else "mp3_44100_128"
        codec, rate = fmt.split("_")[:2]
        return {"mp3": "mp3", "wav": "wav", "pcm": "pcm"}.get(codec, ""), int(rate)

    def _audio_reply(self, seconds: float, rec: Recorded, tone: float) -> Reply:
        fmt, rate = self._format(rec)
        if not fmt:
            return _detail(400, "invalid_output_format", "unsupported output_format")
        data = media.audio(seconds, fmt, rate, tone, seed=variant())
        ctype = {"mp3": "audio/mpeg", "wav": "audio/wav", "pcm": "audio/pcm"}[fmt]
        return Reply(200, data, headers={"Content-Type": ctype})

    def _sound(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        body: dict[str, Any] = rec.json() or {}
        text = str(body.get("text") or "")
        if not text.strip():
            return _detail(422, "invalid_text", "text must not be empty")
        if MODERATED_WORD in text:
            return _detail(400, "content_against_policy",
                           "This prompt violates our content policy")
        duration = body.get("duration_seconds")
        if duration is not None and not (isinstance(duration, int | float)
                                         and 0.5 <= duration <= 30):
            return _detail(422, "invalid_duration", "duration_seconds must be within 0.5-30")
        influence = body.get("prompt_influence")
        if influence is not None and not (isinstance(influence, int | float)
                                          and 0 <= influence <= 1):
            return _detail(422, "invalid_prompt_influence", "prompt_influence must be 0-1")
        with self._state:
            self.sound_creations += 1
            self.billed += float(duration or 4.0) * CREDITS_PER_SOUND_SECOND * CREDIT_PRICE
        reply = self._audio_reply(float(duration or 4.0), rec, tone=0.0)
        if reply.status == 200 and self._corrupt_now():
            reply.body = media.GARBAGE
        reply.delay = self.reply_delay
        return reply

    def _music(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        body: dict[str, Any] = rec.json() or {}
        plan, prompt = body.get("composition_plan"), body.get("prompt")
        if (plan is None) == (prompt is None):
            return _detail(422, "invalid_request", "send either a prompt or a composition_plan")
        if plan is not None:
            sections = plan.get("sections") if isinstance(plan, dict) else None
            if not isinstance(sections, list) or not sections:
                return _detail(422, "invalid_composition_plan", "the plan has no sections")
            lengths = [s.get("duration_ms") if isinstance(s, dict) else None for s in sections]
            if not all(isinstance(n, int) and 3000 <= n <= 120_000 for n in lengths):
                return _detail(422, "invalid_section_duration",
                               "each section's duration_ms must be within 3000-120000")
            total = sum(int(n) for n in lengths if n is not None)
        else:
            length = body.get("music_length_ms")
            total = int(length) if isinstance(length, int) else 30_000
        if not 3000 <= total <= 600_000:
            return _detail(422, "invalid_music_length", "music must last 3 s to 10 minutes")
        fmt, rate = self._format(rec)
        if fmt != "mp3":
            return _detail(400, "invalid_output_format", "this emulator composes MP3 only")
        seed = body.get("seed")
        number = (zlib.crc32(f"{seed}:{plan}".encode()) if isinstance(seed, int)
                  else variant())
        data = media.audio(total / 1000, "mp3", rate, 0.0, seed=number % 100_000)
        with self._state:
            self.music_creations += 1
            self.music_requests.append(body)
            self.billed += total / 1000 * MUSIC_USD_PER_SECOND
        if self._corrupt_now():
            data = media.GARBAGE
        return Reply(200, data, headers={"Content-Type": "audio/mpeg"},
                     delay=self.reply_delay or self.music_delay)

    def _video_to_music(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        fields, videos = _multipart(rec)
        if not videos:
            return _detail(422, "invalid_request", "send one or more videos")
        lengths = [_video_seconds(data) for _name, data in videos]
        if any(length is None for length in lengths):
            return _detail(422, "invalid_video", "a video could not be read")
        total = sum(float(length or 0.0) for length in lengths)
        if not 3.0 <= total <= 600.0:
            return _detail(422, "invalid_video_length", "videos must last 3 s to 10 minutes")
        fmt, rate = self._format(rec)
        if fmt != "mp3":
            return _detail(400, "invalid_output_format", "this emulator composes MP3 only")
        data = media.audio(total, "mp3", rate, 0.0, seed=variant())
        with self._state:
            self.music_creations += 1
            self.video_music_requests.append(
                {**fields, "videos": [{"filename": name, "bytes": len(blob), "seconds": length}
                                      for (name, blob), length in zip(videos, lengths,
                                                                      strict=True)]})
            self.billed += total * MUSIC_USD_PER_SECOND
        if self._corrupt_now():
            data = media.GARBAGE
        return Reply(200, data, headers={"Content-Type": "audio/mpeg"},
                     delay=self.reply_delay or self.music_delay)

    def _speech(self, rec: Recorded, m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        voice = m.group("voice")
        if voice not in {v for v, _ in self.voices}:
            return _detail(404, "voice_not_found", f"A voice with the voice_id {voice} was "
                                                   "not found.")
        body: dict[str, Any] = rec.json() or {}
        text = str(body.get("text") or "")
        if not text.strip():
            return _detail(422, "invalid_text", "text must not be empty")
        if len(text) > self.max_chars:
            return _detail(400, "max_character_limit_exceeded",
                           f"text is {len(text)} characters; the limit is {self.max_chars}")
        step = self.seconds_per_char
        seconds = max(0.3, len(text) * step)
        fmt, rate = self._format(rec)
        if fmt != "mp3":
            return _detail(400, "invalid_output_format", "this emulator speaks MP3 only")
        seed = body.get("seed")
        # A seed repeats the speech; without one each call sounds a little different.
        number = (hash((int(seed), text, voice)) if isinstance(seed, int) else variant())
        audio = media.audio(seconds, "mp3", rate, 180.0 + number % 160)
        alignment = {
            "characters": list(text),
            "character_start_times_seconds": [round(i * step, 3) for i in range(len(text))],
            "character_end_times_seconds": [round((i + 1) * step, 3) for i in range(len(text))],
        }
        request_id = uuid.uuid4().hex
        with self._state:
            self.speech_creations += 1
            self.billed += (len(text) * CREDITS_PER_CHARACTER.get(str(body.get("model_id")), 1.0)
                            * CREDIT_PRICE)
            self.history.append({
                "history_item_id": uuid.uuid4().hex[:20], "request_id": request_id,
                "voice_id": voice, "model_id": body.get("model_id"),
                "voice_name": dict(self.voices).get(voice), "voice_category": "premade",
                "text": text, "date_unix": int(time.time()),
                "character_count_change_from": 0, "character_count_change_to": len(text),
                "content_type": "audio/mpeg", "state": "created", "source": "TTS",
                "alignments": {"alignment": alignment, "normalized_alignment": alignment},
                "_audio": audio,
            })
        sent = media.GARBAGE if self._corrupt_now() else audio
        return Reply(200, {"audio_base64": base64.b64encode(sent).decode(),
                           "alignment": alignment, "normalized_alignment": alignment},
                     headers={"request-id": request_id}, delay=self.reply_delay)

    def _user(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        return Reply(200, {"user_id": "emulated-user", "subscription": {
            "tier": "creator", "character_count": 0, "character_limit": 100000}})

    def _history_denied(self) -> Reply | None:
        if self.history_fails is None:
            return None
        if self.history_fails == 403:
            return _detail(403, "missing_permissions",
                           "The API key you used is missing the permission speech_history_read")
        return _detail(self.history_fails, "not_found", "Not Found")

    def _history(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec) or self._history_denied()) is not None:
            return denied
        query = {k: v[0] for k, v in parse_qs(rec.query).items()}
        size = int(query.get("page_size", 100))
        after = int(query.get("date_after_unix", 0))
        with self._state:
            items = [{k: v for k, v in item.items() if not k.startswith("_")}
                     for item in reversed(self.history)
                     if item["date_unix"] >= after
                     and query.get("voice_id", item["voice_id"]) == item["voice_id"]]
        page = items[:size]
        return Reply(200, {"history": page, "has_more": len(items) > size,
                           "last_history_item_id": page[-1]["history_item_id"] if page else None})

    def _history_audio(self, rec: Recorded, m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec) or self._history_denied()) is not None:
            return denied
        item = next((h for h in self.history if h["history_item_id"] == m.group("id")), None)
        if item is None:
            return _detail(404, "history_item_not_found", "no such history item")
        data = media.GARBAGE if self.corrupt_audio else item["_audio"]
        return Reply(200, data, headers={"Content-Type": "audio/mpeg"})

    def _voices(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        return Reply(200, {"voices": [
            {"voice_id": vid, "name": name, "category": "premade", "labels": {"accent": "en"}}
            for vid, name in self.voices
        ]})


def _multipart(rec: Recorded) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    """A multipart/form-data body's plain fields (repeated ones as lists) and its ``videos``
    files (name, bytes), in the order sent."""
    ctype = next((v for k, v in rec.headers.items() if k.lower() == "content-type"), "")
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {ctype}\r\n\r\n".encode() + rec.body)
    fields: dict[str, Any] = {}
    videos: list[tuple[str, bytes]] = []
    if not message.is_multipart():
        return fields, videos
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        blob = payload if isinstance(payload, bytes) else b""
        if name == "videos":
            videos.append((str(part.get_filename() or ""), blob))
        elif isinstance(name, str):
            value = blob.decode()
            if name in fields:
                old = fields[name]
                fields[name] = [*old, value] if isinstance(old, list) else [old, value]
            else:
                fields[name] = value
    return fields, videos


def _video_seconds(data: bytes) -> float | None:
    """The length of an uploaded video, as ffprobe reads it (None: not a video)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.mp4"
        path.write_bytes(data)
        try:
            info = probe(path)
        except (FFmpegError, OSError):
            return None
    return info.duration if info.video is not None and info.duration else None
