"""A batch manifest: one film per row, as CSV (a header row) or JSON Lines (one object a line).

Columns (JSON keys): ``script`` (a path) or ``text`` (the script itself), ``output`` (the MP4),
and optionally ``name``, ``project``, ``aspect``, ``resolution`` (the frame's short side in
pixels, as the editor's Film settings: 144 for drafts up to 2160), ``max_scenes``, ``seed``,
``environments`` (a JSON file of places), ``cast`` (a JSON file of characters, as ``render
--cast``), ``initial_image``, ``budget`` (dollars), ``preset``, ``transition``, ``conform`` and
the providers ``planner``, ``images``, ``style``, ``video``, ``sound``, ``voice``, ``music``.
Relative paths are read from the manifest's folder. Empty cells mean "default".
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vidstudio.core.vocabulary import Stage

STAGES = tuple(stage.value for stage in Stage)  # planner ... voice, music
_PATHS = ("script", "output", "project", "environments", "initial_image", "cast")
_TEXTS = ("name", "text", "aspect", "preset", "transition", "conform", *STAGES)
_NUMBERS = ("resolution", "max_scenes", "seed", "budget")
KNOWN = frozenset(_PATHS + _TEXTS + _NUMBERS)


class ManifestError(Exception):
    """The manifest cannot be used; the message names the row and the column."""


@dataclass(frozen=True)
class FilmSpec:
    """One film of a batch: where its script is, where it goes, and its own options."""

    name: str
    output: Path
    script: Path | None = None
    text: str | None = None
    project: Path | None = None
    aspect: str | None = None
    resolution: int | None = None
    max_scenes: int | None = None
    seed: int | None = None
    environments: Path | None = None
    initial_image: Path | None = None
    budget: float | None = None
    cast: Path | None = None
    export: dict[str, str] = field(default_factory=dict)
    providers: dict[str, str] = field(default_factory=dict)

    @property
    def project_dir(self) -> Path:
        from vidstudio.storage import default_project_path

        return self.project or default_project_path(self.output)

    def to_json(self) -> dict[str, Any]:
        """A plain dict (paths as strings) that ``from_json`` reads back: what a Ray task
        receives."""
        data: dict[str, Any] = {}
        for key, value in vars(self).items():
            if value is None or value == {}:
                continue
            data[key] = str(value) if isinstance(value, Path) else value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FilmSpec:
        values = dict(data)
        for key in _PATHS:
            if values.get(key) is not None:
                values[key] = Path(values[key])
        return cls(**values)


def read_manifest(path: Path) -> list[FilmSpec]:
    """The films of the manifest at ``path`` (``.csv``, or JSON Lines: ``.jsonl``/``.ndjson``).

    Raises:
        ManifestError: unreadable, empty, an unknown column, a missing script or output, a
            bad number, or two films writing the same output.
    """
    path = Path(path)
    try:
        data = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ManifestError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path.name} is not UTF-8 text") from None
    rows = _jsonl_rows(data, path.name) if _is_jsonl(path, data) else _csv_rows(data, path.name)
    films = [_film(row, number, path.resolve().parent, path.name) for number, row in rows]
    if not films:
        raise ManifestError(f"{path.name} has no films")
    outputs: dict[Path, str] = {}
    projects: dict[Path, str] = {}
    names: set[str] = set()
    for film in films:
        for seen, key, what in ((outputs, film.output, "output"),
                                (projects, film.project_dir, "project")):
            where = key.resolve()
            if where in seen:
                raise ManifestError(f"{path.name}: {film.name} and {seen[where]} have the same "
                                    f"{what} {key}")
            seen[where] = film.name
        if film.name in names:
            raise ManifestError(f"{path.name}: two films are named {film.name}")
        names.add(film.name)
    return films


def _is_jsonl(path: Path, data: str) -> bool:
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return True
    return path.suffix.lower() != ".csv" and data.lstrip().startswith("{")


def _jsonl_rows(data: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"{name} line {number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ManifestError(f"{name} line {number}: a film is a JSON object")
        rows.append((number, row))
    return rows


def _csv_rows(data: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(data))
    if not reader.fieldnames:
        raise ManifestError(f"{name} has no header row")
    rows = []
    for row in reader:
        if None in row:
            raise ManifestError(f"{name} line {reader.line_num}: more cells than columns")
        cleaned = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if any(cleaned.values()):
            rows.append((reader.line_num, cleaned))
    return rows


def _film(row: dict[str, Any], number: int, base: Path, name: str) -> FilmSpec:
    where = f"{name} line {number}"
    unknown = sorted(set(row) - KNOWN)
    if unknown:
        raise ManifestError(f"{where}: unknown column {unknown[0]!r} "
                            f"(known: {', '.join(sorted(KNOWN))})")
    values = {k: v for k, v in row.items() if v not in (None, "")}

    def path(key: str) -> Path | None:
        if key not in values:
            return None
        given = Path(str(values[key])).expanduser()
        return given if given.is_absolute() else base / given

    def number_of(key: str, kind: type[int] | type[float]) -> Any:
        if key not in values:
            return None
        try:
            value = kind(values[key])
        except (TypeError, ValueError):
            raise ManifestError(f"{where}: {key} must be a number, not {values[key]!r}") \
                from None
        if kind is float and not (math.isfinite(value) and value >= 0):
            raise ManifestError(f"{where}: {key} must be a number of dollars, 0 or more")
        return value

    resolution = number_of("resolution", int)
    if resolution is not None and not (144 <= resolution <= 2160 and resolution % 2 == 0):
        raise ManifestError(f"{where}: resolution is the frame's short side in pixels, an even "
                            f"number from 144 to 2160, not {values['resolution']!r}")
    script, text = path("script"), values.get("text")
    if (script is None) == (text is None):
        raise ManifestError(f"{where}: give either script (a file) or text (the script)")
    output = path("output")
    if output is None:
        raise ManifestError(f"{where}: output (the film's .mp4) is missing")
    if output.suffix.lower() != ".mp4":
        raise ManifestError(f"{where}: the output must end in .mp4: {output.name}")
    film_name = str(values.get("name") or output.stem)
    return FilmSpec(
        name=film_name, output=output, script=script,
        text=str(text) if text is not None else None, project=path("project"),
        aspect=values.get("aspect"), resolution=resolution, max_scenes=number_of("max_scenes", int),
        seed=number_of("seed", int), environments=path("environments"),
        initial_image=path("initial_image"), budget=number_of("budget", float),
        cast=path("cast"),
        export={k: str(values[k]) for k in ("preset", "transition", "conform") if k in values},
        providers={k: str(values[k]) for k in STAGES if k in values},
    )
