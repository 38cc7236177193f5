"""The user's own file as a take: checked for the slot it fills, stored in the project.

Music for the film's score is conformed on the way in: any sound ffmpeg reads (MP3, WAV, FLAC,
AAC, a video's sound track…) becomes a 48 kHz stereo FLAC, lossless and cut to the sample, with
its loudness measured (``loudness_lufs``) so the mix can set its level under the voice. Its
length is left alone: the export fits it to the film (export/musicfit.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, cast

from vidstudio.core.models import Take
from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from vidstudio.core.deps import SlotRef
    from vidstudio.storage.assets import AssetStore


#: The shortest and longest music accepted for the score (seconds).
MIN_MUSIC_SECONDS = 1.0
MAX_MUSIC_SECONDS = 3600.0
MUSIC_RATE = 48_000


class ImportRefusedError(Exception):
    """The file cannot fill the slot; the message is one line for the user."""


async def take_from_file(assets: AssetStore, ref: SlotRef, source: Path,
                         progress: Callable[[float, str], None]) -> tuple[Take, list[str]]:
    """Inspect ``source`` for ``ref``'s kind and store a copy; the take and what was adapted.

    Reading, probing and hashing run on threads, not on the event loop.
    """
    from vidstudio.media.importing import ImportKind, UnusableMediaError, inspect_import

    if ref.kind is SlotKind.MUSIC:
        return await music_take_from_file(assets, source, progress)
    try:
        # a character's reference image is a still picture, as a keyframe is
        kind = "first_frame" if ref.kind is SlotKind.CHARACTER_IMAGE else ref.kind.value
        media = await asyncio.to_thread(inspect_import, source, cast("ImportKind", kind))
    except UnusableMediaError as exc:
        raise ImportRefusedError(str(exc)) from None
    progress(0.5, "storing")
    stored = await asyncio.to_thread(assets.add, source, move=False)
    take = Take(file=stored, provider="import", model="", prompt=source.name,
                cache_key=f"import-{Path(stored).stem}", metadata=media.metadata())
    return take, list(media.notes)


async def music_take_from_file(assets: AssetStore, source: Path,
                               progress: Callable[[float, str], None]) -> tuple[Take, list[str]]:
    """The user's music as a take of the film's score: checked, conformed to a 48 kHz stereo
    FLAC and measured by ffmpeg (one pass), stored; the take and what was adapted.

    Raises:
        ImportRefusedError: no sound, undecodable, shorter than ``MIN_MUSIC_SECONDS`` or
            longer than ``MAX_MUSIC_SECONDS`` (one line).
    """
    from vidstudio.media.importing import UnusableMediaError, inspect_import

    try:
        media = await asyncio.to_thread(inspect_import, source, "sfx",
                                        max_seconds=MAX_MUSIC_SECONDS)
    except UnusableMediaError as exc:
        raise ImportRefusedError(str(exc).replace("a sfx", "music")) from None
    if media.duration < MIN_MUSIC_SECONDS:
        raise ImportRefusedError(f"{source.name} lasts {media.duration:.2f} s; music for the "
                                 f"score lasts {MIN_MUSIC_SECONDS:g} s or more")
    progress(0.3, "conforming the music")
    folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix=".import-",
                                          dir=assets.root))
    try:
        conformed = folder / "music.flac"
        measured = await _conform_music(source, conformed)
        progress(0.8, "storing")
        stored = await asyncio.to_thread(assets.add, conformed, move=True)
    finally:
        await asyncio.to_thread(_remove_tree, folder)
    metadata = {**media.metadata(), **measured, "sample_rate": MUSIC_RATE, "channels": 2}
    take = Take(file=stored, provider="import", model="", prompt=source.name,
                cache_key=f"import-{Path(stored).stem}", metadata=metadata)
    notes = list(media.notes)
    if media.sample_rate != MUSIC_RATE or media.channels != 2:
        notes.append(f"conformed to {MUSIC_RATE // 1000} kHz stereo")
    return take, notes


async def _conform_music(source: Path, dest: Path) -> dict[str, float]:
    """Decode ``source``'s first sound track into ``dest`` (FLAC, 48 kHz stereo, 16 bits)
    while ffmpeg's EBU R128 meter measures it; its loudness, true peak and length.

    Raises:
        ImportRefusedError: ffmpeg could not decode it.
    """
    from vidstudio.export.audio import METER, METER_LOGLEVEL, parse_ebur128
    from vidstudio.media.audio import audio_duration
    from vidstudio.media.ffmpeg import FFmpegError, run_ffmpeg

    graph = (f"[0:a:0]aresample={MUSIC_RATE},aformat=sample_fmts=s16:"
             f"channel_layouts=stereo,asplit=2[keep][m];[m]{METER},anullsink")
    try:
        log = await run_ffmpeg([*METER_LOGLEVEL, "-i", str(source), "-filter_complex", graph,
                                "-map", "[keep]", "-c:a", "flac", str(dest)])
        loudness = parse_ebur128(log)
        seconds = await asyncio.to_thread(audio_duration, dest)
    except (FFmpegError, ValueError, OSError) as exc:
        raise ImportRefusedError(f"the sound of {source.name} cannot be decoded "
                                 f"({str(exc).splitlines()[-1] if str(exc) else exc})") from None
    return {"loudness_lufs": round(loudness.integrated, 2),
            "true_peak_dbtp": round(loudness.true_peak, 2), "duration": round(seconds, 3)}


def _remove_tree(folder: Path) -> None:
    import shutil

    with contextlib.suppress(OSError):
        shutil.rmtree(folder)
