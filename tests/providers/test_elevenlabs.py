"""ElevenLabsSoundDesigner and ElevenLabsNarrator driving the real elevenlabs SDK against the
emulator, plus the pure chunking/alignment helpers."""

from __future__ import annotations

import base64
import itertools
from typing import TYPE_CHECKING, Any

import pytest
import soundfile  # type: ignore[import-untyped]

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.emulators import media  # noqa: E402
from tests.emulators.base import Reply  # noqa: E402
from tests.emulators.elevenlabs_emulator import MODERATED_WORD, ElevenLabsEmulator  # noqa: E402
from tests.providers.conftest_media import ENVIRONMENT, Recorder, run  # noqa: E402
from vidstudio.providers.base import (  # noqa: E402
    AuthenticationError,
    BadOutputError,
    ContentRefusedError,
    InvalidRequestError,
    NarrationRequest,
    Narrator,
    NotConfiguredError,
    ProviderError,
    RateLimitedError,
    ServiceUnavailableError,
    SoundDesigner,
    SoundRequest,
    UnknownOutcomeError,
)
from vidstudio.providers.elevenlabs import (  # noqa: E402
    DEFAULT_VOICE_ID,
    ElevenLabsNarrator,
    ElevenLabsSoundDesigner,
)
from vidstudio.providers.elevenlabs.alignment import (  # noqa: E402
    Alignment,
    chunk_text,
    sentences_from_alignment,
)
from vidstudio.providers.elevenlabs.sound import plan_segments  # noqa: E402

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

pytest_plugins = ["tests.providers.conftest_media"]

TEXT = "The lamp turned all night. Nobody saw it. At dawn, the keeper slept."


def designer(emu: ElevenLabsEmulator, **kwargs: Any) -> ElevenLabsSoundDesigner:
    return ElevenLabsSoundDesigner(kwargs.pop("api_key", emu.api_key), emu.base_url, **kwargs)


def narrator(emu: ElevenLabsEmulator, **kwargs: Any) -> ElevenLabsNarrator:
    return ElevenLabsNarrator(kwargs.pop("api_key", emu.api_key), emu.base_url, **kwargs)


def wav(path: Any) -> tuple[int, int]:
    info = soundfile.info(str(path))
    return info.frames, info.samplerate


# ---------------------------------------------------------------------------- sound beds
def test_sound_bed_is_exactly_the_requested_length(elevenlabs_emulator: ElevenLabsEmulator,
                                                   calls: Recorder) -> None:
    provider = designer(elevenlabs_emulator)
    assert isinstance(provider, SoundDesigner)
    request = SoundRequest("surf on rocks, distant gulls", 5.0, ENVIRONMENT, prompt_influence=0.6)
    result = run(provider.generate_sound(request, calls.ctx()))

    call = elevenlabs_emulator.requests_to("/v1/sound-generation", "POST")
    assert len(call) == 1
    body = call[0].json()
    assert body["duration_seconds"] == 5.0
    assert body["prompt_influence"] == 0.6
    assert body["model_id"] == "eleven_text_to_sound_v2"
    assert "fog" in body["text"]  # the environment's weather is heard
    assert "output_format=mp3_44100_128" in call[0].query
    assert call[0].headers["xi-api-key"] == elevenlabs_emulator.api_key
    assert wav(result.path) == (5 * 44100, 44100)
    assert result.cost == pytest.approx(5 * 20 * 0.00022)
    assert result.metadata["segments"] == 1


def test_long_bed_is_assembled_with_crossfades(elevenlabs_emulator: ElevenLabsEmulator,
                                               calls: Recorder) -> None:
    provider = designer(elevenlabs_emulator, max_call_seconds=3.0, crossfade=0.5)
    result = run(provider.generate_sound(SoundRequest("wind", 7.0), calls.ctx()))
    sent = elevenlabs_emulator.requests_to("/v1/sound-generation", "POST")
    durations = [c.json()["duration_seconds"] for c in sent]
    assert len(durations) == 3 and all(0.5 <= d <= 3.0 for d in durations)
    assert sum(durations) - 2 * 0.5 >= 7.0
    assert wav(result.path) == (7 * 44100, 44100)
    assert result.metadata["segments"] == 3


def test_very_short_bed_asks_for_the_minimum_and_trims(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    result = run(designer(elevenlabs_emulator).generate_sound(SoundRequest("click", 0.3),
                                                              calls.ctx()))
    body = elevenlabs_emulator.requests_to("/v1/sound-generation")[0].json()
    assert body["duration_seconds"] == 0.5
    assert wav(result.path) == (round(0.3 * 44100), 44100)


def test_plan_segments_covers_the_duration() -> None:
    assert plan_segments(5, 30, 1) == [5]
    assert plan_segments(0.2, 30, 1) == [0.5]
    for total in (31.0, 59.5, 90.0, 200.0):
        parts = plan_segments(total, 30, 1)
        assert all(p <= 30 for p in parts)
        assert sum(parts) - (len(parts) - 1) * 1 >= total


# ---------------------------------------------------------------------------- narration
def test_narration_has_sentence_timings_and_voice(elevenlabs_emulator: ElevenLabsEmulator,
                                                  calls: Recorder) -> None:
    provider = narrator(elevenlabs_emulator)
    assert isinstance(provider, Narrator)
    result = run(provider.narrate(NarrationRequest(TEXT, target_duration=8.0), calls.ctx()))

    call = elevenlabs_emulator.requests_to("/with-timestamps$", "POST")
    assert len(call) == 1
    assert call[0].path == f"/v1/text-to-speech/{DEFAULT_VOICE_ID}/with-timestamps"
    assert call[0].json()["model_id"] == "eleven_multilingual_v2"
    frames, rate = wav(result.path)
    assert frames / rate == pytest.approx(len(TEXT) * 0.05, abs=0.1)
    sentences = result.metadata["sentences"]
    assert [s["text"] for s in sentences] == ["The lamp turned all night.", "Nobody saw it.",
                                             "At dawn, the keeper slept."]
    assert sentences[0]["start"] == 0.0
    assert sentences[1]["start"] == pytest.approx(27 * 0.05, abs=0.01)
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(sentences))
    assert result.metadata["voice"] == DEFAULT_VOICE_ID
    assert result.metadata["tempo"] == 1.0
    assert result.cost == pytest.approx(len(TEXT) * 0.00022)


def test_long_speech_is_fitted_with_atempo(elevenlabs_emulator: ElevenLabsEmulator,
                                           calls: Recorder) -> None:
    natural = len(TEXT) * 0.05  # 3.4 s
    target = natural / 1.2
    result = run(narrator(elevenlabs_emulator).narrate(
        NarrationRequest(TEXT, target_duration=target), calls.ctx()))
    frames, rate = wav(result.path)
    assert frames / rate == pytest.approx(target, abs=0.08)
    assert result.metadata["tempo"] == pytest.approx(natural / target, abs=0.03)
    assert result.metadata["sentences"][-1]["end"] <= frames / rate
    assert "notice" not in result.metadata


def test_speech_too_long_even_at_max_tempo_says_so(elevenlabs_emulator: ElevenLabsEmulator,
                                                   calls: Recorder) -> None:
    result = run(narrator(elevenlabs_emulator).narrate(
        NarrationRequest(TEXT, target_duration=1.5), calls.ctx()))
    frames, rate = wav(result.path)
    assert result.metadata["tempo"] == 1.25
    assert frames / rate == pytest.approx(len(TEXT) * 0.05 / 1.25, abs=0.08)
    assert "longer than the scene" in result.metadata["notice"]


def test_blocking_work_runs_in_a_process_pool(elevenlabs_emulator: ElevenLabsEmulator,
                                              calls: Recorder,
                                              process_pool: ProcessPoolExecutor) -> None:
    speech = run(narrator(elevenlabs_emulator, executor=process_pool).narrate(
        NarrationRequest(TEXT, 8.0), calls.ctx()))
    bed = run(designer(elevenlabs_emulator, executor=process_pool).generate_sound(
        SoundRequest("rain", 1.5), calls.ctx()))
    assert len(speech.metadata["sentences"]) == 3
    assert wav(bed.path) == (round(1.5 * 44100), 44100)


def test_long_text_is_chunked_with_context(elevenlabs_emulator: ElevenLabsEmulator,
                                           calls: Recorder) -> None:
    result = run(narrator(elevenlabs_emulator, max_chars=30).narrate(
        NarrationRequest(TEXT, target_duration=30.0), calls.ctx()))
    bodies = [c.json() for c in elevenlabs_emulator.requests_to("/with-timestamps$")]
    assert [b["text"] for b in bodies] == ["The lamp turned all night.",
                                          "Nobody saw it.", "At dawn, the keeper slept."]
    assert "previous_text" not in bodies[0] and bodies[0]["next_text"] == bodies[1]["text"]
    assert bodies[2]["previous_text"] == bodies[1]["text"] and "next_text" not in bodies[2]
    sentences = result.metadata["sentences"]
    assert len(sentences) == 3 and result.metadata["chunks"] == 3
    starts = [s["start"] for s in sentences]
    assert starts == sorted(starts) and starts[2] == pytest.approx((26 + 14) * 0.05, abs=0.1)


def test_voice_by_name_and_unknown_voice(elevenlabs_emulator: ElevenLabsEmulator,
                                         calls: Recorder) -> None:
    provider = narrator(elevenlabs_emulator)
    named = run(provider.narrate(NarrationRequest("Hello.", 5.0, voice="rachel"),
                                 calls.ctx()))
    assert named.metadata["voice"] == "21m00Tcm4TlvDq8ikWAM"
    offline = run(provider.narrate(NarrationRequest("Hello.", 5.0, voice="en_US-joe-medium"),
                                   calls.ctx()))
    assert offline.metadata["voice"] == DEFAULT_VOICE_ID
    assert "not an ElevenLabs voice" in offline.metadata["notice"]
    assert run(provider.list_voices()) == [("JBFqnCBsd6RMkjVDRZzb", "George"),
                                           ("21m00Tcm4TlvDq8ikWAM", "Rachel")]


def test_a_voice_missing_from_the_account_is_refused_before_paying(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    elevenlabs_emulator.voices = [("21m00Tcm4TlvDq8ikWAM", "Rachel")]  # no George here
    provider = narrator(elevenlabs_emulator)  # configured with the default voice, George
    with pytest.raises(NotConfiguredError) as info:
        run(provider.check())
    assert DEFAULT_VOICE_ID in str(info.value) and "Rachel (21m00Tcm4TlvDq8ikWAM)" in str(
        info.value)
    bad = "Zz9Zz9Zz9Zz9Zz9Zz9Zz"  # an ElevenLabs-shaped id this account does not have
    for voice in ("", bad):
        with pytest.raises(NotConfiguredError) as info:
            run(provider.narrate(NarrationRequest("Hi.", 5.0, voice=voice), calls.ctx()))
        message = str(info.value)
        assert (voice or DEFAULT_VOICE_ID) in message, "the voice is named"
        assert "Rachel (21m00Tcm4TlvDq8ikWAM)" in message, "the account's voices are offered"
        assert "nothing was paid" in message and "\n" not in message
    assert elevenlabs_emulator.speech_creations == 0
    assert not elevenlabs_emulator.requests_to("/text-to-speech/", "POST")
    assert len(elevenlabs_emulator.requests_to("/v1/voices$")) == 1, "the list is fetched once"


def test_speech_without_alignment_is_bad_output(elevenlabs_emulator: ElevenLabsEmulator,
                                                calls: Recorder) -> None:
    audio = base64.b64encode(media.audio(1.0, "mp3", 44100, 220.0)).decode()
    elevenlabs_emulator.fail_next("/with-timestamps$", Reply(200, {"audio_base64": audio}))
    with pytest.raises(BadOutputError, match="without timestamps"):
        run(narrator(elevenlabs_emulator).narrate(NarrationRequest("Hi.", 5.0), calls.ctx()))


# ----------------------------------------------------------------------------- failures
@pytest.fixture(params=["sound", "narration"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def attempt(kind: str, emu: ElevenLabsEmulator, calls: Recorder, text: str = "waves",
            **kwargs: Any) -> ProviderError:
    if kind == "sound":
        coro = designer(emu, **kwargs).generate_sound(SoundRequest(text, 2.0), calls.ctx())
    else:
        coro = narrator(emu, **kwargs).narrate(NarrationRequest(text, 5.0), calls.ctx())
    with pytest.raises(ProviderError) as info:
        run(coro)
    return info.value


ENDPOINTS = "/v1/(sound-generation|text-to-speech/.*)$"


def test_wrong_key_is_authentication_error_without_the_key(
        kind: str, elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    wrong = "sk_wrong_secret_abcdef0123456789"
    error = attempt(kind, elevenlabs_emulator, calls, api_key=wrong)
    assert isinstance(error, AuthenticationError)
    assert "Invalid API key" in str(error) and "invalid_api_key" in str(error)
    assert wrong not in str(error)


def test_rate_limit_carries_retry_after(kind: str, elevenlabs_emulator: ElevenLabsEmulator,
                                        calls: Recorder) -> None:
    elevenlabs_emulator.fail_next(ENDPOINTS, Reply(
        429, {"detail": {"status": "too_many_concurrent_requests",
                         "message": "Too many concurrent requests"}},
        headers={"Retry-After": "3"}))
    error = attempt(kind, elevenlabs_emulator, calls)
    assert isinstance(error, RateLimitedError) and error.retry_after == 3.0
    assert "Too many concurrent requests" in str(error)
    assert len(elevenlabs_emulator.requests_to(ENDPOINTS)) == 1  # the SDK did not retry


@pytest.mark.parametrize("status", [503, 529])
def test_overloaded_is_service_unavailable(kind: str, status: int,
                                           elevenlabs_emulator: ElevenLabsEmulator,
                                           calls: Recorder) -> None:
    elevenlabs_emulator.fail_next(ENDPOINTS, Reply(
        status, {"detail": {"status": "system_busy", "message": "busy"}}))
    error = attempt(kind, elevenlabs_emulator, calls)
    assert isinstance(error, ServiceUnavailableError) and error.retryable
    assert len(elevenlabs_emulator.requests_to(ENDPOINTS)) == 1


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_500_after_sending_is_an_unknown_outcome(kind: str, status: int,
                                                   elevenlabs_emulator: ElevenLabsEmulator,
                                                   calls: Recorder) -> None:
    # A 500 (or a gateway's 502/504) may come after the work was done and billed.
    elevenlabs_emulator.fail_next(ENDPOINTS, Reply(
        status, {"detail": {"status": "error", "message": "internal"}}))
    error = attempt(kind, elevenlabs_emulator, calls)
    assert isinstance(error, UnknownOutcomeError) and error.final and error.retryable
    assert error.possible_cost and error.possible_cost > 0
    assert f"HTTP {status}" in str(error) and "--resend-unknown" in str(error)


def test_slow_reply_is_an_unknown_outcome(kind: str, elevenlabs_emulator: ElevenLabsEmulator,
                                          calls: Recorder) -> None:
    elevenlabs_emulator.fail_next(ENDPOINTS, Reply(200, b"late", delay=1.0))
    error = attempt(kind, elevenlabs_emulator, calls, timeout=0.3)
    assert isinstance(error, UnknownOutcomeError)
    assert "timed out" in str(error)


def test_corrupt_audio_is_bad_output(kind: str, elevenlabs_emulator: ElevenLabsEmulator,
                                     calls: Recorder) -> None:
    elevenlabs_emulator.corrupt_audio = True
    error = attempt(kind, elevenlabs_emulator, calls)
    assert isinstance(error, BadOutputError)
    assert not list(calls.root.glob("call*/*.wav"))


def test_garbage_json_is_bad_output(elevenlabs_emulator: ElevenLabsEmulator,
                                    calls: Recorder) -> None:
    elevenlabs_emulator.fail_next("/with-timestamps$", Reply(200, "<html>oops</html>",
                                                             headers={"Content-Type":
                                                                      "text/html"}))
    error = attempt("narration", elevenlabs_emulator, calls)
    assert isinstance(error, BadOutputError)


def test_refused_prompt_is_content_refused(elevenlabs_emulator: ElevenLabsEmulator,
                                           calls: Recorder) -> None:
    error = attempt("sound", elevenlabs_emulator, calls, text=f"{MODERATED_WORD} noises")
    assert isinstance(error, ContentRefusedError) and "content policy" in str(error)


def test_empty_inputs_are_refused_locally(elevenlabs_emulator: ElevenLabsEmulator,
                                          calls: Recorder) -> None:
    with pytest.raises(InvalidRequestError):
        run(designer(elevenlabs_emulator).generate_sound(SoundRequest("  ", 2.0),
                                                         calls.ctx()))
    with pytest.raises(InvalidRequestError):
        run(narrator(elevenlabs_emulator).narrate(NarrationRequest(" ", 2.0), calls.ctx()))
    assert elevenlabs_emulator.requests == []


# ------------------------------------------------------------------------- pure helpers
def test_chunk_text_respects_limits_and_sentences() -> None:
    assert chunk_text(TEXT, 1000) == [TEXT]
    chunks = chunk_text(TEXT, 45)
    assert chunks == ["The lamp turned all night. Nobody saw it.", "At dawn, the keeper slept."]
    long_sentence = "word " * 30
    assert all(len(c) <= 20 for c in chunk_text(long_sentence, 20))
    assert " ".join(chunk_text(long_sentence, 20)) == long_sentence.strip()


def test_sentences_from_alignment_scales_and_clips() -> None:
    text = "Mr. Lee waits. He sighs!"
    alignment = Alignment.empty()
    alignment.extend(list(text), [i * 0.1 for i in range(len(text))],
                     [(i + 1) * 0.1 for i in range(len(text))], offset=0.0)
    plain = sentences_from_alignment(alignment)
    assert [s["text"] for s in plain] == ["Mr. Lee waits.", "He sighs!"]
    assert plain[1]["start"] == pytest.approx(1.5) and plain[1]["end"] == pytest.approx(2.4)
    fast = sentences_from_alignment(alignment, time_scale=0.5, duration=1.1)
    assert fast[1]["start"] == pytest.approx(0.75) and fast[1]["end"] == pytest.approx(1.1)
    # Clipped to the millisecond below the sound's end, never rounded past it.
    odd = sentences_from_alignment(alignment, time_scale=0.5, duration=1.1327)
    assert odd[1]["end"] == 1.132 and odd[1]["end"] <= 1.1327
    with pytest.raises(ValueError, match="differ"):
        alignment.extend(["a"], [0.0, 1.0], [1.0], offset=0.0)
