"""Real, small media for the emulators to serve: H.264 MP4s, PNGs, MP3/WAV audio, LoRA files.

Everything is generated with the ffmpeg that vidstudio itself uses (``vidstudio.media.ffmpeg``)
or Pillow, so the providers' checks (probe, decode) face real files. Results are cached per
parameter set because emulators ask for the same few shapes again and again.
"""

from __future__ import annotations

import functools
import io
import json
import struct
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from vidstudio.media.ffmpeg import ffmpeg_exe

GARBAGE = b"<html><body>502 Bad Gateway</body></html>\n" + bytes(range(256)) * 4


def _ffmpeg_bytes(args: list[str], suffix: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="emu-media-") as tmp:
        out = Path(tmp) / f"out{suffix}"
        proc = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *args, str(out)],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"ffmpeg failed making test media: {proc.stderr.strip()[-500:]}")
        return out.read_bytes()


@functools.lru_cache(maxsize=32)
def mp4(duration: float, width: int = 160, height: int = 90, fps: int = 12,
        seed: int = 0) -> bytes:
    """An H.264 (yuv420p) MP4 of exactly ``duration`` seconds showing a moving test pattern;
    a different ``seed`` draws a box of its own place and colour over it (other bytes)."""
    rng = np.random.default_rng(seed)
    box = (f"drawbox=x={int(rng.integers(0, max(1, width // 2)))}"
           f":y={int(rng.integers(0, max(1, height // 2)))}:w={max(2, width // 4)}"
           f":h={max(2, height // 4)}:color=0x{int(rng.integers(0, 1 << 24)):06x}:t=fill")
    return _ffmpeg_bytes(
        ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:duration={duration}",
         *(["-vf", box] if seed else []),
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-movflags", "+faststart"],
        ".mp4",
    )


@functools.lru_cache(maxsize=64)
def png(width: int, height: int, seed: int = 0) -> bytes:
    """A PNG of ``width`` x ``height``: a gradient sky, a horizon and a sun placed by ``seed``."""
    rng = np.random.default_rng(seed)
    top = rng.integers(40, 120, 3)
    bottom = rng.integers(140, 255, 3)
    ramp = np.linspace(0.0, 1.0, height)[:, None, None]
    pixels = (top * (1 - ramp) + bottom * ramp).astype(np.uint8)
    img = Image.fromarray(np.broadcast_to(pixels, (height, width, 3)).copy())
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(30, 60, 40))
    cx, cy, r = int(rng.integers(0, width)), height // 3, max(2, min(width, height) // 8)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(250, 220, 120))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@functools.lru_cache(maxsize=64)
def audio(duration: float, fmt: str = "mp3", sample_rate: int = 44100, tone: float = 0.0,
          seed: int = 7) -> bytes:
    """``duration`` seconds of audio: pink noise (``tone`` 0, its ``seed``) or a sine of
    ``tone`` Hz.

    ``fmt`` is ``"mp3"``, ``"wav"`` or ``"pcm"`` (raw signed 16-bit mono).
    """
    source = (f"sine=frequency={tone}:sample_rate={sample_rate}:duration={duration}" if tone
              else f"anoisesrc=color=pink:amplitude=0.3:sample_rate={sample_rate}"
                   f":duration={duration}:seed={seed}")
    if fmt == "mp3":
        return _ffmpeg_bytes(["-f", "lavfi", "-i", source, "-ac", "1", "-c:a", "libmp3lame",
                              "-b:a", "64k"], ".mp3")
    if fmt == "wav":
        return _ffmpeg_bytes(["-f", "lavfi", "-i", source, "-ac", "1", "-c:a", "pcm_s16le"], ".wav")
    if fmt == "pcm":
        return _ffmpeg_bytes(["-f", "lavfi", "-i", source, "-ac", "1", "-f", "s16le",
                              "-c:a", "pcm_s16le"], ".pcm")
    raise ValueError(f"unknown audio format {fmt!r}")


@functools.lru_cache(maxsize=8)
def safetensors(rank: int = 4, dim: int = 16, seed: int = 0) -> bytes:
    """A small but well-formed LoRA safetensors file (one A/B pair in float32)."""
    rng = np.random.default_rng(rank * 1000 + dim + seed * 7919)
    tensors = {
        "transformer.single_transformer_blocks.0.attn.to_q.lora_A.weight":
            rng.standard_normal((rank, dim)).astype("<f4"),
        "transformer.single_transformer_blocks.0.attn.to_q.lora_B.weight":
            rng.standard_normal((dim, rank)).astype("<f4"),
    }
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    blobs: list[bytes] = []
    offset = 0
    for name, array in tensors.items():
        data = array.tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)  # the format pads the header to 8-byte alignment
    return struct.pack("<Q", len(head)) + head + b"".join(blobs)
