"""The audio mix as one ffmpeg filter graph, and the loudness arithmetic around it.

Layout: every scene contributes one segment of exactly its length to each of up to three
tracks (beds, narration, clip sound); each track is the concat of its segments, so the work is
proportional to the film's length, not to scenes x length. The beds are ducked by a sidechain
compressor keyed by the narration, then everything is summed without amix's 1/n scaling. The
loudness target is reached afterwards, from a measurement (see ``final_chain``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.core.timeline import NARRATION_LEAD
from vidstudio.export.options import AUDIO_RATE, BedFit

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from vidstudio.export.plan import RenderPlan, SceneRender

_FMT = f"aformat=sample_fmts=fltp:sample_rates={AUDIO_RATE}:channel_layouts=stereo"
PROBE_BYTES = 65536
# Edges of every segment are faded this long so a cut never clicks.
_EDGE_FADE = 0.015
# Narration above this level (dBFS) ducks the beds; well below speech, above room noise.
_DUCK_THRESHOLD_DB = -55.0
# Speech sits ~35 dB over the threshold; the compressor then leaves this much of the bed.
_NOMINAL_OVER_DB = 35.0
_RATIO = 20.0
# ffmpeg's compressor takes about twice its release time to give back the last dB, so the
# user's "release" (time until the bed is back) is halved.
_RELEASE_SCALE = 0.5


@dataclass(frozen=True)
class AudioInput:
    """One ``-i`` of the mix; ``loop`` opens it with ``-stream_loop -1``."""

    path: Path
    loop: bool = False

    def args(self) -> list[str]:
        # ffmpeg reads up to 5 MB of every input to identify it; sound files need far less,
        # and with dozens of inputs that reading is most of the mix's time.
        return ["-probesize", str(PROBE_BYTES), *(["-stream_loop", "-1"] if self.loop else []),
                "-i", str(self.path)]


@dataclass(frozen=True)
class MixGraph:
    """``inputs`` are numbered from the ``first_index`` given to ``build_mix_graph``; the
    graph's output pad is ``[<label>]``, stereo float at 48 kHz, exactly ``samples`` long."""

    inputs: tuple[AudioInput, ...]
    graph: str
    label: str
    samples: int

    def input_args(self) -> list[str]:
        return [arg for item in self.inputs for arg in item.args()]


def duck_mix_amount(amount_db: float) -> float:
    """The compressor's wet/dry ``mix`` that leaves the bed ``amount_db`` lower while speech
    sits at the nominal level over the threshold (dry * (1 - mix) + wet * mix)."""
    floor = 10 ** (-amount_db / 20)
    wet_gain = 10 ** (-_NOMINAL_OVER_DB * (1 - 1 / _RATIO) / 20)
    return max(0.0, min(1.0, (1 - floor) / (1 - wet_gain)))


def _samples(seconds: float) -> int:
    return round(seconds * AUDIO_RATE)


def _silence(n: int) -> str:
    return f"anullsrc=r={AUDIO_RATE}:cl=stereo,atrim=end_sample={n},{_FMT}"


def _fit(n: int) -> str:
    """Trim or pad to exactly ``n`` samples, restamp from 0, fade both edges."""
    d = n / AUDIO_RATE
    return (f"atrim=end_sample={n},apad=whole_len={n},asetpts=N/SR/TB,"
            f"afade=t=in:d={_EDGE_FADE},afade=t=out:st={d - _EDGE_FADE:.6f}:d={_EDGE_FADE}")


STEMS = ("beds", "narration", "clip", "music")


def active_stems(plan: RenderPlan, clip_has_audio: Mapping[str, bool]) -> tuple[str, ...]:
    """The stems that carry sound in this film, in mixing order."""
    found = []
    if plan.mix.beds > 0 and any(s.bed is not None for s in plan.scenes):
        found.append("beds")
    if plan.mix.narration > 0 and any(s.narration is not None for s in plan.scenes):
        found.append("narration")
    if plan.mix.clip_audio > 0 and any(clip_has_audio.get(s.scene_id) for s in plan.scenes):
        found.append("clip")
    if plan.mix.music > 0 and plan.music is not None:
        found.append("music")
    return tuple(found)


def _stem_segment(plan: RenderPlan, scene: SceneRender, stem: str, pad: str,
                  clip_has_audio: Mapping[str, bool],
                  add_input: Callable[[Path, bool], int]) -> str:
    """One scene's piece of one stem, exactly the scene's length."""
    n = _samples(scene.duration)
    if stem == "beds" and scene.bed is not None:
        k = add_input(scene.bed, plan.options.bed_fit is BedFit.LOOP)
        return f"[{k}:a]{_FMT},{_fit(n)}[{pad}]"
    if stem == "narration" and scene.narration is not None:
        k = add_input(scene.narration, False)
        lead = _samples(NARRATION_LEAD)
        speech = max(1, n - lead)
        return (f"[{k}:a]{_FMT},atrim=end_sample={speech},asetpts=N/SR/TB,"
                f"afade=t=out:st={speech / AUDIO_RATE - _EDGE_FADE:.6f}:d={_EDGE_FADE},"
                f"adelay=delays={lead}S:all=1,apad=whole_len={n},atrim=end_sample={n}[{pad}]")
    if stem == "music" and plan.music is not None:
        # The score is one file for the film, fitted to its length (export/musicfit.py): each
        # scene takes its own stretch of it, cut to the sample and not faded, so the joins are
        # seamless (no dip at a cut).
        from vidstudio.export.musicfit import music_segment, plan_fit

        k = add_input(plan.music, False)
        fit = plan_fit(plan.music_seconds, plan.duration)
        return music_segment(f"[{k}:a]{_FMT}", fit, _samples(scene.start), n, pad)
    if stem == "clip" and clip_has_audio.get(scene.scene_id):
        k = add_input(scene.clip, False)
        return f"[{k}:a]{_FMT},{_fit(n)}[{pad}]"
    return f"{_silence(n)}[{pad}]"


def stems_graph(plan: RenderPlan, scenes: Sequence[SceneRender], stems: Sequence[str],
                first_index: int, clip_has_audio: Mapping[str, bool]) -> MixGraph:
    """Graph laying ``scenes`` end to end on each stem; one output pad per stem, named after
    it (``[beds]``, ``[narration]``, ``[clip]``), raw (volumes are applied by the bus)."""
    inputs: list[AudioInput] = []
    parts: list[str] = []

    def add_input(path: Path, loop: bool) -> int:
        inputs.append(AudioInput(path, loop))
        return first_index + len(inputs) - 1

    for stem in stems:
        pads = []
        for scene in scenes:
            pad = f"{stem[0]}{scene.index}"
            parts.append(_stem_segment(plan, scene, stem, pad, clip_has_audio, add_input))
            pads.append(f"[{pad}]")
        parts.append(f"{''.join(pads)}concat=n={len(pads)}:v=0:a=1[{stem}]")
    samples = sum(_samples(s.duration) for s in scenes)
    return MixGraph(tuple(inputs), ";".join(parts), ",".join(stems), samples)


def bus_graph(plan: RenderPlan, stems: Mapping[str, str], samples: int, label: str) -> str:
    """Graph mixing the stems (``stem -> input pad``): per-stem volume, the beds ducked by a
    sidechain compressor keyed by the narration, summed (no 1/n scaling), exact length.

    Every stem is padded with endless silence and the sum is cut to ``samples``: the
    compressor and amix stop at the first end-of-stream they see, which, with inputs read by
    separate threads, could otherwise drop the last buffered samples of the other input.
    """
    options = plan.options
    parts: list[str] = []
    # The beds and the score sit under the voice: both are ducked by the narration.
    under = [name for name in ("beds", "music") if name in stems]
    ducking = bool(under) and "narration" in stems and options.duck_amount_db > 0
    mixed: list[str] = []
    if "beds" in stems:
        parts.append(f"{stems['beds']}volume={plan.mix.beds:.4f},apad[bus_beds]")
    if "music" in stems:
        parts.append(f"{stems['music']}volume={plan.mix.music:.4f},apad[bus_music]")
    if len(under) == 2:
        parts.append("[bus_beds][bus_music]amix=inputs=2:normalize=0:duration=longest[bus_under]")
    bed_pad = "[bus_under]" if len(under) == 2 else f"[bus_{under[0]}]" if under else ""
    if "narration" in stems:
        parts.append(f"{stems['narration']}volume={plan.mix.narration:.4f},apad" +
                     (",asplit=2[bus_narr][bus_key]" if ducking else "[bus_narr]"))
    if ducking:
        parts.append(
            f"{bed_pad}[bus_key]sidechaincompress="
            f"threshold={10 ** (_DUCK_THRESHOLD_DB / 20):.6f}:ratio={_RATIO:g}:"
            f"attack={options.duck_attack_ms:g}:"
            f"release={options.duck_release_ms * _RELEASE_SCALE:g}:knee=1:link=maximum:"
            f"mix={duck_mix_amount(options.duck_amount_db):.4f}[bus_ducked]"
        )
        mixed.append("[bus_ducked]")
    elif under:
        mixed.append(bed_pad)
    if "narration" in stems:
        mixed.append("[bus_narr]")
    if "clip" in stems:
        parts.append(f"{stems['clip']}volume={plan.mix.clip_audio:.4f},apad[bus_clip]")
        mixed.append("[bus_clip]")
    if not mixed:
        parts.append(f"{_silence(samples)}[{label}]")
    elif len(mixed) == 1:
        parts.append(f"{mixed[0]}atrim=end_sample={samples}[{label}]")
    else:
        parts.append(f"{''.join(mixed)}amix=inputs={len(mixed)}:normalize=0:duration=longest,"
                     f"atrim=end_sample={samples}[{label}]")
    return ";".join(parts)


def build_mix_graph(plan: RenderPlan, first_index: int,
                    clip_has_audio: Mapping[str, bool] | None = None,
                    label: str = "mix") -> MixGraph:
    """The whole mix as one graph: stems for every scene, then the bus.

    Args:
        plan: the render plan (scenes, volumes, options).
        first_index: ffmpeg input number of the graph's first input (after e.g. the video).
        clip_has_audio: scene id -> whether its clip file carries sound.
        label: name of the output pad.
    """
    clip_has_audio = clip_has_audio or {}
    stems = active_stems(plan, clip_has_audio)
    layout = stems_graph(plan, plan.scenes, stems, first_index, clip_has_audio)
    bus = bus_graph(plan, {stem: f"[{stem}]" for stem in stems}, layout.samples, label)
    graph = f"{layout.graph};{bus}" if layout.graph else bus
    return MixGraph(layout.inputs, graph, label, layout.samples)


def chunk_scenes(plan: RenderPlan, stems: Sequence[str], max_inputs: int) -> list[
        tuple[SceneRender, ...]]:
    """Consecutive groups of scenes whose stems need at most ``max_inputs`` files each (ffmpeg
    holds some memory per input, so one pass over a long film would grow with its length)."""
    per_scene = max(1, len(stems))
    size = max(1, max_inputs // per_scene)
    scenes = plan.scenes
    return [tuple(scenes[i:i + size]) for i in range(0, len(scenes), size)]


# --------------------------------------------------------------------------------------------
# Loudness


@dataclass(frozen=True)
class Loudness:
    """EBU R128 integrated loudness (LUFS) and true peak (dBTP) of a signal."""

    integrated: float
    true_peak: float

    @property
    def silent(self) -> bool:
        return not math.isfinite(self.integrated) or self.integrated <= -69.5


def _number(text: str) -> float:
    return -math.inf if "inf" in text else float(text)


_INTEGRATED = re.compile(r"Integrated loudness:\s*I:\s*(-?inf|-?[\d.]+)\s*LUFS")
_TRUE_PEAK = re.compile(r"True peak:\s*Peak:\s*(-?inf|-?[\d.]+)\s*dBFS")


def parse_ebur128(log: str) -> Loudness:
    """Read the summary the ``ebur128=peak=true`` filter prints when it closes.

    Raises:
        ValueError: no summary in ``log`` (ffmpeg ran at too quiet a log level).
    """
    integrated = _INTEGRATED.findall(log)
    peaks = _TRUE_PEAK.findall(log)
    if not integrated or not peaks:
        raise ValueError("no loudness summary in the ffmpeg log")
    return Loudness(_number(integrated[-1]), _number(peaks[-1]))


METER = "ebur128=peak=true:framelog=quiet"
# ffmpeg's run_ffmpeg asks for -loglevel error; a later -loglevel wins, and the meter's summary
# is printed at info level.
METER_LOGLEVEL = ["-loglevel", "info"]


@dataclass(frozen=True)
class GainPlan:
    """How the measured mix is brought to the target: a gain, and a limiter if peaks need it."""

    gain_db: float
    limit_dbtp: float | None  # None: no limiter

    def describe(self) -> str:
        limiter = f", limiter at {self.limit_dbtp:.1f} dBTP" if self.limit_dbtp is not None else ""
        return f"{self.gain_db:+.1f} dB{limiter}"


# AAC encoding can raise inter-sample peaks a little; keep this much room below the ceiling.
CODEC_HEADROOM_DB = 1.0


def plan_gain(measured: Loudness, target_lufs: float, ceiling_dbtp: float) -> GainPlan:
    """Gain to reach ``target_lufs``; a limiter when that gain would push the true peak closer
    than ``CODEC_HEADROOM_DB`` to ``ceiling_dbtp``. A silent mix is left alone."""
    if measured.silent:
        return GainPlan(0.0, None)
    gain = target_lufs - measured.integrated
    peak_after = measured.true_peak + gain
    limit = ceiling_dbtp - CODEC_HEADROOM_DB
    return GainPlan(gain, limit if peak_after > limit else None)


def aac_args(bitrate_k: int, coder: str) -> list[str]:
    """Encoder arguments of the output's AAC track (48 kHz stereo)."""
    return ["-c:a", "aac", "-aac_coder", coder, "-b:a", f"{bitrate_k}k",
            "-ar", str(AUDIO_RATE), "-ac", "2"]


def final_chain(gain: GainPlan, samples: int) -> str:
    """The filters applied to the measured mix: gain, then (if asked) a true-peak limiter.

    The limiter runs at 4x the sample rate so that it also catches the peaks between samples
    (what dBTP measures); its look-ahead delay is compensated (``latency=1``).
    """
    steps = [f"volume={gain.gain_db:.3f}dB"]
    if gain.limit_dbtp is not None:
        limit = max(0.0625, min(1.0, 10 ** (gain.limit_dbtp / 20)))
        steps += [f"aresample={AUDIO_RATE * 4}",
                  f"alimiter=limit={limit:.5f}:attack=2:release=80:level=0:latency=1",
                  f"aresample={AUDIO_RATE}"]
    steps += [f"atrim=end_sample={samples}", "aformat=channel_layouts=stereo"]
    return ",".join(steps)


def adjust_gain(previous: GainPlan, result: Loudness, target_lufs: float,
                ceiling_dbtp: float) -> GainPlan | None:
    """A corrected gain plan after the encoded output measured ``result``; None if it is good
    (loudness within 0.5 LU and true peak under the ceiling)."""
    loud_ok = abs(result.integrated - target_lufs) <= 0.5 or result.silent
    peak_ok = result.true_peak <= ceiling_dbtp - 0.05
    if loud_ok and peak_ok:
        return None
    gain = previous.gain_db + (0.0 if result.silent else target_lufs - result.integrated)
    limit = previous.limit_dbtp if previous.limit_dbtp is not None else (
        ceiling_dbtp - CODEC_HEADROOM_DB)
    if not peak_ok:
        limit -= result.true_peak - ceiling_dbtp + 0.3
    return GainPlan(gain, limit)


def narration_seconds_needed(plan: RenderPlan) -> Sequence[str]:
    """Scene ids whose narration length must be read (no sentence timing was stored)."""
    return [s.scene_id for s in plan.scenes if s.narration is not None and s.sentences is None]
