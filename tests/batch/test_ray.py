"""The Ray engine on a real two-node cluster started by this module on this machine, inside a
network namespace with loopback only (the emulators and the batch's driver run in it too; see
cluster_host.py). One cluster serves the module; every film is one scene long. The cluster is
torn down by process id when the module ends, also when a test failed: it lives in a PID
namespace of its own, whose first process this module ends."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.slow,
    # Looked up, not imported: importing Ray takes a second of the suite's collection.
    pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                       reason="needs the cluster extra: pip install 'vidstudio[cluster]'"),
    pytest.mark.skipif(shutil.which("unshare") is None or shutil.which("ip") is None,
                       reason="needs unshare and ip (Linux) for a loopback-only network "
                              "namespace"),
]

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("planner", "images", "style", "video", "sound", "voice", "music")
SCRIPTS = ("A red kite rises over the quiet harbour at dawn.",
           "The baker lifts warm bread from the stone oven before sunrise.",
           "Snow settles on the empty station while the last train sighs away.",
           "Two children race paper boats down the rain-filled gutter.")
# The films are drafts (the smallest frame the editor offers), about half the CPU of a 720p
# film; the frame size is the row's (tests/batch/test_local.py checks it).
DRAFT = 144


class Host:
    """The cluster host's command pipe."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def ask(self, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the cluster host ended"
        answer: dict[str, Any] = json.loads(line)
        return answer


@pytest.fixture(scope="module")
def host() -> Iterator[Host]:
    process = subprocess.Popen(
        ["unshare", "--net", "--pid", "--fork", "--mount-proc", sys.executable, "-m",
         "tests.batch.cluster_host"], cwd=ROOT, text=True, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline() or "{}")
        assert ready.get("ready"), "the cluster did not start"
        print(f"two-node cluster up in {ready['startup']:.1f} s")
        yield Host(process)
    finally:
        with contextlib.suppress(OSError):
            assert process.stdin is not None
            process.stdin.close()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # The unshare process and the namespace's first process share this group; when
            # the first process ends, the kernel ends every process of the namespace.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.fixture
def two_nodes(host: Host) -> Host:
    """The cluster with its worker node running: started again if a test killed it."""
    assert host.ask(worker="start") == {"ok": True}
    return host


def manifest(folder: Path, video: str = "local", count: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for number, text in enumerate(SCRIPTS[:count], 1):
        (folder / f"s{number}.txt").write_text(text + "\n")
        providers = {stage: "local" for stage in STAGES} | {"video": video}
        lines.append(json.dumps({"name": f"film{number}", "script": f"s{number}.txt",
                                 "output": f"out/film{number}.mp4", "max_scenes": 1,
                                 "resolution": DRAFT,
                                 **providers}))
    path = folder / "films.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def report(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.with_name("films.report.json").read_text())
    return document


def test_four_offline_films_on_two_nodes(two_nodes: Host, tmp_path: Path) -> None:
    host = two_nodes
    path = manifest(tmp_path)
    answer = host.ask(batch=[str(path)])
    assert answer["rc"] == 0, answer["stderr"]
    document = report(path)
    assert document["engine"] == "ray" and document["finished"] == 4
    for number in range(1, 5):
        assert (tmp_path / "out" / f"film{number}.mp4").stat().st_size > 10_000
    assert len(answer["stdout"].splitlines()) == 5


def test_the_cluster_budget_refuses_a_film_before_it_pays(host: Host, tmp_path: Path) -> None:
    host.ask(reset=True)
    path = manifest(tmp_path, video="luma", count=2)
    estimate = host.ask(estimate=[str(tmp_path / "s1.txt"), "-o", str(tmp_path / "e.mp4"),
                                  "--max-scenes", "1", "--resolution", str(DRAFT),
                                  *[f"--{s}=local" for s in STAGES if s != "video"],
                                  "--video=luma"])
    assert estimate["rc"] == 0, estimate["stderr"]
    price = float(re.findall(r"^total\s+\$\s*([\d.]+)", estimate["stdout"], re.M)[0])
    assert price > 0
    answer = host.ask(batch=[str(path), "--budget", f"{price * 1.5:.4f}"])
    assert answer["rc"] == 1
    results = {r["name"]: r for r in report(path)["results"]}
    statuses = sorted(r["status"] for r in results.values())
    assert statuses == ["done", "refused"], json.dumps(results)
    refused = next(r for r in results.values() if r["status"] == "refused")
    assert "budget" in refused["error"]
    assert answer["video_creations"] == 1  # the refused film paid for nothing


def test_a_dead_worker_node_costs_nothing_twice_and_limits_hold_across_nodes(
        two_nodes: Host, tmp_path: Path) -> None:
    # The last test of the module: the worker node it kills is started again only by a test
    # that needs two nodes (two_nodes), not here, where no test would use it.
    host = two_nodes
    host.ask(reset=True)
    path = manifest(tmp_path, video="luma")
    answer = host.ask(batch=[str(path), "--json-progress"], kill_worker_when_held=2)
    assert answer["rc"] == 0, answer["stderr"][-3000:]
    assert answer["killed"] > 0  # the worker node's processes were ended mid-batch
    # Luma's video concurrency is 2: with four films running on two nodes, the third
    # generation waited at the cluster-wide gate while Luma held the first two.
    assert answer["creations_while_held"] == 2
    assert answer["peak_videos"] <= 2
    # One clip per film, each paid once: the films of the dead node were run again and
    # resumed their journalled generations instead of creating new ones.
    assert answer["video_creations"] == 4
    document = report(path)
    assert document["finished"] == 4
    assert max(r["attempts"] for r in document["results"]) >= 2
    assert document["provider_peaks"]["luma.generate_clip"] <= 2
