"""The measured mix as a cached intermediate, keyed by everything it is made from.

Rendering the mix and measuring its loudness is a full pass over the film's sound; a
re-export after a change to the picture only (another clip take, a new keyframe) makes the
very same mix. So a finished mix is kept in ``<project>/cache/mix/<key>.wav`` with its sample
count and measurement beside it in ``<key>.json`` (written last: a mix without its record is
never used), and reused while its key matches.

The key is a digest of: the mix graph (every filter: volumes, ducking, fades, placement and
length of every segment, the sample rate), each input's content (a digest of its bytes, so a
file replaced in place or another take with other bytes makes another key) and whether it
loops, the meter, and the ffmpeg build. The loudness target and the delivery preset are not
in it on purpose: the mix is recorded before the gain that reaches the target, and the
preset's picture settings do not reach the sound; a change of either reuses the mix, and the
gain is planned again from its stored measurement.

The newest ``KEEP`` mixes are kept; older ones are removed after a new one is stored. Caching
is best effort: a project folder that cannot be written still exports, without the cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.atomic import atomic_write_text
from vidstudio.export.audio import METER, Loudness, build_mix_graph
from vidstudio.export.mixdown import Mixdown, render_mix
from vidstudio.export.runner import encoder_identity

if TYPE_CHECKING:
    from collections.abc import Mapping

    from vidstudio.export.plan import RenderPlan
    from vidstudio.export.runner import ProgressTracker

MIX_CACHE = Path("cache") / "mix"
# Bump when the same graph and inputs would give another mix.
MIX_VERSION = 1
KEEP = 3
_digests: dict[tuple[str, int, int, int], str] = {}


def content_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (blocking), remembered for the process while the file's
    identity (inode, size, modification time) stays the same."""
    stat = path.stat()
    identity = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if (known := _digests.get(identity)) is not None:
        return known
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    _digests[identity] = digest
    return digest


def mix_key(plan: RenderPlan, clip_has_audio: Mapping[str, bool]) -> str:
    """The digest of everything the mix is made from (blocking: reads its input files)."""
    graph = build_mix_graph(plan, 0, clip_has_audio)
    payload = {
        "version": MIX_VERSION,
        "encoder": encoder_identity(),
        "meter": METER,
        "graph": graph.graph,
        "samples": graph.samples,
        "inputs": [[item.loop, content_digest(item.path)] for item in graph.inputs],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _cached(folder: Path, key: str) -> Mixdown | None:
    record, wav = folder / f"{key}.json", folder / f"{key}.wav"
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if wav.stat().st_size != data["bytes"]:
            return None
        found = Mixdown(wav, int(data["samples"]),
                        Loudness(float(data["integrated"]), float(data["true_peak"])), key)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # The record's time says when the mix was last used (the eviction order); the WAV is
    # left untouched.
    with contextlib.suppress(OSError):
        os.utime(record)
    return found


def _store(folder: Path, key: str, mix: Mixdown) -> Mixdown:
    """Move a fresh mix into the cache; the mix as it was when it cannot be stored."""
    wav = folder / f"{key}.wav"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f".{key}.{os.getpid()}.part"
        shutil.move(mix.path, part)  # a rename when the work folder is on the same disk
        os.replace(part, wav)
        atomic_write_text(folder / f"{key}.json", json.dumps({
            "samples": mix.samples, "integrated": mix.loudness.integrated,
            "true_peak": mix.loudness.true_peak, "bytes": wav.stat().st_size}))
    except OSError:
        return mix if mix.path.exists() else Mixdown(wav, mix.samples, mix.loudness)
    _evict(folder, keep=key)
    return Mixdown(wav, mix.samples, mix.loudness, key)


def _evict(folder: Path, keep: str) -> None:
    with contextlib.suppress(OSError):
        records = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns,
                         reverse=True)
        for old in records[KEEP:]:
            if old.stem == keep:
                continue
            old.unlink(missing_ok=True)
            (folder / f"{old.stem}.wav").unlink(missing_ok=True)


def encoded_loudness(project_dir: Path, mix: Mixdown, encoding: str) -> Loudness | None:
    """What the AAC track made from this cached mix with these final filters and encoder
    settings (``encoding``) measured when an earlier export wrote it, or None (blocking).
    The same WAV through the same filters and the same ffmpeg build gives the same samples,
    so the check pass need not decode and measure them again."""
    if not mix.key:
        return None
    try:
        data = json.loads((Path(project_dir) / MIX_CACHE / f"{mix.key}.json").read_text(
            encoding="utf-8"))
        integrated, peak = data["encoded"][encoding]
        return Loudness(float(integrated), float(peak))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_encoded(project_dir: Path, mix: Mixdown, encoding: str,
                     measured: Loudness) -> None:
    """Record the measurement of the AAC track made from a cached mix (best effort)."""
    if not mix.key:
        return
    record = Path(project_dir) / MIX_CACHE / f"{mix.key}.json"
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        data = json.loads(record.read_text(encoding="utf-8"))
        encoded = data.setdefault("encoded", {})
        if len(encoded) >= 8:  # a few targets and bit rates; not an ever-growing record
            encoded.clear()
        encoded[encoding] = [measured.integrated, measured.true_peak]
        atomic_write_text(record, json.dumps(data))


async def cached_mix(plan: RenderPlan, project_dir: Path, work_dir: Path,
                     clip_has_audio: Mapping[str, bool], tracker: ProgressTracker) -> Mixdown:
    """The film's mix and its measurement: from the project's mix cache when its inputs are
    unchanged, else rendered (``render_mix``) and stored there.

    Raises:
        ExportError: rendering the mix failed.
    """
    folder = Path(project_dir) / MIX_CACHE
    key = await asyncio.to_thread(mix_key, plan, clip_has_audio)
    found = await asyncio.to_thread(_cached, folder, key)
    if found is not None:
        tracker.report("mix", 1.0, "Mixing the sound (unchanged, reused)")
        return found
    mix = await render_mix(plan, work_dir, clip_has_audio, tracker)
    return await asyncio.to_thread(_store, folder, key, mix)
