"""A two-node Ray cluster with the provider emulators, inside a network namespace that has only
loopback (run by test_ray.py as ``unshare -n -p -f --mount-proc python -m
tests.batch.cluster_host``; it is PID 1 of its own PID namespace, so when it ends, every
process of the cluster ends with it).

It reads one JSON command a line on stdin and answers one JSON line on stdout:
``{"batch": [ARGS], "kill_worker_when_held": N}`` runs ``vidstudio batch ARGS`` on the
cluster; with ``kill_worker_when_held`` Luma holds video generations until N were created and
every film runs, then the worker node is killed (its processes, by id) and the hold lifted.
``{"estimate": [ARGS]}`` runs ``vidstudio render --estimate ARGS``; ``{"worker": "start"}``
starts a worker node again; ``{"reset": true}`` clears the emulators' counters. End of input
ends the cluster.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tests.e2e.test_cloud_render import Cloud
from tests.emulators.anthropic_emulator import AnthropicEmulator
from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
from tests.emulators.fal_emulator import FalEmulator
from tests.emulators.gemini_emulator import GeminiEmulator
from tests.emulators.luma_emulator import LumaEmulator

PORT = 6390
NODE_CPUS = "2"
RAY = os.path.join(os.path.dirname(sys.executable), "ray")


class CountingLuma(LumaEmulator):
    """Luma, also counting its video generations running at once (created, not yet ended)."""

    def __init__(self) -> None:
        super().__init__()
        self.peak_videos = 0

    def running_videos(self) -> int:
        return sum(1 for g in self.generations.values()
                   if g["generation_type"] == "video" and g["state"] in ("queued", "dreaming"))

    def _new_generation(self, kind: str, body: dict[str, Any], **options: Any) -> Any:
        reply = super()._new_generation(kind, body, **options)
        with self._state_lock:
            self.peak_videos = max(self.peak_videos, self.running_videos())
        return reply

    def video_creations(self) -> int:
        return sum(1 for g in self.generations.values() if g["generation_type"] == "video")


def _wait_port(port: int, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class Cluster:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.head: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None

    def _node(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([RAY, "start", "--node-ip-address=127.0.0.1",
                                 f"--num-cpus={NODE_CPUS}", "--block", *args], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    def start(self) -> float:
        began = time.monotonic()
        self.head = self._node("--head", f"--port={PORT}", "--include-dashboard=false",
                               "--disable-usage-stats")
        _wait_port(PORT)
        self.start_worker()
        return time.monotonic() - began

    def start_worker(self) -> None:
        self.worker = self._node(f"--address=127.0.0.1:{PORT}")
        self._wait_nodes(2)

    def _wait_nodes(self, count: int) -> None:
        probe = ("import ray, time\nray.init(address='127.0.0.1:%d', logging_level='ERROR')\n"
                 "while sum(n['Alive'] for n in ray.nodes()) < %d: time.sleep(0.2)\n")
        subprocess.run([sys.executable, "-c", probe % (PORT, count)], env=self.env, check=True,
                       timeout=180, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @staticmethod
    def _group(leader: int) -> list[int]:
        """The node's processes: its process group, and the workers its raylet started (each
        in a session of its own)."""
        members: list[int] = []
        parents: dict[int, int] = {}
        groups: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                fields = stat.rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                groups[int(entry)] = int(fields[2])
        members = [pid for pid, group in groups.items() if group == leader]
        grown = True
        while grown:
            grown = False
            for pid, parent in parents.items():
                if parent in members and pid not in members:
                    members.append(pid)
                    grown = True
        return members

    def kill(self, node: subprocess.Popen[bytes] | None) -> list[int]:
        if node is None:
            return []
        pids = self._group(node.pid)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        node.wait(timeout=30)
        return pids

    def stop(self) -> None:
        self.kill(self.worker)
        self.kill(self.head)


def _batch(cloud: Cloud, luma: CountingLuma, cluster: Cluster, command: dict[str, Any],
           env: dict[str, str]) -> dict[str, Any]:
    held = command.get("kill_worker_when_held")
    if held:
        luma.hold = "video"
    process = subprocess.Popen([sys.executable, "-m", "vidstudio", "batch", *command["batch"],
                                "--ray", f"127.0.0.1:{PORT}"], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines: list[str] = []
    running = [0]

    def read_progress() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            with contextlib.suppress(ValueError):
                running[0] = max(running[0], json.loads(line).get("running", 0))

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    answer: dict[str, Any] = {}
    if held:
        deadline = time.monotonic() + 240
        while (luma.video_creations() < held or running[0] < 4) \
                and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        time.sleep(3.0)  # every film waits at the gate or holds a slot: no third creation
        answer["creations_while_held"] = luma.video_creations()
        answer["killed"] = len(cluster.kill(cluster.worker))
        cluster.worker = None
        time.sleep(1.0)
        luma.hold = False
    out, _ = process.communicate(timeout=480)
    reader.join(timeout=10)
    answer.update(rc=process.returncode, stdout=out, stderr="".join(lines),
                  video_creations=luma.video_creations(), peak_videos=luma.peak_videos,
                  speech=cloud.elevenlabs.speech_creations)
    return answer


def main() -> int:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    luma = CountingLuma()
    cloud = Cloud(AnthropicEmulator(), GeminiEmulator(), luma, ElevenLabsEmulator(),
                  FalEmulator())
    for server in vars(cloud).values():
        server.start()
    luma.queued_polls = 0
    luma.dreaming_polls = 1
    env = cloud.env()
    env.update(RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=secrets.token_hex(32),
               RAY_USAGE_STATS_ENABLED="0", RAY_health_check_period_ms="1000",
               RAY_health_check_failure_threshold="3",
               PYTHONPATH=os.pathsep.join(p for p in (os.getcwd(), env.get("PYTHONPATH")) if p))
    cluster = Cluster(env)
    try:
        started = cluster.start()
        print(json.dumps({"ready": True, "startup": started}), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            if "batch" in command:
                answer = _batch(cloud, luma, cluster, command, env)
            elif "estimate" in command:
                done = subprocess.run([sys.executable, "-m", "vidstudio", "render",
                                       *command["estimate"], "--estimate"], env=env, text=True,
                                      capture_output=True, timeout=300, check=False)
                answer = {"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
            elif command.get("worker") == "start":
                if cluster.worker is None:
                    cluster.start_worker()
                answer = {"ok": True}
            elif command.get("reset"):
                luma.reset()
                luma.queued_polls, luma.dreaming_polls = 0, 1
                luma.peak_videos = 0
                answer = {"ok": True}
            else:
                answer = {"error": f"unknown command {command}"}
            print(json.dumps(answer), flush=True)
    finally:
        cluster.stop()
        for server in vars(cloud).values():
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
