"""The desk's clock offset from the server, learned at each sync from ``/health``.

The desk reads its own clock just before sending the health request and just after the answer;
the server's time is taken as read at the midpoint (NTP style, error at most half the round trip).
The offset is kept for the Sync page and journaled where it matters
(``civodesk.journal.clock_offset.note_server_offset``), before the push, so it goes up in the
same sync.
"""

from __future__ import annotations

from civodesk.journal.clock_offset import note_server_offset, ntp_offset
from civodesk.services import Services
from sync.protocol import HealthResponse


def learn_offset(
    services: Services, sent_ms: int, received_ms: int, health: HealthResponse
) -> int | None:
    """Record the offset (server minus this desk) measured by one health request; None when the
    server does not tell its time."""
    if health.server_time_ms is None:
        return None
    offset, rtt = ntp_offset(sent_ms, received_ms, health.server_time_ms)
    with services.database.write() as conn:
        note_server_offset(conn, services.journal, offset, rtt)
    return offset
