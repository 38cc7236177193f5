"""The headless main job: script -> plan -> project -> generated takes -> exported MP4.

The CLI and the editor both drive these coroutines; nothing here prints or knows Qt.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.commands import EditSettings
from vidstudio.core.models import Project, Settings
from vidstudio.jobs.retry import RetryPolicy, call_with_retry
from vidstudio.jobs.session import ProjectSession
from vidstudio.providers.base import CallContext, InvalidRequestError, Planner, PlanRequest
from vidstudio.storage import ProjectFolder

if TYPE_CHECKING:
    from vidstudio.core.plan import Plan, PlanEnvironment
    from vidstudio.jobs.manager import Job
    from vidstudio.providers.registry import ProviderSet

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
            try:
                text = data.decode(encoding, errors="strict")
            except UnicodeDecodeError as exc:
                raise ScriptError(
                    f"{name} starts as {encoding.upper().removesuffix('-SIG')} text but has "
                    f"bytes that are not (at offset {exc.start}); save it as UTF-8 and try "
                    "again") from None
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


def plan_key(script: str, planner: Planner, settings: Settings,
             environments: list[PlanEnvironment] | None = None) -> str:
    parts: list[object] = [script, planner.info.name, planner.info.model, settings.max_scenes,
                           settings.max_environments]
    if environments:
        parts.append([env.model_dump(mode="json") for env in environments])
    blob = json.dumps(parts, ensure_ascii=False)
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


def _create(script: str, project_dir: Path, settings: Settings, providers: ProviderSet,
            options: dict[str, Any]) -> tuple[ProjectSession, bool]:
    ProjectFolder.check_creatable(project_dir)  # before paying for a plan
    existed = project_dir.exists()
    blank = Project(title=project_dir.stem, script=script, settings=settings)
    return ProjectSession.create(project_dir, blank, providers, **options), not existed


async def open_for_render(
    script: str,
    project_dir: Path,
    settings: Settings,
    providers: ProviderSet,
    *,
    replan: bool = False,
    environments: list[PlanEnvironment] | None = None,
    **session_options: Any,
) -> tuple[ProjectSession, Job | None]:
    """Open the project at ``project_dir`` (or create it) and plan ``script`` into it when the
    script, planner or limits changed (or ``replan``).

    Returns the open session and the plan job that ran (None when the plan was kept). A
    re-plan keeps the scenes that still match, with their takes. A folder created here is
    removed again when its first plan fails, so a failed run leaves nothing behind.
    """
    key = plan_key(script, providers.planner, settings, environments)
    created = False
    if ProjectFolder.is_project(project_dir):
        session = ProjectSession.open(project_dir, providers, **session_options)
        wanted = {"aspect_ratio": settings.aspect_ratio, "providers": settings.providers}
        for name, value in wanted.items():
            if getattr(session.project.settings, name) != value:
                session.apply(EditSettings(name, value), cause="job")
        if session.project.plan_key == key and not replan:
            return session, None
    else:
        session, created = _create(script, Path(project_dir), settings, providers,
                                   session_options)
    job = session.plan(script, plan_key=key, environments=environments)
    try:
        await session.wait(job)
    except BaseException:
        await session.close()
        if created:
            shutil.rmtree(project_dir, ignore_errors=True)
        raise
    return session, job
