"""The participant events this device writes: names and contacts always in the personal part.

Keeping them out of ``payload`` is what lets a person be erased later (RGPD) while every hash of
the journal still verifies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from civodesk.journal.store import NewEvent
from civodesk.participants.handlers import (
    PARTICIPANT_EDITED,
    PARTICIPANT_REGISTERED,
    PERSONAL_FIELDS,
    PUBLIC_FIELDS,
)
from civodesk.participants.participant import ParticipantFields


def registration_event(
    participant_id: str, fields: ParticipantFields, consent_purpose: str = ""
) -> NewEvent:
    """The registration; names and contacts in the erasable personal part, consent in the payload.

    ``consent_purpose`` says what the person agreed their data is used for (RGPD: purpose and
    consent are recorded at registration); without one, ``consent`` is recorded as no.
    """
    values = {name: getattr(fields, name).strip() for name in PERSONAL_FIELDS + PUBLIC_FIELDS}
    payload: dict[str, Any] = {
        "participant_id": participant_id,
        **{k: values[k] for k in PUBLIC_FIELDS},
    }
    payload["consent"] = bool(consent_purpose.strip())
    if consent_purpose.strip():
        payload["consent_purpose"] = consent_purpose.strip()
    return NewEvent(
        PARTICIPANT_REGISTERED, payload, personal={k: values[k] for k in PERSONAL_FIELDS}
    )


def edit_event(participant_id: str, base: str, changes: Mapping[str, Any]) -> NewEvent:
    """A participant edit: names and contacts in the erasable personal part, the rest in payload."""
    public = {k: v for k, v in changes.items() if k not in PERSONAL_FIELDS}
    personal = {k: v for k, v in changes.items() if k in PERSONAL_FIELDS}
    return NewEvent(
        PARTICIPANT_EDITED,
        {"participant_id": participant_id, "base": base, "changes": public},
        personal=personal or None,
    )
