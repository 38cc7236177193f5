"""Export of a rendered sample project against the concat floor, whole processes.

``python -m bench export -- --sample`` (or ``python -m bench export-sample``).

Inputs: the bundled lighthouse sample rendered once offline (``vidstudio render``) into
``bench/results/export-sample/`` (git-ignored) and reused by every later run. Its five clips
share one H.264 configuration, so the export joins them by stream copy.

Methods, run interleaved (floor, warm, cold, floor, warm, cold, ...), each a whole process:

* ``floor``: one ffmpeg process written without vidstudio's code: the concat demuxer with
  ``-c copy`` of the same five clips, plus the film's finished sound (decoded once to a WAV
  beforehand) encoded with the AAC settings vidstudio uses (fast coder, 192 kb/s) and
  ``+faststart``. The least any tool must
  do to write this file.
* ``vidstudio export`` (re-export): ``vidstudio export PROJECT -o OUT --force`` with its caches
  as an editor's re-export finds them (the mix, the finished sound track and the ffmpeg probe
  made by an earlier run).
* ``vidstudio export`` (cold): the same with the project's mix cache (mixes and tracks) emptied and a fresh
  user cache folder (``XDG_CACHE_HOME``), so the mix is rendered and measured and ffmpeg is
  probed again.

Reported: median wall time and spread of each, the ratio to the floor, and the 1-minute load
average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench" / "results" / "export-sample"
PROJECT = HERE / "project"
SAMPLE = ROOT / "vidstudio" / "resources" / "samples" / "lighthouse.txt"
VIDSTUDIO = [sys.executable, "-m", "vidstudio"]
# The AAC settings vidstudio's default export uses (``ExportOptions``: fast coder, 192 kb/s),
# so that the floor encodes the same sound the same way.
AAC = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "192k", "-ar", "48000", "-ac", "2"]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def loadavg() -> float:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return float(handle.read().split()[0])


def _ffmpeg() -> str:
    from vidstudio.media.ffmpeg import ffmpeg_exe

    return ffmpeg_exe()


def ensure_sample() -> None:
    """Render the sample once (offline providers); later runs reuse it."""
    if (HERE / "film.mp4").is_file() and (PROJECT / "project.json").is_file():
        return
    HERE.mkdir(parents=True, exist_ok=True)
    print("rendering the lighthouse sample once (offline)...", flush=True)
    subprocess.run([*VIDSTUDIO, "render", str(SAMPLE), "-o", str(HERE / "film.mp4"),
                    "--project", str(PROJECT), "-q"], check=True, cwd=ROOT)


def clip_files() -> list[tuple[Path, float]]:
    """Each scene's active clip and its length, in film order (read from the project file)."""
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(PROJECT)
    found = []
    for scene in project.ordered_scenes:
        take = scene.slot(SlotKind.CLIP).active_take
        assert take is not None and take.file
        found.append((PROJECT / take.file, float(scene.duration)))
    return found


def floor_inputs() -> tuple[Path, Path]:
    """The concat list of the clips and the film's sound as a WAV (made once)."""
    listing = HERE / "floor.ffconcat"
    lines = ["ffconcat version 1.0"]
    for path, seconds in clip_files():
        lines += [f"file '{path.resolve()}'", f"duration {seconds}"]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sound = HERE / "film-sound.wav"
    if not sound.is_file():
        subprocess.run([_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                        str(HERE / "film.mp4"), "-map", "0:a:0", "-c:a", "pcm_s16le",
                        str(sound)], check=True)
    return listing, sound


def floor_command(listing: Path, sound: Path, output: Path) -> list[str]:
    return [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(sound),
            "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy", *AAC,
            "-movflags", "+faststart", str(output)]


def export_command(output: Path) -> list[str]:
    return [*VIDSTUDIO, "export", str(PROJECT), "-o", str(output), "--force", "-q"]


# The source tree whose vidstudio is measured (``--tree``: e.g. a worktree of an older commit).
TREE = [ROOT]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=TREE[0], env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _summary(values: list[float]) -> str:
    return (f"{statistics.median(values):.2f} s [{min(values):.2f}-{max(values):.2f}, "
            f"n={len(values)}]")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each method (>= 3)")
    parser.add_argument("--tree", type=Path, default=ROOT,
                        help="source tree of the vidstudio to measure (default: this one)")
    args = parser.parse_args(argv)
    TREE[0] = args.tree.resolve()
    ensure_sample()
    listing, sound = floor_inputs()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    # One export first: it fills the caches a re-export finds (and is not counted).
    timed(export_command(out / "warm.mp4"))
    times: dict[str, list[float]] = {"floor": [], "warm": [], "cold": []}
    load_before = loadavg()
    for _ in range(max(3, args.runs)):
        times["floor"].append(timed(floor_command(listing, sound, out / "floor.mp4")))
        times["warm"].append(timed(export_command(out / "warm.mp4")))
        shutil.rmtree(PROJECT / "cache" / "mix", ignore_errors=True)
        with tempfile.TemporaryDirectory(prefix="vidstudio-bench-cache-") as fresh:
            env = {**os.environ, "XDG_CACHE_HOME": fresh}
            times["cold"].append(timed(export_command(out / "cold.mp4"), env))
    load_after = loadavg()
    floor = statistics.median(times["floor"])
    print(f"export of the rendered lighthouse sample ({len(clip_files())} clips, stream "
          f"copy), whole processes, interleaved; {os.cpu_count()} CPUs, load "
          f"{load_before:.2f} -> {load_after:.2f}; tree {TREE[0]}")
    print(f"  floor (concat demuxer -c copy + AAC of the same sound, same AAC settings): "
          f"{_summary(times['floor'])}")
    for name, label in (("warm", "vidstudio export, re-export (mix, track and probe cached)"),
                        ("cold", "vidstudio export, cold (mix and probe caches empty)")):
        ratio = statistics.median(times[name]) / floor
        print(f"  {label}: {_summary(times[name])} = {ratio:.2f}x the floor")
    (HERE / "bench.json").write_text(json.dumps(
        {"load": [load_before, load_after], "times": times}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
