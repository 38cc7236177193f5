"""Building a slow, read-only test resource once per test run, however many xdist workers need it.

A session fixture calls ``built_once``: under pytest-xdist the first worker to need the resource
builds it in the run's common temporary folder while it holds a file lock; the others wait for
that lock and reuse what it built. A failed build is removed, so the next worker builds anew.
Without xdist the one process builds it in a folder of its own.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], None]) -> Path:
    """The folder ``name`` that ``build`` filled, built once in this test run."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        root = tmp_path_factory.mktemp(name)
        build(root)
        return root
    from filelock import FileLock

    run_temp = tmp_path_factory.getbasetemp().parent  # this run's, shared by its workers
    shared = run_temp / name
    with FileLock(str(run_temp / f"{name}.lock")):
        if not (shared / "done").is_file():
            shutil.rmtree(shared, ignore_errors=True)
            shared.mkdir()
            try:
                build(shared)
            except BaseException:
                shutil.rmtree(shared, ignore_errors=True)
                raise
            (shared / "done").touch()
    return shared
