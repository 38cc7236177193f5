"""Money: what a run may spend, what is in flight and what was spent.

One ``Budget`` type serves every paid call: the session holds the root account (no limit: it
only counts what is in flight across every job), a run with ``--budget`` holds a child with a
limit, and the batch can hold one above them all (the whole batch's money). A paid call first
``reserve``s its price, which checks every limit up the chain and counts the price as in flight
on each account; when the call ends the reservation is ``settle``d (it was bought: the real
price moves to spent) or ``release``d (nothing was bought). Reserve and settle run with no
``await`` between checking and counting, so concurrent calls never overshoot a limit.

Prices come from one table, ``providers.pricing.PriceList``, for the pre-flight, the estimate,
the reservation and the ledger alike.
"""

from __future__ import annotations

from dataclasses import dataclass

_EPSILON = 1e-9


@dataclass(frozen=True)
class Reservation:
    """A price counted as in flight until it is settled or released."""

    account: Budget
    price: float


class BudgetExceededError(Exception):
    """A reservation refused: the message is one line for the user."""


class Budget:
    """An account of money with an optional limit and an optional parent account.

    Threading: the event loop's thread (or one Ray actor for a cluster-wide budget).
    """

    def __init__(self, limit: float | None = None, *, parent: Budget | None = None) -> None:
        if limit is not None and not limit >= 0:
            raise ValueError("a budget is a number of dollars, 0 or more")
        self.limit = limit
        self.parent = parent
        self.in_flight = 0.0
        self.spent = 0.0

    def child(self, limit: float | None = None) -> Budget:
        """An account inside this one (a run inside the session, a film inside a batch)."""
        return Budget(limit, parent=self)

    def _chain(self) -> list[Budget]:
        chain: list[Budget] = []
        account: Budget | None = self
        while account is not None:
            chain.append(account)
            account = account.parent
        return chain

    @property
    def remaining(self) -> float | None:
        """Dollars left under the tightest limit up the chain (None: no limit anywhere)."""
        left = [a.limit - a.spent - a.in_flight for a in self._chain() if a.limit is not None]
        return max(0.0, min(left)) if left else None

    def refusal(self, price: float) -> str | None:
        """Why ``price`` may not be reserved now, or None if it may."""
        if price <= 0:
            return None
        for account in self._chain():
            if account.limit is None:
                continue
            if account.spent + account.in_flight + price > account.limit + _EPSILON:
                left = max(0.0, account.limit - account.spent - account.in_flight)
                return (f"not started: it would cost about ${price:.2f} and the budget of "
                        f"${account.limit:.2f} has ${left:.2f} left")
        return None

    def reserve(self, price: float) -> Reservation:
        """Count ``price`` as in flight on this account and every one above it.

        Raises:
            BudgetExceededError: a limit up the chain would be passed (nothing is counted).
        """
        why = self.refusal(price)
        if why is not None:
            raise BudgetExceededError(why)
        for account in self._chain():
            account.in_flight += price
        return Reservation(self, price)

    def settle(self, reservation: Reservation, actual: float) -> None:
        """The call was bought: its reservation leaves the in-flight count, ``actual`` is spent."""
        for account in reservation.account._chain():
            account.in_flight = max(0.0, account.in_flight - reservation.price)
            account.spent += actual

    def release(self, reservation: Reservation) -> None:
        """Nothing was bought after all: the reservation is dropped."""
        for account in reservation.account._chain():
            account.in_flight = max(0.0, account.in_flight - reservation.price)
