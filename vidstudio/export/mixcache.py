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

Hashing the inputs is not repeated while a file's size, modification time and inode are
unchanged: the digests are kept in ``<project>/cache/digests.json`` (written atomically) for
the next process. The finished, encoded sound tracks made from a mix are kept beside it
(``soundtrack``) and removed with it.

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
DIGESTS = Path("cache") / "digests.json"
_MAX_DIGESTS = 4096
Identity = tuple[int, int, int]  # size, modification time (ns), inode
_digests: dict[str, tuple[Identity, str]] = {}
# Each project's digest record as last read or written by this process.
_records: dict[Path, dict[str, tuple[Identity, str]]] = {}


def _identity(path: Path) -> Identity:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read now (blocking)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def content_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (blocking), remembered while the file's identity (size,
    modification time, inode) stays the same: in this process, and (``load_digests`` /
    ``save_digests``) in the project's cache for the next one."""
    identity = _identity(path)
    known = _digests.get(str(path))
    if known is not None and known[0] == identity:
        return known[1]
    digest = file_sha256(path)
    if _identity(path) == identity:  # not rewritten while it was read
        _digests[str(path)] = (identity, digest)
    return digest


def load_digests(project_dir: Path) -> None:
    """Add the digests an earlier process kept in the project's cache (blocking; read once
    per project and process)."""
    record = Path(project_dir) / DIGESTS
    if record in _records:
        return
    found: dict[str, tuple[Identity, str]] = {}
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        data = json.loads(record.read_text(encoding="utf-8"))
        for name, (size, mtime_ns, inode, digest) in data.items():
            found[str(name)] = ((int(size), int(mtime_ns), int(inode)), str(digest))
    _records[record] = found
    for name, entry in found.items():
        _digests.setdefault(name, entry)


def save_digests(project_dir: Path, paths: list[Path]) -> None:
    """Keep the digests of ``paths`` in the project's cache when the record lacks them
    (best effort; an atomic write, so a reader never sees half a record)."""
    record = Path(project_dir) / DIGESTS
    kept = _records.setdefault(record, {})
    wanted = {str(p): _digests[str(p)] for p in paths if str(p) in _digests}
    if all(kept.get(name) == entry for name, entry in wanted.items()):
        return
    merged = {**kept, **wanted}
    if len(merged) > _MAX_DIGESTS:
        merged = wanted
    with contextlib.suppress(OSError):
        record.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(record, json.dumps(
            {name: [*identity, digest] for name, (identity, digest) in merged.items()}))
        _records[record] = merged


def mix_key(plan: RenderPlan, clip_has_audio: Mapping[str, bool],
            project_dir: Path | None = None) -> str:
    """The digest of everything the mix is made from (blocking: hashes its input files that
    are not known unchanged since they were last hashed)."""
    graph = build_mix_graph(plan, 0, clip_has_audio)
    if project_dir is not None:
        load_digests(project_dir)
    payload = {
        "version": MIX_VERSION,
        "encoder": encoder_identity(),
        "meter": METER,
        "graph": graph.graph,
        "samples": graph.samples,
        "inputs": [[item.loop, content_digest(item.path)] for item in graph.inputs],
    }
    if project_dir is not None:
        save_digests(project_dir, [item.path for item in graph.inputs])
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
            for track in folder.glob(f"{old.stem}-*.m4a"):  # its encoded tracks (soundtrack)
                track.unlink(missing_ok=True)


async def cached_mix(plan: RenderPlan, project_dir: Path, work_dir: Path,
                     clip_has_audio: Mapping[str, bool], tracker: ProgressTracker) -> Mixdown:
    """The film's mix and its measurement: from the project's mix cache when its inputs are
    unchanged, else rendered (``render_mix``) and stored there.

    Raises:
        ExportError: rendering the mix failed.
    """
    folder = Path(project_dir) / MIX_CACHE
    key = await asyncio.to_thread(mix_key, plan, clip_has_audio, project_dir)
    found = await asyncio.to_thread(_cached, folder, key)
    if found is not None:
        tracker.report("mix", 1.0, "Mixing the sound (unchanged, reused)")
        return found
    mix = await render_mix(plan, work_dir, clip_has_audio, tracker)
    return await asyncio.to_thread(_store, folder, key, mix)
