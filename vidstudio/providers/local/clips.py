"""The offline video provider: an animatic of the shot, encoded to H.264 by ffmpeg.

With layered keyframes (from the offline painter) the camera moves from the first keyframe's
pose to the last one's through the layer stack, with parallax and animated weather. With plain
pictures (from a cloud image provider) the first picture gets a Ken-Burns move and crossfades
into the last one. Without keyframes, the painter paints the shot first.

Frames are rendered in chunks in the executor, composed by the renderer in place in a shared
memory file, and copied from there to ffmpeg by the kernel (sendfile) as raw RGB0; the next
chunks render while ffmpeg encodes the previous one. On a process pool the clip is prepared
once (its planes, weather and vignette, each part by one worker at once) into memory files
that every worker maps (``paint/sharing.py``) instead of each worker preparing it again.
Where the system has no memory file or no socket to hand ffmpeg (``vidstudio.osdeps``), a
temporary file and a pipe do the same.
Cancelling kills ffmpeg and removes the partial file.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import socket
import tempfile
import threading
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.vocabulary import CameraMove, ShotType
from vidstudio.media.ffmpeg import FFmpegError, ffmpeg_exe, kill_process
from vidstudio.osdeps import kernel_copy_to_socket, memory_file
from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    ClipRequest,
    GenerationFailedError,
    InvalidRequestError,
    Keyframe,
    MediaResult,
    NotConfiguredError,
    ProviderInfo,
)
from vidstudio.providers.local.clipturns import Turns, turns_here
from vidstudio.providers.local.paint.animate import (
    ClipJob,
    ImageMove,
    StackMove,
    parts_of,
    release,
    render_into,
)
from vidstudio.providers.local.paint.camera import Pose, move_poses
from vidstudio.providers.local.paint.frameops import FFMPEG_PIX_FMT, frame_bytes
from vidstudio.providers.local.paint.painter import paint_keyframe, write_keyframe
from vidstudio.providers.local.paint.world import LayerFileError, load_meta

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Executor

    from vidstudio.providers.local.paint.sharing import SharedPart

MODEL = "animatic-1"
CHUNK_FRAMES = 6
IN_FLIGHT = 2
MAX_SECONDS = 60
# The keys of the clips this process is encoding now; each chunk tells its worker, which then
# forgets the prepared planes of every other clip (``animate.renderer_for``).
_LIVE: set[str] = set()


def _stack_of(frame: Keyframe | None) -> tuple[str, dict[str, Any]] | None:
    """The layer file of a keyframe and its metadata, if it carries a readable one."""
    if frame is None:
        return None
    path = frame.extra_files.get("layers")
    if path is None or not Path(path).is_file():
        return None
    try:
        return str(path), load_meta(Path(path))
    except LayerFileError:
        return None


def _picture_of(frame: Keyframe | None) -> str | None:
    if frame is None or not Path(frame.path).is_file():
        return None
    return str(frame.path)


def _ken_burns(camera: CameraMove, aspect: float) -> tuple[dict[str, float], dict[str, float]]:
    """A Ken-Burns path over a flat picture: zoomed in a little so pans have room."""
    base = Pose(zoom=1.18)
    first, last = move_poses(base, camera, (aspect / 2, 0.5), aspect)
    if first == last:
        last = Pose(zoom=1.24)
    return first.to_dict(), last.to_dict()


def plan_clip(request: ClipRequest, key: str, seed: int = 0) -> ClipJob | None:
    """How to animate ``request`` from its keyframes; None when there is nothing to start from.

    ``seed`` picks the take: 0 paces the camera evenly; another seed paces it differently (and
    moves the weather's particles), so a regenerated clip is a new take between the same
    keyframes.
    """
    frames = round(request.duration * request.fps)
    pacing = 0.0 if seed == 0 else ((seed * 0.6180339887) % 1.0 - 0.5) * 1.2
    first_stack, last_stack = _stack_of(request.first_frame), _stack_of(request.last_frame)
    common: dict[str, Any] = {
        "width": request.width,
        "height": request.height,
        "fps": request.fps,
        "frames": frames,
        "key": key,
        "pacing": pacing,
    }
    first_pic = _picture_of(request.first_frame)
    if first_stack is None and first_pic and last_stack is not None:
        # The shot opens on a plain picture (the user's own, or the previous clip's last
        # frame) and ends on a painted keyframe: start on the picture, then cross into the
        # painted world.
        p0, p1 = _ken_burns(request.camera, request.width / request.height)
        return ClipJob(
            **common,
            start=ImageMove(first_pic, p0, p1),
            end=StackMove(last_stack[0], last_stack[1]["first_pose"], last_stack[1]["last_pose"]),
            life=request.camera is CameraMove.STATIC,
            fade=(0.4, 0.85),
        )
    if first_stack or last_stack:
        a = first_stack or last_stack
        b = last_stack or first_stack
        assert a is not None and b is not None
        start = StackMove(a[0], a[1]["first_pose"], a[1]["last_pose"])
        end = None
        if b[1].get("world_id") != a[1].get("world_id"):
            end = StackMove(b[0], b[1]["first_pose"], b[1]["last_pose"])
        else:
            # Same world: go exactly from the first keyframe's pose to the last keyframe's.
            start = StackMove(
                a[0],
                a[1]["pose"] if a is first_stack else a[1]["first_pose"],
                b[1]["pose"] if b is last_stack else b[1]["last_pose"],
            )
        camera = str(a[1].get("camera", request.camera.value))
        weather = a[1].get("weather") or {}
        if weather and seed:
            weather = {**weather, "seed": int(weather.get("seed", 0)) + seed}
        static = camera == CameraMove.STATIC.value
        # Clouds drift in held shots and in wind; a moving camera carries the shot without it.
        drift = static or weather.get("kind") in ("wind", "storm", "cloudy")
        return ClipJob(
            **common, start=start, end=end, weather=weather or None, life=static, drift=drift
        )
    last_pic = _picture_of(request.last_frame)
    if first_pic or last_pic:
        p0, p1 = _ken_burns(request.camera, request.width / request.height)
        start_pic = first_pic or last_pic
        end_pic = last_pic if last_pic and last_pic != start_pic else None
        assert start_pic is not None
        return ClipJob(
            **common,
            start=ImageMove(start_pic, p0, p1),
            end=ImageMove(end_pic, p0, p1) if end_pic else None,
            life=request.camera is CameraMove.STATIC,
            fade=(0.4, 0.85),
        )
    return None


def paint_missing_keyframes(request: ClipRequest, seed: int, out_dir: str) -> Keyframe:
    """Paint the shot's first keyframe (with its stack) when the request brought none."""
    painting = paint_keyframe(
        request.environment,
        size=(request.width, request.height),
        seed=seed,
        variant=0,
        shot=ShotType.WIDE,
        camera=request.camera,
        frame="first",
        action=request.prompt,
    )
    png = Path(out_dir) / f"painted_first_s{seed}.png"
    layers = Path(out_dir) / f"painted_layers_s{seed}.npz"
    write_keyframe(painting, png, layers)
    return Keyframe(path=png, extra_files={"layers": layers}, metadata=painting.meta)


class _FrameBuffer:
    """A memory file that the renderers (threads or pool processes) write frames into.

    An anonymous memory file (``memfd``) that other processes of the same user open as
    ``/proc/PID/fd/N``: nothing is left behind when we die, and it is not bounded by the size
    of ``/dev/shm``. Where there is no memfd or no ``/proc``, a temporary file that is removed
    when closed.
    """

    def __init__(self, size: int) -> None:
        self._path: str | None = None
        memory = memory_file("vidstudio-frames")
        if memory is not None:
            fd, self.target = memory
        else:
            fd, self._path = tempfile.mkstemp(prefix=f"vidstudio-frames.p{os.getpid()}.")
            self.target = self._path
        os.ftruncate(fd, size)
        info = os.fstat(fd)
        self.identity = (info.st_dev, info.st_ino)
        self.file = os.fdopen(fd, "rb", buffering=0)
        self._reading = threading.Lock()

    def read(self, offset: int, size: int) -> bytes:
        """``size`` bytes from ``offset`` (blocking: for a worker thread)."""
        with self._reading:
            self.file.seek(offset)
            out = bytearray(size)
            view, done = memoryview(out), 0
            while done < size:
                got = self.file.readinto(view[done:])
                if not got:
                    break
                done += got
            return bytes(out[:done])

    def close(self) -> None:
        self.file.close()
        if self._path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._path)


class _SocketFeed:
    """ffmpeg's stdin is one end of a socket pair that the kernel fills from the frame buffer
    (sendfile): no pixels pass through Python on the event loop.

    A socket rather than a pipe: worker processes forked by a process pool while the clip
    renders inherit our end, and with a pipe ffmpeg would wait forever for an end of input that
    only closing every copy gives. A socket ends its input for everyone with shutdown().
    """

    def __init__(self) -> None:
        self._ours, self._theirs = socket.socketpair()

    @property
    def stdin(self) -> int:
        return self._theirs.fileno()

    def started(self, proc: asyncio.subprocess.Process) -> None:
        del proc
        self._theirs.close()
        self._ours.setblocking(False)

    async def send(self, frames: _FrameBuffer, offset: int, size: int) -> None:
        await asyncio.get_running_loop().sock_sendfile(self._ours, frames.file, offset, size)

    def end(self) -> None:
        self._ours.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self._theirs.close()
        self._ours.close()


class _PipeFeed:
    """ffmpeg's stdin is a pipe; a worker thread reads each chunk from the frame buffer and the
    loop writes it (Windows, or ``VIDSTUDIO_PORTABLE``). ffmpeg stops after ``-frames:v``, so a
    copy of the pipe inherited by a forked worker cannot keep it waiting for the end of input.
    """

    stdin = asyncio.subprocess.PIPE

    def __init__(self) -> None:
        self._writer: asyncio.StreamWriter | None = None

    def started(self, proc: asyncio.subprocess.Process) -> None:
        self._writer = proc.stdin

    async def send(self, frames: _FrameBuffer, offset: int, size: int) -> None:
        assert self._writer is not None
        data = await asyncio.to_thread(frames.read, offset, size)
        self._writer.write(data)
        await self._writer.drain()

    def end(self) -> None:
        if self._writer is not None:
            self._writer.close()

    def close(self) -> None:
        self.end()


class LocalVideoGenerator:
    """Renders a shot as an animatic: parallax camera moves and animated weather, offline.

    Args:
        executor: where frames are rendered (a process pool works); None uses the loop's
            default thread pool.
        preset / crf: libx264 settings of the clip (an intermediate; the export re-encodes).
    """

    info = ProviderInfo("local", MODEL, "local")
    capabilities = Capabilities(
        durations=(5, 9),
        aspect_ratios=("16:9", "9:16", "1:1"),
        unit_price=0.0,
        price_unit="second",
        concurrency=1,
        paid=False,
    )

    def __init__(
        self, executor: Executor | None = None, *, preset: str = "ultrafast", crf: int = 18
    ) -> None:
        self._executor = executor
        self._preset = preset
        self._crf = crf

    def _validate(self, request: ClipRequest) -> None:
        if request.width < 16 or request.height < 16 or request.width % 2 or request.height % 2:
            raise InvalidRequestError(
                f"clip size {request.width}x{request.height}: both sides must be even and >= 16",
                provider=self.info.name,
            )
        if not 1 <= request.fps <= 120:
            raise InvalidRequestError(f"{request.fps} fps is out of range", provider=self.info.name)
        if not 0 < request.duration <= MAX_SECONDS:
            raise InvalidRequestError(
                f"a clip lasts 1..{MAX_SECONDS} s, not {request.duration}", provider=self.info.name
            )

    async def generate_clip(self, request: ClipRequest, ctx: CallContext) -> MediaResult:
        """Render and encode the clip into ``ctx.work_dir``.

        Raises:
            InvalidRequestError: impossible size, frame rate or duration.
            NotConfiguredError: ffmpeg is missing.
            GenerationFailedError: ffmpeg failed, or a keyframe could not be read.
        """
        self._validate(request)
        try:
            exe = ffmpeg_exe()
        except FFmpegError as exc:
            raise NotConfiguredError(str(exc), provider=self.info.name) from exc
        loop = asyncio.get_running_loop()
        # Reading the keyframes' layer files is file work: off the event loop.
        key = await asyncio.to_thread(_job_key, request, ctx.seed)
        job = await asyncio.to_thread(plan_clip, request, key, ctx.seed)
        if job is None:
            ctx.progress(0.0, "painting the shot")
            first = await loop.run_in_executor(
                self._executor, paint_missing_keyframes, request, ctx.seed, str(ctx.work_dir)
            )
            job = await asyncio.to_thread(
                plan_clip, replace(request, first_frame=first, last_frame=first), key, ctx.seed)
            assert job is not None
        out = Path(ctx.work_dir) / f"clip_{key[:12]}.mp4"
        partial = out.with_name(f".{out.stem}.part.mp4")
        live_key = job.key or repr(job)
        _LIVE.add(live_key)
        try:
            await self._encode(exe, job, partial, ctx)
            os.replace(partial, out)
        finally:
            _LIVE.discard(live_key)
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            if self._executor is None:
                release(job)
        mode = "parallax" if isinstance(job.start, StackMove) else "ken-burns"
        return MediaResult(
            path=out,
            model=MODEL,
            metadata={
                "frames": job.frames,
                "fps": job.fps,
                "mode": mode,
                "crossfade": job.end is not None,
                "weather": (job.weather or {}).get("kind", "none"),
                "camera": request.camera.value,
            },
        )

    async def _encode(self, exe: str, job: ClipJob, partial: Path, ctx: CallContext) -> None:
        slot_bytes = CHUNK_FRAMES * frame_bytes(job.width, job.height)
        turns = turns_here()
        await turns.rendering.acquire()
        held = True

        def drawn() -> None:
            # Every frame is drawn: the next clip may prepare and draw while this clip's
            # encoder finishes, and the workers may forget this clip's planes.
            nonlocal held
            if held:
                held = False
                turns.rendering.release()
                _LIVE.discard(job.key or repr(job))

        try:
            try:
                frames = _FrameBuffer((IN_FLIGHT + 1) * slot_bytes)
            except OSError as exc:
                raise GenerationFailedError(
                    f"no memory for the clip's frames: {exc}", provider=self.info.name
                ) from exc
            stores: list[_FrameBuffer] = []
            try:
                shared = await self._share(job, stores) if self._executor is not None else ()
                await self._stream(exe, job, partial, ctx, frames, slot_bytes, shared, drawn)
            finally:
                # Closing the last handle of the memory file frees its pages, tens of
                # megabytes: milliseconds that are not the event loop's to spend.
                loop = asyncio.get_running_loop()
                for buffer in (frames, *stores):
                    loop.run_in_executor(None, buffer.close)
        finally:
            drawn()

    async def _share(self, job: ClipJob, stores: list[_FrameBuffer]) -> tuple[SharedPart, ...]:
        """Prepare the clip once for every worker of the pool: each part of the preparation
        (``parts_of``) made at once by a worker into a memory file of ours (``sharing``)."""
        from vidstudio.providers.local.paint.sharing import prepare_shared

        loop = asyncio.get_running_loop()
        names = parts_of(job)
        try:
            stores.extend(_FrameBuffer(0) for _ in names)
        except OSError as exc:
            raise GenerationFailedError(
                f"no memory for the clip's layers: {exc}", provider=self.info.name
            ) from exc
        made = [
            loop.run_in_executor(
                self._executor, prepare_shared, job, name, store.target, store.identity
            )
            for name, store in zip(names, stores, strict=True)
        ]
        try:
            return tuple(await asyncio.gather(*made))
        except (LayerFileError, OSError) as exc:
            raise GenerationFailedError(
                f"cannot render the clip: {exc}", provider=self.info.name
            ) from exc

    async def _stream(self, exe: str, job: ClipJob, partial: Path, ctx: CallContext,
                      frames: _FrameBuffer, slot_bytes: int,
                      shared: tuple[SharedPart, ...], drawn: Callable[[], None]) -> None:
        """Run ffmpeg on ``partial`` and feed it the clip's frames, rendered into ``frames``
        in slots of ``slot_bytes`` (from the ``shared`` preparation, where made); ``drawn``
        is called once the last frame is drawn. The first chunks are drawn while the encoder
        of the clip before may still be running; this clip's starts once that one has
        exited (``Turns``)."""
        cmd = [
            exe, "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", FFMPEG_PIX_FMT, "-s", f"{job.width}x{job.height}",
            "-r", str(job.fps), "-i", "pipe:0", "-an",
            "-c:v", "libx264", "-preset", self._preset, "-crf", str(self._crf),
            # One x264 thread: it keeps up with the frames the pool renders, and each extra
            # frame thread held ~15 MB more (issue 27).
            "-threads", "1",
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-frames:v", str(job.frames),
            str(partial),
        ]
        feed: _SocketFeed | _PipeFeed = _SocketFeed() if kernel_copy_to_socket() else _PipeFeed()
        loop = asyncio.get_running_loop()
        starts = list(range(0, job.frames, CHUNK_FRAMES))
        pending: deque[asyncio.Future[int]] = deque()
        one_frame = frame_bytes(job.width, job.height)

        def slot_at(chunk: int) -> int:
            # Chunk k renders into slot k mod (IN_FLIGHT + 1): the slot of the chunk being
            # sent is never one a render is writing into.
            return (chunk % (IN_FLIGHT + 1)) * slot_bytes

        def render(chunk: int) -> asyncio.Future[int]:
            return loop.run_in_executor(
                self._executor, render_into, job, starts[chunk], CHUNK_FRAMES,
                frames.target, frames.identity, slot_at(chunk), shared, frozenset(_LIVE),
            )

        turns = turns_here()
        try:
            for chunk in range(min(IN_FLIGHT, len(starts))):
                pending.append(render(chunk))
            async with turns.encoding:
                await self._feed_encoder(cmd, feed, turns, job, ctx, frames, starts, pending,
                                         render, slot_at, one_frame, drawn)
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise
        finally:
            feed.close()

    async def _feed_encoder(
        self, cmd: list[str], feed: _SocketFeed | _PipeFeed, turns: Turns, job: ClipJob,
        ctx: CallContext, frames: _FrameBuffer, starts: list[int],
        pending: deque[asyncio.Future[int]], render: Callable[[int], asyncio.Future[int]],
        slot_at: Callable[[int], int], one_frame: int, drawn: Callable[[], None],
    ) -> None:
        """Start the encoder and send it each chunk as it is drawn, keeping ``IN_FLIGHT``
        chunks drawing (``pending`` holds the first ones)."""
        from vidstudio.lifetime import guarded

        command, preexec = guarded(cmd)  # ffmpeg ends with us, even when we are killed
        proc = await asyncio.create_subprocess_exec(
            *command,
            preexec_fn=preexec,
            stdin=feed.stdin,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        turns.encoders += 1
        turns.most_encoders = max(turns.most_encoders, turns.encoders)
        feed.started(proc)
        assert proc.stderr is not None
        errors = asyncio.ensure_future(proc.stderr.read())
        try:
            next_chunk = len(pending)
            done_frames = 0
            for chunk in range(len(starts)):
                try:
                    count = await pending.popleft()
                except (LayerFileError, OSError) as exc:
                    raise GenerationFailedError(
                        f"cannot render the clip: {exc}", provider=self.info.name
                    ) from exc
                if next_chunk < len(starts):
                    pending.append(render(next_chunk))
                    next_chunk += 1
                elif not pending:
                    drawn()
                try:
                    await feed.send(frames, slot_at(chunk), count * one_frame)
                except (BrokenPipeError, ConnectionResetError) as exc:
                    message = (await errors).decode(errors="replace").strip()
                    raise GenerationFailedError(
                        f"ffmpeg stopped: {message or exc}", provider=self.info.name
                    ) from exc
                done_frames += count
                ctx.progress(
                    0.98 * done_frames / job.frames, f"frame {done_frames} of {job.frames}"
                )
            feed.end()
            code = await proc.wait()
            message = (await errors).decode(errors="replace").strip()
            if code != 0:
                raise GenerationFailedError(
                    f"ffmpeg failed: {message[-400:]}", provider=self.info.name
                )
            ctx.progress(1.0, "clip encoded")
        except BaseException:
            await kill_process(proc)
            errors.cancel()
            with contextlib.suppress(BaseException):
                await errors
            raise
        finally:
            turns.encoders -= 1


def _job_key(request: ClipRequest, seed: int) -> str:
    """A stable name for the clip's prepared frames (same inputs, same key)."""
    parts = [
        request.width,
        request.height,
        request.fps,
        request.duration,
        request.camera.value,
        seed,
    ]
    for frame in (request.first_frame, request.last_frame):
        if frame is not None:
            parts.append(str(frame.path))
            parts.extend(f"{k}={v}" for k, v in sorted(frame.extra_files.items()))
            with contextlib.suppress(OSError):
                parts.append(Path(frame.path).stat().st_mtime_ns)
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
