"""Export benchmark: vidstudio's export against the seed's moviepy export and the ffmpeg floor.

Inputs (generated once, cached in ``bench/results/export-inputs``): 50 H.264 clips at 1280x720,
24 fps, alternately 5 s and 9 s long, a sound bed per clip (some shorter than their scene, some
longer) and a narration per clip with sentence timing. Projects of the first 5, 20 and 50 of
them are exported three ways, each in a fresh Python process so memory is measured per run:

* floor: one ffmpeg run, concat demuxer with video stream copy plus the same audio mix graph
  (beds, ducking, narration), encoded to AAC - the least work that yields the same file;
* vidstudio: ``export_project`` with default options (stream copy, mix, loudness measurement,
  gain/limiter, AAC, loudness check, SRT/VTT);
* seed: the seed's moviepy method (``bench/seed_baseline.py``).

``--quick`` (or ``VIDSTUDIO_BENCH_QUICK=1``) runs the seed method only at 5 clips and scales its
time by film length for 20 and 50 clips; those numbers are labelled "extrapolated".
Peak memory is the largest sum of resident memory of the measured process and its ffmpeg
children, sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
INPUTS = RESULTS / "export-inputs"
OUTPUTS = RESULTS / "export-out"
SIZES = (5, 20, 50)
FPS = 24
WIDTH, HEIGHT = 1280, 720
INPUTS_VERSION = 1

if str(ROOT) not in sys.path:  # run as a file: make ``bench`` and ``vidstudio`` importable
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------------------------
# Inputs


def _ffmpeg() -> str:
    from vidstudio.media.ffmpeg import ffmpeg_exe

    return ffmpeg_exe()


def _speech(seconds: float, spans: Sequence[tuple[float, float]], seed: int) -> Any:
    import numpy as np
    from scipy import signal  # type: ignore[import-untyped]

    rate = 22050
    t = np.arange(round(seconds * rate)) / rate
    rng = np.random.default_rng(seed)
    f0 = rng.uniform(110, 180) * (1 + 0.05 * np.sin(2 * np.pi * 0.7 * t))
    phase = 2 * np.pi * np.cumsum(f0) / rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 20))
    rhythm = 0.5 + 0.5 * np.sin(2 * np.pi * rng.uniform(3.5, 5.0) * t)
    mask = np.zeros_like(t)
    for a, b in spans:
        mask[(t >= a) & (t < b)] = 1.0
    out = signal.sosfilt(signal.butter(8, 3500, "lowpass", fs=rate, output="sos"),
                         voice * rhythm * mask)
    out *= 10 ** (-20 / 20) / max(1e-9, float(np.sqrt(np.mean(out[mask > 0] ** 2))))
    return out.astype(np.float32)


def _bed(seconds: float, seed: int) -> Any:
    import numpy as np
    from scipy import signal

    rate = 44100
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((round(seconds * rate), 2))
    bed = signal.sosfilt(signal.butter(2, [200, 6000], "bandpass", fs=rate, output="sos"),
                         noise, axis=0)
    return (bed * 10 ** (-24 / 20) / np.sqrt(np.mean(bed**2))).astype(np.float32)


def _make_clip(path: Path, seconds: int, index: int) -> None:
    tmp = path.with_suffix(".tmp.mp4")
    subprocess.run(
        [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc2=s={WIDTH}x{HEIGHT}:r={FPS}:d={seconds}", "-vf", f"hue=h={index * 37 % 360}",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
         str(tmp)], check=True)
    tmp.replace(path)


def generate_inputs(count: int) -> list[dict[str, Any]]:
    """Make (or reuse) the inputs for ``count`` scenes; returns the scene manifest."""
    import soundfile as sf  # type: ignore[import-untyped]

    INPUTS.mkdir(parents=True, exist_ok=True)
    manifest_path = INPUTS / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        complete = (manifest.get("version") == INPUTS_VERSION
                    and len(manifest["scenes"]) >= count
                    and all((INPUTS / s[k]).is_file() for s in manifest["scenes"][:count]
                            for k in ("clip", "bed", "narration")))
        if complete:
            return list(manifest["scenes"][:count])
    scenes: list[dict[str, Any]] = []
    for i in range(count):
        duration = 5 if i % 2 == 0 else 9
        room = duration - 0.6
        spans = [(0.0, room * 0.4), (room * 0.55, room * 0.95)]
        sentences = [{"text": f"Scene {i + 1} opens on the harbour at first light.",
                      "start": spans[0][0], "end": spans[0][1]},
                     {"text": "Gulls circle the lighthouse as the boats go out.",
                      "start": spans[1][0], "end": spans[1][1]}]
        # Beds: most are shorter than their scene (they loop), every third is longer.
        bed_seconds = duration + 3.0 if i % 3 == 0 else max(2.0, duration - 2.5)
        scene: dict[str, Any] = {"clip": f"clips/clip{i:03d}.mp4", "duration": duration,
                                 "bed": f"beds/bed{i:03d}.wav",
                                 "narration": f"narration/narr{i:03d}.wav",
                                 "sentences": sentences,
                                 "text": " ".join(str(s["text"]) for s in sentences)}
        for folder in ("clips", "beds", "narration"):
            (INPUTS / folder).mkdir(exist_ok=True)
        if not (INPUTS / scene["bed"]).is_file():
            sf.write(str(INPUTS / scene["bed"]), _bed(bed_seconds, i), 44100, subtype="PCM_16")
        if not (INPUTS / scene["narration"]).is_file():
            sf.write(str(INPUTS / scene["narration"]), _speech(room, spans, i), 22050,
                     subtype="PCM_16")
        scenes.append(scene)
    missing = [(INPUTS / s["clip"], int(s["duration"]), i) for i, s in enumerate(scenes)
               if not (INPUTS / s["clip"]).is_file()]
    if missing:
        print(f"generating {len(missing)} clips at {WIDTH}x{HEIGHT} (cached for later runs)...",
              flush=True)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(lambda job: _make_clip(*job), missing))
    manifest_path.write_text(json.dumps({"version": INPUTS_VERSION, "scenes": scenes}, indent=1))
    return scenes


def build_project(scenes: Sequence[dict[str, Any]]) -> Any:
    from vidstudio.core.models import Environment, Project, Scene, Settings, Take
    from vidstudio.core.vocabulary import SlotKind

    env = Environment(name="Harbour", setting="coast")
    project = Project(title="Export benchmark", environments=[env],
                      settings=Settings.model_validate({"short_side": HEIGHT, "fps": FPS}))
    built = []
    for i, item in enumerate(scenes):
        scene = Scene(title=f"Scene {i + 1}", environment_id=env.id, order=i,
                      duration=item["duration"], narration=item["text"])
        scene.slots[SlotKind.CLIP].add_take(Take(provider="bench", file=item["clip"]))
        scene.slots[SlotKind.SFX].add_take(Take(provider="bench", file=item["bed"]))
        scene.slots[SlotKind.NARRATION].add_take(
            Take(provider="bench", file=item["narration"],
                 metadata={"sentences": item["sentences"]}))
        built.append(scene)
    project.scenes = built
    return project


# --------------------------------------------------------------------------------------------
# The three methods (each run in a child process)


def _run_vidstudio(project: Any, output: Path) -> None:
    from vidstudio.export import export_project

    result = asyncio.run(export_project(project, INPUTS, output))
    if result.video_mode != "stream_copy":
        raise SystemExit(f"expected the stream-copy path, got {result.video_mode}")


def _run_floor(project: Any, output: Path) -> None:
    from vidstudio.export import build_render_plan
    from vidstudio.export.audio import aac_args, build_mix_graph
    from vidstudio.export.video import concat_list

    plan = build_render_plan(project, INPUTS)
    options = plan.options  # the defaults vidstudio exports with
    listing = output.with_suffix(".ffconcat")
    listing.write_text(concat_list([s.clip for s in plan.scenes],
                                   [s.duration for s in plan.scenes]))
    graph = build_mix_graph(plan, 1)
    subprocess.run(
        [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
         "-f", "concat", "-safe", "0", "-i", str(listing), *graph.input_args(),
         "-filter_complex", f"{graph.graph};[{graph.label}]volume=0dB[a]",
         "-map", "0:v:0", "-map", "[a]", "-c:v", "copy",
         *aac_args(options.audio_bitrate_k, options.aac_coder),
         "-movflags", "+faststart", str(output)], check=True)


def _run_seed(scenes: Sequence[dict[str, Any]], output: Path) -> None:
    from bench.seed_baseline import SeedScene, render_with_moviepy

    render_with_moviepy([SeedScene(INPUTS / s["clip"], float(s["duration"]), INPUTS / s["bed"],
                                   INPUTS / s["narration"]) for s in scenes], output)


def child(method: str, count: int) -> None:
    """Run one method once and print its timing (and its own rusage) as JSON."""
    import resource

    scenes = generate_inputs(count)
    OUTPUTS.mkdir(parents=True, exist_ok=True)
    output = OUTPUTS / f"{method}-{count}.mp4"
    project = build_project(scenes)
    # Import what each method needs before the clock starts: an application imports its
    # modules once, and the timing is about the export's work, not Python start-up.
    if method == "seed":
        importlib.import_module("moviepy")
        importlib.import_module("bench.seed_baseline")
    else:
        importlib.import_module("vidstudio.export")
    start = time.perf_counter()
    if method == "vidstudio":
        _run_vidstudio(project, output)
    elif method == "floor":
        _run_floor(project, output)
    elif method == "seed":
        _run_seed(scenes, output)
    else:
        raise SystemExit(f"unknown method {method}")
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "python_mb": me, "largest_child_mb": kids}))


# --------------------------------------------------------------------------------------------
# Measuring


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MiB (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) < root:
            continue  # descendants were started after the root
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, members = 0, {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                changed = True
    for pid in members:
        total += rss.get(pid, 0)
    return total / 2**20


def measure(method: str, count: int) -> dict[str, float]:
    """Run ``method`` on ``count`` scenes in a fresh process; time and peak memory."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", method,
                             str(count)], stdout=subprocess.PIPE, cwd=ROOT, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_mb(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{method} with {count} clips failed")
    data: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    data["peak_mb"] = peak
    return data


def _film_seconds(scenes: Sequence[dict[str, Any]]) -> float:
    return float(sum(s["duration"] for s in scenes))


def run_benchmark(sizes: Sequence[int], quick: bool, repeats: int) -> dict[str, Any]:
    all_scenes = generate_inputs(max(sizes))
    rows: dict[str, Any] = {}
    seed_rate: float | None = None  # seed seconds per film second, measured at 5 clips
    for count in sizes:
        scenes = all_scenes[:count]
        film = _film_seconds(scenes)
        row: dict[str, Any] = {"clips": count, "film_s": film}
        for method in ("floor", "vidstudio"):
            runs = [measure(method, count) for _ in range(repeats)]
            row[method] = {"seconds": statistics.median(r["seconds"] for r in runs),
                           "all_seconds": [round(r["seconds"], 3) for r in runs],
                           "peak_mb": max(r["peak_mb"] for r in runs),
                           "python_mb": max(r["python_mb"] for r in runs),
                           "largest_child_mb": max(r["largest_child_mb"] for r in runs)}
        if not quick or seed_rate is None:
            seed = measure("seed", count)
            seed["extrapolated"] = False
            seed_rate = seed["seconds"] / film
            row["seed"] = seed
        else:
            row["seed"] = {"seconds": seed_rate * film, "extrapolated": True}
        rows[str(count)] = row
        _print_row(row)
    return rows


def _print_row(row: dict[str, Any]) -> None:
    floor, ours, seed = row["floor"], row["vidstudio"], row["seed"]
    label = " (extrapolated)" if seed.get("extrapolated") else ""
    print(f"\n{row['clips']} clips, {row['film_s']:.0f} s of film")
    print(f"  floor (ffmpeg copy + same mix)  {floor['seconds']:7.2f} s   peak "
          f"{floor['peak_mb']:6.0f} MB")
    print(f"  vidstudio export_project        {ours['seconds']:7.2f} s   peak "
          f"{ours['peak_mb']:6.0f} MB   (python {ours['python_mb']:.0f} MB, largest ffmpeg "
          f"{ours['largest_child_mb']:.0f} MB)")
    seed_mem = f"   peak {seed['peak_mb']:6.0f} MB" if "peak_mb" in seed else ""
    print(f"  seed (moviepy){label:<17} {seed['seconds']:7.2f} s{seed_mem}")
    print(f"  vidstudio / floor = {ours['seconds'] / floor['seconds']:.2f}x (target <= 2x);  "
          f"seed / vidstudio = {seed['seconds'] / ours['seconds']:.1f}x faster (target >= 20x)"
          f"{label}", flush=True)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def main(argv: list[str] | None = None) -> None:
    """Run the export benchmark; options from the environment (see ``--help``)."""
    del argv  # the options arrive as environment variables, set by ``__main__`` below
    quick = os.environ.get("VIDSTUDIO_BENCH_QUICK", "") not in ("", "0")
    sizes = tuple(int(x) for x in os.environ.get("VIDSTUDIO_BENCH_SIZES", "").split(",")
                  if x.strip()) or SIZES
    repeats = int(os.environ.get("VIDSTUDIO_BENCH_REPEATS", "3"))
    print(f"export benchmark on {os.cpu_count()} x {_cpu_model()}; sizes {sizes}; "
          f"{'quick: seed at 5 clips only' if quick else 'full'}; median of {repeats}",
          flush=True)
    rows = run_benchmark(sizes, quick, repeats)
    peaks = [rows[str(n)]["vidstudio"]["peak_mb"] for n in sizes]
    print(f"\nvidstudio peak memory from {sizes[0]} to {sizes[-1]} clips: "
          f"{peaks[0]:.0f} -> {peaks[-1]:.0f} MB")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "export-bench.json").write_text(json.dumps(
        {"cpu": _cpu_model(), "cpus": os.cpu_count(), "quick": quick, "rows": rows}, indent=1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="run the seed method at 5 clips only and extrapolate")
    parser.add_argument("--sizes", default="", help="comma-separated clip counts (5,20,50)")
    parser.add_argument("--repeats", type=int, default=0, help="runs per fast method")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
    else:
        if args.quick:
            os.environ["VIDSTUDIO_BENCH_QUICK"] = "1"
        if args.sizes:
            os.environ["VIDSTUDIO_BENCH_SIZES"] = args.sizes
        if args.repeats:
            os.environ["VIDSTUDIO_BENCH_REPEATS"] = str(args.repeats)
        main()
