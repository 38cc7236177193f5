"""Issue 27, session 10: a clip's preparation made with fewer Python calls and fewer copies
gives the same textures and planes as the code before that change.

The code before is kept here as a reference implementation (the rain and snow textures drawn
one Pillow call per streak or flake and per copy across the tile's edges; the planes'
upsampling through a CMYK view and two more copies of the enlarged raster). The new code must
give the same bytes and leave the random stream where the old one left it (the lightning that
follows draws from it). The frames drawn with these references in place are compared in
``test_clip_inplace``.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from vidstudio.providers.local.paint import planes, weather
from vidstudio.providers.local.paint.weather import AnimatedWeather, WeatherSpec


def streak_texture_before(  # type: ignore[no-untyped-def]
    rng, w, h, count, length, width, slant, alpha
):
    tw, th = w * 2, h * 2
    tile = Image.new("L", (tw, th), 0)
    d = ImageDraw.Draw(tile)
    dx = slant * length
    for _ in range(count * 4):
        x, y = float(rng.uniform(0, tw)), float(rng.uniform(0, th))
        k = float(rng.uniform(0.6, 1.0))
        for sx in (0, -tw, tw):
            for sy in (0, -th):
                d.line(
                    [(x + sx, y + sy), (x + sx + dx * k, y + sy + length * k)],
                    fill=int(255 * k * alpha),
                    width=width,
                )
    return weather._wrap(tile, w, h)


def flake_texture_before(rng, w, h, count, radius, alpha):  # type: ignore[no-untyped-def]
    tw, th = w * 2, h * 2
    tile = Image.new("L", (tw, th), 0)
    d = ImageDraw.Draw(tile)
    for _ in range(count * 4):
        x, y = float(rng.uniform(0, tw)), float(rng.uniform(0, th))
        r = radius * float(rng.uniform(0.6, 1.3))
        v = int(rng.uniform(160, 255) * alpha)
        for sx, sy in ((0, 0), (-tw, 0), (0, -th), (-tw, -th)):
            d.ellipse((x + sx - r, y + sy - r, x + sx + r, y + sy + r), fill=v)
    if radius > 1.5:
        tile = tile.filter(ImageFilter.GaussianBlur(radius * 0.5))
    return weather._wrap(tile, w, h)


def upsample_before(img, size, opaque):  # type: ignore[no-untyped-def]
    if opaque:
        return planes.solid(img.convert("RGB").resize(size, Image.Resampling.BILINEAR))
    premultiplied = img.convert("RGBa")
    plain = Image.frombuffer("CMYK", img.size, premultiplied.tobytes(), "raw", "CMYK", 0, 1)
    big = plain.resize(size, Image.Resampling.BILINEAR)
    return Image.frombuffer("RGBa", size, big.tobytes(), "raw", "RGBa", 0, 1).convert("RGBA")


def use_before(patch: pytest.MonkeyPatch) -> None:
    """Put the references in place of the new code (for one ``monkeypatch.context``)."""
    from vidstudio.providers.local.paint import animate

    patch.setattr(weather, "_streak_texture", streak_texture_before)
    patch.setattr(weather, "_flake_texture", flake_texture_before)
    patch.setattr(animate, "upsample", upsample_before)


def _spec(kind: str, wind: float, seed: int) -> WeatherSpec:
    return WeatherSpec(
        kind=kind, intensity={"storm": 1.0}.get(kind, 0.7), wind=wind, night=False,
        rain=(200, 205, 215), snow=(246, 248, 255), fog=(190, 194, 200), flash=(232, 236, 255),
        lightning=kind == "storm", horizon=0.5, indoor=False, seed=seed,
    )


def _textures(built: AnimatedWeather) -> list[np.ndarray]:
    return [np.asarray(tex) for _, members in built._groups for tex, _, _ in members]


@pytest.mark.parametrize(
    ("kind", "wind", "size"),
    [
        ("rain", 0.4, (1280, 720)),  # the bench's clip: streaks slanting right
        ("storm", -0.6, (320, 180)),  # slanting left, a bolt drawn from the stream after
        ("snow", 0.3, (640, 360)),  # small flakes and blurred big ones
        ("wind", -0.5, (320, 180)),  # wide, flat debris streaks
    ],
)
def test_weather_textures_equal_those_drawn_one_call_at_a_time(
    monkeypatch: pytest.MonkeyPatch, kind: str, wind: float, size: tuple[int, int]
) -> None:
    spec = _spec(kind, wind, seed=11)
    new = AnimatedWeather(spec, size, 24)
    with monkeypatch.context() as old:
        use_before(old)
        before = AnimatedWeather(spec, size, 24)
    got, want = _textures(new), _textures(before)
    assert len(got) == len(want) >= 1
    for a, b in zip(got, want, strict=True):
        assert a.shape == b.shape
        assert np.count_nonzero(a) > 0.001 * a.size  # the comparison can fail: there is rain
        assert np.array_equal(a, b)
    # The random stream went on from the same place: the lightning is the same.
    assert new._flashes == before._flashes
    if kind == "storm":
        assert new._bolt is not None and before._bolt is not None
        assert new._bolt.tobytes() == before._bolt.tobytes()


@pytest.mark.parametrize("factor", [1.7, 2.3, 3.0])
def test_planes_upsampled_as_before(factor: float) -> None:
    gen = np.random.default_rng(2)
    pixels = gen.integers(0, 256, (61, 97, 4), dtype=np.uint8)
    pixels[..., 3] = np.where(gen.random((61, 97)) < 0.3, 0, pixels[..., 3])  # holes
    img = Image.fromarray(pixels)
    size = (round(img.width * factor), round(img.height * factor))
    for opaque in (False, True):
        got = planes.upsample(img, size, opaque)
        want = upsample_before(img, size, opaque)
        assert got.mode == want.mode == "RGBA" and got.size == want.size
        assert got.tobytes() == want.tobytes()
