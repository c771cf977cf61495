"""Event handlers: how each event type updates the tables that the application reads.

An event handler is a function of (context, event). The same handlers run live on the desk, when
events arrive from another desk or a package, when the projections are rebuilt from the journal, and
on the central server. They must therefore give the same tables whatever order concurrent events
arrive in (see ``civodesk.journal.lww``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal

from sqlalchemy import Connection, Table

from civodesk.journal.event import JournalEvent
from civodesk.journal.payload_schema import EventSchema, PayloadError, envelope_problem

HandlerMode = Literal["live", "ingest", "rebuild"]


@dataclass(frozen=True)
class HandlerContext:
    conn: Connection
    mode: HandlerMode
    clock_offsets: dict[tuple[str, str], list[tuple[int, int]]] = field(
        default_factory=dict, compare=False
    )
    """(meeting, device) → journaled (seq, offset) pairs, read once per batch
    (``civodesk.journal.clock_offset.lww_stamp``)."""
    at_end: dict[Hashable, Callable[[], None]] = field(default_factory=dict, compare=False)
    """Work a handler leaves for the end of the events being applied, once per key: the live
    agenda is recomputed once for a whole push, however its actions are interleaved. The work
    must read the tables as they are when it runs: it may run after the savepoint of the events
    that asked for it was rolled back."""

    def finish(self) -> None:
        while self.at_end:
            self.at_end.pop(next(iter(self.at_end)))()

    @property
    def may_be_out_of_order(self) -> bool:
        """Whether an event may come before one it depends on: events from elsewhere arrive in
        any order, and a rebuild replays in clock order, which the clock's bound does not keep
        causal (``civodesk.journal.hlc``). Only the desk's own live events are always in order."""
        return self.mode != "live"


EventHandler = Callable[[HandlerContext, JournalEvent], None]
BatchEventHandler = Callable[[HandlerContext, Sequence[JournalEvent]], None]


@dataclass
class HandlerRegistry:
    """Event type → handler, and the tables the handlers own (emptied before a rebuild)."""

    single: dict[str, EventHandler] = field(default_factory=dict)
    batch: dict[str, BatchEventHandler] = field(default_factory=dict)
    runs_with: dict[str, str] = field(default_factory=dict)
    """Event type → the type its batch handler was first registered for: consecutive events of
    one handler's types make one run."""
    tables: list[Table] = field(default_factory=list)
    schemas: dict[str, EventSchema] = field(default_factory=dict)

    def on(self, event_type: str) -> Callable[[EventHandler], EventHandler]:
        def register(handler: EventHandler) -> EventHandler:
            self.single[event_type] = handler
            return handler

        return register

    def on_batch(self, *event_types: str) -> Callable[[BatchEventHandler], BatchEventHandler]:
        """Register a handler that takes a run of events at once (bulk imports); with several
        types, consecutive events of any of them make one run."""

        def register(handler: BatchEventHandler) -> BatchEventHandler:
            for event_type in event_types:
                self.batch[event_type] = handler
                self.runs_with[event_type] = event_types[0]
            return handler

        return register

    def own_tables(self, *tables: Table) -> None:
        """Declare projection tables (any order: a rebuild empties them by foreign-key order)."""
        self.tables.extend(tables)

    def declare(self, *schemas: EventSchema) -> None:
        """Declare payload schemas (``civodesk.journal.payload_schema``), one per event type."""
        for schema in schemas:
            self.schemas[schema.type] = schema

    def payload_problem(self, event: JournalEvent) -> PayloadError | None:
        """Why the event must not reach a handler (None when its fields match their declaration).

        A type without a handler (from a newer app) is checked for its envelope only: it is kept,
        unprojected.
        """
        problem = envelope_problem(event)
        if problem is not None:
            return problem
        try:
            schema = self.schemas.get(event.type)
            if schema is not None:
                schema.validate(event.payload, event.personal)
        except PayloadError as error:
            return error
        return None

    def knows(self, event_type: str) -> bool:
        return event_type in self.single or event_type in self.batch

    def apply(
        self, context: HandlerContext, events: Iterable[JournalEvent], *, finish: bool = True
    ) -> None:
        """Project events in the given order. Unknown types (from a newer app) are kept, unprojected.

        ``finish=False`` leaves the work handlers left for the end (``HandlerContext.at_end``) to
        the caller, who applies events one at a time and finishes once after the last."""
        for run_type, run in groupby(events, key=lambda e: self.runs_with.get(e.type, e.type)):
            if run_type in self.batch:
                self.batch[run_type](context, list(run))
            elif run_type in self.single:
                handler = self.single[run_type]
                for event in run:
                    handler(context, event)
        if finish:
            context.finish()


registry = HandlerRegistry()
"""The application's event handlers; importing ``civodesk.features`` fills it."""
