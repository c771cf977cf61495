"""Projections: how each event type updates the tables that the application reads.

A projector is a function of (context, event). The same projectors run live on the desk, when
events arrive from another desk or a package, when the projections are rebuilt from the journal, and
on the central server. They must therefore give the same tables whatever order concurrent events
arrive in (see ``civodesk.projections.lww``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal

from sqlalchemy import Connection, Table

from civodesk.journal.event import JournalEvent
from civodesk.journal.payload_schema import EventSchema, PayloadError, envelope_problem

ProjectionMode = Literal["live", "ingest", "rebuild"]


@dataclass(frozen=True)
class ProjectionContext:
    conn: Connection
    mode: ProjectionMode


Projector = Callable[[ProjectionContext, JournalEvent], None]
BatchProjector = Callable[[ProjectionContext, Sequence[JournalEvent]], None]


@dataclass
class ProjectionRegistry:
    """Event type → projector, and the tables the projectors own (emptied before a rebuild)."""

    single: dict[str, Projector] = field(default_factory=dict)
    batch: dict[str, BatchProjector] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    schemas: dict[str, EventSchema] = field(default_factory=dict)

    def on(self, event_type: str) -> Callable[[Projector], Projector]:
        def register(projector: Projector) -> Projector:
            self.single[event_type] = projector
            return projector

        return register

    def on_batch(self, event_type: str) -> Callable[[BatchProjector], BatchProjector]:
        """Register a projector that handles a run of same-type events at once (bulk imports)."""

        def register(projector: BatchProjector) -> BatchProjector:
            self.batch[event_type] = projector
            return projector

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

    def apply(self, context: ProjectionContext, events: Iterable[JournalEvent]) -> None:
        """Project events in the given order. Unknown types (from a newer app) are kept, unprojected."""
        for event_type, run in groupby(events, key=lambda event: event.type):
            if event_type in self.batch:
                self.batch[event_type](context, list(run))
            elif event_type in self.single:
                projector = self.single[event_type]
                for event in run:
                    projector(context, event)


registry = ProjectionRegistry()
"""The application's projections; ``civodesk.projections`` fills it when imported."""
