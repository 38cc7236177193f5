"""The headless main job: script -> plan -> project -> generated takes -> exported MP4.

The CLI and the editor both drive these coroutines; nothing here prints or knows Qt.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.commands import EditSettings
from vidstudio.core.models import Project, Settings
from vidstudio.jobs.planning import plan_key
from vidstudio.jobs.session import ProjectSession
from vidstudio.storage import ProjectFolder

if TYPE_CHECKING:
    from vidstudio.core.plan import PlanEnvironment
    from vidstudio.jobs.manager import Job
    from vidstudio.providers.registry import ProviderSet


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
