"""The memory plan is a pure function of the device, its memory and the model's size: tables."""

from __future__ import annotations

import pytest

from vidstudio.providers.localai.memory import GB, plan_memory

# device, total GB, free GB, model GB (16-bit), bf16 -> dtype, offload, tiling, slicing, fits
TABLE = [
    # an H100 with a 24 GB video model: everything on the card, bf16
    ("cuda", 80, 78, 24, True, "bf16", "none", False, False, True),
    # a 24 GB card, mostly free, with a 4 GB image model: on the card, tiling off
    ("cuda", 24, 22, 4, True, "bf16", "none", False, False, True),
    # a 12 GB consumer card (no bf16) with a 24 GB model: components take turns
    ("cuda", 12, 12, 24, False, "fp16", "model", True, True, True),
    # an 8 GB card with LTX-Video's 13 GB at half its room: still whole components
    ("cuda", 8, 7.5, 13, False, "fp16", "model", True, True, True),
    # a 6 GB card and a 24 GB model: layer by layer
    ("cuda", 6, 5.5, 24, False, "fp16", "sequential", True, True, True),
    # a card that another program filled: it does not fit
    ("cuda", 8, 0.5, 24, False, "fp16", "sequential", True, True, False),
    # tight on the card, just over one and a half times: no offload, but the VAE is tiled
    ("cuda", 16, 9.5, 6, True, "bf16", "none", True, False, True),
    # Apple silicon, 32 GB unified, a 4 GB model: fp16, no slicing
    ("mps", 32, 20, 4, False, "fp16", "none", False, False, True),
    # Apple silicon, 16 GB, a 6 GB model: sliced and tiled
    ("mps", 16, 8, 6, False, "fp16", "none", True, True, True),
    # Apple silicon that cannot hold it
    ("mps", 8, 3, 6, False, "fp16", "none", True, True, False),
    # CPU: fp32, fits with a quarter spare
    ("cpu", 64, 40, 4, False, "fp32", "none", False, False, True),
    ("cpu", 16, 12, 4, False, "fp32", "none", True, False, True),
    ("cpu", 16, 8, 4, False, "fp32", "none", True, False, False),
]


@pytest.mark.parametrize(("device", "total", "free", "model", "bf16", "dtype", "offload",
                          "tiling", "slicing", "fits"), TABLE)
def test_plan_table(device: str, total: float, free: float, model: float, bf16: bool,
                    dtype: str, offload: str, tiling: bool, slicing: bool, fits: bool) -> None:
    plan = plan_memory(device, int(total * GB), int(free * GB), int(model * GB),  # type: ignore[arg-type]
                       bf16=bf16)
    assert (plan.dtype, plan.offload, plan.vae_tiling, plan.attention_slicing, plan.fits) == (
        dtype, offload, tiling, slicing, fits)
    assert plan.device == device
    # the plan says itself in one line, and what it needs when it does not fit
    assert "\n" not in plan.note
    assert ("needs" in plan.note) is not fits


def test_plan_is_pure() -> None:
    args = ("cuda", 24 * GB, 10 * GB, 12 * GB)
    assert plan_memory(*args, bf16=True) == plan_memory(*args, bf16=True)  # type: ignore[arg-type]
    assert plan_memory(*args, bf16=False).dtype == "fp16"  # type: ignore[arg-type]
