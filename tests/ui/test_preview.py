"""The preview plays takes and the film with libvlc, and with Qt Multimedia where libvlc is
missing; keys drive it; positions are reported in film time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt

from vidstudio.core.vocabulary import SlotKind

if TYPE_CHECKING:
    from pathlib import Path


def _libvlc_works() -> bool:
    try:
        import vlc

        instance = vlc.Instance(["--vout=dummy", "--aout=dummy"])
    except (ImportError, NameError, OSError, AttributeError):
        return False
    if instance is None:
        return False
    instance.release()
    return True


def _panel(document: Any, qtbot: Any, backend: str | None) -> Any:
    from vidstudio.ui.preview import PreviewPanel

    panel = PreviewPanel(document, backend=backend)
    qtbot.addWidget(panel)
    panel.resize(480, 320)
    panel.show()
    return panel


def _clip_of_second_scene(document: Any) -> tuple[Path, float]:
    session = document.session
    scenes = session.project.ordered_scenes
    take = scenes[1].slot(SlotKind.CLIP).active_take
    return session.folder.path / take.file, float(scenes[0].duration)


def _plays(panel: Any, document: Any, qtbot: Any) -> None:
    path, scene_start = _clip_of_second_scene(document)
    positions: list[float] = []
    panel.position_changed.connect(positions.append)
    panel.load_and_play(path)
    qtbot.waitUntil(lambda: panel.is_playing() and panel.position() > 0.4, timeout=30000)
    assert "scene 2 clip" in panel.status.text()
    # the time moves, and it is reported in film time (after the first scene)
    qtbot.waitUntil(lambda: len({round(p, 2) for p in positions}) >= 3, timeout=30000)
    assert all(p >= scene_start for p in positions)
    # Space pauses, L plays again, K pauses
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not panel.is_playing(), timeout=10000)
    qtbot.keyClick(panel, Qt.Key.Key_L)
    qtbot.waitUntil(panel.is_playing, timeout=10000)
    qtbot.keyClick(panel, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not panel.is_playing(), timeout=10000)


@pytest.mark.skipif(not _libvlc_works(), reason="libvlc is not installed")
def test_libvlc_plays_a_take(document: Any, sample_project: Path, run: Any, qtbot: Any) -> None:
    run(document.open(sample_project))
    panel = _panel(document, qtbot, None)
    assert panel.backend == "vlc"
    assert panel.notice.isHidden()
    _plays(panel, document, qtbot)
    # frame steps move by a frame while paused
    before = panel.position()
    panel.seek(scene_start := _clip_of_second_scene(document)[1] + 1.0)
    qtbot.waitUntil(lambda: abs(panel.position() - 1.0) < 0.3 or panel.position() != before,
                    timeout=10000)
    assert scene_start > 1.0
    panel.release()


def test_qt_fallback_plays_a_take_and_says_so(document: Any, sample_project: Path, run: Any,
                                              qtbot: Any) -> None:
    run(document.open(sample_project))
    panel = _panel(document, qtbot, "qt")
    assert panel.backend == "qt"
    assert "Qt Multimedia" in panel.notice.text() and not panel.notice.isHidden()
    _plays(panel, document, qtbot)
    panel.release()


def test_missing_libvlc_falls_back_without_crashing(document: Any, qtbot: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    vlc = pytest.importorskip("vlc")

    def no_libvlc(*_args: Any) -> Any:
        raise NameError("name 'dll' is not defined")

    monkeypatch.setattr(vlc, "Instance", no_libvlc)
    panel = _panel(document, qtbot, None)
    assert panel.backend == "qt"
    assert not panel.notice.isHidden()
    panel.show_film()  # no project: nothing happens
    panel.release()


def test_film_preview_renders_into_the_cache_and_loads(document: Any, sample_project: Path,
                                                       run: Any, qtbot: Any) -> None:
    run(document.open(sample_project))
    panel = _panel(document, qtbot, None)
    with qtbot.waitSignal(panel.film_ready, timeout=600000) as ready:
        panel.show_film()
    output = ready.args[0]
    assert output == document.session.folder.cache_dir / "preview.mp4"
    assert output.is_file() and panel.mode == "film"
    assert not (output.with_suffix(".srt")).exists()
    panel.seek(3.0)
    qtbot.waitUntil(lambda: abs(panel.position() - 3.0) < 0.5, timeout=20000)
    panel.release()
