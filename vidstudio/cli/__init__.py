"""The ``vidstudio`` command line: the same jobs the editor runs, headless.

    vidstudio render SCRIPT -o OUT.mp4 [--project DIR] [--aspect 16:9|9:16|1:1] [--max-scenes N]
    vidstudio batch MANIFEST [--jobs N] [--budget USD] [--ray [ADDRESS]] [--json-progress]
    vidstudio plan SCRIPT
    vidstudio export PROJECT -o OUT.mp4|OUT.otio
    vidstudio regenerate PROJECT --scene N --slot clip|first_frame|last_frame|sfx|narration
    vidstudio takes PROJECT [--scene N]
    vidstudio use PROJECT --scene N --slot SLOT --take ID
    vidstudio import PROJECT --scene N --slot SLOT FILE
    vidstudio costs PROJECT
    vidstudio random-script [--seed N]
    vidstudio [app] [PROJECT]          the editor (started by vidstudio.__main__)

Progress goes to stderr (a bar on a terminal, sparse lines otherwise); a failure prints one line
``vidstudio: error: ...`` and exits non-zero without touching any existing output file.

One module per verb family (``render``, ``batch``, ``project``, ``takes``, ``info``), each a
thin client of the session and of ``vidstudio.jobs.render.render_script``; ``main`` parses and
turns failures into exit codes. Only what every command needs is imported up front, so
``vidstudio --version`` and ``--help`` start fast; each verb imports its own machinery.
"""

from __future__ import annotations

from vidstudio.cli.common import EXIT_LOCKED, INTERRUPTED
from vidstudio.cli.executor import make_executor as _make_executor
from vidstudio.cli.main import main
from vidstudio.cli.parser import CONFORM_CHOICES, PRESET_CHOICES, TRANSITION_CHOICES

__all__ = ["CONFORM_CHOICES", "EXIT_LOCKED", "INTERRUPTED", "PRESET_CHOICES",
           "TRANSITION_CHOICES", "_make_executor", "main"]
