"""Takes from the command line: list them, go back to an earlier one, import your own file,
a regenerate that cannot vary, an export that is up to date, and the project lock."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from vidstudio.cli import CONFORM_CHOICES, PRESET_CHOICES, TRANSITION_CHOICES, main
from vidstudio.core.models import Settings
from vidstudio.jobs.render import open_for_render
from vidstudio.providers.keys import Credentials
from vidstudio.providers.registry import build_providers

SCRIPT = """EXT. MEADOW - DAY

A red kite dances above the long grass while children run after it.

INT. BARN - DUSK

The farmer lights a lantern and the old horse turns its head.
"""


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated two-scene project at 144p with the offline providers (quick to export)."""
    path = tmp_path_factory.mktemp("takes") / "farm.vidstudio"

    async def make() -> None:
        providers = build_providers({}, Credentials())
        session, _ = await open_for_render(SCRIPT, path, Settings(short_side=144, fps=12),
                                           providers)
        await session.wait(session.generate_all())
        await session.close()

    asyncio.run(make())
    return path


def _project(path: Path) -> Any:
    return json.loads((path / "project.json").read_text())


def test_the_cli_offers_the_export_engines_own_choices() -> None:
    from vidstudio.export import PRESETS, Conform, Transition

    assert tuple(sorted(PRESETS)) == PRESET_CHOICES
    assert {t.value for t in Transition} == set(TRANSITION_CHOICES)
    assert {c.value for c in Conform} == set(CONFORM_CHOICES)


def test_version_and_help_start_without_the_heavy_machinery() -> None:
    import sys

    probe = ("import sys\nfrom vidstudio.__main__ import main\n"
             "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
             "heavy = [m for m in ('pydantic', 'numpy', 'PySide6', 'vidstudio.export') "
             "if m in sys.modules]\nprint(heavy)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_takes_use_and_export_with_the_earlier_take(small_project: Path, tmp_path: Path) -> None:
    code, _, err = cli("regenerate", str(small_project), "--scene", "1", "--slot", "clip")
    assert code == 0, err
    code, out, err = cli("takes", str(small_project), "--scene", "1")
    assert code == 0, err
    clips = [line.split("\t") for line in out.splitlines() if "\tclip\t" in line]
    assert len(clips) == 2 and clips[1][3] == "*", "the new clip take is in use"
    earlier = clips[0][2]

    code, _, err = cli("use", str(small_project), "--scene", "1", "--slot", "clip",
                       "--take", earlier)
    assert code == 0, err
    assert f"using take {earlier}" in err
    data = _project(small_project)
    scene = sorted(data["scenes"], key=lambda s: s["order"])[0]
    assert scene["slots"]["clip"]["active"] == earlier

    film = tmp_path / "film.otio"
    code, out, err = cli("export", str(small_project), "-o", str(film))
    assert code == 0, err
    media = film.read_text()
    clip_file = next(t["file"] for t in scene["slots"]["clip"]["takes"] if t["id"] == earlier)
    assert Path(clip_file).name in media, "the export uses the chosen earlier take"

    code, _, err = cli("use", str(small_project), "--scene", "1", "--slot", "clip",
                       "--take", "tk-nope")
    assert code == 2 and "not in this slot" in err


def test_a_regenerate_that_cannot_vary_says_so_and_stores_no_duplicate(
        small_project: Path) -> None:
    before = _project(small_project)
    scene = sorted(before["scenes"], key=lambda s: s["order"])[1]
    takes = len(scene["slots"]["narration"]["takes"])
    code, _, err = cli("regenerate", str(small_project), "--scene", "2", "--slot", "narration")
    after = sorted(_project(small_project)["scenes"], key=lambda s: s["order"])[1]
    if code == 0:  # a voice that varies: a genuinely different new take
        files = {t["file"] for t in after["slots"]["narration"]["takes"]}
        assert len(files) == takes + 1
    else:
        assert "made exactly the same narration again" in err
        assert len(after["slots"]["narration"]["takes"]) == takes


def test_import_a_users_clip_and_refuse_what_cannot_be_used(small_project: Path,
                                                            tmp_path: Path) -> None:
    import imageio_ffmpeg

    footage = tmp_path / "camera.mov"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25:duration=5", "-c:v", "mjpeg", str(footage)],
                   check=True)
    code, _, err = cli("import", str(small_project), "--scene", "2", "--slot", "clip",
                       str(footage))
    assert code == 0, err
    assert "imported camera.mov" in err
    scene = sorted(_project(small_project)["scenes"], key=lambda s: s["order"])[1]
    active = next(t for t in scene["slots"]["clip"]["takes"]
                  if t["id"] == scene["slots"]["clip"]["active"])
    assert active["provider"] == "import" and active["file"].endswith(".mov")

    text = tmp_path / "notes.txt"
    text.write_text("not a video")
    code, _, err = cli("import", str(small_project), "--scene", "2", "--slot", "clip",
                       str(text))
    assert code == 2 and err.startswith("vidstudio: error: cannot use notes.txt")

    # Your own music as the film's score (no --scene: it is the film's); shorter than the
    # film, the export loops it.
    theme = tmp_path / "theme.mp3"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=220:duration=3", "-c:a", "libmp3lame", str(theme)],
                   check=True)
    code, _, err = cli("import", str(small_project), "--slot", "music", str(theme))
    assert code == 0 and "the score: imported theme.mp3" in err, err
    code, listed, _ = cli("takes", str(small_project))
    (row,) = [ln.split("\t") for ln in listed.splitlines() if ln.split("\t")[3:4] == ["*"]
              and ln.startswith("film\tmusic\t")]
    assert row[5] == "import"
    code, _, err = cli("import", str(small_project), "--slot", "clip", str(theme))
    assert code == 2 and "--scene" in err

    out = tmp_path / "mixed.mp4"
    code, _, err = cli("export", str(small_project), "-o", str(out))
    assert code == 0, err
    decode = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(out),
                             "-f", "null", "-"], capture_output=True, text=True, check=False)
    assert decode.returncode == 0 and decode.stderr.strip() == ""
    code, _, err = cli("export", str(small_project), "-o", str(out))
    assert code == 0 and "is up to date" in err


def test_an_output_inside_the_project_is_refused(small_project: Path) -> None:
    data = _project(small_project)
    asset = small_project / data["scenes"][0]["slots"]["clip"]["takes"][0]["file"]
    before = asset.read_bytes()
    code, _, err = cli("export", str(small_project), "-o", str(asset))
    assert code == 2 and "inside the project's own files" in err
    assert asset.read_bytes() == before


def test_a_second_writer_meets_the_lock(small_project: Path) -> None:
    from vidstudio.storage.lock import ProjectLock

    lock = ProjectLock(small_project)
    lock.acquire(purpose="vidstudio editor")
    try:
        code, _, err = cli("regenerate", str(small_project), "--scene", "1", "--slot", "sfx")
        assert code == 75
        assert "is open in another vidstudio (vidstudio editor" in err
    finally:
        lock.release()

