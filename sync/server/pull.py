"""Serving events to desks: their organization's events made elsewhere, after a cursor.

The cursor stands for a position in the organization's receive counter (assigned by the server when
an event is first stored), never for a device clock. The page is bounded by the counter value read
first: every receipt up to it is committed (see ``push``), so a position, once passed, never gains
events later.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select

from civodesk.journal.event import JournalEvent
from civodesk.journal.store import events_table, row_to_event
from sync.server.auth import AuthenticatedDevice
from sync.server.db import ServerDatabase
from sync.server.tables import organizations, receipts


@dataclass(frozen=True)
class PullPage:
    events: list[JournalEvent]
    next_position: int
    has_more: bool


def pull_events(
    database: ServerDatabase, device: AuthenticatedDevice, after: int, limit: int
) -> PullPage:
    with database.read() as conn:
        counter = conn.execute(
            select(organizations.c.last_receive_seq).where(
                organizations.c.id == device.organization_id
            )
        ).scalar_one()
        rows = conn.execute(
            select(receipts.c.receive_seq, events_table)
            .join(events_table, events_table.c.event_id == receipts.c.event_id)
            .where(
                and_(
                    receipts.c.organization_id == device.organization_id,
                    receipts.c.receive_seq > after,
                    receipts.c.receive_seq <= counter,
                    receipts.c.author_device_id != device.device_id,
                    receipts.c.pusher_device_id != device.device_id,
                )
            )
            .order_by(receipts.c.receive_seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    page = rows[:limit]
    next_position = page[-1].receive_seq if has_more else max(counter, after)
    return PullPage([row_to_event(row) for row in page], next_position, has_more)
