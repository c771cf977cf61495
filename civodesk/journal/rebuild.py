"""Rebuilding every projection from the journal alone: proof that the journal is the record."""

from __future__ import annotations

from itertools import islice

from sqlalchemy import Connection, delete
from sqlalchemy.schema import sort_tables

from civodesk.journal.handlers import HandlerContext, HandlerRegistry
from civodesk.journal.store import iter_events


def rebuild_projections(conn: Connection, registry: HandlerRegistry) -> int:
    """Empty the projection tables and replay all events in causal order; returns the count.

    Tables are emptied children first, by their foreign keys, whatever order modules declared them.
    """
    for table in reversed(sort_tables(registry.tables)):
        conn.execute(delete(table))
    context = HandlerContext(conn, "rebuild")
    events = iter_events(conn)
    total = 0
    while chunk := list(islice(events, 2000)):
        registry.apply(context, chunk)
        total += len(chunk)
    return total
