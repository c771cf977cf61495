"""Declared payloads of the RGPD events (``civodesk.journal.payload_schema``)."""

from __future__ import annotations

from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import INT32_MAX, EventSchema, Id, Integer
from civodesk.privacy.handlers import PARTICIPANT_ERASED, PERSONAL_DATA_PURGED

registry.declare(
    EventSchema(PERSONAL_DATA_PURGED, {"participants": Integer(0, INT32_MAX)}),
    EventSchema(
        PARTICIPANT_ERASED, {"participant_id": Id()}, required=frozenset({"participant_id"})
    ),
)
