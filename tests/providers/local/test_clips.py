"""LocalVideoGenerator: exact clips, parallax moves, animated weather, clean cancellation."""

from __future__ import annotations

import asyncio
import itertools
import os
import warnings
from dataclasses import replace
from typing import TYPE_CHECKING

import av
import numpy as np
import pytest
from PIL import Image

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.media.ffmpeg import probe
from vidstudio.providers.base import (
    CallContext,
    ClipRequest,
    EnvironmentSpec,
    GenerationFailedError,
    ImageRequest,
    InvalidRequestError,
    Keyframe,
    VideoGenerator,
)
from vidstudio.providers.local import clips
from vidstudio.providers.local.clips import LocalVideoGenerator, plan_clip
from vidstudio.providers.local.images import LocalImageGenerator
from vidstudio.providers.local.paint.animate import release, render_frames, render_into

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

W, H, FPS = 320, 180, 12


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def env(weather: str = "clear", setting: str = "coast", time: str = "day") -> EnvironmentSpec:
    return EnvironmentSpec(
        name="Point",
        setting=setting,
        weather=Weather(weather),
        time_of_day=TimeOfDay(time),
        key_objects=("lighthouse",),
    )


def keyframes(
    folder: Path, spec: EnvironmentSpec, camera: CameraMove, seeds: tuple[int, int] = (0, 0)
) -> tuple[Keyframe, Keyframe]:
    provider = LocalImageGenerator()
    out = []
    for frame, seed in zip(("first", "last"), seeds, strict=True):
        result = run(
            provider.generate_image(
                ImageRequest(
                    prompt="",
                    width=W,
                    height=H,
                    environment=spec,
                    purpose="keyframe",
                    camera=camera,
                    shot_type=ShotType.WIDE,
                    frame=frame,
                ),  # type: ignore[arg-type]
                CallContext(work_dir=folder, seed=seed),
            )
        )
        out.append(Keyframe(result.path, result.extra_files, metadata=result.metadata))
    return out[0], out[1]


def clip_request(
    spec: EnvironmentSpec,
    camera: CameraMove,
    first: Keyframe | None,
    last: Keyframe | None,
    duration: int = 2,
) -> ClipRequest:
    return ClipRequest(
        prompt="shot",
        duration=duration,
        width=W,
        height=H,
        fps=FPS,
        camera=camera,
        environment=spec,
        first_frame=first,
        last_frame=last,
    )


def decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)]


def motion(frames: list[np.ndarray]) -> float:
    return float(np.mean([np.abs(a - b).mean() for a, b in itertools.pairwise(frames)]))


@pytest.fixture
def coast_static(tmp_path: Path) -> Iterator[tuple[Keyframe, Keyframe]]:
    return keyframes(tmp_path, env(), CameraMove.STATIC)


def test_is_a_video_generator() -> None:
    assert isinstance(LocalVideoGenerator(), VideoGenerator)


def test_clip_has_exact_frames_size_and_duration(tmp_path: Path) -> None:
    spec = env("rain")
    first, last = keyframes(tmp_path, spec, CameraMove.PUSH_IN)
    progress: list[float] = []
    ctx = CallContext(work_dir=tmp_path, progress=lambda f, _m: progress.append(f))
    result = run(
        LocalVideoGenerator().generate_clip(
            clip_request(spec, CameraMove.PUSH_IN, first, last, duration=2), ctx
        )
    )
    info = probe(result.path)
    assert info.video is not None and info.audio is None
    assert (info.video.codec, info.video.width, info.video.height) == ("h264", W, H)
    assert abs(info.duration - 2.0) < 0.01
    with av.open(str(result.path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert sum(1 for _ in container.decode(video=0)) == 2 * FPS
    assert result.metadata["mode"] == "parallax" and result.metadata["weather"] == "rain"
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name] == []


def test_clip_starts_and_ends_on_its_keyframes(tmp_path: Path) -> None:
    spec = env()
    first, last = keyframes(tmp_path, spec, CameraMove.PAN_RIGHT)
    result = run(
        LocalVideoGenerator().generate_clip(
            clip_request(spec, CameraMove.PAN_RIGHT, first, last), CallContext(work_dir=tmp_path)
        )
    )
    frames = decode(result.path)
    a = np.asarray(Image.open(first.path).convert("RGB"), np.float32)
    b = np.asarray(Image.open(last.path).convert("RGB"), np.float32)
    assert np.abs(frames[0] - a).mean() < 6 < np.abs(frames[0] - b).mean()
    assert np.abs(frames[-1] - b).mean() < 6 < np.abs(frames[-1] - a).mean()


def rendered(request: ClipRequest, key: str) -> list[np.ndarray]:
    """The clip's frames straight from the renderer (no encoder noise)."""
    job = plan_clip(request, key)
    assert job is not None
    data = render_frames(job, 0, job.frames)
    release(job)
    frames = np.frombuffer(data, np.uint8).reshape(job.frames, H, W, 3).astype(np.float32)
    return list(frames)


def test_rain_moves_more_than_a_clear_static_shot(
    tmp_path: Path, coast_static: tuple[Keyframe, Keyframe]
) -> None:
    calm = motion(rendered(clip_request(env(), CameraMove.STATIC, *coast_static), "clear"))
    spec = env("rain")
    first, last = keyframes(tmp_path, spec, CameraMove.STATIC)
    wet = motion(rendered(clip_request(spec, CameraMove.STATIC, first, last), "rain"))
    assert wet > 2 * calm
    assert calm > 0.0  # a held shot still breathes


def test_static_shot_is_alive_but_calm(
    tmp_path: Path, coast_static: tuple[Keyframe, Keyframe]
) -> None:
    request = clip_request(env(), CameraMove.STATIC, *coast_static)
    job = plan_clip(request, "static-job")
    assert job is not None and job.life
    frames = rendered(request, "static")
    assert 0.0 < np.abs(frames[0] - frames[-1]).mean() < 8.0


def test_frames_are_deterministic(tmp_path: Path) -> None:
    spec = env("snow", "arctic")
    first, last = keyframes(tmp_path, spec, CameraMove.ORBIT_LEFT)
    request = clip_request(spec, CameraMove.ORBIT_LEFT, first, last)
    a = render_frames(plan_clip(request, "a"), 0, 8)  # type: ignore[arg-type]
    b = render_frames(plan_clip(request, "b"), 0, 8)  # type: ignore[arg-type]
    assert a == b


def test_storm_flashes(tmp_path: Path) -> None:
    spec = env("storm", "coast", "night")
    first, last = keyframes(tmp_path, spec, CameraMove.STATIC)
    job = plan_clip(clip_request(spec, CameraMove.STATIC, first, last, duration=4), "storm")
    assert job is not None
    data = render_frames(job, 0, job.frames)
    frames = np.frombuffer(data, np.uint8).reshape(job.frames, H, W, 3)
    brightness = frames.reshape(job.frames, -1).mean(1)
    assert brightness.max() > 1.3 * np.median(brightness)


def test_two_worlds_crossfade(tmp_path: Path) -> None:
    spec = env()
    first, last = keyframes(tmp_path, spec, CameraMove.MOVE_LEFT, seeds=(0, 9))
    assert first.metadata["world_id"] != last.metadata["world_id"]
    result = run(
        LocalVideoGenerator().generate_clip(
            clip_request(spec, CameraMove.MOVE_LEFT, first, last), CallContext(work_dir=tmp_path)
        )
    )
    assert result.metadata["crossfade"] is True
    frames = decode(result.path)
    b = np.asarray(Image.open(last.path).convert("RGB"), np.float32)
    assert np.abs(frames[-1] - b).mean() < 6


def test_plain_pictures_get_a_ken_burns_move_and_crossfade(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    pics = []
    for name, colour in (("a.png", (200, 60, 40)), ("b.png", (40, 80, 200))):
        arr = np.clip(np.array(colour) + rng.normal(0, 25, (400, 640, 3)), 0, 255)
        Image.fromarray(arr.astype(np.uint8)).save(tmp_path / name)
        pics.append(Keyframe(tmp_path / name))
    result = run(
        LocalVideoGenerator().generate_clip(
            clip_request(env(), CameraMove.ZOOM_IN, pics[0], pics[1]),
            CallContext(work_dir=tmp_path),
        )
    )
    assert result.metadata["mode"] == "ken-burns"
    frames = decode(result.path)
    assert len(frames) == 2 * FPS
    assert frames[0][..., 0].mean() > frames[0][..., 2].mean()  # starts on the red picture
    assert frames[-1][..., 2].mean() > frames[-1][..., 0].mean()  # ends on the blue one


def test_missing_keyframes_are_painted(tmp_path: Path) -> None:
    result = run(
        LocalVideoGenerator().generate_clip(
            clip_request(env("fog", "forest"), CameraMove.CRANE_UP, None, None, duration=1),
            CallContext(work_dir=tmp_path),
        )
    )
    assert len(decode(result.path)) == FPS
    assert result.metadata["mode"] == "parallax"


def test_rejects_odd_sizes(tmp_path: Path) -> None:
    request = ClipRequest(
        prompt="",
        duration=1,
        width=321,
        height=180,
        fps=FPS,
        camera=CameraMove.STATIC,
        environment=env(),
        first_frame=None,
        last_frame=None,
    )
    with pytest.raises(InvalidRequestError):
        run(LocalVideoGenerator().generate_clip(request, CallContext(work_dir=tmp_path)))


def test_ffmpeg_failure_is_a_generation_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, coast_static: tuple[Keyframe, Keyframe]
) -> None:
    monkeypatch.setattr(clips, "ffmpeg_exe", lambda: "/bin/false")
    with pytest.raises(GenerationFailedError):
        run(
            LocalVideoGenerator().generate_clip(
                clip_request(env(), CameraMove.STATIC, *coast_static),
                CallContext(work_dir=tmp_path),
            )
        )
    assert not list(tmp_path.glob("*.mp4")) and not list(tmp_path.glob(".*.mp4"))


def test_cancelling_kills_ffmpeg_and_leaves_no_file(
    tmp_path: Path, coast_static: tuple[Keyframe, Keyframe]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    async def cancel_midway() -> None:
        started = asyncio.Event()
        ctx = CallContext(work_dir=out_dir, progress=lambda f, _m: started.set() if f > 0 else None)
        task = asyncio.create_task(
            LocalVideoGenerator().generate_clip(
                clip_request(env(), CameraMove.STATIC, *coast_static, duration=20), ctx
            )
        )
        await asyncio.wait_for(started.wait(), 30)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    open_before = set(os.listdir("/proc/self/fd"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        run(cancel_midway())
    assert list(out_dir.iterdir()) == []
    # The frame buffer and the socket to ffmpeg are closed by us, not left to the collector.
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert set(os.listdir("/proc/self/fd")) <= open_before


def test_renders_in_a_process_pool(tmp_path: Path, coast_static: tuple[Keyframe, Keyframe]) -> None:
    from concurrent.futures import ProcessPoolExecutor

    async def render() -> Path:
        with ProcessPoolExecutor(max_workers=2) as pool:
            result = await LocalVideoGenerator(executor=pool).generate_clip(
                clip_request(env(), CameraMove.STATIC, *coast_static, duration=1),
                CallContext(work_dir=tmp_path),
            )
            return result.path

    frames = decode(run(render()))
    assert len(frames) == FPS
    direct = rendered(clip_request(env(), CameraMove.STATIC, *coast_static, duration=1), "pool")
    assert np.abs(frames[0] - direct[0]).mean() < 4  # same picture, up to the encoder


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_pool_workers_write_frames_into_the_shared_buffer(
    tmp_path: Path, coast_static: tuple[Keyframe, Keyframe], method: str
) -> None:
    """The frames a pool worker renders reach ffmpeg through the memory file, not the pool's
    result pipe: what the worker returns is a frame count."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from vidstudio.providers.local.paint.frameops import frame_bytes

    request = clip_request(env("rain"), CameraMove.PUSH_IN, *coast_static, duration=1)
    job = plan_clip(request, "buffer")
    assert job is not None
    size = frame_bytes(W, H)  # RGB plus a byte ffmpeg skips (rgb0)
    buffer = clips._FrameBuffer(4 * size)
    try:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method)) as pool:
            count = pool.submit(
                render_into, job, 3, 2, buffer.target, buffer.identity, size
            ).result()
        assert count == 2
        written = os.pread(buffer.file.fileno(), 4 * size, 0)
    finally:
        buffer.close()
    assert written[:size] == bytes(size)  # nothing before the offset it was given
    frames = np.frombuffer(written[size:3 * size], np.uint8).reshape(2, H, W, 4)
    assert frames[..., :3].tobytes() == render_frames(job, 3, 2)
    assert written[3 * size:] == bytes(size)


def test_a_late_render_never_writes_into_a_reused_descriptor(tmp_path: Path) -> None:
    """A render of a cancelled clip that starts after its buffer was closed must not write
    into whatever file now holds the buffer's descriptor number."""
    first = Image.new("RGB", (W, H), (40, 90, 160))
    first.save(tmp_path / "first.png")
    job = plan_clip(
        clip_request(env(), CameraMove.STATIC, Keyframe(tmp_path / "first.png"), None), "late"
    )
    assert job is not None
    old = clips._FrameBuffer(W * H * 3)
    target, identity = old.target, old.identity
    old.close()
    # The descriptor number is free again; the next file opened takes it.
    other = tmp_path / "project.json"
    other.write_bytes(b"{}")
    fd = os.open(other, os.O_RDWR)
    try:
        assert target.endswith(f"/fd/{fd}")
        with pytest.raises(FileNotFoundError):
            render_into(job, 0, 1, target, identity, 0)
    finally:
        os.close(fd)
    assert other.read_bytes() == b"{}"


def test_cells_skip_the_empty_and_copy_the_solid() -> None:
    """A piece's see-through boxes, solid boxes and nothing where it is empty, covering every
    pixel that has content exactly once."""
    from vidstudio.providers.local.paint.planes import CELL as _CELL
    from vidstudio.providers.local.paint.planes import cells as _cells

    w, h = 7 * _CELL + 5, 3 * _CELL + 9
    alpha = np.zeros((h, w), np.uint8)
    alpha[_CELL:, :] = 255  # a solid band at the bottom
    alpha[_CELL: _CELL + 3, 2 * _CELL:3 * _CELL] = 128  # a soft edge inside it
    alpha[5:9, 4 * _CELL + 1] = 40  # a speck in the empty top band
    rgba = np.zeros((h, w, 4), np.uint8)
    rgba[..., 3] = alpha
    parts = _cells(Image.fromarray(rgba), opaque=False)
    drawn = np.zeros((h, w), np.int32)
    for image, solid, boxes in parts:
        assert boxes is not None
        assert image.mode == "RGBA"  # solid boxes are copied from it without a mask
        for x0, y0, x1, y1 in boxes:
            drawn[y0:y1, x0:x1] += 1
            if solid:
                assert (alpha[y0:y1, x0:x1] == 255).all()
    assert (drawn <= 1).all()
    assert (drawn[alpha > 0] == 1).all()
    # The empty cells of the top band are not drawn at all.
    assert drawn[:_CELL].sum() == _CELL * _CELL


def test_cells_draw_the_same_frames_as_whole_pieces(
    tmp_path: Path, coast_static: tuple[Keyframe, Keyframe]
) -> None:
    from vidstudio.providers.local.paint.animate import ClipRenderer

    first, last = keyframes(tmp_path, env("rain"), CameraMove.PUSH_IN)
    job = plan_clip(clip_request(env("rain"), CameraMove.PUSH_IN, first, last), "cells")
    assert job is not None
    renderer = ClipRenderer(job)
    whole = ClipRenderer(job)
    for plane in whole.start.planes:
        # Each see-through piece drawn whole through its alpha, as before cells existed.
        plane.pieces = [
            replace(piece, cells=None)
            for piece in plane.pieces
            if not (piece.opaque and piece.cells is not None)
        ]
    assert any(p.cells for plane in renderer.start.planes for p in plane.pieces)
    for index in (0, job.frames // 2, job.frames - 1):
        a = np.asarray(renderer.frame(index), np.int16)
        b = np.asarray(whole.frame(index), np.int16)
        # Only nearest-neighbour picks may differ, where a box's own sampling grid rounds
        # the other way than the whole piece's did: a row or a column here and there.
        assert (np.abs(a - b).max(axis=2) > 8).mean() < 0.01
        assert np.abs(a - b).mean() < 0.5
