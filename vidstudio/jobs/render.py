"""The headless main job: script -> plan -> project -> generated takes -> exported MP4.

The CLI and the editor both drive these coroutines; nothing here prints or knows Qt.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vidstudio.core.models import Project, Settings
from vidstudio.core.plan import Plan, project_from_plan
from vidstudio.jobs.manager import JobManager
from vidstudio.jobs.pipeline import Pipeline, PipelineStats
from vidstudio.jobs.retry import RetryPolicy, call_with_retry
from vidstudio.providers.base import CallContext, InvalidRequestError, Planner, PlanRequest
from vidstudio.providers.registry import ProviderSet
from vidstudio.storage import ProjectFolder

if TYPE_CHECKING:
    from vidstudio.export import ExportOptions, ExportResult

MAX_SCRIPT_WORDS = 20_000
MAX_SCRIPT_BYTES = 2_000_000

ProgressFn = Callable[[float, str], None]


class ScriptError(ValueError):
    """The script cannot be used; the message is one line for the user."""


def decode_script(data: bytes, name: str = "the script") -> str:
    """Text of a script file, or ScriptError for empty, binary, undecodable or huge input."""
    if len(data) > MAX_SCRIPT_BYTES:
        raise ScriptError(
            f"{name} is {len(data) / 1e6:.1f} MB; vidstudio reads scripts up to "
            f"{MAX_SCRIPT_BYTES / 1e6:.0f} MB"
        )
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = data.decode(encoding, errors="strict")
            break
    else:
        if b"\x00" in data:
            raise ScriptError(f"{name} is a binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start]
            raise ScriptError(
                f"{name} is not UTF-8 text (byte 0x{bad:02x} at offset {exc.start}); "
                "save it as UTF-8 and try again"
            ) from None
    return validate_script(text, name)


def validate_script(text: str, name: str = "the script") -> str:
    stripped = text.strip()
    if not stripped:
        raise ScriptError(f"{name} is empty: write or paste a script first")
    if not any(ch.isalpha() for ch in stripped):
        raise ScriptError(f"{name} has no words in it")
    words = len(stripped.split())
    if words > MAX_SCRIPT_WORDS:
        raise ScriptError(
            f"{name} has {words:,} words; a film of at most 5 scenes is planned from up to "
            f"{MAX_SCRIPT_WORDS:,} words: shorten it or split it into several projects"
        )
    return text


def read_script(path: Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScriptError(f"no such script: {path}") from None
    except IsADirectoryError:
        raise ScriptError(f"{path} is a folder, not a script file") from None
    except OSError as exc:
        raise ScriptError(f"cannot read {path}: {exc.strerror}") from None
    return decode_script(data, path.name)


def plan_key(script: str, planner: Planner, settings: Settings) -> str:
    blob = json.dumps(
        [script, planner.info.name, planner.info.model, settings.max_scenes,
         settings.max_environments],
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


async def make_plan(script: str, planner: Planner, settings: Settings, work_dir: Path,
                    retry: RetryPolicy | None = None) -> Plan:
    """Ask the planner for a plan and check it against the settings' limits."""
    request = PlanRequest(script=script, max_scenes=settings.max_scenes,
                          max_environments=settings.max_environments)
    ctx = CallContext(work_dir=work_dir, seed=settings.seed)
    plan = await call_with_retry(lambda: planner.plan(request, ctx), retry or RetryPolicy())
    problems = plan.problems(settings)
    if problems:
        raise InvalidRequestError(
            f"the plan does not fit the project: {'; '.join(problems)}",
            provider=planner.info.name,
        )
    return plan


@dataclass
class RenderOutcome:
    project: Project
    folder: ProjectFolder
    stats: PipelineStats
    export: ExportResult | None
    planned: bool


async def prepare_project(
    script: str,
    project_dir: Path,
    settings: Settings,
    providers: ProviderSet,
    *,
    replan: bool = False,
) -> tuple[ProjectFolder, Project, bool]:
    """Open the project at ``project_dir`` or create it by planning ``script``.

    An existing project is planned again only when its script, planner or limits changed (or
    ``replan``); its earlier assets stay in the folder.
    """
    key = plan_key(script, providers.planner, settings)
    folder: ProjectFolder | None = None
    project: Project | None = None
    if ProjectFolder.is_project(project_dir):
        folder, project = ProjectFolder.open(project_dir)
        if project.plan_key == key and not replan:
            project.settings = project.settings.model_copy(
                update={"aspect_ratio": settings.aspect_ratio, "providers": settings.providers}
            )
            return folder, project, False
    if folder is None:
        ProjectFolder.check_creatable(project_dir)  # before paying for a plan
    with tempfile.TemporaryDirectory(prefix="vidstudio-plan-") as tmp:
        plan = await make_plan(script, providers.planner, settings, Path(tmp))
    fresh = project_from_plan(plan, script, settings, providers.planner.info.name)
    fresh.plan_key = key
    if folder is None:
        folder = ProjectFolder.create(project_dir, fresh)
    else:
        folder.save(fresh)
    return folder, fresh, True


async def render_project(
    folder: ProjectFolder,
    project: Project,
    providers: ProviderSet,
    manager: JobManager,
    output: Path | None,
    *,
    export_options: ExportOptions | None = None,
    progress: ProgressFn | None = None,
    redact: Callable[[str], str] = lambda s: s,
    retry: RetryPolicy | None = None,
    budget: float | None = None,
) -> tuple[PipelineStats, ExportResult | None]:
    """Generate what is missing or stale, then export to ``output`` if every scene has a clip."""
    def gen_progress(fraction: float, message: str) -> None:
        if progress:
            progress(0.9 * fraction, message)

    pipeline = Pipeline(project, folder, providers, manager, retry=retry, redact=redact,
                        progress=gen_progress, budget=budget)
    stats = await pipeline.run()
    folder.save(project)
    if stats.failures:
        return stats, None
    result = None
    if output is not None:
        from vidstudio.export import export_project

        def exp_progress(fraction: float, message: str) -> None:
            if progress:
                progress(0.9 + 0.1 * fraction, message or "exporting")

        result = await export_project(project, folder.path, Path(output), export_options,
                                      exp_progress)
    return stats, result
