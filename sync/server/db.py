"""The server's database: engine setup for SQLite or PostgreSQL, transactions, and migrations.

The core's Alembic history (journal and projection tables) and the server's own history run on the
same database, each with its own version table. PostgreSQL write transactions lock what they touch
(meeting rows, the organization's counter) so concurrent server processes stay correct; SQLite
takes its single write lock up front (``BEGIN IMMEDIATE``), with the desk's own set-up (WAL,
``synchronous=FULL``, foreign keys, ``secure_delete``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, make_url

from civodesk.db import migrate as core_migrate
from civodesk.db.database import configure_sqlite
from civodesk.owner_only import create_owner_only, restrict_to_owner

SERVER_MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalize_url(url: str) -> str:
    """Use psycopg (v3) for plain ``postgresql://`` URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class ServerDatabase:
    """One engine per process; every request opens its own short transaction."""

    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.url = normalize_url(url)
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                # Names, organization keys, token hashes: owner only (the WAL files follow it).
                file = Path(parsed.database).expanduser()
                file.parent.mkdir(parents=True, exist_ok=True)
                create_owner_only(file)
                restrict_to_owner(file)
            self.engine = create_engine(self.url, hide_parameters=True)
            configure_sqlite(
                self.engine, busy_timeout_ms=SQLITE_BUSY_TIMEOUT_MS, wal_on_connect=True
            )
        else:
            self.engine = create_engine(
                self.url,
                pool_size=pool_size,
                max_overflow=pool_size,
                pool_pre_ping=True,
                hide_parameters=True,  # error messages and logs never quote a participant's name
            )

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Connection]:
        """A write transaction. ``durable=False`` lets PostgreSQL skip the commit flush (for
        bookkeeping such as rate-limit counters, harmless to lose in a crash)."""
        with (
            self.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn,
            conn.begin(),
        ):
            if not durable and not self.is_sqlite:
                conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def migrate(self) -> None:
        """Bring the core's tables and then the server's tables to their latest revision."""
        with self.write() as conn:
            if not self.is_sqlite:
                # Two processes starting together must not migrate at the same time.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242001)")
            core_migrate.upgrade(conn)
            command.upgrade(server_alembic_config(conn), "heads")

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception:
            return False
        return True

    def close(self) -> None:
        self.engine.dispose()


def server_alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SERVER_MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config
