"""One Budget type for every paid call: accounts inside accounts, reserve before paying,
settle or release after; the plan is paid through the same account as the film."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import pytest

from vidstudio.core.models import Settings
from vidstudio.jobs.budget import Budget, BudgetExceededError
from vidstudio.jobs.render import RenderError, RenderOptions, render_script
from vidstudio.providers.pricing import PriceList

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.providers.registry import ProviderSet

SCRIPT = "The harbour at dawn.\n\nThe storm breaks over the lamp room."


def test_a_child_account_counts_in_flight_and_spent_up_its_chain() -> None:
    batch = Budget(3.0)
    film = batch.child(2.0)
    first = film.reserve(1.5)
    assert (film.in_flight, batch.in_flight) == (1.5, 1.5)
    with pytest.raises(BudgetExceededError, match=r"budget of \$2.00 has \$0.50 left"):
        film.reserve(0.6)
    assert film.in_flight == 1.5, "a refusal counts nothing"
    film.settle(first, 1.25)
    assert (film.in_flight, film.spent, batch.spent) == (0.0, 1.25, 1.25)
    other = batch.child()
    held = other.reserve(1.75)  # the batch's own limit: 3.00 - 1.25 spent
    with pytest.raises(BudgetExceededError, match=r"budget of \$3.00"):
        other.reserve(0.01)
    other.release(held)
    assert batch.in_flight == 0.0 and batch.remaining == pytest.approx(1.75)
    assert Budget().remaining is None and Budget().reserve(10.0).price == 10.0


def _paid(rec: Recorder, price: float, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> ProviderSet:
    """The fake providers as a paid service at ``price`` a call (the user's price list)."""
    table = tmp_path / "prices.json"
    table.write_text(json.dumps({"as_of": "test", "prices": {
        "fake": {"*": {"unit": "call", "price": price}}}}))
    monkeypatch.setenv("VIDSTUDIO_PRICES", str(table))
    assert PriceList.load().unit_price(fake_providers(rec).planner.info).price == price
    return fake_providers(rec, kind="cloud")


def test_a_budget_that_cannot_pay_the_plan_refuses_it_before_the_planner_is_called(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder()
    providers = _paid(rec, 0.5, tmp_path, monkeypatch)
    options = RenderOptions(output=None, budget=0.0, check_keys=False)

    async def scenario() -> None:
        with pytest.raises(RenderError, match=r"planning with fake would cost about \$0.50 "
                                              r"and the budget of \$0.00 has \$0.00 left"):
            await render_script(SCRIPT, tmp_path / "p.vidstudio", Settings(), providers,
                                options)

    asyncio.run(scenario())
    assert rec.calls["plan"] == 0, "nothing was sent to the paid planner"
    assert not (tmp_path / "p.vidstudio").exists(), "a refused first plan leaves nothing"


def test_the_plan_is_in_the_ledger_and_spends_from_the_films_budget(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder()
    providers = _paid(rec, 0.5, tmp_path, monkeypatch)
    options = RenderOptions(output=None, budget=1.6, check_keys=False)

    async def scenario() -> None:
        with pytest.raises(RenderError) as refused:
            await render_script(SCRIPT, tmp_path / "p.vidstudio", Settings(), providers,
                                options)
        # The plan (0.50) leaves 1.10 of 1.60, less than the film's estimate: the pre-flight
        # refuses the film before paying for any of it.
        assert "$1.10" in str(refused.value), str(refused.value)

    asyncio.run(scenario())
    assert rec.calls["plan"] == 1
    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(tmp_path / "p.vidstudio")
    plan_entries = [e for e in project.ledger if e.stage == "plan"]
    assert [(e.provider, e.amount) for e in plan_entries] == [("fake", 0.5)]
    assert sum(e.amount for e in project.ledger) == 0.5, "nothing of the film was paid"


def test_a_regenerate_that_cannot_vary_says_so_before_paying(tmp_path: Path) -> None:
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind
    from vidstudio.jobs.render import open_for_render
    from vidstudio.jobs.session import SessionError
    from vidstudio.providers.base import Capabilities

    rec = Recorder()
    providers = fake_providers(rec)

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           providers, save_delay=0.01)
        await session.wait(session.generate_all())
        clips = rec.calls["clip"]
        providers.video.capabilities = Capabilities(  # type: ignore[misc]
            paid=True, can_vary=False, vary_hint="change the scene's camera or action first")
        ref = SlotRef(session.project.ordered_scenes[0].id, SlotKind.CLIP)
        with pytest.raises(SessionError, match="would make the same clip again and charge for "
                                               "it; change the scene's camera"):
            session.regenerate(ref)
        assert rec.calls["clip"] == clips and session.busy(ref) is None
        providers.video.capabilities = Capabilities(paid=True)  # type: ignore[misc]
        await session.wait(session.regenerate(ref))
        assert rec.calls["clip"] == clips + 1
        await session.close()

    asyncio.run(scenario())


def test_an_unknown_outcome_is_kept_listed_and_sent_again_only_with_consent(
        tmp_path: Path) -> None:
    import io
    from argparse import Namespace

    from vidstudio.cli.info import cmd_costs
    from vidstudio.jobs.render import open_for_render
    from vidstudio.jobs.session import SessionError
    from vidstudio.providers.base import unknown_outcome

    rec = Recorder()
    providers = fake_providers(rec)
    made = providers.video.generate_clip
    sent: list[bool] = []

    async def lost_once(request: object, ctx: object) -> object:
        """A clip whose request went out and whose answer never came back (once)."""
        ctx.mark_submitting()  # type: ignore[attr-defined]
        sent.append(ctx.resend_unknown)  # type: ignore[attr-defined]
        if len(sent) == 1:
            raise unknown_outcome("the clip", provider="fake", possible_cost=0.5,
                                  why="the connection dropped after sending")
        if ctx.submitted_since and not ctx.resend_unknown:  # type: ignore[attr-defined]
            raise unknown_outcome("the clip", provider="fake", possible_cost=0.5,
                                  why="an earlier request may have made it")
        return await made(request, ctx)  # type: ignore[arg-type]

    providers.video.generate_clip = lost_once  # type: ignore[method-assign]
    path = tmp_path / "p.vidstudio"

    def costs() -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        assert asyncio.run(cmd_costs(Namespace(project=str(path)), out, err)) == 0
        return out.getvalue(), err.getvalue()

    async def run(consent: bool) -> str:
        session, _ = await open_for_render(SCRIPT, path, Settings(), providers,
                                           save_delay=0.01)
        session.resend_unknown = consent
        try:
            await session.wait(session.generate_all())
            return ""
        except SessionError as failed:
            return str(failed)
        finally:
            await session.close()

    assert "unknown outcome" in asyncio.run(run(consent=False))
    out, err = costs()
    assert "unknown outcome" in out and "$0.50 (may be billed)" in out
    assert "in flight, may be billed: 1 call(s), up to $0.50" in err
    # Without consent it is not sent again...
    assert "unknown outcome" in asyncio.run(run(consent=False))
    assert rec.calls["clip_created"] == 1, "only the other scene's clip was made"
    # ... with it, it is, and the ledger says it may have been paid twice.
    assert asyncio.run(run(consent=True)) == ""
    out, err = costs()
    assert "in flight" not in err
    assert "possibly paid twice (sent again after an unknown outcome): 1" in err
