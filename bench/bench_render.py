"""End-to-end offline render of the bundled lighthouse sample (target: under 45 s on 2 cores).

The baseline measured in the same run is the time ffmpeg alone needs to encode the film's length
of frames at the same size, so the ratio says how far the whole pipeline is from bare encoding.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vidstudio.media.ffmpeg import ffmpeg_exe, probe

SAMPLE = Path(__file__).resolve().parents[1] / "vidstudio" / "resources" / "samples" / "lighthouse.txt"


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


def main(argv: list[str] | None = None) -> None:
    del argv  # no options
    with tempfile.TemporaryDirectory(prefix="vidstudio-bench-") as tmp:
        out = Path(tmp) / "lighthouse.mp4"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vidstudio", "render", str(SAMPLE), "-o", str(out),
                        "--quiet"], check=True, stdout=subprocess.DEVNULL)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vidstudio", "render", str(SAMPLE), "-o", str(out),
                        "--quiet"], check=True, stdout=subprocess.DEVNULL)
        warm = time.perf_counter() - start
        length = probe(out).duration
        floor = _encode_floor(length, Path(tmp) / "floor.mp4")
    score = _score_cpu_per_minute(max(length, 60.0))
    print(f"film length            {length:6.1f} s")
    print(f"offline render (cold)  {cold:6.1f} s   ({length / cold:4.2f}x real time; target < 45 s)")
    print(f"re-render (all cached) {warm:6.1f} s")
    print(f"ffmpeg encode floor    {floor:6.1f} s   (render / floor = {cold / floor:4.1f})")
    print(f"offline score          {score:6.2f} CPU-s per minute of film (target <= 3)")


if __name__ == "__main__":
    main()
