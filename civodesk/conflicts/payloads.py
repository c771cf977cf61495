"""Declared payload of ``conflict.reviewed`` (``civodesk.journal.payload_schema``)."""

from __future__ import annotations

from civodesk.conflicts.handlers import CONFLICT_REVIEWED
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import EventSchema, Text

registry.declare(
    EventSchema(
        CONFLICT_REVIEWED, {"conflict_id": Text(64, 1)}, required=frozenset({"conflict_id"})
    )
)
