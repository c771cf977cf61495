"""Printing badges: the choice between a sheet to cut and invitations is ours, in plain words.

It used to hide in the file dialog's "Files of type" list; now the person picks what to print,
then where to write the PDF (a file dialog in the interface language).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.documents.badges import Layout
from civodesk.i18n import _
from ui.shell.qt_gaps import file_dialog


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


class BadgePrintDialog(QDialog):
    """``layout()`` and ``path()`` once accepted."""

    def __init__(self, count_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("badgePrintDialog")
        self.setWindowTitle(_("Imprimer les badges"))
        intro = QLabel(count_text)
        intro.setWordWrap(True)
        self.sheet_choice = QRadioButton(_("Planche de badges à découper (8 par page A4)"))
        self.sheet_choice.setObjectName("sheetChoice")
        self.invitation_choice = QRadioButton(
            _("Invitations, une par page (à envoyer ou à remettre)")
        )
        self.invitation_choice.setObjectName("invitationChoice")
        self.sheet_choice.setChecked(True)
        choices = QButtonGroup(self)
        choices.addButton(self.sheet_choice)
        choices.addButton(self.invitation_choice)
        self.path_edit = QLineEdit(str(default_folder() / _("badges.pdf")))
        self.path_edit.setObjectName("badgePathEdit")
        self.path_edit.setAccessibleName(_("Fichier PDF"))
        self.path_edit.textChanged.connect(self._update_ok)
        browse = QPushButton(_("Choisir…"))
        browse.setObjectName("browseButton")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Créer le PDF"))
        self.ok_button.setObjectName("createPdfButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.sheet_choice)
        layout.addWidget(self.invitation_choice)
        layout.addSpacing(8)
        layout.addWidget(QLabel(_("Fichier PDF :")))
        layout.addLayout(path_row)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def chosen_layout(self) -> Layout:
        return "invitation" if self.invitation_choice.isChecked() else "sheet"

    def path(self) -> Path:
        text = self.path_edit.text().strip()
        return Path(text if text.lower().endswith(".pdf") else text + ".pdf")

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.path_edit.text().strip()))

    def _browse(self) -> None:
        current = Path(self.path_edit.text().strip() or default_folder())
        dialog = file_dialog(self, _("Enregistrer le PDF"), str(current), _("PDF (*.pdf)"), True)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.file_dialog = dialog
