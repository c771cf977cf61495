"""Reopening a closed meeting: an explicit act, so it asks for the reason that goes in the journal."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _


class ReopenDialog(QDialog):
    def __init__(self, meeting_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reopenDialog")
        self.setWindowTitle(_("Rouvrir la réunion"))
        self.setMinimumWidth(480)
        explanation = QLabel(
            _(
                "« {title} » est close. La rouvrir permet de la modifier à nouveau ; la "
                "réouverture et sa raison sont enregistrées dans le journal de la réunion."
            ).format(title=meeting_title)
        )
        explanation.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(_("Ex. : corriger l'heure de fin saisie par erreur"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Rouvrir"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(QLabel(_("Raison de la réouverture :")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._on_reason_changed)
        self._on_reason_changed()
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _on_reason_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))
