"""The sync client's tables have their own history, adopted from the core's revision 0004."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.services import build_services
from sync.client import schema, state
from sync.client.engine import SyncClient


def test_opening_a_client_adopts_the_tables_and_keeps_their_rows(tmp_path: Path) -> None:
    database = open_database(tmp_path / "desk.db")
    try:
        with database.write() as conn:
            state.save_enrollment(
                conn, state.Enrollment("https://sync.example", "token", "Commune de Mana", 1, None)
            )
            assert schema.current_revisions(conn) == set()
        SyncClient(build_services(database, DeviceIdentity.generate("accueil")))
        with database.read() as conn:
            assert schema.current_revisions(conn) == {schema.CLIENT_HEAD}
            enrollment = state.load_enrollment(conn)
        assert enrollment is not None
        assert enrollment.organization == "Commune de Mana"
    finally:
        database.close()


def test_a_missing_client_table_is_created(tmp_path: Path) -> None:
    database = open_database(tmp_path / "desk.db")
    try:
        with database.write() as conn:
            conn.exec_driver_sql("DROP TABLE sync_history")
        schema.ensure_schema(database)
        with database.read() as conn:
            tables = set(
                conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).scalars()
            )
        assert {table.name for table in state.metadata.sorted_tables} <= tables
        schema.ensure_schema(database)  # at the head: nothing more to do
    finally:
        database.close()


def test_the_declared_head_is_the_newest_client_revision() -> None:
    script = ScriptDirectory.from_config(schema.client_alembic_config())
    assert set(script.get_heads()) == {schema.CLIENT_HEAD}
