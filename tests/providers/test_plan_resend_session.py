"""The editor's consent to send a plan again (ui/unknown_outcomes.py calls ``plan`` with the
plan's journal key): a plan left an unknown outcome is asked again only with that key, once."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

import pytest

from vidstudio.core.models import Project
from vidstudio.core.vocabulary import Stage
from vidstudio.jobs.planning import plan_journal_key
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.jobs.session import ProjectSession
from vidstudio.providers.anthropic_planner import ClaudePlanner
from vidstudio.providers.base import UnknownOutcomeError
from vidstudio.providers.keys import Credentials
from vidstudio.providers.registry import build_providers

if TYPE_CHECKING:
    from pathlib import Path

    from tests.emulators.anthropic_emulator import AnthropicEmulator

SCRIPT = "The lighthouse keeper climbs the stairs.\n\nWaves break on the rocks below."


def test_an_unknown_plan_is_planned_again_only_with_its_key(
        anthropic_emulator: AnthropicEmulator, tmp_path: Path) -> None:
    planner = ClaudePlanner(anthropic_emulator.api_key, anthropic_emulator.base_url, timeout=0.5)
    providers = dataclasses.replace(
        build_providers({stage: "local" for stage in Stage}, Credentials()), planner=planner)
    anthropic_emulator.reply_delay = 1.5  # made and billed; the answer comes too late

    async def go() -> None:
        session = ProjectSession.create(
            tmp_path / "p.vidstudio", Project(), providers, save_delay=0.0,
            retry=RetryPolicy(attempts=2, base_delay=0.0, max_delay=0.0))
        try:
            with pytest.raises(UnknownOutcomeError, match="unknown outcome"):
                await session.wait(session.plan(SCRIPT))
            anthropic_emulator.reply_delay = 0.0
            with pytest.raises(UnknownOutcomeError, match="unknown outcome"):
                await session.wait(session.plan(SCRIPT, resend=frozenset({"plan-other"})))
            assert anthropic_emulator.billed_calls == 1, "never asked again without consent"
            key = plan_journal_key(SCRIPT, planner, session.project.settings)
            await session.wait(session.plan(SCRIPT, resend=frozenset({key})))
            assert anthropic_emulator.billed_calls == 2
            assert session.project.scenes
            plans = [e for e in session.project.ledger if e.stage == "plan"]
            assert [e.possibly_paid_twice for e in plans] == [True]
        finally:
            anthropic_emulator.reply_delay = 0.0
            await session.close()
            await planner.aclose() if hasattr(planner, "aclose") else None

    asyncio.run(go())
