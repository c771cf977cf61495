"""The server's schema: the core's and the server's migrations side by side, safe to run twice."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, inspect, text

from civodesk.db import migrate as core_migrate
from civodesk.db.database import open_database
from civodesk.db.migrate import known_revisions
from sync.server.db import ServerDatabase, normalize_url, server_alembic_config


def test_both_histories_are_recorded_in_their_own_version_tables(server_database_url: str) -> None:
    database = ServerDatabase(server_database_url)
    try:
        database.migrate()
        database.migrate()  # a second start changes nothing
        with database.read() as conn:
            core = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
            server = conn.execute(
                text("SELECT version_num FROM civodesk_server_alembic_version")
            ).scalar_one()
            tables = set(inspect(conn).get_table_names())
    finally:
        database.close()
    assert core <= known_revisions()
    assert core  # the desk schema's heads
    assert server == "s0020"
    assert {"events", "participants", "server_receipts", "server_devices"} <= tables


@pytest.mark.postgres
def test_processes_starting_together_migrate_once(postgres_database_url: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        database = ServerDatabase(postgres_database_url)
        try:
            database.migrate()
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            database.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u:p@h:5433/db").startswith("postgresql+psycopg://u:p@h:5433")
    assert normalize_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "secure_delete")


def _pragmas(conn: Connection) -> dict[str, object]:
    return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in PRAGMAS}


def test_the_servers_sqlite_is_set_up_as_the_desks(tmp_path: Path) -> None:
    """Same durability and erasure on both sides: a purge leaves no name in free pages."""
    server = ServerDatabase(f"sqlite:///{tmp_path / 'server.db'}")
    desk = open_database(tmp_path / "desk.db")
    try:
        server.migrate()
        with server.read() as conn:
            on_server = _pragmas(conn)
        with desk.read() as conn:
            on_desk = _pragmas(conn)
    finally:
        server.close()
        desk.close()
    assert on_server == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "secure_delete": 1,
    }
    assert on_server == on_desk


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_servers_sqlite_files_are_owner_only(tmp_path: Path) -> None:
    """They hold names, the organizations' signing keys and the token hashes."""
    previous = os.umask(0o022)
    try:
        path = tmp_path / "data" / "server.db"
        server = ServerDatabase(f"sqlite:///{path}")
        try:
            server.migrate()
            files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
            modes = {stat.S_IMODE(file.stat().st_mode) for file in files}
        finally:
            server.close()
    finally:
        os.umask(previous)
    assert modes == {0o600}


def test_s0020_keeps_each_device_in_the_meetings_it_wrote_into(server_database_url: str) -> None:
    """Upgrading a server that served every desk everything: authors and relays keep their
    meetings (no backfill, they pulled all), a device that only pulled must join."""
    database = ServerDatabase(server_database_url)
    try:
        with database.write() as conn:
            core_migrate.upgrade(conn)
            command.upgrade(server_alembic_config(conn), "s0010")
            conn.execute(
                text(
                    "INSERT INTO server_organizations (id, name, created_at, last_receive_seq) "
                    "VALUES ('org', 'Commune de Mana', '2026-11-30T10:00:00+00:00', 3)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO server_meetings VALUES "
                    "('m1', 'org', 'author', '2026-11-30T10:00:00+00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO server_receipts VALUES (:org, :seq, :event, 'm1', :author, :pusher)"
                ),
                [
                    {"org": "org", "seq": 1, "event": "e1", "author": "author", "pusher": "author"},
                    {"org": "org", "seq": 2, "event": "e2", "author": "remote", "pusher": "relay"},
                    {"org": "org", "seq": 3, "event": "e3", "author": "author", "pusher": "author"},
                ],
            )
        database.migrate()
        with database.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT device_id, reason, since_seq FROM server_meeting_members "
                    "WHERE meeting_id = 'm1' ORDER BY device_id"
                )
            ).all()
    finally:
        database.close()
    assert [tuple(row) for row in rows] == [
        ("author", "created", 0),
        ("relay", "imported", 0),
        ("remote", "imported", 0),
    ]
