"""Unit prices (a dated settings file) and the price of one provider call before it is made.

One table serves every figure: the estimate, the pre-flight, the budget's reservations and the
providers' own cost of what they made (``PriceList.cost``), so an estimate cannot disagree with
the ledger by a different rate. A provider that knows how its service counts a request (Luma's
rendered megapixels, a planner's tokens) says so through ``billed_units``; the estimate of a
call is its price rounded **up** to the cent, so it is never below what the call costs.
"""

from __future__ import annotations

import functools
import json
import math
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from vidstudio.providers.base import (
    ClipRequest,
    ImageRequest,
    NarrationRequest,
    PlanRequest,
    ProviderInfo,
    SoundRequest,
    StyleRequest,
)

#: What a provider counts a request in: a number of units, or (input, output) tokens.
Units = float | tuple[float, float]


@dataclass(frozen=True)
class UnitPrice:
    unit: str  # call | image | second | character | training | megapixel | token
    price: float
    #: USD per output token for the "token" unit (``price`` is then per input token).
    output_price: float = 0.0


class PricedProvider(Protocol):
    info: ProviderInfo


def round_up_cents(amount: float) -> float:
    """``amount`` rounded up to a whole cent (a float error below a millionth of a cent is not
    a cent more)."""
    return math.ceil(round(amount * 100, 6)) / 100


class PriceList:
    def __init__(self, data: dict[str, Any]) -> None:
        self.as_of = str(data.get("as_of", "unknown date"))
        self._prices: dict[str, dict[str, UnitPrice]] = {
            provider: {model: UnitPrice(str(p["unit"]), float(p["price"]),
                                        float(p.get("output_price", 0.0)))
                       for model, p in models.items()}
            for provider, models in data.get("prices", {}).items()
        }

    @classmethod
    def load(cls, path: Path | None = None) -> PriceList:
        """The user's list (``VIDSTUDIO_PRICES``) or the dated defaults shipped with vidstudio."""
        override = path or (Path(p) if (p := os.environ.get("VIDSTUDIO_PRICES")) else None)
        if override is not None:
            return cls(json.loads(Path(override).read_text("utf-8")))
        text = resources.files("vidstudio").joinpath("resources/prices.json").read_text("utf-8")
        return cls(json.loads(text))

    def unit_price(self, info: ProviderInfo, hint: str = "") -> UnitPrice:
        models = self._prices.get(info.name, {})
        for key in (info.model, hint, "*"):
            if key and key in models:
                return models[key]
        return UnitPrice("call", 0.0)

    def cost(self, info: ProviderInfo, units: Units, hint: str = "") -> float:
        """USD of ``units`` of the provider's unit (exact: what the ledger records)."""
        unit = self.unit_price(info, hint)
        if isinstance(units, tuple):
            return units[0] * unit.price + units[1] * (unit.output_price or unit.price)
        return units * unit.price

    def price_of(self, who: ProviderInfo | PricedProvider, request: Any) -> float:
        """Estimated USD price of sending ``request`` to ``who`` (a provider, or only its
        info), rounded up to the cent. A provider's ``billed_units(request, unit)`` counts
        the request as its service does; without it a request is one unit (its seconds or
        characters where the unit says so)."""
        info = who if isinstance(who, ProviderInfo) else who.info
        if info.kind == "local":
            return 0.0
        hint = "sound" if isinstance(request, SoundRequest) else ""
        unit = self.unit_price(info, hint)
        units: Units | None = None
        counter = getattr(who, "billed_units", None)
        if counter is not None:
            units = counter(request, unit.unit)
        if units is None:
            units = units_of(request, unit.unit)
        return round_up_cents(self.cost(info, units, hint))


@functools.lru_cache(maxsize=4)
def _load_cached(override: str) -> PriceList:
    return PriceList.load(Path(override) if override else None)


_in_force: PriceList | None = None


def use_prices(prices: PriceList | None) -> None:
    """Make ``prices`` the list in force for this process (the editor's, with the user's
    unit prices over the shipped ones); None returns to ``VIDSTUDIO_PRICES`` or the shipped
    list."""
    global _in_force
    _in_force = prices


def default_prices() -> PriceList:
    """The price list in force (``use_prices``, else ``VIDSTUDIO_PRICES`` or the shipped one,
    read once): what the providers price their own calls with, the same table the estimate
    reads."""
    if _in_force is not None:
        return _in_force
    return _load_cached(os.environ.get("VIDSTUDIO_PRICES", ""))


def units_of(request: Any, unit: str) -> float:
    if unit == "second":
        if isinstance(request, (ClipRequest, SoundRequest)):
            return float(request.duration)
        if isinstance(request, NarrationRequest):
            return float(request.target_duration)
    if unit == "character" and isinstance(request, NarrationRequest):
        # The characters' lines are spoken (and billed) as well as the narration.
        return float(len(request.text) + sum(len(line.text) for line in request.lines))
    if unit in ("image", "training", "call") and isinstance(
        request, (ImageRequest, StyleRequest, PlanRequest, NarrationRequest, SoundRequest,
                  ClipRequest)
    ):
        return 1.0
    return 1.0
