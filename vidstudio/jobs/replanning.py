"""A plan put into the project: the command that replaces its content, keeping what matches.

A project that already has scenes keeps those the new plan matches (their ids, takes and the
fields the user edited, unless asked to replace them); the report tells the user what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vidstudio.core.commands import ReplaceContent

if TYPE_CHECKING:
    from vidstudio.core.models import Project


@dataclass
class ReplanReport:
    """What a re-plan did, for the user: scene titles kept, changed, added and removed."""

    kept: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.kept)} kept", f"{len(self.changed)} changed",
                 f"{len(self.added)} added", f"{len(self.removed)} removed"]
        return "scenes: " + ", ".join(parts)


def build_replan(project: Project, plan: Any, script: str, provider: str, plan_key: str, *,
                 replace_edits: bool = False) -> tuple[ReplaceContent, ReplanReport]:
    """The command that puts ``plan`` into ``project``, keeping what still matches."""
    from vidstudio.core.plan import project_from_plan

    if project.scenes:
        from vidstudio.core.replan import merge_plan

        merged = merge_plan(project, plan, script=script, replace_edits=replace_edits,
                            provider=provider)
        new = merged.project
        titles = {o.scene_id: o.title for o in merged.scenes}
        report = ReplanReport(
            kept=[titles[i] for i in merged.kept_scenes],
            changed=[titles[i] for i in merged.changed_scenes],
            added=[titles[i] for i in merged.added_scenes],
            removed=[titles[i] for i in merged.removed_scenes],
        )
    else:
        new = project_from_plan(plan, script, project.settings, provider)
        report = ReplanReport(added=[s.title for s in new.scenes])
    report.notes = list(getattr(plan, "notes", []) or [])
    command = ReplaceContent(
        script=script, title=new.title, plan_key=plan_key, plan_provider=provider,
        language=new.settings.language, environments=new.environments, scenes=new.scenes,
        label="Plan", characters=new.characters,
    )
    return command, report


def custom_environments_command(project: Project, document: str | bytes
                                ) -> tuple[ReplaceContent, ReplanReport]:
    """The user's own environments (a JSON document) in place of the plan's; every scene moves
    to the one that fits it.

    Raises:
        CustomEnvironmentError: the document is not usable (the message says why).
    """
    from vidstudio.core.custom_environments import (
        apply_custom_environments,
        parse_custom_environments,
    )
    from vidstudio.core.plan import plan_from_project

    envs = parse_custom_environments(document,
                                     max_environments=project.settings.max_environments)
    plan = apply_custom_environments(plan_from_project(project), envs)
    command, report = build_replan(project, plan, project.script, project.plan_provider,
                                   project.plan_key, replace_edits=True)
    command.label = "Use custom environments"
    return command, report
