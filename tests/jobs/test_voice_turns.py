"""The offline narrator speaks one scene at a time (issue 27: a long sentence's synthesis is a
few hundred megabytes in its worker, two at once put the render tree over 800 MB); the job
manager gives the other core other work meanwhile."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING, Any

from vidstudio.core.models import Settings
from vidstudio.jobs.render import open_for_render
from vidstudio.providers.local.voice import LocalNarrator

from .fakes import Recorder, fake_providers

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = "The harbour at dawn.\n\nThe storm breaks over the lamp room.\n\nThe keeper waits."


class CountingNarrator(LocalNarrator):
    """The real offline narrator (espeak-ng: quick), counting the tracks it speaks at once."""

    def __init__(self) -> None:
        super().__init__(force_espeak=True)
        self.now = self.most = self.spoken = 0

    async def narrate(self, request: Any, ctx: Any) -> Any:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await asyncio.sleep(0.05)  # long enough for another scene's track to start
            return await super().narrate(request, ctx)
        finally:
            self.now -= 1
            self.spoken += 1


def test_scenes_are_narrated_one_at_a_time(tmp_path: Path) -> None:
    narrator = CountingNarrator()
    providers = dataclasses.replace(fake_providers(Recorder()), voice=narrator)

    async def scenario() -> None:
        session, _ = await open_for_render(SCRIPT, tmp_path / "p.vidstudio", Settings(),
                                           providers, save_delay=0.01)
        assert session.manager.cpu_limit >= 2  # room for two at once, were there no limit
        await session.wait(session.generate_all())
        await session.close()

    asyncio.run(scenario())
    assert narrator.spoken == 3 and narrator.most == 1
