"""A world is a stack of layers at different depths; rendering it gives RGBA rasters.

``World`` is the recipe (what to paint on each layer, the light, the weather, where the subject
stands); ``render_layers`` paints it for a set of camera poses into ``Layer`` rasters big enough
for every pose, and ``save_layers``/``load_layers`` keep a stack in an ``.npz`` file so the clip
renderer can animate between a shot's first and last pose with parallax.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from vidstudio.providers.local.paint.camera import Pose, life_pose, max_scale, union_rect
from vidstudio.providers.local.paint.canvas import Canvas

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from vidstudio.providers.local.paint.palette import Palette

Painter = Callable[[Canvas], None]

LAYERS_VERSION = 1

# Parallax factor of each named depth plane (0 = infinitely far, 1 = the nearest plane).
PARALLAX: dict[str, float] = {
    "sky": 0.0,
    "clouds": 0.0,  # as far as the sky for any camera travel; clouds only drift
    "far": 0.16,
    "mid": 0.45,
    "near": 1.0,
    "weather": 0.8,
}
LAYER_ORDER: tuple[str, ...] = ("sky", "clouds", "far", "mid", "near", "weather")

# The longest clip a stack must cover for drifting layers (clouds), in seconds.
MAX_DRIFT_SECONDS = 12.0


@dataclass
class LayerPlan:
    """What to paint on one depth plane.

    Attributes:
        name: one of ``LAYER_ORDER``.
        painters: called in order with the layer's canvas.
        drift: sideways drift in world units per second (clouds, fog banks) for animation.
        animated: a weather overlay that the clip renderer replaces by animated weather.
        place_count: the first ``place_count`` painters paint the place itself (the scene
            recipe's: ground, water, ranges, skylines), the same in every picture of the place
            in this light; the others what stands there (see ``placeplanes``).
    """

    name: str
    painters: list[Painter] = field(default_factory=list)
    drift: float = 0.0
    animated: bool = False
    place_count: int = 0

    @property
    def parallax(self) -> float:
        return PARALLAX[self.name]


@dataclass
class World:
    """The recipe of one world: the same recipe always paints the same place.

    Attributes:
        world_id: identifies the recipe (environment, seed, variant, action); two keyframes with
            the same id show the same place and can be animated into each other.
        aspect: frame width / height at the base pose.
        focus: world position of the subject (shots frame it; pushes move toward it).
        side: -1 or 1, the third of the frame the subject prefers.
        weather: plain data describing the animated weather (see ``weather.WeatherSpec``).
        drawn: the subjects placed, each with its drawing and world box (for the take's record).
        place_id: identifies what the place painters of every plane paint (the place, its
            geometry and its light): pictures with one ``place_id`` can share them.
        geometry_id: the place without its light (the same at every hour and weather).
        light: the hour, weather and lighting words it is painted in.
        relit: the same place in another ``light`` (a world whose place painters paint it so).
    """

    world_id: str
    seed: int
    aspect: float
    archetype: str
    palette: Palette
    horizon: float
    focus: tuple[float, float]
    side: float
    layers: dict[str, LayerPlan]
    weather: dict[str, Any]
    objects: list[str] = field(default_factory=list)
    drawn: list[dict[str, Any]] = field(default_factory=list)
    place_id: str = ""
    geometry_id: str = ""
    light: tuple[str, str, str] = ("", "", "")
    relit: Callable[[tuple[str, ...]], World] | None = None

    def layer(self, name: str) -> LayerPlan:
        if name not in self.layers:
            self.layers[name] = LayerPlan(name)
        return self.layers[name]

    def add(self, name: str, painter: Painter) -> None:
        self.layer(name).painters.append(painter)


@dataclass
class Layer:
    """A painted depth plane: straight-alpha RGBA covering ``rect`` at ``ppu`` pixels per unit."""

    name: str
    parallax: float
    rect: tuple[float, float, float, float]
    ppu: float
    rgba: NDArray[np.uint8]
    drift: float = 0.0
    animated: bool = False

    def meta(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "parallax": self.parallax,
            "rect": list(self.rect),
            "ppu": self.ppu,
            "drift": self.drift,
            "animated": self.animated,
        }


class PlaneSource(Protocol):
    """Where a plane's place may already be painted (``placeplanes.PlaceSheets``)."""

    def prepare(self, world: World, frame_height: int) -> bool: ...

    def canvas_for(self, world: World, name: str, plan: LayerPlan,
                   rect: tuple[float, float, float, float], ppu: float,
                   frame_height: int) -> Canvas | None: ...


def render_layers(
    world: World,
    poses: list[Pose],
    frame_height: int,
    *,
    max_res: float = 2.0,
    margin: float = 0.02,
    sheets: PlaneSource | None = None,
) -> list[Layer]:
    """Paint every layer of ``world`` big enough for all ``poses`` (and a Static shot's drift).

    Each layer gets its own extent and resolution: a layer that the camera enlarges by 1.4x is
    painted at 1.4x the frame's pixel density (capped at ``max_res``), so it stays sharp.
    With ``sheets``, a layer whose place is on a sheet there starts as a cut of it (at the
    sheet's density) and only what stands in the place is painted on it.
    """
    covered = [*poses, *(life_pose(p, world.aspect) for p in poses)]
    cut_from = sheets if sheets is not None and sheets.prepare(world, frame_height) else None
    layers: list[Layer] = []
    for name in LAYER_ORDER:
        plan = world.layers.get(name)
        if plan is None or not plan.painters:
            continue
        x0, y0, x1, y1 = union_rect(covered, plan.parallax, world.aspect, margin)
        reach = abs(plan.drift) * MAX_DRIFT_SECONDS
        if reach:
            x0, x1 = x0 - reach, x1 + reach
        res = min(max_res, max(1.0, max_scale(covered, plan.parallax, world.aspect)))
        canvas = None
        if cut_from is not None:
            canvas = cut_from.canvas_for(world, name, plan, (x0, y0, x1, y1), frame_height * res,
                                       frame_height)
        if canvas is not None:
            painters = plan.painters[plan.place_count:]
        else:
            canvas = blank_canvas(world, name, (x0, y0, x1, y1), frame_height * res)
            painters = plan.painters
        for painter in painters:
            painter(canvas)
        layers.append(
            Layer(
                name,
                plan.parallax,
                canvas.rect,
                canvas.ppu,
                canvas.rgba(),
                plan.drift,
                plan.animated,
            )
        )
    return layers


def blank_canvas(
    world: World, name: str, rect: tuple[float, float, float, float], ppu: float
) -> Canvas:
    """An empty canvas for plane ``name`` (the sky starts as the horizon's colour)."""
    canvas = Canvas(rect, ppu)
    if name == "sky":
        canvas.img.paste((*world.palette.sky_horizon, 255), (0, 0, canvas.w, canvas.h))
    return canvas


def save_layers(path: Path, layers: list[Layer], meta: dict[str, Any]) -> None:
    """Write a layer stack as an ``.npz`` (readable by ``numpy.load``).

    Fast deflate (level 1): transparent areas compress to almost nothing, and the clip renderer
    reads the file back once per clip.
    """
    info = dict(meta)
    info["version"] = LAYERS_VERSION
    info["layers"] = [layer.meta() for layer in layers]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for index, layer in enumerate(layers):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(layer.rgba))
            zf.writestr(f"layer_{index}.npy", buffer.getvalue())
        meta_bytes = np.frombuffer(json.dumps(info).encode("utf-8"), dtype=np.uint8)
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, meta_bytes)
        zf.writestr("meta.npy", buffer.getvalue())


class LayerFileError(ValueError):
    """A layer file is missing, corrupt or of an unknown version."""


def load_meta(path: Path) -> dict[str, Any]:
    """The metadata of a layer file, without decoding its rasters."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LayerFileError(f"unreadable layer file {Path(path).name}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("version") != LAYERS_VERSION:
        raise LayerFileError(f"{Path(path).name} is not a version {LAYERS_VERSION} layer file")
    return meta


def load_layers(
    path: Path, only: Collection[int] | None = None
) -> tuple[list[Layer], dict[str, Any]]:
    """Read a layer stack written by ``save_layers`` (with ``only``: just the layers of those
    indices, in order; the others' rasters are not decoded).

    Raises:
        LayerFileError: the file is missing, corrupt or of another version.
    """
    meta = load_meta(path)
    layers: list[Layer] = []
    try:
        with np.load(path, allow_pickle=False) as data:
            for index, info in enumerate(meta["layers"]):
                if only is not None and index not in only:
                    continue
                rgba = data[f"layer_{index}"]
                if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
                    raise LayerFileError(f"layer {index} of {Path(path).name} is not RGBA")
                layers.append(
                    Layer(
                        str(info["name"]),
                        float(info["parallax"]),
                        tuple(float(v) for v in info["rect"]),  # type: ignore[arg-type]
                        float(info["ppu"]),
                        rgba,
                        float(info.get("drift", 0.0)),
                        bool(info.get("animated", False)),
                    )
                )
    except (OSError, KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
        if isinstance(exc, LayerFileError):
            raise
        raise LayerFileError(f"unreadable layer file {Path(path).name}: {exc}") from exc
    return layers, meta
