"""FalStyleTrainer, FalKeyframeGenerator and FalUploadHost against the fal emulator.

fal-client cannot be pointed at another host (see vidstudio/providers/fal/_queue.py), so these
providers speak fal's queue/storage wire protocol with httpx; the emulator checks that protocol.
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from PIL import Image

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.emulators import media  # noqa: E402
from tests.emulators.base import Reply  # noqa: E402
from tests.emulators.fal_emulator import IMAGE_APP, TRAINING_APP, FalEmulator  # noqa: E402
from tests.providers.conftest_media import ENVIRONMENT, Recorder, run  # noqa: E402
from vidstudio.core.vocabulary import ShotType  # noqa: E402
from vidstudio.providers.base import (  # noqa: E402
    AuthenticationError,
    BadOutputError,
    ContentRefusedError,
    GenerationFailedError,
    ImageGenerator,
    ImageRequest,
    InvalidRequestError,
    MediaResult,
    NotConfiguredError,
    ProviderError,
    ProviderTimeoutError,
    RateLimitedError,
    ServiceUnavailableError,
    StyleRequest,
    StyleTrainer,
    UnknownOutcomeError,
    UploadHost,
)
from vidstudio.providers.fal import (  # noqa: E402
    FalKeyframeGenerator,
    FalStyleTrainer,
    FalUploadHost,
)
from vidstudio.providers.http_common import inspect_media  # noqa: E402

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

pytest_plugins = ["tests.providers.conftest_media"]

FAST = {"poll_interval": 0.01, "max_poll_interval": 0.02}


def trainer(emu: FalEmulator, **kwargs: Any) -> FalStyleTrainer:
    return FalStyleTrainer(kwargs.pop("api_key", emu.api_key), emu.base_url,
                           **{**FAST, "steps": 500, **kwargs})


def keyframer(emu: FalEmulator, **kwargs: Any) -> FalKeyframeGenerator:
    return FalKeyframeGenerator(kwargs.pop("api_key", emu.api_key), emu.base_url,
                                **{**FAST, **kwargs})


def keyframe_request(style: dict[str, Any] | None = None) -> ImageRequest:
    return ImageRequest(prompt="the lighthouse beam sweeps the fog", width=320, height=180,
                        environment=ENVIRONMENT, purpose="keyframe",
                        shot_type=ShotType.WIDE, action="a boat passes", frame="last",
                        style_metadata=style or {})


# ------------------------------------------------------------------------------ training
def test_training_uploads_a_zip_and_downloads_the_lora(
        fal_emulator: FalEmulator, calls: Recorder,
        environment_images: tuple[Path, ...]) -> None:
    provider = trainer(fal_emulator)
    assert isinstance(provider, StyleTrainer)
    request = StyleRequest(ENVIRONMENT, environment_images, trigger_word="LHSTYLE")
    result = run(provider.train_style(request, calls.ctx()))

    body = fal_emulator.requests_to("^/" + TRAINING_APP + "$", "POST")[0].json()
    assert body["trigger_word"] == "LHSTYLE"
    assert body["steps"] == 500
    assert body["is_style"] is True
    zip_name = body["images_data_url"].split("/files/", 1)[1]
    with zipfile.ZipFile(io.BytesIO(fal_emulator.files[zip_name])) as archive:
        assert len(archive.namelist()) == 4
    upload = fal_emulator.requests_to("^/files/upload$", "POST")[0]
    assert upload.headers["authorization"].startswith("Bearer ")
    assert upload.headers["x-fal-file-name"] == "images.zip"
    assert fal_emulator.requests_to("^/" + TRAINING_APP)[0].headers["authorization"] == \
        f"Key {fal_emulator.api_key}"

    assert result.remote_id == calls.remembered[0]
    assert result.metadata["lora_url"].startswith(fal_emulator.base_url + "/files/")
    assert result.metadata["trigger_word"] == "LHSTYLE"
    assert inspect_media(str(result.path), "safetensors")["tensors"] == 2
    assert result.cost == pytest.approx(1.0)
    assert not (result.path.parent / "images.zip").exists()


def test_blocking_work_runs_in_a_process_pool(fal_emulator: FalEmulator, calls: Recorder,
                                              environment_images: tuple[Path, ...],
                                              process_pool: ProcessPoolExecutor) -> None:
    style = run(trainer(fal_emulator, executor=process_pool).train_style(
        StyleRequest(ENVIRONMENT, environment_images, "LHSTYLE"), calls.ctx()))
    frame = run(keyframer(fal_emulator, executor=process_pool).generate_image(
        keyframe_request(style.metadata), calls.ctx()))
    with Image.open(frame.path) as img:
        assert img.size == (320, 180)


def test_cancelled_training_resumes_without_a_second_submission(
        fal_emulator: FalEmulator, calls: Recorder,
        environment_images: tuple[Path, ...]) -> None:
    fal_emulator.progress_polls = 1_000_000
    provider = trainer(fal_emulator)
    request = StyleRequest(ENVIRONMENT, environment_images, trigger_word="LHSTYLE")

    async def scenario() -> MediaResult:
        task = asyncio.create_task(provider.train_style(request, calls.ctx()))
        await calls.first_remembered()
        await asyncio.sleep(0.03)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        fal_emulator.progress_polls = 1
        return await provider.train_style(request, calls.ctx(resume=calls.remembered[0]))

    result = run(scenario())
    assert fal_emulator.submissions == {TRAINING_APP: 1}
    assert len(fal_emulator.requests_to("^/files/upload$")) == 1  # no second upload either
    assert result.remote_id == calls.remembered[0]
    assert result.path.is_file()


def test_training_needs_a_trigger_word_and_images(fal_emulator: FalEmulator,
                                                  calls: Recorder, tmp_path: Path) -> None:
    with pytest.raises(InvalidRequestError, match="trigger word"):
        run(trainer(fal_emulator).train_style(StyleRequest(ENVIRONMENT, (), " "),
                                              calls.ctx()))
    notes = tmp_path / "notes.txt"
    notes.write_text("not an image")
    with pytest.raises(InvalidRequestError, match="no PNG"):
        run(trainer(fal_emulator).train_style(StyleRequest(ENVIRONMENT, (notes,), "X"),
                                              calls.ctx()))
    assert fal_emulator.requests == []


def test_training_the_service_fails(fal_emulator: FalEmulator, calls: Recorder,
                                    environment_images: tuple[Path, ...]) -> None:
    request = StyleRequest(ENVIRONMENT, environment_images[:1], trigger_word="LHSTYLE")
    with pytest.raises(GenerationFailedError, match="at least 2 images"):
        run(trainer(fal_emulator).train_style(request, calls.ctx()))
    assert calls.remembered


# ----------------------------------------------------------------------------- keyframes
def test_keyframe_uses_the_lora_and_is_exactly_the_requested_size(
        fal_emulator: FalEmulator, calls: Recorder) -> None:
    lora_url = fal_emulator.store("lora/style.safetensors", media.safetensors())
    provider = keyframer(fal_emulator, lora_scale=0.8)
    assert isinstance(provider, ImageGenerator)
    result = run(provider.generate_image(
        keyframe_request({"lora_url": lora_url, "trigger_word": "LHSTYLE"}), calls.ctx()))

    body = fal_emulator.requests_to("^/" + IMAGE_APP + "$", "POST")[0].json()
    assert body["loras"] == [{"path": lora_url, "scale": 0.8}]
    assert body["prompt"].startswith("LHSTYLE style.")
    assert "wide shot" in body["prompt"] and "after: a boat passes" in body["prompt"]
    assert body["image_size"] == {"width": 448, "height": 256}
    assert body["seed"] == 7
    with Image.open(result.path) as img:
        assert (img.format, img.size) == ("PNG", (320, 180))
    assert result.remote_id == calls.remembered[0]
    assert result.metadata["lora_url"] == lora_url
    assert result.cost == pytest.approx(0.035)
    assert "notice" not in result.metadata


def test_keyframe_without_a_style_says_so(fal_emulator: FalEmulator,
                                          calls: Recorder) -> None:
    result = run(keyframer(fal_emulator).generate_image(keyframe_request(), calls.ctx()))
    body = fal_emulator.requests_to("^/" + IMAGE_APP + "$", "POST")[0].json()
    assert body["loras"] == []
    assert "no trained LoRA" in result.metadata["notice"]


def test_unreachable_lora_without_a_copy_stops_before_paying(fal_emulator: FalEmulator,
                                                             calls: Recorder) -> None:
    style = {"lora_url": fal_emulator.base_url + "/files/missing.safetensors"}
    with pytest.raises(NotConfiguredError, match=r"training it again costs about \$2.00"):
        run(keyframer(fal_emulator).generate_image(keyframe_request(style), calls.ctx()))
    assert fal_emulator.submissions == {}, "nothing was queued (nothing paid)"


def test_flagged_image_is_content_refused(fal_emulator: FalEmulator,
                                          calls: Recorder) -> None:
    fal_emulator.nsfw = True
    with pytest.raises(ContentRefusedError, match="safety checker"):
        run(keyframer(fal_emulator).generate_image(keyframe_request(), calls.ctx()))


# ---------------------------------------------------------------------------- upload host
def test_upload_host_returns_a_url_serving_the_file(fal_emulator: FalEmulator,
                                                    frame_files: tuple[Path, Path]) -> None:
    host = FalUploadHost(fal_emulator.api_key, fal_emulator.base_url)
    assert isinstance(host, UploadHost)

    async def scenario() -> tuple[str, str]:
        first = await host.upload(frame_files[0], "image/png")
        second = await host.upload(frame_files[1], "image/png")
        return first, second

    first, second = run(scenario())
    assert first != second
    assert httpx.get(first).content == frame_files[0].read_bytes()
    assert fal_emulator.requests_to("^/files/upload$")[0].headers["content-type"] == "image/png"
    assert len(fal_emulator.requests_to("^/storage/auth/token$")) == 1  # the token is reused


def test_upload_of_a_missing_file_is_invalid(fal_emulator: FalEmulator, tmp_path: Path) -> None:
    host = FalUploadHost(fal_emulator.api_key, fal_emulator.base_url)
    with pytest.raises(InvalidRequestError, match="cannot read"):
        run(host.upload(tmp_path / "nope.png", "image/png"))


# ------------------------------------------------------------------------------ failures
@pytest.fixture(params=["training", "keyframe", "upload"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def attempt(kind: str, emu: FalEmulator, calls: Recorder, images: tuple[Path, ...],
            **kwargs: Any) -> ProviderError:
    coro: Any
    if kind == "training":
        coro = trainer(emu, **kwargs).train_style(StyleRequest(ENVIRONMENT, images, "LHSTYLE"),
                                                  calls.ctx())
    elif kind == "keyframe":
        coro = keyframer(emu, **kwargs).generate_image(keyframe_request(), calls.ctx())
    else:
        host = FalUploadHost(kwargs.pop("api_key", emu.api_key), emu.base_url, **kwargs)
        coro = host.upload(images[0], "image/png")
    with pytest.raises(ProviderError) as info:
        run(coro)
    return info.value


# The first request each kind makes: a storage token (training, upload) or a submission.
FIRST = r"^/(storage/auth/token|fal-ai/flux-lora)$"


def test_wrong_key_is_authentication_error_without_the_key(
        kind: str, fal_emulator: FalEmulator, calls: Recorder,
        environment_images: tuple[Path, ...]) -> None:
    wrong = "wrong-id:wrong-secret-0123456789"
    error = attempt(kind, fal_emulator, calls, environment_images, api_key=wrong)
    assert isinstance(error, AuthenticationError)
    assert "Invalid key" in str(error)
    assert wrong not in str(error) and "wrong-secret" not in str(error)


def test_rate_limit_carries_retry_after(kind: str, fal_emulator: FalEmulator,
                                        calls: Recorder,
                                        environment_images: tuple[Path, ...]) -> None:
    fal_emulator.fail_next(FIRST, Reply(429, {"detail": "Rate limit exceeded"},
                                        headers={"Retry-After": "12"}))
    error = attempt(kind, fal_emulator, calls, environment_images)
    assert isinstance(error, RateLimitedError) and error.retry_after == 12.0
    assert len(fal_emulator.requests_to(FIRST)) == 1  # no hidden retry


@pytest.mark.parametrize("status", [500, 503, 529])
def test_server_errors_are_service_unavailable(kind: str, status: int,
                                               fal_emulator: FalEmulator, calls: Recorder,
                                               environment_images: tuple[Path, ...]) -> None:
    fal_emulator.fail_next(FIRST, Reply(status, {"detail": "upstream unavailable"}))
    error = attempt(kind, fal_emulator, calls, environment_images)
    assert "upstream unavailable" in str(error)
    if kind == "keyframe" and status == 500:
        # A 500 to a submission may come after fal queued (and billed) the job.
        assert isinstance(error, UnknownOutcomeError) and error.final
    else:
        assert isinstance(error, ServiceUnavailableError) and error.retryable


def test_slow_reply_is_a_timeout(kind: str, fal_emulator: FalEmulator, calls: Recorder,
                                 environment_images: tuple[Path, ...]) -> None:
    fal_emulator.fail_next(FIRST, Reply(200, {"late": True}, delay=1.0))
    error = attempt(kind, fal_emulator, calls, environment_images, timeout=0.3)
    if kind == "keyframe":  # a submission without an answer may have been queued
        assert isinstance(error, UnknownOutcomeError) and "timed out" in str(error)
    else:
        assert isinstance(error, ProviderTimeoutError)


@pytest.mark.parametrize("job", ["training", "keyframe"])
def test_failed_job_and_corrupt_output(job: str, fal_emulator: FalEmulator,
                                       calls: Recorder,
                                       environment_images: tuple[Path, ...]) -> None:
    fal_emulator.fail_job("CUDA out of memory")
    error = attempt(job, fal_emulator, calls, environment_images)
    assert isinstance(error, GenerationFailedError) and "CUDA out of memory" in str(error)

    fal_emulator.corrupt_outputs = True
    error = attempt(job, fal_emulator, calls, environment_images)
    assert isinstance(error, BadOutputError)
    assert not list(calls.root.glob("call*/*.safetensors"))
    assert not list(calls.root.glob("call*/*.png"))


def test_job_that_never_finishes_times_out(fal_emulator: FalEmulator,
                                           calls: Recorder) -> None:
    fal_emulator.progress_polls = 1_000_000
    with pytest.raises(ProviderTimeoutError, match="keeps running"):
        run(keyframer(fal_emulator, generation_timeout=0.1).generate_image(
            keyframe_request(), calls.ctx()))
    assert calls.remembered
