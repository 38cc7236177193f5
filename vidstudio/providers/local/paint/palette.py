"""Light and colour of a world: time of day, weather and the lighting words of the environment.

Every colour the painter uses passes through ``Palette.shade``: a base material colour is lit by
the ambient light and tinted by the light's colour, then faded toward the haze by its distance.
That single rule is what makes night clearly darker, fog wash out the distance, and a dusk scene
glow orange across all of its layers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.local.paint.canvas import RGB, clamp_rgb, mix

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True)
class Palette:
    """The light of one world. Colours are sRGB tuples; factors are in [0, 1] unless noted.

    Attributes:
        sky_top / sky_mid / sky_horizon: the sky gradient from zenith to horizon.
        sun: colour of the sun or moon disc; ``sun_xy`` its world position; ``sun_size`` radius.
        light: colour of the key light falling on things; ``ambient`` its overall level.
        haze: colour distant things fade into; ``haze_amount`` how strongly.
        cloud_light / cloud_shade: lit and shadowed cloud colours; ``cloud_cover`` amount of sky.
        stars: draw stars; moon: the disc is the moon; windows_lit: artificial lights are on.
        precipitation: "rain", "snow" or ""; ``lightning``: storm flashes; ``wind`` strength;
        ``fog`` density of ground fog.
    """

    time: TimeOfDay
    weather: Weather
    sky_top: RGB
    sky_mid: RGB
    sky_horizon: RGB
    sun: RGB
    sun_xy: tuple[float, float]
    sun_size: float
    sun_visible: bool
    light: RGB
    ambient: float
    haze: RGB
    haze_amount: float
    cloud_light: RGB
    cloud_shade: RGB
    cloud_cover: float
    stars: bool
    moon: bool
    windows_lit: float
    precipitation: str
    lightning: bool
    wind: float
    fog: float
    saturation: float = 1.0

    def shade(self, base: Sequence[float], depth: float = 0.0, light: float = 1.0) -> RGB:
        """A material colour as seen in this light, ``depth`` 0 (near) .. 1 (horizon)."""
        lit = [base[i] * (self.light[i] / 255.0) * self.ambient * light for i in range(3)]
        if self.saturation != 1.0:
            grey = sum(lit) / 3.0
            lit = [grey + (c - grey) * self.saturation for c in lit]
        fade = min(1.0, max(0.0, depth * self.haze_amount))
        return mix(lit, self.haze, fade)

    def emissive(self, base: Sequence[float], depth: float = 0.0) -> RGB:
        """A light source's own colour (windows, lamps, neon): not darkened by the night."""
        fade = min(1.0, max(0.0, depth * self.haze_amount * 0.7))
        return mix(base, self.haze, fade)

    @property
    def is_dark(self) -> bool:
        return self.ambient < 0.45


# time of day: sky top, sky mid, horizon, sun colour, light colour, ambient, haze
_TIME: dict[TimeOfDay, tuple[RGB, RGB, RGB, RGB, RGB, float, RGB]] = {
    TimeOfDay.DAWN: (
        (62, 78, 140),
        (168, 140, 170),
        (252, 186, 140),
        (255, 226, 170),
        (255, 208, 176),
        0.78,
        (232, 176, 160),
    ),
    TimeOfDay.DAY: (
        (58, 118, 204),
        (118, 168, 226),
        (196, 222, 242),
        (255, 250, 228),
        (255, 250, 240),
        1.0,
        (196, 214, 232),
    ),
    TimeOfDay.DUSK: (
        (36, 38, 98),
        (150, 82, 120),
        (252, 138, 70),
        (255, 170, 90),
        (255, 168, 120),
        0.62,
        (196, 112, 100),
    ),
    TimeOfDay.NIGHT: (
        (4, 7, 22),
        (12, 20, 48),
        (30, 42, 78),
        (236, 236, 220),
        (150, 170, 235),
        0.26,
        (26, 34, 62),
    ),
}

_SUN_HEIGHT = {TimeOfDay.DAY: 0.14, TimeOfDay.NIGHT: 0.16}


def _grey(colour: RGB, amount: float, grey: RGB | None = None) -> RGB:
    g = sum(colour) / 3.0
    return mix(colour, grey or (g, g, g), amount)


def make_palette(
    time: TimeOfDay, weather: Weather, lighting: str, sun_x: float, horizon: float
) -> Palette:
    """The palette for a time and weather, nudged by free-text ``lighting`` words.

    Args:
        time / weather: from the environment.
        lighting: e.g. "warm lamplight", "cold moonlight", "neon" (matched loosely).
        sun_x: world x of the sun (the composition decides which side it sits).
        horizon: world y of the horizon line; the sun sits relative to it.
    """
    top, mid, hor, sun, light, ambient, haze = _TIME[time]
    # Dawn and dusk suns sit just above the horizon; day and night ones high in the sky.
    low = time in (TimeOfDay.DAWN, TimeOfDay.DUSK)
    sun_y = horizon - 0.07 if low else _SUN_HEIGHT[time]
    pal = Palette(
        time=time,
        weather=weather,
        sky_top=top,
        sky_mid=mid,
        sky_horizon=hor,
        sun=sun,
        sun_xy=(sun_x, sun_y),
        sun_size=0.045 if time is not TimeOfDay.NIGHT else 0.035,
        sun_visible=True,
        light=light,
        ambient=ambient,
        haze=haze,
        haze_amount=0.55,
        cloud_light=mix(hor, (255, 255, 255), 0.55),
        cloud_shade=mix(mid, top, 0.4),
        cloud_cover=0.25,
        stars=time is TimeOfDay.NIGHT,
        moon=time is TimeOfDay.NIGHT,
        windows_lit=1.0 if time in (TimeOfDay.NIGHT, TimeOfDay.DUSK) else 0.15,
        precipitation="",
        lightning=False,
        wind=0.1,
        fog=0.0,
    )
    if time is TimeOfDay.NIGHT:
        pal = replace(pal, cloud_light=(52, 60, 92), cloud_shade=(14, 18, 36))
    pal = _apply_weather(pal, weather)
    return _apply_lighting_words(pal, lighting)


def _apply_weather(pal: Palette, weather: Weather) -> Palette:
    night = pal.time is TimeOfDay.NIGHT
    if weather is Weather.CLOUDY:
        return replace(
            pal,
            sky_top=_grey(pal.sky_top, 0.45),
            sky_mid=_grey(pal.sky_mid, 0.45),
            sky_horizon=_grey(pal.sky_horizon, 0.3),
            cloud_cover=0.7,
            ambient=pal.ambient * 0.85,
            sun_visible=False,
            stars=False,
            saturation=0.8,
        )
    if weather is Weather.RAIN:
        grey = (70, 78, 88) if not night else (14, 16, 24)
        return replace(
            pal,
            sky_top=_grey(pal.sky_top, 0.75, grey),
            sky_mid=_grey(pal.sky_mid, 0.75, grey),
            sky_horizon=_grey(pal.sky_horizon, 0.65, mix(grey, (150, 156, 164), 0.5)),
            cloud_cover=0.9,
            cloud_light=mix(grey, (170, 175, 182), 0.5),
            cloud_shade=mix(grey, (20, 22, 28), 0.4),
            ambient=pal.ambient * 0.7,
            haze=_grey(pal.haze, 0.6),
            haze_amount=0.75,
            sun_visible=False,
            stars=False,
            moon=False,
            precipitation="rain",
            wind=0.35,
            saturation=0.7,
        )
    if weather is Weather.STORM:
        grey = (36, 40, 50) if not night else (8, 9, 14)
        return replace(
            pal,
            sky_top=grey,
            sky_mid=mix(grey, (60, 66, 80), 0.5),
            sky_horizon=mix(grey, (92, 98, 110), 0.6),
            cloud_cover=1.0,
            cloud_light=mix(grey, (120, 126, 140), 0.6),
            cloud_shade=scale(grey, 0.6),
            # Night is dark already: a storm darkens it less than it darkens the day.
            ambient=pal.ambient * (0.8 if night else 0.5),
            haze=mix(grey, (70, 76, 88), 0.5),
            haze_amount=0.8,
            sun_visible=False,
            stars=False,
            moon=False,
            precipitation="rain",
            lightning=True,
            wind=0.85,
            saturation=0.6,
        )
    if weather is Weather.SNOW:
        pale = (200, 206, 216) if not night else (40, 46, 64)
        return replace(
            pal,
            sky_top=_grey(pal.sky_top, 0.6, pale),
            sky_mid=_grey(pal.sky_mid, 0.7, pale),
            sky_horizon=pale,
            cloud_cover=0.85,
            cloud_light=mix(pale, (255, 255, 255), 0.4),
            cloud_shade=scale(pale, 0.8),
            haze=pale,
            haze_amount=0.8,
            sun_visible=False,
            stars=False,
            moon=False,
            precipitation="snow",
            wind=0.2,
            saturation=0.75,
            ambient=min(1.0, pal.ambient * 1.15),
            light=mix(pal.light, (235, 240, 255), 0.6),
        )
    if weather is Weather.FOG:
        fog = _grey(pal.haze, 0.5)
        return replace(
            pal,
            sky_top=_grey(pal.sky_mid, 0.6, fog),
            sky_mid=fog,
            sky_horizon=fog,
            haze=fog,
            haze_amount=1.35,
            cloud_cover=0.3,
            sun_visible=pal.time is not TimeOfDay.NIGHT and pal.sun_visible,
            stars=False,
            fog=0.8,
            wind=0.05,
            saturation=0.65,
            sun=mix(pal.sun, fog, 0.6),
        )
    if weather is Weather.WIND:
        return replace(pal, cloud_cover=0.5, wind=1.0)
    return pal


def scale(colour: RGB, k: float) -> RGB:
    return clamp_rgb([c * k for c in colour])


_WARM = (
    "warm",
    "golden",
    "gold",
    "candle",
    "fire",
    "amber",
    "lamplight",
    "lamp",
    "lantern",
    "sunset",
    "oven",
    "glow",
    "hearth",
    "tungsten",
    "orange",
)
_COLD = ("cold", "blue", "moon", "icy", "pale", "steel", "clinical", "fluorescent", "silver")
_DIM = ("dim", "dark", "gloom", "shadow", "murky", "low light", "moody")
_BRIGHT = ("bright", "harsh", "blazing", "glaring", "sunlit", "brilliant", "vivid")


def _apply_lighting_words(pal: Palette, lighting: str) -> Palette:
    text = lighting.lower()
    if not text:
        return pal
    if any(w in text for w in _WARM):
        pal = replace(
            pal,
            light=mix(pal.light, (255, 178, 104), 0.45),
            haze=mix(pal.haze, (220, 150, 100), 0.25),
            windows_lit=max(pal.windows_lit, 0.8),
        )
    if any(w in text for w in _COLD):
        pal = replace(
            pal,
            light=mix(pal.light, (160, 190, 255), 0.4),
            haze=mix(pal.haze, (120, 140, 180), 0.25),
        )
    if any(w in text for w in _DIM):
        pal = replace(pal, ambient=pal.ambient * 0.75)
    if any(w in text for w in _BRIGHT):
        pal = replace(pal, ambient=min(1.15, pal.ambient * 1.15), saturation=pal.saturation * 1.1)
    if "neon" in text:
        pal = replace(pal, windows_lit=1.0)
    return pal
