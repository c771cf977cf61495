"""Finding the dialogs a test opened and answering them like a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot


def confirm(qtbot: QtBot, parent: QWidget) -> None:
    """Click the confirming button of the open confirmation box."""
    box = parent.findChild(QMessageBox, "confirmationBox")
    assert box is not None
    assert box.isVisible()
    button = box.findChild(QPushButton, "confirmButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
