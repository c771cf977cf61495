"""Declared payloads (``civodesk.journal.payload_schema``) of ``device.joined``, the device's key
as the ``device_keys`` columns hold it, and of ``device.clock_offset``, the offset from the server's
clock that the device measured (server minus device, and the round trip it was measured over)."""

from __future__ import annotations

from civodesk.devices.handlers import DEVICE_RENAMED
from civodesk.journal.clock_offset import CLOCK_OFFSET
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import EventSchema, Integer, Text
from civodesk.journal.store import DEVICE_JOINED

registry.declare(
    EventSchema(
        DEVICE_JOINED,
        {"public_key": Text(64, 1), "key_id": Text(16, 1), "label": Text(200)},
        required=frozenset({"public_key", "key_id"}),
    ),
    EventSchema(DEVICE_RENAMED, {"label": Text(200, 1)}, required=frozenset({"label"})),
    EventSchema(
        CLOCK_OFFSET,
        {
            "offset_ms": Integer(-(10**12), 10**12),
            "rtt_ms": Integer(0, 86_400_000),
        },
        required=frozenset({"offset_ms", "rtt_ms"}),
    ),
)
