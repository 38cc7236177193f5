"""Skies: gradient, sun or moon, stars, clouds, aurora, and the planet limb seen from orbit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from vidstudio.providers.local.paint import noise
from vidstudio.providers.local.paint.canvas import RGB, Canvas, mix, scale_rgb

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.palette import Palette
    from vidstudio.providers.local.paint.world import Painter

_STAR_REGION = (-2.5, -1.0)


def gradient(pal: Palette, horizon: float) -> Painter:
    """The sky from zenith to horizon, a little darker again below the horizon line."""

    def paint(c: Canvas) -> None:
        stops = [
            (-0.9, scale_rgb(pal.sky_top, 0.92)),
            (horizon - 0.45, pal.sky_top),
            (horizon - 0.2, pal.sky_mid),
            (horizon, pal.sky_horizon),
            (horizon + 0.3, mix(pal.sky_horizon, pal.haze, 0.5)),
        ]
        c.img.paste(c.vertical_gradient(stops).convert("RGBA"), (0, 0))

    return paint


def sun(pal: Palette) -> Painter:
    """The sun or the moon: a halo of light, then the disc (with a few maria on the moon)."""

    def paint(c: Canvas) -> None:
        if not pal.sun_visible:
            return
        x, y = pal.sun_xy
        r = pal.sun_size
        halo = mix(pal.sun, pal.sky_horizon, 0.35)
        c.glow(x, y, r * 16, halo, strength=0.45 if not pal.moon else 0.22, falloff=2.4)
        c.glow(x, y, r * 4, pal.sun, strength=0.55 if not pal.moon else 0.3, falloff=2.0)
        c.ellipse(x, y, r, r, pal.sun)
        if pal.moon:
            shade = mix(pal.sun, pal.sky_mid, 0.35)
            c.ellipses(
                [
                    (x - r * 0.3, y - r * 0.2, r * 0.28, r * 0.22),
                    (x + r * 0.25, y + r * 0.3, r * 0.2, r * 0.17),
                    (x + r * 0.1, y - r * 0.45, r * 0.12, r * 0.1),
                ],
                shade,
                opacity=0.55,
            )

    return paint


def stars(
    seed: int, horizon: float, aspect: float, density: float = 900.0, colour: RGB = (236, 238, 255)
) -> Painter:
    """Stars scattered in world space, brightest few with a small glow."""

    def paint(c: Canvas) -> None:
        xs, ys, r = noise.scatter(
            seed,
            (_STAR_REGION[0], aspect - _STAR_REGION[0]),
            (_STAR_REGION[1], horizon - 0.02),
            density,
        )
        bright = (r**6).astype(np.float32)
        fade = np.clip((horizon - ys) / 0.25, 0.0, 1.0).astype(np.float32)
        c.splat(xs, ys, 0.25 + 0.75 * bright * fade + 0.15 * fade, colour)
        big = r > 0.985
        for x, y in zip(xs[big], ys[big], strict=True):
            c.glow(float(x), float(y), 0.006, colour, strength=0.5)

    return paint


def clouds(
    seed: int,
    pal: Palette,
    horizon: float,
    *,
    cover: float | None = None,
    stretch: float = 3.0,
    top: float = -0.6,
    low: float | None = None,
) -> Painter:
    """Soft clouds lit from above: fractal noise thresholded by ``cover``.

    ``stretch`` elongates them sideways (wind makes streaks); clouds thin out toward the horizon.
    """
    cover = pal.cloud_cover if cover is None else cover
    low = horizon - 0.02 if low is None else low

    def paint(c: Canvas) -> None:
        if cover <= 0.02:
            return
        r0, r1 = c.row_of(top), c.row_of(low)
        rows = r1 - r0
        if rows <= 2:
            return
        red = 3
        w_small, h_small = max(2, c.w // red), max(2, rows // red)
        x0, y_top = c.x0, c.y0 + r0 / c.ppu
        x1, y_bot = c.x0 + c.w / c.ppu, c.y0 + r1 / c.ppu
        # Squash x so the noise is elongated sideways: sample a narrower world span.
        rect = (x0 / stretch, y_top, x1 / stretch, y_bot)
        n = noise.fbm(seed, rect, (w_small, h_small), 0.22, octaves=5, gain=0.52)
        lift = noise.fbm(
            seed,
            (rect[0], rect[1] + 0.035, rect[2], rect[3] + 0.035),
            (w_small, h_small),
            0.22,
            octaves=3,
            gain=0.5,
        )
        ys = np.linspace(y_top, y_bot, h_small, dtype=np.float32)[:, None]
        # Denser high up, thinning near the horizon where clouds are seen edge-on.
        altitude = np.clip((low - ys) / 0.35, 0.0, 1.0) ** 0.7
        threshold = 1.0 - cover
        density = np.clip((n - threshold * 0.85 - 0.1) / 0.22, 0.0, 1.0) * altitude
        light = np.clip(0.5 + (n - lift) * 6.0, 0.0, 1.0)
        lit = np.array(pal.cloud_light, np.float32)
        dark = np.array(pal.cloud_shade, np.float32)
        rgb = dark + (lit - dark) * light[..., None]
        if pal.sun_visible and not pal.moon:
            sx, sy = pal.sun_xy
            xs = np.linspace(x0, x1, w_small, dtype=np.float32)[None, :]
            near_sun = np.clip(1.0 - np.hypot(xs - sx, (ys - sy) * 1.5) / 0.9, 0.0, 1.0) ** 2
            rgb += (np.array(pal.sun, np.float32) - rgb) * (near_sun * 0.55)[..., None]
        colour = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).resize(
            (c.w, rows), Image.Resampling.BILINEAR
        )
        mask = Image.fromarray((density * 235).astype(np.uint8)).resize(
            (c.w, rows), Image.Resampling.BILINEAR
        )
        c.paint(mask, colour, (0, r0))

    return paint


def aurora(seed: int, horizon: float) -> Painter:
    """Curtains of green light with violet hems, hanging in soft vertical rays."""

    def paint(c: Canvas) -> None:
        r0, r1 = c.row_of(-0.6), c.row_of(horizon - 0.03)
        if r1 - r0 < 4:
            return
        xs = c.xs()
        base = 0.12 + 0.16 * noise.fbm_1d(seed, xs, 1.2, octaves=3)  # the curtain's lower hem
        rays = noise.fbm_1d(seed + 5, xs, 0.07, octaves=3, gain=0.6)
        rays = np.clip((rays - 0.3) / 0.5, 0.0, 1.0) ** 1.5
        ys = c.ys()[r0:r1][:, None]
        dy = base[None, :] - ys  # height above the hem
        hem = np.clip(1.0 - np.abs(dy) / 0.02, 0.0, 1.0)
        curtain = np.where(dy > 0, np.exp(-dy / 0.22), 0.0) * np.clip((dy + 0.02) / 0.03, 0, 1)
        cover = (curtain * (0.3 + 0.7 * rays[None, :])).astype(np.float32)
        c.paint(cover, (80, 250, 160), (0, r0), opacity=0.5)
        c.paint((hem * rays[None, :]).astype(np.float32), (200, 120, 255), (0, r0), opacity=0.35)

    return paint


def nebula(seed: int) -> Painter:
    """Faint coloured dust across a space sky."""

    def paint(c: Canvas) -> None:
        small = (max(2, c.w // 4), max(2, c.h // 4))
        n = noise.fbm(seed, c.rect, small, 0.5, octaves=5)
        m = noise.fbm(seed + 9, c.rect, small, 0.8, octaves=3)
        cover = np.clip((n - 0.45) / 0.35, 0.0, 1.0) ** 1.5
        mask = Image.fromarray((cover * 120).astype(np.uint8)).resize(
            (c.w, c.h), Image.Resampling.BILINEAR
        )
        hue = Image.fromarray((m * 255).astype(np.uint8)).resize(
            (c.w, c.h), Image.Resampling.BILINEAR
        )
        a = Image.new("RGB", (c.w, c.h), (120, 60, 170))
        b = Image.new("RGB", (c.w, c.h), (40, 110, 190))
        c.paint(mask, Image.composite(a, b, hue))

    return paint


def planet_limb(
    seed: int, aspect: float, centre_y: float = 2.35, radius: float = 1.75, lit_from: float = -1.0
) -> Painter:
    """A planet's curved edge filling the lower frame: oceans, cloud swirls, a thin atmosphere.

    ``lit_from`` is -1 (sun on the left) or 1; the night side falls off to black.
    """
    cx = aspect / 2

    def paint(c: Canvas) -> None:
        top = centre_y - radius
        r0 = c.row_of(top - 0.06)
        if r0 >= c.h:
            return
        xs = c.xs()[None, :].astype(np.float32)
        ys = c.ys()[r0:, None].astype(np.float32)
        d = np.sqrt((xs - cx) ** 2 + (ys - centre_y) ** 2)
        edge = (radius - d) * c.ppu
        disc = np.clip(edge + 0.5, 0.0, 1.0)
        atmo = np.clip(1.0 - np.abs(d - radius) / 0.045, 0.0, 1.0) ** 2
        rows = c.h - r0
        rect = (c.x0, c.y0 + r0 / c.ppu, c.x0 + c.w / c.ppu, c.y0 + c.h / c.ppu)
        small = (max(2, c.w // 3), max(2, rows // 3))
        land = np.asarray(
            Image.fromarray(noise.fbm(seed, rect, small, 0.25, 5)).resize(
                (c.w, rows), Image.Resampling.BILINEAR
            )
        )
        swirl = np.asarray(
            Image.fromarray(
                noise.fbm(seed + 3, (rect[0] / 3, rect[1], rect[2] / 3, rect[3]), small, 0.12, 5)
            ).resize((c.w, rows), Image.Resampling.BILINEAR)
        )
        ocean = np.array((22, 70, 150), np.float32)
        green = np.array((70, 110, 60), np.float32)
        white = np.array((235, 240, 250), np.float32)
        is_land = np.clip((land - 0.56) / 0.05, 0, 1)[..., None]
        rgb = ocean + (green - ocean) * is_land
        cloud = np.clip((swirl - 0.5) / 0.15, 0, 1)[..., None]
        rgb = rgb + (white - rgb) * cloud * 0.85
        light = np.clip(0.55 + lit_from * -1 * (xs - cx) / (radius * 0.9), 0.05, 1.0)[..., None]
        limb = np.clip((radius - d) / 0.5, 0.0, 1.0)[..., None]
        rgb = rgb * light * (0.55 + 0.45 * limb)
        rgb = rgb + (np.array((120, 180, 255), np.float32) - rgb) * (atmo[..., None] * 0.8)
        mask = np.clip(disc + atmo * 0.9, 0.0, 1.0).astype(np.float32)
        img = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
        c.paint(mask, img, (0, r0))

    return paint
