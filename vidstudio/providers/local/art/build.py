"""Rebuild the vendored drawing set from the npm packages it comes from (run by hand, offline).

    npm pack @iconify-json/fluent-emoji-flat@1.2.6 cldr-annotations-full@48.2.0 \
        cldr-annotations-derived-full@48.2.0
    (unpack each tarball into its own folder)
    python -m vidstudio.providers.local.art.build ICONS_DIR CLDR_DIR CLDR_DERIVED_DIR

writes ``data/names.json.xz`` (every drawing except flags and symbols: code points, category,
English CLDR keywords and spoken name, view box) and ``data/drawings.json.xz`` (their SVG
bodies), so that reading the names does not decode the drawings. Nothing here runs in the
product.
"""

from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path
from typing import Any

SKIPPED_CATEGORIES = frozenset({"Flags", "Symbols"})
DATA = Path(__file__).with_name("data")


def _chars(code: str) -> str:
    return "".join(chr(int(part, 16)) for part in code.split("-"))


def _annotations(folder: Path, key: str) -> dict[str, Any]:
    data = json.loads((folder / key / "en" / "annotations.json").read_text("utf-8"))
    return dict(data[key]["annotations"])


def build(icons_dir: Path, cldr_dir: Path, derived_dir: Path) -> dict[str, Any]:
    icons = json.loads((icons_dir / "icons.json").read_text("utf-8"))
    categories = json.loads((icons_dir / "metadata.json").read_text("utf-8"))["categories"]
    chars = json.loads((icons_dir / "chars.json").read_text("utf-8"))
    notes = _annotations(cldr_dir, "annotations")
    notes.update(_annotations(derived_dir, "annotationsDerived"))
    code_of: dict[str, str] = {}
    for code, name in chars.items():
        code_of.setdefault(name, code)
    drawings: dict[str, Any] = {}
    for category, names in categories.items():
        if category in SKIPPED_CATEGORIES:
            continue
        for name in names:
            icon = icons["icons"].get(name)
            if icon is None:
                continue
            code = code_of.get(name, "")
            text = _chars(code) if code else ""
            note = notes.get(text) or notes.get(text.replace("\ufe0f", "")) or {}
            drawings[name] = {
                "svg": icon["body"],
                "w": icon.get("width", icons.get("width", 32)),
                "h": icon.get("height", icons.get("height", 32)),
                "cp": code,
                "cat": category,
                "kw": list(note.get("default", [])),
                "tts": " ".join(note.get("tts", [])),
            }
    return {
        "source": "@iconify-json/fluent-emoji-flat 1.2.6 (Microsoft Fluent Emoji, MIT); "
        "keywords: cldr-annotations-full 48.2.0 (Unicode License v3)",
        "drawings": drawings,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    data = build(Path(argv[0]), Path(argv[1]), Path(argv[2]))
    drawings = data.pop("drawings")
    names = {name: {k: v for k, v in d.items() if k != "svg"} for name, d in drawings.items()}
    svgs = {name: d["svg"] for name, d in drawings.items()}
    for file, content in (("names.json.xz", {**data, "names": names}), ("drawings.json.xz", svgs)):
        raw = json.dumps(content, separators=(",", ":"), sort_keys=True).encode("utf-8")
        (DATA / file).write_bytes(lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME))
        print(f"{file}: {len(drawings)} drawings, {(DATA / file).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
