"""A plan with a cast goes into the project, and a re-plan keeps the cast (issue 22): a
character of the same name keeps its id, its sheet's takes and its edits; undo puts the old
cast back."""

from __future__ import annotations

from vidstudio.core.models import Project, Settings, Take
from vidstudio.jobs.replanning import build_replan
from vidstudio.providers.local.planner import build_plan

SCRIPT = ("The keeper, Mara, climbs the lighthouse stairs in a grey coat.\n\n"
          "On the quay, a one-eyed goat chews a rope while Mara watches the boats.")


def test_a_replan_keeps_the_cast_and_undo_restores_it() -> None:
    project = Project(title="t", script="", settings=Settings())
    command, _ = build_replan(project, build_plan(SCRIPT), SCRIPT, "local", "k1")
    command.apply(project)
    mara = next(c for c in project.characters if c.name == "Mara")
    assert [m.character_id for m in project.ordered_scenes[0].cast] == [mara.id]
    mara.sheet[0].takes.append(Take(provider="test"))
    mara.sheet[0].active = mara.sheet[0].takes[0].id
    mara.voice = "en_GB-alba"
    mara.edited = ["voice"]

    changed = SCRIPT.replace("grey coat", "grey coat and red boots") + \
        "\n\nAt night, Mara lights the lamp."
    replan, _ = build_replan(project, build_plan(changed), changed, "local", "k2")
    replan.apply(project)
    again = next(c for c in project.characters if c.name == "Mara")
    assert again.id == mara.id and again.voice == "en_GB-alba"
    assert again.sheet[0].active == mara.sheet[0].takes[0].id
    assert all(m.character_id in {c.id for c in project.characters}
               for s in project.scenes for m in s.cast)
    assert sum(mara.id in [m.character_id for m in s.cast] for s in project.scenes) == 3
    replan.undo(project)
    assert [s.id for s in project.ordered_scenes] and len(project.ordered_scenes) == 2
    assert {c.id for c in project.characters} >= {mara.id}
