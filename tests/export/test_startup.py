"""The export's start-up: what it imports, and the WAV lengths it reads without an audio
library."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import numpy as np
import pytest
import soundfile as sf

from vidstudio.export.engine import media_seconds, wav_seconds

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(("subtype", "rate", "channels", "frames"), [
    ("PCM_16", 22050, 1, 22050 * 3 + 7),
    ("FLOAT", 48000, 2, 48000 * 2 + 1),
    ("PCM_24", 44100, 6, 4410),  # six channels: written as WAVE_FORMAT_EXTENSIBLE
])
def test_wav_lengths_come_from_the_header(tmp_path: Path, subtype: str, rate: int,
                                          channels: int, frames: int) -> None:
    path = tmp_path / "sound.wav"
    sf.write(str(path), np.zeros((frames, channels), dtype=np.float32), rate, subtype=subtype)
    assert wav_seconds(path) == pytest.approx(frames / rate, abs=1e-9)
    assert media_seconds([path]) == {path: pytest.approx(frames / rate, abs=1e-9)}


def test_other_files_are_measured_otherwise(tmp_path: Path) -> None:
    flac, text = tmp_path / "sound.flac", tmp_path / "notes.wav"
    sf.write(str(flac), np.zeros((16000, 1), dtype=np.float32), 16000)
    text.write_text("RIFF but not really")
    assert wav_seconds(flac) is None and wav_seconds(text) is None
    assert media_seconds([flac, text]) == {flac: pytest.approx(1.0)}


def test_exporting_loads_no_numpy_for_wav_sound(tmp_path: Path) -> None:
    path = tmp_path / "sound.wav"
    sf.write(str(path), np.zeros((8000, 1), dtype=np.float32), 8000)
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from vidstudio.export import export_project\n"
            "from vidstudio.export.engine import media_seconds\n"
            f"assert media_seconds([Path({str(path)!r})])\n"
            "print(sorted(m for m in ('numpy', 'soundfile', 'PIL') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_export_verb_imports_no_session_planner_numpy_or_qt() -> None:
    # What `vidstudio export` imports before it runs: the CLI, its export verb, the engine
    # and the project's storage; the failure classes of jobs/ are imported only on failure.
    code = ("import sys\n"
            "import vidstudio.cli.main, vidstudio.cli.project, vidstudio.export\n"
            "import vidstudio.storage\n"
            "heavy = ('vidstudio.jobs', 'vidstudio.providers', 'numpy', 'soundfile', 'PIL',\n"
            "         'PySide6', 'av')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
            "             or m.startswith(heavy)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
