"""The pipeline as the session runs it: reuse, regenerate, failures, retries, resume, budget."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.jobs.session import ProjectSession, SessionError
from vidstudio.providers.base import GenerationFailedError, RateLimitedError

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from vidstudio.jobs.pipeline import PipelineStats

SCRIPT = "First part.\n\nSecond part.\n\nThird part."
FAST = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.01)


async def _open(path: Path, rec: Recorder, providers: Any = None, script: str = SCRIPT,
                **options: Any) -> ProjectSession:
    providers = providers or fake_providers(rec)
    options.setdefault("retry", FAST)
    options.setdefault("redact", lambda s: s.replace("sk-secret", "[redacted]"))
    options.setdefault("save_delay", 0.01)
    session, _ = await open_for_render(script, path, Settings(), providers, **options)
    return session


async def _generate(session: ProjectSession, **kwargs: Any) -> PipelineStats:
    job = session.generate_all(**kwargs)
    with contextlib.suppress(SessionError):
        await session.wait(job)
    return job.stats


async def _run(tmp_path: Path, rec: Recorder, **options: Any) -> tuple[ProjectSession, PipelineStats]:
    session = await _open(tmp_path / "p.vidstudio", rec, **options)
    try:
        stats = await _generate(session)
        assert session.manager.running() == []
    finally:
        await session.close()
    return session, stats


def test_run_fills_every_slot_and_a_second_run_generates_nothing(tmp_path: Path) -> None:
    rec = Recorder()
    session, stats = asyncio.run(_run(tmp_path, rec))
    project = session.project
    assert stats.failures == []
    assert stats.generated == 3 + 1 + 3 * 5  # 3 env images, 1 style, 5 slots x 3 scenes
    for scene in project.scenes:
        assert all(slot.is_ready for slot in scene.slots.values())
    calls_before = dict(rec.calls)

    _, stats2 = asyncio.run(_run(tmp_path, rec))
    assert stats2.generated == 0
    assert stats2.reused == stats.generated
    assert dict(rec.calls) == calls_before, "no provider was called again"
    assert rec.calls["plan"] == 1, "an unchanged script is not planned again"


def test_regenerating_a_keyframe_remakes_both_keyframes_in_one_seed_family_and_the_clip(
        tmp_path: Path) -> None:
    rec = Recorder()

    async def scenario():
        session = await _open(tmp_path / "p.vidstudio", rec)
        await _generate(session)
        scene = session.project.ordered_scenes[1]
        old_first = scene.slots[SlotKind.FIRST_FRAME].active_take
        old_clip = scene.slots[SlotKind.CLIP].active_take
        before = dict(rec.calls)
        take = await session.wait(session.regenerate(SlotRef(scene.id, SlotKind.FIRST_FRAME)))
        await session.close()
        return session, scene, old_first, old_clip, before, take

    session, scene, old_first, old_clip, before, take = asyncio.run(scenario())
    first_slot = scene.slots[SlotKind.FIRST_FRAME]
    assert take is not None and take.seed != old_first.seed
    assert [t.id for t in first_slot.takes] == [old_first.id, take.id], "earlier take kept"
    assert first_slot.active == take.id
    clip_slot = scene.slots[SlotKind.CLIP]
    assert clip_slot.active != old_clip.id and len(clip_slot.takes) == 2
    assert not clip_slot.stale
    assert rec.calls["first"] == before["first"] + 1
    last_slot = scene.slots[SlotKind.LAST_FRAME]
    assert rec.calls["last"] == before["last"] + 1, "the last keyframe follows the first"
    assert last_slot.active_take.seed == take.seed, "one seed family for the shot"
    assert rec.calls["clip"] == before["clip"] + 1
    for step in ("sfx", "narration", "environment", "style"):
        assert rec.calls[step] == before[step], step

    # The regenerated state is what a later full run keeps.
    _, stats = asyncio.run(_run(tmp_path, rec))
    assert stats.generated == 0


def test_a_failed_step_ends_its_scene_only_and_hides_secrets(tmp_path: Path) -> None:
    rec = Recorder()
    rec.fail["clip"] = [GenerationFailedError("moderation said no to key sk-secret",
                                              provider="fake")]
    session, stats = asyncio.run(_run(tmp_path, rec))
    assert len(stats.failures) == 1
    failure = stats.failures[0]
    assert failure.ref.kind is SlotKind.CLIP
    assert "sk-secret" not in failure.message and "moderation said no" in failure.message
    ready_clips = [s for s in session.project.scenes if s.slots[SlotKind.CLIP].is_ready]
    assert len(ready_clips) == 2
    failed_slot = session.project.scene(failure.ref.owner).slots[SlotKind.CLIP]
    assert failed_slot.takes[-1].status == "failed" and failed_slot.active is None
    # Running again retries only the failed clip.
    before = dict(rec.calls)
    _, stats2 = asyncio.run(_run(tmp_path, rec))
    assert stats2.failures == [] and stats2.generated == 1
    assert rec.calls["clip"] == before["clip"] + 1


def test_rate_limits_are_retried_honouring_retry_after(tmp_path: Path) -> None:
    rec = Recorder()
    rec.fail["sfx"] = [RateLimitedError("slow down", retry_after=0.01)] * 2
    _, stats = asyncio.run(_run(tmp_path, rec))
    assert stats.failures == []
    assert rec.calls["sfx"] == 3 + 2


def test_a_journalled_remote_job_is_resumed_not_paid_again(tmp_path: Path) -> None:
    rec = Recorder()

    async def interrupted() -> None:
        session = await _open(tmp_path / "p.vidstudio", rec)
        rec.hang_after_remember = asyncio.Event()
        job = session.generate_all()
        await rec.hang_after_remember.wait()
        session.cancel(job)  # as if the process died mid-generation
        with pytest.raises(asyncio.CancelledError):
            await session.wait(job)
        await session.close()
        assert session.folder.journal.entries(), "the remote id was journalled before awaiting"

    asyncio.run(interrupted())
    created = rec.calls["clip_created"]
    rec.hang_after_remember = None
    _, stats = asyncio.run(_run(tmp_path, rec))
    assert stats.failures == []
    assert rec.resumed, "the journalled generation was resumed"
    # Only the scenes that never started a generation create one now.
    assert rec.calls["clip_created"] == created + (3 - len(rec.resumed))


def test_narration_that_cannot_fit_lengthens_the_scene(tmp_path: Path) -> None:
    rec = Recorder()
    rec.overflow_first = True
    session, stats = asyncio.run(_run(tmp_path, rec))
    assert stats.failures == []
    assert all(scene.duration == 9 for scene in session.project.scenes)


def test_a_budget_below_the_estimate_pays_nothing(tmp_path: Path) -> None:
    from vidstudio.providers.pricing import PriceList

    rec = Recorder()

    async def scenario() -> tuple[str, Any]:
        providers = fake_providers(rec, kind="cloud")
        prices = PriceList({"as_of": "test", "prices": {"fake": {"*": {"unit": "call",
                                                                     "price": 1.0}}}})
        session = await _open(tmp_path / "p", rec, providers, prices=prices)
        job = session.generate_all(budget=10.0)
        with pytest.raises(SessionError):
            await session.wait(job)
        await session.close()
        return job.outcome, session.project

    outcome, project = asyncio.run(scenario())
    assert "budget" in outcome and "$10.00" in outcome, outcome
    paid = sum(v for k, v in rec.calls.items() if k not in ("plan", "clip_created"))
    assert paid == 0, "nothing was bought for a film the budget cannot finish"
    # Only the plan (made before, without a budget) is in the ledger.
    assert [(e.stage, e.amount) for e in project.ledger] == [("plan", 1.0)]


def test_a_paid_style_is_reused_across_projects_from_the_library(tmp_path: Path) -> None:
    from vidstudio.providers.base import Capabilities
    from vidstudio.storage.style_library import StyleLibrary

    from .fakes import Fake

    rec = Recorder()
    library = StyleLibrary(tmp_path / "library")

    class PaidStyle(Fake):
        capabilities = Capabilities(paid=True)

    async def one_project(name: str) -> ProjectSession:
        providers = fake_providers(rec)
        providers.style = PaidStyle("fake", rec)
        session = await _open(tmp_path / name, rec, providers, style_library=library)
        await _generate(session)
        await session.close()
        return session

    first = asyncio.run(one_project("a"))
    assert rec.calls["style"] == 1
    second = asyncio.run(one_project("b"))
    assert rec.calls["style"] == 1, "the second project reused the trained style"
    take = second.project.environments[0].style.active_take
    assert take is not None and take.metadata.get("reused_from_library") is True
    assert take.cost == 0
    first_take = first.project.environments[0].style.active_take
    assert first_take is not None
    assert Path(take.file).name == Path(first_take.file).name, "the same model file"


def test_a_style_paid_by_a_run_that_died_before_saving_is_on_the_ledger_once(
        tmp_path: Path) -> None:
    """A trained style enters the library before the project is saved. A run killed in between
    paid for it, and its ledger line died with the unsaved project: the rerun takes the style
    from the library and must still account for that training, once (the state the kill leaves
    is rebuilt exactly: the journal's entry for the step, the library's copy, no take)."""
    from datetime import UTC, datetime

    from vidstudio.providers.base import CallContext, Capabilities, MediaResult, StyleRequest
    from vidstudio.storage.project_folder import ProjectFolder
    from vidstudio.storage.style_library import StyleLibrary

    from .fakes import Fake

    rec = Recorder()
    library = StyleLibrary(tmp_path / "library")

    class BilledStyle(Fake):
        capabilities = Capabilities(paid=True)

        async def train_style(self, request: StyleRequest, ctx: CallContext) -> MediaResult:
            result = await super().train_style(request, ctx)
            ctx.remember_remote_id("train-1")
            return MediaResult(result.path, cost=2.0, remote_id="train-1")

    def style_spend(session: ProjectSession) -> list[float]:
        return [e.amount for e in session.project.ledger if e.stage == "style"]

    async def one_run(path: Path, generate: bool = True) -> ProjectSession:
        providers = fake_providers(rec)
        providers.style = BilledStyle("fake", rec)
        session = await _open(path, rec, providers, style_library=library)
        if generate:
            await _generate(session)
        await session.close()
        return session

    path = tmp_path / "b"
    folder = ProjectFolder(path)
    asyncio.run(one_run(path, generate=False))  # planned and saved
    before = folder.project_file.read_bytes()
    paid = asyncio.run(one_run(path)).project.environments[0].style.active_take
    assert paid is not None and paid.cost == 2.0 and rec.calls["style"] == 1
    # The kill: everything generated was lost with the unsaved project, but the library
    # kept the style and the journal the training job (written before it was awaited).
    folder.project_file.write_bytes(before)
    folder.journal.remember(paid.cache_key or "", "fake", "train-1",
                            datetime.now(UTC).isoformat(), 2.0, "style")

    rerun = asyncio.run(one_run(path))
    take = rerun.project.environments[0].style.active_take
    assert take is not None and take.metadata.get("reused_from_library") is True
    assert take.cache_key == paid.cache_key, "the same step as the dead run's"
    assert rec.calls["style"] == 1, "taken from the library, not trained again"
    assert style_spend(rerun) == [2.0], "the dead run's training is on the ledger"
    assert take.cost == 2.0 and take.provider_job_id == "train-1"
    assert folder.journal.get(paid.cache_key or "") is None, "its journal entry is settled"
    again = asyncio.run(one_run(path))
    assert style_spend(again) == [2.0], "and only once"

    free = asyncio.run(one_run(tmp_path / "c"))  # no run of its own paid for the style
    assert style_spend(free) == [], "a style merely reused from the library costs nothing"
    assert free.project.environments[0].style.active_take.cost == 0
    assert rec.calls["style"] == 1


def test_a_failed_remote_job_is_not_resumed_but_a_timed_out_one_is(tmp_path: Path) -> None:
    from vidstudio.providers.base import ProviderTimeoutError

    rec = Recorder()
    rec.fail["clip"] = [GenerationFailedError("failed at the provider")]
    _, stats = asyncio.run(_run(tmp_path, rec))
    assert len(stats.failures) == 1
    _, stats = asyncio.run(_run(tmp_path, rec))
    assert stats.failures == []
    assert rec.resumed == [], "the failed generation was not polled again"

    rec2 = Recorder()
    rec2.fail["clip"] = [ProviderTimeoutError("still dreaming")]

    async def once_without_retries() -> PipelineStats:
        session = await _open(tmp_path / "second" / "p.vidstudio", rec2,
                              retry=RetryPolicy(attempts=1))
        stats = await _generate(session)
        await session.close()
        return stats

    stats = asyncio.run(once_without_retries())
    assert len(stats.failures) == 1
    created = rec2.calls["clip_created"]
    _, stats = asyncio.run(_run(tmp_path / "second", rec2))
    assert stats.failures == []
    assert len(rec2.resumed) == 1, "the timed-out generation was resumed"
    assert rec2.calls["clip_created"] == created == 3


def test_a_retry_within_a_run_resumes_the_job_it_already_paid_for(tmp_path: Path) -> None:
    from vidstudio.providers.base import ProviderTimeoutError

    rec = Recorder()
    rec.fail["clip"] = [ProviderTimeoutError("connection dropped while polling")]

    async def one_scene() -> PipelineStats:
        session = await _open(tmp_path / "p", rec, script="Only one part.")
        stats = await _generate(session)
        await session.close()
        return stats

    stats = asyncio.run(one_scene())
    assert stats.failures == []
    assert rec.calls["clip_created"] == 1, "the retry did not create a second generation"
    assert rec.resumed == ["gen-1"]


def test_every_paid_take_is_in_the_ledger_and_costs_prints_it(tmp_path: Path) -> None:
    import io

    from vidstudio.cli import main
    from vidstudio.providers.pricing import PriceList

    rec = Recorder()
    prices = PriceList({"as_of": "test", "prices": {"fake": {"*": {"unit": "call",
                                                                 "price": 0.25}}}})

    async def scenario() -> ProjectSession:
        session = await _open(tmp_path / "p.vidstudio", rec, fake_providers(rec, kind="cloud"),
                              prices=prices)
        await _generate(session)
        scene = session.project.ordered_scenes[0]
        await session.wait(session.regenerate(SlotRef(scene.id, SlotKind.SFX)))
        session.undo()  # the regenerate's take is no longer in use; the money is still spent
        await session.close()
        return session

    session = asyncio.run(scenario())
    ledger = session.project.ledger
    paid_takes = [t for t in session.project.all_takes() if t.cost > 0]
    plans = [e for e in ledger if e.stage == "plan"]
    assert len(plans) == rec.calls["plan"] == 1 and plans[0].take_id is None
    takes_ledger = [e for e in ledger if e.stage != "plan"]
    assert len(takes_ledger) == len(paid_takes) == rec.calls.total() - rec.calls["plan"] \
        - rec.calls["clip_created"]
    assert {e.take_id for e in takes_ledger} == {t.id for t in paid_takes}
    assert all(e.amount == 0.25 for e in ledger if e.stage != "clip")
    out, err = io.StringIO(), io.StringIO()
    assert main(["costs", str(tmp_path / "p.vidstudio")], out=out, err=err) == 0
    total = sum(e.amount for e in ledger)
    assert f"total spent on this project: ${total:.2f} ({len(ledger)} paid calls)" in err.getvalue()
    assert len(out.getvalue().splitlines()) == len(ledger) + 1
