"""Weather: what a keyframe freezes (a weather layer) and what a clip animates frame by frame.

The keyframe's weather layer is marked ``animated``: the clip renderer leaves it out and draws
``AnimatedWeather`` instead, in frame space (rain and snow are close to the lens): falling rain
streaks, drifting snow, rolling fog, blowing leaves, lightning flashes in a storm.

Animation is built for speed: each effect is a precomputed texture, tiled with a wrap margin, so
a frame only crops a window at an integer offset and pastes a colour through it (C code in
Pillow, a few milliseconds at 1280x720).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from vidstudio.core.vocabulary import Weather
from vidstudio.providers.local.paint import noise
from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from vidstudio.providers.local.paint.palette import Palette
    from vidstudio.providers.local.paint.world import Painter


@dataclass(frozen=True)
class WeatherSpec:
    """Plain data describing a world's weather, stored with its layers (JSON-able)."""

    kind: str
    intensity: float
    wind: float
    night: bool
    rain: RGB
    snow: RGB
    fog: RGB
    flash: RGB
    lightning: bool
    horizon: float
    indoor: bool
    seed: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WeatherSpec:
        fields = cls.__dataclass_fields__
        clean: dict[str, Any] = {
            k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in fields
        }
        return cls(**clean)


def weather_spec(pal: Palette, horizon: float, seed: int, indoor: bool) -> WeatherSpec:
    kind = pal.weather.value
    intensity = {
        Weather.RAIN: 0.7,
        Weather.STORM: 1.0,
        Weather.SNOW: 0.7,
        Weather.FOG: 0.8,
        Weather.WIND: 0.7,
        Weather.CLOUDY: 0.3,
    }.get(pal.weather, 0.0)
    wind = pal.wind * (1 if seed % 2 else -1)
    return WeatherSpec(
        kind=kind,
        intensity=intensity,
        wind=wind,
        night=pal.is_dark,
        rain=mix(pal.cloud_light, (220, 226, 236), 0.5 if not pal.is_dark else 0.2),
        snow=(246, 248, 255) if not pal.is_dark else (170, 180, 206),
        fog=mix(pal.haze, (200, 204, 210), 0.3 if not pal.is_dark else 0.0),
        flash=(232, 236, 255),
        lightning=pal.lightning,
        horizon=horizon,
        indoor=indoor,
        seed=seed,
    )


# --------------------------------------------------------------------------- keyframe layer
def static_weather(spec: WeatherSpec, aspect: float) -> list[Painter]:
    """Painters for a keyframe's frozen weather (empty when there is nothing to show)."""
    if spec.indoor:
        return []
    painters: list[Painter] = []
    if spec.kind in ("rain", "storm"):
        painters.append(_rain_streaks(spec, aspect))
    if spec.kind == "snow":
        painters.append(_snowflakes(spec, aspect))
    if spec.kind == "fog" or (spec.kind in ("rain", "storm", "snow") and spec.night):
        painters.append(_fog_banks(spec, aspect))
    if spec.lightning and spec.seed % 3 != 0:
        painters.append(_bolt(spec, aspect))
    if spec.kind == "wind":
        painters.append(_debris(spec, aspect))
    return painters


def _rain_streaks(spec: WeatherSpec, aspect: float) -> Painter:
    def paint(c: Canvas) -> None:
        density = 900 * spec.intensity
        xs, ys, r = noise.scatter(spec.seed + 1, (-2.0, aspect + 2.0), (-1.0, 1.8), density)
        length = 0.025 + 0.05 * r
        slant = spec.wind * 0.35
        paths = [
            [(float(x), float(y)), (float(x + slant * ln), float(y + ln))]
            for x, y, ln in zip(xs, ys, length, strict=True)
        ]
        c.lines(paths, 0.0012, spec.rain, opacity=0.45, ss=1)

    return paint


def _snowflakes(spec: WeatherSpec, aspect: float) -> Painter:
    def paint(c: Canvas) -> None:
        xs, ys, r = noise.scatter(
            spec.seed + 2, (-2.0, aspect + 2.0), (-1.0, 1.8), 700 * spec.intensity
        )
        c.splat(xs, ys, (0.6 + 0.4 * r).astype(np.float32), spec.snow)
        big = r > 0.85
        c.ellipses(
            [
                (float(x), float(y), 0.003 + 0.004 * float(v), 0.003 + 0.004 * float(v))
                for x, y, v in zip(xs[big], ys[big], r[big], strict=True)
            ],
            spec.snow,
            0.85,
        )

    return paint


def _fog_banks(spec: WeatherSpec, aspect: float) -> Painter:
    def paint(c: Canvas) -> None:
        small = (max(2, c.w // 4), max(2, c.h // 4))
        rect = (c.rect[0] / 3, c.rect[1], c.rect[2] / 3, c.rect[3])
        n = noise.fbm(spec.seed + 3, rect, small, 0.25, 4)
        ys = np.linspace(c.rect[1], c.rect[3], small[1], dtype=np.float32)[:, None]
        # Densest in a band around the horizon, where fog lies on the ground.
        band = np.exp(-(((ys - spec.horizon - 0.05) / 0.22) ** 2))
        amount = 0.75 if spec.kind == "fog" else 0.3
        cover = np.clip(band * (0.35 + 0.9 * (n - 0.3)), 0, 1) * amount * spec.intensity
        mask = Image.fromarray((cover * 255).astype(np.uint8)).resize(
            (c.w, c.h), Image.Resampling.BILINEAR
        )
        c.paint(mask, spec.fog)

    return paint


def _bolt_path(
    rng: np.random.Generator, x: float, y0: float, y1: float
) -> list[tuple[float, float]]:
    pts = [(x, y0)]
    steps = 14
    for k in range(1, steps + 1):
        y = y0 + (y1 - y0) * k / steps
        x += float(rng.normal(0, 0.025))
        pts.append((x, y))
    return pts


def _bolt(spec: WeatherSpec, aspect: float) -> Painter:
    rng = noise.rng_for(spec.seed, "bolt")
    x = float(rng.uniform(0.15, 0.85)) * aspect
    path = _bolt_path(rng, x, -0.2, spec.horizon + 0.02)

    def paint(c: Canvas) -> None:
        c.glow(x, spec.horizon * 0.4, 0.5, spec.flash, strength=0.25)
        c.lines([path], 0.008, spec.flash, opacity=0.35)
        c.lines([path], 0.0025, (255, 255, 255))

    return paint


def _debris(spec: WeatherSpec, aspect: float) -> Painter:
    def paint(c: Canvas) -> None:
        xs, ys, r = noise.scatter(spec.seed + 4, (-2.0, aspect + 2.0), (-0.2, 1.6), 25)
        dx = 0.02 * math.copysign(1.0, spec.wind or 1.0)
        paths = [
            [(float(x), float(y)), (float(x + dx * (0.5 + v)), float(y + 0.004))]
            for x, y, v in zip(xs, ys, r, strict=True)
        ]
        c.lines(paths, 0.004, (110, 90, 50), opacity=0.8)

    return paint


# ------------------------------------------------------------------------------ animation
class AnimatedWeather:
    """Per-frame weather for a clip of ``size`` at ``fps`` (textures built once).

    ``apply(frame, index)`` draws frame ``index``'s weather onto an RGB image in place. Layers
    of one colour (near and far rain) are merged into one mask per frame with a cheap ``max``
    so each colour costs a single blend.
    """

    def __init__(self, spec: WeatherSpec, size: tuple[int, int], fps: int) -> None:
        self.spec = spec
        self.size = size
        self.fps = fps
        w, h = size
        # (texture with opacity baked in, colour, x and y speed in pixels per frame)
        layers: list[tuple[Image.Image, RGB, float, float]] = []
        self._flashes: dict[int, float] = {}
        self._bolt: Image.Image | None = None
        if not spec.indoor and spec.kind not in ("clear", "cloudy"):
            layers = self._build(spec, w, h, fps)
        self._groups: list[tuple[Image.Image, list[tuple[Image.Image, float, float]]]] = []
        for colour in dict.fromkeys(layer[1] for layer in layers):
            members = [(tex, vx, vy) for tex, c, vx, vy in layers if c == colour]
            self._groups.append((Image.new("RGB", size, colour), members))
        self._flash_fill = Image.new("RGB", size, spec.flash)

    def _build(
        self, spec: WeatherSpec, w: int, h: int, fps: int
    ) -> list[tuple[Image.Image, RGB, float, float]]:
        rng = noise.rng_for(spec.seed, "animated-weather")
        unit = h  # one world unit in pixels: sizes match the keyframe's weather layer
        scale = (w * h) / 921600
        per_frame = 24 / fps
        layers: list[tuple[Image.Image, RGB, float, float]] = []
        if spec.kind in ("rain", "storm"):
            slant = spec.wind * 0.35
            for count, length, width, speed, alpha in (
                (520, 0.035, 1, 0.055, 0.3),
                (170, 0.08, 2, 0.1, 0.42),
            ):
                tex = _streak_texture(
                    rng,
                    w,
                    h,
                    int(count * spec.intensity * scale) + 10,
                    length * unit,
                    width,
                    slant,
                    alpha,
                )
                v = speed * unit * per_frame * (1.0 + 0.3 * spec.intensity)
                layers.append((tex, spec.rain, v * slant, v))
        elif spec.kind == "snow":
            for count, radius, speed, alpha in ((500, 1.0, 0.004, 0.85), (120, 2.6, 0.009, 0.9)):
                tex = _flake_texture(
                    rng, w, h, int(count * spec.intensity * scale) + 10, radius * h / 720, alpha
                )
                v = speed * unit * per_frame
                layers.append((tex, spec.snow, spec.wind * v * 0.8 + v * 0.3, v))
        elif spec.kind == "wind":
            tex = _streak_texture(rng, w, h, int(40 * scale) + 4, 0.018 * unit, 3, 8.0, 0.8)
            v = 0.03 * unit * per_frame
            direction = math.copysign(1.0, spec.wind or 1.0)
            layers.append((tex, (120, 96, 56), direction * v * 1.6, v * 0.15))
        if spec.kind == "fog":
            tex = _fog_texture(spec, w, h, 0.55)
            v = (0.004 + 0.01 * abs(spec.wind)) * unit * per_frame
            layers.append((tex, spec.fog, math.copysign(v, spec.wind or 1.0), 0.0))
        if spec.lightning:
            self._flashes, self._bolt = _lightning(spec, rng, w, h, fps)
        return layers

    def apply(self, frame: Image.Image, index: int) -> None:
        w, h = self.size
        for fill, members in self._groups:
            mask: Image.Image | None = None
            for tex, vx, vy in members:
                tw, th = tex.width - w, tex.height - h
                ox = round(index * -vx) % max(1, tw)
                oy = round(index * -vy) % max(1, th)
                part = tex.crop((ox, oy, ox + w, oy + h))
                mask = part if mask is None else ImageChops.lighter(mask, part)
            if mask is not None:
                frame.paste(fill, (0, 0), mask)
        flash = self._flashes.get(index, 0.0)
        if flash > 0.0:
            if self._bolt is not None and flash > 0.5:
                frame.paste(self._flash_fill, (0, 0), self._bolt)
            frame.paste(self._flash_fill, (0, 0), Image.new("L", (w, h), int(255 * 0.45 * flash)))

    @property
    def active(self) -> bool:
        return bool(self._groups or self._flashes)


def _streak_texture(
    rng: np.random.Generator,
    w: int,
    h: int,
    count: int,
    length: float,
    width: int,
    slant: float,
    alpha: float,
) -> Image.Image:
    """Slanted streaks on a tile that wraps: the tile is (w + margin) x (2h) with copies."""
    tw, th = w * 2, h * 2
    tile = Image.new("L", (tw, th), 0)
    dx = slant * length
    # Each streak's place and strength, drawn from ``rng`` in the order one draw at a time
    # would take them (x, y, k per streak), so the stream goes on the same for what follows.
    x, y, k = rng.uniform((0.0, 0.0, 0.6), (float(tw), float(th), 1.0), (count * 4, 3)).T
    fills = (255 * k * alpha).astype(np.int64)
    # Copies across the tile's edges make it repeat seamlessly; a copy that lies wholly
    # outside the tile draws nothing, so only the others are drawn (the same lines, in the
    # same order: a later streak still covers an earlier one where they cross).
    shifts = [(sx, sy) for sx in (0, -tw, tw) for sy in (0, -th)]
    x0 = np.stack([x + sx for sx, _ in shifts], axis=1)
    y0 = np.stack([y + sy for _, sy in shifts], axis=1)
    x1 = x0 + (dx * k)[:, None]
    y1 = y0 + (length * k)[:, None]
    _draw_inside(tile, (x0, y0, x1, y1), fills, width + 1, "line", width)
    return _wrap(tile, w, h)


def _draw_inside(
    tile: Image.Image,
    boxes: tuple[NDArray[np.float64], ...],
    fills: NDArray[np.int64],
    margin: int,
    shape: str,
    width: int = 0,
) -> None:
    """Draw each copy (a row of ``boxes``'s arrays per item, a column per copy) that can reach
    ``tile``, item by item and copy by copy. Pillow draws a line between coordinates truncated
    to integers, a wide line or an ellipse up to a few pixels past them: ``margin`` pixels of
    slack keep every copy that could touch the tile."""
    ax, ay, bx, by = boxes
    lo_x, hi_x = np.trunc(np.minimum(ax, bx)), np.trunc(np.maximum(ax, bx))
    lo_y, hi_y = np.trunc(np.minimum(ay, by)), np.trunc(np.maximum(ay, by))
    keep = (
        (hi_x >= -margin) & (lo_x < tile.width + margin)
        & (hi_y >= -margin) & (lo_y < tile.height + margin)
    )
    items, copies = np.nonzero(keep)
    d = ImageDraw.Draw(tile)
    coords = np.stack([a[items, copies] for a in boxes], axis=1).tolist()
    for (c0, c1, c2, c3), fill in zip(coords, fills[items].tolist(), strict=True):
        if shape == "line":
            d.line([(c0, c1), (c2, c3)], fill=fill, width=width)
        else:
            d.ellipse((c0, c1, c2, c3), fill=fill)


def _flake_texture(
    rng: np.random.Generator, w: int, h: int, count: int, radius: float, alpha: float
) -> Image.Image:
    tw, th = w * 2, h * 2
    tile = Image.new("L", (tw, th), 0)
    # Drawn from ``rng`` in the order one flake at a time would take them (x, y, size, value).
    x, y, u, v = rng.uniform(
        (0.0, 0.0, 0.6, 160.0), (float(tw), float(th), 1.3, 255.0), (count * 4, 4)
    ).T
    r = (radius * u)[:, None]
    fills = (v * alpha).astype(np.int64)
    shifts = ((0, 0), (-tw, 0), (0, -th), (-tw, -th))
    cx = np.stack([x + sx for sx, _ in shifts], axis=1)
    cy = np.stack([y + sy for _, sy in shifts], axis=1)
    _draw_inside(tile, (cx - r, cy - r, cx + r, cy + r), fills, 2, "ellipse")
    if radius > 1.5:
        tile = tile.filter(ImageFilter.GaussianBlur(radius * 0.5))
    return _wrap(tile, w, h)


def _fog_texture(spec: WeatherSpec, w: int, h: int, amount: float) -> Image.Image:
    tw = w * 2
    small = (max(2, w // 8), max(2, h // 8))
    aspect = w / h
    half = noise.fbm(spec.seed + 3, (0.0, 0.0, aspect / 3, 1.0), small, 0.25, 4)
    # A tile and its mirror image side by side wraps around without a seam.
    n = np.concatenate([half, half[:, ::-1]], axis=1)
    ys = np.linspace(0, 1, small[1], dtype=np.float32)[:, None]
    band = np.exp(-(((ys - spec.horizon - 0.1) / 0.3) ** 2))
    cover = np.clip(band * (0.3 + 0.9 * (n - 0.3)), 0, 1) * amount
    tile = Image.fromarray((cover * 255).astype(np.uint8)).resize(
        (tw, h), Image.Resampling.BILINEAR
    )
    out = Image.new("L", (tw + w, h + 1))
    out.paste(tile, (0, 0))
    out.paste(tile.crop((0, 0, w, h)), (tw, 0))
    out.paste(out.crop((0, 0, tw + w, 1)), (0, h))
    return out


def _wrap(tile: Image.Image, w: int, h: int) -> Image.Image:
    """The tile plus a copy of its first ``w`` columns and ``h`` rows, for wrap-free crops."""
    tw, th = tile.size
    out = Image.new("L", (tw + w, th + h))
    out.paste(tile, (0, 0))
    out.paste(tile.crop((0, 0, w, th)), (tw, 0))
    out.paste(out.crop((0, 0, tw + w, h)), (0, th))
    return out


def _lightning(
    spec: WeatherSpec, rng: np.random.Generator, w: int, h: int, fps: int
) -> tuple[dict[int, float], Image.Image]:
    """Flash frames (index -> strength): a strike every few seconds, each a double flicker."""
    flashes: dict[int, float] = {}
    t = float(rng.uniform(0.6, 1.6))
    bolt = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(bolt)
    x = float(rng.uniform(0.2, 0.8)) * w
    pts = _bolt_path(rng, x / h, -0.1, spec.horizon)
    d.line([(px * h, py * h) for px, py in pts], fill=255, width=max(1, h // 240))
    bolt = bolt.filter(ImageFilter.GaussianBlur(0.6))
    while t < 60.0:
        start = int(t * fps)
        for k, strength in enumerate((1.0, 0.35, 0.8, 0.4, 0.15)):
            flashes[start + k * max(1, fps // 12)] = strength
        t += float(rng.uniform(2.2, 4.5))
    return flashes, bolt
