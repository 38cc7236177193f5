"""Never twice, refuse early, repair: the cloud providers against the emulators' create counters.

Every test counts what the emulated service made (and would bill): a corrupt download is fetched
again, not made again; a submission that may have reached the service is looked up before it is
sent again; a hung request stops at its deadline; a bad key fails a free check.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.emulators import media  # noqa: E402
from tests.emulators.fal_emulator import IMAGE_APP, TRAINING_APP, FalEmulator  # noqa: E402
from tests.providers.conftest_media import ENVIRONMENT, Recorder, run  # noqa: E402
from vidstudio.core.vocabulary import CameraMove, ShotType  # noqa: E402
from vidstudio.jobs.retry import RetryPolicy, call_with_retry  # noqa: E402
from vidstudio.media.ffmpeg import probe  # noqa: E402
from vidstudio.providers.anthropic_planner import ClaudePlanner  # noqa: E402
from vidstudio.providers.base import (  # noqa: E402
    AuthenticationError,
    CallContext,
    Checkable,
    ClipRequest,
    DeadlineExceededError,
    ImageRequest,
    Keyframe,
    MediaResult,
    NarrationRequest,
    PlanRequest,
    ProviderError,
    ProviderTimeoutError,
    SoundRequest,
)
from vidstudio.providers.elevenlabs import ElevenLabsNarrator, ElevenLabsSoundDesigner  # noqa: E402
from vidstudio.providers.fal import (  # noqa: E402
    FalKeyframeGenerator,
    FalStyleTrainer,
    FalUploadHost,
)
from vidstudio.providers.gemini_planner import GeminiPlanner  # noqa: E402
from vidstudio.providers.luma import LumaImageGenerator, LumaVideoGenerator  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

    from tests.emulators.anthropic_emulator import AnthropicEmulator
    from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
    from tests.emulators.gemini_emulator import GeminiEmulator
    from tests.emulators.luma_emulator import LumaEmulator

pytest_plugins = ["tests.providers.conftest_media"]

FAST_LUMA = {"poll_interval": 0.01, "max_poll_interval": 0.02}
FAST_FAL = {"poll_interval": 0.01, "max_poll_interval": 0.02}
#: Retries without waiting (the backoff is not what these tests are about).
NO_WAIT = RetryPolicy(attempts=4, base_delay=0.0, max_delay=0.0)
TEXT = "The lamp turned all night. Nobody saw it."


async def no_sleep(_seconds: float) -> None:
    return None


def with_retries(call: Any, ctx: CallContext) -> Any:
    """The step as the pipeline runs it: one context, retried on retryable errors."""
    return run(call_with_retry(lambda: call(ctx), NO_WAIT, sleep=no_sleep))


def clip(prompt: str = "waves break on the rocks", first: Path | None = None,
         last: Path | None = None) -> ClipRequest:
    return ClipRequest(prompt=prompt, duration=5, width=1280, height=720, fps=24,
                       camera=CameraMove.PAN_LEFT, environment=ENVIRONMENT,
                       first_frame=Keyframe(first) if first else None,
                       last_frame=Keyframe(last) if last else None)


def image(prompt: str = "a lighthouse at dusk") -> ImageRequest:
    return ImageRequest(prompt=prompt, width=320, height=180, environment=ENVIRONMENT)


# ------------------------------------------------------------------ corrupt downloads
@pytest.mark.parametrize("kind", ["image", "video"])
def test_luma_corrupt_download_is_fetched_again_not_made_again(
        kind: str, luma_emulator: LumaEmulator, calls: Recorder) -> None:
    luma_emulator.corrupt_next_assets = 2  # two broken downloads, then a good one
    if kind == "image":
        provider: Any = LumaImageGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                           **FAST_LUMA)
        result = run(provider.generate_image(image(), calls.ctx()))
    else:
        provider = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                      **FAST_LUMA)
        result = run(provider.generate_clip(clip(), calls.ctx()))
    assert luma_emulator.creations == 1
    assert len(luma_emulator.requests_to("/assets/")) == 3
    assert result.path.is_file()


def test_luma_download_that_stays_broken_is_retried_by_resuming(luma_emulator: LumaEmulator,
                                                                calls: Recorder) -> None:
    luma_emulator.corrupt_next_assets = 4  # more than one attempt's worth of fetches
    provider = LumaImageGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  download_attempts=2, **FAST_LUMA)
    ctx = calls.ctx()
    ctx.remember_remote_id = lambda rid: setattr(ctx, "resume_remote_id", rid)
    result: MediaResult = with_retries(lambda c: provider.generate_image(image(), c), ctx)
    assert luma_emulator.creations == 1, "the failed download resumed the paid generation"
    assert result.path.is_file()


def test_fal_corrupt_download_is_fetched_again(fal_emulator: FalEmulator,
                                               calls: Recorder) -> None:
    fal_emulator.corrupt_next_outputs = 1
    provider = FalKeyframeGenerator(fal_emulator.api_key, fal_emulator.base_url, **FAST_FAL)
    request = ImageRequest(prompt="the beam sweeps the fog", width=320, height=180,
                           environment=ENVIRONMENT, purpose="keyframe",
                           shot_type=ShotType.WIDE)
    result = run(provider.generate_image(request, calls.ctx()))
    assert fal_emulator.submissions == {IMAGE_APP: 1}
    assert result.path.is_file()


def test_elevenlabs_corrupt_speech_is_fetched_from_history(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    elevenlabs_emulator.corrupt_next = 1
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    result = run(provider.narrate(NarrationRequest(TEXT, 9.0), calls.ctx()))
    assert elevenlabs_emulator.speech_creations == 1
    assert elevenlabs_emulator.requests_to(r"/v1/history/\w+/audio$")
    assert "from the account's history" in result.metadata["notice"]
    assert result.metadata["sentences"][0]["text"] == "The lamp turned all night."


# ------------------------------------------------------------- submissions looked up
def test_luma_500_after_create_is_looked_up_before_sending_again(
        luma_emulator: LumaEmulator, calls: Recorder) -> None:
    luma_emulator.fail_after_create = 1  # made and billed, but answered 500
    provider = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  **FAST_LUMA)
    ctx = calls.ctx()
    result: MediaResult = with_retries(lambda c: provider.generate_clip(clip(), c), ctx)
    assert luma_emulator.creations == 1, "the generation was adopted, not created again"
    assert result.remote_id in luma_emulator.generations
    assert luma_emulator.requests_to(r"/generations$", "GET"), "the list was consulted"


def test_luma_hung_create_is_adopted_not_sent_again(luma_emulator: LumaEmulator,
                                                    calls: Recorder) -> None:
    luma_emulator.create_delay = 1.0  # made, then the answer hangs past the timeout
    provider = LumaImageGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  timeout=0.3, **FAST_LUMA)
    result: MediaResult = with_retries(lambda c: provider.generate_image(image(), c),
                                       calls.ctx())
    assert luma_emulator.creations == 1
    assert result.path.is_file()


class _Died(BaseException):
    """The process dying between Luma's answer and the journal write."""


def test_two_scenes_with_one_prompt_keep_their_own_generations(
        luma_emulator: LumaEmulator, fal_emulator: FalEmulator, tmp_path: Path) -> None:
    frames = []
    for name, seed in (("aaaa", 1), ("bbbb", 2), ("cccc", 3), ("dddd", 4)):
        path = tmp_path / f"{name}.png"
        path.write_bytes(media.png(64, 36, seed=seed))
        frames.append(path)
    host = FalUploadHost(fal_emulator.api_key, fal_emulator.base_url)
    provider = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  upload_host=host, **FAST_LUMA)
    since = datetime.now(UTC).isoformat()
    scenes = {"one": clip("the same words", frames[0], frames[1]),
              "two": clip("the same words", frames[2], frames[3])}

    def die(_remote_id: str) -> None:
        raise _Died

    for index, request in enumerate(scenes.values()):
        work = tmp_path / f"dead{index}"
        work.mkdir()
        with pytest.raises(_Died):
            run(provider.generate_clip(request, CallContext(work_dir=work,
                                                            remember_remote_id=die)))
    assert luma_emulator.creations == 2
    made = {gen["request"]["keyframes"]["frame0"]["url"].rsplit("/", 1)[-1]: gen_id
            for gen_id, gen in luma_emulator.generations.items()}

    # A new run (a new provider, as after a crash) adopts them in the other order.
    fresh = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                               upload_host=host, **FAST_LUMA)
    adopted = {}
    for index, (name, request) in enumerate(reversed(scenes.items())):
        work = tmp_path / f"again{index}"
        work.mkdir()
        result = run(fresh.generate_clip(request, CallContext(work_dir=work,
                                                              submitted_since=since)))
        adopted[name] = result.remote_id
    assert luma_emulator.creations == 2, "nothing was made a third time"
    assert adopted == {"two": made["cccc.png"], "one": made["aaaa.png"]}


def test_elevenlabs_speech_from_a_dead_run_is_found_in_history(
        elevenlabs_emulator: ElevenLabsEmulator, tmp_path: Path) -> None:
    since = datetime.now(UTC).isoformat()
    elevenlabs_emulator.reply_delay = 1.0  # the speech is made; the answer never arrives
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url,
                                  timeout=0.3)
    (tmp_path / "a").mkdir()
    with pytest.raises(ProviderTimeoutError):
        run(provider.narrate(NarrationRequest(TEXT, 9.0), CallContext(work_dir=tmp_path / "a")))
    elevenlabs_emulator.reply_delay = 0.0
    assert elevenlabs_emulator.speech_creations == 1

    (tmp_path / "b").mkdir()
    again = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    result = run(again.narrate(NarrationRequest(TEXT, 9.0),
                               CallContext(work_dir=tmp_path / "b", submitted_since=since)))
    assert elevenlabs_emulator.speech_creations == 1, "taken from the history, not made again"
    assert probe(result.path).duration > 1.0


def test_elevenlabs_timed_out_speech_is_looked_up_by_the_retry(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    elevenlabs_emulator.reply_delay = 1.0
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url,
                                  timeout=0.3)
    ctx = calls.ctx()

    result: MediaResult = with_retries(
        lambda c: provider.narrate(NarrationRequest(TEXT, 9.0), c), ctx)
    assert elevenlabs_emulator.speech_creations == 1
    assert result.path.is_file()


def test_other_speech_in_the_history_is_not_adopted(elevenlabs_emulator: ElevenLabsEmulator,
                                                    tmp_path: Path) -> None:
    since = datetime.now(UTC).isoformat()
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    (tmp_path / "a").mkdir()
    run(provider.narrate(NarrationRequest("Something else entirely.", 5.0),
                         CallContext(work_dir=tmp_path / "a")))
    (tmp_path / "b").mkdir()
    run(provider.narrate(NarrationRequest(TEXT, 9.0),
                         CallContext(work_dir=tmp_path / "b", submitted_since=since)))
    assert elevenlabs_emulator.speech_creations == 2


# --------------------------------------------------------------------------- deadlines
def test_hung_sound_effect_is_not_sent_again(elevenlabs_emulator: ElevenLabsEmulator,
                                             calls: Recorder) -> None:
    elevenlabs_emulator.reply_delay = 1.0
    provider = ElevenLabsSoundDesigner(elevenlabs_emulator.api_key,
                                       elevenlabs_emulator.base_url, timeout=0.3)
    with pytest.raises(ProviderTimeoutError) as info:
        with_retries(lambda c: provider.generate_sound(SoundRequest("surf", 2.0), c),
                     calls.ctx())
    assert info.value.final and "not sent again" in str(info.value)
    assert elevenlabs_emulator.sound_creations == 1


def test_luma_generation_past_its_deadline_stops_without_a_second_create(
        luma_emulator: LumaEmulator, calls: Recorder) -> None:
    luma_emulator.hold = True
    provider = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  call_deadline=0.3, **FAST_LUMA)
    ctx = calls.ctx()
    ctx.remember_remote_id = lambda rid: setattr(ctx, "resume_remote_id", rid)
    with pytest.raises(DeadlineExceededError, match="ran out of time"):
        with_retries(lambda c: provider.generate_clip(clip(), c), ctx)
    assert luma_emulator.creations == 1
    assert ctx.resume_remote_id, "the job stays journalled for the next run"


def test_fal_submit_without_an_answer_is_not_sent_again(fal_emulator: FalEmulator,
                                                       calls: Recorder) -> None:
    from tests.emulators.base import Reply

    fal_emulator.fail_next("^/" + IMAGE_APP + "$", Reply(200, {}, delay=1.0))
    provider = FalKeyframeGenerator(fal_emulator.api_key, fal_emulator.base_url, timeout=0.3,
                                    **FAST_FAL)
    request = ImageRequest(prompt="fog", width=320, height=180, environment=ENVIRONMENT,
                           purpose="keyframe")
    with pytest.raises(ProviderTimeoutError) as info:
        with_retries(lambda c: provider.generate_image(request, c), calls.ctx())
    assert info.value.final
    assert len(fal_emulator.requests_to("^/" + IMAGE_APP + "$", "POST")) == 1


# ------------------------------------------------------------------------- key checks
def _checkables(cloud: dict[str, Any], key: str | None) -> list[Checkable]:
    luma, eleven, fal, claude, gemini = (cloud["luma"], cloud["eleven"], cloud["fal"],
                                         cloud["claude"], cloud["gemini"])
    return [
        LumaVideoGenerator(key or luma.api_key, luma.api_base_url),
        LumaImageGenerator(key or luma.api_key, luma.api_base_url),
        ElevenLabsNarrator(key or eleven.api_key, eleven.base_url),
        ElevenLabsSoundDesigner(key or eleven.api_key, eleven.base_url),
        FalStyleTrainer(key or fal.api_key, fal.base_url),
        FalKeyframeGenerator(key or fal.api_key, fal.base_url),
        ClaudePlanner(key or claude.api_key, claude.base_url),
        GeminiPlanner(key or gemini.api_key, gemini.base_url),
    ]


@pytest.fixture
def every_cloud(luma_emulator: LumaEmulator, elevenlabs_emulator: ElevenLabsEmulator,
                fal_emulator: FalEmulator, anthropic_emulator: AnthropicEmulator,
                gemini_emulator: GeminiEmulator) -> dict[str, Any]:
    return {"luma": luma_emulator, "eleven": elevenlabs_emulator, "fal": fal_emulator,
            "claude": anthropic_emulator, "gemini": gemini_emulator}


def test_checks_pass_with_good_keys_and_buy_nothing(every_cloud: dict[str, Any]) -> None:
    async def check_all() -> None:
        for provider in _checkables(every_cloud, None):
            assert isinstance(provider, Checkable)
            await provider.check()

    run(check_all())
    assert every_cloud["luma"].creations == 0
    assert every_cloud["eleven"].speech_creations == every_cloud["eleven"].sound_creations == 0
    assert every_cloud["fal"].submissions == {}
    assert not every_cloud["claude"].requests_to("/v1/messages")
    assert not every_cloud["gemini"].requests_to(":generateContent")


def test_checks_fail_with_a_bad_key_without_showing_it(every_cloud: dict[str, Any]) -> None:
    wrong = "wrong-key-0123456789abcdef"

    async def check_all() -> list[ProviderError]:
        errors = []
        for provider in _checkables(every_cloud, wrong):
            with pytest.raises(AuthenticationError) as info:
                await provider.check()
            errors.append(info.value)
        return errors

    for error in run(check_all()):
        assert wrong not in str(error)
        assert "\n" not in str(error)


# ------------------------------------------------------------------------------ repair
def test_stale_lora_is_uploaded_again_from_the_project_copy(fal_emulator: FalEmulator,
                                                            calls: Recorder,
                                                            tmp_path: Path) -> None:
    lora = tmp_path / ("ab" * 32 + ".safetensors")
    lora.write_bytes(media.safetensors())
    url = fal_emulator.store("old/lora.safetensors", media.safetensors())
    fal_emulator.expire(url)
    provider = FalKeyframeGenerator(fal_emulator.api_key, fal_emulator.base_url, **FAST_FAL)
    request = ImageRequest(prompt="fog", width=320, height=180, environment=ENVIRONMENT,
                           purpose="keyframe", style=lora,
                           style_metadata={"lora_url": url, "trigger_word": "vsenv1"})
    result = run(provider.generate_image(request, calls.ctx()))
    assert fal_emulator.submissions == {IMAGE_APP: 1}, "no training was paid"
    assert TRAINING_APP not in fal_emulator.submissions
    assert result.metadata["lora_url"] != url
    assert "uploaded again" in result.metadata["notice"]


def test_underfilled_plan_is_completed(anthropic_emulator: AnthropicEmulator,
                                       tmp_path: Path) -> None:
    anthropic_emulator.image_prompts = 3
    planner = ClaudePlanner(anthropic_emulator.api_key, anthropic_emulator.base_url)
    script = "The lighthouse keeper climbs the stairs.\n\nWaves break on the rocks below."

    async def plan() -> Any:
        try:
            return await planner.plan(PlanRequest(script), CallContext(work_dir=tmp_path))
        finally:
            await planner.aclose()

    result = asyncio.run(plan())
    assert all(len(env.image_prompts) == 10 for env in result.environments)
    assert all(len(set(env.image_prompts)) == 10 for env in result.environments)
    assert any("gave 3 image prompt(s)" in note for note in result.notes)
    assert len(anthropic_emulator.requests_to("/v1/messages")) == 1, "no second answer paid"
