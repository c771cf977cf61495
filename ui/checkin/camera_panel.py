"""The camera card of Accueil: choosing a webcam, turning it on and off, and what it says.

Decoding runs in ``CameraScanner``; this card only drives it. A badge it reads comes out as
``badge_seen(text)``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from civodesk.i18n import _
from ui.checkin.camera_scanner import CameraScanner
from ui.shell.tasks import BaseTaskRunner


class CameraPanel(QFrame):
    badge_seen = Signal(str)

    def __init__(self, tasks: BaseTaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.camera = CameraScanner(tasks, self)
        title = QLabel(_("Caméra"))
        title.setObjectName("sectionTitle")
        self.camera_choice = QComboBox()
        self.camera_choice.setObjectName("cameraChoice")
        self.camera_choice.setAccessibleName(_("Caméra"))
        self.camera_button = QPushButton(_("Activer la caméra"))
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self._on_camera_toggled)
        self.camera_status = QLabel()
        self.camera_status.setObjectName("cameraStatus")
        self.camera_status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.camera_choice)
        layout.addWidget(self.camera_button)
        layout.addWidget(self.camera_status)
        self.camera.badge_seen.connect(self.badge_seen)
        self.camera.status_changed.connect(self.camera_status.setText)
        self._media_devices = QMediaDevices(self)
        self._media_devices.videoInputsChanged.connect(self._list_cameras)
        self._list_cameras()

    def switch_off(self) -> None:
        """The page is hidden: the camera stops (through its button, so the text follows)."""
        self.camera_button.setChecked(False)

    def stop(self) -> None:
        self.camera.stop()

    def _list_cameras(self) -> None:
        cameras = self.camera.cameras()
        self.camera_choice.clear()
        for device in cameras:
            self.camera_choice.addItem(device.description(), device)
        has_camera = bool(cameras)
        self.camera_choice.setEnabled(has_camera)
        self.camera_button.setEnabled(has_camera)
        if not has_camera:
            self.camera_choice.addItem(_("Aucune caméra"))
            self.camera_status.setText(
                _("Aucune caméra détectée : branchez une webcam ou utilisez la douchette.")
            )
        elif not self.camera.running:
            self.camera_status.setText(_("Choisissez la caméra puis activez-la."))

    def _on_camera_toggled(self, checked: bool) -> None:
        if checked:
            started = self.camera.start(self.camera_choice.currentData())
            if not started:
                self.camera_button.setChecked(False)
            self.camera_button.setText(
                _("Arrêter la caméra") if started else _("Activer la caméra")
            )
        else:
            self.camera.stop()
            self.camera_button.setText(_("Activer la caméra"))
