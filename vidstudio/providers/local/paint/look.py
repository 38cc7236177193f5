"""How an object is coloured where it stands: the palette, its depth, which way it faces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.providers.local.paint.canvas import RGB, mix, scale_rgb

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vidstudio.providers.local.paint.palette import Palette


@dataclass(frozen=True)
class Look:
    """Colouring context for drawing one object.

    Attributes:
        pal: the world's light.
        depth: 0 near .. 1 at the horizon (haze).
        facing: 1 faces right, -1 faces left (mirrors asymmetric shapes).
        seed: per-object variation (colours, small shape changes).
    """

    pal: Palette
    depth: float
    facing: float = 1.0
    seed: int = 0

    def body(self, base: Sequence[float], light: float = 1.0) -> RGB:
        return self.pal.shade(base, self.depth, light)

    def shadow(self, base: Sequence[float]) -> RGB:
        return self.pal.shade(base, self.depth, 0.6)

    def lamp(self, colour: Sequence[float] = (255, 214, 140)) -> RGB:
        """A light source's colour; lamps read as lit in any light."""
        return self.pal.emissive(colour, self.depth)

    def window(self) -> RGB:
        """A window: lit warm when the world's lights are on, else reflecting the sky."""
        if self.pal.windows_lit >= 0.5:
            return self.pal.emissive((255, 196, 110), self.depth)
        return mix(self.body((60, 70, 84)), self.pal.sky_mid, 0.35)

    @property
    def lights_on(self) -> bool:
        return self.pal.windows_lit >= 0.5

    def pick(self, options: Sequence[Sequence[float]], salt: int = 0) -> RGB:
        return self.body(options[(self.seed + salt) % len(options)])

    def dark(self, base: Sequence[float], k: float = 0.55) -> RGB:
        return scale_rgb(self.body(base), k)

    def fx(self, x: float, dx: float) -> float:
        """``x`` offset by ``dx`` in the facing direction."""
        return x + dx * self.facing
