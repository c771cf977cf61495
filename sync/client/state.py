"""What the desk knows about its synchronisation, kept in its own database (``sync.client.schema``).

The server acknowledges events per stream, and streams are gapless, so "acknowledged" is one number
per (meeting, device): the highest sequence the server holds. Everything above it is waiting. The
pull cursor is the server's opaque position; it is saved in the same transaction as the events it
brought, so a crash never skips or repeats a page. None of this is a projection of the journal:
it is bookkeeping about the server, never rebuilt from events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    func,
    inspect,
    literal,
    select,
    update,
)

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.journal.event import JournalEvent
from civodesk.journal.store import event_to_row, events_table, row_to_event
from civodesk.privacy.handlers import erased_participants, is_purged

metadata = MetaData()

enrollment_table = Table(
    "sync_enrollment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("server_url", String(500), nullable=False),
    Column("device_token", Text, nullable=False),
    Column("organization", String(200), nullable=False),
    Column("enrolled_at_ms", BigInteger, nullable=False),
    Column("blocked_reason", Text),
)
acks_table = Table(
    "sync_acks",
    metadata,
    Column("meeting_id", String(36), primary_key=True),
    Column("device_id", String(36), primary_key=True),
    Column("acked_seq", Integer, nullable=False),
)
cursors_table = Table(
    "sync_cursors",
    metadata,
    Column("scope", String(100), primary_key=True),
    Column("cursor", Text, nullable=False),
)
rejections_table = Table(
    "sync_rejections",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("meeting_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("rejected_at_ms", BigInteger, nullable=False),
    Index("ix_sync_rejections_stream", "meeting_id", "device_id", "seq"),
)
history_table = Table(
    "sync_history",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("started_at_ms", BigInteger, nullable=False),
    Column("finished_at_ms", BigInteger, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("reachable", Boolean, nullable=False),
    Column("pushed", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("pulled", Integer, nullable=False),
    Column("bytes_sent", BigInteger, nullable=False),
    Column("bytes_received", BigInteger, nullable=False),
    Column("message", Text, nullable=False),
    Index("ix_sync_history_started", "started_at_ms"),
)

restores_table = Table(
    "sync_restores",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("restored_at_ms", BigInteger, nullable=False),
    Column("meetings", Integer, nullable=False),
    Column("recovered", Integer, nullable=False),
    Column("renumbered", Integer, nullable=False),
)

held_table = Table(
    "sync_held_events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("meeting_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("device_time_ms", BigInteger, nullable=False),
    Column("hlc", BigInteger, nullable=False),
    Column("type", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("personal", Text),
    Column("personal_digest", String(64)),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("head_signature", Text),
    Column("attempts", Integer, nullable=False),
)
"""Pulled events the journal refused, whole (the pull cursor has moved past them): tried again at
each sync, with the origin's signature of their position when the page carried one."""

PULL_SCOPE = "events"
ENROLLMENT_ROW = 1


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    device_token: str
    organization: str
    enrolled_at_ms: int
    blocked_reason: str | None


@dataclass(frozen=True)
class Rejection:
    event_id: str
    meeting_id: str
    device_id: str
    seq: int
    event_type: str
    reason: str
    rejected_at_ms: int
    retries: int = 0
    """For an event pulled from the server: how many syncs tried it again since it was refused."""

    @classmethod
    def of(cls, event: JournalEvent, reason: str, rejected_at_ms: int) -> Rejection:
        return cls(
            event_id=event.event_id,
            meeting_id=event.meeting_id,
            device_id=event.device_id,
            seq=event.seq,
            event_type=event.type,
            reason=reason,
            rejected_at_ms=rejected_at_ms,
        )


@dataclass(frozen=True)
class RestoreNotice:
    """A sync found this desk restored from an old backup and brought its own events back."""

    restored_at_ms: int
    meetings: int
    recovered: int
    renumbered: int


@dataclass(frozen=True)
class HistoryEntry:
    id: str
    started_at_ms: int
    finished_at_ms: int
    outcome: str
    reachable: bool
    pushed: int
    accepted: int
    duplicates: int
    rejected: int
    pulled: int
    bytes_sent: int
    bytes_received: int
    message: str


# Enrollment --------------------------------------------------------------------------------


def load_enrollment(conn: Connection) -> Enrollment | None:
    row = conn.execute(
        select(enrollment_table).where(enrollment_table.c.id == ENROLLMENT_ROW)
    ).one_or_none()
    if row is None:
        return None
    return Enrollment(
        server_url=row.server_url,
        device_token=row.device_token,
        organization=row.organization,
        enrolled_at_ms=row.enrolled_at_ms,
        blocked_reason=row.blocked_reason,
    )


def save_enrollment(conn: Connection, enrollment: Enrollment) -> None:
    """Replace the enrollment; a new server starts with no acknowledgement and no cursor."""
    previous = load_enrollment(conn)
    if previous is not None and previous.server_url != enrollment.server_url:
        conn.execute(delete(acks_table))
        conn.execute(delete(cursors_table))
        conn.execute(delete(rejections_table))
    conn.execute(delete(enrollment_table))
    conn.execute(
        enrollment_table.insert().values(
            id=ENROLLMENT_ROW,
            server_url=enrollment.server_url,
            device_token=enrollment.device_token,
            organization=enrollment.organization,
            enrolled_at_ms=enrollment.enrolled_at_ms,
            blocked_reason=enrollment.blocked_reason,
        )
    )


def set_blocked(conn: Connection, reason: str | None) -> None:
    """Stop (reason) or allow (None) automatic sync, e.g. after the server refused the token."""
    conn.execute(update(enrollment_table).values(blocked_reason=reason))


# Acknowledgements ---------------------------------------------------------------------------


def acked_seqs(conn: Connection) -> dict[tuple[str, str], int]:
    return {
        (row.meeting_id, row.device_id): row.acked_seq for row in conn.execute(select(acks_table))
    }


def record_acks(conn: Connection, acked: dict[tuple[str, str], int]) -> None:
    """Raise each stream's acknowledged sequence (never lower it: acks only grow)."""
    if not acked:
        return
    current = acked_seqs(conn)
    for (meeting_id, device_id), seq in acked.items():
        known = current.get((meeting_id, device_id))
        if known is None:
            insert_ignoring_duplicates(
                conn,
                acks_table,
                [{"meeting_id": meeting_id, "device_id": device_id, "acked_seq": seq}],
            )
        elif seq > known:
            conn.execute(
                update(acks_table)
                .where(acks_table.c.meeting_id == meeting_id, acks_table.c.device_id == device_id)
                .values(acked_seq=seq)
            )


def reset_ack(conn: Connection, stream: tuple[str, str]) -> None:
    """Forget what the server acknowledged for a stream: it says it misses earlier events."""
    meeting_id, device_id = stream
    conn.execute(
        delete(acks_table).where(
            acks_table.c.meeting_id == meeting_id, acks_table.c.device_id == device_id
        )
    )


def stream_heads(conn: Connection) -> dict[tuple[str, str], int]:
    """Highest local sequence of every stream in the journal."""
    rows = conn.execute(
        select(
            events_table.c.meeting_id, events_table.c.device_id, func.max(events_table.c.seq)
        ).group_by(events_table.c.meeting_id, events_table.c.device_id)
    )
    return {(meeting_id, device_id): seq for meeting_id, device_id, seq in rows}


def blocked_streams(conn: Connection) -> dict[tuple[str, str], int]:
    """Streams held back by a rejected event: nothing at or after its sequence is pushed."""
    rows = conn.execute(
        select(
            rejections_table.c.meeting_id,
            rejections_table.c.device_id,
            func.min(rejections_table.c.seq),
        ).group_by(rejections_table.c.meeting_id, rejections_table.c.device_id)
    )
    return {(meeting_id, device_id): seq for meeting_id, device_id, seq in rows}


def waiting_count(conn: Connection) -> int:
    """Events the server has not acknowledged yet (set-aside ones included)."""
    acked = acked_seqs(conn)
    return sum(max(0, head - acked.get(stream, 0)) for stream, head in stream_heads(conn).items())


def iter_unacknowledged(conn: Connection) -> Iterator[JournalEvent]:
    """Events to push, stream by stream in sequence order, skipping streams held back."""
    acked = acked_seqs(conn)
    blocked = blocked_streams(conn)
    for stream, head in sorted(stream_heads(conn).items()):
        start = acked.get(stream, 0)
        stop = blocked.get(stream, head + 1)
        if head <= start or stop <= start + 1:
            continue
        meeting_id, device_id = stream
        rows = conn.execute(
            select(events_table)
            .where(
                and_(
                    events_table.c.meeting_id == meeting_id,
                    events_table.c.device_id == device_id,
                    events_table.c.seq > start,
                    events_table.c.seq < stop,
                )
            )
            .order_by(events_table.c.seq)
        )
        for row in rows:
            yield row_to_event(row)


# Pull cursor --------------------------------------------------------------------------------


def load_cursor(conn: Connection, scope: str = PULL_SCOPE) -> str | None:
    return conn.execute(
        select(cursors_table.c.cursor).where(cursors_table.c.scope == scope)
    ).scalar()


def save_cursor(conn: Connection, cursor: str, scope: str = PULL_SCOPE) -> None:
    conn.execute(delete(cursors_table).where(cursors_table.c.scope == scope))
    conn.execute(cursors_table.insert().values(scope=scope, cursor=cursor))


# Rejections --------------------------------------------------------------------------------


def record_rejections(conn: Connection, rejections: Sequence[Rejection]) -> None:
    insert_ignoring_duplicates(
        conn,
        rejections_table,
        [
            {
                "event_id": r.event_id,
                "meeting_id": r.meeting_id,
                "device_id": r.device_id,
                "seq": r.seq,
                "event_type": r.event_type,
                "reason": r.reason,
                "rejected_at_ms": r.rejected_at_ms,
            }
            for r in rejections
        ],
    )


def list_rejections(conn: Connection) -> list[Rejection]:
    """Set-aside events, a held received one with its tries (none before any sync brought the
    client's tables up: the core's migration made ``sync_rejections`` alone)."""
    query = select(rejections_table, literal(0).label("retries"))
    if inspect(conn).has_table(held_table.name):
        query = select(
            rejections_table, func.coalesce(held_table.c.attempts, 0).label("retries")
        ).outerjoin(held_table, held_table.c.event_id == rejections_table.c.event_id)
    rows = conn.execute(
        query.order_by(
            rejections_table.c.meeting_id, rejections_table.c.device_id, rejections_table.c.seq
        )
    )
    return [
        Rejection(
            event_id=row.event_id,
            meeting_id=row.meeting_id,
            device_id=row.device_id,
            seq=row.seq,
            event_type=row.event_type,
            reason=row.reason,
            rejected_at_ms=row.rejected_at_ms,
            retries=row.retries,
        )
        for row in rows
    ]


def hold_events(
    conn: Connection, events: Sequence[JournalEvent], signatures: dict[tuple[str, str, int], str]
) -> None:
    """Keep refused pulled events whole; one already held counts one more attempt instead."""
    held = set(
        conn.execute(
            select(held_table.c.event_id).where(
                held_table.c.event_id.in_([e.event_id for e in events])
            )
        ).scalars()
    )
    again = [e.event_id for e in events if e.event_id in held]
    if again:
        conn.execute(
            update(held_table)
            .where(held_table.c.event_id.in_(again))
            .values(attempts=held_table.c.attempts + 1)
        )
    insert_ignoring_duplicates(
        conn,
        held_table,
        [
            {
                **event_to_row(e),
                "head_signature": signatures.get((e.meeting_id, e.device_id, e.seq)),
                "attempts": 0,
            }
            for e in events
            if e.event_id not in held
        ],
    )


def held_events(conn: Connection) -> tuple[list[JournalEvent], dict[tuple[str, str, int], str]]:
    """The held events by stream and sequence, and the origin signatures kept with them."""
    rows = conn.execute(
        select(held_table).order_by(
            held_table.c.meeting_id, held_table.c.device_id, held_table.c.seq
        )
    ).all()
    signatures = {
        (row.meeting_id, row.device_id, row.seq): row.head_signature
        for row in rows
        if row.head_signature is not None
    }
    return [row_to_event(row) for row in rows], signatures


def erase_held_personal(conn: Connection) -> None:
    """A purge or an erasure reaches the held events too: their personal parts go (the digest
    stays, so they still chain and can enter the journal erased, as an erased event travels)."""
    meetings = conn.execute(
        select(held_table.c.meeting_id).where(held_table.c.personal.is_not(None)).distinct()
    ).scalars()
    for meeting_id in sorted(meetings):
        of_meeting = (held_table.c.meeting_id == meeting_id) & held_table.c.personal.is_not(None)
        if is_purged(conn, meeting_id):
            conn.execute(update(held_table).where(of_meeting).values(personal=None))
            continue
        for participant_id in sorted(erased_participants(conn, meeting_id)):
            about = held_table.c.payload.like(f'%"participant_id":"{participant_id}"%')
            conn.execute(update(held_table).where(of_meeting, about).values(personal=None))


def release_held(conn: Connection, event_ids: Sequence[str]) -> None:
    """Held events the journal now holds (taken on retry, or arrived another way)."""
    if event_ids:
        conn.execute(delete(held_table).where(held_table.c.event_id.in_(list(event_ids))))
        forget_rejections(conn, event_ids)


def forget_rejections(conn: Connection, event_ids: Sequence[str]) -> None:
    if event_ids:
        conn.execute(delete(rejections_table).where(rejections_table.c.event_id.in_(event_ids)))


def clear_rejections(conn: Connection) -> int:
    """Put set-aside events back in the queue (after the cause was fixed on the server)."""
    return int(conn.execute(delete(rejections_table)).rowcount)


def forget_rejections_up_to(conn: Connection, acked: dict[tuple[str, str], int]) -> None:
    """A set-aside event the server now holds (e.g. sent by another desk) is no longer rejected."""
    for (meeting_id, device_id), seq in acked.items():
        conn.execute(
            delete(rejections_table).where(
                rejections_table.c.meeting_id == meeting_id,
                rejections_table.c.device_id == device_id,
                rejections_table.c.seq <= seq,
            )
        )


# Restores from a backup --------------------------------------------------------------------


def record_restore(
    conn: Connection, at_ms: int, meetings: int, recovered: int, renumbered: int
) -> None:
    conn.execute(
        restores_table.insert().values(
            restored_at_ms=at_ms, meetings=meetings, recovered=recovered, renumbered=renumbered
        )
    )


def last_restore(conn: Connection) -> RestoreNotice | None:
    """The last restore found (None too before any sync brought the client's tables up)."""
    if not inspect(conn).has_table(restores_table.name):
        return None
    row = conn.execute(
        select(restores_table).order_by(restores_table.c.id.desc()).limit(1)
    ).one_or_none()
    if row is None:
        return None
    return RestoreNotice(row.restored_at_ms, row.meetings, row.recovered, row.renumbered)


# History -----------------------------------------------------------------------------------


def record_history(conn: Connection, entry: HistoryEntry, keep: int = 500) -> None:
    conn.execute(history_table.insert().values(**asdict(entry)))
    old = (
        select(history_table.c.id)
        .order_by(history_table.c.started_at_ms.desc())
        .offset(keep)
        .scalar_subquery()
    )
    conn.execute(delete(history_table).where(history_table.c.id.in_(old)))


def list_history(conn: Connection, limit: int = 100) -> list[HistoryEntry]:
    rows = conn.execute(
        select(history_table).order_by(history_table.c.started_at_ms.desc()).limit(limit)
    )
    return [HistoryEntry(**row._mapping) for row in rows]


def last_success_ms(conn: Connection) -> int | None:
    return conn.execute(
        select(func.max(history_table.c.finished_at_ms)).where(history_table.c.outcome == "ok")
    ).scalar()
