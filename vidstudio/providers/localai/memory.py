"""The memory plan: how a model is loaded on a device, as a pure function of the device's kind,
its total and free memory, and the model's size.

Rules (sizes in bytes; the model's size is its weights at 16 bits):

* CPU: 32-bit floats (half precision is slow or missing there); it fits when free memory holds
  the weights at 32 bits with a quarter spare; the VAE decodes in tiles when memory is short.
* CUDA: bf16 where the card computes in it (compute capability 8 and up), else fp16. Everything
  on the card when free memory holds the weights with half again for activations; else the
  components take turns on the card (model offload) with VAE tiling and attention slicing; below
  half the weights, layer by layer (sequential offload, slow but it runs).
* MPS (Apple): fp16 in unified memory, no offload (the card shares the system's memory), attention
  slicing and VAE tiling when less than twice the weights is free.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

DeviceKind = Literal["cuda", "mps", "cpu"]
Offload = Literal["none", "model", "sequential"]
GB = 1024**3


@dataclass(frozen=True)
class MemoryPlan:
    device: DeviceKind
    dtype: Literal["fp16", "bf16", "fp32"]
    offload: Offload
    vae_tiling: bool
    attention_slicing: bool
    fits: bool
    #: the plan in words, shown beside the device ("CUDA, bf16, all on the card")
    note: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _gb(n: float) -> str:
    return f"{n / GB:.1f} GB"


def plan_memory(device: DeviceKind, total: int, free: int, model_size: int, *,
                bf16: bool = False) -> MemoryPlan:
    """The plan for a model of ``model_size`` bytes (16-bit weights) on ``device``.

    ``total``/``free``: the device's memory (system memory for CPU and MPS). ``bf16``: the device
    computes in bfloat16. A plan that does not fit says what it needs in ``note``.
    """
    if device == "cpu":
        need = model_size * 2  # 32-bit weights
        fits = free >= need * 1.25
        tiling = free < need * 2
        note = f"CPU, fp32, {_gb(need)} of weights in {_gb(free)} free"
        if not fits:
            note += f": needs about {_gb(need * 1.25)}"
        return MemoryPlan("cpu", "fp32", "none", tiling, False, fits, note)
    if device == "mps":
        fits = free >= model_size * 1.1
        short = free < model_size * 2
        note = f"Apple MPS, fp16, {_gb(model_size)} of weights in {_gb(free)} free"
        if short:
            note += ", attention sliced, VAE tiled"
        if not fits:
            note += f": needs about {_gb(model_size * 1.1)}"
        return MemoryPlan("mps", "fp16", "none", short, short, fits, note)
    dtype: Literal["fp16", "bf16"] = "bf16" if bf16 else "fp16"
    if free >= model_size * 1.5:
        tiling = free < model_size + 6 * GB
        return MemoryPlan("cuda", dtype, "none", tiling, False, True,
                          f"CUDA, {dtype}, all on the card ({_gb(free)} free of {_gb(total)})")
    if free >= model_size * 0.5:
        return MemoryPlan("cuda", dtype, "model", True, True, True,
                          f"CUDA, {dtype}, components take turns on the card "
                          f"({_gb(free)} free for {_gb(model_size)} of weights)")
    fits = free >= GB
    note = (f"CUDA, {dtype}, layer by layer from system memory (slow: {_gb(free)} free for "
            f"{_gb(model_size)} of weights)")
    if not fits:
        note += ": needs at least 1.0 GB free on the card"
    return MemoryPlan("cuda", dtype, "sequential", True, True, fits, note)
