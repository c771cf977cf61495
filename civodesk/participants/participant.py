"""Participants: who registered for a meeting. Only what the meeting needs is collected."""

from __future__ import annotations

from dataclasses import dataclass, fields

from civodesk.i18n import _
from civodesk.meetings.meeting import FieldError


@dataclass(frozen=True)
class ParticipantFields:
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    commune: str = ""
    neighbourhood: str = ""
    age_bracket: str = ""


PARTICIPANT_FIELD_NAMES = tuple(field.name for field in fields(ParticipantFields))
"""Every field a person can type for a participant, in form order."""
CONTACT_FIELDS = ("email", "phone")
"""What is kept only for a person who consented: the ways to reach them."""
KEPT_WITHOUT_CONSENT = tuple(name for name in PARTICIPANT_FIELD_NAMES if name not in CONTACT_FIELDS)
"""What a meeting needs of a person who did not consent: who they are, and the anonymous facts."""
MAX_CONSENT_PURPOSE = 300
"""The longest purpose a consent event carries (``participants.payloads``)."""


@dataclass(frozen=True)
class ParticipantView:
    id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    commune: str
    neighbourhood: str
    age_bracket: str
    version: str
    consent: bool = False
    consent_purpose: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def validate_participant(fields: ParticipantFields) -> list[FieldError]:
    errors: list[FieldError] = []
    if not fields.last_name.strip() and not fields.first_name.strip():
        errors.append(FieldError("last_name", _("Indiquez au moins un nom ou un prénom.")))
    if fields.email and "@" not in fields.email:
        errors.append(FieldError("email", _("Adresse de courriel invalide.")))
    return errors


def consent_problems(email: str, phone: str, consented: bool, purpose: str) -> list[FieldError]:
    """The consent rule every writer of a participant obeys (RGPD), or what breaks it.

    Consent is a yes or no with its purpose: a yes names what the data is used for, and without a
    yes only ``KEPT_WITHOUT_CONSENT`` is kept (no e-mail, no phone).
    """
    return contacts_without_consent(email, phone, consented) + purpose_problems(consented, purpose)


def purpose_problems(consented: bool, purpose: str) -> list[FieldError]:
    """A consent names its purpose, short enough for the journal (``participants.payloads``)."""
    errors = []
    if consented and not purpose.strip():
        errors.append(FieldError("consent_purpose", _("Indiquez la finalité de la collecte.")))
    if len(purpose.strip()) > MAX_CONSENT_PURPOSE:
        errors.append(
            FieldError(
                "consent_purpose",
                _("La finalité est trop longue ({max} caractères au plus).").format(
                    max=MAX_CONSENT_PURPOSE
                ),
            )
        )
    return errors


def contacts_without_consent(email: str, phone: str, consented: bool) -> list[FieldError]:
    """Contacts are kept only for a person who consented (RGPD: only what the meeting needs)."""
    if consented or not (email.strip() or phone.strip()):
        return []
    return [
        FieldError(
            "email" if email.strip() else "phone",
            _(
                "Sans consentement, ni courriel ni téléphone ne sont gardés : videz ces champs, "
                "ou recueillez d'abord le consentement de la personne."
            ),
        )
    ]
