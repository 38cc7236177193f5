"""Entry point of the frozen app (PyInstaller): the same ``vidstudio`` command."""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    # the editor's process pool (forkserver) re-enters this program in its workers
    multiprocessing.freeze_support()
    from vidstudio.__main__ import main

    raise SystemExit(main())
