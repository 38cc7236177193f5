"""Camera poses over a layered world, the framing of each shot type and each camera move.

A ``Pose`` moves every layer according to its parallax factor ``p`` (0 = at infinity, like the
sky; 1 = the nearest layer):

* ``zoom`` and ``pan_*`` (a lens zoom and a camera rotation) move all layers alike;
* ``truck_*`` (the camera travels sideways or up) moves a layer by ``p`` times as much;
* ``dolly`` (the camera travels forward) enlarges a layer by ``1 + dolly * p``;
* ``orbit`` shifts near and far layers in opposite directions around the subject's depth.

The view of a layer is a world rectangle of the frame's aspect centred on ``layer_view``'s
centre, ``1/scale`` units high. Interpolating two poses keeps every intermediate view inside the
union of the two end views (centres move linearly, half-sizes shrink convexly), which is what
lets a keyframe's layer stack cover the whole move.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

from vidstudio.core.vocabulary import CameraMove, ShotType

ORBIT_PIVOT = 0.45
_WORLD_X_MARGIN = 0.9  # how far (units) beyond the base frame the world is painted sideways
_WORLD_Y_RANGE = (-0.7, 1.6)


@dataclass(frozen=True)
class Pose:
    """Where the camera looks; see the module docstring for what each field does to a layer."""

    zoom: float = 1.0
    pan_x: float = 0.0
    pan_y: float = 0.0
    truck_x: float = 0.0
    truck_y: float = 0.0
    dolly: float = 0.0
    orbit: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {k: round(float(v), 6) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pose:
        known = {k: float(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def layer_view(pose: Pose, parallax: float, aspect: float) -> tuple[float, float, float]:
    """Centre (x, y) and scale of the view of a layer with this parallax factor."""
    scale = pose.zoom * (1.0 + pose.dolly * parallax) * (1.0 + 0.08 * abs(pose.orbit) * parallax)
    cx = aspect / 2 + pose.pan_x + pose.truck_x * parallax + pose.orbit * (parallax - ORBIT_PIVOT)
    cy = 0.5 + pose.pan_y + pose.truck_y * parallax
    return cx, cy, scale


def view_rect(pose: Pose, parallax: float, aspect: float) -> tuple[float, float, float, float]:
    """The world rectangle a layer shows in the frame at ``pose``."""
    cx, cy, s = layer_view(pose, parallax, aspect)
    hw, hh = aspect / (2 * s), 0.5 / s
    return (cx - hw, cy - hh, cx + hw, cy + hh)


def union_rect(
    poses: list[Pose], parallax: float, aspect: float, margin: float = 0.02
) -> tuple[float, float, float, float]:
    """Smallest rectangle holding this layer's views at all ``poses``, plus ``margin`` units."""
    rects = [view_rect(p, parallax, aspect) for p in poses]
    return (
        min(r[0] for r in rects) - margin,
        min(r[1] for r in rects) - margin,
        max(r[2] for r in rects) + margin,
        max(r[3] for r in rects) + margin,
    )


def max_scale(poses: list[Pose], parallax: float, aspect: float) -> float:
    return max(layer_view(p, parallax, aspect)[2] for p in poses)


def ease(t: float) -> float:
    """Camera easing: mostly a cosine ease-in-out with a little constant speed kept."""
    t = min(1.0, max(0.0, t))
    return 0.3 * t + 0.7 * (0.5 - 0.5 * math.cos(math.pi * t))


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction ``t`` of the way from ``a`` to ``b`` (eased; zoom geometric)."""
    e = ease(t)

    def lin(u: float, v: float) -> float:
        return u + (v - u) * e

    zoom = a.zoom * (b.zoom / a.zoom) ** e if a.zoom > 0 and b.zoom > 0 else lin(a.zoom, b.zoom)
    return Pose(
        zoom=zoom,
        pan_x=lin(a.pan_x, b.pan_x),
        pan_y=lin(a.pan_y, b.pan_y),
        truck_x=lin(a.truck_x, b.truck_x),
        truck_y=lin(a.truck_y, b.truck_y),
        dolly=lin(a.dolly, b.dolly),
        orbit=lin(a.orbit, b.orbit),
    )


_SHOT_ZOOM = {
    ShotType.EXTREME_WIDE: 1.0,
    ShotType.WIDE: 1.04,
    ShotType.MEDIUM: 1.45,
    ShotType.CLOSE_UP: 2.1,
    ShotType.EXTREME_CLOSE_UP: 2.9,
    ShotType.OVER_THE_SHOULDER: 1.35,
    ShotType.AERIAL: 1.0,
}


def shot_pose(shot: ShotType, focus: tuple[float, float], aspect: float, side: float) -> Pose:
    """The base framing of a shot: zoomed toward ``focus`` with the subject on a third line.

    ``side`` (-1 or 1) picks the left or right third; the view is kept inside the painted world.
    """
    zoom = _SHOT_ZOOM.get(shot, 1.0)
    if shot is ShotType.AERIAL:
        # Looking down from above: the horizon rides high and the ground fills the frame.
        return Pose(zoom=1.0, pan_y=0.16)
    if zoom <= 1.05:
        return Pose(zoom=zoom, pan_x=(focus[0] - aspect / 2) * 0.12)
    # Put the subject on a third line of the frame: frame offset from the centre, in units.
    target_dx = side * aspect / 6
    target_dy = -0.04
    fx = focus[0] - target_dx / zoom
    fy = focus[1] - target_dy / zoom - 0.06
    return clamp_pose(Pose(zoom=zoom, pan_x=fx - aspect / 2, pan_y=fy - 0.5), aspect)


def clamp_pose(pose: Pose, aspect: float) -> Pose:
    """Keep the unit-parallax view inside the painted world (the extremes are nearest layers)."""
    hw, hh = aspect / (2 * pose.zoom), 0.5 / pose.zoom
    lo_x, hi_x = -_WORLD_X_MARGIN + hw, aspect + _WORLD_X_MARGIN - hw
    lo_y, hi_y = _WORLD_Y_RANGE[0] + hh, _WORLD_Y_RANGE[1] - hh
    cx = min(hi_x, max(lo_x, aspect / 2 + pose.pan_x))
    cy = min(hi_y, max(lo_y, 0.5 + pose.pan_y))
    return replace(pose, pan_x=cx - aspect / 2, pan_y=cy - 0.5)


def move_poses(
    base: Pose, move: CameraMove, focus: tuple[float, float], aspect: float
) -> tuple[Pose, Pose]:
    """First and last pose of a shot framed at ``base`` with camera ``move``.

    Amplitudes shrink with the zoom so a close-up moves as much *on screen* as a wide shot.
    """
    z = base.zoom
    pan = 0.16 / z
    truck = 0.2 / z
    rise = 0.12 / z
    # Point the move toward the subject: a push or zoom also drifts the centre toward it.
    cx, cy = aspect / 2 + base.pan_x, 0.5 + base.pan_y
    to_focus = ((focus[0] - cx) * 0.35, (focus[1] - cy) * 0.35)
    first, last = base, base
    if move is CameraMove.PUSH_IN:
        last = replace(
            base, dolly=0.45, pan_x=base.pan_x + to_focus[0], pan_y=base.pan_y + to_focus[1]
        )
    elif move is CameraMove.PULL_OUT:
        first = replace(
            base, dolly=0.45, pan_x=base.pan_x + to_focus[0], pan_y=base.pan_y + to_focus[1]
        )
    elif move is CameraMove.ZOOM_IN:
        last = _zoom_about(base, 1.35, focus, aspect)
    elif move is CameraMove.ZOOM_OUT:
        first = _zoom_about(base, 1.35, focus, aspect)
    elif move is CameraMove.PAN_LEFT:
        first, last = replace(base, pan_x=base.pan_x + pan), replace(base, pan_x=base.pan_x - pan)
    elif move is CameraMove.PAN_RIGHT:
        first, last = replace(base, pan_x=base.pan_x - pan), replace(base, pan_x=base.pan_x + pan)
    elif move is CameraMove.MOVE_LEFT:
        first, last = replace(base, truck_x=truck), replace(base, truck_x=-truck)
    elif move is CameraMove.MOVE_RIGHT:
        first, last = replace(base, truck_x=-truck), replace(base, truck_x=truck)
    elif move is CameraMove.MOVE_UP:
        first, last = replace(base, truck_y=rise), replace(base, truck_y=-rise)
    elif move is CameraMove.MOVE_DOWN:
        first, last = replace(base, truck_y=-rise), replace(base, truck_y=rise)
    elif move is CameraMove.CRANE_UP:
        first = replace(base, truck_y=0.14 / z, pan_y=base.pan_y + 0.02 / z)
        last = replace(base, truck_y=-0.2 / z, pan_y=base.pan_y - 0.05 / z)
    elif move is CameraMove.CRANE_DOWN:
        first = replace(base, truck_y=-0.2 / z, pan_y=base.pan_y - 0.05 / z)
        last = replace(base, truck_y=0.14 / z, pan_y=base.pan_y + 0.02 / z)
    elif move is CameraMove.ORBIT_LEFT:
        first, last = replace(base, orbit=0.28 / z), replace(base, orbit=-0.28 / z)
    elif move is CameraMove.ORBIT_RIGHT:
        first, last = replace(base, orbit=-0.28 / z), replace(base, orbit=0.28 / z)
    return first, last


def _zoom_about(base: Pose, factor: float, focus: tuple[float, float], aspect: float) -> Pose:
    """``base`` zoomed by ``factor`` keeping ``focus`` at the same place in the frame."""
    cx, cy = aspect / 2 + base.pan_x, 0.5 + base.pan_y
    ncx = focus[0] + (cx - focus[0]) / factor
    ncy = focus[1] + (cy - focus[1]) / factor
    return replace(base, zoom=base.zoom * factor, pan_x=ncx - aspect / 2, pan_y=ncy - 0.5)


LIFE_ZOOM_PER_SECOND = 0.0035
LIFE_ZOOM_MAX = 0.03


def life_pose(pose: Pose, aspect: float, seconds: float = 1e9) -> Pose:
    """Where a Static shot drifts to in ``seconds``, so a held frame still breathes.

    A slow lens zoom and pan (no parallax): every layer moves alike, so the clip renderer can
    compose a held shot from very few planes. The drift is capped, so a keyframe's layers
    (painted for the capped drift) cover any clip length.
    """
    grow = min(LIFE_ZOOM_MAX, LIFE_ZOOM_PER_SECOND * seconds)
    zoom = pose.zoom * (1.0 + grow)
    return clamp_pose(replace(pose, zoom=zoom, pan_x=pose.pan_x + 0.4 * grow / zoom), aspect)
