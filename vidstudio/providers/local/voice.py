"""``LocalNarrator``: a scene's voice track offline: the narration in piper's bundled
``en_US-joe-medium`` voice (espeak-ng for other languages or a missing voice) and the characters'
lines, each in that character's own voice (see :mod:`vidstudio.providers.local.voices`).

The text is split into sentences (pysbd) and each is synthesised on its own, so sentence timings
are exact; a character's line goes in before the narration sentence it falls before, and
sentences are joined with natural pauses (longer between paragraphs and between speakers). When
the speech runs longer than the scene allows, the pauses are tightened first and then the whole
take is sped up without changing pitch (ffmpeg ``atempo``), by at most 1.25x.

Synthesis runs in the executor through :func:`synthesize_track`, a top-level function taking and
returning plain values (the engines are in :mod:`vidstudio.providers.local.speech`).
"""

from __future__ import annotations

import asyncio
import itertools
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vidstudio.media import audio
from vidstudio.media.ffmpeg import FFmpegError
from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    GenerationFailedError,
    InvalidRequestError,
    MediaResult,
    NarrationRequest,
    NotConfiguredError,
    ProviderInfo,
    SpokenLine,
)
from vidstudio.providers.local.speech import (
    DEFAULT_VOICE,
    ESPEAK,
    NothingToSayError,
    SpeechEngineError,
    VoiceChoice,
    _espeak_sentences,
    _installed_piper_voices,
    _language_base,
    _piper_language,
    _piper_sentences,
    _resolve_piper_voice,
    espeak_voice_for,
    split_sentences,
    take_pace,
)
from vidstudio.providers.local.voices import catalogue, character_voice
from vidstudio.providers.voice_track import heard_order

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["DEFAULT_VOICE", "ESPEAK", "LocalNarrator", "NothingToSayError", "SpeechEngineError",
           "VoiceChoice", "espeak_voice_for", "split_sentences", "synthesize_speech",
           "synthesize_track", "take_pace"]

MAX_TEMPO = 1.25
MIN_TEMPO = 0.8

# Pauses in seconds: between sentences, after a paragraph or a change of speaker, and the least
# either may shrink to when the speech must fit a short scene.
_SENTENCE_PAUSE = 0.35
_PARAGRAPH_PAUSE = 0.6
_MIN_PAUSE = 0.15
_LEAD = 0.05
_TAIL = 0.1


# ------------------------------------------------------------------------------------ assembly
def _speak_group(choice: VoiceChoice, texts: list[str], seed: int
                 ) -> tuple[VoiceChoice, list[np.ndarray], int]:
    """One voice's sentences; a failing piper voice falls back to espeak-ng, saying so."""
    if choice.engine == "piper":
        try:
            clips, rate = _piper_sentences(choice, texts, seed)
            return choice, clips, rate
        except (ImportError, OSError, RuntimeError, ValueError, KeyError) as exc:
            fallback = espeak_voice_for(choice.language)
            notice = f"piper voice '{choice.name}' failed ({exc}); used espeak-ng"
            choice = VoiceChoice(ESPEAK, fallback, language=choice.language, notice=notice)
    clips, rate = _espeak_sentences(choice, texts)
    return choice, clips, rate


def _resample(clip: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target or clip.size == 0:
        return clip
    count = round(clip.size * target / rate)
    return np.asarray(np.interp(np.linspace(0, clip.size - 1, count), np.arange(clip.size), clip))


def synthesize_track(voices: list[VoiceChoice], sentences: list[tuple[str, bool, int, str]],
                     target: float, path: str, seed: int = 0) -> dict[str, Any]:
    """Speak ``sentences`` into one mono 16-bit WAV at ``path``, untouched in tempo.

    Each sentence is ``(text, ends_paragraph, voice index into voices, speaker)``; speaker ""
    is the narrator. Each voice speaks its sentences in one engine call; the track puts them in
    order with pauses that shrink (down to 0.15 s) when the speech would run past ``target``.

    Returns:
        ``engine`` and ``voice`` (the first voice's: the narrator's), ``voices`` (label per
        voice index as used), ``notice``, ``sample_rate``, ``frames`` and ``spans``:
        ``[text, start_frame, end_frame, speaker, voice label]`` per spoken sentence.

    Raises:
        SpeechEngineError: no engine could speak.
        NothingToSayError: nothing in the text was speakable.
    """
    clips: dict[int, np.ndarray] = {}
    used = list(voices)
    rate = 0
    for index, choice in enumerate(voices):
        wanted = [i for i, item in enumerate(sentences) if item[2] == index]
        if not wanted:
            continue
        used[index], spoken_clips, clip_rate = _speak_group(
            choice, [sentences[i][0] for i in wanted], seed)
        rate = rate or clip_rate
        for i, clip in zip(wanted, spoken_clips, strict=True):
            clips[i] = _resample(clip, clip_rate, rate)

    spoken: list[tuple[str, np.ndarray, bool, int, str]] = []
    for i, (text, paragraph_end, voice, speaker) in enumerate(sentences):
        clip = clips.get(i, np.zeros(0))
        start, end = audio.trim_silence(clip, rate or 22050, threshold_db=-45.0, keep_s=0.02)
        if end > start:
            spoken.append((text, clip[start:end], paragraph_end, voice, speaker))
    if not spoken:
        raise NothingToSayError("nothing in the text can be spoken aloud")

    pauses = [_PARAGRAPH_PAUSE if para or speaker != after[4] else _SENTENCE_PAUSE
              for (_, _, para, _, speaker), after in itertools.pairwise(spoken)]
    speech = sum(item[1].size for item in spoken) / rate + _LEAD + _TAIL
    excess = speech + sum(pauses) - target
    if excess > 0 and pauses:
        # Tighter pauses cost nothing in intelligibility, unlike a faster tempo, so they go first.
        room = sum(p - _MIN_PAUSE for p in pauses)
        shrink = min(1.0, excess / room) if room > 0 else 0.0
        pauses = [p - (p - _MIN_PAUSE) * shrink for p in pauses]

    parts: list[np.ndarray] = [np.zeros(int(_LEAD * rate))]
    spans: list[list[Any]] = []
    cursor = parts[0].size
    for i, (text, clip, _, voice, speaker) in enumerate(spoken):
        spans.append([text, cursor, cursor + clip.size, speaker, used[voice].label])
        parts.append(clip)
        cursor += clip.size
        gap = np.zeros(round((pauses[i] if i < len(pauses) else _TAIL) * rate))
        parts.append(gap)
        cursor += gap.size
    voice_audio = np.concatenate(parts)
    audio.write_wav(Path(path), voice_audio * 0.9, rate)
    notices = list(dict.fromkeys(c.notice for c in used if c.notice))
    return {"engine": used[0].engine, "voice": used[0].label, "notice": "; ".join(notices),
            "voices": [c.label for c in used], "sample_rate": rate,
            "frames": int(voice_audio.size), "spans": spans}


def synthesize_speech(choice: VoiceChoice, sentences: list[tuple[str, bool]], target: float,
                      path: str, seed: int = 0) -> dict[str, Any]:
    """:func:`synthesize_track` for narration alone, in one voice."""
    return synthesize_track([choice], [(text, end, 0, "") for text, end in sentences],
                            target, path, seed)


def interleave(narration: list[tuple[str, bool]], lines: list[tuple[SpokenLine, int]],
               language: str) -> list[tuple[str, bool, int, str]]:
    """The narrator's sentences (voice 0) and each line's sentences (its voice index) in the
    order they are heard (see :func:`~vidstudio.providers.voice_track.heard_order`)."""
    out: list[tuple[str, bool, int, str]] = []
    for what, index in heard_order([text for text, _ in narration], [ln for ln, _ in lines]):
        if what == "narration":
            out.append((*narration[index], 0, ""))
        else:
            line, voice = lines[index]
            out.extend((text, end, voice, line.speaker)
                       for text, end in split_sentences(line.text, language))
    return out


def trim_wav(path: str, limit: float) -> float:
    """Cut the WAV at ``path`` to at most ``limit`` seconds (with a 5 ms fade) in place;
    returns its duration."""
    samples, rate = audio.read_audio(Path(path), always_2d=False)
    frames = int(samples.shape[0])
    if frames / rate > limit:
        frames = int(limit * rate)
        audio.write_wav(Path(path), audio.fit_length(samples, frames, rate, fade_s=0.005), rate)
    return frames / rate


# ------------------------------------------------------------------------------------ provider
_SPEAKER_LABEL = re.compile(
    r"(?m)^\s*(?:[A-Z][A-Z.'’ -]{1,30}|Narrator|Voice-over|Voiceover)\s*(?:\([^)]*\))?\s*:\s+")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile("[\u3040-\u30ff]")


def strip_speaker_labels(text: str) -> str:
    """The text without "MARA:" / "NARRATOR (V.O.):" labels: a name label is never read aloud."""
    return _SPEAKER_LABEL.sub("", text).strip() or text


def cannot_speak(choice: VoiceChoice, text: str) -> str:
    """Why ``choice`` cannot read ``text`` aloud, or "" when it can.

    espeak-ng's Japanese voice reads kana only; a kanji is spoken as "Chinese letter", so
    Japanese with kanji is left silent with this reason rather than read as noise.
    """
    if choice.engine != ESPEAK:
        return ""
    japanese = choice.language == "ja" or (_KANA.search(text) is not None)
    if japanese and _KANJI.search(text):
        return ("Japanese cannot be spoken offline: espeak-ng reads kanji as 'Chinese letter'; "
                "the scene's narration is silent (a cloud voice can speak it)")
    return ""


class LocalNarrator:
    """A :class:`~vidstudio.providers.base.Narrator` that speaks offline.

    Piper speaks when the voice is installed and speaks the request's language; otherwise
    espeak-ng does, and the result's metadata carries a ``notice`` saying why. Output is a mono
    16-bit WAV at the voice's rate (22.05 kHz). Metadata: ``voice``, ``engine``, ``sentences``
    (``{"text", "start", "end"}`` in seconds of the output), ``duration``, ``tempo``,
    ``natural_duration``, ``overflow_seconds`` and ``notice`` when there is one.

    Args:
        executor: where synthesis runs; None uses the loop's default thread pool.
        voice: the piper voice: an installed name (default ``en_US-joe-medium``), a path to an
            ``.onnx`` model with its ``.onnx.json`` beside it, or ``"espeak-ng"``. A request's own
            ``voice`` takes precedence when set.
        force_espeak: always use espeak-ng (robotic but tiny and instant).
        stretch_to_fill: also slow speech down (to 0.8x at most) when it is shorter than the
            scene; off by default, so speech is never slower than natural unless asked.
    """

    info = ProviderInfo("local", f"piper:{DEFAULT_VOICE}", "local")
    capabilities = Capabilities(price_unit="character", concurrency=2)

    def __init__(self, executor: Executor | None = None, voice: str | None = None, *,
                 force_espeak: bool = False, stretch_to_fill: bool = False) -> None:
        self._executor = executor
        self._voice = voice or DEFAULT_VOICE
        self._force_espeak = force_espeak
        self._min_tempo = MIN_TEMPO if stretch_to_fill else 1.0
        files = None if force_espeak else _resolve_piper_voice(self._voice)
        self.info = ProviderInfo("local", f"piper:{files[0].stem}" if files else ESPEAK, "local")

    @property
    def job_limit(self) -> tuple[str, int]:
        """One scene's voice track at a time (through the job manager's limits, so the other
        worker paints meanwhile): a long sentence's synthesis peaks at ~430 MB in its worker,
        and two at once put the render tree over 800 MB (issue 27)."""
        return ("local-voice", 1)

    async def list_voices(self) -> list[tuple[str, str]]:
        """``(voice, description)`` of every offline voice installed here."""
        voices = [(name, f"piper, {_piper_language(config)}")
                  for name, (_model, config) in sorted(_installed_piper_voices().items())]
        voices.append(("espeak-ng", "espeak-ng fallback, robotic, about 100 languages"))
        return voices + catalogue()

    def line_voice(self, line: SpokenLine, language: str) -> VoiceChoice:
        """The voice a character's line is read in: the character's own choice when it is an
        offline voice, else one chosen for the character (by cast rank and description),
        never the narrator's."""
        base = _language_base(language or "en")
        wanted = line.voice.strip()
        if wanted.lower().startswith(ESPEAK):
            name = wanted.split(":", 1)[1].strip() if ":" in wanted else ""
            return VoiceChoice(ESPEAK, name or espeak_voice_for(language), language=base)
        files = _resolve_piper_voice(wanted.removeprefix("piper:")) if wanted else None
        if files is not None and _piper_language(files[1]) == base and not self._force_espeak:
            return VoiceChoice("piper", files[0].stem, str(files[0]), str(files[1]), base)
        notice = (f"{line.name}'s voice '{wanted}' is not an offline voice for "
                  f"'{language}'; chose one") if wanted else ""
        return VoiceChoice(ESPEAK, character_voice(language, line.rank, line.hint),
                           language=base, notice=notice)

    def select_voice(self, request: NarrationRequest) -> VoiceChoice:
        """The engine and voice a request gets, with a notice when it is not the one asked for."""
        language = _language_base(request.language or "en")
        full_language = (request.language or "en").replace("_", "-")
        wanted = (request.voice or self._voice).strip()
        espeak_voice = espeak_voice_for(full_language)
        if self._force_espeak or wanted.lower().startswith("espeak"):
            return VoiceChoice(ESPEAK, espeak_voice, language=language,
                               notice="" if wanted.lower().startswith("espeak")
                               else "piper is turned off; used espeak-ng")
        files = _resolve_piper_voice(wanted)
        if files is None:
            return VoiceChoice(ESPEAK, espeak_voice, language=language,
                               notice=f"piper voice '{wanted}' is not installed; used espeak-ng")
        voice_language = _piper_language(files[1])
        if voice_language != language:
            return VoiceChoice(ESPEAK, espeak_voice, language=language,
                               notice=f"no piper voice for '{request.language}'; used espeak-ng")
        return VoiceChoice("piper", files[0].stem, str(files[0]), str(files[1]), language)

    async def narrate(self, request: NarrationRequest, ctx: CallContext) -> MediaResult:
        """Speak ``request.text`` fitted to ``request.target_duration``; see the class docstring.

        Raises:
            InvalidRequestError: empty or unpronounceable text, or a target duration that is not
                positive.
            NotConfiguredError: no engine can speak the request's language here.
            GenerationFailedError: ffmpeg failed to change the tempo, or a file write failed.
        """
        text = request.text.strip()
        if not text and not any(line.text.strip() for line in request.lines):
            raise InvalidRequestError("there is no text to narrate", provider=self.info.name)
        target = float(request.target_duration)
        if not math.isfinite(target) or target <= 0:
            raise InvalidRequestError(f"target duration must be positive, got {target!r}",
                                      provider=self.info.name)

        language = request.language or "en"

        def read() -> tuple[list[VoiceChoice], str, list[tuple[str, bool, int, str]]]:
            # Choosing the voice looks for its files; the sentence splitter's rules take
            # milliseconds per paragraph: neither belongs on the event loop.
            voices = [self.select_voice(request)]
            spoken = strip_speaker_labels(text) if text else ""
            everything = " ".join([spoken, *(line.text for line in request.lines)])
            unreadable = cannot_speak(voices[0], everything)
            if unreadable:
                return voices, unreadable, []
            placed: list[tuple[SpokenLine, int]] = []
            for line in request.lines:
                if not line.text.strip():
                    continue
                voice = self.line_voice(line, language)
                labels = [v.label for v in voices]
                if voice.label not in labels:
                    voices.append(voice)
                placed.append((line, [v.label for v in voices].index(voice.label)))
            narration = split_sentences(spoken, language) if spoken else []
            return voices, "", interleave(narration, placed, language)

        voices, unreadable, sentences = await asyncio.to_thread(read)
        choice = voices[0]
        if unreadable:
            # Garbage ("Chinese letter, Chinese letter ...") is worse than silence said plainly.
            return await self._silence(request, ctx, choice, unreadable)
        ctx.progress(0.05, f"speaking {len(sentences)} sentence(s) with {choice.label}")
        natural_path = ctx.work_dir / f"narration-natural-{ctx.seed}.wav"
        out_path = ctx.work_dir / f"narration-{ctx.seed}.wav"
        loop = asyncio.get_running_loop()
        try:
            spoken = await loop.run_in_executor(self._executor, synthesize_track, voices,
                                                sentences, target, str(natural_path), ctx.seed)
        except SpeechEngineError as exc:
            raise NotConfiguredError(str(exc), provider=self.info.name) from exc
        except NothingToSayError as exc:
            raise InvalidRequestError(str(exc), provider=self.info.name) from exc
        except OSError as exc:
            raise GenerationFailedError(f"could not write the narration: {exc}",
                                        provider=self.info.name) from exc
        ctx.progress(0.8, "fitting the narration to the scene")
        try:
            duration, tempo = await self._fit(natural_path, out_path, spoken, target)
        except (FFmpegError, OSError) as exc:
            raise GenerationFailedError(f"could not fit the narration: {exc}",
                                        provider=self.info.name) from exc
        finally:
            natural_path.unlink(missing_ok=True)
        rate = int(spoken["sample_rate"])
        natural = spoken["frames"] / rate
        # Sentence times scale with the tempo; the measured length absorbs atempo's rounding.
        scale = duration / natural if natural > 0 else 1.0
        sentences_meta = [{"text": text_, "start": round(start / rate * scale, 3),
                           "end": round(min(end / rate * scale, duration), 3),
                           **({"speaker": speaker, "voice": label} if speaker else {})}
                          for text_, start, end, speaker, label in spoken["spans"]]
        metadata: dict[str, Any] = {
            "voice": spoken["voice"], "engine": spoken["engine"], "sentences": sentences_meta,
            "duration": round(duration, 3), "tempo": round(tempo, 4),
            "natural_duration": round(natural, 3), "sample_rate": rate,
            "overflow_seconds": round(max(0.0, duration - target), 3),
        }
        if len(voices) > 1:
            metadata["voices"] = {line.speaker: span[4] for line in request.lines
                                  for span in spoken["spans"] if span[3] == line.speaker}
        notices = [spoken["notice"]] if spoken["notice"] else []
        if duration > target + 1e-3:
            # Even the fastest tempo runs past the scene: the line is trimmed to fit and the
            # take says what was cut, so the card can show it.
            duration = await loop.run_in_executor(self._executor, trim_wav, str(out_path), target)
            cut = [m["text"] for m in sentences_meta if m["end"] > duration + 1e-3]
            sentences_meta = [m for m in sentences_meta if m["start"] < duration]
            for meta in sentences_meta:
                meta["end"] = min(meta["end"], round(duration, 3))
            # overflow_seconds keeps what did not fit, so a pipeline can lengthen a short scene.
            metadata.update(duration=round(duration, 3), sentences=sentences_meta, trimmed=cut)
            notices.append(f"narration trimmed to the scene's {target:.1f} s; cut short: "
                           + " ".join(cut))
        if notices:
            metadata["notice"] = "; ".join(notices)
        ctx.progress(1.0, "narration ready")
        return MediaResult(path=out_path, model=spoken["voice"], metadata=metadata)

    async def _silence(self, request: NarrationRequest, ctx: CallContext, choice: VoiceChoice,
                       reason: str) -> MediaResult:
        """A silent take the length of the scene, with a notice saying why nothing is spoken."""
        out_path = ctx.work_dir / f"narration-{ctx.seed}.wav"
        rate = 22050
        frames = int(float(request.target_duration) * rate)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._executor, audio.write_wav, out_path,
                                       np.zeros(frames), rate)
        except OSError as exc:
            raise GenerationFailedError(f"could not write the narration: {exc}",
                                        provider=self.info.name) from exc
        ctx.progress(1.0, "narration left silent")
        return MediaResult(path=out_path, model=choice.label, metadata={
            "voice": choice.label, "engine": choice.engine, "sentences": [],
            "duration": round(frames / rate, 3), "tempo": 1.0, "natural_duration": 0.0,
            "sample_rate": rate, "overflow_seconds": 0.0, "silent": True, "notice": reason})

    async def _fit(self, natural_path: Path, out_path: Path, spoken: dict[str, Any],
                   target: float) -> tuple[float, float]:
        """Apply the tempo change; returns the output's duration and the tempo used."""
        rate = int(spoken["sample_rate"])
        natural = spoken["frames"] / rate
        tempo = audio.choose_tempo(natural, target, min_tempo=self._min_tempo,
                                   max_tempo=MAX_TEMPO)
        if abs(tempo - 1.0) < 1e-3:
            await asyncio.to_thread(natural_path.replace, out_path)
            return natural, 1.0
        await audio.change_tempo(natural_path, out_path, tempo)
        # atempo may overshoot by a few milliseconds, which fall in the silent tail pad; a take
        # that is capped at the maximum tempo keeps its overflow for the pipeline to see.
        limit = target if tempo < MAX_TEMPO else math.inf
        loop = asyncio.get_running_loop()
        duration = await loop.run_in_executor(self._executor, trim_wav, str(out_path), limit)
        return duration, tempo
