"""Knowing when an export would only write the same file again.

An export's key covers everything its output depends on: each scene's files (path, size and
modification time — the way the normalisation cache tells a replaced file), take ids, order,
timing and narration text, the mix volumes, the title, the options, the export code's version
and the ffmpeg build. The key of each finished export is recorded, with the output's own size
and modification time and the result, in ``<project>/cache/exports.json`` (written
atomically). When an export is asked for again with the same key and the output (and its
subtitle files) are still the ones written, the recorded result is returned instead.

Two exports finishing at once may each rewrite the record; the loser's entry is lost, which
only costs a rebuild next time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.atomic import atomic_write_text
from vidstudio.export.result import ExportResult

if TYPE_CHECKING:
    from vidstudio.export.plan import RenderPlan

# Bump when the export writes a different file for the same inputs.
EXPORT_VERSION = 1
RECORD = Path("cache") / "exports.json"


def _file_state(path: Path | None) -> list[Any]:
    if path is None:
        return [None]
    try:
        stat = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path), stat.st_size, stat.st_mtime_ns]


def export_key(plan: RenderPlan, output: Path, encoder_id: str) -> str:
    """A digest of everything ``output`` depends on (blocking: a ``stat`` per file)."""
    from vidstudio.export.titles import titles_key

    scenes = []
    for scene in plan.scenes:
        scenes.append({
            "id": scene.scene_id, "take": scene.clip_take_id, "start": scene.start,
            "duration": scene.duration, "frames": scene.frames,
            "clip": _file_state(scene.clip), "bed": _file_state(scene.bed),
            "narration": _file_state(scene.narration), "text": scene.narration_text,
            "sentences": [dataclasses.astuple(s) for s in scene.sentences or ()],
        })
    payload = {
        "version": EXPORT_VERSION,
        "encoder": encoder_id,
        "kind": output.suffix.lower(),
        "target": dataclasses.asdict(plan.target),
        "options": plan.options.model_dump(mode="json"),
        "mix": dataclasses.asdict(plan.mix),
        "title": plan.title,
        "comment": plan.comment,
        "notes": list(plan.notes),
        "scenes": scenes,
        "titles": titles_key(plan),
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _load(project_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((project_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    exports = data.get("exports") if isinstance(data, dict) else None
    return exports if isinstance(exports, dict) else {}


def _outputs_state(result: ExportResult) -> list[list[Any]]:
    return [_file_state(p) for p in (result.output, *result.sidecars)]


def _result_fields(result: ExportResult) -> dict[str, Any]:
    fields = dataclasses.asdict(result)
    fields["output"] = str(result.output)
    fields["sidecars"] = [str(p) for p in result.sidecars]
    return fields


def recorded_result(project_dir: Path, output: Path, key: str) -> ExportResult | None:
    """The recorded result of exporting ``key`` to ``output``, if that file (and its
    sidecars) are still exactly as that export left them; else None (blocking)."""
    entry = _load(project_dir).get(str(output.resolve()))
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    try:
        fields = dict(entry["result"])
        fields["output"] = Path(fields["output"])
        fields["sidecars"] = tuple(Path(p) for p in fields["sidecars"])
        fields["normalized_scenes"] = tuple(fields["normalized_scenes"])
        fields["notes"] = tuple(fields["notes"])
        result = ExportResult(**fields)
    except (KeyError, TypeError, ValueError):
        return None
    if _outputs_state(result) != entry.get("files"):
        return None
    return result


def record_result(project_dir: Path, key: str, result: ExportResult) -> None:
    """Remember that ``result`` is the export of ``key`` (blocking; atomic write)."""
    exports = _load(project_dir)
    # Forget outputs that are gone, so the record does not grow without bound.
    exports = {path: entry for path, entry in exports.items() if os.path.exists(path)}
    exports[str(result.output.resolve())] = {
        "key": key, "files": _outputs_state(result), "result": _result_fields(result)}
    path = project_dir / RECORD
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps({"version": 1, "exports": exports}, indent=1))
