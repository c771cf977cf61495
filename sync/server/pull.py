"""Serving events to desks: their joined meetings' events made elsewhere, after a cursor.

The cursor stands for a position in the organization's receive counter (assigned by the server when
an event is first stored), never for a device clock. The page is bounded by the counter value read
first: every receipt up to it is committed (see ``push``), so a position, once passed, never gains
events later.

Every run of a page ends on a head its origin device signed, so the desk can verify it offline:
a page that would cut a stream between two signed heads ends just before the cut (the cursor stays
there and the next page resumes from it, so nothing is skipped). Pushes are accepted only up to a
signed head and their receipts are consecutive, so a cut moves the page end back by less than one
push; a page that would come out empty is read again larger.

Which meetings' receipts a page reads, and how its cursor moves on, is ``sync.server.pull_scope``:
a desk receives only the meetings it takes part in, and a meeting it joined arrives by backfill.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, select

from civodesk.journal.certificates import Certificate
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead
from civodesk.journal.store import events_table, row_to_event
from civodesk.journal.trust_tables import stream_signatures
from sync.membership import PullPosition
from sync.server.auth import AuthenticatedDevice
from sync.server.certify import certificates_of
from sync.server.db import ServerDatabase
from sync.server.pull_scope import PullScope, pull_scope
from sync.server.tables import organizations, receipts

WIDER_READS = (4, 16)
"""How much larger a page is read again when cutting at signed heads would leave it empty."""


@dataclass(frozen=True)
class PullPage:
    events: list[JournalEvent]
    next_position: PullPosition
    has_more: bool
    heads: dict[tuple[str, str, int], SignedHead] = field(default_factory=dict)
    certificates: list[Certificate] = field(default_factory=list)

    def signature_of(self, event: JournalEvent) -> str | None:
        head = self.heads.get((event.meeting_id, event.device_id, event.seq))
        return head.signature if head is not None and head.hash == event.hash else None


def pull_events(
    database: ServerDatabase, device: AuthenticatedDevice, at: PullPosition, limit: int
) -> PullPage:
    with database.read() as conn:
        counter = conn.execute(
            select(organizations.c.last_receive_seq).where(
                organizations.c.id == device.organization_id
            )
        ).scalar_one()
        kept: list[Any] = []
        heads: dict[tuple[str, str, int], SignedHead] = {}
        scope = pull_scope(conn, device, at, counter)
        while True:  # a finished backfill leaves room in the page: go on with what comes next
            rows, page_heads, more = _page(conn, device, scope, limit - len(kept))
            kept += rows
            heads |= page_heads
            next_position, has_more = scope.next(rows[-1].receive_seq if more else None)
            if more or scope.backfill is None or len(kept) >= limit:
                break
            scope = pull_scope(conn, device, next_position, counter)
        events = [row_to_event(row) for row in kept]
        certificates = certificates_of(
            conn, device.organization_id, {event.device_id for event in events}
        )
    return PullPage(events, next_position, has_more, heads, certificates)


def _page(
    conn: Connection, device: AuthenticatedDevice, scope: PullScope, limit: int
) -> tuple[list[Any], dict[tuple[str, str, int], SignedHead], bool]:
    """Up to ``limit`` receipts of the scope ending on signed heads, and whether more wait."""
    for factor in (1, *WIDER_READS):
        rows = _read(conn, device, scope, limit * factor)
        has_more = len(rows) > limit * factor
        page = rows[: limit * factor]
        heads = _signed_heads(conn, page)
        kept = _cut_at_signed_heads(page, heads)
        if kept or not page:
            break
    else:  # streams pushed before signatures existed: send them as they are
        kept = list(page)
    return kept, heads, has_more or len(kept) < len(page)


def _read(conn: Connection, device: AuthenticatedDevice, scope: PullScope, limit: int) -> list[Any]:
    return list(
        conn.execute(
            select(receipts.c.receive_seq, events_table)
            .join(events_table, events_table.c.event_id == receipts.c.event_id)
            .where(
                and_(
                    receipts.c.organization_id == device.organization_id,
                    receipts.c.receive_seq > scope.after,
                    receipts.c.receive_seq <= scope.until,
                    scope.condition,
                    receipts.c.author_device_id != device.device_id,
                    receipts.c.pusher_device_id != device.device_id,
                )
            )
            .order_by(receipts.c.receive_seq)
            .limit(limit + 1)
        ).all()
    )


def _signed_heads(conn: Connection, page: Sequence[Any]) -> dict[tuple[str, str, int], SignedHead]:
    """Stored signatures at the positions of the page's events."""
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    for row in page:
        low, high = ranges.get((row.meeting_id, row.device_id), (row.seq, row.seq))
        ranges[(row.meeting_id, row.device_id)] = (min(low, row.seq), max(high, row.seq))
    heads: dict[tuple[str, str, int], SignedHead] = {}
    for (meeting_id, device_id), (low, high) in ranges.items():
        found = conn.execute(
            select(stream_signatures).where(
                stream_signatures.c.meeting_id == meeting_id,
                stream_signatures.c.device_id == device_id,
                stream_signatures.c.seq.between(low, high),
            )
        )
        for head in found:
            heads[(meeting_id, device_id, head.seq)] = SignedHead(
                meeting_id, device_id, head.seq, head.hash, head.signature
            )
    return heads


def _cut_at_signed_heads(
    page: Sequence[Any], heads: dict[tuple[str, str, int], SignedHead]
) -> list[Any]:
    """The longest prefix of the page in which every stream's last event is a signed head."""
    kept = list(page)
    while kept:
        last: dict[tuple[str, str], Any] = {}
        for row in kept:
            last[(row.meeting_id, row.device_id)] = row
        unsigned = [
            stream
            for stream, row in last.items()
            if (row.meeting_id, row.device_id, row.seq) not in heads
        ]
        if not unsigned:
            return kept
        cut = min(_first_after_signed(kept, stream, heads) for stream in unsigned)
        kept = [row for row in kept if row.receive_seq < cut]
    return kept


def _first_after_signed(
    rows: Sequence[Any], stream: tuple[str, str], heads: dict[tuple[str, str, int], SignedHead]
) -> int:
    """Receive position of the stream's first event after its last signed head in ``rows``."""
    tail: list[Any] = []
    for row in rows:
        if (row.meeting_id, row.device_id) != stream:
            continue
        if (row.meeting_id, row.device_id, row.seq) in heads:
            tail = []
        else:
            tail.append(row)
    return int(tail[0].receive_seq)
