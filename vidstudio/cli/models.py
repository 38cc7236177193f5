"""``vidstudio models``: the open models the local-ai providers run (issue 28).

``list`` shows what is found in the models folder and the Hugging Face cache (family, size,
dtype, licence), ``check`` reads one model's files through, ``download`` fetches a named model
from the hub with progress, resume and checksums (showing its licence first), and ``use`` says
which model a capability runs. Nothing here loads torch.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vidstudio.cli.common import EXIT_FAILED, EXIT_USAGE, CliError

if TYPE_CHECKING:
    import argparse

    from vidstudio.providers.localai.catalog import ModelInfo


def _folders(args: argparse.Namespace) -> tuple[Path, ...]:
    return tuple(args.folder) if getattr(args, "folder", None) else ()


def _find(name: str, models: list[ModelInfo]) -> ModelInfo:
    for model in models:
        if name in (model.name, str(model.path), model.path.name):
            return model
    path = Path(name)
    if (path / "model_index.json").is_file():
        from vidstudio.providers.localai.catalog import inspect_model

        return inspect_model(path)
    raise CliError(f"no model {name!r} found (see 'vidstudio models list')", EXIT_USAGE)


async def cmd_models(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.providers.localai import missing_extra
    from vidstudio.providers.localai.catalog import find_models, models_dir

    action = args.models_action or "list"
    if action == "download":
        return await _download(args, out, err)
    models = await asyncio.to_thread(find_models, *_folders(args))
    if action == "list":
        where = ", ".join(str(f) for f in _folders(args)) or (
            f"{models_dir()} and the Hugging Face cache")
        out.write(f"models in {where}:\n")
        for model in models:
            out.write(f"  {model.describe()}\n")
        if not models:
            out.write("  none: put a diffusers model folder there, or "
                      "'vidstudio models download OWNER/NAME'\n")
        if hint := missing_extra():
            out.write(f"note: {hint}\n")
        return 0
    model = _find(args.name, models)
    if action == "check":
        out.write(model.describe() + "\n")
        return 0 if model.usable else EXIT_FAILED
    # use
    if not model.usable or model.family is None:
        raise CliError(f"{model.name} cannot be used: {model.describe()}", EXIT_FAILED)
    capability = model.family.capability
    from vidstudio.providers.localai.catalog import remember_choice

    await asyncio.to_thread(remember_choice, capability, model.name)
    out.write(f"{capability}: {model.name} ({model.family.name}); licence: {model.licence}\n")
    return 0


async def _download(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import httpx

    from vidstudio.providers.localai.catalog import FAMILIES, inspect_model, models_dir
    from vidstudio.providers.localai.hub import DownloadError, describe, download, endpoint

    target = Path(args.into) if args.into else models_dir()
    shown = [-1]

    def progress(done: int, total: int, name: str) -> None:
        percent = int(100 * done / total) if total else 100
        if percent >= shown[0] + 10 or done == total:
            shown[0] = percent
            err.write(f"  {percent:3d}%  {done / 1e6:8.1f} of {total / 1e6:.1f} MB  {name}\n")

    try:
        async with httpx.AsyncClient(follow_redirects=True,
                                     timeout=httpx.Timeout(60.0, connect=15.0)) as client:
            remote = await describe(client, args.name, args.revision)
            family = FAMILIES.get(remote.pipeline or "")
            out.write(f"{args.name}: {remote.size / 1e9:.2f} GB from {endpoint()}; "
                      f"{family.name + ' ' + family.capability if family else 'family unknown'}"
                      f"; licence: {remote.licence}\n")
            folder = await download(args.name, target, revision=args.revision,
                                    progress=progress, client=client)
    except DownloadError as exc:
        raise CliError(str(exc), EXIT_FAILED) from None
    info = await asyncio.to_thread(inspect_model, folder, args.name)
    out.write(f"saved in {folder}\n{info.describe()}\n")
    return 0 if info.usable else EXIT_FAILED
