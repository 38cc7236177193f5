"""Custom environments: a JSON document checked with clear errors, and a plan that uses them."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

import pytest

from vidstudio.core.custom_environments import (
    CustomEnvironmentError,
    apply_custom_environments,
    parse_custom_environments,
)
from vidstudio.core.plan import Plan, PlanEnvironment, PlanScene
from vidstudio.core.vocabulary import IMAGES_PER_ENVIRONMENT, TimeOfDay, Weather
from vidstudio.providers.base import CallContext, PlanRequest
from vidstudio.providers.local.planner import LocalPlanner

if TYPE_CHECKING:
    from pathlib import Path

TOWER = {"id": "tower", "name": "Lighthouse Tower", "setting": "coast",
         "description": "A white stone lighthouse with an iron spiral staircase and a great lamp.",
         "lighting": "lamplight", "weather": "Storm", "time_of_day": "night",
         "key_objects": ["great lamp", "iron stairs", "lantern"]}
SEA = {"id": "sea", "name": "Open Sea", "setting": "sea",
       "description": "Black water and high swells far from any shore.",
       "key_objects": ["fishing boat", "swells", "waves"]}
QUAY = {"name": "Harbour Quay", "setting": "harbour",
        "description": "A stone quay with moored boats, ropes and bollards.",
        "key_objects": ["quay", "boat", "ropes"],
        "image_prompts": ["the quay at dawn", "ropes on the bollards"]}


def test_a_list_or_an_object_with_environments_is_read() -> None:
    envs = parse_custom_environments(json.dumps([TOWER, SEA, QUAY]))
    assert [e.id for e in envs] == ["tower", "sea", "custom1"]
    assert envs[0].weather is Weather.STORM and envs[0].time_of_day is TimeOfDay.NIGHT
    assert envs[1].weather is Weather.CLEAR and envs[1].time_of_day is TimeOfDay.DAY
    assert envs[2].image_prompts == ["the quay at dawn", "ropes on the bollards"]
    assert envs[1].key_objects == ["fishing boat", "swells", "waves"]
    wrapped = json.dumps({"environments": [TOWER, SEA, QUAY]}).encode()
    assert parse_custom_environments(wrapped) == envs
    assert parse_custom_environments([TOWER, SEA, QUAY]) == envs


def test_a_name_is_enough() -> None:
    [env] = parse_custom_environments('[{"name": "  Attic   Room "}]')
    assert env.name == "Attic Room" and env.setting == "attic room" and env.id == "custom1"


def test_generated_ids_skip_the_ones_given() -> None:
    envs = parse_custom_environments([{"name": "A"}, {"name": "B", "id": "custom1"}])
    assert [e.id for e in envs] == ["custom2", "custom1"]


@pytest.mark.parametrize(("document", "message"), [
    ("", "environments: the file is empty"),
    ("[{\"name\": \"A\",}]", "environments: not valid JSON (line 1, column 15"),
    (b"\xff\xfe[]", "environments: the file is not UTF-8 text"),
    ("42", "environments: expected a list of environments, not a number"),
    ("[]", "environments: the list is empty; give at least one"),
    ('{"places": []}', "environments: expected a list, or an object with only "
                       "\"environments\", not an object with 'places'"),
    ('["forest"]', "environment 1: expected an object with a name, not a text"),
    ('[{"setting": "forest"}]', "environment 1: a name is required"),
    ('[{"name": "   "}]', "environment 1: a name is required"),
    ('[{"name": 3}]', "environment 1: name must be a text, not a number"),
    ('[{"name": "Dock", "weather": "sunny"}]',
     "environment 1 ('Dock'): weather must be one of clear, cloudy, rain, storm, snow, fog, "
     "wind; not 'sunny'"),
    ('[{"name": "Dock", "time_of_day": "noon"}]',
     "environment 1 ('Dock'): time_of_day must be one of dawn, day, dusk, night; not 'noon'"),
    ('[{"name": "Dock", "weather": 1}]',
     "environment 1 ('Dock'): weather must be one of clear, cloudy, rain, storm, snow, fog, "
     "wind; not a number"),
    ('[{"name": "Dock", "key_objects": "crane, boat"}]',
     "environment 1 ('Dock'): key_objects must be a list of texts, not a text"),
    ('[{"name": "Dock", "key_objects": ["crane", 2]}]',
     "environment 1 ('Dock'): key_objects must be a list of texts; it holds a number"),
    ('[{"name": "Dock", "lightning": "dim"}]',
     "environment 1 ('Dock'): unknown field 'lightning' (did you mean 'lighting'?)"),
    ('[{"name": "Dock", "colour": "red"}]',
     "environment 1 ('Dock'): unknown field 'colour' (known fields: id, name, setting,"),
    ('[{"name": "Dock", "id": "my dock"}]',
     "environment 1 ('Dock'): id must be 1-40 letters, digits, '-', '_' or '.', not 'my dock'"),
    ('[{"name": "Dock", "id": 7}]',
     "environment 1 ('Dock'): id must be 1-40 letters, digits, '-', '_' or '.', not a number"),
    ('[{"name": "A", "id": "x"}, {"name": "B"}, {"name": "C", "id": "x"}]',
     "environment 3: duplicate id 'x' (also environment 1)"),
])
def test_every_mistake_is_one_clear_line(document: Any, message: str) -> None:
    with pytest.raises(CustomEnvironmentError) as caught:
        parse_custom_environments(document)
    text = str(caught.value)
    assert text.startswith(message), text
    assert "\n" not in text


def test_too_many_image_prompts_or_environments() -> None:
    prompts = [f"view {i}" for i in range(IMAGES_PER_ENVIRONMENT + 1)]
    with pytest.raises(CustomEnvironmentError, match=r"image_prompts has 11 entries, at most 10"):
        parse_custom_environments([{"name": "A", "image_prompts": prompts}])
    many = [{"name": f"Place {i}"} for i in range(6)]
    with pytest.raises(CustomEnvironmentError, match=r"^environments: 6 given, at most 5"):
        parse_custom_environments(many)
    with pytest.raises(CustomEnvironmentError, match=r"^environments: 3 given, at most 2"):
        parse_custom_environments(many[:3], max_environments=2)


def _lighthouse_plan(samples: Path, tmp_path: Path) -> Plan:
    script = (samples / "lighthouse.txt").read_text()
    return asyncio.run(LocalPlanner().plan(PlanRequest(script=script),
                                           CallContext(work_dir=tmp_path)))


def test_the_plan_uses_exactly_the_custom_environments(samples: Path, tmp_path: Path) -> None:
    plan = _lighthouse_plan(samples, tmp_path)
    envs = parse_custom_environments([TOWER, SEA, QUAY])
    custom = apply_custom_environments(plan, envs)
    assert [e.id for e in custom.environments] == ["tower", "sea", "custom1"]
    assert [e.name for e in custom.environments] == ["Lighthouse Tower", "Open Sea",
                                                     "Harbour Quay"]
    placed = [s.environment_id for s in custom.scenes]
    # Stairs and lamp in the tower, the boat at sea, the morning at the quay.
    assert placed == ["tower", "tower", "sea", "sea", "custom1"]
    assert "Lighthouse Tower" in custom.scenes[0].first_frame_prompt
    assert "Old Lighthouse" not in custom.scenes[0].first_frame_prompt
    # Narration and the rest of each scene are the planner's.
    for before, after in zip(plan.scenes, custom.scenes, strict=True):
        assert after.narration == before.narration and after.duration == before.duration
    # Environments without prompts get a full set made from their fields.
    assert len(custom.environments[0].image_prompts) == IMAGES_PER_ENVIRONMENT
    assert all("Lighthouse Tower" in p for p in custom.environments[0].image_prompts)
    assert custom.environments[2].image_prompts == QUAY["image_prompts"]
    assert plan.environments[0].id == "env1"  # the given plan is untouched


def test_every_custom_environment_gets_a_scene_when_there_are_enough() -> None:
    plan = Plan(
        environments=[PlanEnvironment(id="env1", name="Forest", setting="forest")],
        scenes=[PlanScene(title=t, narration=n, environment_id="env1") for t, n in [
            ("Pines", "Anna walks under the tall pines."),
            ("Fox", "A fox watches her from the ferns."),
            ("Stream", "She crosses the cold stream on stepping stones."),
        ]],
    )
    envs = parse_custom_environments([
        {"id": "woods", "name": "Pine Woods", "setting": "forest",
         "key_objects": ["pines", "ferns", "fox"]},
        {"id": "brook", "name": "Mountain Brook", "setting": "river",
         "key_objects": ["stepping stones", "stream"]},
        {"id": "attic", "name": "Attic", "setting": "interior"},
    ])
    custom = apply_custom_environments(plan, envs)
    assert [s.environment_id for s in custom.scenes][2] == "brook"
    assert {s.environment_id for s in custom.scenes} == {"woods", "brook", "attic"}


def test_a_single_environment_takes_every_scene(samples: Path, tmp_path: Path) -> None:
    plan = _lighthouse_plan(samples, tmp_path)
    custom = apply_custom_environments(plan, parse_custom_environments([{"name": "Studio"}]))
    assert [e.id for e in custom.environments] == ["custom1"]
    assert {s.environment_id for s in custom.scenes} == {"custom1"}


def test_apply_refuses_no_environments_or_repeated_ids(samples: Path, tmp_path: Path) -> None:
    plan = _lighthouse_plan(samples, tmp_path)
    with pytest.raises(CustomEnvironmentError):
        apply_custom_environments(plan, [])
    same = PlanEnvironment(id="a", name="A", setting="a")
    with pytest.raises(CustomEnvironmentError, match="unique"):
        apply_custom_environments(plan, [same, same])
