"""The film's finished sound track (gained, limited if need be, AAC-encoded), kept with its mix.

From a measured mix to the track in the MP4 is a pass of its own: the gain that reaches the
loudness target, a true-peak limiter at four times the sample rate when the peaks need one,
and the AAC encoder. The same mix WAV through the same filters and the same ffmpeg build gives
the same samples, so the encoded track is kept in the project's mix cache beside its mix,
``<project>/cache/mix/<mix key>-<encoding digest>.m4a``, and a re-export after a picture-only
change joins the clips and copies the track into the MP4 without encoding anything.

The encoding is everything between the mix and the track: the final filter chain (gain,
limiter, length) and the encoder's arguments. Its measurement (integrated loudness and true
peak of the decoded AAC) and the track's size and SHA-256 are recorded in the mix's JSON
record (``encoded`` and ``tracks``); a track whose bytes do not match its record is not used
(it is encoded again and replaced). Caching is best effort: a project folder that cannot be
written still exports, with the track in the export's scratch folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import math
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.atomic import atomic_write_text
from vidstudio.export.audio import (
    METER,
    METER_LOGLEVEL,
    GainPlan,
    Loudness,
    aac_args,
    final_chain,
    parse_ebur128,
)
from vidstudio.export.mixcache import MIX_CACHE, file_sha256
from vidstudio.export.result import ExportError
from vidstudio.export.runner import ffmpeg

if TYPE_CHECKING:
    from vidstudio.export.mixdown import Mixdown
    from vidstudio.export.plan import RenderPlan
    from vidstudio.export.runner import ProgressTracker

# The limiter's probe: gains over the first guess (dB) whose limited loudness is measured.
PROBE_STEPS_DB = (0.0, 1.0, 2.0, 3.5, 5.0, 7.0)
PROBING = "measuring the limiter"
_SUMMARY = re.compile(r"\[Parsed_ebur128_(\d+) @[^\]]*\] Summary:\s*Integrated loudness:\s*"
                      r"I:\s*(-?inf|-?[\d.]+)\s*LUFS")
# Tracks (encodings) remembered per mix: a few targets and bit rates, not an ever-growing set.
MAX_ENCODINGS = 8
ENCODING = "encoding the sound"
ENCODING_CHECKED = "encoding and checking the sound"
CHECKING = "checking the loudness"


@dataclass(frozen=True)
class SoundTrack:
    """An encoded sound track ready to be copied into the MP4, and what it measured."""

    path: Path
    loudness: Loudness
    cached: bool  # it came from the cache (nothing was encoded for it)


def sound_encoding(plan: RenderPlan, gain: GainPlan, samples: int) -> str:
    """Everything between the cached mix and the AAC track written (filters and encoder)."""
    return " ".join([final_chain(gain, samples),
                     *aac_args(plan.options.audio_bitrate_k, plan.options.aac_coder)])


def _encoding_id(encoding: str) -> str:
    return hashlib.sha256(encoding.encode()).hexdigest()[:16]


def track_path(project_dir: Path, mix: Mixdown, encoding: str) -> Path:
    return Path(project_dir) / MIX_CACHE / f"{mix.key}-{_encoding_id(encoding)}.m4a"


def _record(project_dir: Path, mix: Mixdown) -> Path:
    return Path(project_dir) / MIX_CACHE / f"{mix.key}.json"


def known_loudness(project_dir: Path, mix: Mixdown, encoding: str) -> Loudness | None:
    """What the AAC track made from this cached mix with ``encoding`` measured when an earlier
    export wrote it, or None (blocking)."""
    if not mix.key:
        return None
    try:
        data = json.loads(_record(project_dir, mix).read_text(encoding="utf-8"))
        integrated, peak = data["encoded"][encoding]
        return Loudness(float(integrated), float(peak))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def cached_track(project_dir: Path, mix: Mixdown, encoding: str) -> SoundTrack | None:
    """The kept track of this mix and encoding, if its bytes are the ones recorded (blocking:
    hashes the track, about 1.5 MB a minute of film). A damaged or missing track is None."""
    if not mix.key:
        return None
    path = track_path(project_dir, mix, encoding)
    try:
        data = json.loads(_record(project_dir, mix).read_text(encoding="utf-8"))
        integrated, peak = data["encoded"][encoding]
        facts = data["tracks"][encoding]
        if path.stat().st_size != int(facts["bytes"]) or file_sha256(path) != facts["sha256"]:
            return None
        return SoundTrack(path, Loudness(float(integrated), float(peak)), cached=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def known_guess(project_dir: Path, mix: Mixdown, first: str) -> float | None:
    """The gain an earlier export's limiter probe chose for this mix when the plain first
    guess was the encoding ``first`` (blocking), or None."""
    if not mix.key:
        return None
    try:
        data = json.loads(_record(project_dir, mix).read_text(encoding="utf-8"))
        return float(data["guesses"][first])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_guess(project_dir: Path, mix: Mixdown, first: str, gain_db: float) -> None:
    """Keep the probe's choice with the mix (best effort; blocking), so that a re-export
    asks for the same track without probing."""
    if not mix.key:
        return
    record = _record(project_dir, mix)
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        data = json.loads(record.read_text(encoding="utf-8"))
        guesses = data.setdefault("guesses", {})
        if len(guesses) >= MAX_ENCODINGS:
            guesses.clear()
        guesses[first] = gain_db
        atomic_write_text(record, json.dumps(data))


def keep_track(project_dir: Path, mix: Mixdown, encoding: str, track: SoundTrack) -> SoundTrack:
    """Record the measurement of a freshly encoded track and move it into the cache (best
    effort; blocking). Returns the track where it now lies."""
    if not mix.key:
        return track
    record = _record(project_dir, mix)
    target = track_path(project_dir, mix, encoding)
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        encoded = data.setdefault("encoded", {})
        tracks = data.setdefault("tracks", {})
        if len(encoded) >= MAX_ENCODINGS:
            for old in tracks:
                track_path(project_dir, mix, old).unlink(missing_ok=True)
            encoded.clear()
            tracks.clear()
        encoded[encoding] = [track.loudness.integrated, track.loudness.true_peak]
        facts = {"bytes": track.path.stat().st_size, "sha256": file_sha256(track.path)}
        shutil.move(track.path, part)  # a rename when the scratch folder is on the same disk
        os.replace(part, target)
        tracks[encoding] = facts
        atomic_write_text(record, json.dumps(data))
        return SoundTrack(target, track.loudness, cached=False)
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    # Not kept (best effort): the track is used from wherever the failed step left it whole.
    if track.path.exists():
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)  # a copy to another disk cut short
        return track
    if part.exists():
        with contextlib.suppress(OSError):
            os.replace(part, track.path)
        return track if track.path.exists() else SoundTrack(part, track.loudness, cached=False)
    return SoundTrack(target, track.loudness, cached=False)


@dataclass(frozen=True)
class Picture:
    """The joined picture to write with the sound in the same run: the concat list of the
    clips, the MP4 to write, and its tags (``-metadata`` arguments)."""

    concat_list: Path
    output: Path
    tags: tuple[str, ...] = ()


def tee_target(path: Path) -> str:
    """``path`` quoted for the tee muxer's list (its ``|``, ``[``, ``]``, quotes and
    backslashes are then taken literally)."""
    return "'" + str(path).replace("'", "'\\''") + "'"


async def encode_track(plan: RenderPlan, mix: Mixdown, gain: GainPlan, output: Path,
                       fused: bool, tracker: ProgressTracker,
                       picture: Picture | None = None) -> SoundTrack:
    """Encode the mix through the final chain to an AAC track in ``output`` (an MP4 audio
    file, which keeps the encoder's priming so a stream copy keeps the sound in sync) and
    measure what was encoded: in the same ffmpeg run when it can decode its own output (a
    loopback decoder), else with a second run. With ``picture``, the same run also writes
    the film: the joined clips (stream copy) and the same encoded packets, through the tee
    muxer, so a fresh sound track costs no separate run to put it in the MP4.

    Raises:
        ExportError: ffmpeg failed.
    """
    chain = final_chain(gain, mix.samples)
    encoder = aac_args(plan.options.audio_bitrate_k, plan.options.aac_coder)
    if picture is None:
        args = ["-i", str(mix.path), "-filter_complex", f"[0:a]{chain}[aout]",
                "-map", "[aout]", *encoder, "-f", "mp4", str(output)]
        sound = "0:0"
    else:
        args = ["-f", "concat", "-safe", "0", "-i", str(picture.concat_list),
                "-i", str(mix.path), "-filter_complex", f"[1:a]{chain}[aout]",
                "-map", "0:v:0", "-map", "[aout]", "-c:v", "copy", *encoder, *picture.tags,
                "-f", "tee",
                f"[f=mp4:movflags=+faststart]{tee_target(picture.output)}|"
                f"[f=mp4:select=a]{tee_target(output)}"]
        sound = "0:1"
    progress = tracker.stage("sound", "Encoding the sound")
    if fused:
        # The AAC stream of output 0, decoded back: measures what was written.
        args += ["-dec", sound, "-filter_complex", f"[dec:0]{METER}[check]",
                 "-map", "[check]", "-f", "null", "-"]
        log = await ffmpeg([*METER_LOGLEVEL, *args], what=ENCODING_CHECKED,
                           duration=plan.duration, progress=progress)
    else:
        await ffmpeg(args, what=ENCODING, duration=plan.duration, progress=progress)
        log = await ffmpeg(
            [*METER_LOGLEVEL, "-i", str(output), "-map", "0:a:0", "-af", METER,
             "-f", "null", "-"],
            what=CHECKING, duration=plan.duration,
            progress=tracker.stage("verify", "Checking the loudness"))
    tracker.report("verify", 1.0, "Encoding the sound")
    try:
        loudness = await asyncio.to_thread(parse_ebur128, log)
    except ValueError as exc:
        raise ExportError(f"measuring the encoded sound failed: {exc}") from exc
    return SoundTrack(output, loudness, cached=False)


def _probe_graph(gain: GainPlan) -> tuple[str, list[str]]:
    """One branch per probed gain: the gain, the limiter (at the sample rate: its effect on
    the loudness is within 0.1 LU of the oversampled one) and the loudness meter."""
    assert gain.limit_dbtp is not None
    limit = max(0.0625, min(1.0, 10 ** (gain.limit_dbtp / 20)))
    labels = [f"p{k}" for k in range(len(PROBE_STEPS_DB))]
    parts = [f"[0:a]asplit={len(labels)}{''.join(f'[{label}in]' for label in labels)}"]
    for label, step in zip(labels, PROBE_STEPS_DB, strict=True):
        parts.append(f"[{label}in]volume={gain.gain_db + step:.3f}dB,"
                     f"alimiter=limit={limit:.5f}:attack=2:release=80:level=0:latency=1,"
                     f"ebur128=framelog=quiet[{label}]")
    outputs: list[str] = []
    for label in labels:
        outputs += ["-map", f"[{label}]", "-f", "null", "-"]
    return ";".join(parts), outputs


def parse_probe(log: str) -> list[float]:
    """The integrated loudness of each probe branch, in branch order (ffmpeg prints the
    summaries in the order its filters close, so they are sorted by the filters' numbers).

    Raises:
        ValueError: not one summary per branch.
    """
    found = sorted((int(n), -math.inf if "inf" in value else float(value))
                   for n, value in _SUMMARY.findall(log))
    if len(found) != len(PROBE_STEPS_DB):
        raise ValueError(f"{len(found)} loudness summaries for {len(PROBE_STEPS_DB)} gains")
    return [value for _, value in found]


def gain_for_target(gains: list[float], loudness: list[float], target: float) -> float:
    """The gain whose limited loudness meets ``target``, interpolated between the probed
    points (loudness grows with gain, more slowly the harder the limiter works); beyond the
    last point, along the last slope."""
    points = [(g, value) for g, value in zip(gains, loudness, strict=True)
              if math.isfinite(value)]
    if not points or target <= points[0][1]:
        return gains[0]
    for (g0, l0), (g1, l1) in itertools.pairwise(points):
        if l0 <= target <= l1 and l1 > l0:
            return g0 + (g1 - g0) * (target - l0) / (l1 - l0)
    if len(points) < 2:
        return points[-1][0]
    (g0, l0), (g1, l1) = points[-2], points[-1]
    slope = max((l1 - l0) / (g1 - g0), 0.25)
    return g1 + min((target - l1) / slope, 12.0)


async def limited_gain(plan: RenderPlan, mix: Mixdown, gain: GainPlan,
                       tracker: ProgressTracker) -> float:
    """A first guess that counts the limiter's effect: the loudness after the gain and the
    limiter is measured at a few gains over ``gain`` in one ffmpeg run (no encoding), and the
    gain that meets the target is interpolated. Without it the first encoding misses by as
    much as the limiter takes away, and each correction only gets part of the way.

    Raises:
        ExportError: ffmpeg failed or printed no summaries.
    """
    graph, outputs = _probe_graph(gain)
    log = await ffmpeg([*METER_LOGLEVEL, "-i", str(mix.path), "-filter_complex", graph,
                        *outputs], what=PROBING, duration=plan.duration,
                       progress=tracker.stage("verify", "Measuring the limiter"))
    try:
        measured = await asyncio.to_thread(parse_probe, log)
    except ValueError as exc:
        raise ExportError(f"measuring the limiter failed: {exc}") from exc
    gains = [gain.gain_db + step for step in PROBE_STEPS_DB]
    return gain_for_target(gains, measured, plan.target.loudness_lufs)
