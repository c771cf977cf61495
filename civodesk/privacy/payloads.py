"""Declared payload of ``personal_data.purged`` (``civodesk.journal.payload_schema``)."""

from __future__ import annotations

from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import INT32_MAX, EventSchema, Integer
from civodesk.privacy.handlers import PERSONAL_DATA_PURGED

registry.declare(EventSchema(PERSONAL_DATA_PURGED, {"participants": Integer(0, INT32_MAX)}))
