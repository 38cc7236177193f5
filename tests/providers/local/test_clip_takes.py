"""A regenerated offline clip is a new take between the same keyframes, not the same bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vidstudio.core.vocabulary import CameraMove
from vidstudio.providers.local.clips import plan_clip
from vidstudio.providers.local.paint.animate import release, render_frames

from .test_clips import H, W, clip_request, env, keyframes

if TYPE_CHECKING:
    from pathlib import Path


def _frames(request: object, seed: int) -> np.ndarray:
    job = plan_clip(request, f"take-{seed}", seed)  # type: ignore[arg-type]
    assert job is not None
    data = render_frames(job, 0, job.frames)
    release(job)
    return np.frombuffer(data, np.uint8).reshape(job.frames, H, W, 3).astype(np.float32)


def test_a_new_seed_paces_the_same_move_differently(tmp_path: Path) -> None:
    spec = env()
    first, last = keyframes(tmp_path, spec, CameraMove.PAN_RIGHT)
    request = clip_request(spec, CameraMove.PAN_RIGHT, first, last)
    one, two = _frames(request, 0), _frames(request, 1)
    assert np.abs(one[0] - two[0]).mean() < 1.0, "both start on the first keyframe"
    assert np.abs(one[-1] - two[-1]).mean() < 1.0, "both end on the last keyframe"
    middle = len(one) // 2
    assert np.abs(one[middle] - two[middle]).mean() > 1.0, "the take in between differs"
    assert np.array_equal(_frames(request, 1), two), "a take is reproducible from its seed"
