"""Opening an up-to-date database skips Alembic; anything unusual still takes the full path."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from civodesk.db import migrate
from civodesk.db.database import open_database
from civodesk.db.errors import DatabaseTooNewError


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def revisions(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}


def test_reopening_an_up_to_date_database_does_not_load_alembic(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    open_database(path).close()
    assert user_version(path) != 0

    probe = (
        "import sys; from civodesk.db.database import open_database; "
        f"open_database({str(path)!r}).close(); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()

    assert loaded == "[]"


def test_a_database_at_the_first_migration_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        migrate.upgrade(conn, "0001")
        conn.commit()
    engine.dispose()
    assert revisions(path) == {"0001"}

    open_database(path).close()

    assert revisions(path) == head_revisions()
    stamped = user_version(path)
    open_database(path).close()
    assert user_version(path) == stamped


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(migrate.alembic_config()).get_heads())


def test_a_revision_from_a_newer_application_is_refused_even_when_stamped(
    tmp_path: Path,
) -> None:
    path = tmp_path / "newer.db"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('9999')")
    before = path.read_bytes()

    with pytest.raises(DatabaseTooNewError, match="9999"):
        open_database(path)

    assert path.read_bytes() == before


def test_a_lost_stamp_takes_the_full_path_and_is_written_again(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    open_database(path).close()
    stamped = user_version(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 0")

    open_database(path).close()

    assert user_version(path) == stamped
