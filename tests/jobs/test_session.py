"""The project session: one writer, per-slot jobs, change events, undo, debounced saves.

Each scenario runs on a plain asyncio loop and on a qasync loop (offscreen Qt), since the editor
drives the very same session from Qt's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from typing import TYPE_CHECKING, Any

import pytest

from vidstudio.core.commands import ActivateTake, EditScene, ReorderScenes
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.manager import JobState
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.jobs.session import ChangeEvent, ProjectSession, SessionError, SlotBusyError
from vidstudio.storage.lock import ProjectLockedError

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from pathlib import Path

SCRIPT = "First part.\n\nSecond part.\n\nThird part."
FAST = RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.01)


def _run_asyncio(make: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(make())  # type: ignore[arg-type]


def _run_qasync(make: Callable[[], Awaitable[Any]]) -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    try:
        return loop.run_until_complete(make())  # type: ignore[arg-type]
    finally:
        loop.close()


@pytest.fixture(params=["asyncio", "qasync"])
def run(request: pytest.FixtureRequest) -> Callable[[Callable[[], Awaitable[Any]]], Any]:
    return _run_asyncio if request.param == "asyncio" else _run_qasync


async def _session(path: Path, rec: Recorder, **options: Any) -> ProjectSession:
    options.setdefault("retry", FAST)
    options.setdefault("save_delay", 0.01)
    session, _ = await open_for_render(SCRIPT, path, Settings(), fake_providers(rec), **options)
    job = session.generate_all()
    await session.wait(job)
    return session


def _ref(session: ProjectSession, number: int, kind: SlotKind) -> SlotRef:
    return SlotRef(session.project.ordered_scenes[number - 1].id, kind)


def test_two_regenerates_run_together_with_separate_progress_and_one_can_be_cancelled(
        tmp_path: Path, run: Any) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        for text in ("First part.", "Second part."):
            rec.gates[f"narration:{text}"] = asyncio.Event()
        one = session.regenerate(_ref(session, 1, SlotKind.NARRATION))
        two = session.regenerate(_ref(session, 2, SlotKind.NARRATION))
        seen: dict[int, list[float]] = {one.id: [], two.id: []}
        session.manager.job_changed.connect(
            lambda job: seen[job.id].append(job.progress) if job.id in seen else None)
        for text in ("First part.", "Second part."):
            await rec.started.setdefault(f"narration:{text}", asyncio.Event()).wait()
        await asyncio.sleep(0.15)
        assert one.state is JobState.RUNNING and two.state is JobState.RUNNING
        assert seen[one.id] and seen[two.id], "each job reports its own progress"
        assert 0 < one.progress < 1 and 0 < two.progress < 1
        assert one.subject == _ref(session, 1, SlotKind.NARRATION)

        session.cancel(one)
        rec.gates["narration:Second part."].set()
        with pytest.raises(asyncio.CancelledError):
            await session.wait(one)
        take = await session.wait(two)
        assert one.state is JobState.CANCELLED
        assert two.state is JobState.SUCCEEDED and two.outcome.startswith("new take")
        assert session.project.ordered_scenes[1].slots[SlotKind.NARRATION].active == take.id
        first = session.project.ordered_scenes[0].slots[SlotKind.NARRATION]
        assert len(first.takes) == 1, "the cancelled regenerate added nothing"
        await session.close()

    run(scenario)


def test_a_slot_already_generating_is_refused_and_cancel_before_start_ends_cancelled(
        tmp_path: Path, run: Any) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        rec.gates["narration:First part."] = asyncio.Event()
        ref = _ref(session, 1, SlotKind.NARRATION)
        first = session.regenerate(ref)
        with pytest.raises(SlotBusyError, match="scene 1's narration is already generating"):
            session.regenerate(ref)
        rec.gates["narration:First part."].set()
        await session.wait(first)

        # Cancelled before the loop ever ran it: it must not stay PENDING.
        early = session.regenerate(_ref(session, 2, SlotKind.SFX))
        session.cancel(early)
        assert early.state is JobState.CANCELLED
        await asyncio.sleep(0)
        assert early not in session.manager.running()
        assert session.busy(_ref(session, 2, SlotKind.SFX)) is None
        # ... and the slot is free again.
        await session.wait(session.regenerate(_ref(session, 2, SlotKind.SFX)))
        await session.close()

    run(scenario)


def test_edit_stale_regenerate_fresh_undo_emits_the_right_change_records(
        tmp_path: Path, run: Any) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        events: list[ChangeEvent] = []
        session.changed.connect(events.append)
        scene = session.project.ordered_scenes[0]
        ref = SlotRef(scene.id, SlotKind.NARRATION)
        old_take = scene.slots[SlotKind.NARRATION].active

        # Typing in a field: three keystrokes, one undo step.
        steps = len(session.history.done)  # the plan is one
        for text in ("N", "Ne", "New words."):
            session.execute(EditScene(scene.id, "narration", text), merge=True)
        assert len(session.history.done) == steps + 1
        assert [e.cause for e in events] == ["user"] * 3
        assert events[0].changes.stale == {ref}, "only the narration went stale"
        assert events[0].changes.fields == {(scene.id, "narration")}
        assert scene.slots[SlotKind.NARRATION].stale
        assert not scene.slots[SlotKind.CLIP].stale
        assert "narration" in scene.edited

        events.clear()
        take = await session.wait(session.regenerate(ref))
        job_events = [e for e in events if e.cause == "job"]
        added = [e for e in job_events if e.changes.takes_added]
        assert len(added) == 1 and added[0].changes.takes_added == {(ref, take.id)}
        assert ref in added[0].changes.fresh and ref in added[0].changes.active
        assert added[0].job is not None and added[0].job.kind == "regenerate"
        assert not scene.slots[SlotKind.NARRATION].stale
        assert session.history.undo_label.startswith("Regenerate scene 1's narration")

        events.clear()
        session.undo()  # the regenerate: the previous take is active again, the new one kept
        slot = scene.slots[SlotKind.NARRATION]
        assert slot.active == old_take and len(slot.takes) == 2
        assert events[-1].cause == "undo"
        assert events[-1].changes.active == {ref} and ref in events[-1].changes.stale
        assert events[-1].changes.takes_added == set()

        session.undo()  # the edit itself
        assert scene.narration == "First part." and not slot.stale
        assert "narration" not in scene.edited
        session.redo()
        assert scene.narration == "New words." and slot.stale
        session.redo()
        assert slot.active == take.id and not slot.stale

        # Choosing the earlier take is undoable too, and its dependants would go stale.
        session.execute(ActivateTake(ref, old_take))
        assert slot.active == old_take
        session.undo()
        assert slot.active == take.id
        await session.close()

        saved = json.loads(session.folder.project_file.read_text())
        narration = saved["scenes"][0]["slots"]["narration"]
        assert narration["active"] == take.id and len(narration["takes"]) == 2

    run(scenario)


def test_reorder_is_undoable_and_structural(tmp_path: Path, run: Any) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        before = [s.id for s in session.project.ordered_scenes]
        events: list[ChangeEvent] = []
        session.changed.connect(events.append)
        session.execute(ReorderScenes([before[2], before[0], before[1]]))
        assert [s.id for s in session.project.ordered_scenes] == [before[2], before[0],
                                                                  before[1]]
        assert events[-1].changes.structure
        session.undo()
        assert [s.id for s in session.project.ordered_scenes] == before
        await session.close()

    run(scenario)


def test_saves_are_debounced_and_written_off_the_loop(tmp_path: Path) -> None:
    rec = Recorder()

    async def scenario() -> int:
        session = await _session(tmp_path / "p.vidstudio", rec, save_delay=0.05)
        writes = 0
        original = session.folder.write

        def counting(text: str) -> None:
            nonlocal writes
            import threading

            assert threading.current_thread() is not threading.main_thread()
            writes += 1
            original(text)

        session.folder.write = counting  # type: ignore[method-assign]
        scene = session.project.ordered_scenes[0]
        for i in range(20):
            session.execute(EditScene(scene.id, "title", f"Title {i}"), merge=True)
        await session.close()
        return writes

    writes = asyncio.run(scenario())
    assert 1 <= writes <= 2, "twenty quick edits were written together"
    saved = json.loads((tmp_path / "p.vidstudio" / "project.json").read_text())
    assert saved["scenes"][0]["title"] == "Title 19"


def test_a_second_process_meets_the_lock(tmp_path: Path) -> None:
    import subprocess
    import sys

    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        probe = (
            "import sys\n"
            "from vidstudio.storage.lock import ProjectLock, ProjectLockedError\n"
            "try:\n"
            "    ProjectLock(sys.argv[1]).acquire()\n"
            "except ProjectLockedError as e:\n"
            "    print(e); sys.exit(3)\n"
        )
        result = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-c", probe, str(session.folder.path)],
            capture_output=True, text=True, check=False)
        assert result.returncode == 3, result.stderr
        assert "is open in another vidstudio" in result.stdout
        assert str(os.getpid()) in result.stdout
        with pytest.raises(ProjectLockedError):
            ProjectSession.open(session.folder.path, fake_providers(rec))
        await session.close()
        # Closed: the next one gets it.
        again = ProjectSession.open(session.folder.path, fake_providers(rec))
        assert not again.recovered
        await again.close()

    asyncio.run(scenario())


def test_a_crash_between_a_paid_take_and_the_save_loses_nothing(tmp_path: Path) -> None:
    """The journal entry of a paid generation is dropped only once its take is saved; a process
    that dies before that resumes the job instead of paying again."""
    rec = Recorder()
    path = tmp_path / "p.vidstudio"

    async def crash_before_save() -> None:
        import errno

        session, _ = await open_for_render(SCRIPT, path, Settings(),
                                           fake_providers(rec, kind="cloud"), retry=FAST,
                                           save_delay=0.01)
        failures: list[str] = []
        session.save_failed.connect(failures.append)

        def no_save(text: str) -> None:  # the process dies before anything reaches the disk
            raise OSError(errno.ENOSPC, "No space left on device")

        session.folder.write = no_save  # type: ignore[method-assign]
        job = session.generate_all()
        await session.wait(job)
        assert failures and failures[0].startswith("no space left on the disk holding")
        assert session.folder.journal.entries(), "paid jobs stay journalled until saved"
        # Die: no flush, no close. Drop the lock as the kernel would.
        session.manager.jobs.clear()
        assert session.lock is not None
        session.lock.release()
        (session.folder.path / ".open").write_text("crashed")

    asyncio.run(crash_before_save())
    created = rec.calls["clip_created"]
    assert created == 3

    async def reopen() -> None:
        session = ProjectSession.open(path, fake_providers(rec, kind="cloud"), retry=FAST,
                                      save_delay=0.01)
        assert session.recovered
        await session.wait(session.generate_all())
        await session.close()
        assert session.folder.journal.entries() == []

    asyncio.run(reopen())
    assert rec.calls["clip_created"] == created, "no clip was paid for twice"
    assert len(rec.resumed) == 3, "each journalled generation was resumed"


def test_generate_all_refuses_to_run_twice_and_plan_waits_for_generation(
        tmp_path: Path) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        rec.gates["clip"] = asyncio.Event()
        scene = session.project.ordered_scenes[0]
        session.execute(EditScene(scene.id, "action", "a storm"))
        job = session.generate_all()
        with pytest.raises(SessionError, match="already running"):
            session.generate_all()
        with pytest.raises(SessionError, match="wait for it or cancel it"):
            session.plan(SCRIPT)
        rec.gates["clip"].set()
        stats = await session.wait(job)
        assert stats.generated >= 1 and job.outcome.startswith(f"{stats.generated} generated")
        await session.close()

    asyncio.run(scenario())


def test_finished_jobs_are_pruned(tmp_path: Path) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        assert session.manager.jobs, "finished jobs are listed for a while"
        removed: list[Any] = []
        session.manager.job_removed.connect(removed.append)
        session.manager.keep_finished = 0.0
        await asyncio.sleep(0.01)
        session.manager.prune()
        assert session.manager.jobs == [] and removed
        await session.close()

    asyncio.run(scenario())


def test_a_failing_step_names_its_provider_message_and_other_scenes_finish(
        tmp_path: Path) -> None:
    from vidstudio.providers.base import GenerationFailedError

    rec = Recorder()
    rec.fail["clip"] = [GenerationFailedError("the moderation filter refused it")]

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           fake_providers(rec), retry=FAST, save_delay=0.01)
        job = session.generate_all()
        with pytest.raises(SessionError, match="moderation filter refused"):
            await session.wait(job)
        assert job.state is JobState.FAILED
        ready = [s for s in session.project.scenes if s.slots[SlotKind.CLIP].is_ready]
        assert len(ready) == 2
        steps = [j for j in session.manager.jobs if j.kind == "step" and j.parent is job]
        failed = [j for j in steps if j.outcome == "the moderation filter refused it"]
        assert len(failed) == 1 and failed[0].subject.kind is SlotKind.CLIP
        await session.close()

    asyncio.run(scenario())


def test_closing_cancels_running_jobs_and_keeps_finished_takes(tmp_path: Path) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session = await _session(tmp_path / "p.vidstudio", rec)
        rec.gates["narration:Third part."] = asyncio.Event()
        job = session.regenerate(_ref(session, 3, SlotKind.NARRATION))
        await rec.started.setdefault("narration:Third part.", asyncio.Event()).wait()
        await session.close()
        assert job.state is JobState.CANCELLED
        with contextlib.suppress(asyncio.CancelledError):
            await job.task

    asyncio.run(scenario())


def test_a_clip_regenerated_before_its_keyframes_exist_says_what_is_missing(
        tmp_path: Path) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           fake_providers(rec), retry=FAST, save_delay=0.01)
        job = session.regenerate(_ref(session, 1, SlotKind.CLIP))
        with pytest.raises(SessionError, match="made from its scene's two keyframes, and this "
                                               "scene has none yet"):
            await session.wait(job)
        assert rec.calls["clip"] == 0
        await session.close()

    asyncio.run(scenario())
