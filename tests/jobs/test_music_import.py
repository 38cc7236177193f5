"""The user's own music as a take of the film's score, through ``ProjectSession.import_music``:
MP3, WAV, FLAC and AAC are conformed to 48 kHz stereo and measured; a file that is not music
is refused in one line and loses nothing; undo gives the earlier score back."""

from __future__ import annotations

import asyncio
import subprocess
from typing import TYPE_CHECKING

import pytest
import soundfile as sf

from vidstudio.core.models import Settings
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.session import SessionError
from vidstudio.media import audio
from vidstudio.media.ffmpeg import ffmpeg_exe

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = {"mp3": ["-c:a", "libmp3lame", "-b:a", "96k"], "wav": ["-c:a", "pcm_s16le"],
           "flac": ["-c:a", "flac"], "m4a": ["-c:a", "aac", "-b:a", "96k"]}


def _music(folder: Path, suffix: str) -> Path:
    """1.5 s of a mono 44.1 kHz tone with some noise, in the format of ``suffix``."""
    path = folder / f"theme.{suffix}"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=330:sample_rate=44100:duration=1.5", "-af", "volume=0.3",
                    "-ac", "1", *FORMATS[suffix], str(path)], check=True)
    return path


def test_music_of_any_format_becomes_a_conformed_measured_take(tmp_path: Path) -> None:
    files = [_music(tmp_path, suffix) for suffix in FORMATS]
    (tmp_path / "notes.txt").write_text("not music", encoding="utf-8")

    async def scenario() -> None:
        session, _ = await open_for_render("A quiet harbour at dawn.", tmp_path / "p.vidstudio",
                                           Settings(), fake_providers(Recorder()),
                                           save_delay=0.01)
        try:
            music = session.project.music
            for number, source in enumerate(files, 1):
                take = await session.wait(session.import_music(source))
                assert music.active_take == take and len(music.takes) == number
                assert take.provider == "import" and take.file and take.file.endswith(".flac")
                stored = session.folder.path / take.file
                info = sf.info(str(stored))
                assert (info.samplerate, info.channels) == (48000, 2), source.name
                assert take.metadata["duration"] == pytest.approx(1.5, abs=0.06), source.name
                samples, rate = audio.read_audio(stored)
                assert take.metadata["loudness_lufs"] == pytest.approx(
                    audio.integrated_loudness(samples, rate), abs=0.5), source.name
                assert source.is_file()  # the user's file is copied, never moved
            last = music.active_take
            with pytest.raises(SessionError, match=r"notes\.txt"):
                await session.wait(session.import_music(tmp_path / "notes.txt"))
            assert music.active_take == last and len(music.takes) == len(files)
            session.undo()  # the last import: the score before it is in use again
            assert music.active_take == music.takes[-2]
        finally:
            await session.close()

    asyncio.run(scenario())
