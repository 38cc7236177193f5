"""A place's own planes, painted once per project and lit per scene; its pictures are cut from them.

A scene recipe paints the place (its sky, clouds, far ranges and skylines, the ground and the
water) from the place alone and the light: ``settings.build_world`` counts those painters on
each plane (``LayerPlan.place_count``); what stands in the place (subjects, props, the cast)
is painted after them per picture. The environment's ten pictures and the keyframes of every
scene set there used to paint the place again each time: about a fifth of painting.

Here the place painters of each plane are run once, on a *sheet*: the plane painted over the
whole reach of the project's wider shots (``sheet_rect``) at one pixel density, the wide
shot's (``DENSITY`` frame heights per unit). A picture whose plane fits the sheet (inside its
reach, at no more than its density) takes a canvas cut from the sheet on the sheet's own pixel
grid (a crop, no resampling) and paints only its own subjects over it; the clip renderer and
the compositor scale planes to the frame as they always have. A closer shot (a medium shot, a
close-up, a push-in's nearest plane) paints the planes where things stand itself, sharper, and
its sky (stars and a moon stay points and a crisp disc), and takes its clouds and far plane
enlarged from the sheet.

A scene in another light (its own hour, weather or lighting words) is the same place lit
otherwise: its sky and clouds (the light itself) get sheets of their own, and its ground, water
and buildings are the first light's sheets lit for it by a colour map measured on the painter
(``relight``) where that map reproduces its own painting faithfully; where the light changes
what is drawn (lit windows, a wet street, the sea's reflection of another sky) those planes
are painted in its light. A ledger per place (``<geometry id>-<frame height>.json``) records
each light and which of its planes are lit from which sheet.

A sheet is keyed by everything its painters read (``plane_key``): the place's identity and
light (``World.place_id``: the place's seed, kind and geometry, the aspect and the palette),
the plane, its drift and the frame height, with the versions.

Sheets live in a scratch folder of the provider's (beside the stack cache) as ``.npy`` files of
the canvas's premultiplied RGBA, written through a temporary file and a rename, read through a
memory map (only the rows a picture needs are touched). The first picture of a place in a light
paints itself and only notes the place in the ledger (a lone picture, such as a keyframe
regenerated with a new seed, which is a new place, would pay for sheets nothing reads); the
second settles the sheets under the place's lock; a picture that finds the lock held (the
other pool worker is painting them) paints its planes itself instead of waiting. A missing,
pruned or unreadable sheet, or one of the wrong size, is painted again or, failing that, the
picture paints its planes as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from vidstudio.atomic import atomic_output
from vidstudio.osdeps import try_lock
from vidstudio.providers.local.paint import relight
from vidstudio.providers.local.paint.canvas import Canvas
from vidstudio.providers.local.paint.stackcache import newest_first
from vidstudio.providers.local.paint.world import (
    LAYER_ORDER,
    LAYERS_VERSION,
    MAX_DRIFT_SECONDS,
    blank_canvas,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from vidstudio.providers.local.paint.world import LayerPlan, World

log = logging.getLogger(__name__)

# Raise when what a sheet holds changes (a painter of the place, the reach, the density).
SHEETS_VERSION = 1
# The wide shot's pixel density, in frame heights per world unit: a wide shot's zoom (1.04)
# with a held shot's breathing (``camera.LIFE_ZOOM_MAX``, 3 %).
DENSITY = 1.04 * 1.03
# How far (world units) a sheet reaches beyond the base frame, sideways and above/below: the
# wide shots' framings (their pans and the environment pictures' variants) and the camera
# moves of a wide shot (a pan, a crane, a truck of the nearest plane) stay inside it.
REACH_X = 0.3
REACH_Y = (-0.3, 1.25)
# Bytes of sheets kept in the folder, the newest first: a place in one light is about 45 MB at
# 720p (five planes of some 2.3 Mpx) and 100 MB at 1080p, so this holds a film's places.
MAX_BYTES = 400 * 1024 * 1024
_SUFFIX = ".npy"
# The planes a closer shot takes enlarged from the sheet: the soft clouds and the distance.
ENLARGED = ("clouds", "far")

Rect = tuple[float, float, float, float]


def sheet_rect(aspect: float, drift: float) -> Rect:
    """The world rectangle a plane's sheet covers (a drifting plane reaches further)."""
    reach = REACH_X + abs(drift) * MAX_DRIFT_SECONDS
    return (-reach, REACH_Y[0], aspect + reach, REACH_Y[1])


def plane_key(world: World, name: str, plan: LayerPlan, frame_height: int) -> str:
    """The key of one plane's sheet: everything its painters are painted from."""
    return _key(world.place_id, name, plan.drift, frame_height, world.aspect)


def _key(place_id: str, name: str, drift: float, frame_height: int, aspect: float) -> str:
    text = "\x1f".join((
        f"sheets={SHEETS_VERSION}", f"layers={LAYERS_VERSION}", place_id, name,
        repr(float(drift)), str(int(frame_height)), repr(float(aspect)),
    ))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _grid_cut(sheet: Rect, ppu: float, size: tuple[int, int], rect: Rect
              ) -> tuple[int, int, int, int] | None:
    """The sheet's pixel box (left, top, right, bottom) covering ``rect``, or None when
    ``rect`` reaches outside the sheet."""
    eps = 1e-6
    left = math.floor((rect[0] - sheet[0]) * ppu + eps)
    top = math.floor((rect[1] - sheet[1]) * ppu + eps)
    right = math.ceil((rect[2] - sheet[0]) * ppu - eps)
    bottom = math.ceil((rect[3] - sheet[1]) * ppu - eps)
    if left < 0 or top < 0 or right > size[0] or bottom > size[1] or right <= left \
            or bottom <= top:
        return None
    return left, top, right, bottom


def _valid(relit: object, world: World) -> dict[str, dict[str, Any]]:
    """The well-formed entries of a ledger's ``relight`` record for ``world`` (a damaged
    ledger lights nothing: those planes are painted)."""
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(relit, dict):
        return out
    for name, lit in relit.items():
        if name not in relight.RELIT_PLANES or name not in world.layers \
                or not isinstance(lit, dict) or not isinstance(lit.get("from"), str):
            continue
        try:
            matrix = np.asarray(lit.get("map"), dtype=np.float64)
        except (TypeError, ValueError):
            continue
        if matrix.shape == (4, 3) and np.isfinite(matrix).all():
            out[name] = {"from": lit["from"], "map": matrix.tolist()}
    return out


class PlaceSheets:
    """Sheets of places' planes in ``folder`` (made on the first store).

    Beside the sheets, a ledger per place (``<geometry id>-<frame height>.json``) lists the
    lights the place has been seen in: for each, its ``place_id`` and which of its planes are
    lit from another light's sheet (``relight``), with the colour map. ``cut``, ``relit`` and
    ``painted`` count the planes handed out, those of them lit from another light's sheet,
    and the sheets painted, by this object (the caller reports them).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.cut = 0
        self.relit = 0
        self.painted = 0

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def prepare(self, world: World, frame_height: int) -> bool:
        """Ready the sheets of ``world``'s place in its light for one picture of it: True when
        its planes may be cut from them (``canvas_for``).

        The first picture of a place in a light paints its planes itself, as before, and
        only notes the place in the ledger: a lone picture (a keyframe regenerated with a new
        seed is a new place) would pay for sheets nothing else reads. The second one settles
        the sheets (``_settle``), and it and every later one are cut from them.
        """
        if not world.place_id or not any(plan.place_count for plan in world.layers.values()):
            return False
        entry = self._entry(world, frame_height)
        if entry is not None and entry.get("sheets"):
            return True
        return self._settle(world, frame_height)

    def canvas_for(self, world: World, name: str, plan: LayerPlan, rect: Rect, ppu: float,
                   frame_height: int) -> Canvas | None:
        """A canvas covering at least ``rect`` with the place painters of ``plan`` already
        painted on it (cut from the plane's sheet), or None: the caller paints the plane.

        The canvas is on the sheet's pixel grid at the sheet's density (at least ``ppu``),
        or, for the clouds and the far plane of a closer shot, the sheet enlarged to ``rect``
        at ``ppu``.
        """
        if plan.place_count <= 0:
            return None
        sheet_ppu = frame_height * DENSITY
        closer = ppu > sheet_ppu * (1 + 1e-9)
        if closer and name not in ENLARGED:
            # Where things stand a closer shot paints the place sharper itself, and its sky:
            # the stars, the moon and the sun's disc stay points and a crisp disc in any shot.
            return None
        sheet = sheet_rect(world.aspect, plan.drift)
        size = Canvas.size_for(sheet, sheet_ppu)
        box = _grid_cut(sheet, sheet_ppu, size, rect)
        if box is None:
            return None
        found = self._sheet(world, name, plan, frame_height, size)
        if found is None:
            return None
        pixels, matrix = found
        left, top, right, bottom = box
        if closer:
            # The distance in a closer shot: the sheet enlarged to the shot's density (soft, as
            # a lens focused on the subject leaves it), premultiplied as the canvas keeps it.
            left, top = max(0, left - 2), max(0, top - 2)
            right, bottom = min(size[0], right + 2), min(size[1], bottom + 2)
        cut = np.ascontiguousarray(pixels[top:bottom, left:right])
        del pixels  # the map is closed with its last view
        if matrix is not None:
            cut = relight.apply(cut, matrix)
            self.relit += 1
        crop = Image.fromarray(cut)
        origin = (sheet[0] + left / sheet_ppu, sheet[1] + top / sheet_ppu)
        self.cut += 1
        if not closer:
            return Canvas.over(origin, sheet_ppu, crop)
        w, h = Canvas.size_for(rect, ppu)  # the size a painted canvas of ``rect`` would have
        src = ((rect[0] - origin[0]) * sheet_ppu, (rect[1] - origin[1]) * sheet_ppu,
               (rect[0] - origin[0]) * sheet_ppu + w * sheet_ppu / ppu,
               (rect[1] - origin[1]) * sheet_ppu + h * sheet_ppu / ppu)
        enlarged = crop.resize((w, h), Image.Resampling.BICUBIC, box=src)
        return Canvas.over((rect[0], rect[1]), ppu, enlarged)

    def _sheet(self, world: World, name: str, plan: LayerPlan, frame_height: int,
               size: tuple[int, int]
               ) -> tuple[NDArray[np.uint8], NDArray[np.float64] | None] | None:
        """The plane's sheet in this light, or another light's with the map that lights it
        for this one; a sheet gone since (pruned, broken) is painted again once. None: not to
        be had now (the caller paints the plane)."""
        for attempt in range(2):
            entry = self._entry(world, frame_height)
            if entry is None or not entry.get("sheets"):
                return None
            lit = _valid(entry.get("relight"), world).get(name)
            if lit is None:
                pixels = self._read(plane_key(world, name, plan, frame_height), size)
            else:
                key = _key(str(lit["from"]), name, plan.drift, frame_height, world.aspect)
                pixels = self._read(key, size)
            if pixels is not None:
                return pixels, (None if lit is None else np.asarray(lit["map"], np.float64))
            if attempt or not self._settle(world, frame_height):
                return None
        return None

    def _ledger_path(self, world: World, frame_height: int) -> Path:
        return self.folder / f"{world.geometry_id}-{int(frame_height)}.json"

    def _ledger(self, world: World, frame_height: int) -> list[dict[str, Any]]:
        try:
            data = json.loads(self._ledger_path(world, frame_height).read_text("utf-8"))
        except (OSError, ValueError):
            return []
        return [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []

    def _entry(self, world: World, frame_height: int) -> dict[str, Any] | None:
        return next((e for e in self._ledger(world, frame_height)
                     if e.get("place") == world.place_id), None)

    def _settle(self, world: World, frame_height: int) -> bool:
        """Under the place's lock: note the place's first picture in ``world``'s light, or at
        the second give the place its sheets in that light (the planes another light's sheets
        light faithfully are lit from them, the others painted; a sheet gone since is painted
        again). True when the sheets are there to cut; False at a first sighting, when
        another process holds the lock (it is painting them) or when they cannot be
        written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = try_lock(self.folder / f"{world.geometry_id}-{int(frame_height)}.lock")
        except OSError as exc:
            log.warning("could not keep the place's painted planes: %s", exc)
            return False
        if lock is None:
            return False
        try:
            ledger = self._ledger(world, frame_height)
            entry = next((e for e in ledger if e.get("place") == world.place_id), None)
            if entry is None:
                # The first picture of the place in this light: noted, painted as before.
                ledger.append({"place": world.place_id, "light": list(world.light),
                               "sheets": False, "relight": {}})
                self._write_ledger(world, frame_height, ledger)
                return False
            lit = (_valid(entry.get("relight"), world) if entry.get("sheets")
                   else self._relight(world, ledger, frame_height))
            sheet_ppu = frame_height * DENSITY
            mine: set[Path] = set()
            for name in LAYER_ORDER:
                plan = world.layers.get(name)
                if plan is None or plan.place_count <= 0 or name in lit:
                    continue
                key = plane_key(world, name, plan, frame_height)
                sheet = sheet_rect(world.aspect, plan.drift)
                if self._read(key, Canvas.size_for(sheet, sheet_ppu)) is not None:
                    mine.add(self.path(key))
                    continue  # painted by the lock's last holder
                canvas = blank_canvas(world, name, sheet, sheet_ppu)
                for painter in plan.painters[:plan.place_count]:
                    painter(canvas)
                # A scratch cache: renamed into place whole, not made durable.
                with atomic_output(self.path(key), sync_dir=False) as tmp, open(tmp, "wb") as f:
                    np.save(f, np.asarray(canvas.img), allow_pickle=False)
                self.painted += 1
                mine.add(self.path(key))
            if not entry.get("sheets"):
                entry.update(sheets=True, relight=lit)
                self._write_ledger(world, frame_height, ledger)
            # The sheets this light is lit from stay too.
            mine |= {self.path(_key(str(v["from"]), n, world.layers[n].drift, frame_height,
                                    world.aspect)) for n, v in lit.items()}
            self._prune(mine)
        except OSError as exc:
            log.warning("could not keep the place's painted planes: %s", exc)
            return False
        finally:
            lock.release()
        return True

    def _write_ledger(self, world: World, frame_height: int,
                      ledger: list[dict[str, Any]]) -> None:
        with atomic_output(self._ledger_path(world, frame_height), sync_dir=False) as tmp:
            tmp.write_text(json.dumps(ledger), "utf-8")

    def _relight(self, world: World, ledger: list[dict[str, Any]], frame_height: int
                 ) -> dict[str, dict[str, Any]]:
        """Which planes of ``world`` the first light the place was painted in lights
        faithfully (see ``relight``), each with the map and the light it is lit from."""
        base = next((e for e in ledger if e.get("sheets") and not e.get("relight")), None)
        if base is None or world.relit is None:
            return {}
        try:
            other = world.relit(tuple(str(part) for part in base["light"]))
        except (KeyError, TypeError, ValueError, IndexError):
            return {}  # a damaged ledger: this light's planes are painted
        if other.geometry_id != world.geometry_id or other.place_id != base["place"]:
            return {}
        ppu = frame_height * DENSITY * relight.PROBE
        out: dict[str, dict[str, Any]] = {}
        for name in relight.RELIT_PLANES:
            mine, theirs = world.layers.get(name), other.layers.get(name)
            if mine is None or theirs is None or not mine.place_count \
                    or mine.drift != theirs.drift:
                continue
            rect = sheet_rect(world.aspect, mine.drift)
            matrix = relight.fit(relight.probe(other, name, rect, ppu),
                                 relight.probe(world, name, rect, ppu))
            if matrix is not None:
                out[name] = {"from": base["place"], "map": matrix.tolist()}
        return out

    def _read(self, key: str, size: tuple[int, int]) -> NDArray[np.uint8] | None:
        try:
            pixels: NDArray[np.uint8] = np.load(self.path(key), mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError):
            return None
        if pixels.dtype != np.uint8 or pixels.shape != (size[1], size[0], 4):
            return None
        return pixels

    def _prune(self, keep: set[Path]) -> None:
        """Remove the oldest sheets beyond ``MAX_BYTES``, never those in ``keep`` (the place
        being settled). A reader that mapped one keeps it; one that had not yet is told of a
        miss and paints."""
        kept = 0
        for _mtime, size, path in newest_first(self.folder, _SUFFIX):
            kept += size
            if kept > MAX_BYTES and path not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
