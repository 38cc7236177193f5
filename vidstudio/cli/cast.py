"""``vidstudio cast``: who is in a project's film, and ``--cast FILE.json`` read for ``render``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.cli.common import EXIT_USAGE, CliError

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from vidstudio.core.custom_cast import CastEntry
    from vidstudio.core.models import Character, Project
    from vidstudio.core.plan import Plan


def read_cast(path: Path) -> tuple[list[CastEntry], Path]:
    """The user's cast from a JSON file, and the folder its photos are named from; a bad file
    or a missing photo is a usage error."""
    from vidstudio.core.custom_cast import CustomCastError, parse_custom_cast
    from vidstudio.jobs.cast_file import photo_paths

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}", EXIT_USAGE) from None
    base = Path(path).resolve().parent
    try:
        entries = parse_custom_cast(data)
        photo_paths(entries, base)
    except (CustomCastError, FileNotFoundError) as exc:
        raise CliError(f"{Path(path).name}: {exc}", EXIT_USAGE) from None
    return entries, base


def _sheet(character: Character) -> tuple[int, int]:
    """(reference images made, of which the user's own photos)."""
    made = [slot.active_take for slot in character.sheet if slot.active_take is not None]
    ready = [take for take in made if take.status == "ready"]
    own = [take for take in ready if take.provider == "import"]
    return len(ready), len(own)


def _rows(project: Project) -> list[dict[str, Any]]:
    order = {scene.id: number for number, scene in enumerate(project.ordered_scenes, 1)}
    rows = []
    for character in project.characters:
        in_frame = sorted(order[s.id] for s in project.ordered_scenes
                          if any(m.character_id == character.id for m in s.cast))
        speaks = sorted(order[s.id] for s in project.ordered_scenes
                        if any(line.character_id == character.id for line in s.dialogue))
        made, own = _sheet(character)
        rows.append({
            "name": character.name, "kind": character.kind.value,
            "description": character.description, "look": character.look.summary(),
            "scenes": in_frame, "speaks_in": speaks, "voice": character.voice,
            "sheet_images": len(character.sheet), "references_made": made,
            "own_photos": own, "locked": character.locked, "edited": list(character.edited),
        })
    return rows


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers)) if numbers else "none"


async def cmd_cast(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vidstudio.storage import ProjectFolder

    _, project = ProjectFolder.open(Path(args.project))
    rows = _rows(project)
    if args.json:
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        out.write("no cast: the plan found no characters (give your own with render --cast)\n")
        return 0
    for row in rows:
        out.write(f"{row['name']} ({row['kind']}){' — locked' if row['locked'] else ''}\n")
        if row["description"]:
            out.write(f"  who:    {row['description']}\n")
        out.write(f"  look:   {row['look'] or '(not described)'}\n")
        out.write(f"  scenes: {_numbers(row['scenes'])}"
                  + (f"; speaks in {_numbers(row['speaks_in'])}" if row["speaks_in"] else "")
                  + "\n")
        out.write(f"  voice:  {row['voice'] or '(chosen by the voice provider)'}\n")
        own = f", {row['own_photos']} your own photo(s)" if row["own_photos"] else ""
        out.write(f"  sheet:  {row['references_made']} of {row['sheet_images']} reference "
                  f"images made{own}\n")
    return 0


def cast_lines(plan: Plan) -> list[str]:
    """The plan's cast, one line per character, for ``vidstudio plan``'s stderr."""
    lines = []
    for character in plan.characters:
        scenes = [str(n) for n, s in enumerate(plan.scenes, 1)
                  if any(m.character_id == character.id for m in s.cast)]
        look = ", ".join(p for p in [character.look.age, character.look.build,
                                     character.look.hair, character.look.skin,
                                     *(f"{g.colour} {g.item}".strip()
                                       for g in character.look.wardrobe),
                                     character.look.marks] if p)
        lines.append(f"  {character.name} ({character.kind.value})"
                     + (f" — {look}" if look else "")
                     + f"; scenes {', '.join(scenes) if scenes else 'none'}")
    return lines
