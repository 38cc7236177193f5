"""Variations: N new takes of one slot at once, each with its own seed, as one job and one undo
step, priced first; a paid provider that cannot vary is refused before it is called."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import pytest

from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.session import SessionError
from vidstudio.jobs.variations import make_variations, quote
from vidstudio.providers.base import Capabilities

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = "The harbour at dawn."


def test_four_variations_are_one_job_with_four_seeds_and_one_undo_step(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "prices.json"
    table.write_text(json.dumps({"as_of": "test", "prices": {
        "fake": {"*": {"unit": "call", "price": 0.25}}}}))
    monkeypatch.setenv("VIDSTUDIO_PRICES", str(table))
    rec = Recorder()
    providers = fake_providers(rec, kind="cloud")  # paid, at the price list's price

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           providers, save_delay=0.01)
        await session.wait(session.generate_all())
        scene = session.project.ordered_scenes[0]
        ref = SlotRef(scene.id, SlotKind.CLIP)
        slot = scene.slots[SlotKind.CLIP]
        first_take = slot.active
        clips = rec.calls["clip"]
        offer = quote(session, ref, 4)
        assert offer.refusal == "" and offer.total == pytest.approx(1.0)
        job = make_variations(session, ref, 4)
        made = await session.wait(job)
        assert len(made) == 4 and rec.calls["clip"] == clips + 4
        assert len(slot.takes) == 5
        assert len({t.seed for t in slot.takes}) == 5, "every take has its own seed"
        assert len({t.file for t in slot.takes}) == 5
        assert job.outcome == "4 of 4 variations made"
        # Only the slot: its keyframes kept their one take.
        assert len(scene.slots[SlotKind.FIRST_FRAME].takes) == 1
        assert session.undo_label == "Make 4 variations of scene 1's clip"
        session.undo()
        assert slot.active == first_take and len(slot.takes) == 5, "takes are never removed"
        with pytest.raises(SessionError, match="between 2 and 8"):
            make_variations(session, ref, 9)

        # A paid provider that would make the same clip each time: refused, nothing called.
        providers.video.capabilities = Capabilities(  # type: ignore[misc]
            paid=True, can_vary=False, vary_hint="change the scene's camera first")
        refused = quote(session, ref, 4)
        assert "would make the same clip every time" in refused.refusal
        with pytest.raises(SessionError, match="change the scene's camera first"):
            make_variations(session, ref, 4)
        assert rec.calls["clip"] == clips + 4 and session.busy(ref) is None
        await session.close()

    asyncio.run(scenario())
