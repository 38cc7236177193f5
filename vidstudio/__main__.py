"""The ``vidstudio`` command: the editor with no arguments (or ``app``), else the CLI.

Kept tiny so that the command line never pays for importing Qt, and the editor never pays for
the command line's parser.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["__watch-parent__"]:  # a child's watcher where the kernel has no pdeathsig
        from vidstudio.osdeps_children import watch_main

        return watch_main(args[1:])
    if not args or args[0] in ("app", "--self-test"):
        from vidstudio.app import main as app_main

        return app_main(args[1:] if args[0:1] == ["app"] else args)
    from vidstudio.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
