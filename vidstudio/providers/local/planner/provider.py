"""``LocalPlanner``: the offline, rule-based planner that ships with the studio."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from vidstudio.providers.base import (
    CallContext,
    Capabilities,
    InvalidRequestError,
    PlanRequest,
    ProviderInfo,
)
from vidstudio.providers.local.planner.build import PROVIDER_NAME, build_plan
from vidstudio.providers.local.planner.random_script import random_script

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from vidstudio.core.plan import Plan


class LocalPlanner:
    """Plans a film from a script with rules and word lists: no model, no network, no account.

    Scenes come from the script's structure (sluglines, shot directions, song sections,
    paragraphs, time cues), narration from its own sentences, pictures from word lists of
    places, hours, weather, props and deeds. Same script, same plan.

    Args:
        executor: where planning runs; a long script takes a noticeable fraction of a second,
            which must not stall the event loop. ``None`` uses the loop's default thread pool;
            a ``ProcessPoolExecutor`` works too (the work is a top-level function of plain
            values).
    """

    info = ProviderInfo(PROVIDER_NAME, "rules-1", "local")
    capabilities = Capabilities(durations=(5, 9), unit_price=0.0, price_unit="call",
                                concurrency=2, paid=False)

    def __init__(self, executor: Executor | None = None) -> None:
        self._executor = executor

    async def plan(self, request: PlanRequest, ctx: CallContext) -> Plan:
        """Break ``request.script`` into at most ``request.max_scenes`` scenes.

        Raises:
            InvalidRequestError: the script has no words, or the limits leave no room.
        """
        ctx.progress(0.0, "reading the script")
        loop = asyncio.get_running_loop()
        try:
            plan = await loop.run_in_executor(
                self._executor,
                build_plan,
                request.script,
                request.max_scenes,
                request.max_environments,
                request.language_hint,
            )
        except InvalidRequestError as error:
            # A process pool re-creates the error from its message alone; name the provider.
            raise InvalidRequestError(error.message, provider=self.info.name) from None
        ctx.progress(1.0, f"planned {len(plan.scenes)} scenes in {len(plan.environments)} places")
        return plan

    async def random_script(self, seed: int, ctx: CallContext) -> str:
        """An original script of about 100 words; the same ``seed`` gives the same script."""
        return random_script(seed)
