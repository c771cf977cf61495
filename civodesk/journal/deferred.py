"""Events kept in the journal whose projection waits for what they depend on.

An event from elsewhere can name a meeting, a participant or an item this desk has not received
yet: its stream was set aside (a key nobody vouches for), a package carried only part of a
meeting, a page ended between two streams. Refusing it would leave a gap in its stream and hold
back every later event of that device. Instead the event is stored (its chain is sound), its
projection is set aside here with the reason, and the later events of the stream are projected
one by one: those that do not depend on it count at once.

When more events arrive, each set-aside one is tried again (inside a savepoint that is rolled
back). As soon as one fits, every projection is rebuilt from the journal, so the tables are
exactly what they would be had the events arrived in order (edits of a row whose creation waited
are not lost). Only events from elsewhere are set aside this way; the desk's own
events and the central server never take this path (the server refuses them as retryable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Integer, String, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import ID, Base, table_of
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, HandlerRegistry

MISSING_DEPENDENCY = "missing_dependency"
"""The only reason stored: the database's own message may quote a value (a name)."""


class DeferredEvent(Base):
    """A stored event whose projection waits: what it refers to has not arrived on this desk."""

    __tablename__ = "deferred_events"

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID, index=True)
    device_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(64))


deferred_table = table_of(DeferredEvent)


@dataclass(frozen=True)
class Deferred:
    event_id: str
    meeting_id: str
    device_id: str
    seq: int
    type: str
    reason: str


def apply_settling(
    context: HandlerContext, registry: HandlerRegistry, events: Sequence[JournalEvent]
) -> list[JournalEvent]:
    """Project events in the given order, those the database refuses after the others.

    Clock order is not always causal (``civodesk.journal.hlc``): a desk whose clock is behind
    stamps its registration of a person earlier than the creation of the meeting it joined. So
    an event whose projection names a row not made yet is tried again once the others are in,
    pass after pass while any more fits. All at once in a savepoint first; one at a time only
    when that fails. Returns the events still refused: what they name is not in this batch.
    """
    conn = context.conn
    try:
        with conn.begin_nested():
            registry.apply(context, events)
        return []
    except IntegrityError:
        pass
    waiting = list(events)
    while waiting:
        refused: list[JournalEvent] = []
        for event in waiting:
            try:
                with conn.begin_nested():
                    registry.apply(context, [event], finish=False)
            except IntegrityError:
                refused.append(event)
        if len(refused) == len(waiting):
            break
        waiting = refused
    context.finish()  # once for the batch, not once per event (the live agenda's recompute)
    return waiting


def apply_deferring(
    context: HandlerContext, registry: HandlerRegistry, events: Sequence[JournalEvent]
) -> list[JournalEvent]:
    """Project events; those whose projection waits for what they name are set aside (returned)."""
    waiting = apply_settling(context, registry, events)
    _record(context.conn, waiting)
    return waiting


def retry_deferred(conn: Connection, registry: HandlerRegistry) -> int:
    """Rebuild every projection if a set-aside event now fits; how many are still set aside."""
    from civodesk.journal.rebuild import rebuild_projections  # rebuild uses this module

    waiting = _stored_events(conn)
    if not waiting:
        return 0
    context = HandlerContext(conn, "ingest")
    for event in waiting:
        try:
            with conn.begin_nested() as probe:
                registry.apply(context, [event])
                probe.rollback()
        except IntegrityError:
            continue
        rebuild_projections(conn, registry)
        break
    return int(conn.execute(select(func.count()).select_from(deferred_table)).scalar_one())


def apply_waiting(context: HandlerContext, registry: HandlerRegistry) -> None:
    """Project set-aside events that now fit, in clock order, until none more does."""
    progress = True
    while progress:
        progress = False
        for event in _stored_events(context.conn):
            try:
                with context.conn.begin_nested():
                    registry.apply(context, [event], finish=False)
            except IntegrityError:
                continue
            context.conn.execute(
                delete(deferred_table).where(deferred_table.c.event_id == event.event_id)
            )
            progress = True
    context.finish()


def forget_all(conn: Connection) -> None:
    """A rebuild recomputes the set-aside events from scratch."""
    conn.execute(delete(deferred_table))


def list_deferred(conn: Connection) -> list[Deferred]:
    rows = conn.execute(
        select(deferred_table).order_by(
            deferred_table.c.meeting_id, deferred_table.c.device_id, deferred_table.c.seq
        )
    )
    return [Deferred(r.event_id, r.meeting_id, r.device_id, r.seq, r.type, r.reason) for r in rows]


def _record(conn: Connection, events: Sequence[JournalEvent]) -> None:
    insert_ignoring_duplicates(
        conn,
        deferred_table,
        [
            {
                "event_id": e.event_id,
                "meeting_id": e.meeting_id,
                "device_id": e.device_id,
                "seq": e.seq,
                "type": e.type,
                "reason": MISSING_DEPENDENCY,
            }
            for e in events
        ],
    )


def _stored_events(conn: Connection) -> list[JournalEvent]:
    from civodesk.journal.store import events_table, row_to_event

    rows = conn.execute(
        select(events_table)
        .join(deferred_table, deferred_table.c.event_id == events_table.c.event_id)
        .order_by(events_table.c.hlc, events_table.c.device_id, events_table.c.seq)
    )
    return [row_to_event(row) for row in rows]
