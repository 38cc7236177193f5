"""The cast on the command line (issue 22): ``vidstudio plan`` shows it, ``render --cast
FILE.json`` fixes names, looks, voices and photos (a photo becomes a take of the sheet, "your
own photo"), and ``vidstudio cast PROJECT`` lists it. Plan-only runs with the offline
providers: nothing is generated, so these stay quick."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from vidstudio.cli import main
from vidstudio.core.custom_cast import CustomCastError, parse_custom_cast

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = (
    "The keeper, Mara, climbs the lighthouse stairs in a grey coat.\n\n"
    "On the quay, a one-eyed goat chews a rope while Mara watches the boats."
)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_plan_shows_the_cast(tmp_path: Path) -> None:
    script = tmp_path / "mara.txt"
    script.write_text(SCRIPT)
    code, out, err = cli("plan", str(script), "--planner", "local")
    assert code == 0, err
    plan = json.loads(out)
    assert [c["name"] for c in plan["characters"]] == ["Mara", "Goat"]
    assert "cast: 2 character(s)" in err
    assert "Mara (person) — grey coat; scenes 1, 2" in err


@pytest.fixture(scope="module")
def cast_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A plan-only project rendered with a cast file: Mara's look and voice fixed, the goat
    renamed, a robot added, and Mara's own photo."""
    folder = tmp_path_factory.mktemp("cast")
    script = folder / "mara.txt"
    script.write_text(SCRIPT)
    Image.new("RGB", (64, 96), (30, 60, 200)).save(folder / "mara.png")
    (folder / "cast.json").write_text(json.dumps({"cast": [
        {"name": "Mara", "aliases": ["the keeper"], "voice": "en_GB-alba",
         "look": {"age": "old", "wardrobe": ["blue raincoat", {"item": "boots", "colour": "red"}]},
         "photos": ["mara.png"]},
        {"name": "Old Billy", "aliases": ["goat"], "kind": "animal"},
        {"name": "Rusty", "kind": "robot", "look": {"skin": "rusty orange"}},
    ]}))
    argv = ("render", str(script), "-o", str(folder / "film.mp4"), "--plan-only",
            "--planner", "local", "--cast", str(folder / "cast.json"))
    code, _, err = cli(*argv)
    assert code == 0, err
    first = (folder / "film.vidstudio" / "project.json").read_text()
    # The same cast again changes nothing: no new take, no edit.
    code, _, err2 = cli(*argv)
    assert code == 0, err2
    second = (folder / "film.vidstudio" / "project.json").read_text()
    return folder / "film.vidstudio", err, "same" if first == second else second


def test_render_with_a_cast_file_fixes_the_cast(cast_project: tuple[Path, str, str]) -> None:
    project, err, again = cast_project
    data = json.loads((project / "project.json").read_text())
    by_name = {c["name"]: c for c in data["characters"]}
    assert set(by_name) == {"Mara", "Old Billy", "Rusty"}
    mara = by_name["Mara"]
    assert mara["voice"] == "en_GB-alba" and mara["look"]["age"] == "old"
    assert mara["look"]["wardrobe"] == [{"item": "raincoat", "colour": "blue"},
                                         {"item": "boots", "colour": "red"}]
    assert {"look", "voice"} <= set(mara["edited"])
    photo = mara["sheet"][0]
    take = next(t for t in photo["takes"] if t["id"] == photo["active"])
    assert take["provider"] == "import"
    assert by_name["Old Billy"]["kind"] == "animal"
    assert by_name["Rusty"]["look"]["skin"] == "rusty orange"
    assert "cast: Mara: your own photo mara.png is sheet image 1" in err
    assert again == "same", "applying the same cast file twice must change nothing"


def test_cast_lists_the_projects_cast(cast_project: tuple[Path, str, str]) -> None:
    project, _, _ = cast_project
    code, out, err = cli("cast", str(project))
    assert code == 0, err
    assert "Mara (person)" in out and "voice:  en_GB-alba" in out
    assert "old, blue raincoat, red boots" in out
    assert "1 your own photo(s)" in out
    assert "Old Billy (animal)" in out and "scenes: 2" in out
    code, out, _ = cli("cast", str(project), "--json")
    rows = json.loads(out)
    assert [r["name"] for r in rows][:2] == ["Mara", "Old Billy"]
    assert rows[0]["scenes"] == [1, 2] and rows[0]["own_photos"] == 1


@pytest.mark.parametrize(("document", "message"), [
    ('[{"name": "Mara", "kind": "dog"}]', "character 1 ('Mara'): kind must be one of"),
    ('[{"name": "Mara", "look": {"hat": "red"}}]', "unknown look field 'hat'"),
    ('[{"nmae": "Mara"}]', "character 1: a name is required"),
    ('[{"name": "Mara", "photo": []}]', "unknown field 'photo' (did you mean 'photos'?)"),
    ('{"cast": []}', "the cast is empty"),
    ('[{"name": "Mara"}, {"name": "Ines", "aliases": ["mara"]}]', "given twice"),
])
def test_a_bad_cast_file_is_one_clear_line(document: str, message: str) -> None:
    with pytest.raises(CustomCastError) as caught:
        parse_custom_cast(document)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_missing_photo_stops_before_planning(tmp_path: Path) -> None:
    script = tmp_path / "mara.txt"
    script.write_text(SCRIPT)
    (tmp_path / "cast.json").write_text('[{"name": "Mara", "photos": ["nowhere.png"]}]')
    code, _, err = cli("render", str(script), "-o", str(tmp_path / "film.mp4"), "--plan-only",
                       "--cast", str(tmp_path / "cast.json"))
    assert code == 2 and "Mara: no such photo: nowhere.png" in err
    assert not (tmp_path / "film.vidstudio").exists()
