"""LumaImageGenerator and LumaVideoGenerator driving the real lumaai SDK against the emulator."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.emulators.base import Reply  # noqa: E402
from tests.emulators.luma_emulator import MODERATED_WORD, PREFIX, LumaEmulator  # noqa: E402
from tests.providers.conftest_media import ENVIRONMENT, Recorder, run  # noqa: E402
from vidstudio.core.vocabulary import CameraMove, ShotType  # noqa: E402
from vidstudio.media.ffmpeg import probe  # noqa: E402
from vidstudio.providers.base import (  # noqa: E402
    AuthenticationError,
    BadOutputError,
    CallContext,
    ClipRequest,
    ContentRefusedError,
    GenerationFailedError,
    ImageGenerator,
    ImageRequest,
    InvalidRequestError,
    Keyframe,
    MediaResult,
    ProviderError,
    ProviderTimeoutError,
    RateLimitedError,
    ServiceUnavailableError,
    UnknownOutcomeError,
    VideoGenerator,
)
from vidstudio.providers.fal import FalUploadHost  # noqa: E402
from vidstudio.providers.http_common import (  # noqa: E402
    error_for_status,
    parse_retry_after,
    scrub,
    service_message,
)
from vidstudio.providers.luma import LumaImageGenerator, LumaVideoGenerator  # noqa: E402

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

    from tests.emulators.fal_emulator import FalEmulator

pytest_plugins = ["tests.providers.conftest_media"]

FAST = {"poll_interval": 0.01, "max_poll_interval": 0.02}


def video(emu: LumaEmulator, **kwargs: Any) -> LumaVideoGenerator:
    return LumaVideoGenerator(kwargs.pop("api_key", emu.api_key), emu.api_base_url,
                              **{**FAST, **kwargs})


def image(emu: LumaEmulator, **kwargs: Any) -> LumaImageGenerator:
    return LumaImageGenerator(kwargs.pop("api_key", emu.api_key), emu.api_base_url,
                              **{**FAST, **kwargs})


def clip_request(duration: int = 5, first: Path | None = None, last: Path | None = None,
                 previous: str | None = None, prompt: str = "waves break on the rocks",
                 last_metadata: dict[str, Any] | None = None) -> ClipRequest:
    return ClipRequest(
        prompt=prompt, duration=duration, width=1280, height=720, fps=24,
        camera=CameraMove.PAN_LEFT, environment=ENVIRONMENT,
        first_frame=Keyframe(first) if first else None,
        last_frame=Keyframe(last, metadata=last_metadata or {}) if last else None,
        emotions=("calm", "lonely"), previous_clip_remote_id=previous,
    )


def image_request(references: tuple[Path, ...] = (), prompt: str = "a lighthouse at dusk",
                  purpose: str = "environment") -> ImageRequest:
    return ImageRequest(prompt=prompt, width=320, height=180, environment=ENVIRONMENT,
                        purpose=purpose,  # type: ignore[arg-type]
                        shot_type=ShotType.CLOSE_UP, action="a gull lands",
                        references=references)


def fal_host(fal: FalEmulator) -> FalUploadHost:
    return FalUploadHost(fal.api_key, fal.base_url)


# ------------------------------------------------------------------------------- success
def test_clip_with_uploaded_keyframes(luma_emulator: LumaEmulator, fal_emulator: FalEmulator,
                                      calls: Recorder,
                                      frame_files: tuple[Path, Path]) -> None:
    provider = video(luma_emulator, upload_host=fal_host(fal_emulator))
    assert isinstance(provider, VideoGenerator)
    result = run(provider.generate_clip(clip_request(9, *frame_files), calls.ctx()))

    body = luma_emulator.requests_to(PREFIX + "/generations/video$", "POST")[0].json()
    assert body["model"] == "ray-2"
    assert body["duration"] == "9s"
    assert body["aspect_ratio"] == "16:9"
    assert body["resolution"] == "720p"
    assert "pans slowly to the left" in body["prompt"]
    assert "mood: calm, lonely" in body["prompt"]
    frames = body["keyframes"]
    assert frames["frame0"]["type"] == frames["frame1"]["type"] == "image"
    assert frames["frame0"]["url"].startswith(fal_emulator.base_url + "/files/")
    assert frames["frame1"]["url"] != frames["frame0"]["url"]

    info = probe(result.path)
    assert info.video is not None and info.video.codec == "h264"
    assert info.duration == pytest.approx(9.0, abs=0.2)
    assert result.remote_id == calls.remembered[0]
    assert luma_emulator.creations == 1
    assert result.cost == pytest.approx(0.0064 * 1280 * 720 * 24 * 9 / 1e6, rel=1e-3)
    assert "notice" not in result.metadata
    assert calls.progress[-1][0] == 1.0
    assert luma_emulator.api_key not in repr(result)


def test_a_second_take_of_a_clip_uploads_its_keyframes_no_more(
        luma_emulator: LumaEmulator, fal_emulator: FalEmulator, calls: Recorder,
        frame_files: tuple[Path, Path], tmp_path: Path) -> None:
    # Through the project's upload memo, a keyframe hosted for one take is found by its bytes
    # for the next take (or a rerun in another process); a changed keyframe is uploaded.
    import dataclasses

    memo = tmp_path / "cache" / "uploads.json"

    def ctx() -> Any:
        return dataclasses.replace(calls.ctx(), upload_memo=memo)

    run(video(luma_emulator, upload_host=fal_host(fal_emulator)).generate_clip(
        clip_request(5, *frame_files), ctx()))
    assert len(fal_emulator.requests_to(r"/files/upload$", "POST")) == 2
    run(video(luma_emulator, upload_host=fal_host(fal_emulator)).generate_clip(
        clip_request(5, *frame_files), ctx()))
    assert len(fal_emulator.requests_to(r"/files/upload$", "POST")) == 2
    first, second = (r.json()["keyframes"] for r in
                     luma_emulator.requests_to(PREFIX + "/generations/video$", "POST"))
    assert first == second
    Image.new("RGB", (64, 36), (200, 10, 10)).save(frame_files[1])
    run(video(luma_emulator, upload_host=fal_host(fal_emulator)).generate_clip(
        clip_request(5, *frame_files), ctx()))
    assert len(fal_emulator.requests_to(r"/files/upload$", "POST")) == 3


def test_clip_without_upload_host_is_text_only_and_says_so(
        luma_emulator: LumaEmulator, calls: Recorder,
        frame_files: tuple[Path, Path]) -> None:
    result = run(video(luma_emulator).generate_clip(clip_request(5, *frame_files),
                                                    calls.ctx()))
    body = luma_emulator.requests_to(PREFIX + "/generations/video$", "POST")[0].json()
    assert "keyframes" not in body
    assert body["duration"] == "5s"
    assert "upload host" in result.metadata["notice"]
    assert probe(result.path).duration == pytest.approx(5.0, abs=0.2)


def test_clip_chains_previous_generation_and_luma_frame_url(
        luma_emulator: LumaEmulator, calls: Recorder) -> None:
    async def scenario() -> tuple[MediaResult, MediaResult, MediaResult]:
        first = await video(luma_emulator).generate_clip(clip_request(5), calls.ctx())
        frame = await image(luma_emulator).generate_image(image_request(), calls.ctx())
        second = await video(luma_emulator).generate_clip(
            clip_request(5, last=frame.path, previous=first.remote_id,
                         last_metadata=frame.metadata),
            calls.ctx())
        return first, frame, second

    first, frame, second = run(scenario())
    body = luma_emulator.requests_to(PREFIX + "/generations/video$", "POST")[1].json()
    assert body["keyframes"]["frame0"] == {"type": "generation", "id": first.remote_id}
    assert body["keyframes"]["frame1"] == {"type": "image", "url": frame.metadata["source_url"]}
    assert "notice" not in second.metadata
    assert second.metadata["keyframes"] == {"frame0": "generation", "frame1": "image"}


def test_image_with_references_is_exactly_the_requested_size(
        luma_emulator: LumaEmulator, fal_emulator: FalEmulator, calls: Recorder,
        frame_files: tuple[Path, Path]) -> None:
    provider = image(luma_emulator, upload_host=fal_host(fal_emulator), model="photon-flash-1")
    assert isinstance(provider, ImageGenerator)
    result = run(provider.generate_image(image_request(frame_files, purpose="keyframe"),
                                         calls.ctx()))
    body = luma_emulator.requests_to(PREFIX + "/generations/image$", "POST")[0].json()
    assert body["model"] == "photon-flash-1"
    assert body["aspect_ratio"] == "16:9"
    assert len(body["style_ref"]) == 1 and len(body["image_ref"]) == 1
    assert "close-up shot" in body["prompt"]
    with Image.open(result.path) as img:
        assert (img.format, img.size) == ("PNG", (320, 180))
    assert result.remote_id == calls.remembered[0]
    assert result.metadata["source_url"].startswith(luma_emulator.base_url)
    assert result.cost > 0


def test_blocking_work_runs_in_a_process_pool(luma_emulator: LumaEmulator, calls: Recorder,
                                              process_pool: ProcessPoolExecutor) -> None:
    picture = run(image(luma_emulator, executor=process_pool).generate_image(
        image_request(), calls.ctx()))
    clip = run(video(luma_emulator, executor=process_pool).generate_clip(
        clip_request(5), calls.ctx()))
    assert picture.path.is_file() and clip.metadata["codec"] == "h264"


def test_image_without_upload_host_drops_references_with_notice(
        luma_emulator: LumaEmulator, calls: Recorder,
        frame_files: tuple[Path, Path]) -> None:
    result = run(image(luma_emulator).generate_image(image_request(frame_files),
                                                     calls.ctx()))
    body = luma_emulator.requests_to(PREFIX + "/generations/image$", "POST")[0].json()
    assert "image_ref" not in body and "style_ref" not in body
    assert "2 reference image(s)" in result.metadata["notice"]


# -------------------------------------------------------------------------------- resume
def test_cancelled_clip_resumes_without_paying_twice(luma_emulator: LumaEmulator,
                                                     calls: Recorder) -> None:
    luma_emulator.hold = True  # stays "dreaming" until released
    provider = video(luma_emulator)
    previous = "b2c7a0de-0000-4000-8000-000000000001"
    luma_emulator.generations[previous] = {"state": "completed", "generation_type": "video"}

    async def scenario() -> MediaResult:
        task = asyncio.create_task(provider.generate_clip(clip_request(5, previous=previous),
                                                          calls.ctx()))
        await calls.first_remembered()
        await asyncio.sleep(0.05)  # let it poll a few times
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        luma_emulator.hold = False
        return await provider.generate_clip(clip_request(5),
                                            calls.ctx(resume=calls.remembered[0]))

    result = run(scenario())
    assert luma_emulator.creations == 1
    assert result.remote_id == calls.remembered[0]
    assert len(calls.remembered) == 1
    assert probe(result.path).duration == pytest.approx(5.0, abs=0.2)
    assert result.metadata["keyframes"] == {"frame0": "generation"}  # as Luma recorded it


class _DiedBeforeJournalling(BaseException):
    """Stands for the process dying between Luma's answer and the journal write."""


def test_a_generation_created_but_never_journalled_is_not_adopted(luma_emulator: LumaEmulator,
                                                                  tmp_path: Path) -> None:
    from datetime import UTC, datetime

    provider = video(luma_emulator)
    marks: list[str] = []
    since = datetime.now(UTC).isoformat()

    def die(_remote_id: str) -> None:
        raise _DiedBeforeJournalling

    (tmp_path / "a").mkdir()
    first = CallContext(work_dir=tmp_path / "a", mark_submitting=lambda: marks.append("x"),
                        remember_remote_id=die)
    with pytest.raises(_DiedBeforeJournalling):
        run(provider.generate_clip(clip_request(5), first))
    assert marks == ["x"], "the submission was marked before the generation was created"
    assert luma_emulator.creations == 1

    # The next run (a new process) cannot tell it from another project's identical one.
    remembered: list[str] = []
    (tmp_path / "b").mkdir()
    second = CallContext(work_dir=tmp_path / "b", submitted_since=since,
                         remember_remote_id=remembered.append)
    with pytest.raises(UnknownOutcomeError) as info:
        run(video(luma_emulator).generate_clip(clip_request(5), second))
    assert luma_emulator.creations == 1 and remembered == []
    assert info.value.possible_cost and info.value.possible_cost > 0
    assert "--resend-unknown" in str(info.value)

    # With the user's consent it is sent again (and may be paid twice).
    second.resend_unknown = True
    result = run(video(luma_emulator).generate_clip(clip_request(5), second))
    assert luma_emulator.creations == 2 and remembered == [result.remote_id]
    assert probe(result.path).duration == pytest.approx(5.0, abs=0.2)


def test_a_marked_submission_that_never_reached_luma_is_created(luma_emulator: LumaEmulator,
                                                                tmp_path: Path) -> None:
    from datetime import UTC, datetime

    provider = video(luma_emulator)
    (tmp_path / "a").mkdir()
    ctx = CallContext(work_dir=tmp_path / "a", submitted_since=datetime.now(UTC).isoformat())
    result = run(provider.generate_clip(clip_request(5), ctx))
    assert luma_emulator.creations == 1
    assert result.remote_id


# ------------------------------------------------------------------------------ failures
@pytest.fixture(params=["video", "image"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def attempt(kind: str, emu: LumaEmulator, calls: Recorder, **kwargs: Any) -> ProviderError:
    prompt = kwargs.pop("prompt", "a quiet harbour")
    if kind == "video":
        coro = video(emu, **kwargs).generate_clip(clip_request(prompt=prompt), calls.ctx())
    else:
        coro = image(emu, **kwargs).generate_image(image_request(prompt=prompt), calls.ctx())
    with pytest.raises(ProviderError) as info:
        run(coro)
    return info.value


def test_wrong_key_is_authentication_error_without_the_key(
        kind: str, luma_emulator: LumaEmulator, calls: Recorder) -> None:
    wrong = "luma-wrong-secret-9876543210"
    error = attempt(kind, luma_emulator, calls, api_key=wrong)
    assert isinstance(error, AuthenticationError)
    assert "Invalid API key provided" in str(error)  # the service's message is kept...
    assert wrong not in str(error) and wrong not in repr(error.args)  # ...but not the key
    assert error.provider == "luma" and not error.retryable


def test_rate_limit_carries_retry_after(kind: str, luma_emulator: LumaEmulator,
                                        calls: Recorder) -> None:
    luma_emulator.fail_next(PREFIX + "/generations/(video|image)$",
                            Reply(429, {"detail": "Too many concurrent generations"},
                                  headers={"Retry-After": "7"}))
    error = attempt(kind, luma_emulator, calls)
    assert isinstance(error, RateLimitedError) and error.retryable
    assert error.retry_after == 7.0
    assert "Too many concurrent generations" in str(error)
    assert luma_emulator.creations == 0


@pytest.mark.parametrize("status", [500, 503, 529])
def test_server_errors_are_service_unavailable(kind: str, status: int,
                                               luma_emulator: LumaEmulator,
                                               calls: Recorder) -> None:
    luma_emulator.fail_next(PREFIX + "/generations/(video|image)$",
                            Reply(status, {"detail": "overloaded"}))
    error = attempt(kind, luma_emulator, calls)
    assert isinstance(error, ServiceUnavailableError) and error.retryable
    assert str(status) in str(error)


def test_error_while_polling_is_mapped(kind: str, luma_emulator: LumaEmulator,
                                       calls: Recorder) -> None:
    luma_emulator.fail_next(PREFIX + r"/generations/[0-9a-f-]{36}$",
                            Reply(503, {"detail": "try later"}, headers={"Retry-After": "2"}))
    error = attempt(kind, luma_emulator, calls)
    assert isinstance(error, ServiceUnavailableError) and error.retry_after == 2.0
    assert calls.remembered  # the paid job is journalled for a resume


def test_slow_reply_is_a_timeout(kind: str, luma_emulator: LumaEmulator,
                                 calls: Recorder) -> None:
    luma_emulator.fail_next(PREFIX + "/generations/(video|image)$",
                            Reply(201, {"detail": "late"}, delay=1.0))
    error = attempt(kind, luma_emulator, calls, timeout=0.3)
    assert isinstance(error, ProviderTimeoutError) and error.retryable


def test_generation_that_never_ends_times_out_and_stays_journalled(
        kind: str, luma_emulator: LumaEmulator, calls: Recorder) -> None:
    luma_emulator.hold = True
    error = attempt(kind, luma_emulator, calls, generation_timeout=0.1)
    assert isinstance(error, ProviderTimeoutError)
    assert calls.remembered[0] in str(error)


def test_failed_generation(kind: str, luma_emulator: LumaEmulator, calls: Recorder) -> None:
    luma_emulator.fail_generation("500: the render node ran out of memory")
    error = attempt(kind, luma_emulator, calls)
    assert isinstance(error, GenerationFailedError) and not error.retryable
    assert "ran out of memory" in str(error)


def test_moderated_prompt_is_content_refused(kind: str, luma_emulator: LumaEmulator,
                                             calls: Recorder) -> None:
    error = attempt(kind, luma_emulator, calls, prompt=f"a {MODERATED_WORD} scene")
    assert isinstance(error, ContentRefusedError)
    assert "moderation" in str(error)


def test_corrupt_download_is_bad_output(kind: str, luma_emulator: LumaEmulator,
                                        calls: Recorder) -> None:
    luma_emulator.corrupt_assets = True
    error = attempt(kind, luma_emulator, calls)
    assert isinstance(error, BadOutputError)
    assert not list(calls.root.glob("call*/*.mp4")) and not list(
        calls.root.glob("call*/*.png"))


def test_unreachable_keyframe_url_is_rejected(luma_emulator: LumaEmulator, calls: Recorder,
                                              frame_files: tuple[Path, Path]) -> None:
    class DeadHost:
        name = "dead"

        async def upload(self, path: Path, content_type: str) -> str:
            return luma_emulator.base_url + "/nowhere/" + path.name

    provider = video(luma_emulator, upload_host=DeadHost())
    with pytest.raises(InvalidRequestError, match="could not fetch"):
        run(provider.generate_clip(clip_request(5, *frame_files), calls.ctx()))
    assert luma_emulator.creations == 0


def test_unsupported_duration_is_refused_before_paying(luma_emulator: LumaEmulator,
                                                       calls: Recorder) -> None:
    with pytest.raises(InvalidRequestError, match="5 s or 9 s"):
        run(video(luma_emulator).generate_clip(clip_request(7), calls.ctx()))
    assert luma_emulator.requests == []


# ----------------------------------------------- shared HTTP helpers (providers/http_common)
def test_retry_after_forms() -> None:
    assert parse_retry_after({"Retry-After": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "1500", "Retry-After": "9"}) == 1.5
    assert parse_retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"},
                             now=1445412480.0) == pytest.approx(10.0)
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({"Retry-After": "-4"}) is None
    assert parse_retry_after({}) is None


def test_status_mapping_and_scrubbing() -> None:
    key = "sk-live-0123456789abcdef"
    cases = {401: AuthenticationError, 403: AuthenticationError, 400: InvalidRequestError,
             404: InvalidRequestError, 408: ProviderTimeoutError, 422: InvalidRequestError,
             429: RateLimitedError, 500: ServiceUnavailableError, 502: ServiceUnavailableError,
             529: ServiceUnavailableError}
    for status, cls in cases.items():
        error = error_for_status(status, f"bad key {key}", provider="x", secrets=[key])
        assert type(error) is cls and key not in str(error)
    refused = error_for_status(400, "blocked by content moderation", provider="x")
    assert isinstance(refused, ContentRefusedError)
    assert service_message({"detail": {"status": "quota_exceeded", "message": "No credits"}}) \
        == "No credits (quota_exceeded)"
    assert service_message({"detail": [{"msg": "field required"}, {"msg": "too long"}]}) \
        == "field required; too long"
    assert service_message(b'{"error": {"message": "nope"}}') == "nope"
    assert "Bearer ***" in scrub("Authorization: Bearer abcdefghijklmnop123456")
    assert scrub("the API key provided is wrong") == "the API key provided is wrong"
