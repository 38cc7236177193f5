"""vidstudio.osdeps: each portable fallback works on its own (``VIDSTUDIO_PORTABLE=1`` forces it),
with real processes, real locks and a real ffmpeg; and no module outside osdeps reaches for a
POSIX- or Linux-only call."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from vidstudio import osdeps
from vidstudio.lifetime import BACKGROUND_NICENESS, descendants, guarded, pool_worker_init
from vidstudio.media.ffmpeg import kill_process
from vidstudio.storage.lock import ProjectLock, ProjectLockedError
from vidstudio.storage.style_library import StyleLibrary

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "vidstudio"


@pytest.fixture
def portable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(osdeps.PORTABLE_ENV, "1")


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _family_of(size: int, before: frozenset[int] = frozenset()) -> list[int]:
    """Our descendants not among ``before`` (long-lived helpers earlier tests started, such as
    a pool's forkserver or resource tracker), once there are ``size`` of them (or after 30 s)."""
    deadline = time.monotonic() + 30
    while len(set(descendants()) - before) < size and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in descendants() if pid not in before]


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not set(pids) & set(osdeps.process_table()):
            return True
        time.sleep(0.1)
    return False


# ------------------------------------------------------------------------------------ lock
_SECOND = textwrap.dedent("""
    import sys
    from vidstudio.storage.lock import ProjectLock, ProjectLockedError
    try:
        ProjectLock(sys.argv[1]).acquire()
    except ProjectLockedError as e:
        print(e); sys.exit(3)
    print("got it")
""")


def test_portable_lock_is_filelock_and_refuses_a_second_process(tmp_path: Path,
                                                                 portable: None) -> None:
    import filelock

    held = osdeps.try_lock(tmp_path / "probe.lock")
    assert isinstance(held, osdeps._PortableLock)
    assert isinstance(held._lock, filelock.BaseFileLock)
    held.release()

    lock = ProjectLock(tmp_path)
    lock.acquire(purpose="test")
    try:
        second = subprocess.run([sys.executable, "-c", _SECOND, str(tmp_path)],
                                env=_env(VIDSTUDIO_PORTABLE="1"), capture_output=True,
                                text=True, check=False, timeout=60)
        assert second.returncode == 3, second.stderr
        assert "is open in another vidstudio" in second.stdout
        assert f"test, process {os.getpid()}" in second.stdout
        with pytest.raises(ProjectLockedError):  # a second lock in this process, too
            ProjectLock(tmp_path).acquire()
    finally:
        lock.release()
    again = subprocess.run([sys.executable, "-c", _SECOND, str(tmp_path)],
                           env=_env(VIDSTUDIO_PORTABLE="1"), capture_output=True, text=True,
                           check=False, timeout=60)
    assert again.returncode == 0 and "got it" in again.stdout, again.stderr


def test_portable_lock_dies_with_its_holder(tmp_path: Path, portable: None) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom vidstudio.storage.lock import ProjectLock"
         "\nlock = ProjectLock(sys.argv[1])\nlock.acquire()\nprint('held', flush=True)"
         "\ntime.sleep(60)",
         str(tmp_path)], env=_env(VIDSTUDIO_PORTABLE="1"), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(ProjectLockedError):
            ProjectLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    lock = ProjectLock(tmp_path)
    lock.acquire()
    assert lock.recovered, "the killed holder's marker tells the next one it crashed"
    lock.release()


def test_portable_lock_is_not_written_through_a_planted_link(tmp_path: Path,
                                                             portable: None) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "p"
    folder.mkdir()
    os.symlink(victim, folder / ".lock")
    with pytest.raises(OSError, match="symbolic link"):
        ProjectLock(folder).acquire()
    assert victim.read_text() == "precious"


def test_the_holder_is_named_from_the_open_marker(tmp_path: Path) -> None:
    lock = ProjectLock(tmp_path)
    lock.acquire(purpose="render")
    try:
        info = json.loads((tmp_path / ".open").read_text())
        assert info["pid"] == os.getpid() and info["purpose"] == "render"
        with pytest.raises(ProjectLockedError, match=f"render, process {os.getpid()}"):
            ProjectLock(tmp_path).acquire()
    finally:
        lock.release()
    assert not (tmp_path / ".open").exists()


# ----------------------------------------------------------------------- children and pools
_PARENT = textwrap.dedent("""
    import os, subprocess, sys, time
    from vidstudio.lifetime import descendants, guarded
    command, preexec = guarded([sys.executable, "-c", "import time; time.sleep(120)"])
    assert preexec is None and "__watch-parent__" in command, command
    subprocess.Popen(command, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while len(descendants()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    print(" ".join(map(str, descendants())), flush=True)
    os._exit(0)  # dies without cleaning anything up, as a killed process would
""")


def _first_line_of(script: str) -> str:
    """Run ``script`` in a portable vidstudio process and return the first line it prints.
    Its orphans keep a copy of its stdout: the line is read, not the output to its end."""
    parent = subprocess.Popen([sys.executable, "-c", script], env=_env(VIDSTUDIO_PORTABLE="1"),
                              stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    assert parent.stdout is not None
    with parent.stdout:
        line = parent.stdout.readline()
    assert parent.wait(timeout=120) == 0
    return line


def test_the_watcher_ends_a_child_whose_parent_died(portable: None) -> None:
    out = _first_line_of(_PARENT)
    orphans = [int(p) for p in out.split()]
    assert len(orphans) == 2, out  # the watcher and the sleeper
    assert _gone(orphans, within=10), "the watched child outlived its parent"


def test_the_watcher_passes_io_and_exit_status_through(portable: None) -> None:
    command, preexec = guarded([sys.executable, "-c",
                                "import sys; sys.stdout.write(sys.stdin.read().upper()); "
                                "sys.exit(3)"])
    assert preexec is None and command[command.index("--") + 1] == sys.executable
    done = subprocess.run(command, input="frames", capture_output=True, text=True,
                          env=_env(), check=False, timeout=60)
    assert (done.returncode, done.stdout) == (3, "FRAMES"), done.stderr


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no niceness here")
def test_the_watched_child_runs_below_us(portable: None) -> None:
    command, _ = guarded([sys.executable, "-c", "import os; print(os.nice(0))"])
    shown = subprocess.run(command, capture_output=True, text=True, env=_env(), check=True,
                           timeout=60).stdout
    assert int(shown) == min(19, os.nice(0) + BACKGROUND_NICENESS)


def test_stopping_a_watched_child_ends_the_child_too(portable: None) -> None:
    async def scenario() -> list[int]:
        before = frozenset(descendants())
        command, preexec = guarded([sys.executable, "-c", "import time; time.sleep(120)"])
        proc = await asyncio.create_subprocess_exec(*command, preexec_fn=preexec,
                                                    env=_env())
        family = await asyncio.to_thread(_family_of, 2, before)
        assert proc.pid in family and len(family) == 2, family
        await kill_process(proc)
        assert proc.returncode not in (None, 0)
        return family

    family = asyncio.run(scenario())
    assert _gone(family, within=10)


def _report() -> tuple[int, int]:
    return os.getpid(), os.nice(0) if hasattr(os, "nice") else 0


def test_the_pool_works_with_spawn(portable: None) -> None:
    from concurrent.futures import ProcessPoolExecutor

    context = osdeps.pool_context()
    assert context.get_start_method() == "spawn"
    with ProcessPoolExecutor(1, mp_context=context, initializer=pool_worker_init,
                             initargs=(os.getpid(),)) as pool:
        pid, niceness = pool.submit(_report).result(timeout=120)
    assert pid != os.getpid()
    if hasattr(os, "nice"):
        assert niceness == min(19, os.nice(0) + BACKGROUND_NICENESS)


def test_forkserver_is_used_where_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.delenv(osdeps.PORTABLE_ENV, raising=False)
    expected = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    assert osdeps.pool_context().get_start_method() == expected


_POOL_OWNER = textwrap.dedent("""
    import os
    from concurrent.futures import ProcessPoolExecutor
    from vidstudio.lifetime import pool_worker_init
    from vidstudio.osdeps import pool_context
    pool = ProcessPoolExecutor(1, mp_context=pool_context(), initializer=pool_worker_init,
                               initargs=(os.getpid(),))
    print(pool.submit(os.getpid).result(timeout=120), flush=True)
    os._exit(0)
""")


def test_a_spawned_pool_worker_ends_with_its_owner(portable: None) -> None:
    worker = int(_first_line_of(_POOL_OWNER))
    assert _gone([worker], within=10), "the pool worker outlived the process that made it"


# --------------------------------------------------------------------------- clip encoder
def test_the_clip_encoders_pipe_fallback_gives_the_same_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.providers.local.test_clips import clip_request, decode, env, keyframes
    from vidstudio.core.vocabulary import CameraMove
    from vidstudio.providers.base import CallContext
    from vidstudio.providers.local import clips
    from vidstudio.providers.local.clips import LocalVideoGenerator

    spec = env("rain")
    first, last = keyframes(tmp_path, spec, CameraMove.PUSH_IN)
    request = clip_request(spec, CameraMove.PUSH_IN, first, last, duration=1)
    sent: list[str] = []
    for feed in (clips._SocketFeed, clips._PipeFeed):
        real = feed.send

        async def counted(self, frames, offset, size, real=real):  # type: ignore[no-untyped-def]
            sent.append(type(self).__name__)
            await real(self, frames, offset, size)

        monkeypatch.setattr(feed, "send", counted)

    def render(name: str) -> list[np.ndarray]:
        folder = tmp_path / name
        folder.mkdir()
        result = asyncio.run(LocalVideoGenerator().generate_clip(
            request, CallContext(work_dir=folder)))
        return decode(result.path)

    monkeypatch.delenv(osdeps.PORTABLE_ENV, raising=False)
    native = render("native")
    native_feeds = set(sent)
    sent.clear()
    monkeypatch.setenv(osdeps.PORTABLE_ENV, "1")
    assert osdeps.memory_file("probe") is None and not osdeps.kernel_copy_to_socket()
    fallback = render("fallback")
    assert set(sent) == {"_PipeFeed"}
    if sys.platform.startswith("linux"):
        assert native_feeds == {"_SocketFeed"}
    assert len(fallback) == len(native) > 0
    for a, b in zip(native, fallback, strict=True):
        assert np.array_equal(a, b)


# -------------------------------------------------------------------------------- folders
def test_user_data_dir_honours_the_overrides(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setenv("VIDSTUDIO_DATA_DIR", str(tmp_path / "explicit"))
    assert osdeps.user_data_dir() == tmp_path / "explicit"
    assert StyleLibrary().root == tmp_path / "explicit" / "styles"
    monkeypatch.delenv("VIDSTUDIO_DATA_DIR")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
        assert osdeps.user_data_dir() == tmp_path / "xdg" / "vidstudio"
        monkeypatch.delenv("XDG_DATA_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert osdeps.user_data_dir() == tmp_path / "home" / ".local" / "share" / "vidstudio"
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        assert osdeps.user_cache_dir() == tmp_path / "cache" / "vidstudio"


# ------------------------------------------------------------------------- the one module
_POSIX_ONLY_NAMES = {
    "SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE", "SIGALRM",
    "SIGSTOP", "SIGCONT", "SIGTSTP", "WNOHANG", "memfd_create", "MFD_CLOEXEC", "pidfd_open",
    "nice", "getpriority", "setpriority", "sched_setaffinity", "sched_getaffinity",
    "sched_setscheduler", "pwrite", "pread", "fchmod", "sysconf", "O_NOFOLLOW", "O_CLOEXEC",
    "sendfile", "setsid", "killpg", "fork", "getuid",
}


def test_only_osdeps_reaches_for_posix_only_calls() -> None:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("osdeps.py", "osdeps_children.py") and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text("utf-8"), str(path))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module.split(".")[0]]
            else:
                names = []
            found += [f"{where}:{node.lineno} imports {n}"  # type: ignore[attr-defined]
                      for n in names if n in ("fcntl", "resource", "termios", "pwd", "grp")]
            if (isinstance(node, ast.Attribute) and node.attr in _POSIX_ONLY_NAMES
                    and isinstance(node.value, ast.Name) and node.value.id in ("os", "signal")):
                found.append(f"{where}:{node.lineno} names {node.value.id}.{node.attr}")
            if (isinstance(node, ast.Constant) and node.value in ("forkserver", "fork")
                    and isinstance(node.value, str)):
                found.append(f"{where}:{node.lineno} names the {node.value} start method")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                    node.value.startswith(("/proc/", "/dev/shm"))
                    or node.value in (".local", ".config", ".cache", ".local/share")):
                found.append(f"{where}:{node.lineno} names {node.value}")
    assert found == [], "\n".join(found)


def test_a_killed_vidstudio_leaves_no_resource_tracker_warning_in_the_terminal(
        tmp_path: Path) -> None:
    """A run killed with its pool up: the tracker still cleans the pool's semaphores, but
    says nothing about them in the user's terminal (it used to print a UserWarning)."""
    import signal
    import sys

    script = tmp_path / "pool.py"
    script.write_text(
        "import time\n"
        "from vidstudio.batch.workers import make_process_pool\n"
        "if __name__ == '__main__':\n"
        "    pool = make_process_pool(1)\n"
        "    print(pool.submit(abs, -3).result(), flush=True)\n"
        "    time.sleep(60)\n")
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "3"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        # The tracker (and the pool's workers) notice the parent is gone and end; stderr is
        # closed once every process holding it has ended.
        assert child.stderr is not None
        text = child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
    assert "resource_tracker" not in text and "leaked semaphore" not in text, text
