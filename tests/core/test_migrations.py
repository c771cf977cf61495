"""Migrations: a database made at the first revision opens in today's app with its data intact, and
the migrated schema is exactly what the models declare (so nobody forgets a migration)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

import civodesk.devices.store
import civodesk.features  # noqa: F401  (every model module, so Base.metadata is complete)
import sync.client.schema
import sync.client.state
from civodesk.clock import ManualClock
from civodesk.db import migrate
from civodesk.db.database import open_database
from civodesk.db.schema import Base
from civodesk.devices.identity import DeviceIdentity
from civodesk.ids import new_id
from civodesk.journal.clock_tables import observations_table
from civodesk.journal.handlers import HandlerRegistry, registry
from civodesk.journal.store import DEVICE_JOINED, Journal, NewEvent
from civodesk.meetings.handlers import (
    AGENDA_ITEM_ADDED,
    AGENDA_ITEM_EDITED,
    MEETING_CREATED,
    MEETING_EDITED,
    MEETING_OPENED,
)
from civodesk.meetings.meeting import MeetingStatus
from civodesk.meetings.service import meeting_payload
from civodesk.participants.participant import ParticipantFields
from civodesk.services import build_services
from tests.core.desks import dump_tables
from tests.factories import meeting_fields

FIRST_REVISION_TYPES = (
    DEVICE_JOINED,
    MEETING_CREATED,
    MEETING_EDITED,
    MEETING_OPENED,
    AGENDA_ITEM_ADDED,
    AGENDA_ITEM_EDITED,
)


def _heads() -> set[str]:
    return set(ScriptDirectory.from_config(migrate.alembic_config()).get_heads())


def _first_revision_registry() -> HandlerRegistry:
    """The event handlers whose tables exist at revision 0001 (meetings, agenda, device keys)."""
    return HandlerRegistry(single={name: registry.single[name] for name in FIRST_REVISION_TYPES})


def _make_database_at_first_revision(path: Path, device: DeviceIdentity) -> tuple[str, str]:
    """A database as the first release left it: schema 0001, a meeting written through the journal."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        migrate.upgrade(conn, "0001")
        conn.commit()
    meeting_id, item_id = new_id(), new_id()
    journal = Journal(device, ManualClock(), _first_revision_registry())
    # Today's handlers look up clock offsets; that release had none, so they find an empty table
    # that is dropped again before the upgrade (0085 creates it).
    with engine.begin() as conn:
        observations_table.create(conn)
    with engine.begin() as conn:
        created = journal.append_many(
            conn,
            meeting_id,
            [
                NewEvent(MEETING_CREATED, meeting_payload(meeting_fields())),
                NewEvent(
                    AGENDA_ITEM_ADDED,
                    {
                        "item_id": item_id,
                        "title": "Présentation du projet",
                        "duration_minutes": 20,
                        "position": 1.0,
                    },
                ),
            ],
        )
    with engine.begin() as conn:
        journal.append(
            conn,
            meeting_id,
            MEETING_EDITED,
            {"base": created[1].event_id, "changes": {"place": "Mairie annexe"}},
        )
        journal.append(conn, meeting_id, MEETING_OPENED, {"base": None})
        observations_table.drop(conn)
    with engine.connect() as conn:
        assert migrate.current_revisions(conn) == ("0001",)
        assert "participants" not in inspect(conn).get_table_names()
    engine.dispose()
    return meeting_id, item_id


def test_database_from_the_first_revision_is_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "ancienne.db"
    device = DeviceIdentity.generate("desk")
    meeting_id, item_id = _make_database_at_first_revision(path, device)

    database = open_database(path)
    try:
        with database.read() as conn:
            assert set(migrate.current_revisions(conn)) == _heads()
            assert {"participants", "ideas"} <= set(inspect(conn).get_table_names())
        services = build_services(database, device, ManualClock())
        details = services.meetings.get_meeting(meeting_id)
        assert details.fields.title == meeting_fields().title
        assert details.fields.place == "Mairie annexe"
        assert details.status is MeetingStatus.OPEN
        assert [(i.id, i.title, i.duration_minutes) for i in details.agenda] == [
            (item_id, "Présentation du projet", 20)
        ]
        report = services.journal_tools.verify()
        assert report.ok
        assert report.events_checked == 5

        # The old tables hold what today's event handlers would have produced.
        with database.read() as conn:
            migrated = dump_tables(conn)
        assert services.journal_tools.rebuild() == 5
        with database.read() as conn:
            assert dump_tables(conn) == migrated

        # Work goes on: new tables are usable, the device's stream continues without a gap.
        services.participants.register_many(meeting_id, [ParticipantFields("Awa", "Diallo")])
        services.meetings.update_meeting(
            meeting_id, meeting_fields(title="Après la mise à jour", place="Mairie annexe")
        )
        assert services.participants.count(meeting_id) == 1
        assert services.journal_tools.verify().ok
        assert services.conflicts.list_conflicts(meeting_id) == []
    finally:
        database.close()


def test_opening_twice_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "deux-fois.db"
    open_database(path).close()
    first = path.read_bytes()
    open_database(path).close()
    database = open_database(path)
    with database.read() as conn:
        assert set(migrate.current_revisions(conn)) == _heads()
    database.close()
    assert len(path.read_bytes()) == len(first)


def _schema_differences(path: Path) -> list[Any]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, [Base.metadata, sync.client.state.metadata])
            client_versions = sync.client.schema.CLIENT_VERSION_TABLE
            return [
                d
                for d in differences
                if not (d[0] == "remove_table" and d[1].name == client_versions)
            ]
    finally:
        engine.dispose()


def _open_with_client(path: Path) -> None:
    """Open the desk, then bring the sync client's own history up, as its first sync does."""
    database = open_database(path)
    sync.client.schema.ensure_schema(database)
    database.close()


def test_models_match_the_migrated_schema(tmp_path: Path) -> None:
    """A model changed without its migration shows up here as a difference."""
    path = tmp_path / "schema.db"
    _open_with_client(path)
    assert _schema_differences(path) == []


def test_models_match_the_schema_upgraded_from_the_first_revision(tmp_path: Path) -> None:
    path = tmp_path / "upgraded.db"
    _make_database_at_first_revision(path, DeviceIdentity.generate("desk"))
    _open_with_client(path)
    assert _schema_differences(path) == []


def test_the_comparison_does_notice_a_missing_migration(tmp_path: Path) -> None:
    """Guard against a comparison that can never fail: drop a column and it must be reported."""
    path = tmp_path / "incomplete.db"
    open_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE ideas DROP COLUMN source")
    engine.dispose()
    differences = _schema_differences(path)
    assert [(d[0], d[2], d[3].name) for d in differences if d[0] == "add_column"] == [
        ("add_column", "ideas", "source")
    ]
