"""The command line's arguments. Building the parser imports no engine, so ``--help`` and
``--version`` start fast."""

from __future__ import annotations

import argparse
from pathlib import Path

from vidstudio import __version__

# The export engine's choices, spelled out so that building the parser (and so --help and
# --version) imports no export machinery; a test keeps them equal to the engine's own lists.
PRESET_CHOICES = ("broadcast-1080p", "square-1080", "vertical-1080", "web-1080p", "web-720p")
TRANSITION_CHOICES = ("cut", "crossfade", "dip_to_black")
CONFORM_CHOICES = ("crop", "pad", "blur")
PLANNER_CHOICES = ["auto", "local", "claude", "gemini"]


def add_export_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("export")
    group.add_argument("--preset", choices=PRESET_CHOICES,
                       help="delivery format (default: the project's size and fps, -14 LUFS)")
    group.add_argument("--transition", choices=TRANSITION_CHOICES)
    group.add_argument("--conform", choices=CONFORM_CHOICES,
                       help="how clips of another aspect ratio fit the frame")
    group.add_argument("--force", action="store_true",
                       help="export again even when the output is up to date")
    group.add_argument("--loudness", type=float, metavar="LUFS",
                       help="integrated loudness target, e.g. -14 (web) or -23 (broadcast)")
    group.add_argument("--burn-subtitles", action="store_true")
    group.add_argument("--no-subtitles", action="store_true", help="write no .srt/.vtt")


def add_provider_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("providers (default: auto = cloud when its key is set)")
    group.add_argument("--planner", choices=PLANNER_CHOICES)
    group.add_argument("--images", choices=["auto", "local", "luma", "local-ai"])
    group.add_argument("--style", choices=["auto", "local", "fal"])
    group.add_argument("--video", choices=["auto", "local", "luma", "local-ai"])
    group.add_argument("--sound", choices=["auto", "local", "elevenlabs", "local-ai"])
    group.add_argument("--voice", choices=["auto", "local", "elevenlabs"])
    group.add_argument("--music", choices=["auto", "local", "elevenlabs"],
                       help="who composes the film's score")


class _SlotNames(list[str]):
    """The slot names --slot offers, as the editor names them ("sound"); the older name of the
    sound bed, ``sfx``, is still accepted."""

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name == "sfx"


def _slot_choices() -> list[str]:
    from vidstudio.core.vocabulary import SlotKind

    return _SlotNames("sound" if k is SlotKind.SFX else k.value for k in SlotKind
                      if k not in (SlotKind.ENV_IMAGE, SlotKind.STYLE))


def _add_render(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from vidstudio.core.vocabulary import AspectRatio

    render = sub.add_parser("render", help="script -> MP4 (plans, generates, exports)")
    render.add_argument("script", type=Path)
    render.add_argument("-o", "--output", type=Path, required=True)
    render.add_argument("--project", type=Path, help="project folder (default: beside OUTPUT)")
    render.add_argument("--aspect", choices=[a.value for a in AspectRatio])
    render.add_argument("--resolution", type=int, metavar="PIXELS",
                        help="the frame's short side: 144 for drafts, 360, 480, 720 (a new "
                             "project's), 1080; another than the project's repaints its "
                             "keyframes and clips")
    render.add_argument("--max-scenes", type=int)
    render.add_argument("--seed", type=int)
    render.add_argument("--replan", action="store_true", help="plan again even if unchanged")
    render.add_argument("--contact-sheet", action="store_true",
                        help="also write OUTPUT-contact.png with every scene's keyframes")
    render.add_argument("--estimate", action="store_true",
                        help="print what the run would cost and stop; nothing is paid")
    render.add_argument("--budget", type=float, metavar="USD",
                        help="start no paid job that would take the run's spend past USD")
    render.add_argument("--resend-unknown", action="store_true",
                        help="send again a paid request whose outcome a crash left unknown "
                             "(it may then be paid twice)")
    render.add_argument("--environments", type=Path, metavar="FILE.json",
                        help="your own places (a JSON list) the plan must use")
    render.add_argument("--cast", type=Path, metavar="FILE.json",
                        help="your own cast (names, looks, voices, photos) the film must use")
    render.add_argument("--initial-image", type=Path, metavar="PICTURE",
                        help="the first scene's first keyframe")
    render.add_argument("--plan-only", action="store_true",
                        help="write the plan and prompts into the project; generate nothing")
    render.add_argument("-q", "--quiet", action="store_true")
    add_provider_options(render)
    render.add_argument("--score-from", choices=["scenes", "picture"],
                        help="score a plan of the scenes (default) or the assembled picture "
                        "(ElevenLabs video-to-music; the offline composer uses the scenes)")
    add_export_options(render)


def _add_batch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    batch = sub.add_parser("batch", help="many films from a manifest (CSV or JSON Lines)")
    batch.add_argument("manifest", type=Path)
    batch.add_argument("--jobs", type=int, metavar="N",
                       help="films at once (default: as many as the usable cores)")
    batch.add_argument("--budget", type=float, metavar="USD",
                       help="the whole batch's money: a film that would pass it is not started")
    batch.add_argument("--report", type=Path, metavar="FILE.json",
                       help="also write the report here (default: MANIFEST.report.json)")
    batch.add_argument("--json-progress", action="store_true",
                       help="progress as JSON lines on stderr, for machines")
    batch.add_argument("--ray", nargs="?", const="auto", metavar="ADDRESS",
                       help="run on a Ray cluster (default address: RAY_ADDRESS); needs "
                            "pip install 'vidstudio[cluster]'")
    batch.add_argument("-q", "--quiet", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vidstudio", description="Turn a written script into a narrated video."
    )
    parser.add_argument("--version", action="version", version=f"vidstudio {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command")

    app = sub.add_parser("app", help="open the editor (also: vidstudio with no arguments)")
    app.add_argument("project", type=Path, nargs="?", help="a project folder or a script")

    _add_render(sub)
    _add_batch(sub)

    plan = sub.add_parser("plan", help="print the plan as JSON (generates nothing)")
    plan.add_argument("script", type=Path)
    plan.add_argument("--max-scenes", type=int)
    plan.add_argument("--planner", choices=PLANNER_CHOICES)

    cast = sub.add_parser("cast", help="list a project's cast: looks, scenes, voices, sheets")
    cast.add_argument("project", type=Path)
    cast.add_argument("--json", action="store_true", help="as JSON, for machines")

    export = sub.add_parser("export", help="export an existing project")
    export.add_argument("project", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("-q", "--quiet", action="store_true")
    add_export_options(export)

    slots = _slot_choices()
    regen = sub.add_parser("regenerate", help="a new take of one scene's slot")
    regen.add_argument("project", type=Path)
    regen.add_argument("--scene", type=int, required=True, help="scene number, from 1")
    regen.add_argument("--slot", required=True, choices=slots)
    regen.add_argument("-o", "--output", type=Path, help="export the film afterwards")
    add_provider_options(regen)
    add_export_options(regen)

    takes = sub.add_parser("takes", help="list each slot's takes")
    takes.add_argument("project", type=Path)
    takes.add_argument("--scene", type=int, help="only this scene (from 1)")

    costs = sub.add_parser("costs", help="every paid call of a project and what it cost")
    costs.add_argument("project", type=Path)

    use = sub.add_parser("use", help="make an earlier take of a slot the one in use")
    use.add_argument("project", type=Path)
    use.add_argument("--scene", type=int, required=True, help="scene number, from 1")
    use.add_argument("--slot", required=True, choices=slots)
    use.add_argument("--take", required=True, help="the take's id (see `vidstudio takes`)")

    imp = sub.add_parser("import", help="your own file as a new take of a scene's slot, or "
                                        "your own music as the film's score (--slot music)")
    imp.add_argument("project", type=Path)
    imp.add_argument("--scene", type=int, help="scene number, from 1 (none for music)")
    imp.add_argument("--slot", required=True, choices=slots)
    imp.add_argument("file", type=Path, help="a video, sound or picture file")

    voices = sub.add_parser("voices", help="list the narrator's voices")
    voices.add_argument("--voice", choices=["auto", "local", "elevenlabs"])

    rnd = sub.add_parser("random-script", help="print an original short script")
    rnd.add_argument("--seed", type=int, default=0)
    rnd.add_argument("--planner", choices=PLANNER_CHOICES)
    _add_models(sub)
    return parser


def _add_models(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    models = sub.add_parser("models", help="open models for the local-ai providers (your GPU)")
    acts = models.add_subparsers(dest="models_action")
    listing = acts.add_parser("list", help="models found: family, size, dtype, licence")
    listing.add_argument("--folder", type=Path, action="append",
                         help="look here (default: the models folder and the HF cache)")
    for verb, text in (("check", "read one model's files through"),
                       ("use", "run this model for its kind (image, video or audio)")):
        act = acts.add_parser(verb, help=text)
        act.add_argument("name", help="a model's name as listed, or its folder")
        act.add_argument("--folder", type=Path, action="append")
    fetch = acts.add_parser("download", help="fetch OWNER/NAME from the Hugging Face hub "
                            "(progress, resume, checksums)")
    fetch.add_argument("name", help="the model's hub name, e.g. Lightricks/LTX-Video")
    fetch.add_argument("--revision", default="main")
    fetch.add_argument("--into", type=Path, help="folder (default: the models folder)")
