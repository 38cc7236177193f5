"""Contact sheets of the offline planner and painter: one row per scene, first and last keyframe.

    .venv/bin/python docs/animatic/make_sheets.py SCRIPT... [--out docs/animatic]

Each script is planned with the offline planner; each scene's first and last keyframes are
painted by the same functions the offline image provider runs (``paint_keyframe``, with the
scene's own hour and weather, the characters in frame with their looks, and the places'
sheets shared between the scenes of a script as the provider shares them), at 480x270,
and labelled with the scene's title, place, hour,
weather and the subjects the painter drew. A sheet is saved as a JPEG (two thirds of full
size) named after its script. It paints with the vidstudio of the tree it lies in (a
worktree's, not an installed copy's).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image, ImageDraw

from vidstudio.providers.base import CastInShot, CharacterSpec, EnvironmentSpec
from vidstudio.providers.local.paint.painter import paint_keyframe
from vidstudio.providers.local.paint.placeplanes import PlaceSheets
from vidstudio.providers.local.planner.build import build_plan

W, H = 480, 270
LABEL = 300


def sheet(script: Path, sheets: PlaceSheets | None = None) -> tuple[Image.Image, list[str]]:
    plan = build_plan(script.read_text("utf-8", errors="replace"))
    envs = {e.id: e for e in plan.environments}
    # The cast as the image provider receives it: each character's look, from the plan.
    specs = {c.id: CharacterSpec(
        key=c.id, name=c.name, kind=c.kind, description=c.description, age=c.look.age,
        build=c.look.build, hair=c.look.hair, skin=c.look.skin,
        wardrobe=tuple((g.item, g.colour) for g in c.look.wardrobe), marks=c.look.marks)
        for c in plan.characters}
    rows: list[str] = []
    out = Image.new("RGB", (LABEL + 2 * W, H * len(plan.scenes)), (24, 24, 28))
    draw = ImageDraw.Draw(out)
    for index, scene in enumerate(plan.scenes):
        env = envs[scene.environment_id]
        spec = EnvironmentSpec(
            name=env.name, setting=env.setting, description=env.description,
            lighting=env.lighting, weather=scene.weather or env.weather,
            time_of_day=scene.time_of_day or env.time_of_day, key_objects=tuple(env.key_objects))
        drawn: list[str] = []
        for column, (frame, prompt) in enumerate(
                (("first", scene.first_frame_prompt), ("last", scene.last_frame_prompt))):
            painting = paint_keyframe(spec, size=(W, H), seed=1, variant=index,
                                      shot=scene.shot_type, camera=scene.camera, frame=frame,
                                      action=scene.action, prompt=prompt or scene.action,
                                      cast=tuple(CastInShot(specs[m.character_id], m.action)
                                                 for m in scene.cast
                                                 if m.character_id in specs),
                                      sheets=sheets)
            out.paste(painting.image.convert("RGB"), (LABEL + column * W, index * H))
            if column == 0:
                drawn = [d["drawing"] + (f" ({specs[d['character']].name})"
                                         if d.get("character") in specs else "")
                         for d in painting.meta.get("subjects", [])]
        text = (f"{index + 1}. {scene.title}\nplace: {env.name} ({env.setting})\n"
                f"hour: {spec.time_of_day.value}  weather: {spec.weather.value}\n"
                f"shot: {scene.shot_type.value}, {scene.camera.value}\n"
                f"drew: {', '.join(drawn) or '-'}\n\n{scene.narration[:200]}")
        draw.multiline_text((8, index * H + 8), _wrap(text, 44), fill=(230, 230, 230))
        rows.append(f"{index + 1}|{scene.title}|{env.name} ({env.setting})|"
                    f"{spec.time_of_day.value}|{spec.weather.value}|{', '.join(drawn) or '-'}")
    return out, rows


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    for line in text.splitlines():
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            cut = cut if cut > 0 else width
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scripts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    args = parser.parse_args()
    for script in args.scripts:
        with tempfile.TemporaryDirectory(prefix="vidstudio-sheets-") as folder:
            image, rows = sheet(script, PlaceSheets(Path(folder)))
        target = args.out / f"{script.stem}.jpg"
        small = image.resize((image.width * 2 // 3, image.height * 2 // 3),
                             Image.Resampling.LANCZOS)
        small.save(target, quality=78, optimize=True)
        print(f"## {script.name} -> {target.name}")
        for row in rows:
            print(row)


if __name__ == "__main__":
    main()
