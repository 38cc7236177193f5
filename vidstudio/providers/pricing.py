"""Unit prices (a dated settings file) and the price of one provider call before it is made."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from vidstudio.providers.base import (
    ClipRequest,
    ImageRequest,
    NarrationRequest,
    PlanRequest,
    ProviderInfo,
    SoundRequest,
    StyleRequest,
)


@dataclass(frozen=True)
class UnitPrice:
    unit: str  # call | image | second | character | training
    price: float


class PriceList:
    def __init__(self, data: dict[str, Any]) -> None:
        self.as_of = str(data.get("as_of", "unknown date"))
        self._prices: dict[str, dict[str, UnitPrice]] = {
            provider: {model: UnitPrice(str(p["unit"]), float(p["price"]))
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

    def price_of(self, info: ProviderInfo, request: Any) -> float:
        """Estimated USD price of sending ``request`` to the provider ``info``."""
        if info.kind == "local":
            return 0.0
        hint = "sound" if isinstance(request, SoundRequest) else ""
        unit = self.unit_price(info, hint)
        return unit.price * units_of(request, unit.unit)


def units_of(request: Any, unit: str) -> float:
    if unit == "second":
        if isinstance(request, (ClipRequest, SoundRequest)):
            return float(request.duration)
        if isinstance(request, NarrationRequest):
            return float(request.target_duration)
    if unit == "character" and isinstance(request, NarrationRequest):
        return float(len(request.text))
    if unit in ("image", "training", "call") and isinstance(
        request, (ImageRequest, StyleRequest, PlanRequest, NarrationRequest, SoundRequest,
                  ClipRequest)
    ):
        return 1.0
    return 1.0
