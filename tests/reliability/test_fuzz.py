"""Hostile input, generated: mutated project files, a language model's answers, script files.

Each is repaired or refused with a one-line message of the documented kind — never another
exception — and loading a project reads and writes nothing outside its folder.
"""

from __future__ import annotations

import codecs
import copy
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vidstudio.core.models import Environment, Project, Scene, Take
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.planning import ScriptError, decode_script, read_script
from vidstudio.providers.base import PlanRequest
from vidstudio.providers.llm_common import extract_json, validate_plan
from vidstudio.storage import ProjectFolder, ProjectLoadError

if TYPE_CHECKING:
    from collections.abc import Callable

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=20,
)


def _valid_project_document() -> dict[str, Any]:
    env = Environment(id="env-a", name="Coast", setting="coast", image_prompts=["p"])
    scene = Scene(id="sc-1", title="s", environment_id="env-a")
    scene.slots[SlotKind.CLIP].add_take(Take(provider="local", file="assets/ab/" + "ab" * 32
                                              + ".mp4"))
    project = Project(title="T", environments=[env], scenes=[scene])
    return json.loads(ProjectFolder.serialize(project))


VALID_PROJECT = _valid_project_document()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PROJECT_PATHS = _paths(VALID_PROJECT)[1:]

HOSTILE_VALUES = st.sampled_from([
    "../../etc/passwd", "/etc/passwd", "assets/../../x", "C:\\\\x", "\x00", "", -1, 10**30,
    1e308, [], {}, None, True, "x" * 10_000, "assets/ab/" + "cd" * 32 + ".wav",
]) | json_values


@st.composite
def mutated_projects(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(VALID_PROJECT)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PROJECT_PATHS))
        parent: Any = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["set", "delete", "duplicate"]))
            if action == "delete" and isinstance(parent, (dict, list)):
                del parent[path[-1]]
            elif action == "duplicate" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[path[-1]]))
            else:
                parent[path[-1]] = draw(HOSTILE_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return document


def _refusal(call: Callable[[], object], *expected: type[Exception]) -> str | None:
    """The message of an expected refusal, or None when ``call`` succeeded (anything else
    propagates and fails the test)."""
    try:
        call()
    except expected as exc:
        return str(exc)
    return None


def _one_line(message: str | None) -> bool:
    return message is None or (bool(message.strip()) and "\n" not in message)


def _open_in_a_fresh_folder(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "p.vidstudio"
        folder.mkdir()
        (folder / "project.json").write_bytes(content)
        outside = root / "outside.txt"
        outside.write_text("untouched")
        before = sorted(os.listdir(root))
        assert _one_line(_refusal(lambda: ProjectFolder.open(folder), ProjectLoadError))
        assert sorted(os.listdir(root)) == before, "nothing was written beside the project"
        assert outside.read_text() == "untouched"


@FUZZ
@given(mutated_projects())
def test_a_mutated_project_file_opens_or_is_refused_in_one_line(document: dict[str, Any]
                                                                ) -> None:
    _open_in_a_fresh_folder(json.dumps(document).encode())


@FUZZ
@given(st.binary(max_size=2000))
@example(b"[" * 50_000)
@example(b'{"format": "vidstudio-project", "schema_version": 1e400}')
@example(b'{"format": "vidstudio-project", "schema_version": NaN}')
@example("\ufeff{}".encode())
def test_arbitrary_bytes_as_a_project_file_are_refused_in_one_line(content: bytes) -> None:
    _open_in_a_fresh_folder(content)


REQUEST = PlanRequest(script="A keeper climbs the stairs. The lamp shines.", max_scenes=5,
                      max_environments=3)


def _valid_plan() -> dict[str, Any]:
    return {
        "title": "Light", "language": "en",
        "environments": [{"id": "e1", "name": "Lighthouse", "setting": "coast",
                          "image_prompts": ["a lighthouse"]}],
        "scenes": [{"title": "Climb", "environment_id": "e1", "narration": "She climbs.",
                    "duration": 5}],
    }


@st.composite
def mutated_plans(draw: st.DrawFn) -> Any:
    plan = _valid_plan()
    paths = _paths(plan)[1:]
    for _ in range(draw(st.integers(0, 4))):
        path = draw(st.sampled_from(paths))
        parent: Any = plan
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, (dict, list)):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue
    return plan


@FUZZ
@given(st.one_of(mutated_plans(), json_values))
def test_a_models_plan_is_accepted_or_answered_with_problems(data: Any) -> None:
    plan, problems = validate_plan(data, REQUEST)
    assert (plan is None) == bool(problems)
    assert all(isinstance(p, str) and p for p in problems)


@pytest.mark.parametrize("data", [{"environments": 1, "scenes": []},
                                  {"environments": [], "scenes": 2.5}])
def test_a_plan_with_numbers_for_lists_is_answered_with_problems(data: Any) -> None:
    plan, problems = validate_plan(data, REQUEST)
    assert plan is None and problems


@FUZZ
@given(st.text(max_size=500) | mutated_plans().map(json.dumps).map(lambda s: f"Sure!\n```json\n{s}\n```"))
def test_a_models_text_yields_json_or_a_value_error(text: str) -> None:
    assert _one_line(_refusal(lambda: extract_json(text), ValueError))


@pytest.mark.parametrize("text", ["[" * 5000, '{"a": ' * 5000])
def test_a_deeply_nested_answer_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="JSON"):
        extract_json(text)


@FUZZ
@given(st.binary(max_size=3000) | st.text(max_size=500).map(lambda s: s.encode("utf-8"))
       | st.text(max_size=200).map(lambda s: s.encode("utf-16")))
def test_a_script_file_is_text_or_a_one_line_refusal(content: bytes) -> None:
    decoded: list[str] = []
    refused = _refusal(lambda: decoded.append(decode_script(content, "script.txt")),
                       ScriptError)
    assert _one_line(refused)
    assert refused is not None or decoded[0].strip()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "script.txt"
        path.write_bytes(content)
        assert _one_line(_refusal(lambda: read_script(path), ScriptError))


BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf\xff\xfe", b"\xff\xfe\x00\xd8",
                                     b"\xff\xfeA"])
def test_a_script_with_a_bom_and_bad_bytes_is_refused_in_one_line(content: bytes) -> None:
    with pytest.raises(ScriptError):
        decode_script(content, "script.txt")
