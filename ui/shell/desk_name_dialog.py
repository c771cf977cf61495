"""« Nom de ce poste » : what the other desks and the duplicate message call this laptop.

The host name is the default ("vm", "PC-MAIRIE-03"); the person names the desk after its place
("Entrée nord"). Saved through the writer like any change (``DeskNameService.rename_desk``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from civodesk.devices.naming import MAX_DESK_NAME
from civodesk.i18n import _


class DeskNameDialog(QDialog):
    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskNameDialog")
        self.setWindowTitle(_("Nom de ce poste"))
        intro = QLabel(
            _(
                "Ce nom désigne ce poste auprès des autres postes, par exemple dans « déjà "
                "entré(e) au poste … ». Donnez-lui le nom de sa place : « Entrée nord »."
            )
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(current)
        self.name_edit.setObjectName("deskNameEdit")
        self.name_edit.setMaxLength(MAX_DESK_NAME)
        self.name_edit.selectAll()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name_edit)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def name(self) -> str:
        return self.name_edit.text()
