"""Rendering a clip's frames: a camera move through a layer stack, plus animated weather.

Speed comes from doing the expensive work once per clip:

* layers that move identically during this clip are merged into one plane (a pan moves all
  of them alike, so a pan composes a single plane per frame plus drifting clouds);
* each plane is upsampled once to about twice the pixel density it is shown at, so a frame can
  sample it with nearest-neighbour (positions quantised to a quarter pixel or finer, which reads
  as smooth motion) instead of filtering every pixel every frame;
* a plane is only resampled and composited over the rows and columns where it has content.

Each frame is composed in place where ffmpeg reads it: ``render_into`` maps the caller's
shared file (a memory file) and the planes are pasted by Pillow straight into that memory, then
weather, light, crossfade and vignette are applied to it as arrays (``frameops``: numpy over
whole frames, weather over its lit pixels only). No frame is copied, packed or pickled.

``render_into`` (and ``render_frames``) are top-level functions of picklable arguments so a
process pool can run them; each worker keeps the prepared planes of the clip it is rendering in
a small cache, and drops them once it has rendered the clip's last frame.
"""

from __future__ import annotations

import contextlib
import math
import mmap
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from PIL import Image, ImageChops

from vidstudio.osdeps import BINARY, CLOEXEC, map_file
from vidstudio.providers.local.paint.camera import (
    Pose,
    interpolate,
    layer_view,
    life_pose,
    view_rect,
)
from vidstudio.providers.local.paint.compose import raster_box, vignette_mask
from vidstudio.providers.local.paint.frameops import (
    PIXEL_BYTES,
    SparseWeather,
    Vignette,
    bands,
    breathe,
    crossfade,
    frame_bytes,
    frame_image,
)
from vidstudio.providers.local.paint.planedraw import Piece, Plane, draw_planes
from vidstudio.providers.local.paint.planes import (
    cells,
    content_pieces,
    merge_into,
    picture_layer,
    solid,
    upsample,
)
from vidstudio.providers.local.paint.weather import AnimatedWeather, WeatherSpec
from vidstudio.providers.local.paint.world import Layer, load_layers, load_meta

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

    from numpy.typing import NDArray

class SharedPart(Protocol):
    """A part of a clip's preparation made by another worker (``sharing.SharedPart``); named
    here by what the renderer asks of it, so that this module does not import ``sharing``."""

    @property
    def name(self) -> str: ...

    def load(self) -> Any: ...


# Planes are upsampled to this many raster pixels per output pixel at their largest on screen:
# nearest-neighbour positions are then quantised to a third of an output pixel.
_OVERSAMPLE = 1.5
_MAX_PLANE_PIXELS = 36_000_000


@dataclass(frozen=True)
class StackMove:
    """One layer stack and the camera path through it."""

    layers_path: str
    first: dict[str, float]
    last: dict[str, float]


@dataclass(frozen=True)
class ImageMove:
    """A plain picture (no layers) moved Ken-Burns style."""

    image_path: str
    first: dict[str, float]
    last: dict[str, float]


@dataclass(frozen=True)
class ClipJob:
    """Everything needed to render a clip's frames (plain, picklable values).

    Attributes:
        start / end: what the clip shows at its start and end; when they differ (two worlds, or
            two plain pictures) the clip crossfades from one to the other mid-move.
        weather: a ``WeatherSpec`` as a dict, animated over the frames (None: none).
        life: a Static shot: add a slow drift and a breathing light.
        drift: let drifting layers (clouds) drift; a moving camera carries the shot without it,
            and a cloud layer that moves with the sky merges into it (one plane less).
    """

    width: int
    height: int
    fps: int
    frames: int
    start: StackMove | ImageMove
    end: StackMove | ImageMove | None = None
    weather: dict[str, Any] | None = None
    life: bool = False
    drift: bool = True
    vignette: bool = True
    fade: tuple[float, float] = (0.35, 0.75)
    key: str = field(default="")
    # The camera's pacing: 0 moves evenly; above 0 it starts slowly and speeds up, below 0 the
    # reverse. A new take of the same shot (a new seed) gets another pacing and weather.
    pacing: float = 0.0


@dataclass(frozen=True)
class _LayerInfo:
    """What planning a clip's planes needs of a layer: its stack metadata, not its raster."""

    index: int
    name: str
    parallax: float
    drift: float
    rect: tuple[float, float, float, float]
    ppu: float

    @property
    def pixels(self) -> float:
        return (self.rect[2] - self.rect[0]) * (self.rect[3] - self.rect[1]) * self.ppu**2


class _Track:
    """A stack (or a picture) prepared for one clip: planes plus the camera path.

    ``share``: None prepares every plane. A stack's planes can also be prepared as two shares
    in two workers at once, "head" and "tail" (``_shares``: the cheapest planes, about a third
    of the work, go to the tail, made after the clip's weather by the worker that drew it),
    and joined by ``joined``; each share decodes only its own layers.
    """

    def __init__(self, move: StackMove | ImageMove, job: ClipJob, share: str | None = None
                 ) -> None:
        self.aspect = job.width / job.height
        self.first = Pose.from_dict(move.first)
        self.last = Pose.from_dict(move.last)
        self.duration = job.frames / job.fps
        if job.life and self.first == self.last:
            self.last = life_pose(self.first, self.aspect, self.duration)
        self.order: list[int] = []  # the stacking position of each of ``planes``
        self.planes: list[Plane] = []
        if isinstance(move, StackMove):
            path = Path(move.layers_path)
            infos = [
                _LayerInfo(index, str(info["name"]), float(info["parallax"]),
                           float(info.get("drift", 0.0)) if job.drift else 0.0,
                           tuple(float(v) for v in info["rect"]),  # type: ignore[arg-type]
                           float(info["ppu"]))
                for index, info in enumerate(load_meta(path)["layers"])
                if not info.get("animated", False)
            ]
            groups = self._groups(infos)
            chosen = list(range(len(groups))) if share is None else self._shares(
                groups, job.height)[share == "tail"]
            wanted = sorted(info.index for g in chosen for info in groups[g])
            loaded, _ = load_layers(path, only=set(wanted)) if wanted else ([], {})
            by_index = dict(zip(wanted, loaded, strict=True))
            for layer in loaded:
                if not job.drift:
                    layer.drift = 0.0
            self.order = chosen
            self.planes = [
                self._plane([by_index[info.index] for info in groups[g]], job.height,
                            bottom=g == 0)
                for g in chosen
            ]
        elif share != "tail":
            self.order = [0]
            self.planes = [self._plane([picture_layer(move.image_path, self.aspect)],
                                       job.height, bottom=True)]

    def joined(self, other: _Track | None) -> _Track:
        """This share of the planes with ``other``'s (the other share), in stacking order."""
        if other is not None and other.planes:
            both = sorted(zip(self.order + other.order, self.planes + other.planes,
                              strict=True), key=lambda pair: pair[0])
            self.order = [g for g, _ in both]
            self.planes = [plane for _, plane in both]
        return self

    def pose(self, t: float) -> Pose:
        return interpolate(self.first, self.last, t)

    def _view(
        self, pose: Pose, parallax: float, drift: float, seconds: float
    ) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = view_rect(pose, parallax, self.aspect)
        shift = drift * seconds
        return (x0 - shift, y0, x1 - shift, y1)

    def _groups(self, layers: Sequence[_LayerInfo]) -> list[list[_LayerInfo]]:
        """Neighbouring layers that move identically during this clip, merged into one
        plane each (a pan moves all of them alike)."""
        samples = [0.0, 0.25, 0.5, 0.75, 1.0]
        groups: list[list[_LayerInfo]] = []
        signature_prev: tuple[float, ...] | None = None
        for layer in layers:
            sig = tuple(
                round(v, 9)
                for t in samples
                for v in self._view(self.pose(t), layer.parallax, layer.drift, t * self.duration)
            )
            if groups and sig == signature_prev:
                groups[-1].append(layer)
            else:
                groups.append([layer])
            signature_prev = sig
        return groups

    def _shares(self, groups: list[list[_LayerInfo]], out_h: int) -> tuple[list[int], list[int]]:
        """The planes of the head and of the tail share: the tail takes the cheapest while
        they add up to at most a third of the work (the worker that makes it makes the
        clip's weather first). Work is estimated by the pixels decoded and upsampled."""
        costs = []
        for group in groups:
            ppu = max(layer.ppu for layer in group)
            rect = group[0].rect
            plane = (rect[2] - rect[0]) * (rect[3] - rect[1]) * ppu**2
            factor = min(self._want(group, out_h) / ppu,
                         math.sqrt(_MAX_PLANE_PIXELS / max(1.0, plane)))
            costs.append(plane * max(1.0, factor) ** 2 + sum(layer.pixels for layer in group))
        tail: list[int] = []
        spent = 0.0
        for g in sorted(range(len(groups)), key=lambda g: (costs[g], g)):
            if spent + costs[g] > sum(costs) / 3:
                break
            tail.append(g)
            spent += costs[g]
        return [g for g in range(len(groups)) if g not in tail], sorted(tail)

    def _want(self, group: Sequence[Layer | _LayerInfo], out_h: int) -> float:
        """Raster pixels per world unit a plane of ``group`` is upsampled to: about
        ``_OVERSAMPLE`` raster pixels per output pixel at its largest on screen."""
        largest = max(
            layer_view(self.pose(t), group[0].parallax, self.aspect)[2] for t in (0.0, 0.5, 1.0)
        )
        # A sky alone is smooth: sampled at its own density it shows no stepping.
        smooth = all(layer.name in ("sky", "clouds") for layer in group)
        return (1.0 if smooth else _OVERSAMPLE) * out_h * largest

    def _plane(self, group: list[Layer], out_h: int, bottom: bool) -> Plane:
        base = group[0]
        ppu = max(layer.ppu for layer in group)
        rect = base.rect
        size = (max(1, round((rect[2] - rect[0]) * ppu)), max(1, round((rect[3] - rect[1]) * ppu)))
        if len(group) == 1 and ppu == base.ppu:
            img = Image.fromarray(base.rgba)
        else:
            img = Image.new("RGBA", size, (0, 0, 0, 0))
            for layer in group:
                merge_into(img, rect, ppu, layer)
        # Upsample once so nearest-neighbour sampling per frame stays smooth.
        factor = self._want(group, out_h) / ppu
        pieces = [(img, (0, 0), True)] if bottom else content_pieces(img)
        pixels = sum(p.width * p.height for p, _, _ in pieces)
        factor = min(factor, math.sqrt(_MAX_PLANE_PIXELS / max(1, pixels)))
        if factor <= 1.05:
            factor = 1.0
        out: list[Piece] = []
        for piece, (ox, oy), opaque in pieces:
            if factor > 1.0:
                # Enlarge with a one-pixel apron so the piece's edges interpolate correctly.
                x0, y0 = max(0, ox - 1), max(0, oy - 1)
                x1 = min(img.width, ox + piece.width + 1)
                y1 = min(img.height, oy + piece.height + 1)
                apron = img.crop((x0, y0, x1, y1))
                big = upsample(
                    apron, (round(apron.width * factor), round(apron.height * factor)), opaque
                )
                kx, ky = big.width / apron.width, big.height / apron.height
                bx0, by0 = round((ox - x0) * kx), round((oy - y0) * ky)
                bx1 = round((ox + piece.width - x0) * kx)
                by1 = round((oy + piece.height - y0) * ky)
                piece = big.crop((bx0, by0, bx1, by1))
                ox, oy = round(ox * factor), round(oy * factor)
            elif opaque:
                piece = solid(piece)
            out.extend(Piece(image, (ox, oy), is_solid, boxes)
                       for image, is_solid, boxes in cells(piece, opaque))
        full = (round(size[0] * factor), round(size[1] * factor))
        return Plane(full, rect, ppu * full[0] / size[0], base.parallax, base.drift, out, bottom)

    def draw(self, frame: Image.Image, t: float) -> None:
        """Compose this track's planes at time fraction ``t`` into ``frame`` (RGBA, whose
        fourth byte is not read)."""
        pose = self.pose(t)
        seconds = t * self.duration
        boxes = [
            raster_box(plane.rect, plane.ppu,
                       self._view(pose, plane.parallax, plane.drift, seconds), plane.size)
            for plane in self.planes
        ]
        draw_planes(frame, self.planes, boxes)


def parts_of(job: ClipJob) -> tuple[str, ...]:
    """The parts of ``job``'s preparation that can be made apart, each in one worker, and
    shared with the others (``sharing``), in the order to start them: the opening world's
    planes (a stack's as two shares, "start" and "start+"), the closing world's (a
    crossfade), and the weather with the vignette."""
    names = ["start"]
    if job.end is not None:
        names.append("end")
    if job.weather or job.vignette:
        names.append("effects")
    if isinstance(job.start, StackMove):
        # The opening world's cheapest planes, last: the worker that made the weather (about
        # half the opening planes' work) makes them while the other makes the rest.
        names.append("start+")
    return tuple(names)


def prepare_part(job: ClipJob, name: str) -> Any:
    """Make part ``name`` of ``job``'s preparation (see ``parts_of``)."""
    if name == "start":
        return _Track(job.start, job, "head" if "start+" in parts_of(job) else None)
    if name == "start+":
        return _Track(job.start, job, "tail") if isinstance(job.start, StackMove) else None
    if name == "end":
        return _Track(job.end, job) if job.end is not None else None
    if name != "effects":
        raise ValueError(f"no part {name!r} in a clip's preparation")
    size = (job.width, job.height)
    spec = WeatherSpec.from_dict(job.weather) if job.weather else None
    animated = AnimatedWeather(spec, size, job.fps) if spec else None
    weather = SparseWeather(animated) if animated is not None and animated.active else None
    vignette = None
    if job.vignette:
        # The vignette darkens only the bands of the frame it reaches (its centre is
        # untouched).
        shade = ImageChops.invert(vignette_mask(size))
        vignette = Vignette(shade, bands(shade))
    return weather, vignette


class ClipRenderer:
    """Renders the frames of one ``ClipJob``; safe to share between threads."""

    def __init__(self, job: ClipJob, parts: Mapping[str, Any] | None = None) -> None:
        """``parts``: parts of the preparation made elsewhere (``prepare_part``'s results by
        name, e.g. mapped from another worker's shared memory); the rest is made here."""
        made = dict(parts or {})

        def part(name: str) -> Any:
            return made[name] if name in made else prepare_part(job, name)

        self.job = job
        self.size = (job.width, job.height)
        if "start" in made or "start+" in made:
            # Made as two shares (``parts_of``): joined here.
            head: _Track = part("start")
            self.start = head.joined(part("start+") if "start+" in parts_of(job) else None)
        else:
            self.start = _Track(job.start, job)
        self.end: _Track | None = part("end") if job.end is not None else None
        effects: tuple[SparseWeather | None, Vignette | None] = (
            part("effects") if "effects" in parts_of(job) else (None, None)
        )
        self.weather, self._vignette = effects
        self._local = threading.local()  # the far world of a crossfade, drawn per thread

    def fraction(self, index: int) -> float:
        """How far through the camera's move frame ``index`` is (0..1)."""
        job = self.job
        t = index / max(1, job.frames - 1)
        if job.pacing:
            t = t ** (2.0 ** job.pacing)  # same first and last frame, another pace between
        return float(t)

    def frame_into(self, frame: NDArray[np.uint8], index: int) -> None:
        """Draw frame ``index`` into ``frame``: an ``(height, width, 4)`` uint8 array (RGB and
        a byte nobody reads), written in place."""
        job = self.job
        t = self.fraction(index)
        mix = 0.0
        if self.end is not None:
            a, b = job.fade
            mix = min(1.0, max(0.0, (t - a) / max(1e-6, b - a)))
            mix = mix * mix * (3 - 2 * mix)
        image = frame_image(frame)
        (self.end if mix >= 1.0 and self.end is not None else self.start).draw(image, t)
        del image
        if self.end is not None and 0.0 < mix < 1.0:
            other = getattr(self._local, "other", None)
            if other is None:
                other = self._local.other = np.zeros_like(frame)
            far = frame_image(other)
            self.end.draw(far, t)
            del far
            crossfade(frame, other, mix)
        if self.weather is not None:
            self.weather.apply(frame, index)
        if job.life:
            # A slow breath of light, as if clouds passed over the sun.
            seconds = index / job.fps
            image = frame_image(frame)
            breathe(image, 1.0 + 0.018 * math.sin(2 * math.pi * seconds / 4.5))
            del image
        if self._vignette is not None:
            self._vignette.apply(frame)

    def frame(self, index: int) -> Image.Image:
        """Frame ``index`` as an RGB image (a copy; the renderer itself writes in place)."""
        w, h = self.size
        out = np.zeros((h, w, PIXEL_BYTES), np.uint8)
        self.frame_into(out, index)
        return Image.fromarray(np.ascontiguousarray(out[..., :3]))


_CACHE: OrderedDict[str, ClipRenderer] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def renderer_for(job: ClipJob, shared: Sequence[SharedPart] = (),
                 live: Collection[str] | None = None) -> ClipRenderer:
    """The prepared renderer of ``job`` (built once per worker, two clips kept), over the
    parts another worker prepared and ``shared`` (``sharing``) where given.

    ``live``: the keys of the clips still being rendered, where the caller knows them; the
    renderers of the others are forgotten. Only the worker that draws a clip's last frames
    knows from the frames that the clip is over; the others kept its planes (their mapped
    pages and arrays, tens of megabytes) until two later clips pushed them out.
    """
    key = job.key or repr(job)
    with _CACHE_LOCK:
        if live is not None:
            for old in [k for k in _CACHE if k != key and k not in live]:
                del _CACHE[old]
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
        # Parts another worker prepared (``sharing.SharedPart``), mapped; the rest made here.
        renderer = ClipRenderer(job, {part.name: part.load() for part in shared})
        _CACHE[key] = renderer
        while len(_CACHE) > 2:
            _CACHE.popitem(last=False)
        return renderer


def render_frames(job: ClipJob, start: int, count: int) -> bytes:
    """Raw RGB24 bytes of frames ``start`` .. ``start + count - 1`` of ``job``."""
    renderer = renderer_for(job)
    w, h = renderer.size
    scratch = np.zeros((h, w, PIXEL_BYTES), np.uint8)
    out = bytearray()
    for index in range(start, min(job.frames, start + count)):
        renderer.frame_into(scratch, index)
        out += scratch[..., :3].tobytes()
    return bytes(out)


def render_into(
    job: ClipJob, start: int, count: int, target: str, identity: tuple[int, int], offset: int,
    shared: Sequence[SharedPart] = (), live: Collection[str] | None = None,
) -> int:
    """Draw frames ``start`` .. ``start + count - 1`` of ``job`` straight into the file at
    ``target`` from byte ``offset``, as ``frameops.FFMPEG_PIX_FMT`` (``frame_bytes`` each);
    returns how many frames were drawn.

    The file is mapped, so each frame is composed where ffmpeg will read it. ``identity`` is
    the file's ``(st_dev, st_ino)``: ``target`` may be a ``/proc/PID/fd/N`` path, and a
    descriptor number can be reused by another file once its owner has closed it, so a late
    render of a cancelled clip must not write into whatever holds the number. ``shared``: the
    clip's preparation, made once for all workers (``sharing.prepare_shared``); ``live``: see
    ``renderer_for``.
    """
    renderer = renderer_for(job, shared, live)
    size = frame_bytes(job.width, job.height)
    count = max(0, min(job.frames, start + count) - start)
    fd = os.open(target, os.O_RDWR | CLOEXEC | BINARY)
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != identity:
            raise FileNotFoundError(f"the frame buffer {target} is gone")
        if count == 0:
            return 0
        base = offset - offset % mmap.ALLOCATIONGRANULARITY
        mapped = map_file(fd, offset - base + count * size, base)
        try:
            frames = np.frombuffer(mapped, np.uint8, count * size, offset - base)
            for k in range(count):
                view = frames[k * size:(k + 1) * size].reshape(job.height, job.width, PIXEL_BYTES)
                renderer.frame_into(view, start + k)
            del frames, view
        finally:
            # An exception's traceback may still hold a view of the map: then the map is
            # closed when the last view goes.
            with contextlib.suppress(BufferError):
                mapped.close()
    finally:
        os.close(fd)
    if start + count >= job.frames:
        release(job)  # the clip's last frames: its planes are no longer needed here
    return count


def release(job: ClipJob) -> None:
    """Forget a finished clip's prepared planes in this worker."""
    with _CACHE_LOCK:
        _CACHE.pop(job.key or repr(job), None)
