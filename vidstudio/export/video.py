"""The picture: one file per scene, all with the same stream parameters, joined by stream copy.

Three ways to get those files, cheapest first:

* stream copy: every clip already matches the target; the clips themselves are joined;
* normalised: clips that do not match are re-encoded once per take into the project's cache;
* re-encoded: transitions or burned-in subtitles change pixels, so each scene is rendered
  into a segment of its own (in parallel), carrying the half of each transition on its side
  of the cut. A crossfade blends the outgoing scene's last frame into the incoming scene's
  first seconds and vice versa, so the film keeps exactly the sum of the scene lengths.

Joining uses ffmpeg's concat demuxer with an explicit duration per file.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.atomic import atomic_output
from vidstudio.export.mp4info import Mp4Error, VideoTrackInfo, read_video_track
from vidstudio.export.normalize import (
    DELIVERY_PARAMS,
    NormalizeJob,
    SourceFormat,
    cache_path,
    conform_graph,
    encoder_args,
    mismatches,
    reference_args,
    reference_path,
    source_from_probe,
    source_from_track,
)
from vidstudio.export.options import Transition, VideoTarget
from vidstudio.export.result import ExportError, VideoMode
from vidstudio.export.runner import (
    ProgressTracker,
    SharedStage,
    encoder_identity,
    ffmpeg,
    run_bounded,
)
from vidstudio.export.subtitles import Cue, FontChoice, to_ass
from vidstudio.export.titles import card_seconds, has_titles, write_segment_titles
from vidstudio.media.ffmpeg import FFmpegError, MediaInfo, probe

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from vidstudio.export.plan import RenderPlan, SceneRender


@dataclass(frozen=True)
class VideoParts:
    """The per-scene files to join, in film order, and how they were obtained."""

    files: tuple[Path, ...]
    mode: VideoMode
    normalized_scenes: tuple[str, ...] = ()
    cache_hits: int = 0


def read_info(path: Path) -> VideoTrackInfo | None:
    """The clip's video track, or None if it is not an MP4 this module can read."""
    try:
        return read_video_track(path)
    except (Mp4Error, OSError, IndexError, ValueError):
        return None


async def read_infos(paths: Sequence[Path]) -> list[VideoTrackInfo | None]:
    return list(await asyncio.gather(*(asyncio.to_thread(read_info, p) for p in paths)))


def concat_list(files: Sequence[Path], durations: Sequence[float]) -> str:
    """An ffconcat script; explicit durations keep every cut exactly on the scene boundary."""
    lines = ["ffconcat version 1.0"]
    for path, duration in zip(files, durations, strict=True):
        quoted = str(Path(path).resolve()).replace("'", "'\\''")
        lines += [f"file '{quoted}'", f"duration {duration:.6f}"]
    return "\n".join(lines) + "\n"


def filter_value(text: str) -> str:
    """Escape ``text`` for use as an option value inside a filter graph (both escaping levels:
    the option parser's, then the graph parser's)."""
    option = text.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    graph = option.replace("\\", "\\\\").replace("'", "\\'")
    for ch in "[],;":
        graph = graph.replace(ch, "\\" + ch)
    return graph


# --------------------------------------------------------------------------------------------
# Normalisation


async def _normalize(job: NormalizeJob, plan: RenderPlan,
                     progress: Callable[[float], None]) -> None:
    job.destination.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(job.destination) as part:
        await ffmpeg(job.ffmpeg_args(plan.target, plan.options.conform, part),
                     what=f"normalising the clip of {job.label}",
                     duration=job.frames / plan.target.fps, progress=progress)


def _fits(info: VideoTrackInfo | None, target: VideoTarget, frames: int,
          config: bytes) -> bool:
    """Joinable as is alongside files whose decoder configuration is ``config``."""
    return (info is not None and info.decoder_config == config
            and not mismatches(info, target, frames))


def _cached_ok(path: Path, target: VideoTarget, frames: int, config: bytes) -> bool:
    return path.is_file() and _fits(read_info(path), target, frames, config)


async def delivery_config(project_dir: Path, target: VideoTarget) -> bytes:
    """The decoder configuration (avcC) every normalised clip of ``target`` carries.

    Read from a two-frame reference clip that the normaliser's own filters and encoder
    settings write; kept in the cache beside the normalised clips (one per target and
    ffmpeg build).
    """
    identity = await asyncio.to_thread(encoder_identity)
    path = reference_path(project_dir, target, identity)
    info = await asyncio.to_thread(read_info, path) if path.is_file() else None
    if info is None or not info.decoder_config:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(path) as part:
            await ffmpeg(reference_args(target, part), what="preparing the delivery format")
        info = await asyncio.to_thread(read_info, path)
    if info is None or not info.decoder_config:
        raise ExportError("preparing the delivery format failed: ffmpeg wrote no H.264 "
                          "configuration")
    return info.decoder_config


async def _normalize_all(jobs: Sequence[NormalizeJob], plan: RenderPlan, config: bytes,
                         tracker: ProgressTracker, limit: int) -> int:
    """Normalise what the cache lacks; returns the number of cache hits."""
    checks = await asyncio.gather(*(
        asyncio.to_thread(_cached_ok, j.destination, plan.target, j.frames, config)
        for j in jobs))
    todo = [j for j, ok in zip(jobs, checks, strict=True) if not ok]
    if todo:
        shared = SharedStage(tracker, "video", [j.frames for j in todo])

        def factory(i: int, job: NormalizeJob) -> Callable[[], Awaitable[None]]:
            message = f"Normalising the clip of {job.label}"
            return lambda: _normalize(job, plan, shared.callback(i, message))

        await run_bounded([factory(i, j) for i, j in enumerate(todo)], limit)
    return len(jobs) - len(todo)


def uniform_config(plan: RenderPlan, infos: Sequence[VideoTrackInfo | None]) -> bytes | None:
    """The decoder configuration all clips share when every one of them can be joined as it
    is (however it was encoded), else None."""
    configs = {info.decoder_config if info else b"" for info in infos}
    if len(configs) != 1:
        return None
    config = configs.pop()
    fits = all(_fits(info, plan.target, s.frames, config)
               for s, info in zip(plan.scenes, infos, strict=True))
    return config if fits and config else None


async def _normalized_parts(plan: RenderPlan, project_dir: Path,
                            infos: Sequence[VideoTrackInfo | None],
                            formats: Sequence[SourceFormat | None],
                            tracker: ProgressTracker, limit: int) -> VideoParts:
    """Clips that already share one joinable configuration are joined as they are; otherwise
    every clip that is not already in the delivery format is normalised (or taken from the
    cache) so that all joined files carry the delivery format's configuration."""
    target, conform = plan.target, plan.options.conform
    files = [s.clip for s in plan.scenes]
    if uniform_config(plan, infos) is not None:
        return VideoParts(tuple(files), "stream_copy")
    config = await delivery_config(project_dir, target)
    todo = [i for i, (s, info) in enumerate(zip(plan.scenes, infos, strict=True))
            if not _fits(info, target, s.frames, config)]
    jobs: dict[Path, NormalizeJob] = {}  # one job per cache entry (takes may repeat)
    for i in todo:
        scene = plan.scenes[i]
        destination = cache_path(project_dir, scene.clip_take_id, scene.clip, target,
                                 conform, scene.frames)
        jobs.setdefault(destination, NormalizeJob(
            scene.scene_id, scene.label, scene.clip, destination, scene.frames, formats[i]))
        files[i] = destination
    hits = await _normalize_all(list(jobs.values()), plan, config, tracker, limit)
    written = await read_infos([files[i] for i in todo])
    for i, info in zip(todo, written, strict=True):
        if _fits(info, target, plan.scenes[i].frames, config):
            continue
        why = "; ".join(mismatches(info, target, plan.scenes[i].frames)) or \
            "its H.264 configuration differs from the delivery format's"
        raise ExportError(f"normalising the clip of {plan.scenes[i].label} did not give the "
                          f"delivery format ({why})")
    mode: VideoMode = "normalized" if todo else "stream_copy"
    return VideoParts(tuple(files), mode,
                      tuple(plan.scenes[i].scene_id for i in todo), hits)


# --------------------------------------------------------------------------------------------
# Re-encoded segments (transitions, burned-in subtitles)


def _still(index: int, label: str, target: VideoTarget, frames_needed: int,
           source: SourceFormat | None, plan: RenderPlan, pick_frame: int) -> str:
    """A frame of input ``index`` (after conforming), held for ``frames_needed`` frames."""
    graph = conform_graph(f"{index}:v", f"{label}_c", target, plan.options.conform,
                          pick_frame + 1, source)
    return (f"{graph};[{label}_c]trim=start_frame={pick_frame},setpts=PTS-STARTPTS,"
            f"tpad=stop_mode=clone:stop={frames_needed - 1}[{label}]")


@dataclass(frozen=True)
class SegmentSpec:
    """Everything needed to render one scene's segment."""

    scene: SceneRender
    previous: SceneRender | None
    following: SceneRender | None
    infos: tuple[VideoTrackInfo | None, VideoTrackInfo | None, VideoTrackInfo | None]
    formats: tuple[SourceFormat | None, SourceFormat | None, SourceFormat | None]
    subtitles: Path | None
    fonts_dir: Path | None
    titles: Path | None = None  # the title and lower thirds over this scene (export/titles.py)
    card: float = 0.0  # seconds of black title card over the scene's start


def segment_args(spec: SegmentSpec, plan: RenderPlan, output: Path) -> list[str]:
    """ffmpeg arguments rendering one scene with its halves of the transitions and subtitles."""
    target = plan.target
    scene = spec.scene
    n = scene.frames
    transition = plan.options.transition
    half = max(1, round(plan.options.transition_seconds * target.fps / 2))
    inputs = ["-i", str(scene.clip)]
    parts = [conform_graph("0:v", "v0", target, plan.options.conform, n, spec.formats[0])]
    current = "v0"
    crossfade = transition is Transition.CROSSFADE
    if crossfade and spec.previous is not None:
        prev = spec.previous
        prev_info = spec.infos[1]
        # Seek near the previous scene's last frame instead of decoding the whole clip.
        last_time = (prev.frames - 1) / target.fps
        if prev_info is not None and prev_info.duration > 0:
            last_time = min(last_time, max(0.0, prev_info.duration - 1.0 / max(prev_info.fps, 1)))
        seek = max(0.0, last_time - 0.5)
        pick = round((last_time - seek) * target.fps)
        inputs = [*inputs, "-ss", f"{seek:.3f}", "-i", str(prev.clip)]
        parts.append(_still(1, "pv", target, 2 * half, spec.formats[1], plan, pick))
        parts.append(f"[{current}]tpad=start_mode=clone:start={half}[hp];"
                     f"[pv][hp]xfade=transition=fade:duration={2 * half / target.fps:.6f}:"
                     f"offset=0,trim=start_frame={half},setpts=PTS-STARTPTS[v1]")
        current = "v1"
    if crossfade and spec.following is not None:
        index = inputs.count("-i")
        inputs = [*inputs, "-i", str(spec.following.clip)]
        parts.append(_still(index, "nv", target, 2 * half, spec.formats[2], plan, 0))
        parts.append(f"[{current}]tpad=stop_mode=clone:stop={half}[tp];"
                     f"[tp][nv]xfade=transition=fade:duration={2 * half / target.fps:.6f}:"
                     f"offset={(n - half) / target.fps:.6f},trim=end_frame={n}[v2]")
        current = "v2"
    if transition is Transition.DIP_TO_BLACK:
        fades = []
        if spec.previous is not None:
            fades.append(f"fade=t=in:s=0:n={half}")
        if spec.following is not None:
            fades.append(f"fade=t=out:s={n - half}:n={half}")
        if fades:
            parts.append(f"[{current}]{','.join(fades)}[v3]")
            current = "v3"
    fonts = f":fontsdir={filter_value(str(spec.fonts_dir))}" if spec.fonts_dir else ""
    if spec.card > 0:
        parts.append(f"[{current}]drawbox=c=black:t=fill:enable='lt(t,{spec.card:.3f})'[vc]")
        current = "vc"
    if spec.titles is not None:
        parts.append(f"[{current}]subtitles=filename={filter_value(str(spec.titles))}"
                     f"{fonts}[vt]")
        current = "vt"
    if spec.subtitles is not None:
        parts.append(f"[{current}]subtitles=filename={filter_value(str(spec.subtitles))}"
                     f"{fonts}[v4]")
        current = "v4"
    # Transitions and subtitles may drop the frames' colour tags: set them again.
    parts.append(f"[{current}]{DELIVERY_PARAMS}[out]")
    return [*inputs, "-filter_complex", ";".join(parts), "-map", "[out]",
            *encoder_args(target, n), str(output)]


async def _reencoded_parts(plan: RenderPlan, work_dir: Path,
                           infos: Sequence[VideoTrackInfo | None],
                           formats: Sequence[SourceFormat | None], cues: Sequence[Cue],
                           font: FontChoice | None, fonts_dir: Path | None,
                           tracker: ProgressTracker, limit: int) -> VideoParts:
    scenes = plan.scenes
    specs: list[SegmentSpec] = []
    for i, scene in enumerate(scenes):
        subtitle_file: Path | None = None
        if plan.options.burn_subtitles and font is not None:
            mine = [c for c in cues if c.start < scene.end and c.end > scene.start]
            if mine:
                subtitle_file = work_dir / f"seg{i:04d}.ass"
                clipped = [Cue(max(c.start, scene.start), min(c.end, scene.end), c.lines)
                           for c in mine]
                subtitle_file.write_text(
                    to_ass(clipped, plan.target.width, plan.target.height, font.family,
                           offset=scene.start), encoding="utf-8")
        specs.append(SegmentSpec(
            scene=scene,
            previous=scenes[i - 1] if i > 0 else None,
            following=scenes[i + 1] if i + 1 < len(scenes) else None,
            infos=(infos[i], infos[i - 1] if i > 0 else None,
                   infos[i + 1] if i + 1 < len(scenes) else None),
            formats=(formats[i], formats[i - 1] if i > 0 else None,
                     formats[i + 1] if i + 1 < len(scenes) else None),
            subtitles=subtitle_file,
            fonts_dir=fonts_dir,
            titles=write_segment_titles(plan, scene, work_dir / f"seg{i:04d}.titles.ass", font),
            card=card_seconds(plan, scene),
        ))
    shared = SharedStage(tracker, "video", [s.frames for s in scenes])
    outputs = [work_dir / f"seg{i:04d}.mp4" for i in range(len(scenes))]

    def factory(i: int) -> Callable[[], Awaitable[str]]:
        spec = specs[i]
        message = f"Rendering {spec.scene.label}"
        return lambda: ffmpeg(
            segment_args(spec, plan, outputs[i]), what=f"rendering {spec.scene.label}",
            duration=spec.scene.duration, progress=shared.callback(i, message))

    await run_bounded([factory(i) for i in range(len(scenes))], limit)
    return VideoParts(tuple(outputs), "reencoded")


async def assemble_video(plan: RenderPlan, project_dir: Path, work_dir: Path,
                         infos: Sequence[VideoTrackInfo | None],
                         formats: Sequence[SourceFormat | None], cues: Sequence[Cue],
                         font: FontChoice | None, fonts_dir: Path | None,
                         tracker: ProgressTracker, limit: int) -> VideoParts:
    """Produce the per-scene files to join, by the cheapest way the options allow.

    ``formats`` describes each clip's picture for the conform filters (see
    ``clip_formats``).
    """
    transitions = plan.options.transition is not Transition.CUT and len(plan.scenes) > 1
    burn = plan.options.burn_subtitles and bool(cues) and font is not None
    if transitions or burn or (has_titles(plan) and font is not None):
        return await _reencoded_parts(plan, work_dir, infos, formats, cues, font, fonts_dir,
                                      tracker, limit)
    return await _normalized_parts(plan, project_dir, infos, formats, tracker, limit)


def _probe_clip(scene: SceneRender) -> MediaInfo:
    try:
        info = probe(scene.clip)
    except FFmpegError as exc:
        raise ExportError(f"{scene.label}: its clip {scene.clip.name} cannot be read "
                          f"({exc})") from exc
    if info.video is None:
        raise ExportError(f"{scene.label}: its clip {scene.clip.name} has no picture")
    return info


async def clip_formats(plan: RenderPlan, infos: Sequence[VideoTrackInfo | None],
                       ) -> tuple[list[SourceFormat], list[bool]]:
    """Each clip's picture format and whether it carries sound.

    H.264 MP4 clips are described from their boxes (no process); any other file (HEVC,
    VP9, ProRes, MJPEG, in any container ffmpeg reads) is probed with ffmpeg.

    Raises:
        ExportError: a clip ffmpeg cannot read, or one without a picture.
    """
    formats: list[SourceFormat] = []
    sound: list[bool] = []
    need = [i for i, info in enumerate(infos) if info is None or info.sps is None]
    probed = dict(zip(need, await asyncio.gather(
        *(asyncio.to_thread(_probe_clip, plan.scenes[i]) for i in need)), strict=True))
    for i, info in enumerate(infos):
        if i in probed:
            stream = probed[i].video
            assert stream is not None
            formats.append(source_from_probe(stream))
            sound.append(probed[i].audio is not None)
        else:
            assert info is not None
            formats.append(source_from_track(info))
            sound.append(info.has_audio)
    return formats, sound
