"""A clip prepared once and shared by the pool's workers (paint/sharing.py): the renderer built
over the shared parts draws exactly the frames of one that prepared everything itself, reads
its planes from the shared file instead of copies, and a part whose file is gone is an error,
not a silent re-preparation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

from vidstudio.core.vocabulary import CameraMove
from vidstudio.providers.local import clips
from vidstudio.providers.local.clips import plan_clip
from vidstudio.providers.local.paint.animate import ClipRenderer, parts_of
from vidstudio.providers.local.paint.sharing import load_shared, prepare_shared, renderer_from

from .test_clips import H, W, clip_request, env, keyframes

if TYPE_CHECKING:
    from pathlib import Path


def test_shared_parts_draw_the_same_frames(tmp_path: Path) -> None:
    spec = env("rain")
    # Two worlds (a crossfade) in rain: all three parts of a preparation.
    first, last = keyframes(tmp_path, spec, CameraMove.PUSH_IN, seeds=(0, 9))
    job = plan_clip(clip_request(spec, CameraMove.PUSH_IN, first, last), "shared")
    assert job is not None
    assert parts_of(job) == ("start", "end", "effects", "start+")
    stores = [clips._FrameBuffer(0) for _ in parts_of(job)]
    try:
        shared = [
            prepare_shared(job, name, store.target, store.identity)
            for name, store in zip(parts_of(job), stores, strict=True)
        ]
        # The pixels travel in the files; what is pickled is their layout.
        assert all(len(part.meta) < 20_000 and part.spans for part in shared)
        renderer = renderer_from(job, shared)
        own = ClipRenderer(job)
        # The opening world came as two shares of its planes, made apart and joined in
        # stacking order: the same planes as one worker preparing them all.
        head, tail = shared[0].load(), shared[3].load()
        assert head.order and tail.order and not set(head.order) & set(tail.order)
        assert renderer.start.order == own.start.order == sorted(head.order + tail.order)
        assert renderer.weather is not None
        # The planes are views of the read-only mapping, not copies.
        assert all(piece.image.readonly for plane in renderer.start.planes
                   for piece in plane.pieces)
        a = np.zeros((H, W, 4), np.uint8)
        b = np.zeros((H, W, 4), np.uint8)
        for index in (0, job.frames // 2, job.frames - 1):
            renderer.frame_into(a, index)
            own.frame_into(b, index)
            assert np.array_equal(a[..., :3], b[..., :3])
        gone = shared[0]
        stores[0].close()
        with pytest.raises(FileNotFoundError):
            load_shared(gone)
    finally:
        for store in stores:
            store.close()
