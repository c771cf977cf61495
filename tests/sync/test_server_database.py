"""The server's schema: the core's and the server's migrations side by side, safe to run twice."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text

from civodesk.db.migrate import known_revisions
from sync.server.db import ServerDatabase, normalize_url


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
