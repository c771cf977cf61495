"""A meeting's fingerprint: one hash that every desk and the server agree on once synced."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, select

from civodesk.journal.store import events_table


def meeting_fingerprint(conn: Connection, meeting_id: str) -> str:
    """SHA-256 over the meeting's event hashes ordered by (device, sequence).

    The order depends only on the events, not on which desk synced first or when, so every holder
    of the same events gets the same value. Erasing personal data does not change it, since event
    hashes cover only the digest of the personal part.
    """
    digest = hashlib.sha256()
    rows = conn.execution_options(yield_per=5000).execute(
        select(events_table.c.hash)
        .where(events_table.c.meeting_id == meeting_id)
        .order_by(events_table.c.device_id, events_table.c.seq)
    )
    for (event_hash,) in rows:
        digest.update(event_hash.encode())
        digest.update(b"\n")
    return digest.hexdigest()
