"""Running the command line as a user (or a supervisor) would, and checking what it left behind:
the processes of its group (read from /proc), temporary files, the project and its journal."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tests.reliability.cloudsim import read_events
from vidstudio.storage import ProjectFolder
from vidstudio.storage.journal import Journal

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ("The keeper climbs the iron stairs.\n\nThe great lamp has gone dark.\n\n"
          "Far out, a fishing boat waits for the light.\n")
PATIENCE = 120.0  # seconds a test waits for a condition before it fails (never a timing check)


@dataclass
class Cli:
    """One ``vidstudio`` process in its own process group (as a terminal's job is)."""

    proc: subprocess.Popen[str]
    ledger: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def finish(self) -> tuple[int, str, str]:
        """Wait for the exit and for the end of its output — which only comes once no
        process (an orphaned worker, say) holds its stdout and stderr any more."""
        try:
            out, err = self.proc.communicate(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            held_by = group_members(self.pid)
            kill_group(self.pid)
            self.proc.communicate()
            raise AssertionError(f"the output never ended; held by {held_by}") from None
        return self.proc.returncode, out, err


def environment(ledger: Path, hold: str = "", **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"VIDSTUDIO_TEST_LEDGER": str(ledger), "VIDSTUDIO_TEST_HOLD": hold,
                "VIDSTUDIO_NO_KEYRING": "1", "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def start(ledger: Path, *args: str, hold: str = "", **extra: str) -> Cli:
    ledger.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.driver", *args],
                            cwd=ROOT, env=environment(ledger, hold, **extra), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    return Cli(proc, ledger)


def run(ledger: Path, *args: str, hold: str = "", **extra: str) -> tuple[int, str, str]:
    return start(ledger, *args, hold=hold, **extra).finish()


def release(ledger: Path, stage: str) -> None:
    (ledger / f"release-{stage}").touch()


def wait_until(condition: Callable[[], bool], what: str, cli: Cli | None = None) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if cli is not None and cli.proc.poll() is not None:
            code, out, err = cli.finish()
            raise AssertionError(f"vidstudio ended ({code}) before {what}: {err[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def held(ledger: Path, stage: str) -> int:
    return sum(1 for e in read_events(ledger) if e[:2] == ["held", stage])


def group_members(pgid: int) -> dict[int, str]:
    """Live (not zombie) processes of process group ``pgid``: pid -> command line."""
    found: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text(errors="replace")
            fields = stat[stat.rfind(")") + 2:].split()
            if fields[0] in ("Z", "X") or int(fields[2]) != pgid:
                continue
            cmd = Path("/proc", entry, "cmdline").read_bytes().replace(b"\0", b" ")
            found[int(entry)] = cmd.decode(errors="replace").strip()
        except (OSError, ValueError, IndexError):
            continue
    return found


def assert_group_ends(pgid: int) -> None:
    """Every process of the group ends by itself (nothing is killed here)."""
    deadline = time.monotonic() + PATIENCE
    while (members := group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    if members:
        kill_group(pgid)  # clean up before failing, so one failure does not leak
    assert not members, f"processes outlived vidstudio: {members}"


def kill_group(pgid: int) -> None:
    for pid in group_members(pgid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue


_TEMP = re.compile(r"^\..+\.part(\.\w+)?$")


def temp_leftovers(*folders: Path) -> list[Path]:
    """Temporary files and export scratch folders found anywhere under ``folders``."""
    found: list[Path] = []
    for folder in folders:
        for path in folder.rglob("*"):
            if _TEMP.match(path.name) or (path.parent.name == "tmp" and
                                          path.name.startswith("export-")):
                found.append(path)
    return found


def assert_project_sound(project: Path) -> ProjectFolder:
    """The project opens, and every ready take's files are there with the right bytes."""
    folder, loaded = ProjectFolder.open(project)
    for take in loaded.all_takes():
        if take.status != "ready":
            continue
        for rel in [take.file, *take.extra_files.values()]:
            if rel:
                assert folder.assets.verify(rel), f"take {take.id}: {rel} is damaged"
    return folder


def ready_takes(project: Path) -> int:
    data = json.loads((project / "project.json").read_text())
    count = 0
    for env in data["environments"]:
        for slot in [*env["images"], env["style"]]:
            count += sum(1 for t in slot["takes"] if t["status"] == "ready")
    for scene in data["scenes"]:
        for slot in scene["slots"].values():
            count += sum(1 for t in slot["takes"] if t["status"] == "ready")
    return count


def journal(project: Path) -> list[str]:
    return [e.remote_id for e in Journal(project / "journal.jsonl").entries()]


def summary(err: str) -> tuple[int, int]:
    """(generated, reused) from the run's summary line."""
    match = re.search(r"(\d+) generated, (\d+) reused", err)
    assert match, err
    return int(match[1]), int(match[2])
