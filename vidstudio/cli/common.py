"""What every verb of the command line shares: exit codes, the one-line error, settings and
providers from the arguments, the output checks."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from concurrent.futures import Executor

    from vidstudio.core.models import Settings
    from vidstudio.core.vocabulary import Stage
    from vidstudio.export import ExportOptions
    from vidstudio.jobs.pipeline import PipelineStats
    from vidstudio.jobs.session import ProjectSession
    from vidstudio.providers.keys import Credentials, Redactor
    from vidstudio.providers.registry import ProviderSet

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUG = 70  # EX_SOFTWARE
EXIT_LOCKED = 75  # EX_TEMPFAIL: another process has the project open; try again later
EXIT_SIGINT = 130  # 128 + SIGINT, as a shell reports a Ctrl-C
EXIT_SIGTERM = 143  # 128 + SIGTERM
INTERRUPTED = "interrupted; the project keeps what was finished"


class CliError(Exception):
    """A one-line reason to stop; exit code attached."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def requested_stages(args: argparse.Namespace) -> dict[Stage, str]:
    from vidstudio.core.vocabulary import Stage

    return {stage: getattr(args, stage.value, None) or "auto" for stage in Stage}


def settings_from(args: argparse.Namespace) -> Settings:
    """The project settings the arguments ask for (providers, aspect, resolution, scene count,
    seed)."""
    from vidstudio.core.models import Settings
    from vidstudio.core.vocabulary import AspectRatio

    settings = Settings()
    updates: dict[str, Any] = {"providers": requested_stages(args)}
    if getattr(args, "aspect", None):
        updates["aspect_ratio"] = AspectRatio(args.aspect)
    if getattr(args, "resolution", None) is not None:
        if not (144 <= args.resolution <= 2160 and args.resolution % 2 == 0):
            raise CliError("--resolution is the frame's short side in pixels, an even number "
                           "from 144 to 2160", EXIT_USAGE)
        updates["short_side"] = args.resolution
    if getattr(args, "max_scenes", None) is not None:
        if not 1 <= args.max_scenes <= 5:
            raise CliError("--max-scenes must be between 1 and 5", EXIT_USAGE)
        updates["max_scenes"] = args.max_scenes
    if getattr(args, "seed", None) is not None:
        updates["seed"] = args.seed
    return settings.model_copy(update=updates)


def check_output(path: Path, allowed: Sequence[str], project: Path | None = None) -> Path:
    """``path`` as an output file: the right suffix, not a folder, not inside ``project``'s
    own files, in a folder that can be written."""
    from vidstudio.storage import ensure_writable_dir

    path = Path(path)
    if path.suffix.lower() not in allowed:
        raise CliError(f"the output must end in {' or '.join(allowed)}: {path.name}", EXIT_USAGE)
    if path.is_dir():
        raise CliError(f"the output {path} is a folder; give a file name", EXIT_USAGE)
    if project is not None:
        inside = path.resolve().parent
        root = Path(project).resolve()
        if inside == root or inside.is_relative_to(root / "assets") \
                or inside.is_relative_to(root / "cache") or inside.is_relative_to(root / "work"):
            raise CliError(f"the output {path} would be written inside the project's own "
                           "files; choose a place outside the project folder", EXIT_USAGE)
    try:
        ensure_writable_dir(path.parent if str(path.parent) else Path("."))
    except OSError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    return path


def check_budget(budget: float | None) -> None:
    if budget is not None and not (budget >= 0 and budget < float("inf")):
        raise CliError("--budget must be a number of dollars, 0 or more", EXIT_USAGE)


def build(settings: Settings, credentials: Credentials, executor: Executor | None) -> ProviderSet:
    """The providers the settings ask for; an unknown or unusable one is a usage error."""
    from vidstudio.lifetime import freeze_heap
    from vidstudio.providers.base import ProviderError
    from vidstudio.providers.registry import build_providers

    try:
        providers = build_providers(settings.providers, credentials, executor=executor)
    except ProviderError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    freeze_heap(collect=False)  # the engines are imported: see freeze_heap
    return providers


_redactor: Redactor | None = None


def redactor() -> Redactor | None:
    """The redactor of the keys found by ``credentials`` (None before it ran)."""
    return _redactor


def credentials() -> tuple[Credentials, Redactor]:
    """The keys in the environment; from now on they are kept out of every log line and of
    the error line."""
    global _redactor
    from vidstudio.providers.keys import Credentials

    found = Credentials.discover()
    redact = found.redactor()
    _redactor = redact
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    return found, redact


def summary(stats: PipelineStats) -> str:
    made = f"{stats.generated} generated, {stats.reused} reused"
    return made + (f", cost ${stats.cost:.2f}" if stats.cost else "")


def open_session(path: Path, providers: ProviderSet, redact: Redactor,
                 purpose: str) -> ProjectSession:
    from vidstudio.jobs.session import ProjectSession

    return ProjectSession.open(Path(path), providers, redact=redact, purpose=purpose)


def scene_ref(session: ProjectSession, number: int, slot: str) -> Any:
    from vidstudio.core.deps import SlotRef
    from vidstudio.core.vocabulary import SlotKind

    scenes = session.project.ordered_scenes
    if not 1 <= number <= len(scenes):
        raise CliError(f"--scene must be between 1 and {len(scenes)}", EXIT_USAGE)
    return SlotRef(scenes[number - 1].id, SlotKind.SFX if slot == "sound" else SlotKind(slot))


def export_options(args: argparse.Namespace) -> ExportOptions:
    from pydantic import ValidationError

    from vidstudio.export import ExportOptions

    fields: dict[str, Any] = {}
    if getattr(args, "preset", None):
        fields["preset"] = args.preset
    if getattr(args, "transition", None):
        fields["transition"] = args.transition
    if getattr(args, "conform", None):
        fields["conform"] = args.conform
    if getattr(args, "loudness", None) is not None:
        fields["loudness_lufs"] = args.loudness
    if getattr(args, "burn_subtitles", False):
        fields["burn_subtitles"] = True
    if getattr(args, "no_subtitles", False):
        fields["sidecars"] = False
    try:
        return ExportOptions(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CliError(f"invalid export option {where}: {first['msg']}", EXIT_USAGE) from None


def read_environments(path: Path, settings: Settings) -> Any:
    """The user's own places from a JSON file; a bad file is a usage error."""
    from vidstudio.core.custom_environments import (
        CustomEnvironmentError,
        parse_custom_environments,
    )

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}", EXIT_USAGE) from None
    try:
        return parse_custom_environments(data, max_environments=settings.max_environments)
    except CustomEnvironmentError as exc:
        raise CliError(f"{Path(path).name}: {exc}", EXIT_USAGE) from None
