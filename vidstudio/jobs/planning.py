"""The script and its plan: reading a script file, and asking a planner for a plan.

Nothing here knows the project session, so the session's plan job and the command line's
``plan`` verb share it without an import circle.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.jobs.budget import BudgetExceededError
from vidstudio.jobs.retry import RetryPolicy, call_with_retry
from vidstudio.providers.base import (
    CallContext,
    InvalidRequestError,
    Planner,
    PlanRequest,
    UnknownOutcomeError,
)

if TYPE_CHECKING:
    from vidstudio.core.commands import RecordSpend
    from vidstudio.core.models import Settings
    from vidstudio.core.plan import Plan, PlanEnvironment
    from vidstudio.jobs.budget import Budget, Reservation
    from vidstudio.providers.pricing import PriceList
    from vidstudio.storage.journal import Journal

MAX_SCRIPT_WORDS = 20_000
MAX_SCRIPT_BYTES = 2_000_000

class ScriptError(ValueError):
    """The script cannot be used; the message is one line for the user."""


def decode_script(data: bytes, name: str = "the script") -> str:
    """Text of a script file, or ScriptError for empty, binary, undecodable or huge input."""
    if len(data) > MAX_SCRIPT_BYTES:
        raise ScriptError(
            f"{name} is {len(data) / 1e6:.1f} MB; vidstudio reads scripts up to "
            f"{MAX_SCRIPT_BYTES / 1e6:.0f} MB"
        )
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding, errors="strict")
            except UnicodeDecodeError as exc:
                raise ScriptError(
                    f"{name} starts as {encoding.upper().removesuffix('-SIG')} text but has "
                    f"bytes that are not (at offset {exc.start}); save it as UTF-8 and try "
                    "again") from None
            break
    else:
        if b"\x00" in data:
            raise ScriptError(f"{name} is a binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start]
            raise ScriptError(
                f"{name} is not UTF-8 text (byte 0x{bad:02x} at offset {exc.start}); "
                "save it as UTF-8 and try again"
            ) from None
    return validate_script(text, name)


def validate_script(text: str, name: str = "the script") -> str:
    stripped = text.strip()
    if not stripped:
        raise ScriptError(f"{name} is empty: write or paste a script first")
    if not any(ch.isalpha() for ch in stripped):
        raise ScriptError(f"{name} has no words in it")
    words = len(stripped.split())
    if words > MAX_SCRIPT_WORDS:
        raise ScriptError(
            f"{name} has {words:,} words; a film of at most 5 scenes is planned from up to "
            f"{MAX_SCRIPT_WORDS:,} words: shorten it or split it into several projects"
        )
    return text


def read_script(path: Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScriptError(f"no such script: {path}") from None
    except IsADirectoryError:
        raise ScriptError(f"{path} is a folder, not a script file") from None
    except OSError as exc:
        raise ScriptError(f"cannot read {path}: {exc.strerror}") from None
    return decode_script(data, path.name)


def plan_key(script: str, planner: Planner, settings: Settings,
             environments: list[PlanEnvironment] | None = None) -> str:
    parts: list[object] = [script, planner.info.name, planner.info.model, settings.max_scenes,
                           settings.max_environments]
    if environments:
        parts.append([env.model_dump(mode="json") for env in environments])
    blob = json.dumps(parts, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


async def make_plan(script: str, planner: Planner, settings: Settings, work_dir: Path,
                    retry: RetryPolicy | None = None, ctx: CallContext | None = None) -> Plan:
    """Ask the planner for a plan and check it against the settings' limits (``ctx``: the
    call's context, for a paid plan's journal; a plain one in ``work_dir`` by default)."""
    request = PlanRequest(script=script, max_scenes=settings.max_scenes,
                          max_environments=settings.max_environments)
    ctx = ctx or CallContext(work_dir=work_dir, seed=settings.seed)
    plan = await call_with_retry(lambda: planner.plan(request, ctx), retry or RetryPolicy())
    problems = plan.problems(settings)
    if problems:
        raise InvalidRequestError(
            f"the plan does not fit the project: {'; '.join(problems)}",
            provider=planner.info.name,
        )
    return plan


def plan_journal_key(script: str, planner: Planner, settings: Settings) -> str:
    """The journal key of a paid plan request: the same request gets the same key, so a
    rerun meets the submission a killed run left."""
    return "plan-" + plan_key(script, planner, settings)[:24]


@dataclass
class PaidPlan:
    """A plan that was paid for: what it cost and how to close its journal entry.

    Attributes:
        plan: the plan.
        cost: USD spent on it (entered in the ledger through ``on_spent``).
        done: forget the plan's journal entry and kept reply; call it once the plan is saved
            in the project (blocking: call it on a thread).
    """

    plan: Plan
    cost: float
    done: Callable[[], None]


SpendFn = Callable[[float, bool], object]


async def paid_plan(script: str, planner: Planner, settings: Settings, retry: RetryPolicy,
                    prices: PriceList, account: Budget, *, journal: Journal | None = None,
                    resend_unknown: bool = False,
                    on_spent: SpendFn = lambda _amount, _twice: None) -> PaidPlan:
    """Plan ``script``, paying for it through ``account``: its price is reserved before the
    planner is called (a plan the budget cannot pay is refused before anything is sent) and
    what the calls cost is spent once they ended, whether the plan came or not.

    With a ``journal``, the request is journalled before it is sent and the paid reply kept
    there, so a kill while the plan is in flight never plans again on its own: the rerun uses
    the kept plan, or — no answer kept — stops with an unknown outcome (its possible cost
    listed, the entry kept) unless ``resend_unknown``, and the ledger then marks it
    possibly paid twice. ``on_spent(amount, possibly_paid_twice)`` enters the money spent.

    Raises:
        BudgetExceededError: the budget cannot pay for the plan (nothing was sent).
        UnknownOutcomeError: a killed run's plan request has an unknown outcome.
        ProviderError, InvalidRequestError: as make_plan.
    """
    import asyncio
    import tempfile

    from vidstudio.providers.llm_money import PLAN_REPLY

    price = prices.price_of(planner, PlanRequest(script=script, max_scenes=settings.max_scenes,
                                                 max_environments=settings.max_environments))
    try:
        reservation = account.reserve(price)
    except BudgetExceededError as refused:
        raise BudgetExceededError(
            f"planning with {planner.info.name}{str(refused).removeprefix('not started: it')}"
            "; nothing was paid") from None
    key = plan_journal_key(script, planner, settings)
    entry = await asyncio.to_thread(journal.get, key) if journal is not None else None
    paid = planner.info.kind == "cloud"
    with tempfile.TemporaryDirectory(prefix="vidstudio-plan-") as tmp:
        ctx = CallContext(work_dir=Path(tmp), seed=settings.seed, resend_unknown=resend_unknown)
        if journal is not None and paid:
            started = datetime.now(UTC).isoformat()
            ctx.submitted_since = entry.started if entry is not None else None
            ctx.mark_submitting = lambda: journal.remember(
                key, planner.info.name, "", started, possible_cost=price, what="the plan")
            ctx.clear_submitting = lambda: journal.forget(key)
            ctx.reply_dir = await asyncio.to_thread(journal.reply_dir, key)
        # Sent again after an unknown outcome (not answered from a kept reply): the ledger
        # says it may have been paid twice.
        twice = bool(entry is not None and resend_unknown and ctx.reply_dir is not None
                     and not (ctx.reply_dir / PLAN_REPLY).exists())
        try:
            plan = await make_plan(script, planner, settings, Path(tmp), retry, ctx)
        except BaseException as error:
            if isinstance(error, UnknownOutcomeError) and journal is not None:
                await asyncio.to_thread(journal.mark_unknown, key, price, "the plan")
            _settle(account, reservation, ctx.spent, on_spent, twice=twice)
            raise
    spent = ctx.spent if ctx.spent > 0 or not paid else price
    _settle(account, reservation, spent, on_spent, twice=twice)

    def done() -> None:
        if journal is not None:
            journal.forget(key)

    return PaidPlan(plan, spent, done)


def plan_spend(planner: Planner, amount: float, twice: bool) -> RecordSpend:
    """The ledger's entry for ``amount`` spent on a plan (``twice``: possibly paid twice)."""
    from vidstudio.core.commands import RecordSpend
    from vidstudio.core.models import LedgerEntry

    return RecordSpend(LedgerEntry(
        provider=planner.info.name, model=planner.info.model, stage="plan",
        owner_name="the plan", amount=amount, possibly_paid_twice=twice))


def _settle(account: Budget, reservation: Reservation, spent: float, on_spent: SpendFn, *,
            twice: bool) -> None:
    if spent > 0:
        account.settle(reservation, spent)
        on_spent(spent, twice)
    else:
        account.release(reservation)
