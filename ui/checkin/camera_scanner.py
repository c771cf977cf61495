"""Webcam scanning: QtMultimedia frames, decoded with zxing-cpp on the I/O pool.

Frames arrive on the GUI thread through a ``QVideoSink``; while one frame is being decoded the next
ones are dropped (a webcam gives 30 a second, one decode takes a few milliseconds), so the GUI thread
only hands a frame reference over. A badge held in view counts once (``SightingFilter``).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)

from civodesk.checkin.camera_sightings import SightingFilter
from civodesk.checkin.frame_decoding import decode_frame
from civodesk.i18n import _
from ui.checkin.video_frames import frame_to_gray
from ui.shell.tasks import BaseTaskRunner


def decode_video_frame(frame: QVideoFrame) -> list[str]:
    """Worker-thread job: convert and decode one frame."""
    gray = frame_to_gray(frame)
    if gray is None:
        return []
    pixels, width, height, stride = gray
    return decode_frame(pixels, width, height, stride)


class CameraScanner(QObject):
    """``badge_seen(text)`` once per badge shown; ``status_changed(text)`` for the person."""

    badge_seen = Signal(str)
    status_changed = Signal(str)

    def __init__(self, tasks: BaseTaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._devices = QMediaDevices(self)
        self._session = QMediaCaptureSession(self)
        self.sink = QVideoSink(self)
        self._session.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self.handle_frame)
        self._camera: QCamera | None = None
        self._decoding = False
        self.sightings = SightingFilter()
        self.frames_decoded = 0

    def cameras(self) -> list[QCameraDevice]:
        return list(QMediaDevices.videoInputs())

    @property
    def running(self) -> bool:
        return self._camera is not None and self._camera.isActive()

    def start(self, device: QCameraDevice | None) -> bool:
        """Open the camera; says so plainly when there is none or it cannot be opened."""
        self.stop()
        if device is None or device.isNull():
            self.status_changed.emit(
                _("Aucune caméra détectée : branchez une webcam ou utilisez la douchette.")
            )
            return False
        camera = QCamera(device, self)
        camera.errorOccurred.connect(self._on_camera_error)
        self._session.setCamera(camera)
        self._camera = camera
        camera.start()
        self.status_changed.emit(
            _("Caméra active : {name}. Présentez le QR code face à l'écran.").format(
                name=device.description()
            )
        )
        return True

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._session.setCamera(None)  # type: ignore[arg-type]
            self._camera.deleteLater()
            self._camera = None
            self.status_changed.emit(_("Caméra arrêtée."))

    def handle_frame(self, frame: QVideoFrame) -> None:
        """Hand the frame to a worker unless one is still decoding (then drop it)."""
        if self._decoding or not frame.isValid():
            return
        self._decoding = True
        self._tasks.submit_io(
            decode_video_frame,
            QVideoFrame(frame),
            on_done=self._on_decoded,
            on_error=self._on_decode_failed,
        )

    def _on_decoded(self, texts: list[str]) -> None:
        self._decoding = False
        self.frames_decoded += 1
        for text in self.sightings.new_texts(texts, time.monotonic() * 1000):
            self.badge_seen.emit(text)

    def _on_decode_failed(self, _error: BaseException) -> None:
        self._decoding = False

    def _on_camera_error(self, _error: QCamera.Error, message: str) -> None:
        self.status_changed.emit(_("La caméra ne répond pas : {message}").format(message=message))
        self.stop()
