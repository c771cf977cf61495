"""Declared payloads of the participant events (``civodesk.journal.payload_schema``).

Names and contacts travel in the personal part; an edit's ``changes`` may set the public fields and
the removal, never an id or a meeting.
"""

from __future__ import annotations

from collections.abc import Mapping

from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import EDIT_BASE, Boolean, EventSchema, Id, Spec, Text
from civodesk.participants.handlers import (
    PARTICIPANT_EDITED,
    PARTICIPANT_REGISTERED,
    participants_table,
)

PUBLIC: Mapping[str, Spec] = {
    "commune": Text(200, nullable=True),
    "neighbourhood": Text(200, nullable=True),
    "age_bracket": Text(40, nullable=True),
}
CONSENT: Mapping[str, Spec] = {
    "consent": Boolean(),
    "consent_purpose": Text(300, nullable=True),
}
PERSONAL: Mapping[str, Spec] = {
    "first_name": Text(200, nullable=True),
    "last_name": Text(200, nullable=True),
    "email": Text(320, nullable=True),
    "phone": Text(40, nullable=True),
    "_salt": Text(64, 1),
}

registry.declare(
    EventSchema(
        PARTICIPANT_REGISTERED,
        {"participant_id": Id(), **PUBLIC, **CONSENT},
        required=frozenset({"participant_id"}),
        personal=PERSONAL,
        creates=(participants_table, "participant_id"),
    ),
    EventSchema(
        PARTICIPANT_EDITED,
        {"participant_id": Id(), "base": EDIT_BASE},
        required=frozenset({"participant_id"}),
        editable={**PUBLIC, **CONSENT, "removed": Boolean()},
        personal=PERSONAL,
    ),
)
