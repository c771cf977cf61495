"""Helpers for core tests: simulated desks (one database, device and clock each) and table dumps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from civodesk.clock import ManualClock
from civodesk.db.database import Database, open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.devices.store import bind_device
from civodesk.features import registry
from civodesk.journal.certificates import trust_device
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerRegistry
from civodesk.journal.signing import store_signed_heads
from civodesk.journal.store import (
    DEVICE_JOINED,
    IngestOutcome,
    events_table,
    ingest_events,
    iter_events,
)
from civodesk.services import Services, build_services
from tests.identities import origin_heads, remember


@dataclass
class Desk:
    """One laptop: its own database file, device identity and (possibly wrong) clock."""

    services: Services
    clock: ManualClock

    @property
    def database(self) -> Database:
        return self.services.database

    @property
    def device_id(self) -> str:
        return self.services.device.device_id

    def events(self, meeting_id: str | None = None) -> list[JournalEvent]:
        with self.database.read() as conn:
            return list(iter_events(conn, meeting_id))

    def event_ids(self) -> set[str]:
        with self.database.read() as conn:
            return set(conn.execute(select(events_table.c.event_id)).scalars())

    def ingest(self, events: list[JournalEvent]) -> list[IngestOutcome]:
        """Take events as from a desk this one trusts, with their origin's signed heads."""
        with self.database.write() as conn:
            for event in events:
                if event.type == DEVICE_JOINED:
                    trust_device(
                        conn,
                        event.device_id,
                        str(event.payload["public_key"]),
                        str(event.payload.get("label", "")),
                        "test",
                        0,
                    )
            outcomes = ingest_events(
                conn, events, self.services.journal.registry, self.services.journal
            )
            store_signed_heads(conn, origin_heads(events))
            return outcomes

    def close(self) -> None:
        self.database.close()


def open_desk(path: Path, label: str, start_ms: int = 1_764_150_000_000) -> Desk:
    clock = ManualClock(start_ms)
    database = open_database(path)
    return Desk(build_services(database, _bound(database, label), clock), clock)


def send(source: Desk, target: Desk) -> list[IngestOutcome]:
    """Hand every event of ``source`` to ``target`` (what a sync or a USB package does)."""
    return target.ingest(source.events())


def dump_tables(
    conn: Connection, projection_registry: HandlerRegistry = registry
) -> dict[str, Any]:
    """Full, sorted contents of every projection table: equal dumps mean equal state."""
    return {
        table.name: sorted(
            (tuple(row) for row in conn.execute(select(table))),
            key=lambda row: tuple("" if value is None else str(value) for value in row),
        )
        for table in projection_registry.tables
    }


def _bound(database: Database, label: str) -> DeviceIdentity:
    """A new identity bound to the database, as the application would make it."""
    identity = remember(DeviceIdentity.generate(label))
    bind_device(database, identity)
    return identity
