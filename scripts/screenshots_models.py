"""A screenshot of Settings → Models (issue 28): the open models found, the device they would
run on (asked of the real model process) and the model each stage uses, under an X server.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots_models.py \
        [OUT_DIR]

The models are the test suite's tiny random-weight ones (tests/providers/localai/tiny_models.py,
built here in a temporary folder; torch and diffusers must be installed): one added as a folder
of the user's, one in a Hugging Face cache. No real weights are downloaded or needed.
``make screenshots`` runs it after the others.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prepare(base: Path) -> Path:
    """Tiny models in ``base/my-models``, tiny-sd also in a Hugging Face cache; the
    environment pointed at them. Returns the user's folder."""
    mine = base / "my-models"
    subprocess.run([sys.executable, str(ROOT / "tests" / "providers" / "localai" /
                                        "tiny_models.py"), str(mine)], check=True,
                   capture_output=True)
    cache = base / "hf"
    shutil.copytree(mine / "tiny-sd", cache / "models--tiny--tiny-sd" / "snapshots" / ("0" * 40))
    os.environ["VIDSTUDIO_MODELS"] = str(base / "models")
    os.environ["HF_HUB_CACHE"] = str(cache)
    os.environ["VIDSTUDIO_DATA_DIR"] = str(base / "data")
    return mine


async def said(signal: object, wanted: tuple[str, ...] = ()) -> None:
    """Until ``signal`` is emitted (with a text holding one of ``wanted``, when given)."""
    done = asyncio.Event()

    def heard(*args: object) -> None:
        if not wanted or any(w in str(args[0]) for w in wanted):
            done.set()

    signal.connect(heard)  # type: ignore[attr-defined]
    await done.wait()


async def shoot(out: Path, base: Path, mine: Path) -> Path:
    from PySide6.QtCore import QSettings

    from vidstudio.app import build_services
    from vidstudio.providers.localai import catalog
    from vidstudio.providers.localai.host import close_hosts
    from vidstudio.ui.settings_dialog import SettingsDialog

    catalog.add_folder(mine)
    for model in catalog.find_models():
        if model.name in ("tiny-ltx", "tiny-stable-audio"):
            catalog.accept_licence(model)
            assert model.family is not None
            catalog.remember_choice(model.family.capability, model.name)
    settings = QSettings(str(base / "settings.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(build_services(settings, data_dir=base / "data"))
    dialog.open()
    page = dialog.models_page
    listed = asyncio.ensure_future(said(page.refreshed))
    dialog.tabs.setCurrentWidget(page)
    await listed
    row = [m.name for m in page.models].index("tiny-ltx")
    page.table.selectRow(row)
    checked = asyncio.ensure_future(said(page.said, ("would run on", "cannot run", "device")))
    page.check()
    await checked
    page.table.selectRow(row)
    page.repo_edit.setText("Lightricks/LTX-Video")  # typed, not fetched: shows the field in use
    await asyncio.sleep(0.5)
    target = out / "settings-models.png"
    dialog.grab().save(str(target))
    dialog.reject()
    await close_hosts()
    return target


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    base = Path(tempfile.mkdtemp(prefix="vidstudio-models-shot-"))
    mine = prepare(base)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            print(loop.run_until_complete(shoot(out, base, mine)))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
