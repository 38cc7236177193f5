"""Benchmark of the offline clip renderer against ffmpeg encoding alone.

Renders a 5 s 1280x720 24 fps clip with a camera move (Push In) and rain, through the real
providers (painter keyframes, then ``LocalVideoGenerator``), twice over: rendering on the
loop's threads, and on a warm process pool made as ``vidstudio render`` makes it (what the
command line and the editor use). It reports:

* speed as a multiple of real time (clip seconds per wall second);
* the ratio of that wall time to encoding the same number of precomputed frames with ffmpeg
  alone, with the same encoder settings, measured in the same run (the baseline);
* CPU seconds of this process and of ffmpeg, since a shared machine makes wall time noisy,
  and the speed that CPU time projects onto two otherwise idle cores;
* clip synthesis alone (issue 27's "clip synthesis >= 8x real time on two cores"): the clip's
  frames rendered by the warm pool's workers into a memory buffer as the provider does, no
  encoder, as a multiple of real time (wall) and in CPU milliseconds per frame of the workers.

Run: ``python bench/bench_clips.py [--seconds 5] [--width 1280 --height 720] [--repeat 2]
[--tree PATH]`` (``--tree``: this harness over another source tree's ``vidstudio``, e.g. a
worktree of an older commit, for a before/after pair measured the same way).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.media.ffmpeg import ffmpeg_exe, probe
from vidstudio.providers.base import (
    CallContext,
    ClipRequest,
    EnvironmentSpec,
    ImageRequest,
    Keyframe,
)
from vidstudio.providers.local.clips import LocalVideoGenerator, plan_clip
from vidstudio.providers.local.images import LocalImageGenerator
from vidstudio.providers.local.paint.animate import release, render_frames, render_into

ENV = EnvironmentSpec(
    name="Lighthouse point",
    setting="coast",
    description="an old lighthouse on a headland above a stormy sea",
    weather=Weather.RAIN,
    time_of_day=TimeOfDay.DUSK,
    key_objects=("lighthouse", "fishing boat"),
)


def _cpu(pool: Any = None) -> tuple[float, float]:
    """CPU seconds of this process plus the pool's workers (they are not our children: a
    forkserver's), and of our finished children (ffmpeg)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = 0.0
    for pid in list(getattr(pool, "_processes", None) or {}):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            workers += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return me.ru_utime + me.ru_stime + workers, kids.ru_utime + kids.ru_stime


async def _keyframes(work: Path, width: int, height: int) -> tuple[list[Keyframe], float]:
    painter = LocalImageGenerator()
    frames: list[Keyframe] = []
    start = time.perf_counter()
    for which in ("first", "last"):
        request = ImageRequest(
            prompt="",
            width=width,
            height=height,
            environment=ENV,
            purpose="keyframe",
            shot_type=ShotType.WIDE,
            camera=CameraMove.PUSH_IN,
            frame=which,
            action="the keeper climbs the stairs with a lantern",
        )
        result = await painter.generate_image(request, CallContext(work_dir=work))
        frames.append(Keyframe(result.path, result.extra_files, metadata=result.metadata))
    return frames, (time.perf_counter() - start) / 2


def _encode_alone(
    data: bytes, width: int, height: int, fps: int, out: Path, generator: LocalVideoGenerator
) -> tuple[float, float]:
    """Wall and CPU seconds of ffmpeg encoding ``data`` with the generator's settings."""
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{width}x{height}",
        "-r",
        str(fps),
        "-i",
        "pipe:0",
        "-an",
        "-c:v",
        "libx264",
        "-preset",
        generator._preset,
        "-crf",
        str(generator._crf),
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
        str(out),
    ]
    cpu0 = _cpu()[1]
    start = time.perf_counter()
    subprocess.run(cmd, input=data, check=True)
    return time.perf_counter() - start, _cpu()[1] - cpu0


def _warm() -> None:
    """Run in each pool worker before timing: the engine imported, as in a warm editor."""
    import vidstudio.providers.local.paint.animate  # noqa: F401


def _load() -> str:
    with contextlib.suppress(OSError):
        return Path("/proc/loadavg").read_text().split()[0]
    return "?"


def _synthesis(pool: Any, job: Any, chunk: int = 6) -> tuple[float, float]:
    """Wall seconds and worker CPU seconds of rendering all of ``job``'s frames on ``pool``
    as the provider does, without the encoder: the clip prepared once for every worker where
    the tree shares its preparation (its parts at once), then every chunk in flight at once
    (the workers share them out), each into its slot of a ring in a memory file (the
    provider's ``IN_FLIGHT + 1`` slots)."""
    from vidstudio.providers.local import clips

    try:
        from vidstudio.providers.local.paint.animate import parts_of
        from vidstudio.providers.local.paint.sharing import prepare_shared
    except ImportError:  # a tree before the shared preparation: each worker prepares
        parts_of = prepare_shared = None
    try:
        from vidstudio.providers.local.paint.frameops import frame_bytes
        size = frame_bytes(job.width, job.height)
    except ImportError:  # a tree before frameops: RGB24 frames
        size = job.width * job.height * 3
    slots = getattr(clips, "IN_FLIGHT", 2) + 1
    buffer = clips._FrameBuffer(slots * chunk * size)
    stores: list[Any] = []
    try:
        cpu0 = _cpu(pool)[0] - time.process_time()
        start = time.perf_counter()
        shared: tuple[Any, ...] = ()
        if parts_of is not None and prepare_shared is not None:
            names = parts_of(job)
            stores = [clips._FrameBuffer(0) for _ in names]
            made = [pool.submit(prepare_shared, job, name, store.target, store.identity)
                    for name, store in zip(names, stores, strict=True)]
            shared = tuple(f.result() for f in made)
        extra = (shared,) if shared else ()
        futures = [
            pool.submit(render_into, job, first, chunk, buffer.target, buffer.identity,
                        (first // chunk % slots) * chunk * size, *extra)
            for first in range(0, job.frames, chunk)
        ]
        done = sum(f.result() for f in futures)
        wall = time.perf_counter() - start
        cpu = _cpu(pool)[0] - time.process_time() - cpu0
    finally:
        buffer.close()
        for store in stores:
            store.close()
    assert done == job.frames
    return wall, cpu


async def _run(seconds: int, width: int, height: int, fps: int, repeat: int) -> None:
    from vidstudio.cli import _make_executor

    pool = _make_executor()
    try:
        for warm in [pool.submit(_warm) for _ in range(os.cpu_count() or 1)]:
            warm.result()
        with tempfile.TemporaryDirectory(prefix="bench-clips-") as tmp:
            work = Path(tmp)
            keyframes, paint_s = await _keyframes(work, width, height)
            print(f"keyframe painting {paint_s:.2f} s each")
            for label, executor in (("threads", None), ("process pool", pool)):
                print(f"--- rendering on {label}")
                os.makedirs(work / label)
                await _modes(LocalVideoGenerator(executor), work / label, keyframes,
                             seconds, width, height, fps, repeat)
    finally:
        pool.shutdown()


async def _modes(generator: LocalVideoGenerator, work: Path, keyframes: list[Keyframe],
                 seconds: int, width: int, height: int, fps: int, repeat: int) -> None:
    pool = generator._executor
    request = ClipRequest(
        prompt="bench",
        duration=seconds,
        width=width,
        height=height,
        fps=fps,
        camera=CameraMove.PUSH_IN,
        environment=ENV,
        first_frame=keyframes[0],
        last_frame=keyframes[1],
    )
    frames = round(seconds * fps)
    print(
        f"clip: {seconds} s, {width}x{height}, {fps} fps ({frames} frames), "
        f"Push In + rain"
    )
    for run in range(repeat):
        # Baseline: the same frames, precomputed, encoded by ffmpeg alone.
        job = plan_clip(request, f"bench-{run}")
        assert job is not None
        if pool is not None:
            synth_s, synth_cpu = _synthesis(pool, replace(job, key=f"synth-{run}"))
            print(
                f"synthesis alone (pool, no encoder): {synth_s:.2f} s wall = "
                f"{seconds / synth_s:.2f}x real time; workers' cpu "
                f"{1000 * synth_cpu / frames:.1f} ms/frame "
                f"(projected on 2 idle cores: {seconds / (synth_cpu / 2):.1f}x real time)"
            )
        render_start = time.perf_counter()
        cpu_start = time.process_time()
        data = render_frames(job, 0, frames)
        render_s = time.perf_counter() - render_start
        render_cpu = time.process_time() - cpu_start
        release(job)
        base_s, base_cpu = _encode_alone(
            data, width, height, fps, work / "baseline.mp4", generator
        )
        del data
        # The provider: render chunks in the executor while ffmpeg encodes.
        out_dir = work / f"run{run}"
        out_dir.mkdir(parents=True)
        cpu0 = _cpu(pool)
        start = time.perf_counter()
        result = await generator.generate_clip(request, CallContext(work_dir=out_dir, seed=run))
        wall = time.perf_counter() - start
        cpu1 = _cpu(pool)
        info = probe(result.path)
        print(f"load average {_load()}")
        print(
            f"run {run + 1}: {wall:.2f} s wall = {seconds / wall:.2f}x real time; "
            f"ffmpeg alone {base_s:.2f} s ({seconds / base_s:.2f}x real time); "
            f"ratio to ffmpeg alone {wall / base_s:.2f}"
        )
        used = (cpu1[0] - cpu0[0]) + (cpu1[1] - cpu0[1])
        print(
            f"       projected on 2 idle cores: {seconds / (used / 2):.2f}x real time "
            f"({used:.2f} cpu-seconds in all; wall time above depends on machine load)"
        )
        print(
            f"       cpu: renderer {cpu1[0] - cpu0[0]:.2f} s, ffmpeg {cpu1[1] - cpu0[1]:.2f} s "
            f"(ffmpeg alone {base_cpu:.2f} s); frames rendered on one thread in "
            f"{render_s:.2f} s ({1000 * render_s / frames:.1f} ms/frame, "
            f"{render_cpu:.2f} s cpu); output {info.video.width if info.video else 0}x"
            f"{info.video.height if info.video else 0}, {info.duration:.2f} s, "
            f"{result.path.stat().st_size // 1024} KiB"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--tree", type=Path, help="render with the vidstudio of this tree")
    args = parser.parse_args(argv)
    if args.tree is not None:
        # This harness, the other tree's engine: its package first on the path (the pool's
        # workers inherit the environment).
        tree = args.tree.resolve()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(tree), *filter(None, [os.environ.get("PYTHONPATH")])])}
        rest = list(argv or [])
        at = rest.index("--tree")
        del rest[at:at + 2]
        subprocess.run([sys.executable, __file__, *rest], env=env, cwd=tree, check=True)
        return
    import vidstudio
    print(f"vidstudio from {Path(vidstudio.__file__).parent.parent}; load {_load()}")
    asyncio.run(_run(args.seconds, args.width, args.height, args.fps, args.repeat))


if __name__ == "__main__":
    main(sys.argv[1:])
