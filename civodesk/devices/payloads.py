"""Declared payload of ``device.joined`` (``civodesk.journal.payload_schema``): the device's key
as the ``device_keys`` columns hold it."""

from __future__ import annotations

from civodesk.devices.handlers import DEVICE_RENAMED
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import EventSchema, Text
from civodesk.journal.store import DEVICE_JOINED

registry.declare(
    EventSchema(
        DEVICE_JOINED,
        {"public_key": Text(64, 1), "key_id": Text(16, 1), "label": Text(200)},
        required=frozenset({"public_key", "key_id"}),
    ),
    EventSchema(DEVICE_RENAMED, {"label": Text(200, 1)}, required=frozenset({"label"})),
)
