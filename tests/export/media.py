"""Real media for the export tests, made with ffmpeg and numpy, and the projects that use it.

Narration is a speech-like signal (a 140 Hz voice with harmonics, syllable rhythm, low-passed
below 3.5 kHz); beds are noise band-passed to 5-10 kHz, so in a mix the bed can be measured on
its own in that band.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import soundfile as sf
from scipy import signal

from vidstudio.core.models import Environment, Project, Scene, Settings, Take
from vidstudio.core.vocabulary import SlotKind
from vidstudio.media.ffmpeg import ffmpeg_exe

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

BED_BAND = (5000.0, 10000.0)
VOICE_CUTOFF = 3500.0


def run(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True)


def make_clip(path: Path, *, size: str = "320x180", fps: int = 24, seconds: float = 5.0,
              source: str = "testsrc2", audio: bool = False, pix_fmt: str = "yuv420p") -> Path:
    """An H.264 MP4 clip; ``source`` is a lavfi video source or ``color=<name>``."""
    video = (f"color=c={source.split('=', 1)[1]}:s={size}:r={fps}:d={seconds}"
             if source.startswith("color=") else f"{source}=s={size}:r={fps}:d={seconds}")
    args = ["-f", "lavfi", "-i", video]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=f=300:d={seconds}:sample_rate=48000"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pix_fmt]
    if audio:
        args += ["-c:a", "aac", "-shortest"]
    run(*args, str(path))
    return path


def speech_like(seconds: float, spans: Sequence[tuple[float, float]], rate: int = 22050,
                rms_db: float = -20.0, seed: int = 1) -> np.ndarray:
    """Mono float32: a voice-like harmonic tone with syllable rhythm inside ``spans``."""
    t = np.arange(round(seconds * rate)) / rate
    rng = np.random.default_rng(seed)
    f0 = 140 * (1 + 0.05 * np.sin(2 * np.pi * 0.7 * t))
    phase = 2 * np.pi * np.cumsum(f0) / rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 20))
    syllables = 0.5 + 0.5 * np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, np.pi))
    mask = np.zeros_like(t)
    for start, end in spans:
        mask[(t >= start) & (t < end)] = 1.0
    sos = signal.butter(8, VOICE_CUTOFF, "lowpass", fs=rate, output="sos")
    out = signal.sosfilt(sos, voice * syllables * mask)
    active = out[mask > 0]
    out *= 10 ** (rms_db / 20) / np.sqrt(np.mean(active**2))
    return out.astype(np.float32)


def make_narration(path: Path, seconds: float, spans: Sequence[tuple[float, float]],
                   rms_db: float = -20.0) -> Path:
    sf.write(str(path), speech_like(seconds, spans, rms_db=rms_db), 22050, subtype="PCM_16")
    return path


def make_bed(path: Path, seconds: float, rms_db: float = -24.0, rate: int = 44100,
             seed: int = 2) -> Path:
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((round(seconds * rate), 2))
    sos = signal.butter(8, BED_BAND, "bandpass", fs=rate, output="sos")
    bed = signal.sosfilt(sos, noise, axis=0)
    bed *= 10 ** (rms_db / 20) / np.sqrt(np.mean(bed**2))
    sf.write(str(path), bed.astype(np.float32), rate, subtype="PCM_16")
    return path


@dataclass
class SceneMedia:
    clip: Path
    duration: int = 5
    bed: Path | None = None
    narration: Path | None = None
    sentences: list[dict[str, object]] | None = None
    text: str = ""
    title: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def build_project(project_dir: Path, scenes: Sequence[SceneMedia], *, short_side: int = 180,
                  fps: int = 24, title: str = "Test film") -> Project:
    """A project whose scenes use copies of the given media under ``project_dir/media``."""
    media = project_dir / "media"
    media.mkdir(parents=True, exist_ok=True)
    env = Environment(name="Coast", setting="coast")
    project = Project(title=title, settings=Settings(short_side=short_side, fps=fps),
                      environments=[env])

    def place(src: Path, name: str) -> str:
        dst = media / name
        if not dst.exists():
            shutil.copyfile(src, dst)
        return f"media/{name}"

    built = []
    for i, item in enumerate(scenes):
        scene = Scene(title=item.title or f"Scene {i + 1}", environment_id=env.id, order=i,
                      duration=item.duration, narration=item.text)
        clip_name = f"clip{i}{item.clip.suffix}"
        scene.slots[SlotKind.CLIP].add_take(Take(provider="test", file=place(item.clip,
                                                                             clip_name)))
        if item.bed is not None:
            scene.slots[SlotKind.SFX].add_take(
                Take(provider="test", file=place(item.bed, f"bed{i}{item.bed.suffix}")))
        if item.narration is not None:
            metadata = {"sentences": item.sentences} if item.sentences is not None else {}
            scene.slots[SlotKind.NARRATION].add_take(
                Take(provider="test", file=place(item.narration, f"narr{i}.wav"),
                     prompt=item.text, metadata=metadata))
        built.append(scene)
    project.scenes = built
    return project


# --------------------------------------------------------------------------------------------
# Reading results back


def decode_audio(path: Path) -> tuple[np.ndarray, int]:
    """(samples x channels float array, rate) of the first audio stream, via PyAV."""
    import av

    chunks = []
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        for frame in container.decode(stream):
            chunks.append(frame.to_ndarray().astype(np.float64))
    data = np.concatenate(chunks, axis=1)
    return data.T, rate


def _slices(packet: bytes) -> bytes:
    """The packet's NAL units (4-byte length prefixed) without SPS/PPS/AUD: joining files
    may repeat the parameter sets in-band at a file's first key frame; the coded pictures
    must stay byte for byte the same."""
    out, pos = bytearray(), 0
    while pos + 4 <= len(packet):
        size = int.from_bytes(packet[pos:pos + 4], "big")
        nal = packet[pos + 4:pos + 4 + size]
        if nal and nal[0] & 0x1F not in (7, 8, 9):
            out += packet[pos:pos + 4 + size]
        pos += 4 + size
    return bytes(out)


def video_packets(path: Path) -> list[bytes]:
    """Coded picture data of every video packet, in decoding order."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [_slices(bytes(p)) for p in container.demux(stream) if p.size]


def video_frames(path: Path) -> tuple[int, float, tuple[int, int]]:
    """(frame count, duration in seconds from the last frame's end, (width, height))."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        count, last = 0, 0.0
        for frame in container.decode(stream):
            count += 1
            last = float(frame.time)
        rate = float(stream.average_rate)
        return count, last + 1 / rate, (stream.width, stream.height)


def frame_at(path: Path, index: int) -> np.ndarray:
    """RGB array of frame ``index``."""
    import av

    with av.open(str(path)) as container:
        for i, frame in enumerate(container.decode(container.streams.video[0])):
            if i == index:
                return frame.to_ndarray(format="rgb24")
    raise IndexError(index)


def true_peak_db(samples: np.ndarray) -> float:
    """4x oversampled peak, in dB (a true-peak estimate in the spirit of BS.1770)."""
    up = signal.resample_poly(samples, 4, 1, axis=0)
    return float(20 * np.log10(np.max(np.abs(up)) + 1e-12))


def band_rms_db(samples: np.ndarray, rate: int, band: tuple[float, float], start: float,
                end: float) -> float:
    sos = signal.butter(8, band, "bandpass", fs=rate, output="sos")
    filtered = signal.sosfiltfilt(sos, samples.mean(axis=1))
    window = filtered[int(start * rate):int(end * rate)]
    return float(20 * np.log10(np.sqrt(np.mean(window**2)) + 1e-12))
