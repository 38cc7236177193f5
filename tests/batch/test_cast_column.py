"""The batch manifest's ``cast`` column (issues 22 and 25): a cast file per film, read from the
manifest's folder, carried to a Ray task, and parsed when the film is prepared."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import pytest

from vidstudio.batch.film import _prepare
from vidstudio.batch.manifest import FilmSpec, read_manifest
from vidstudio.core.custom_cast import CustomCastError

if TYPE_CHECKING:
    from pathlib import Path


def _manifest(folder: Path, cast: str) -> Path:
    (folder / "s1.txt").write_text("The keeper, Mara, climbs the stairs.\n")
    (folder / "mara.json").write_text(cast)
    manifest = folder / "films.csv"
    manifest.write_text("script,output,cast\ns1.txt,out/one.mp4,mara.json\n"
                        "s1.txt,out/two.mp4,\n")
    return manifest


def test_the_cast_column_gives_each_film_its_cast(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path, json.dumps([{"name": "Mara", "voice": "en_GB-alba"}]))
    one, two = read_manifest(manifest)
    assert one.cast == tmp_path / "mara.json" and two.cast is None
    assert FilmSpec.from_json(one.to_json()) == one  # what a Ray task receives
    _, _, _, cast = asyncio.run(_prepare(one))
    assert [(e.name, e.voice) for e in cast] == [("Mara", "en_GB-alba")]
    assert asyncio.run(_prepare(two))[3] is None


def test_a_bad_cast_file_fails_its_film_with_one_line(tmp_path: Path) -> None:
    one, _ = read_manifest(_manifest(tmp_path, '[{"name": "Mara", "kind": "ghostly"}]'))
    with pytest.raises(CustomCastError, match="kind must be one of"):
        asyncio.run(_prepare(one))
