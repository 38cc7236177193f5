"""Models on disk: what the user put in the models folder or already has in the Hugging Face
cache, what family each is, how big, in which dtype, under which licence, and whether it is whole.

Nothing here loads torch: a model is read from its ``model_index.json`` (the diffusers layout)
and the headers of its ``.safetensors`` files (eight bytes of length, then JSON).
"""

from __future__ import annotations

import json
import os
import struct
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from vidstudio.osdeps import hf_hub_cache, user_data_dir

Capability = Literal["image", "video", "audio"]
CHOICE_FILE = "local-ai.json"
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".ckpt")
_DTYPE_BYTES = {"F64": 8, "F32": 4, "BF16": 2, "F16": 2, "I64": 8, "I32": 4, "I16": 2,
                "I8": 1, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1}
_DTYPE_NAMES = {"F32": "fp32", "F16": "fp16", "BF16": "bf16", "F64": "fp64",
                "F8_E4M3": "fp8", "F8_E5M2": "fp8"}


@dataclass(frozen=True)
class Family:
    name: str
    capability: Capability
    licence: str
    first_last: bool = False  # video: conditioned on the last keyframe too
    lora: bool = False  # image: takes the style step's LoRA (fal's FLUX LoRA)


# diffusers pipeline class -> family. Licences are each family's usual terms; a model card's own
# ``license:`` line, where the folder has one, is shown instead.
FAMILIES: dict[str, Family] = {
    "StableDiffusionPipeline": Family("stable-diffusion", "image", "CreativeML OpenRAIL-M"),
    "StableDiffusionXLPipeline": Family("sdxl", "image", "CreativeML OpenRAIL++-M"),
    "PixArtSigmaPipeline": Family("pixart", "image", "CreativeML OpenRAIL++-M"),
    "FluxPipeline": Family("flux", "image", "FLUX.1 [dev]: non-commercial; FLUX.1 [schnell]: "
                           "Apache-2.0 (see the model card)", lora=True),
    "LTXImageToVideoPipeline": Family("ltx-video", "video", "LTX-Video open weights licence"),
    "LTXConditionPipeline": Family("ltx-video", "video", "LTX-Video open weights licence",
                                   first_last=True),
    "WanImageToVideoPipeline": Family("wan", "video", "Apache-2.0", first_last=True),
    "StableAudioPipeline": Family("stable-audio", "audio", "Stability AI Community Licence "
                                  "(free below $1M yearly revenue; see the model card)"),
}


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    pipeline: str
    family: Family | None
    size: int  # bytes of weights on disk
    size16: int  # bytes of the weights at 16 bits (what the memory plan counts)
    dtype: str
    licence: str
    problems: tuple[str, ...] = field(default=())

    @property
    def usable(self) -> bool:
        return self.family is not None and not self.problems

    def describe(self) -> str:
        kind = (f"{self.family.name} ({self.family.capability})" if self.family
                else f"{self.pipeline} (not a family vidstudio runs)")
        state = "ok" if not self.problems else "; ".join(self.problems)
        return (f"{self.name}: {kind}, {self.size / 1e9:.2f} GB {self.dtype}, licence: "
                f"{self.licence} — {state}")


def models_dir() -> Path:
    """Where the user's models live: ``$VIDSTUDIO_MODELS``, else ``models/`` in the data folder."""
    if explicit := os.environ.get("VIDSTUDIO_MODELS"):
        return Path(explicit)
    return user_data_dir() / "models"


def hf_cache_dir() -> Path:
    return hf_hub_cache()


def safetensors_header(path: Path) -> dict[str, Any]:
    """The JSON header of a ``.safetensors`` file. Raises ValueError when it is not one."""
    with path.open("rb") as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise ValueError("too short for a safetensors file")
        (length,) = struct.unpack("<Q", raw)
        if length > 100_000_000 or length > path.stat().st_size - 8:
            raise ValueError("its header length is impossible")
        header = json.loads(f.read(length))
    if not isinstance(header, dict):
        raise ValueError("its header is not a table")
    return header


def _weights(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in WEIGHT_SUFFIXES and p.is_file())


def _licence(folder: Path, family: Family | None) -> str:
    card = folder / "README.md"
    if card.is_file():
        text = card.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---"):
            for line in text.split("---", 2)[1].splitlines():
                if line.strip().lower().startswith("license:"):
                    return line.split(":", 1)[1].strip()
    return family.licence if family else "unknown (see the model card)"


def inspect_model(folder: Path, name: str | None = None) -> ModelInfo:
    """Read one model folder (diffusers layout); problems are listed, never raised."""
    problems: list[str] = []
    index: dict[str, Any] = {}
    try:
        index = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"model_index.json unreadable ({exc.__class__.__name__})")
    pipeline = str(index.get("_class_name", "?"))
    family = FAMILIES.get(pipeline)
    for part, spec in index.items():
        if part.startswith("_") or not isinstance(spec, list) or spec[:1] == [None]:
            continue
        if not (folder / part).is_dir():
            problems.append(f"{part}/ is missing")
    size = size16 = 0
    by_dtype: Counter[str] = Counter()
    for weight in _weights(folder):
        size += weight.stat().st_size
        if weight.suffix != ".safetensors":
            size16 += weight.stat().st_size // 2
            continue
        try:
            header = safetensors_header(weight)
        except (OSError, ValueError) as exc:
            problems.append(f"{weight.relative_to(folder)} is damaged ({exc})")
            continue
        for tensor, meta in header.items():
            if tensor == "__metadata__" or not isinstance(meta, dict):
                continue
            count = 1
            for n in meta.get("shape", []):
                count *= int(n)
            dtype = str(meta.get("dtype", "F32"))
            by_dtype[dtype] += count * _DTYPE_BYTES.get(dtype, 4)
            size16 += count * 2
    if not by_dtype and not problems and index:
        problems.append("no weights found")
    dtype = _DTYPE_NAMES.get(by_dtype.most_common(1)[0][0], "?") if by_dtype else "?"
    return ModelInfo(name or folder.name, folder, pipeline, family, size, size16, dtype,
                     _licence(folder, family), tuple(problems))


def find_models(*folders: Path) -> list[ModelInfo]:
    """Every model in ``folders`` (default: the models folder and the Hugging Face cache)."""
    found: list[ModelInfo] = []
    for root in folders or (models_dir(), hf_cache_dir()):
        if not root.is_dir():
            continue
        if (root / "model_index.json").is_file():
            found.append(inspect_model(root))
            continue
        for child in sorted(root.iterdir()):
            if (child / "model_index.json").is_file():
                found.append(inspect_model(child))
            elif child.name.startswith("models--") and (child / "snapshots").is_dir():
                name = child.name[len("models--"):].replace("--", "/")
                snaps = sorted((child / "snapshots").iterdir(), key=lambda p: p.stat().st_mtime)
                for snap in reversed(snaps):
                    if (snap / "model_index.json").is_file():
                        found.append(inspect_model(snap, name))
                        break
    return found


def chosen_names() -> dict[str, str]:
    """The user's choice of model per capability (``vidstudio models use``)."""
    try:
        data = json.loads((models_dir() / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def choose(capability: Capability, models: list[ModelInfo]) -> ModelInfo | None:
    """The model to use for ``capability``: the user's choice, else the first usable by name."""
    usable = [m for m in models if m.usable and m.family and m.family.capability == capability]
    wanted = chosen_names().get(capability)
    if wanted:
        return next((m for m in usable if m.name == wanted or str(m.path) == wanted), None)
    return min(usable, key=lambda m: m.name, default=None)
