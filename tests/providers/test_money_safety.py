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
    DownloadFailedError,
    ImageRequest,
    Keyframe,
    MediaResult,
    NarrationRequest,
    PlanRequest,
    ProviderError,
    RateLimitedError,
    SoundRequest,
    UnknownOutcomeError,
)
from vidstudio.providers.elevenlabs import ElevenLabsNarrator, ElevenLabsSoundDesigner  # noqa: E402
from vidstudio.providers.fal import (  # noqa: E402
    FalKeyframeGenerator,
    FalStyleTrainer,
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


# ----------------------------------------------------- submissions whose outcome is unknown
def test_luma_500_after_create_is_an_unknown_outcome_not_sent_again(
        luma_emulator: LumaEmulator, calls: Recorder) -> None:
    luma_emulator.fail_after_create = 1  # made and billed, but answered 500
    provider = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  **FAST_LUMA)
    with pytest.raises(UnknownOutcomeError) as info:
        with_retries(lambda c: provider.generate_clip(clip(), c), calls.ctx())
    assert luma_emulator.creations == 1, "not sent again without consent"
    assert luma_emulator.requests_to(r"/generations$", "GET"), "the list was consulted"
    assert "1 identical generation" in str(info.value)


def test_luma_hung_create_is_an_unknown_outcome(luma_emulator: LumaEmulator,
                                                calls: Recorder) -> None:
    luma_emulator.create_delay = 1.0  # made, then the answer hangs past the timeout
    provider = LumaImageGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  timeout=0.3, **FAST_LUMA)
    with pytest.raises(UnknownOutcomeError):
        with_retries(lambda c: provider.generate_image(image(), c), calls.ctx())
    assert luma_emulator.creations == 1


def test_luma_429_or_503_on_create_is_sent_again(luma_emulator: LumaEmulator,
                                                 calls: Recorder) -> None:
    from tests.emulators.base import Reply

    luma_emulator.fail_next(r"/generations/video$", Reply(429, {"detail": "slow down"}))
    luma_emulator.fail_next(r"/generations/video$", Reply(503, {"detail": "overloaded"}))
    provider = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  **FAST_LUMA)
    cleared: list[str] = []
    ctx = calls.ctx()
    ctx.clear_submitting = lambda: cleared.append("cleared")
    result: MediaResult = with_retries(lambda c: provider.generate_clip(clip(), c), ctx)
    assert luma_emulator.creations == 1 and result.path.is_file()
    assert cleared == ["cleared", "cleared"], "each refusal un-marked the submission"


class _Died(BaseException):
    """The process dying between Luma's answer and the journal write."""


def test_another_projects_identical_generation_is_never_adopted(
        luma_emulator: LumaEmulator, tmp_path: Path) -> None:
    """Two projects on one account ask for the same clip; this one's create dies unanswered.
    Its rerun must not take (and charge itself for) the other project's generation."""
    since = datetime.now(UTC).isoformat()
    provider = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  **FAST_LUMA)

    def die(_remote_id: str) -> None:
        raise _Died

    (tmp_path / "dead").mkdir()
    with pytest.raises(_Died):
        run(provider.generate_clip(clip("the same words"), CallContext(
            work_dir=tmp_path / "dead", remember_remote_id=die)))
    ours = next(iter(luma_emulator.generations))
    request = {k: v for k, v in luma_emulator.generations[ours]["request"].items()
               if k != "generation_type"}
    theirs = luma_emulator.create_as_other_project("video", request)
    assert luma_emulator.creations == 2

    taken: list[str] = []
    (tmp_path / "again").mkdir()
    ctx = CallContext(work_dir=tmp_path / "again", submitted_since=since,
                      remember_remote_id=taken.append)
    rerun = LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url, **FAST_LUMA)
    with pytest.raises(UnknownOutcomeError) as info:
        run(rerun.generate_clip(clip("the same words"), ctx))
    assert taken == [], "neither generation was adopted"
    assert theirs not in (ctx.resume_remote_id or "")
    assert "2 identical generation(s)" in str(info.value)
    assert luma_emulator.creations == 2

    # The other project's own run is not disturbed: it still resumes its generation by id.
    (tmp_path / "theirs").mkdir()
    own = run(LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                 **FAST_LUMA).generate_clip(clip("the same words"), CallContext(
        work_dir=tmp_path / "theirs", resume_remote_id=theirs)))
    assert own.remote_id == theirs and luma_emulator.creations == 2


def test_luma_list_failing_keeps_the_submission_an_unknown_outcome(
        luma_emulator: LumaEmulator, tmp_path: Path) -> None:
    from tests.emulators.base import Reply

    luma_emulator.fail_next(r"/generations$", Reply(403, {"detail": "Forbidden"}))
    (tmp_path / "a").mkdir()
    ctx = CallContext(work_dir=tmp_path / "a", submitted_since=datetime.now(UTC).isoformat())
    with pytest.raises(UnknownOutcomeError) as info:
        run(LumaVideoGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                               **FAST_LUMA).generate_clip(clip(), ctx))
    assert info.value.retryable, "retryable: the jobs layer keeps the journal entry"
    assert "could not be read" in str(info.value)
    assert luma_emulator.creations == 0


def test_luma_resume_failing_with_403_keeps_the_journal_entry(
        luma_emulator: LumaEmulator, calls: Recorder) -> None:
    from tests.emulators.base import Reply

    provider = LumaImageGenerator(luma_emulator.api_key, luma_emulator.api_base_url,
                                  **FAST_LUMA)
    luma_emulator.hold = True
    gen_id = luma_emulator.create_as_other_project("image", {
        "model": "photon-1", "prompt": "x", "aspect_ratio": "16:9"})
    luma_emulator.fail_next(r"/generations/[\w-]+$", Reply(403, {"detail": "Forbidden"}))
    ctx = calls.ctx()
    ctx.resume_remote_id = gen_id
    with pytest.raises(AuthenticationError) as info:
        run(provider.generate_image(image(), ctx))
    assert info.value.retryable and info.value.final, "kept journalled, not re-sent now"


def _dead_speech(emu: ElevenLabsEmulator, folder: Path, reply_dir: Path | None) -> str:
    """A run whose narration request is made (and billed) but whose answer never arrives."""
    since = datetime.now(UTC).isoformat()
    emu.reply_delay = 1.0
    provider = ElevenLabsNarrator(emu.api_key, emu.base_url, timeout=0.3)
    folder.mkdir()
    with pytest.raises(UnknownOutcomeError):
        run(provider.narrate(NarrationRequest(TEXT, 9.0), CallContext(
            work_dir=folder, reply_dir=reply_dir)))
    emu.reply_delay = 0.0
    assert emu.speech_creations == 1
    return since


def test_elevenlabs_speech_from_a_dead_run_is_an_unknown_outcome(
        elevenlabs_emulator: ElevenLabsEmulator, tmp_path: Path) -> None:
    since = _dead_speech(elevenlabs_emulator, tmp_path / "a", None)
    elevenlabs_emulator.history_fails = 404  # no lookup is needed: none is made
    (tmp_path / "b").mkdir()
    again = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    ctx = CallContext(work_dir=tmp_path / "b", submitted_since=since)
    with pytest.raises(UnknownOutcomeError) as info:
        run(again.narrate(NarrationRequest(TEXT, 9.0), ctx))
    assert info.value.retryable and info.value.final
    assert info.value.possible_cost == pytest.approx(len(TEXT) * 0.00022, rel=0.01)
    assert "HTTP 404" not in str(info.value)
    assert elevenlabs_emulator.speech_creations == 1, "not bought again without consent"

    ctx.resend_unknown = True
    result = run(again.narrate(NarrationRequest(TEXT, 9.0), ctx))
    assert elevenlabs_emulator.speech_creations == 2 and probe(result.path).duration > 1.0


def test_elevenlabs_speech_kept_by_a_dead_run_is_used_not_bought_again(
        elevenlabs_emulator: ElevenLabsEmulator, tmp_path: Path) -> None:
    """The reply came back and was kept, then the run died before its take was saved."""
    replies = tmp_path / "replies"
    replies.mkdir()
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    (tmp_path / "a").mkdir()
    first = run(provider.narrate(NarrationRequest(TEXT, 9.0), CallContext(
        work_dir=tmp_path / "a", reply_dir=replies)))
    assert (replies / "speech-0.json").is_file(), "the reply was kept as soon as it came"
    elevenlabs_emulator.history_fails = 403
    (tmp_path / "b").mkdir()
    again = run(ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url
                                   ).narrate(NarrationRequest(TEXT, 9.0), CallContext(
        work_dir=tmp_path / "b", reply_dir=replies,
        submitted_since=datetime.now(UTC).isoformat())))
    assert elevenlabs_emulator.speech_creations == 1
    assert again.path.read_bytes() == first.path.read_bytes()


def test_elevenlabs_timed_out_speech_is_not_sent_again_by_the_retry(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    elevenlabs_emulator.reply_delay = 1.0
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url,
                                  timeout=0.3)
    with pytest.raises(UnknownOutcomeError):
        with_retries(lambda c: provider.narrate(NarrationRequest(TEXT, 9.0), c), calls.ctx())
    assert elevenlabs_emulator.speech_creations == 1


def test_elevenlabs_429_on_speech_says_rate_limit_and_is_sent_again(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    from tests.emulators.base import Reply

    busy = Reply(429, {"detail": {"status": "too_many_concurrent_requests",
                                  "message": "Too many concurrent requests"}},
                 headers={"Retry-After": "0"})
    elevenlabs_emulator.history_fails = 404  # the history must play no part
    elevenlabs_emulator.fail_next("/with-timestamps$", busy, times=2)
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    result: MediaResult = with_retries(
        lambda c: provider.narrate(NarrationRequest(TEXT, 9.0), c), calls.ctx())
    assert result.path.is_file() and elevenlabs_emulator.speech_creations == 1

    elevenlabs_emulator.fail_next("/with-timestamps$", busy, times=10)
    with pytest.raises(RateLimitedError) as info:
        with_retries(lambda c: provider.narrate(NarrationRequest(TEXT, 9.0), c), calls.ctx())
    assert "rate limited (HTTP 429)" in str(info.value) and "404" not in str(info.value)


def test_elevenlabs_corrupt_speech_with_history_failing_stays_journalled(
        elevenlabs_emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    elevenlabs_emulator.corrupt_next = 1
    elevenlabs_emulator.history_fails = 403
    provider = ElevenLabsNarrator(elevenlabs_emulator.api_key, elevenlabs_emulator.base_url)
    with pytest.raises(DownloadFailedError) as info:
        run(provider.narrate(NarrationRequest(TEXT, 9.0), calls.ctx()))
    assert info.value.retryable, "retryable: the journal entry is kept, nothing re-bought"
    assert elevenlabs_emulator.speech_creations == 1


# --------------------------------------------------------------------------- deadlines
def test_hung_sound_effect_is_not_sent_again(elevenlabs_emulator: ElevenLabsEmulator,
                                             calls: Recorder, tmp_path: Path) -> None:
    elevenlabs_emulator.reply_delay = 1.0
    provider = ElevenLabsSoundDesigner(elevenlabs_emulator.api_key,
                                       elevenlabs_emulator.base_url, timeout=0.3)
    replies = tmp_path / "replies"
    replies.mkdir()
    ctx = calls.ctx()
    ctx.reply_dir = replies
    with pytest.raises(UnknownOutcomeError) as info:
        with_retries(lambda c: provider.generate_sound(SoundRequest("surf", 2.0), c), ctx)
    assert info.value.final and "not sent again" in str(info.value)
    assert elevenlabs_emulator.sound_creations == 1
    elevenlabs_emulator.reply_delay = 0.0
    # The next run finds the marker: still unknown, still not bought again.
    rerun = calls.ctx()
    rerun.reply_dir = replies
    with pytest.raises(UnknownOutcomeError):
        run(provider.generate_sound(SoundRequest("surf", 2.0), rerun))
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
    with pytest.raises(UnknownOutcomeError) as info:
        with_retries(lambda c: provider.generate_image(request, c), calls.ctx())
    assert info.value.final and info.value.possible_cost
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


async def _close(provider: object) -> None:
    """Close a provider's client now, on this loop: left to the collector, Gemini's client
    schedules its own closing as a task that outlives the test's loop."""
    close = getattr(provider, "aclose", None)
    if close is not None:
        await close()


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
            try:
                await provider.check()
            finally:
                await _close(provider)

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
            await _close(provider)
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


# --------------------------------------------------------------------- planning is journalled
def _planner(name: str, claude: AnthropicEmulator, gemini: GeminiEmulator,
             timeout: float = 30.0) -> tuple[Any, Any]:
    if name == "claude":
        return ClaudePlanner(claude.api_key, claude.base_url, timeout=timeout), claude
    return GeminiPlanner(gemini.api_key, gemini.base_url, timeout=timeout), gemini


def _paid_plan(planner: Any, journal: Any, spent: list[tuple[float, bool]],
               resend: bool = False) -> Any:
    from vidstudio.core.models import Settings
    from vidstudio.jobs.budget import Budget
    from vidstudio.jobs.planning import paid_plan
    from vidstudio.providers.pricing import PriceList

    script = "The lighthouse keeper climbs the stairs.\n\nWaves break on the rocks below."
    return paid_plan(script, planner, Settings(), RetryPolicy(attempts=3, base_delay=0.01),
                     PriceList.load(), Budget(), journal=journal, resend_unknown=resend,
                     on_spent=lambda amount, twice: spent.append((amount, twice)))


@pytest.mark.parametrize("name", ["claude", "gemini"])
def test_a_plan_without_an_answer_is_never_asked_again_without_consent(
        name: str, anthropic_emulator: AnthropicEmulator, gemini_emulator: GeminiEmulator,
        tmp_path: Path) -> None:
    """The plan request is journalled before it is sent: an answer that never came (here a
    timeout; a kill in tests/e2e) is an unknown outcome, not asked again by the retry nor by
    the next run; with consent it is asked again and said to be possibly paid twice."""
    from vidstudio.storage.journal import Journal

    journal = Journal(tmp_path / "journal.jsonl")
    spent: list[tuple[float, bool]] = []
    planner, service = _planner(name, anthropic_emulator, gemini_emulator, timeout=0.5)
    service.reply_delay = 1.5  # made and billed; the answer comes too late

    async def go() -> Any:
        try:
            with pytest.raises(UnknownOutcomeError, match="the plan is an unknown outcome"):
                await _paid_plan(planner, journal, spent)  # the retry does not re-send
            service.reply_delay = 0.0
            with pytest.raises(UnknownOutcomeError) as again:  # the next run neither
                await _paid_plan(planner, journal, spent)
            assert service.billed_calls == 1
            assert "$" in str(again.value) and "--resend-unknown" in str(again.value)
            entry, = journal.entries()
            assert entry.unknown and entry.possible_cost >= service.billed > 0
            paid = await _paid_plan(planner, journal, spent, resend=True)
            assert service.billed_calls == 2
            await asyncio.to_thread(paid.done)
            return paid
        finally:
            service.reply_delay = 0.0
            await _close(planner)

    paid = asyncio.run(go())
    assert journal.entries() == []
    assert spent == [(pytest.approx(paid.cost), True)], "only the answered call is spent"


@pytest.mark.parametrize("name", ["claude", "gemini"])
def test_a_plan_paid_for_before_a_crash_is_used_not_bought_again(
        name: str, anthropic_emulator: AnthropicEmulator, gemini_emulator: GeminiEmulator,
        tmp_path: Path) -> None:
    """The paid answer is kept as it arrives: a run that died before saving the plan leaves
    it, and the next run uses it, entering its cost (what the service billed) once."""
    from vidstudio.storage.journal import Journal

    journal = Journal(tmp_path / "journal.jsonl")
    spent: list[tuple[float, bool]] = []
    planner, service = _planner(name, anthropic_emulator, gemini_emulator)

    async def go() -> tuple[Any, Any]:
        try:
            first = await _paid_plan(planner, journal, [])  # died before done()
            second = await _paid_plan(planner, journal, spent)
            return first, second
        finally:
            await _close(planner)

    first, second = asyncio.run(go())
    assert service.billed_calls == 1
    assert second.plan == first.plan
    assert spent == [(pytest.approx(service.billed), False)]
    assert first.cost == pytest.approx(service.billed)


@pytest.mark.parametrize("name", ["claude", "gemini"])
def test_a_refused_plan_request_is_sent_again_and_its_answer_kept(
        name: str, anthropic_emulator: AnthropicEmulator, gemini_emulator: GeminiEmulator,
        tmp_path: Path) -> None:
    """An overloaded answer (503/529) proves nothing was made: the retry sends the plan
    request again, and the answer is still kept for a crash before the plan is saved."""
    from tests.emulators import anthropic_emulator as claude_wire
    from tests.emulators import gemini_emulator as gemini_wire
    from vidstudio.storage.journal import Journal

    journal = Journal(tmp_path / "journal.jsonl")
    planner, service = _planner(name, anthropic_emulator, gemini_emulator)
    if name == "claude":
        service.fail_next(r"/v1/messages$", claude_wire.error_reply(529))
    else:
        service.fail_next(r":generateContent$", gemini_wire.error_reply(503, "overloaded"))
    spent: list[tuple[float, bool]] = []

    async def go() -> Any:
        try:
            return await _paid_plan(planner, journal, spent)
        finally:
            await _close(planner)

    paid = asyncio.run(go())
    assert service.billed_calls == 1 and len(service.requests) >= 2
    entry, = journal.entries()  # until the plan is saved
    assert (journal.reply_dir(entry.key) / "plan.json").is_file()
    assert spent == [(pytest.approx(service.billed), False)]
    paid.done()
    assert journal.entries() == []
