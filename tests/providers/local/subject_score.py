"""Scores the subject layer on labelled scripts, from the keyframes' pixels.

Each script is planned offline. A labelled scene is a part of the script (a paragraph; a
slugline, a bracketed shot or a "Scene N:" line with what follows it when the paragraphs do
not match the labels); the planner may make several shots of it, so a labelled subject is
shown when any of that part's shots shows it. Each shot's first keyframe is painted twice at a
small size: as planned, and with the subject layer taken away (no ``Subject:`` sentence, no
action). A labelled subject counts as shown when the take's record names it (its drawing, or
the hand-painted figure for a person) and, inside the box the record gives, the pixels that
the subject layer changed are

* drawn: at least ``MIN_AREA`` of the frame changed there;
* visible: their luminance differs from what was there without the subject by at least
  ``MIN_CONTRAST`` on average (0-255 scale);
* not cut: no changed pixel of the subject touches the frame's edge.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vidstudio.providers.base import EnvironmentSpec
from vidstudio.providers.local.art import library
from vidstudio.providers.local.art.words import singular
from vidstudio.providers.local.paint.painter import paint_keyframe
from vidstudio.providers.local.planner.build import build_plan

LABELLED = Path(__file__).with_name("labelled")
SIZE = (240, 135)
MIN_AREA = 0.004
MIN_CONTRAST = 18.0
_PEOPLE = frozenset(("woman", "man", "person", "girl", "boy", "child", "detective", "waitress",
                     "guide", "farmer", "pilot", "driver", "chef", "sailor", "keeper"))


@dataclass
class Verdict:
    script: str
    scene: int
    label: str
    shown: bool
    why: str


def _matches(label: str, record: dict[str, Any]) -> bool:
    drawing = str(record["drawing"])
    found = library.find(label)
    if found is not None and found.name == drawing:
        return True
    subject = str(record["subject"]).lower()
    if label in (subject, singular(subject)) or subject == label.rstrip("s"):
        return True  # the record names it, maybe in the plural ("roses" for a rose)
    head = subject.split()[-1] if subject.split() else ""
    kind = library.drawing(drawing)
    if found is not None and kind is not None and " " not in label \
            and singular(head) == label and kind.category == found.category:
        return True  # a kind of it, drawn as one: "a fishing boat" is a boat (not "hot dog")
    if drawing.startswith("painted:") and drawing not in ("painted:person", "painted:crowd") \
            and " " not in label and label in (singular(head), drawing[len("painted:"):]):
        return True  # a hand-painted kind of it: "a rope bridge" is a bridge, and a farmhouse
        # painted as a house is a house
    return label in _PEOPLE and drawing in ("painted:person", "painted:crowd")


def _luma(image: np.ndarray) -> np.ndarray:
    rgb = image.astype(np.float32)
    out: np.ndarray = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    return out


_START = re.compile(r"^(?:INT\.|EXT\.|\[|Scene \d+:)", re.IGNORECASE)


def _flat(text: str) -> str:
    """Lower case, one space between words, and parenthesised asides left out as the planner
    leaves them out of a scene's action ("DIAZ (30s)" reads "Diaz")."""
    return " ".join(re.sub(r"\s*\([^)]*\)", "", text).lower().split())


def parts(script: str, count: int) -> list[str]:
    """The script cut into ``count`` labelled parts (see the module docstring)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", script) if p.strip()]
    if len(paragraphs) == count:
        return [_flat(p) for p in paragraphs]
    blocks: list[list[str]] = []
    for line in script.splitlines():
        if _START.match(line.strip()) or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return [_flat("\n".join(b)) for b in blocks]


def score_script(path: Path) -> list[Verdict]:
    labels = json.loads(path.with_suffix(".labels.json").read_text("utf-8"))["scenes"]
    script = path.read_text("utf-8")
    plan = build_plan(script)
    blocks = parts(script, len(labels))
    envs = {e.id: e for e in plan.environments}
    shown: dict[tuple[int, str], Verdict] = {}
    for scene in plan.scenes:
        lead = _flat(scene.action)[:30]
        index = next((i for i, b in enumerate(blocks) if lead and lead in b), None)
        if index is None or index >= len(labels):
            continue
        env = envs[scene.environment_id]
        spec = EnvironmentSpec(
            name=env.name, setting=env.setting, description=env.description,
            lighting=env.lighting, weather=scene.weather or env.weather,
            time_of_day=scene.time_of_day or env.time_of_day, key_objects=tuple(env.key_objects))

        def paint(prompt: str, action: str, spec: EnvironmentSpec = spec,
                  shot: Any = scene.shot_type, camera: Any = scene.camera
                  ) -> tuple[np.ndarray, dict[str, Any]]:
            p = paint_keyframe(spec, size=SIZE, seed=1, variant=0, shot=shot, camera=camera,
                               frame="first", action=action, prompt=prompt)
            return np.asarray(p.image.convert("RGB")), p.meta

        prompt = scene.first_frame_prompt or scene.action
        with_img, meta = paint(prompt, scene.action)
        bare = prompt.split("Subject:")[0]
        without_img, _ = paint(bare, "")
        changed = np.abs(_luma(with_img) - _luma(without_img))
        for label in labels[index]:
            verdict = _judge(path.stem, index, label, meta, changed)
            if (index, label) not in shown or verdict.shown:
                shown[(index, label)] = verdict
    return [shown.get((i, label)) or Verdict(path.stem, i, label, False, "no shot of this part")
            for i, wanted in enumerate(labels) for label in wanted]


def _judge(script: str, index: int, label: str, meta: dict[str, Any], changed: np.ndarray
           ) -> Verdict:
    records = [r for r in meta.get("subjects", []) if _matches(label, r)]
    if not records:
        drawn = ", ".join(str(r["drawing"]) for r in meta.get("subjects", []))
        return Verdict(script, index, label, False, f"not drawn (drew: {drawn or 'nothing'})")
    h, w = changed.shape
    x0, y0, x1, y1 = records[0]["frame_box"]
    c0, r0 = max(0, int(x0 * w) - 1), max(0, int(y0 * h) - 1)
    c1, r1 = min(w, int(np.ceil(x1 * w)) + 1), min(h, int(np.ceil(y1 * h)) + 1)
    if c1 <= c0 or r1 <= r0:
        return Verdict(script, index, label, False, "outside the frame")
    region = changed[r0:r1, c0:c1]
    mask = region > 6.0
    area = float(mask.sum()) / (w * h)
    contrast = float(region[mask].mean()) if mask.any() else 0.0
    touches = bool(
        (r0 == 0 and mask[0].any()) or (c0 == 0 and mask[:, 0].any())
        or (r1 == h and mask[-1].any()) or (c1 == w and mask[:, -1].any())
    )
    if area < MIN_AREA:
        return Verdict(script, index, label, False, f"too small ({area:.4f} of the frame)")
    if contrast < MIN_CONTRAST:
        return Verdict(script, index, label, False, f"too faint (contrast {contrast:.1f})")
    if touches:
        return Verdict(script, index, label, False, "cut by the frame edge")
    return Verdict(script, index, label, True, f"area {area:.3f}, contrast {contrast:.0f}")


def score(folder: str) -> tuple[float, list[Verdict]]:
    verdicts: list[Verdict] = []
    for path in sorted((LABELLED / folder).glob("*.txt")):
        verdicts += score_script(path)
    shown = sum(v.shown for v in verdicts)
    return (shown / len(verdicts) if verdicts else 0.0), verdicts


if __name__ == "__main__":
    import sys

    rate, all_verdicts = score(sys.argv[1] if len(sys.argv) > 1 else "seen")
    for v in all_verdicts:
        print(f"{'OK ' if v.shown else 'NO '} {v.script} scene {v.scene + 1}: {v.label} - {v.why}")
    print(f"shown: {rate:.0%} of {len(all_verdicts)}")
