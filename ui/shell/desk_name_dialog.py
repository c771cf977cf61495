"""« Nom de ce poste » : what the other desks and the duplicate message call this laptop.

The host name is the default ("vm", "PC-MAIRIE-03"); the person names the desk after its place
("Entrée nord"). Saved through the writer like any change (``DeskNameService.rename_desk``).
At first run (``first_run``) the dialog is asked once, prefilled with the suggestion, and says
that cancelling keeps it: the window then saves the suggestion as the desk's name.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from civodesk.devices.naming import MAX_DESK_NAME
from civodesk.i18n import _


class DeskNameDialog(QDialog):
    def __init__(
        self, current: str, parent: QWidget | None = None, first_run: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deskNameDialog")
        self.setWindowTitle(_("Nom de ce poste"))
        text = _(
            "Ce nom désigne ce poste auprès des autres postes, par exemple dans « déjà "
            "entré(e) au poste … ». Donnez-lui le nom de sa place : « Entrée nord »."
        )
        if first_run:
            text = (
                _("Bienvenue dans CivoDesk. Comment s'appelle ce poste ?")
                + "\n\n"
                + text
                + "\n\n"
                + _(
                    "Si vous annulez, il s'appellera « {name} ». Vous pourrez le changer dans "
                    "Fichier ▸ Nom de ce poste…"
                ).format(name=current)
            )
        intro = QLabel(text)
        intro.setObjectName("deskNameIntro")
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
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Annuler"))
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
