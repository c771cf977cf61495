"""Asking before a destructive action, without blocking the event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from civodesk.i18n import _


def ask_confirmation(
    parent: QWidget, title: str, text: str, confirm_label: str, on_confirmed: Callable[[], None]
) -> QMessageBox:
    """Show a window-modal question; ``on_confirmed`` runs only if the person confirms.

    "Annuler" is the default button, so a stray Enter never destroys anything.
    """
    box = QMessageBox(parent)
    box.setObjectName("confirmationBox")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    confirm = box.addButton(confirm_label, QMessageBox.ButtonRole.AcceptRole)
    confirm.setObjectName("confirmButton")
    cancel = box.addButton(_("Annuler"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def on_clicked(button: object) -> None:
        if button is confirm:
            on_confirmed()

    box.buttonClicked.connect(on_clicked)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
