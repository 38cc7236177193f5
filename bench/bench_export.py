"""Export benchmark: whole processes, interleaved with their baselines, on inputs of mixed
provenance.

Every figure is the wall time of a whole process started from this one (interpreter start-up
and imports included), run A B C A B C... so that each method and its baselines see the same
machine load; the median, the spread (min-max) and the number of runs are reported, with the
load average before and after each row. Peak memory is the largest sum of the resident memory
of the process and all its descendants (ffmpeg included), sampled every 50 ms.

Input sets (generated once, cached in ``bench/results/export-inputs``, git-ignored), 1280x720,
scenes alternately 5 s and 9 s, each with a stereo noise bed and a mono speech-like narration:

* ``uniform``: every clip from one encoder (x264 veryfast CRF 23, untagged, 24 fps): the
  stream-copy path;
* ``mixed``: clips cycling through three encoders/taggings — x264 veryfast untagged 24 fps,
  x264 medium CRF 20 tagged BT.601 (bt470bg, tv range), OpenH264 at 25 fps with its own AAC
  sound — so vidstudio must conform clips.

Methods:

* ``floor``: what a competent ffmpeg user would run, independent of vidstudio's code: one
  ffmpeg process, the concat demuxer with video stream copy (``uniform``) or, for ``mixed``,
  ffmpeg's concat filter re-encoding every clip to one format (stream copy of mixed encoders
  gives a broken file), beds looped/cut per scene and narrations placed with ``adelay`` +
  ``amix``, ffmpeg's default AAC encoder settings. No ducking, no loudness work.
* ``vidstudio``: a Python process that loads the saved project and calls
  ``export_project`` (defaults: conform, mix with ducking, loudness measured and corrected,
  AAC, loudness checked, SRT/VTT). ``cold`` empties the normalisation cache first; ``warm``
  re-exports to another file with the cache filled; the in-process time of the export call
  (what the editor sees) is reported beside the whole-process time.
* ``moviepy``: the seed's method (``bench/seed_baseline.py``) in its own process, measured at
  every size reported (never extrapolated).

Run ``python -m bench export`` (quick: 5 and 20 uniform clips, 5 mixed) or
``python bench/bench_export.py --full`` (5/20/50 uniform, 5/20 mixed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
INPUTS = RESULTS / "export-inputs"
OUTPUTS = RESULTS / "export-out"
FPS = 24
WIDTH, HEIGHT = 1280, 720
INPUTS_VERSION = 2
QUICK = {"uniform": (5, 20), "mixed": (5,)}
FULL = {"uniform": (5, 20, 50), "mixed": (5, 20)}

if str(ROOT) not in sys.path:  # run as a file: make ``bench`` and ``vidstudio`` importable
    sys.path.insert(0, str(ROOT))


def _ffmpeg() -> str:
    from vidstudio.media.ffmpeg import ffmpeg_exe

    return ffmpeg_exe()


# --------------------------------------------------------------------------------------------
# Inputs


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


# Three provenances for the mixed set: (label, file suffix, ffmpeg encoding arguments).
PROVENANCES: tuple[tuple[str, str, list[str]], ...] = (
    ("x264 veryfast, untagged", ".mp4",
     ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"]),
    ("x264 medium CRF 20, bt470bg/tv", ".mp4",
     ["-vf", "scale=out_color_matrix=bt601:out_range=tv,setparams=colorspace=bt470bg:range=tv",
      "-c:v", "libx264", "-preset", "medium", "-crf", "20", "-pix_fmt", "yuv420p"]),
    ("OpenH264 25 fps + AAC", ".mp4",
     ["-r", "25", "-c:v", "libopenh264", "-b:v", "3M", "-pix_fmt", "yuv420p", "-c:a", "aac",
      "-shortest"]),
)


def _make_clip(path: Path, seconds: int, index: int, provenance: int) -> None:
    _, _, encode = PROVENANCES[provenance]
    source = ["-f", "lavfi", "-i",
              f"testsrc2=s={WIDTH}x{HEIGHT}:r={FPS}:d={seconds},hue=h={index * 37 % 360}"]
    if "-c:a" in encode:
        source += ["-f", "lavfi", "-i", f"sine=f={200 + index * 10}:d={seconds}"]
    tmp = path.with_name(path.stem + ".tmp" + path.suffix)
    subprocess.run([_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", *source, *encode,
                    str(tmp)], check=True)
    tmp.replace(path)


def generate_inputs(kind: str, count: int) -> list[dict[str, Any]]:
    """Make (or reuse) ``count`` scenes of the ``kind`` set; returns their manifest."""
    import soundfile as sf  # type: ignore[import-untyped]

    INPUTS.mkdir(parents=True, exist_ok=True)
    scenes: list[dict[str, Any]] = []
    jobs: list[tuple[Path, int, int, int]] = []
    for i in range(count):
        duration = 5 if i % 2 == 0 else 9
        room = duration - 0.6
        spans = [(0.0, room * 0.4), (room * 0.55, room * 0.95)]
        sentences = [{"text": f"Scene {i + 1} opens on the harbour at first light.",
                      "start": spans[0][0], "end": spans[0][1]},
                     {"text": "Gulls circle the lighthouse as the boats go out.",
                      "start": spans[1][0], "end": spans[1][1]}]
        bed_seconds = duration + 3.0 if i % 3 == 0 else max(2.0, duration - 2.5)
        provenance = 0 if kind == "uniform" else i % len(PROVENANCES)
        clip = f"clips/{kind}{i:03d}-v{INPUTS_VERSION}{PROVENANCES[provenance][1]}"
        scene: dict[str, Any] = {"clip": clip, "duration": duration,
                                 "provenance": PROVENANCES[provenance][0],
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
        if not (INPUTS / clip).is_file():
            jobs.append((INPUTS / clip, duration, i, provenance))
        scenes.append(scene)
    if jobs:
        print(f"  generating {len(jobs)} {kind} clips at {WIDTH}x{HEIGHT} (cached for later "
              f"runs)...", flush=True)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(lambda job: _make_clip(*job), jobs))
    return scenes


def save_project(kind: str, scenes: Sequence[dict[str, Any]]) -> Path:
    """Write the project (as the app would hold it) to a JSON file the child processes load."""
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
    path = INPUTS / f"{kind}-{len(scenes)}.project.json"
    path.write_text(project.model_dump_json(), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The floor: plain ffmpeg, written here without vidstudio's code


def floor_command(kind: str, scenes: Sequence[dict[str, Any]], output: Path) -> list[str]:
    """One ffmpeg run making the same kind of file: picture joined (copied when it can be),
    beds looped and cut per scene, narrations placed, ffmpeg's default AAC."""
    args = [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y"]
    graph: list[str] = []
    if kind == "uniform":
        listing = output.with_suffix(".ffconcat")
        lines = ["ffconcat version 1.0"]
        for s in scenes:
            lines += [f"file '{(INPUTS / s['clip']).resolve()}'", f"duration {s['duration']}"]
        listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
        args += ["-f", "concat", "-safe", "0", "-i", str(listing)]
        video_map = "0:v:0"
        first_audio = 1
    else:
        pads = []
        for i, s in enumerate(scenes):
            args += ["-i", str(INPUTS / s["clip"])]
            frames = s["duration"] * FPS
            graph.append(f"[{i}:v]fps={FPS},scale={WIDTH}:{HEIGHT},setsar=1,format=yuv420p,"
                         f"trim=end_frame={frames},setpts=PTS-STARTPTS[v{i}]")
            pads.append(f"[v{i}]")
        graph.append(f"{''.join(pads)}concat=n={len(scenes)}:v=1:a=0[vout]")
        video_map = "[vout]"
        first_audio = len(scenes)
    beds, voices = [], []
    start = 0.0
    index = first_audio
    for i, s in enumerate(scenes):
        # Audio inputs: the same small probe size vidstudio uses (a generic ffmpeg option).
        args += ["-probesize", "65536", "-stream_loop", "-1", "-t", str(s["duration"]),
                 "-i", str(INPUTS / s["bed"])]
        args += ["-probesize", "65536", "-i", str(INPUTS / s["narration"])]
        graph.append(f"[{index}:a]aformat=channel_layouts=stereo:sample_rates=48000,"
                     f"volume=0.5[b{i}]")
        delay = round((start + 0.3) * 1000)
        graph.append(f"[{index + 1}:a]aformat=channel_layouts=stereo:sample_rates=48000,"
                     f"adelay={delay}:all=1[n{i}]")
        beds.append(f"[b{i}]")
        voices.append(f"[n{i}]")
        index += 2
        start += s["duration"]
    graph.append(f"{''.join(beds)}concat=n={len(scenes)}:v=0:a=1[beds]")
    graph.append(f"[beds]{''.join(voices)}amix=inputs={len(scenes) + 1}:normalize=0:"
                 f"duration=first[aout]")
    args += ["-filter_complex", ";".join(graph), "-map", video_map, "-map", "[aout]"]
    if kind == "uniform":
        args += ["-c:v", "copy"]
    else:
        args += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20"]
    args += ["-c:a", "aac", "-movflags", "+faststart", str(output)]
    return args


# --------------------------------------------------------------------------------------------
# Child processes


def child(method: str, project_file: Path, output: Path) -> None:
    """Run one method in this (fresh) process; print the in-process time of its work."""
    if method == "vidstudio":
        from vidstudio.core.models import Project
        from vidstudio.export import export_project

        project = Project.model_validate_json(project_file.read_text(encoding="utf-8"))
        start = time.perf_counter()
        result = asyncio.run(export_project(project, INPUTS, output))
        seconds = time.perf_counter() - start
        print(json.dumps({"in_process_s": seconds, "mode": result.video_mode,
                          "up_to_date": result.up_to_date}))
    elif method == "moviepy":
        from bench.seed_baseline import SeedScene, render_with_moviepy
        from vidstudio.core.models import Project
        from vidstudio.core.vocabulary import SlotKind

        project = Project.model_validate_json(project_file.read_text(encoding="utf-8"))
        scenes = []
        for scene in project.ordered_scenes:
            files = [scene.slot(k).active_take for k in (SlotKind.CLIP, SlotKind.SFX,
                                                         SlotKind.NARRATION)]
            paths = [INPUTS / t.file if t is not None and t.file else None for t in files]
            assert paths[0] is not None
            scenes.append(SeedScene(paths[0], float(scene.duration), paths[1], paths[2]))
        start = time.perf_counter()
        render_with_moviepy(scenes, output)
        print(json.dumps({"in_process_s": time.perf_counter() - start}))
    else:
        raise SystemExit(f"unknown method {method}")


# --------------------------------------------------------------------------------------------
# Measuring


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MiB (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            rss[pid] = int(fields[21]) * page
        except (OSError, IndexError, ValueError):
            continue
    members, changed = {root}, True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                changed = True
    return sum(rss.get(pid, 0) for pid in members) / 2**20


def loadavg() -> float:
    """The 1-minute load average (``/proc/loadavg``)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


@dataclass
class Run:
    wall_s: float
    peak_mb: float
    in_process_s: float | None = None
    info: dict[str, Any] = field(default_factory=dict)


def run_process(argv: Sequence[str], env: dict[str, str] | None = None,
                cwd: Path | None = None) -> Run:
    """Start ``argv`` (in ``cwd``, the repository by default), time it as a whole, sample its
    process tree's memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, cwd=cwd or ROOT, text=True,
                            env=env)
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
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])}... failed with {proc.returncode}")
    info: dict[str, Any] = {}
    lines = [ln for ln in (out or "").strip().splitlines() if ln.startswith("{")]
    if lines:
        info = json.loads(lines[-1])
    return Run(wall, peak, info.get("in_process_s"), info)


def summary(runs: Sequence[Run]) -> dict[str, Any]:
    walls = [r.wall_s for r in runs]
    inner = [r.in_process_s for r in runs if r.in_process_s is not None]
    return {
        "median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls),
        "runs": len(walls), "all_s": [round(w, 3) for w in walls],
        "in_process_median_s": statistics.median(inner) if inner else None,
        "peak_mb": max(r.peak_mb for r in runs),
    }


def _child_argv(method: str, project_file: Path, output: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", method,
            str(project_file), str(output)]


def _clear_cache() -> None:
    shutil.rmtree(INPUTS / "cache", ignore_errors=True)


def _forget_exports() -> None:
    (INPUTS / "cache" / "exports.json").unlink(missing_ok=True)


def bench_row(kind: str, count: int, repeats: int, moviepy_repeats: int) -> dict[str, Any]:
    scenes = generate_inputs(kind, count)
    project_file = save_project(kind, scenes)
    OUTPUTS.mkdir(parents=True, exist_ok=True)
    film = float(sum(s["duration"] for s in scenes))
    out = {m: OUTPUTS / f"{kind}-{count}-{m}.mp4" for m in ("floor", "vidstudio", "warm",
                                                           "moviepy")}
    steps: list[tuple[str, Callable[[], Run]]] = [
        ("floor", lambda: run_process(floor_command(kind, scenes, out["floor"]))),
    ]

    def cold() -> Run:
        if kind == "mixed":
            _clear_cache()  # nothing normalised yet
        _forget_exports()  # never "up to date"
        return run_process(_child_argv("vidstudio", project_file, out["vidstudio"]))

    steps.append(("vidstudio", cold))
    if kind == "mixed":
        def warm() -> Run:
            _forget_exports()
            return run_process(_child_argv("vidstudio", project_file, out["warm"]))

        steps.append(("vidstudio_warm", warm))
    runs: dict[str, list[Run]] = {name: [] for name, _ in steps}
    runs["moviepy"] = []
    load_before = loadavg()
    for r in range(max(repeats, moviepy_repeats)):
        for name, step in steps:
            if r < repeats:
                runs[name].append(step())
        if r < moviepy_repeats:
            runs["moviepy"].append(run_process(
                _child_argv("moviepy", project_file, out["moviepy"])))
    row: dict[str, Any] = {"set": kind, "clips": count, "film_s": film,
                           "load_before": load_before, "load_after": loadavg(),
                           "provenance": sorted({s["provenance"] for s in scenes})}
    for name, measured in runs.items():
        if measured:
            row[name] = summary(measured)
    modes = {r.info.get("mode") for r in runs["vidstudio"]}
    row["vidstudio_mode"] = ",".join(sorted(m for m in modes if m))
    _print_row(row)
    return row


def _fmt(entry: dict[str, Any]) -> str:
    return (f"{entry['median_s']:7.2f} s  [{entry['min_s']:.2f}-{entry['max_s']:.2f}, "
            f"n={entry['runs']}]  peak {entry['peak_mb']:5.0f} MB")


def _print_row(row: dict[str, Any]) -> None:
    print(f"\n{row['set']} set, {row['clips']} clips, {row['film_s']:.0f} s of film "
          f"(load {row['load_before']:.2f} -> {row['load_after']:.2f}; "
          f"vidstudio path: {row['vidstudio_mode']})")
    floor, ours = row["floor"], row["vidstudio"]
    print(f"  floor (plain ffmpeg)          {_fmt(floor)}")
    inner = ours["in_process_median_s"]
    print(f"  vidstudio (whole process)     {_fmt(ours)}   in-process {inner:.2f} s")
    if "vidstudio_warm" in row:
        warm = row["vidstudio_warm"]
        print(f"  vidstudio, cache warm         {_fmt(warm)}   in-process "
              f"{warm['in_process_median_s']:.2f} s")
    if "moviepy" in row:
        print(f"  moviepy (seed method)         {_fmt(row['moviepy'])}")
        print(f"  vidstudio / floor = {ours['median_s'] / floor['median_s']:.2f}x;  "
              f"moviepy / vidstudio = {row['moviepy']['median_s'] / ours['median_s']:.1f}x",
              flush=True)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true",
                        help="5/20/50 uniform and 5/20 mixed clips (default: quick)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per fast method")
    parser.add_argument("--moviepy-repeats", type=int, default=0,
                        help="runs of the moviepy method per size (default 3 at 5 clips, "
                             "1 above)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--sample", action="store_true",
                        help="only the rendered lighthouse sample against the concat floor "
                             "(bench/bench_export_sample.py)")
    args, rest = parser.parse_known_args(argv)
    if args.sample:
        from bench.bench_export_sample import main as sample_main

        sample_main(rest)
        return
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    sets = FULL if args.full or os.environ.get("VIDSTUDIO_BENCH_FULL") else QUICK
    print(f"export benchmark on {os.cpu_count()} x {cpu_model()}; "
          f"{'full' if sets is FULL else 'quick'}: {sets}; whole processes, interleaved",
          flush=True)
    rows = []
    for kind, sizes in sets.items():
        for count in sizes:
            mp = args.moviepy_repeats or (3 if count <= 5 else 1)
            rows.append(bench_row(kind, count, args.repeats, mp))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "export-bench.json").write_text(json.dumps(
        {"cpu": cpu_model(), "cpus": os.cpu_count(), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
