"""Models on disk: what the user put in the models folder or already has in the Hugging Face
cache, what family each is, how big, in which dtype, under which licence, and whether it is whole.

Nothing here loads torch: a model is read from its ``model_index.json`` (the diffusers layout),
its parts' JSON configs and the headers of its ``.safetensors`` files (eight bytes of length,
then JSON).

The model manager's settings live in one file, ``local-ai.json`` in the models folder, read by the
command line and the editor alike: the model each capability uses, the folders the user added,
and the licences accepted (per family, the licence text as shown; no secret is ever kept there).
"""

from __future__ import annotations

import json
import os
import shutil
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
    problems.extend(_config_problems(folder, index))
    if not by_dtype and not problems and index:
        problems.append("no weights found")
    dtype = _DTYPE_NAMES.get(by_dtype.most_common(1)[0][0], "?") if by_dtype else "?"
    return ModelInfo(name or folder.name, folder, pipeline, family, size, size16, dtype,
                     _licence(folder, family), tuple(problems))


def _config_problems(folder: Path, index: dict[str, Any]) -> list[str]:
    """Each part's JSON configs must parse (a part that is a model needs its ``config.json``)."""
    problems = []
    for part, spec in index.items():
        where = folder / part
        if part.startswith("_") or not isinstance(spec, list) or not where.is_dir():
            continue
        configs = sorted(where.glob("*.json"))
        if not configs:
            problems.append(f"{part}/ has no config")
        for config in configs:
            try:
                json.loads(config.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                problems.append(f"{part}/{config.name} unreadable ({exc.__class__.__name__})")
    return problems


def default_folders() -> tuple[Path, ...]:
    """Where models are looked for: the models folder, the Hugging Face cache, and the folders
    the user added (``add_folder``)."""
    return (models_dir(), hf_cache_dir(), *added_folders())


def find_models(*folders: Path) -> list[ModelInfo]:
    """Every model in ``folders`` (default: ``default_folders()``)."""
    found: list[ModelInfo] = []
    seen: set[Path] = set()
    for root in folders or default_folders():
        if root in seen:
            continue
        seen.add(root)
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


CAPABILITIES: tuple[Capability, ...] = ("image", "video", "audio")


def read_settings() -> dict[str, Any]:
    """The model manager's settings file as it is (an empty table when absent or unreadable)."""
    try:
        data = json.loads((models_dir() / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_settings(data: dict[str, Any]) -> None:
    from vidstudio.atomic import atomic_write_text

    models_dir().mkdir(parents=True, exist_ok=True)
    atomic_write_text(models_dir() / CHOICE_FILE, json.dumps(data, indent=1) + "\n")


def chosen_names() -> dict[str, str]:
    """The user's choice of model per capability (``vidstudio models use``, Settings → Models)."""
    data = read_settings()
    return {k: str(data[k]) for k in CAPABILITIES if isinstance(data.get(k), str) and data[k]}


def remember_choice(capability: Capability, name: str | None) -> None:
    """Use model ``name`` for ``capability`` (None: the first usable one found). Blocking I/O."""
    data = read_settings()
    if name:
        data[capability] = name
    else:
        data.pop(capability, None)
    _write_settings(data)


def added_folders() -> list[Path]:
    folders = read_settings().get("folders", [])
    return [Path(f) for f in folders if isinstance(f, str)] if isinstance(folders, list) else []


def add_folder(folder: Path) -> None:
    """Look for models in ``folder`` too (a model folder, or a folder of them). Blocking I/O."""
    data = read_settings()
    folders = [str(f) for f in added_folders()]
    if str(folder) not in folders:
        data["folders"] = [*folders, str(folder)]
        _write_settings(data)


def forget_folder(folder: Path) -> None:
    data = read_settings()
    data["folders"] = [str(f) for f in added_folders() if f != folder]
    _write_settings(data)


def _accepted() -> dict[str, list[str]]:
    table = read_settings().get("accepted", {})
    if not isinstance(table, dict):
        return {}
    return {str(k): [str(v) for v in vs] for k, vs in table.items() if isinstance(vs, list)}


def licence_accepted(model: ModelInfo) -> bool:
    """Whether the user accepted this model's licence (its family's, or its card's own)."""
    return model.family is not None and model.licence in _accepted().get(model.family.name, [])


def accept_licence(model: ModelInfo) -> None:
    """Record that the licence ``model`` shows was accepted for its family. Blocking I/O."""
    if model.family is None:
        raise ValueError(f"{model.name} is not a family vidstudio runs")
    data = read_settings()
    accepted = _accepted()
    family = accepted.setdefault(model.family.name, [])
    if model.licence not in family:
        family.append(model.licence)
    data["accepted"] = accepted
    _write_settings(data)


def remove_model(model: ModelInfo) -> str:
    """Remove ``model``: its files when it is in the models folder or the Hugging Face cache
    (there, its whole repository folder), else only the added folder that holds it is forgotten
    (the user's own files are kept). Says which, in words. Blocking I/O.

    Raises:
        OSError: the files could not be removed.
    """
    path = model.path.resolve()
    for root in (models_dir(), hf_cache_dir()):
        root = root.resolve()
        if path.is_relative_to(root) and path != root:
            top = root / path.relative_to(root).parts[0]
            shutil.rmtree(top)
            family = model.family
            if family is not None and chosen_names().get(family.capability) == model.name:
                remember_choice(family.capability, None)
            return f"removed {top}"
    for folder in added_folders():
        if path.is_relative_to(folder.resolve()):
            forget_folder(folder)
            return f"no longer looking in {folder} (its files are kept)"
    raise OSError(f"{model.path} is not in a folder vidstudio manages")


def choose(capability: Capability, models: list[ModelInfo]) -> ModelInfo | None:
    """The model to use for ``capability``: the user's choice, else the first usable by name."""
    usable = [m for m in models if m.usable and m.family and m.family.capability == capability]
    wanted = chosen_names().get(capability)
    if wanted:
        return next((m for m in usable if m.name == wanted or str(m.path) == wanted), None)
    return min(usable, key=lambda m: m.name, default=None)
