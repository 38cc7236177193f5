"""``export_project``: the whole export, from a project to an MP4 (or OTIO) and its subtitles.

MP4 steps, each one ffmpeg process (or a few in parallel):

0. up to date: when the output was written by an export of exactly these inputs and options
   and is untouched, the recorded result is returned and nothing runs (``uptodate``);
1. picture: the per-scene files (clips as they are, clips conformed to the delivery format
   once and cached, or re-rendered segments), all sharing one H.264 configuration;
2. sound: the mix graph, written once to a float WAV while ``ebur128`` measures it, kept in
   the project's mix cache and reused while its inputs are unchanged (``mixcache``);
3. sound track: the mix with the gain (and, if the peaks need it, a true-peak limiter) that
   reaches the loudness target, encoded to AAC and measured again (in the same run when
   ffmpeg can decode its own output); if it misses the target or the ceiling, it is encoded
   again with a corrected gain (AAC overshoot or heavy limiting). The finished track is kept
   with its mix (``soundtrack``). The run that encodes a track also writes the MP4 with it
   (the joined picture by stream copy, the same AAC packets, through the tee muxer);
4. output, when the track came from the cache (a re-export of the same sound, which encodes
   nothing): the joined picture and the kept track, both by stream copy, ``+faststart``.

The output is written through ``atomic_output``: an existing file is only replaced once the new
one is complete, and a cancelled or failed export leaves no partial file behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.atomic import (
    atomic_output,
    atomic_write_text,
    current_umask,
    fresh_temp_dir,
    fsync_dir,
)
from vidstudio.export.audio import (
    GainPlan,
    adjust_gain,
    narration_seconds_needed,
    plan_gain,
)
from vidstudio.export.mixcache import cached_mix
from vidstudio.export.options import ExportOptions, Transition
from vidstudio.export.plan import RenderPlan, build_render_plan
from vidstudio.export.result import ExportError, ExportResult
from vidstudio.export.runner import (
    ProgressTracker,
    default_jobs,
    encoder_identity,
    ffmpeg,
    has_loopback_decoders,
    run_both,
)
from vidstudio.export.soundtrack import (
    Picture,
    SoundTrack,
    cached_track,
    encode_track,
    keep_track,
    known_guess,
    known_loudness,
    limited_gain,
    remember_guess,
    sound_encoding,
)
from vidstudio.export.subtitles import Cue, build_cues, find_font, stage_font, to_srt, to_vtt
from vidstudio.export.titles import has_titles, overlays
from vidstudio.export.uptodate import export_key, record_result, recorded_result
from vidstudio.export.video import (
    assemble_video,
    clip_formats,
    concat_list,
    read_infos,
    uniform_config,
)
from vidstudio.media.ffmpeg import FFmpegError, probe

if TYPE_CHECKING:
    from vidstudio.core.models import Project
    from vidstudio.export.mixdown import Mixdown
    from vidstudio.export.mp4info import VideoTrackInfo

ProgressCallback = Callable[[float, str], None]
# Whether an input file still holds the bytes it was made with (blocking; given by the caller,
# who knows how its files are named: a project's assets are named by their content hash).
VerifyFile = Callable[[Path], bool]
MAX_AUDIO_PASSES = 3
MUXING = "writing the MP4"


def wav_seconds(path: Path) -> float | None:
    """Length of a RIFF/WAVE file from its header (any sample format), or None when the file
    is not one this reads (blocking; reads a few hundred bytes). Cheaper than importing an
    audio library for a number the header holds."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            rate = block = 0
            for _ in range(64):  # chunks before the data: fmt, LIST, fact, ...
                chunk = handle.read(8)
                if len(chunk) < 8:
                    return None
                name, size = chunk[:4], int.from_bytes(chunk[4:], "little")
                if name == b"fmt ":
                    fmt = handle.read(size + (size & 1))
                    if len(fmt) < 16:
                        return None
                    rate = int.from_bytes(fmt[4:8], "little")
                    block = int.from_bytes(fmt[12:14], "little")
                elif name == b"data":
                    if not rate or not block:
                        return None
                    # A streamed WAV may say 0 or 0xFFFFFFFF: trust the file's size then.
                    if size in (0, 0xFFFFFFFF):
                        size = path.stat().st_size - handle.tell()
                    return (size // block) / rate
                else:
                    handle.seek(size + (size & 1), os.SEEK_CUR)
    except OSError:
        return None
    return None


def media_seconds(paths: Iterable[Path]) -> dict[Path, float]:
    """Length of each readable media file (blocking): a WAV's header, else soundfile, else
    ffmpeg. soundfile (and numpy with it) is only imported for a file that is not a WAV."""
    found: dict[Path, float] = {}
    for path in paths:
        if (seconds := wav_seconds(path)) is not None:
            found[path] = seconds
            continue
        import soundfile  # type: ignore[import-untyped]

        try:
            info = soundfile.info(str(path))
            found[path] = float(info.frames) / float(info.samplerate)
            continue
        except (RuntimeError, OSError, ValueError, TypeError):
            pass
        with contextlib.suppress(FFmpegError, OSError):
            found[path] = probe(path).duration
    return found


def checked_plan(project: Project, project_dir: Path, options: ExportOptions) -> RenderPlan:
    """The render plan of an export, its files checked (what the export key is made from; the
    batch uses it to record a film moved out of scratch as up to date)."""
    return _check_files(build_render_plan(project, project_dir, options))


def _check_files(plan: RenderPlan) -> RenderPlan:
    """Refuse missing clips; a missing bed or narration file becomes silence, with a note."""
    notes = list(plan.notes)
    scenes = []
    for scene in plan.scenes:
        if not scene.clip.is_file():
            raise ExportError(f"{scene.label}: its clip file {scene.clip.name} is missing")
        bed, narration = scene.bed, scene.narration
        if bed is not None and not bed.is_file():
            notes.append(f"{scene.label}: sound file {bed.name} is missing; silence instead")
            bed = None
        if narration is not None and not narration.is_file():
            notes.append(f"{scene.label}: narration file {narration.name} is missing; "
                         f"silence instead")
            narration = None
        scenes.append(dataclasses.replace(scene, bed=bed, narration=narration))
    return dataclasses.replace(plan, scenes=tuple(scenes), notes=tuple(notes))


def _check_contents(plan: RenderPlan, verify: VerifyFile) -> None:
    """Refuse an input whose bytes changed since it was made (blocking: may hash files)."""
    for scene in plan.scenes:
        for what, path in (("clip", scene.clip), ("sound", scene.bed),
                           ("narration", scene.narration)):
            if path is not None and not verify(path):
                raise ExportError(
                    f"{scene.label}: its {what} file {path.name} was changed after it was made "
                    "(its bytes do not match its content hash); regenerate it, or render "
                    "again to make it anew")


def _work_dir(project_dir: Path) -> Path:
    """A fresh scratch folder for this export, after removing the ones that killed processes
    left behind (a running export's folder carries its live process id and is kept). A
    project that cannot be written (read-only) is still exported, with scratch files in the
    system's temporary folder."""
    try:
        return fresh_temp_dir(Path(project_dir) / "cache" / "tmp", "export-")
    except OSError:
        return fresh_temp_dir(Path(tempfile.gettempdir()), "vidstudio-export-")


def _readable(*paths: Path) -> None:
    """Give finished outputs the permissions a newly created file gets under the umask (the
    atomic temporary files they were renamed from may have been created owner-only)."""
    mode = 0o666 & ~current_umask()
    for path in paths:
        with contextlib.suppress(OSError):
            os.chmod(path, mode)


def _write_sidecars(output: Path, cues: list[Cue]) -> tuple[Path, ...]:
    srt, vtt = output.with_suffix(".srt"), output.with_suffix(".vtt")
    atomic_write_text(srt, to_srt(cues))
    atomic_write_text(vtt, to_vtt(cues))
    _readable(srt, vtt)
    return srt, vtt


async def export_project(project: Project, project_dir: Path, output: Path,
                         options: ExportOptions | None = None,
                         progress: ProgressCallback | None = None, *,
                         force: bool = False, verify: VerifyFile | None = None) -> ExportResult:
    """Export ``project`` to ``output`` (``.mp4`` or ``.otio``), with SRT/WebVTT beside it.

    Runs on the event loop; every heavy step is an ffmpeg subprocess or a worker thread.
    Cancelling the awaiting task kills ffmpeg, removes partial files and leaves an existing
    ``output`` untouched.

    Args:
        project: the project; scenes need a ready clip, sound and narration are optional.
        project_dir: the project folder that the takes' relative paths start from; normalised
            clips are cached in its ``cache/normalized``.
        output: the file to write; its extension chooses the format.
        options: export options; None = the project's own format, web loudness.
        progress: called with (fraction 0..1, message) as the export advances.
        force: export even when the output is up to date.
        verify: checks that an input file still holds the bytes it was made with (called on
            a worker thread for every clip, sound and narration before anything is written).

    Returns:
        What was written; ``up_to_date`` is set (and no ffmpeg was run) when ``output`` was
        written by an earlier export of exactly the same inputs and options and has not been
        touched since (see ``vidstudio.export.uptodate``).

    Raises:
        ExportError: an unsupported extension, a scene without a ready clip or with a missing
            clip file, invalid options, or ffmpeg failing (its message included).
    """
    started = time.monotonic()
    options = options or ExportOptions()
    project_dir, output = Path(project_dir), Path(output)
    kind = output.suffix.lower()
    if kind not in (".mp4", ".otio"):
        raise ExportError(f"cannot export to {output.suffix or 'a file without an extension'}"
                          f": choose .mp4 or .otio")
    if not output.parent.is_dir():
        raise ExportError(f"the folder {output.parent} does not exist")
    if output.is_dir():
        raise ExportError(f"{output} is a folder, not a file name")
    plan = checked_plan(project, project_dir, options)
    if verify is not None:
        await asyncio.to_thread(_check_contents, plan, verify)
    key = await asyncio.to_thread(export_key, plan, output,
                                  await asyncio.to_thread(encoder_identity))
    if not force:
        previous = await asyncio.to_thread(recorded_result, project_dir, output, key)
        if previous is not None:
            if progress is not None:
                progress(1.0, "Up to date")
            return dataclasses.replace(previous, up_to_date=True,
                                       elapsed_s=time.monotonic() - started)
    result = await _export(plan, project_dir, output, kind, started, progress)
    await asyncio.to_thread(record_result, project_dir, key, result)
    return result


async def _export(plan: RenderPlan, project_dir: Path, output: Path, kind: str,
                  started: float, progress: ProgressCallback | None) -> ExportResult:
    wanted = {s.narration for s in plan.scenes if s.scene_id in narration_seconds_needed(plan)}
    if kind == ".otio":
        wanted |= {p for s in plan.scenes for p in (s.bed, s.narration) if p is not None}
    lengths = await asyncio.to_thread(media_seconds, [p for p in wanted if p is not None])
    cues = build_cues(plan, {s.scene_id: lengths[s.narration] for s in plan.scenes
                             if s.narration is not None and s.narration in lengths})
    if kind == ".otio":
        return await _export_otio(plan, output, cues, lengths, started, progress)
    return await _export_mp4(plan, project_dir, output, cues, started, progress)


async def _export_otio(plan: RenderPlan, output: Path, cues: list[Cue],
                       lengths: dict[Path, float], started: float,
                       progress: ProgressCallback | None) -> ExportResult:
    from vidstudio.export.otio import build_timeline, write_timeline

    infos = await read_infos([s.clip for s in plan.scenes])
    for scene, info in zip(plan.scenes, infos, strict=True):
        if info is not None and info.duration > 0:
            lengths[scene.clip] = info.duration
    timeline = build_timeline(plan, lengths)
    with atomic_output(output) as part:
        await asyncio.to_thread(write_timeline, timeline, part)
    _readable(output)
    sidecars = _write_sidecars(output, cues) if plan.options.sidecars else ()
    notes = list(plan.notes)
    if plan.options.transition is Transition.DIP_TO_BLACK:
        notes.append("dips to black are not part of the OTIO timeline (cuts instead)")
    if progress is not None:
        progress(1.0, "Timeline written")
    return ExportResult(output=output, duration=plan.duration, video_mode="timeline",
                        sidecars=sidecars, notes=tuple(notes),
                        elapsed_s=time.monotonic() - started)


def _tags(plan: RenderPlan) -> tuple[str, ...]:
    return ("-metadata", f"title={plan.title}",
            *(("-metadata", f"comment={plan.comment}") if plan.comment else ()))


def _mux_args(list_file: Path, track: Path, plan: RenderPlan, part: Path) -> list[str]:
    """Join the picture and put the finished sound track beside it: both by stream copy."""
    return [
        "-f", "concat", "-safe", "0", "-i", str(list_file),
        "-i", str(track),
        "-map", "0:v:0", "-map", "1:a:0",
        "-c", "copy",
        "-movflags", "+faststart",
        *_tags(plan),
        "-f", "mp4", str(part),
    ]


async def _first_limited_guess(plan: RenderPlan, project_dir: Path, mix: Mixdown,
                               gain: GainPlan, tracker: ProgressTracker) -> GainPlan:
    """The gain to encode first when the limiter works: chosen by the limiter's probe (once
    per mix and plain guess; remembered with the mix), unless the plain guess's track is
    already known from an earlier export."""
    first = sound_encoding(plan, gain, mix.samples)
    known = await asyncio.to_thread(known_guess, project_dir, mix, first)
    if known is None:
        if await asyncio.to_thread(known_loudness, project_dir, mix, first) is not None:
            return gain  # an earlier export's passes are known: they lead the way
        known = await limited_gain(plan, mix, gain, tracker)
        await asyncio.to_thread(remember_guess, project_dir, mix, first, known)
    return dataclasses.replace(gain, gain_db=round(known, 2))


async def _finished_sound(plan: RenderPlan, project_dir: Path, work_dir: Path, mix: Mixdown,
                          tracker: ProgressTracker, notes: list[str], picture: Picture
                          ) -> tuple[SoundTrack, GainPlan]:
    """The sound track that meets the loudness target: kept from an earlier export of the
    same mix and encoding, else encoded and measured, with the gain corrected and encoded
    again while the measurement misses (at most ``MAX_AUDIO_PASSES`` encodings). Each
    encoding also writes ``picture`` (the MP4 with that track): a track that is not from the
    cache is already in the film."""
    target = plan.target
    gain = plan_gain(mix.loudness, target.loudness_lufs, target.true_peak_dbtp)
    fused = await asyncio.to_thread(has_loopback_decoders)
    if gain.limit_dbtp is not None:
        gain = await _first_limited_guess(plan, project_dir, mix, gain, tracker)
    track: SoundTrack | None = None
    for attempt in range(MAX_AUDIO_PASSES):
        encoding = sound_encoding(plan, gain, mix.samples)
        last = attempt == MAX_AUDIO_PASSES - 1
        track = await asyncio.to_thread(cached_track, project_dir, mix, encoding)
        known = track.loudness if track is not None else await asyncio.to_thread(
            known_loudness, project_dir, mix, encoding)
        if known is not None and not last and (better := adjust_gain(
                gain, known, target.loudness_lufs, target.true_peak_dbtp)) is not None:
            gain = better  # this track is known to miss: not encoded again
            continue
        if track is None:
            fresh = await encode_track(plan, mix, gain, work_dir / f"sound-{attempt}.m4a",
                                       fused, tracker, picture)
            track = await asyncio.to_thread(keep_track, project_dir, mix, encoding, fresh)
        else:
            tracker.report("sound", 1.0, "Sound unchanged, reused")
            tracker.report("verify", 1.0, "Sound unchanged, reused")
        better = adjust_gain(gain, track.loudness, target.loudness_lufs,
                             target.true_peak_dbtp)
        if better is None:
            break
        if last:
            notes.append(f"the sound measured {track.loudness.integrated:.1f} LUFS, "
                         f"{track.loudness.true_peak:.1f} dBTP after {MAX_AUDIO_PASSES} tries")
            break
        gain = better
    assert track is not None  # the last attempt always sets it
    return track, gain


def _needs_video_work(plan: RenderPlan, infos: list[VideoTrackInfo | None]) -> bool:
    if plan.options.burn_subtitles or has_titles(plan):
        return True
    if plan.options.transition is not Transition.CUT and len(plan.scenes) > 1:
        return True
    return uniform_config(plan, infos) is None


async def _export_mp4(plan: RenderPlan, project_dir: Path, output: Path, cues: list[Cue],
                      started: float, progress: ProgressCallback | None) -> ExportResult:
    options = plan.options
    notes = list(plan.notes)
    infos = await read_infos([s.clip for s in plan.scenes])
    formats, has_sound = await clip_formats(plan, infos)
    # Relative costs measured on a 2-core machine: encoding dominates whenever it happens.
    tracker = ProgressTracker(progress, {
        "video": 6.0 if _needs_video_work(plan, infos) else 0.0,
        "mix": 1.0, "sound": 1.4, "verify": 0.4, "mux": 0.2,
    })
    tracker.report("video", 0.0, "Checking the clips")
    limit = options.jobs or default_jobs()
    work_dir = _work_dir(project_dir)
    try:
        font = fonts_dir = None
        burn = options.burn_subtitles and bool(cues)
        if burn or has_titles(plan):
            text = " ".join([*(cue.text for cue in cues), *(o.text for o in overlays(plan))])
            font = await asyncio.to_thread(find_font, project_dir / "cache" / "fonts", text)
            if font is None:
                notes.append("no font was found, so the subtitles and titles were not burned "
                             "in (the .srt/.vtt files still carry the subtitles)")
            else:
                fonts_dir = await asyncio.to_thread(stage_font, font, work_dir / "fonts")
                if font.note:
                    notes.append(font.note)
        clip_has_audio = {s.scene_id: sound
                          for s, sound in zip(plan.scenes, has_sound, strict=True)}
        with atomic_output(output, sync_dir=False) as part:
            # Picture and sound do not depend on each other: while x264 works (when it has
            # to) the mix is made and measured alongside.
            parts, mix = await run_both(
                assemble_video(plan, project_dir, work_dir, infos, formats, cues, font,
                               fonts_dir, tracker, limit),
                cached_mix(plan, project_dir, work_dir, clip_has_audio, tracker))
            list_file = work_dir / "video.ffconcat"
            list_file.write_text(concat_list(parts.files, [s.duration for s in plan.scenes]),
                                 encoding="utf-8")
            track, gain = await _finished_sound(plan, project_dir, work_dir, mix, tracker,
                                                notes, Picture(list_file, part, _tags(plan)))
            if track.cached:  # else the run that encoded it wrote the film with it
                await ffmpeg(_mux_args(list_file, track.path, plan, part), what=MUXING,
                             duration=plan.duration,
                             progress=tracker.stage("mux", "Writing the MP4"))
            measured = track.loudness
        await asyncio.to_thread(fsync_dir, output.parent)
        await asyncio.to_thread(_readable, output)
        sidecars = (await asyncio.to_thread(_write_sidecars, output, cues)
                    if options.sidecars else ())
    except BaseException:
        # Synchronous on purpose: it must also run when the task is being cancelled.
        shutil.rmtree(work_dir, ignore_errors=True)
        raise
    # Deleting the scratch files (the mix alone is tens of MB) is disk work: off the loop.
    await asyncio.to_thread(shutil.rmtree, work_dir, ignore_errors=True)
    tracker.finish("Export finished")
    return ExportResult(
        output=output,
        duration=plan.duration,
        video_mode=parts.mode,
        normalized_scenes=parts.normalized_scenes,
        cache_hits=parts.cache_hits,
        sidecars=sidecars,
        loudness_lufs=None if measured.silent else measured.integrated,
        true_peak_dbtp=measured.true_peak,
        limiter_applied=gain.limit_dbtp is not None,
        sound_reused=track.cached,
        notes=tuple(notes),
        elapsed_s=time.monotonic() - started,
    )
