"""The painter's entry points: an environment picture, or a shot's keyframe with its layers.

Both are pure functions of plain arguments (no event loop, no provider types beyond the request
values), safe to run in a worker process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from vidstudio.core.vocabulary import CameraMove, ShotType
from vidstudio.providers.local.paint import grade
from vidstudio.providers.local.paint.camera import (
    Pose,
    clamp_pose,
    move_poses,
    shot_pose,
    view_rect,
)
from vidstudio.providers.local.paint.compose import compose, finish, vignette_rgb
from vidstudio.providers.local.paint.settings import build_world
from vidstudio.providers.local.paint.stackcache import stack_key
from vidstudio.providers.local.paint.subjects import subject_text
from vidstudio.providers.local.paint.world import (
    PARALLAX,
    Layer,
    World,
    render_layers,
    save_layers,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from PIL import Image

    from vidstudio.providers.base import CastInShot, EnvironmentSpec
    from vidstudio.providers.local.paint.placeplanes import PlaceSheets
    from vidstudio.providers.local.paint.stackcache import StackCache

# Framing of the ten environment pictures: wide establishing shots, details, other angles.
_VARIANT_SHOTS: tuple[ShotType, ...] = (
    ShotType.WIDE,
    ShotType.EXTREME_WIDE,
    ShotType.MEDIUM,
    ShotType.WIDE,
    ShotType.CLOSE_UP,
    ShotType.AERIAL,
    ShotType.WIDE,
    ShotType.MEDIUM,
    ShotType.EXTREME_WIDE,
    ShotType.OVER_THE_SHOULDER,
)
# ... and how far (world units, at zoom 1) each looks aside from its shot's framing.
_VARIANT_PANS = (-0.08, -0.12, 0.04, 0.08, 0.02, 0.0, 0.0, -0.06, 0.12, -0.04)
_PROMPT_SHOTS: tuple[tuple[str, ShotType], ...] = (
    (r"\bextreme close", ShotType.EXTREME_CLOSE_UP),
    (r"\bclose[- ]?up\b|\bdetail\b|\bmacro\b", ShotType.CLOSE_UP),
    (r"\baerial\b|\bbird'?s[- ]eye\b|\bfrom above\b|\bdrone\b", ShotType.AERIAL),
    (r"\bmedium\b|\bmid[- ]shot\b", ShotType.MEDIUM),
    (r"\bextreme wide\b|\bpanoram", ShotType.EXTREME_WIDE),
    (r"\bover the shoulder\b", ShotType.OVER_THE_SHOULDER),
    (r"\bwide\b|\bestablishing\b", ShotType.WIDE),
)


@dataclass
class Painting:
    """A finished picture and, for keyframes, what the clip renderer needs."""

    image: Image.Image
    world: World
    pose: Pose
    layers: list[Layer] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # A keyframe's stack key (see ``stackcache``), and whether its stack was read from there.
    stack_key: str | None = None
    stack_reused: bool = False
    # How many of its planes were cut from the place's sheets (see ``placeplanes``).
    planes_cut: int = 0


def shot_from_prompt(prompt: str) -> ShotType | None:
    text = prompt.lower()
    for pattern, shot in _PROMPT_SHOTS:
        if re.search(pattern, text):
            return shot
    return None


def keyframe_poses(world: World, shot: ShotType, camera: CameraMove) -> tuple[Pose, Pose]:
    """First and last pose of a shot in ``world``."""
    base = shot_pose(shot, world.focus, world.aspect, world.side)
    first, last = move_poses(base, camera, world.focus, world.aspect)
    if world.archetype not in _NO_HORIZON:
        first, last = _keep_horizon(first, world.horizon), _keep_horizon(last, world.horizon)
    return clamp_pose(first, world.aspect), clamp_pose(last, world.aspect)


# Places without an outdoor horizon to keep in frame.
_NO_HORIZON = frozenset({"interior", "workshop", "space"})


def _keep_horizon(pose: Pose, horizon: float) -> Pose:
    """The pose moved up or down so the horizon (and the ground or sea below it) stays in frame:
    no shot of only sky where the sea was asked for, nor only of ground."""
    half = 0.5 / pose.zoom
    centre = 0.5 + pose.pan_y
    if horizon > centre + 0.6 * half:  # the horizon would sit in the bottom fifth or below
        centre = horizon - 0.6 * half
    elif horizon < centre - 0.7 * half:  # only ground below a sliver of sky
        centre = horizon + 0.7 * half
    return replace(pose, pan_y=centre - 0.5)


def _graded(
    layers: list[Layer], world: World, pose: Pose, style: dict[str, Any] | None, strength: float
) -> list[Layer]:
    """The layers with the style profile's grade applied (measured on a small preview)."""
    if not style:
        return layers
    preview = compose(layers, pose, world.aspect, (160, max(2, round(160 / world.aspect))))
    lut = grade.grade_lut(grade.colour_stats([preview]), style, strength)
    return [
        Layer(
            layer.name,
            layer.parallax,
            layer.rect,
            layer.ppu,
            grade.apply_lut_rgba(layer.rgba, lut),
            layer.drift,
            layer.animated,
        )
        for layer in layers
    ]


def paint_environment(
    env: EnvironmentSpec,
    *,
    size: tuple[int, int],
    seed: int,
    variant: int,
    prompt: str = "",
    style: dict[str, Any] | None = None,
    style_strength: float = 0.6,
    sheets: PlaceSheets | None = None,
) -> Painting:
    """One of the environment's pictures: the same place, framed per ``variant`` and prompt.

    With ``sheets``, the place's planes are cut from the sheets there (painted once, from the
    place's second picture on) where the framing allows (see ``placeplanes``).
    """
    w, h = size
    aspect = w / h
    world = build_world(env, seed, variant, aspect, extra_text=prompt)
    shot = shot_from_prompt(prompt) or _VARIANT_SHOTS[variant % len(_VARIANT_SHOTS)]
    pose = shot_pose(shot, world.focus, aspect, world.side)
    # Variants also look a little left or right of the subject: the place is the same in all
    # ten (its horizon, side and planes), so two of one shot type look from apart.
    pose = clamp_pose(
        Pose(
            pose.zoom,
            pose.pan_x + _VARIANT_PANS[variant % len(_VARIANT_PANS)] / pose.zoom,
            pose.pan_y,
            pose.truck_x,
            pose.truck_y,
        ),
        aspect,
    )
    cut_before = sheets.cut if sheets is not None else 0
    layers = render_layers(world, [pose], h, sheets=sheets)
    layers = _graded(layers, world, pose, style, style_strength)
    image = finish(compose(layers, pose, aspect, size), vignette_rgb(size))
    cut = sheets.cut - cut_before if sheets is not None else 0
    return Painting(image, world, pose, layers, planes_cut=cut)


def paint_keyframe(
    env: EnvironmentSpec,
    *,
    size: tuple[int, int],
    seed: int,
    variant: int,
    shot: ShotType,
    camera: CameraMove,
    frame: str,
    action: str = "",
    prompt: str = "",
    style: dict[str, Any] | None = None,
    style_strength: float = 0.6,
    cast: Sequence[CastInShot] = (),
    stacks: StackCache | None = None,
    sheets: PlaceSheets | None = None,
) -> Painting:
    """The first or last frame of a shot, with the layer stack covering the whole move.

    The first and last keyframe of a shot build the same world (same recipe arguments, except
    ``frame``) and paint the same stack; only the pose they are composed at differs. With
    ``stacks``, a stack stored there under this shot's key is read instead of painted (the
    caller stores the stack it wrote: ``Painting.stack_key``). With ``sheets``, a stack that
    is painted cuts the place's planes from there where the shot allows (see
    ``placeplanes``). ``cast`` are the characters in frame, each drawn with its own look (see
    ``cast``).
    """
    w, h = size
    aspect = w / h
    def framing(world: World, focus: tuple[float, float]) -> tuple[float, float, float, float]:
        first, last = keyframe_poses(replace(world, focus=focus), shot, camera)
        a = view_rect(first, PARALLAX["mid"], aspect)
        b = view_rect(last, PARALLAX["mid"], aspect)
        return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))

    subject = subject_text(prompt, action)
    world = build_world(env, seed, variant, aspect, action=action, subject=subject,
                        zoom=_closest_zoom(shot, camera), framing=framing, cast=cast)
    first, last = keyframe_poses(world, shot, camera)
    pose = first if frame == "first" else last
    # Everything the graded stack is painted from: the world's recipe arguments (the prompt
    # only through its subject words), the frame's size, the shot and the style.
    key = stack_key(env=env, seed=seed, variant=variant, size=size, shot=shot, camera=camera,
                    action=action, subject=subject, cast=cast, style=style,
                    strength=style_strength if style else None)
    cached = stacks.load(key, world.world_id) if stacks is not None else None
    cut_before = sheets.cut if sheets is not None else 0
    if cached is not None:
        layers = cached
    else:
        layers = render_layers(world, [first, last], h, sheets=sheets)
        # Grade from the first pose for both keyframes, so both get the same look-up table.
        layers = _graded(layers, world, first, style, style_strength)
    image = finish(compose(layers, pose, aspect, size), vignette_rgb(size))
    meta = {
        "world_id": world.world_id,
        "archetype": world.archetype,
        "aspect": aspect,
        "frame": frame,
        "pose": pose.to_dict(),
        "first_pose": first.to_dict(),
        "last_pose": last.to_dict(),
        "camera": camera.value,
        "shot_type": shot.value,
        "focus": [float(world.focus[0]), float(world.focus[1])],
        "weather": world.weather,
        "objects": list(world.objects),
        "subjects": [_in_frame(d, pose, aspect) for d in world.drawn],
    }
    cut = sheets.cut - cut_before if sheets is not None else 0
    return Painting(image, world, pose, layers, meta, key, cached is not None, cut)


def _closest_zoom(shot: ShotType, camera: CameraMove) -> float:
    base = shot_pose(shot, (0.5, 0.5), 16 / 9, 1.0).zoom
    return base * (1.4 if camera in (CameraMove.PUSH_IN, CameraMove.ZOOM_IN,
                                     CameraMove.ZOOM_OUT, CameraMove.PULL_OUT) else 1.0)


def _in_frame(drawn: dict[str, Any], pose: Pose, aspect: float) -> dict[str, Any]:
    """A placed subject with its box in this keyframe's frame, as fractions of the frame
    (x0, y0, x1, y1; 0..1 is inside), for the mid plane where subjects stand."""
    vx0, vy0, vx1, vy1 = view_rect(pose, PARALLAX["mid"], aspect)
    x0, y0, x1, y1 = drawn["box"]

    def fx(x: float) -> float:
        return round(float((x - vx0) / (vx1 - vx0)), 4)

    def fy(y: float) -> float:
        return round(float((y - vy0) / (vy1 - vy0)), 4)

    return {**drawn, "frame_box": [fx(x0), fy(y0), fx(x1), fy(y1)]}


def write_keyframe(painting: Painting, png: Path, layers_path: Path) -> None:
    """Save a keyframe picture and its layer stack."""
    painting.image.save(png, format="PNG", compress_level=3)
    save_layers(layers_path, painting.layers, painting.meta)
