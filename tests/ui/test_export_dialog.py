"""The export dialog writes what it says (preset, subtitles, loudness), can be cancelled or fail
without touching the previous file, hands off OTIO, and leaves the window usable meanwhile."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING, Any

import imageio_ffmpeg
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget

from tests.ui.keys import choose, choose_label, click, retype
from vidstudio.core.vocabulary import SlotKind
from vidstudio.jobs.manager import JobState
from vidstudio.media.audio import integrated_loudness, read_audio
from vidstudio.media.ffmpeg import probe

if TYPE_CHECKING:
    from pathlib import Path

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


class _Window(QWidget):
    """Stands in for the main window: a button whose clicks are counted."""

    def __init__(self) -> None:
        super().__init__()
        self.clicks = 0
        self.button = QPushButton("poke", self)
        self.button.clicked.connect(self._on_clicked)
        QVBoxLayout(self).addWidget(self.button)

    def _on_clicked(self) -> None:
        self.clicks += 1


@pytest.fixture
def dialog(document: Any, sample_project: Path, run: Any, qtbot: Any) -> Any:
    from vidstudio.ui.export_dialog import ExportDialog

    run(document.open(sample_project))
    window = _Window()
    qtbot.addWidget(window)
    window.show()
    box = ExportDialog(document, window)
    box.window_stub = window
    box.open()
    assert not box.isModal()
    return box


def _choose(dialog: Any, output: Path, *, preset: str = "web-720p",
            quality: str = "Draft (fast)", subtitles: str = "sidecar",
            loudness: float = -14.0) -> None:
    """Fills the dialog in as a user does: types the path, picks each option with the keys."""
    retype(dialog.path_edit, str(output))
    choose(dialog.preset_combo, preset)
    choose_label(dialog.quality_combo, quality)
    choose(dialog.subtitles_combo, subtitles)
    choose(dialog.loudness_combo, loudness)


def _answer(qtbot: Any, dialog: Any, button: QMessageBox.StandardButton) -> None:
    """Clicks ``button`` of the question the dialog asks."""
    box = dialog.message_box
    assert box is not None, "the dialog asked nothing"
    qtbot.waitUntil(box.isVisible, timeout=5000)
    click(box.button(button))


def _decodes_fully(path: Path) -> str:
    done = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True, timeout=300, check=False)
    return done.stdout + done.stderr


def _loudness(path: Path, tmp: Path) -> float:
    wav = tmp / "measured.wav"
    subprocess.run([FFMPEG, "-v", "error", "-y", "-i", str(path), "-vn", "-ac", "2",
                    "-ar", "48000", str(wav)], check=True, timeout=120)
    samples, rate = read_audio(wav)
    return integrated_loudness(samples, rate)


def test_export_writes_the_chosen_format_and_keeps_the_window_usable(
        dialog: Any, tmp_path: Path, qtbot: Any) -> None:
    output = tmp_path / "out" / "square.mp4"
    _choose(dialog, output, preset="square-1080", subtitles="burned", loudness=-16.0)
    ticks: list[int] = []
    probe_timer = QTimer()
    probe_timer.timeout.connect(lambda: ticks.append(1))
    probe_timer.start(20)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    job = dialog.job
    assert job is not None and dialog.cancel_button.isVisible()
    assert not dialog.export_button.isEnabled()

    # while it runs, the window answers clicks and timers keep firing
    window = dialog.window_stub
    qtbot.waitUntil(lambda: job.state is JobState.RUNNING, timeout=30000)
    qtbot.mouseClick(window.button, Qt.MouseButton.LeftButton)
    assert window.clicks == 1 and not job.state.finished
    qtbot.waitUntil(lambda: len(ticks) >= 5 or job.state.finished, timeout=30000)

    qtbot.waitUntil(lambda: job.state.finished, timeout=600000)
    probe_timer.stop()
    assert job.state is JobState.SUCCEEDED, job.outcome
    assert dialog.open_folder_button.isVisible()
    assert "Wrote square.mp4" in dialog.status.text()
    assert _decodes_fully(output) == ""
    video = probe(output).video
    assert video is not None and (video.width, video.height) == (1080, 1080)
    assert not output.with_suffix(".srt").exists()  # burned in, not beside
    assert _loudness(output, tmp_path) == pytest.approx(-16.0, abs=1.5)


def test_cancel_leaves_the_previous_file_untouched(dialog: Any, tmp_path: Path,
                                                   qtbot: Any) -> None:
    output = tmp_path / "film.mp4"
    output.write_bytes(b"the previous export")
    _choose(dialog, output, preset="web-1080p", quality="High")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.message_box
    assert box is not None and "already exists" in box.text()
    assert dialog.job is None  # nothing starts before the answer
    _answer(qtbot, dialog, QMessageBox.StandardButton.Yes)
    job = dialog.job
    assert job is not None
    qtbot.waitUntil(lambda: job.state is JobState.RUNNING, timeout=30000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: job.state.finished and not dialog.cancel_button.isVisible(),
                    timeout=60000)
    assert job.state is JobState.CANCELLED
    assert "cancelled" in dialog.status.text()
    assert output.read_bytes() == b"the previous export"
    assert dialog.export_button.isEnabled()


def test_declining_the_overwrite_question_starts_nothing(dialog: Any, tmp_path: Path,
                                                         qtbot: Any) -> None:
    output = tmp_path / "film.mp4"
    output.write_bytes(b"keep me")
    retype(dialog.path_edit, str(output))
    click(dialog.export_button)
    _answer(qtbot, dialog, QMessageBox.StandardButton.No)
    qtbot.waitUntil(lambda: dialog.message_box is None, timeout=5000)
    assert dialog.job is None
    assert output.read_bytes() == b"keep me"


def test_a_failed_export_says_why_and_keeps_the_previous_file(
        dialog: Any, document: Any, tmp_path: Path, qtbot: Any) -> None:
    session = document.session
    clip = session.project.ordered_scenes[0].slot(SlotKind.CLIP).active_take
    (session.folder.path / clip.file).write_bytes(b"not a video any more")
    output = tmp_path / "film.mp4"
    output.write_bytes(b"the previous export")
    _choose(dialog, output)
    click(dialog.export_button)
    _answer(qtbot, dialog, QMessageBox.StandardButton.Yes)
    job = dialog.job
    assert job is not None
    qtbot.waitUntil(lambda: job.state.finished and not dialog.cancel_button.isVisible(),
                    timeout=300000)
    assert job.state is JobState.FAILED
    assert dialog.status.text().startswith("Export failed:")
    assert "previous file is unchanged" in dialog.status.text()
    assert output.read_bytes() == b"the previous export"
    assert not dialog.open_folder_button.isVisible()


def test_otio_hand_off(dialog: Any, document: Any, tmp_path: Path, qtbot: Any) -> None:
    import opentimelineio as otio

    retype(dialog.path_edit, str(tmp_path / "handoff.mp4"))
    choose(dialog.format_combo, ".otio")
    assert dialog.output == tmp_path / "handoff.otio"
    assert dialog.path_edit.text() == str(tmp_path / "handoff.otio")  # the field follows
    assert not dialog.preset_combo.isEnabled()
    click(dialog.export_button)
    job = dialog.job
    assert job is not None
    qtbot.waitUntil(lambda: job.state.finished, timeout=120000)
    assert job.state is JobState.SUCCEEDED, job.outcome
    timeline = otio.adapters.read_from_file(str(tmp_path / "handoff.otio"))
    clips = list(timeline.find_clips())
    assert len(clips) >= len(document.session.project.scenes)
