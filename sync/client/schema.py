"""The sync client's own schema history, run when a client opens the database.

The client's tables (``sync.client.state``) belong to the client, not the core: they have their
own Alembic history in ``sync/client/migrations`` with its own version table. ``ensure_schema``
brings it to its head; an up-to-date database costs one query, and Alembic is imported only when
there is something to do (start-up time, as in ``civodesk.db.database``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from civodesk.db.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

CLIENT_VERSION_TABLE = "civodesk_sync_client_alembic_version"
CLIENT_HEAD = "c0040"
"""The newest revision in ``migrations/versions`` (a test checks they agree)."""
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def client_alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revisions(conn: Connection) -> set[str]:
    has_table = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
        (CLIENT_VERSION_TABLE,),
    ).scalar()
    if not has_table:
        return set()
    return {
        str(revision)
        for revision in conn.exec_driver_sql(
            f"SELECT version_num FROM {CLIENT_VERSION_TABLE}"
        ).scalars()
    }


def ensure_schema(database: Database) -> None:
    """Bring the client's tables to the client's head (adopting those the core made)."""
    with database.read() as conn:
        if current_revisions(conn) == {CLIENT_HEAD}:
            return
    from alembic import command

    with database.write() as conn:
        command.upgrade(client_alembic_config(conn), "heads")
