"""End-to-end offline render of the bundled lighthouse sample against ffmpeg's encode floor.

Each round runs, as whole processes and interleaved so they share the machine's load: the
encode floor (ffmpeg alone encoding the film's length of a test pattern at the same size with
x264 ``veryfast``), a cold ``vidstudio render`` of the sample into a fresh folder, and the same
command again (everything cached: "is up to date"). It prints the median of each with its
spread, the render's ratio to the floor (issue 27: at most 7x), the peak resident memory of
the render's whole process tree (the command, its pool workers and every ffmpeg; sampled every
50 ms; issue 27: under 800 MB), and the load average before and after.

Run: ``python -m bench render [-- --runs 3] [--tree PATH]`` (``--tree`` renders with another
source tree, e.g. a worktree of an older commit, for a before/after pair).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_export import loadavg, run_process
from bench.treemem import TreeMemory
from vidstudio.media.ffmpeg import ffmpeg_exe, probe

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "vidstudio" / "resources" / "samples" / "lighthouse.txt"


def _encode_floor(seconds: float, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc2=size=1280x720:rate=24:duration={seconds}", "-c:v", "libx264", "-preset",
         "veryfast", "-pix_fmt", "yuv420p", str(out)],
        check=True,
    )
    return time.perf_counter() - start


def _score_cpu_per_minute(seconds: float) -> float:
    """CPU seconds the offline score takes per minute of film (5 s sections, mixed moods)."""
    from vidstudio.providers.local.music.synth import ScoreSection, render_score

    moods = ("calm", "tense", "joy", "sad", "epic", "mystery")
    sections = [ScoreSection(5.0, (moods[i % len(moods)],)) for i in range(max(1, round(seconds / 5)))]
    start = time.process_time()
    render_score(sections, seed=1)
    return (time.process_time() - start) * 60.0 / (5.0 * len(sections))


def _cold_render(command: list[str], tree: Path) -> tuple[float, TreeMemory]:
    """Wall time of a cold render, and its process tree's memory (``treemem``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=tree)
    with TreeMemory(proc.pid) as memory:
        code = proc.wait()
    if code != 0:
        raise SystemExit(f"the render failed ({code})")
    return time.perf_counter() - start, memory


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} s [{min(values):.1f}-{max(values):.1f}, n={len(values)}]"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree to render with")
    args = parser.parse_args(argv)
    tree = args.tree.resolve()
    load_before = loadavg()
    floors: list[float] = []
    colds: list[float] = []
    warms: list[float] = []
    peaks: list[float] = []
    pss: list[float] = []
    largest: TreeMemory | None = None
    length = 0.0
    with tempfile.TemporaryDirectory(prefix="vidstudio-bench-") as tmp:
        for run in range(args.runs):
            out = Path(tmp) / f"run{run}" / "lighthouse.mp4"
            out.parent.mkdir()
            command = [sys.executable, "-m", "vidstudio", "render", str(SAMPLE), "-o", str(out),
                       "--quiet"]
            if length:
                floors.append(_encode_floor(length, Path(tmp) / "floor.mp4"))
            wall, memory = _cold_render(command, tree)
            colds.append(wall)
            peaks.append(memory.peak_rss_mb)
            pss.append(memory.peak_pss_mb)
            if largest is None or memory.peak_rss_mb > largest.peak_rss_mb:
                largest = memory
            warms.append(run_process(command, cwd=tree).wall_s)
            if not length:
                length = probe(out).duration
                floors.append(_encode_floor(length, Path(tmp) / "floor.mp4"))
            print(f"round {run + 1}: floor {floors[-1]:.1f} s, cold render {wall:.1f} s "
                  f"(peak {memory.peak_rss_mb:.0f} MB RSS, {memory.peak_pss_mb:.0f} MB PSS), "
                  f"re-render {warms[-1]:.1f} s, "
                  f"load {loadavg():.2f}", flush=True)
    score = _score_cpu_per_minute(max(length, 60.0))
    ratio = statistics.median(colds) / statistics.median(floors)
    print(f"tree                   {tree}")
    print(f"load average           {load_before:.2f} -> {loadavg():.2f}")
    print(f"film length            {length:6.1f} s")
    print(f"offline render (cold)  {_spread(colds)}")
    print(f"ffmpeg encode floor    {_spread(floors)}   (render / floor = {ratio:4.1f}; target <= 7)")
    print(f"re-render (all cached) {_spread(warms)}")
    print(f"render tree peak       {statistics.median(peaks):6.0f} MB "
          f"[{min(peaks):.0f}-{max(peaks):.0f}] RSS summed (target < 800 MB); "
          f"{statistics.median(pss):.0f} MB [{min(pss):.0f}-{max(pss):.0f}] PSS")
    if largest is not None and largest.at_peak:
        print(f"who held the largest peak ({largest.peak_rss_mb:.0f} MB RSS):")
        print(largest.breakdown())
    print(f"offline score          {score:6.2f} CPU-s per minute of film (target <= 3)")


if __name__ == "__main__":
    main()
