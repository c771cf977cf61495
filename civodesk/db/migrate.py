"""Alembic, driven from code: the schema is brought to head every time a database opens.

Works on any SQLAlchemy connection, so the central server runs the very same migrations on
PostgreSQL. Alembic is imported only when it is used: opening an up-to-date desk database does
not need it (see ``civodesk.db.database``), and its import is a large part of start-up time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def migration_files() -> list[str]:
    """The names of this application's migration scripts, sorted."""
    return sorted(
        path.name
        for path in (MIGRATIONS_DIR / "versions").glob("*.py")
        if not path.name.startswith("_")
    )


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions the database is at: one per branch (0003 and 0004 both follow 0002)."""
    from alembic.runtime.migration import MigrationContext

    return tuple(MigrationContext.configure(connection).get_current_heads())


def upgrade(connection: Connection, revision: str = "heads") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)
