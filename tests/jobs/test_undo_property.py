"""Undo keeps the film consistent whatever the order of edits, regenerates, cancels, undos and
redos — also while jobs are running (issue: undo during a running regenerate).

After every step the dependency invariant holds: a slot that says it is up to date holds a take
made from exactly what is in the project now (its fields, and the takes upstream of it in use;
core/consistency.out_of_date); and no undo ever removes a take.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vidstudio.core.commands import ActivateTake, EditScene
from vidstudio.core.consistency import out_of_date
from vidstudio.core.deps import SlotRef, all_slots
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import CameraMove, SlotKind
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.jobs.session import SessionError, TransactionOpenError

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.jobs.manager import Job
    from vidstudio.jobs.session import ProjectSession

SCRIPT = "The harbour at dawn.\n\nThe storm breaks over the lamp room."
FAST = RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.01)
KINDS = [SlotKind.FIRST_FRAME, SlotKind.LAST_FRAME, SlotKind.CLIP, SlotKind.SFX,
         SlotKind.NARRATION]

scene = st.integers(0, 1)
operation = st.one_of(
    st.tuples(st.just("edit"), scene, st.sampled_from(["action", "camera", "narration",
                                                        "sfx_prompt", "first_frame_prompt"]),
              st.integers(0, 2)),
    st.tuples(st.just("regenerate"), scene, st.sampled_from(KINDS)),
    st.tuples(st.just("use older take"), scene, st.sampled_from(KINDS)),
    st.tuples(st.just("hold clips")),
    st.tuples(st.just("release clips")),
    st.tuples(st.just("generate all")),
    st.tuples(st.just("cancel")),
    st.tuples(st.just("undo")),
    st.tuples(st.just("cancel and undo")),
    st.tuples(st.just("redo")),
)


def _value(field: str, choice: int) -> Any:
    if field == "camera":
        return [CameraMove.STATIC, CameraMove.PUSH_IN, CameraMove.PAN_LEFT][choice]
    return f"{field} version {choice}"


def _takes(session: ProjectSession) -> dict[SlotRef, set[str]]:
    return {ref: {t.id for t in slot.takes} for ref, slot in all_slots(session.project).items()}


async def _settle() -> None:
    for _ in range(4):
        await asyncio.sleep(0.005)


async def _step(session: ProjectSession, rec: Recorder, op: tuple[Any, ...],
                started: list[Job]) -> None:
    kind = op[0]
    scenes = session.project.ordered_scenes
    if len(op) > 1 and op[1] >= len(scenes):
        return  # the plan was undone: no such scene now
    if kind == "edit":
        _, number, field, choice = op
        session.execute(EditScene(scenes[number].id, field, _value(field, choice)))
    elif kind == "regenerate":
        with contextlib.suppress(SessionError):
            started.append(session.regenerate(SlotRef(scenes[op[1]].id, op[2])))
    elif kind == "use older take":
        slot = scenes[op[1]].slots[op[2]]
        ready = [t for t in slot.takes if t.status == "ready" and t.id != slot.active]
        if ready:
            session.execute(ActivateTake(SlotRef(scenes[op[1]].id, op[2]), ready[0].id))
    elif kind == "hold clips":
        rec.gates.setdefault("clip", asyncio.Event())
    elif kind == "release clips":
        gate = rec.gates.pop("clip", None)
        if gate is not None:
            gate.set()
    elif kind == "generate all":
        with contextlib.suppress(SessionError):
            started.append(session.generate_all())
    elif kind == "cancel":
        for job in session.open_transactions:
            session.cancel(job)
    elif kind == "undo":
        with contextlib.suppress(TransactionOpenError):
            session.undo()
    elif kind == "cancel and undo":
        await session.cancel_and_undo()
    elif kind == "redo":
        with contextlib.suppress(TransactionOpenError):
            session.redo()
    await _settle()


def _check(session: ProjectSession, before: dict[SlotRef, set[str]], op: tuple[Any, ...]) -> None:
    problems = out_of_date(session.project)
    assert problems == [], f"after {op}: {problems}"
    after = _takes(session)
    for ref, takes in before.items():
        if ref in after:  # (undoing the plan itself takes its scenes away, takes and all)
            assert takes <= after[ref], f"after {op}: a take of {ref} was removed"


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=14))
def test_every_step_keeps_fresh_slots_on_their_inputs(tmp_path_factory: Any,
                                                      ops: list[tuple[Any, ...]]) -> None:
    path: Path = tmp_path_factory.mktemp("undo") / "p.vidstudio"
    rec = Recorder()

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, path, Settings(), fake_providers(rec),
                                           retry=FAST, save_delay=0.01)
        try:
            await session.wait(session.generate_all())
            _check(session, {}, ("generate all",))
            started: list[Job] = []
            for op in ops:
                before = _takes(session)
                await _step(session, rec, op, started)
                _check(session, before, op)
            # Whatever was left running finishes; the film is consistent at the end too.
            for gate in rec.gates.values():
                gate.set()
            await session.manager.wait(started)  # (their failures are read, not raised)
            _check(session, {}, ("the end",))
        finally:
            for gate in rec.gates.values():
                gate.set()
            await session.close()

    asyncio.run(scenario())


def test_undo_during_a_running_regenerate_is_refused_then_cancel_and_undo_reverts_it_whole(
        tmp_path: Path) -> None:
    """The issue's case: regenerate the first keyframe, undo while its clip is still being made."""
    rec = Recorder()

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           fake_providers(rec), retry=FAST, save_delay=0.01)
        await session.wait(session.generate_all())
        first_scene = session.project.ordered_scenes[0]
        was = {kind: first_scene.slots[kind].active for kind in KINDS}
        rec.gates["clip"] = asyncio.Event()
        job = session.regenerate(SlotRef(first_scene.id, SlotKind.FIRST_FRAME))
        await rec.started.setdefault("clip", asyncio.Event()).wait()
        slots = first_scene.slots
        assert slots[SlotKind.FIRST_FRAME].active != was[SlotKind.FIRST_FRAME]
        assert slots[SlotKind.LAST_FRAME].active != was[SlotKind.LAST_FRAME]
        assert session.open_transactions == [job]
        assert session.undo_label == job.name

        with pytest.raises(TransactionOpenError, match="Regenerate scene 1's first keyframe"):
            session.undo()
        await session.cancel_and_undo()

        assert job.state.finished and session.open_transactions == []
        assert {kind: slots[kind].active for kind in KINDS} == was
        assert not any(slot.stale for slot in slots.values())
        assert out_of_date(session.project) == []
        assert len(slots[SlotKind.FIRST_FRAME].takes) == 2, "the new take is kept"
        # Redo brings the regenerate's finished part back, and what rests on it follows.
        session.redo()
        assert slots[SlotKind.FIRST_FRAME].active != was[SlotKind.FIRST_FRAME]
        assert slots[SlotKind.CLIP].stale, "the clip was not remade from the new keyframes"
        assert out_of_date(session.project) == []
        await session.close()

    asyncio.run(scenario())


def test_an_edit_that_changes_nothing_emits_nothing_and_saves_nothing(tmp_path: Path) -> None:
    rec = Recorder()

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           fake_providers(rec), retry=FAST, save_delay=0.01)
        await session.wait(session.generate_all())
        await session.flush()
        events: list[Any] = []
        saves: list[Any] = []
        session.changed.connect(events.append)
        session.saved.connect(saves.append)
        first = session.project.ordered_scenes[0]
        steps = len(session.history.done)
        session.execute(EditScene(first.id, "action", first.action))
        session.execute(EditScene(first.id, "duration", first.duration))
        await asyncio.sleep(0.05)
        await session.flush()
        assert events == [] and saves == []
        assert len(session.history.done) == steps
        session.execute(EditScene(first.id, "action", first.action + " Rain."))
        await session.flush()
        assert len(events) == 1 and len(saves) == 1
        await session.close()

    asyncio.run(scenario())
