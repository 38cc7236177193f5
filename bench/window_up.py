"""Start the editor's main window offscreen and exit as soon as it is shown.

Timed as a whole process by ``bench_startup`` ("editor window up"): interpreter start, the
imports the window needs, building every panel, and the first show.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from vidstudio.app import build_services
    from vidstudio.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    data = Path(tempfile.mkdtemp(prefix="vidstudio-window-up-"))
    settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(build_services(settings, data_dir=data))
    window.show()
    QTimer.singleShot(0, app.quit)  # the first turn of the event loop: the window is up
    app.exec()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
