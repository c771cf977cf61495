"""SQL that must run the same on the desk (SQLite) and on the central server (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table


def insert_ignoring_duplicates(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> int:
    """Insert rows, skipping those whose key already exists; returns how many were inserted."""
    if not rows:
        return 0
    dialect = conn.dialect.name
    # Each dialect is imported where used: the desk never loads PostgreSQL's (start-up time).
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        statement: Any = postgresql.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database dialect: {dialect}")
    result = conn.execute(statement, list(rows))
    return int(result.rowcount)
