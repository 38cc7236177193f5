"""A cloud provider failing in the editor: the real ElevenLabs SDK against the local emulator
answering 500, while the offline providers make everything else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.emulators.base import Reply
from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator
from tests.ui.keys import type_text
from vidstudio.core.vocabulary import SlotKind, Stage
from vidstudio.jobs.manager import JobState
from vidstudio.jobs.retry import RetryPolicy

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = """EXT. HARBOUR - DAWN

Fishing boats rock gently while the gulls wake the town.

INT. BAKERY - MORNING

The baker pulls the first loaves from the oven and smiles.
"""


def test_a_failing_provider_shows_its_message_on_its_card_while_others_finish(
        app_settings: Any, tmp_path: Path, process_pool: Any, qtbot: Any, run: Any) -> None:
    from vidstudio.app import build_services
    from vidstudio.core.models import Settings
    from vidstudio.providers.keys import Credentials
    from vidstudio.providers.registry import build_providers
    from vidstudio.ui.main_window import MainWindow

    emulator = ElevenLabsEmulator()
    emulator.start()
    try:
        # Every sound-effect request fails with the service's own 500 message.
        emulator.fail_next(r"/v1/sound-generation", Reply(
            500, {"detail": {"status": "internal_error",
                             "message": "the sound model is overloaded"}}), times=1000)
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
        type_text(window.script_pane.editor, SCRIPT)
        qtbot.mouseClick(window.script_pane.plan_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(window.session.project.scenes)
                        and not window.session.manager.running(), timeout=60000)
        qtbot.waitUntil(lambda: window.estimate_label.text().startswith("est. $"), timeout=5000)
        window.generate_all()  # sound is paid: the estimate is asked for first
        box = window.findChild(QMessageBox, "confirm-generate")
        assert box is not None and "Estimated cost: $" in box.text()
        box.accept()
        session = window.session
        # Generate all starts its job on the next turn of the loop (render_script).
        qtbot.waitUntil(lambda: any(j.kind == "generate-all" for j in session.manager.jobs))
        job = next(j for j in session.manager.jobs if j.kind == "generate-all")
        qtbot.waitUntil(lambda: job.state.finished, timeout=300000)
        assert job.state is JobState.FAILED
        assert "the sound model is overloaded" in job.outcome

        for scene in session.project.ordered_scenes:
            card = window.board.cards[scene.id]
            row = card.rows[SlotKind.SFX]
            qtbot.waitUntil(row.error.isVisible, timeout=5000)
            assert "the sound model is overloaded" in row.error.text()
            assert row.retry.isVisible()
            # The other slots of the same card carried on and finished.
            assert scene.slots[SlotKind.CLIP].is_ready
            assert scene.slots[SlotKind.NARRATION].is_ready
            assert not card.rows[SlotKind.CLIP].error.isVisible()
        assert emulator.api_key not in window.statusBar().currentMessage()

        # Retry once the service is back: only the sound is made.
        emulator.reset()
        card = window.board.cards[session.project.ordered_scenes[0].id]
        qtbot.mouseClick(card.rows[SlotKind.SFX].retry, Qt.MouseButton.LeftButton)
        retry = next(j for j in session.manager.jobs if j.kind == "regenerate")
        qtbot.waitUntil(lambda: retry.state.finished, timeout=60000)
        assert retry.state is JobState.SUCCEEDED, retry.outcome
        qtbot.waitUntil(lambda: not card.rows[SlotKind.SFX].error.isVisible(), timeout=5000)
        window.close()
        qtbot.waitUntil(lambda: window._closed, timeout=60000)
    finally:
        emulator.stop()
