"""A paid request with an unknown outcome, in the editor: the real ElevenLabs SDK against the
local emulator answering 500 to a sound effect (the service may have made and billed it), the
offline providers making everything else. The window asks before sending it again: "No" sends
nothing (also when the project is opened again), "Yes" sends it once and the ledger says it was
possibly paid twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from tests.emulators.base import Reply
from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
from vidstudio.core.vocabulary import Stage
from vidstudio.jobs.retry import RetryPolicy

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = "Fishing boats rock gently in the harbour while the gulls wake the town.\n"
SOUND = r"/v1/sound-generation"


def _question(window: Any, qtbot: Any) -> QMessageBox:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "resend-unknown") is not None,
                    timeout=60000)
    box = window.findChild(QMessageBox, "resend-unknown")
    assert isinstance(box, QMessageBox)
    return box


def _click(box: QMessageBox, name: str, qtbot: Any) -> None:
    button = box.findChild(QPushButton, name)
    assert button is not None and button.accessibleName(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_unknown_outcome_is_sent_again_only_after_yes(
        app_settings: Any, tmp_path: Path, process_pool: Any, qtbot: Any, run: Any) -> None:
    from vidstudio.app import build_services
    from vidstudio.core.models import Settings
    from vidstudio.providers.keys import Credentials
    from vidstudio.providers.registry import build_providers
    from vidstudio.ui.main_window import MainWindow

    emulator = ElevenLabsEmulator()
    emulator.start()
    try:
        # The first sound effect gets a 500 once it is sent: made and billed, or not.
        emulator.fail_next(SOUND, Reply(500, {"detail": {"status": "internal_error",
                                                         "message": "upstream reset"}}))
        credentials = Credentials(keys={"elevenlabs": emulator.api_key},
                                  base_urls={"elevenlabs": emulator.base_url})

        def providers(settings: Any) -> Any:
            chosen = {stage: "local" for stage in Stage}
            chosen[Stage.SOUND] = "elevenlabs"
            return build_providers(chosen, credentials, executor=process_pool)

        services = build_services(app_settings, executor=process_pool,
                                  data_dir=tmp_path / "data")
        services.new_settings = Settings(short_side=144, fps=12)
        services.providers = providers
        services.session_options = {"retry": RetryPolicy(attempts=2, base_delay=0.01,
                                                         max_delay=0.02)}
        window = MainWindow(services)
        window.show()
        run(window.start())
        qtbot.keyClicks(window.script_pane.editor, SCRIPT.strip())
        qtbot.mouseClick(window.script_pane.plan_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(window.session and window.session.project.scenes)
                        and not window.session.manager.running(), timeout=60000)
        window.generate_all()
        confirm = window.findChild(QMessageBox, "confirm-generate")
        assert confirm is not None
        confirm.accept()

        # The run ends with the sound as an unknown outcome: the window names it and its cost.
        box = _question(window, qtbot)
        assert "Fishing boats" in box.text() and "(elevenlabs) — may have cost $0.0" \
            in box.text(), box.text()
        assert "billed" in box.text() and "twice" in box.text()
        sent = len(emulator.requests_to(SOUND, "POST"))
        billed = emulator.sound_creations
        assert sent >= 1 and billed == 0  # the 500 came back; nothing was sent again on its own

        _click(box, "resend-unknown-no", qtbot)
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "resend-unknown") is None)
        outcomes = window.unknown_outcomes
        assert outcomes.button.isVisible() and "1 unknown outcome" in outcomes.button.text()
        session = window.session
        assert session is not None
        [entry] = session.folder.journal.unknown()
        assert entry.provider == "elevenlabs" and entry.possible_cost > 0
        assert entry.what.endswith(": sfx"), entry.what  # the stage is kept, not only the title
        assert len(emulator.requests_to(SOUND, "POST")) == sent
        assert emulator.sound_creations == billed

        # Opened again, the project's journal still holds it: the question comes back.
        path = session.folder.path
        run(window.document.close())
        run(window.document.open(path))
        box = _question(window, qtbot)
        _click(box, "resend-unknown-yes", qtbot)
        session = window.session
        assert session is not None
        qtbot.waitUntil(lambda: any(j.kind == "generate-all" for j in session.manager.jobs))
        job = next(j for j in session.manager.jobs if j.kind == "generate-all")
        qtbot.waitUntil(lambda: job.state.finished, timeout=60000)
        assert len(emulator.requests_to(SOUND, "POST")) == sent + 1
        assert emulator.sound_creations == billed + 1
        twice = [e for e in session.project.ledger if e.possibly_paid_twice]
        assert len(twice) == 1 and twice[0].provider == "elevenlabs"
        assert session.folder.journal.unknown() == []
        qtbot.waitUntil(lambda: not outcomes.button.isVisible())
        window.close()
        qtbot.waitUntil(lambda: window._closed, timeout=60000)
    finally:
        emulator.stop()
