"""Declared payloads of the check-in events: badges, scans, check-outs, proxies
(``civodesk.journal.payload_schema``). Lengths follow the check-in tables' columns."""

from __future__ import annotations

from civodesk.checkin.handlers import (
    BADGE_ISSUED,
    BADGE_REVOKED,
    CHECKED_OUT,
    CHECKIN_CANCELLED,
    CHECKIN_SCANNED,
    PROXY_GRANTED,
    PROXY_REVOKED,
    proxies_table,
)
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import (
    INT32_MAX,
    Boolean,
    EventSchema,
    Id,
    Integer,
    IsoDate,
    Text,
)

SERIAL = Integer(1, INT32_MAX)

registry.declare(
    EventSchema(
        BADGE_ISSUED,
        {
            "participant_id": Id(),
            "serial": SERIAL,
            "token": Text(200, 1),
            "manual_code": Text(8, 1),
            "key_id": Text(16, 1),
            "issued_on": IsoDate(),
        },
        required=frozenset(
            {"participant_id", "serial", "token", "manual_code", "key_id", "issued_on"}
        ),
    ),
    EventSchema(
        BADGE_REVOKED,
        {"participant_id": Id(), "serial": SERIAL, "device_id": Id()},
        required=frozenset({"participant_id", "serial"}),
    ),
    EventSchema(
        CHECKIN_SCANNED,
        {
            "participant_id": Id(nullable=True),
            "method": Text(16),
            "accepted": Boolean(),
            "reason": Text(32),
            "excerpt": Text(200),
        },
    ),
    EventSchema(
        CHECKIN_CANCELLED,
        {"participant_id": Id(), "scan_event_id": Id()},
        required=frozenset({"participant_id", "scan_event_id"}),
    ),
    EventSchema(
        CHECKED_OUT,
        {"participant_id": Id(), "method": Text(16)},
        required=frozenset({"participant_id"}),
    ),
    EventSchema(
        PROXY_GRANTED,
        {"proxy_id": Id(), "giver_id": Id(), "holder_id": Id()},
        required=frozenset({"proxy_id", "giver_id", "holder_id"}),
        creates=(proxies_table, "proxy_id"),
    ),
    EventSchema(PROXY_REVOKED, {"proxy_id": Id()}, required=frozenset({"proxy_id"})),
)
