"""The preview's players behind one small interface: libvlc (``VlcPlayer``) and Qt Multimedia
(``QtPlayer``, the fallback where libvlc is missing). The panel (``ui/preview``) drives them."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget


class VlcPlayer:
    """libvlc behind the few calls the panel needs. Raises RuntimeError when libvlc is absent."""

    name = "libvlc"

    def __init__(self, surface: QWidget) -> None:
        try:
            import vlc
        except (ImportError, SystemExit) as exc:  # python-vlc exits on a bad library path
            raise RuntimeError(f"python-vlc cannot load libvlc ({exc})") from exc
        self._vlc = vlc
        embed = QGuiApplication.platformName() == "xcb"
        args = ["--quiet", "--no-video-title-show", "--no-snapshot-preview"]
        args += ["--no-xlib"] if embed else ["--vout=dummy", "--aout=dummy"]
        if os.environ.get("VIDSTUDIO_NO_AUDIO"):
            args.append("--aout=dummy")
        try:
            instance = vlc.Instance(args)
        except (NameError, OSError, AttributeError) as exc:  # no libvlc on the system
            raise RuntimeError(f"libvlc cannot start: {exc}") from exc
        if instance is None:
            raise RuntimeError("libvlc cannot start (vlc.Instance returned None)")
        self.instance = instance
        self.player = instance.media_player_new()
        self._embed = embed
        self.rebind(surface)
        self.fps = 24.0

    def rebind(self, surface: QWidget) -> None:
        """Draw into ``surface``'s native window (again, after it moved to another window)."""
        if self._embed:
            surface.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
            self.player.set_xwindow(int(surface.winId()))

    def load(self, path: Path) -> None:
        self.player.set_media(self.instance.media_new_path(str(path)))

    def play(self) -> None:
        self.player.play()

    def pause(self) -> None:
        self.player.set_pause(1)

    def is_playing(self) -> bool:
        return bool(self.player.is_playing())

    def position(self) -> float:
        ms = self.player.get_time()
        return max(0.0, ms / 1000.0) if ms is not None else 0.0

    def duration(self) -> float:
        ms = self.player.get_length()
        return max(0.0, ms / 1000.0) if ms else 0.0

    def seek(self, seconds: float) -> None:
        self.player.set_time(int(max(0.0, seconds) * 1000))

    def step(self, frames: int) -> None:
        if frames > 0 and not self.is_playing():
            for _ in range(frames):
                self.player.next_frame()
            return
        self.pause()
        self.seek(self.position() + frames / self.fps)

    def set_rate(self, rate: float) -> None:
        self.player.set_rate(rate)

    def release(self) -> None:
        if self.player is None:
            return
        player, self.player = self.player, None
        with contextlib.suppress(Exception):  # libvlc may already be gone at exit
            player.stop()
            player.release()
            self.instance.release()


class QtPlayer:
    """QtMultimedia's player (the fallback when libvlc is missing)."""

    name = "Qt Multimedia"

    def __init__(self, parent: QObject) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self._states = QMediaPlayer.PlaybackState
        self.player = QMediaPlayer(parent)
        self.audio = None
        if QMediaDevices.audioOutputs() and not os.environ.get("VIDSTUDIO_NO_AUDIO"):
            self.audio = QAudioOutput(parent)
            self.player.setAudioOutput(self.audio)
        self.surface = QVideoWidget()
        self.player.setVideoOutput(self.surface)
        self.fps = 24.0

    def load(self, path: Path) -> None:
        from PySide6.QtCore import QUrl

        self.player.setSource(QUrl.fromLocalFile(str(path)))

    def play(self) -> None:
        self.player.play()

    def pause(self) -> None:
        self.player.pause()

    def is_playing(self) -> bool:
        return self.player.playbackState() == self._states.PlayingState

    def position(self) -> float:
        return self.player.position() / 1000.0

    def duration(self) -> float:
        return self.player.duration() / 1000.0

    def seek(self, seconds: float) -> None:
        self.player.setPosition(int(max(0.0, seconds) * 1000))

    def step(self, frames: int) -> None:
        self.pause()
        self.seek(self.position() + frames / self.fps)

    def set_rate(self, rate: float) -> None:
        self.player.setPlaybackRate(rate)

    def rebind(self, surface: QWidget) -> None:
        """Qt Multimedia draws into its own video widget, which moves with the panel."""

    def release(self) -> None:
        self.player.stop()
