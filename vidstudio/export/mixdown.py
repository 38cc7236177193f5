"""Rendering the mix to a float WAV while measuring its loudness, in bounded memory.

A short film is mixed in one ffmpeg run. A long one is first laid out in groups of scenes,
each group writing its stems (beds, narration, clip sound) as WAV pieces, then one bus run
joins each stem's pieces with the concat demuxer and mixes them. ffmpeg keeps some memory per
opened input, so this keeps the peak flat however many scenes there are, and the ducking
still runs over each stem as one continuous signal.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.export.audio import (
    METER,
    METER_LOGLEVEL,
    Loudness,
    active_stems,
    build_mix_graph,
    bus_graph,
    chunk_scenes,
    parse_ebur128,
    stems_graph,
)
from vidstudio.export.runner import ProgressTracker, SharedStage, ffmpeg, run_bounded
from vidstudio.export.video import concat_list

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping
    from pathlib import Path

    from vidstudio.export.plan import RenderPlan

# Inputs one ffmpeg mix run may open; ~1 MB each, so this bounds a mix run at ~55 MB.
MAX_INPUTS_PER_RUN = 20


@dataclass(frozen=True)
class Mixdown:
    """The mixed sound, before the loudness gain: a float WAV of exactly ``samples``."""

    path: Path
    samples: int
    loudness: Loudness
    key: str = ""  # its key in the project's mix cache ("": not cached)


async def render_mix(plan: RenderPlan, work_dir: Path, clip_has_audio: Mapping[str, bool],
                     tracker: ProgressTracker, limit: int = 1) -> Mixdown:
    """Mix the film's sound into ``work_dir/mix.wav`` and measure it (EBU R128, true peak).

    Progress goes to the tracker's ``mix`` stage. ``limit`` groups are laid out at a time; the
    default of one keeps the peak memory of a long film that of a short one (running two
    at once saves about a second per five minutes of film on two cores).

    Raises:
        ExportError: ffmpeg failed, or printed no loudness summary.
    """
    output = work_dir / "mix.wav"
    graph = build_mix_graph(plan, 0, clip_has_audio)
    encode = ["-c:a", "pcm_f32le", "-f", "wav", str(output)]
    if len(graph.inputs) <= MAX_INPUTS_PER_RUN:
        log = await ffmpeg(
            [*METER_LOGLEVEL, *graph.input_args(), "-filter_complex",
             f"{graph.graph};[{graph.label}]{METER}[metered]", "-map", "[metered]", *encode],
            what="mixing the sound", duration=plan.duration,
            progress=tracker.stage("mix", "Mixing the sound"))
        return Mixdown(output, graph.samples, await asyncio.to_thread(_loudness, log))

    stems = active_stems(plan, clip_has_audio)
    groups = chunk_scenes(plan, stems, MAX_INPUTS_PER_RUN)
    # Laying out the stems is most of the work; the bus run is weighted as one more group.
    weights = [sum(s.duration for s in g) for g in groups]
    shared = SharedStage(tracker, "mix", [*weights, plan.duration / 2])
    pieces: dict[str, list[Path]] = {stem: [] for stem in stems}
    jobs: list[Callable[[], Awaitable[str]]] = []
    for k, group in enumerate(groups):
        layout = stems_graph(plan, group, stems, 0, clip_has_audio)
        args = [*layout.input_args(), "-filter_complex", layout.graph]
        for stem in stems:
            piece = work_dir / f"{stem}-{k:04d}.wav"
            pieces[stem].append(piece)
            args += ["-map", f"[{stem}]", "-c:a", "pcm_f32le", "-f", "wav", str(piece)]
        seconds = sum(s.duration for s in group)
        jobs.append(_job(args, seconds, shared.callback(k, "Mixing the sound")))
    await run_bounded(jobs, limit)

    inputs: list[str] = []
    pads: dict[str, str] = {}
    durations = [sum(s.duration for s in g) for g in groups]
    for i, stem in enumerate(stems):
        listing = work_dir / f"{stem}.ffconcat"
        listing.write_text(concat_list(pieces[stem], durations), encoding="utf-8")
        inputs += ["-f", "concat", "-safe", "0", "-i", str(listing)]
        pads[stem] = f"[{i}:a]"
    bus = bus_graph(plan, pads, graph.samples, "mix")
    log = await ffmpeg(
        [*METER_LOGLEVEL, *inputs, "-filter_complex", f"{bus};[mix]{METER}[metered]",
         "-map", "[metered]", *encode],
        what="mixing the sound", duration=plan.duration,
        progress=shared.callback(len(groups), "Mixing the sound"))
    for paths in pieces.values():
        for path in paths:
            path.unlink(missing_ok=True)
    # A long film's meter log is large: parsing it is work for a thread, not the event loop.
    return Mixdown(output, graph.samples, await asyncio.to_thread(_loudness, log))


def _job(args: list[str], seconds: float,
         progress: Callable[[float], None]) -> Callable[[], Awaitable[str]]:
    return lambda: ffmpeg(args, what="laying out the sound", duration=seconds,
                          progress=progress)


def _loudness(log: str) -> Loudness:
    from vidstudio.export.result import ExportError

    try:
        return parse_ebur128(log)
    except ValueError as exc:
        raise ExportError(f"measuring the loudness failed: {exc}") from exc
