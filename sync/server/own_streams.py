"""Giving a desk its own stream back: what a laptop restored from an old backup has lost.

Pull skips the asking device's own events (it wrote them). After a restore the desk lacks the
events it pushed after the backup, and any new event it writes forks from what the server holds;
these two reads let it see the heads the server holds and fetch the missing tail.
"""

from __future__ import annotations

from sqlalchemy import func, select

from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead
from civodesk.journal.store import events_table, row_to_event
from civodesk.journal.trust_tables import stream_signatures
from sync.protocol_streams import OwnStreamHead
from sync.server.auth import AuthenticatedDevice
from sync.server.db import ServerDatabase
from sync.server.tables import meetings


def own_stream_heads(database: ServerDatabase, device: AuthenticatedDevice) -> list[OwnStreamHead]:
    """The head of the device's stream in every meeting of its organization (indexed lookups)."""
    last = (
        select(events_table.c.meeting_id, func.max(events_table.c.seq).label("seq"))
        .join(meetings, meetings.c.meeting_id == events_table.c.meeting_id)
        .where(
            meetings.c.organization_id == device.organization_id,
            events_table.c.device_id == device.device_id,
        )
        .group_by(events_table.c.meeting_id)
        .subquery()
    )
    with database.read() as conn:
        rows = conn.execute(
            select(events_table.c.meeting_id, events_table.c.seq, events_table.c.hash)
            .join(
                last,
                (last.c.meeting_id == events_table.c.meeting_id)
                & (last.c.seq == events_table.c.seq),
            )
            .where(events_table.c.device_id == device.device_id)
            .order_by(events_table.c.meeting_id)
        ).all()
    return [OwnStreamHead(meeting_id=r.meeting_id, seq=r.seq, hash=r.hash) for r in rows]


def own_stream_events(
    database: ServerDatabase, device: AuthenticatedDevice, meeting_id: str, after: int, limit: int
) -> tuple[list[JournalEvent], dict[int, SignedHead], bool]:
    """Events of the device's stream after ``after``, ending on a head it signed; more to come?

    The page ends on the last signed head within ``limit`` events, or on the first signed head
    past it (the desk pushes in runs of at most a batch, each signed at its tail).
    """
    with database.read() as conn:
        owned = conn.execute(
            select(meetings.c.meeting_id).where(
                meetings.c.meeting_id == meeting_id,
                meetings.c.organization_id == device.organization_id,
            )
        ).first()
        if owned is None:
            return [], {}, False
        signatures = stream_signatures.c
        in_stream = (signatures.meeting_id == meeting_id) & (
            signatures.device_id == device.device_id
        )
        end = (
            conn.execute(
                select(func.max(signatures.seq)).where(
                    in_stream, signatures.seq > after, signatures.seq <= after + limit
                )
            ).scalar()
            or conn.execute(
                select(func.min(signatures.seq)).where(in_stream, signatures.seq > after)
            ).scalar()
        )
        if end is None:
            return [], {}, False
        rows = conn.execute(
            select(events_table)
            .where(
                events_table.c.meeting_id == meeting_id,
                events_table.c.device_id == device.device_id,
                events_table.c.seq > after,
                events_table.c.seq <= end,
            )
            .order_by(events_table.c.seq)
        ).all()
        heads = {
            row.seq: SignedHead(meeting_id, device.device_id, row.seq, row.hash, row.signature)
            for row in conn.execute(
                select(stream_signatures).where(
                    in_stream, signatures.seq > after, signatures.seq <= end
                )
            )
        }
        more = conn.execute(
            select(func.max(events_table.c.seq)).where(
                events_table.c.meeting_id == meeting_id,
                events_table.c.device_id == device.device_id,
            )
        ).scalar_one()
    return [row_to_event(row) for row in rows], heads, more > end
