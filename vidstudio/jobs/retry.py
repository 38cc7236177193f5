"""Retries of provider calls: exponential backoff with jitter, honouring Retry-After."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from vidstudio.providers.base import ProviderError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0

    def delay(self, attempt: int, error: ProviderError, rng: random.Random) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
        if error.retry_after is not None:
            return min(max(0.0, error.retry_after), self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return rng.uniform(ceiling / 2, ceiling)  # "equal jitter"


async def call_with_retry(
    fn: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    on_retry: Callable[[int, ProviderError, float], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> T:
    """Await ``fn()``; on a retryable ProviderError wait and try again, up to ``attempts``.

    Non-retryable errors (auth, bad request, refusal, failed generation) propagate at once, and
    so do ``final`` ones: a call that used up its deadline, or a request that may have been
    billed and cannot be looked up, is never re-sent by this loop.
    """
    rng = rng or random.Random()
    attempt = 1
    while True:
        try:
            return await fn()
        except ProviderError as error:
            if not error.retryable or error.final or attempt >= policy.attempts:
                raise
            wait = policy.delay(attempt, error, rng)
            if on_retry is not None:
                on_retry(attempt, error, wait)
            await sleep(wait)
            attempt += 1
