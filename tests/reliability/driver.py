"""The real ``vidstudio`` command line with the emulated paid providers of ``cloudsim`` and tiny
frames (256×144, 12 fps), for tests that kill or interrupt it as a user would:

    python -m tests.reliability.driver render SCRIPT -o OUT.mp4 ...

Everything but the providers and the frame size is the program itself: its signal handling,
process pool, project session, lock, journal and export.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def _install() -> None:
    import vidstudio.cli.common as cli
    import vidstudio.providers.registry as registry
    from tests.reliability.cloudsim import FPS, SIZE, sim_providers

    def build(requested: Any, credentials: Any, *, executor: Any = None,
              options: Any = None) -> Any:
        return sim_providers(executor)

    registry.build_providers = build  # type: ignore[assignment]
    real_settings = cli.settings_from

    def tiny(args: Any) -> Any:
        return real_settings(args).model_copy(update={"short_side": min(SIZE), "fps": FPS})

    cli.settings_from = tiny
    if "save" in os.environ.get("VIDSTUDIO_TEST_HOLD", "").split(","):
        _hold_a_save()


class _SlowSaves:
    """``os`` as vidstudio.atomic sees it, except that the fsync of the temporary file of the
    N-th project.json write (``VIDSTUDIO_TEST_HOLD_SAVE``, default 3) never returns: the process is then killed mid-save, between
    writing the new file and renaming it into place."""

    def __init__(self) -> None:
        self.seen = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def fsync(self, fd: int) -> None:
        from tests.reliability.cloudsim import log_event

        try:
            name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            name = ""
        if name.startswith(".project.json.p") and name.endswith(".part"):
            self.seen += 1
            if self.seen == int(os.environ.get("VIDSTUDIO_TEST_HOLD_SAVE", "3")):
                log_event("held", "save", name)
                while True:
                    time.sleep(1)
        os.fsync(fd)


def _hold_a_save() -> None:
    import vidstudio.atomic as atomic

    atomic.os = _SlowSaves()  # type: ignore[assignment]


def main() -> int:
    _install()
    from vidstudio.cli import main as cli_main

    return cli_main(sys.argv[1:], whole_process=True)


if __name__ == "__main__":
    raise SystemExit(main())
