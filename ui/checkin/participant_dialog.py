"""Adding, editing, or registering a walk-in: the participant's fields and their consent.

Validated as you type with the service's own rules (``validate_participant``,
``contacts_without_consent``); the OK button stays disabled until the fields are valid and, for a
new person, consent to the stated purpose is ticked. A person registered without consent (from a
list) keeps no e-mail or phone: editing them, the dialog asks for consent before taking either.
A walk-in is registered in a few keystrokes: first name, Tab, last name, Space (consent), Enter.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import N_, _
from civodesk.participants.participant import (
    PARTICIPANT_FIELD_NAMES,
    ParticipantFields,
    ParticipantView,
    contacts_without_consent,
    validate_participant,
)

DEFAULT_PURPOSE = N_("l'émargement et le compte-rendu de la réunion")


class ParticipantDialog(QDialog):
    """``mode``: "walk_in" (register, badge, check in), "add" (register) or "edit"."""

    def __init__(
        self,
        mode: str,
        parent: QWidget | None = None,
        person: ParticipantView | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("participantDialog")
        self.mode = mode
        titles = {
            "walk_in": _("Inscription sur place"),
            "add": _("Ajouter un participant"),
            "edit": _("Modifier le participant"),
        }
        self.setWindowTitle(titles[mode])
        self.setMinimumWidth(480)
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.commune = QLineEdit()
        self.neighbourhood = QLineEdit()
        self.age_bracket = QLineEdit()
        self.age_bracket.setPlaceholderText(_("par ex. 30-44 ans"))
        self.error_label = QLabel()
        self.error_label.setProperty("role", "fieldError")
        self.error_label.setWordWrap(True)
        self.purpose = QLineEdit(_(DEFAULT_PURPOSE))
        self.purpose.setObjectName("consentPurpose")
        self.consent = QCheckBox(_("La personne accepte que ses données servent à cette finalité"))
        self.consent.setObjectName("consentCheck")

        form = QFormLayout()
        form.addRow(_("Prénom"), self.first_name)
        form.addRow(_("Nom"), self.last_name)
        form.addRow(_("Commune"), self.commune)
        form.addRow(_("Quartier"), self.neighbourhood)
        form.addRow(_("Tranche d'âge"), self.age_bracket)
        form.addRow(_("Courriel"), self.email)
        form.addRow(_("Téléphone"), self.phone)
        # Consent is asked of a new person, and of a registered one who has not given it yet.
        self._asks_consent = mode != "edit" or (person is not None and not person.consent)
        if self._asks_consent:
            form.addRow(_("Finalité"), self.purpose)
            form.addRow("", self.consent)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok_labels = {
            "walk_in": _("Inscrire et enregistrer l'entrée"),
            "add": _("Ajouter"),
            "edit": _("Enregistrer"),
        }
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_labels[mode])
        self.ok_button.setObjectName("participantOkButton")
        self.ok_button.setDefault(True)  # Entrée, as the walk-in hint says, from any field
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if mode == "walk_in":
            hint = QLabel(_("Prénom, Tab, nom, Tab, Espace pour le consentement, Entrée."))
            hint.setObjectName("secondaryText")
            layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.first_name, self.last_name)
        if mode != "edit":
            self.setTabOrder(self.last_name, self.consent)
        if person is not None:
            for name in PARTICIPANT_FIELD_NAMES:
                getattr(self, name).setText(getattr(person, name))
        for editor in (self.first_name, self.last_name, self.email, self.phone, self.purpose):
            editor.textChanged.connect(self._validate)
        self.consent.toggled.connect(self._validate)
        self.first_name.setFocus()
        self._validate()

    def fields(self) -> ParticipantFields:
        return ParticipantFields(
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            commune=self.commune.text().strip(),
            neighbourhood=self.neighbourhood.text().strip(),
            age_bracket=self.age_bracket.text().strip(),
        )

    def consent_purpose(self) -> str:
        return self.purpose.text().strip()

    def consent_changes(self) -> dict[str, object]:
        """For an edit: the consent the person gave now, if they had not before."""
        if self.mode == "edit" and self._asks_consent and self.consent.isChecked():
            return {"consent": True, "consent_purpose": self.consent_purpose()}
        return {}

    def _validate(self) -> None:
        fields = self.fields()
        found = validate_participant(fields)
        if self.mode == "edit" and self._asks_consent:
            found += contacts_without_consent(fields.email, fields.phone, self.consent.isChecked())
        errors = [error.message for error in found]
        if self.consent.isChecked() and not self.consent_purpose():
            errors.append(_("Indiquez la finalité de la collecte."))
        if self.mode != "edit" and not errors:
            if not self.consent_purpose():
                errors.append(_("Indiquez la finalité de la collecte."))
            elif not self.consent.isChecked():
                errors.append(_("Cochez le consentement après l'avoir demandé à la personne."))
        self.error_label.setText("\n".join(errors))
        self.ok_button.setEnabled(not errors)
