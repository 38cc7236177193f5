"""A planner's money: its request journalled before it is sent, its paid answer kept, an
answer that never came an unknown outcome, and the price bound of a plan in tokens.

The planners (``anthropic_planner``, ``gemini_planner``) call these around each paid model
request; nothing here talks to a service.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from vidstudio.core.plan import Plan
from vidstudio.providers.llm_common import (
    clean_script,
    plan_json_schema,
    system_prompt,
    user_prompt,
)

if TYPE_CHECKING:
    from vidstudio.providers.base import PlanRequest, ProviderError

#: The kept reply of a plan (in ``CallContext.reply_dir``): the plan and what it cost.
PLAN_REPLY = "plan.json"
#: Bytes a request carries besides the prompts and the schema (roles, the tool's wrapper,
#: the repair turn's text): part of the token bound.
_REQUEST_OVERHEAD = 4000


def plan_token_bound(request: PlanRequest, max_tokens: int) -> tuple[float, float]:
    """(input, output) tokens a plan can cost at most: both rounds (the answer and one
    repair), each sending the prompts, the schema and the script — counted as one token per
    byte, which no tokenizer exceeds — and each answering with up to ``max_tokens``."""
    script = clean_script(request.script)
    sent = len((system_prompt(request) + user_prompt(script, request)
                + json.dumps(plan_json_schema(request))).encode()) + _REQUEST_OVERHEAD
    return float(sent + sent + max_tokens), float(2 * max_tokens)


def begin_paid_call(ctx: Any) -> None:
    """Journal that a paid model request is about to be sent (``ctx.mark_submitting``)."""
    from vidstudio.providers.http_common import mark_submitting

    mark_submitting(ctx)


def paid_call_failed(ctx: Any, error: ProviderError) -> None:
    """After a paid model request failed: an answer that proves nothing was made (429, 4xx,
    503, 529) clears the journalled submission; anything else leaves it for a lookup that
    model services do not have, so it stays an unknown outcome."""
    from vidstudio.providers.http_common import settle_submission

    settle_submission(ctx, error)


def refuse_unknown_plan(ctx: Any, provider: str, possible_cost: float) -> None:
    """Stop before asking again for a plan an earlier attempt (or a killed run) may have been
    billed for, unless the user consented (``ctx.resend_unknown``).

    Raises:
        UnknownOutcomeError: a submission is journalled without an answer and no consent.
    """
    from vidstudio.providers.http_common import orphan_check

    orphan_check(ctx, what="the plan", provider=provider, possible_cost=possible_cost,
                 why="a plan request was sent and no answer was kept (a kill, a timeout or "
                     "a dropped connection), and a model service cannot look a request up")


async def kept_plan(ctx: Any) -> Plan | None:
    """The plan a paid reply gave before a crash, kept in ``ctx.reply_dir``; its cost is
    added to ``ctx.spent`` (it is entered in the ledger now, once). None when there is none
    or it is unreadable."""
    import asyncio

    folder = getattr(ctx, "reply_dir", None)
    if folder is None:
        return None
    from vidstudio.providers.http_common import kept_reply

    data = await kept_reply(folder, PLAN_REPLY)
    if not data:
        return None
    try:
        record = await asyncio.to_thread(json.loads, data)
        plan = Plan.model_validate(record["plan"])
        cost = float(record.get("cost", 0.0))
    except (ValueError, TypeError, KeyError, ValidationError):
        return None
    ctx.spent += cost if math.isfinite(cost) and cost > 0 else 0.0
    return plan


async def keep_plan(ctx: Any, plan: Plan) -> None:
    """Keep the plan a paid reply gave, durably, before anything else can lose it."""
    folder = getattr(ctx, "reply_dir", None)
    if folder is None:
        return
    import asyncio

    from vidstudio.providers.http_common import keep_reply

    record = {"plan": plan.model_dump(mode="json"), "cost": ctx.spent}
    # A refused attempt before this one cleared the journal entry and its folder.
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    await keep_reply(folder, PLAN_REPLY, json.dumps(record, ensure_ascii=False).encode())
