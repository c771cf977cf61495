"""Rebuilding every projection from the journal alone: proof that the journal is the record."""

from __future__ import annotations

from itertools import islice

from sqlalchemy import Connection, delete
from sqlalchemy.schema import sort_tables

from civodesk.journal.deferred import apply_deferring, apply_waiting, forget_all
from civodesk.journal.handlers import HandlerContext, HandlerRegistry
from civodesk.journal.store import iter_events


def rebuild_projections(conn: Connection, registry: HandlerRegistry) -> int:
    """Empty the projection tables and replay all events in clock order; returns the count.

    Tables are emptied children first, by their foreign keys, whatever order modules declared them.
    Clock order is not always causal (a desk far behind the others, ``civodesk.journal.hlc``), so
    the handlers repair what comes too early as they do for events from elsewhere (an edit stored
    before its row exists is applied when the row is made), and an event whose projection lacks
    what it refers to is tried again after the others (``civodesk.journal.deferred``).
    """
    for table in reversed(sort_tables(registry.tables)):
        conn.execute(delete(table))
    forget_all(conn)
    context = HandlerContext(conn, "rebuild")
    events = iter_events(conn)
    total = 0
    while chunk := list(islice(events, 2000)):
        apply_deferring(context, registry, chunk)
        total += len(chunk)
    apply_waiting(context, registry)
    return total
