"""Opening a CivoDesk database: checks, pragmas, migrations, and errors a person can act on.

SQLite is set to WAL with ``synchronous=FULL`` (a committed action survives a power cut), foreign
keys on, and a busy timeout. WAL is switched on only once the file is known to be a CivoDesk
database: the switch rewrites the file header, and a file we refuse must stay exactly as it was. Writes take the lock up front (``BEGIN IMMEDIATE``) so two writers never
deadlock on a lock upgrade.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError

from civodesk.db import migrate
from civodesk.db.errors import (
    DatabaseClosedError,
    DatabaseCorruptError,
    DatabaseInUseError,
    DatabaseTooNewError,
    DatabaseUnwritableError,
    StorageError,
    StorageFullError,
)
from civodesk.db.instance_lock import InstanceLock, LockHeldError
from civodesk.owner_only import create_owner_only, restrict_to_owner

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def configure_sqlite(
    engine: Engine, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, wal_on_connect: bool = False
) -> None:
    """The one SQLite set-up of the desk and the server, so that they never drift apart.

    The desk switches to WAL itself once it knows the file is a CivoDesk database; the server,
    whose file it makes, asks for WAL on every connection (``wal_on_connect``).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        if wal_on_connect:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Erased personal data is overwritten on disk, not left in free pages (RGPD: a lost laptop
        # must not give back what a purge removed), whatever SQLite's compile-time default.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def translate_error(path: Path, error: BaseException) -> StorageError | None:
    """Map a SQLite failure to the storage error a person can act on, if it is one."""
    original = error.orig if isinstance(error, DBAPIError) else error
    text = str(original).lower()
    if isinstance(original, sqlite3.Error):
        if "disk is full" in text or "database or disk is full" in text:
            return StorageFullError()
        if "not a database" in text or "malformed" in text:
            return DatabaseCorruptError(path, str(original))
        if "readonly" in text or "unable to open" in text or "disk i/o" in text:
            return DatabaseUnwritableError(path, str(original))
        if "database is locked" in text:  # another program held the write lock past the timeout
            return DatabaseInUseError(path)
    return None


class Database:
    """An open CivoDesk database. Use ``write()`` for a transaction that changes data."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._instance_lock: InstanceLock | None = None
        self.closed = False

    def _check_open(self) -> None:
        """Work left running at closing (a sync on a silent network) must not reopen the file."""
        if self.closed:
            raise DatabaseClosedError(self.path)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed at the end of the block, rolled back on any error."""
        self._check_open()
        try:
            with (
                self.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn,
                conn.begin(),
            ):
                yield conn
        except (OperationalError, DBAPIError, sqlite3.Error) as error:
            translated = translate_error(self.path, error)
            if translated is not None:
                raise translated from error
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read-only snapshot (WAL lets it run beside a writer)."""
        self._check_open()
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (OperationalError, DBAPIError, sqlite3.Error) as error:
            translated = translate_error(self.path, error)
            if translated is not None:
                raise translated from error
            raise

    def flush_erased_data(self) -> None:
        """Copy the WAL into the database and empty it, so erased rows leave no copy behind.

        The write-ahead log keeps earlier versions of changed pages until a checkpoint; after a
        purge of personal data those versions still hold the names. Called after such a purge.
        """
        raw = self.engine.raw_connection()  # outside any transaction, which would block it
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.fetchall()
            cursor.close()
        finally:
            raw.close()

    def claim_instance(self) -> None:
        """Refuse a second CivoDesk window on the same file (released when the process ends)."""
        lock = InstanceLock(self.path.with_name(self.path.name + ".lock"))
        try:
            lock.acquire()
        except LockHeldError as error:
            raise DatabaseInUseError(self.path) from error
        except OSError as error:  # the lock file cannot be made next to the database
            raise DatabaseUnwritableError(self.path, error.strerror or str(error)) from error
        self._instance_lock = lock

    def close(self) -> None:
        self.closed = True
        self.engine.dispose()
        if self._instance_lock is not None:
            self._instance_lock.release()
            self._instance_lock = None


def _check_file(path: Path) -> None:
    if path.exists():
        if not path.is_file():
            raise DatabaseUnwritableError(path, "not a regular file")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise DatabaseCorruptError(path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnwritableError(path, error.strerror or str(error)) from error


def _schema_stamp(conn: Connection) -> int:
    """A number that changes when the application's migrations or the database's revisions do.

    It is kept in ``PRAGMA user_version`` after each upgrade, so opening a database that is
    already up to date needs neither Alembic nor its scripts (start-up time). Any difference
    (a new file, a newer or older application, a revision changed by hand) takes the full path.
    """
    has_versions = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).scalar()
    revisions = (
        sorted(
            str(rev)
            for rev in conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars()
        )
        if has_versions
        else []
    )
    text = "\n".join([*migrate.migration_files(), "--", *revisions])
    return zlib.crc32(text.encode()) & 0x7FFFFFFF or 1


def _remove_empty_sidecars(created: list[Path]) -> None:
    """Remove the WAL files SQLite made while we looked at a file we then refused (if empty)."""
    wal = [path for path in created if path.name.endswith("-wal")]
    if any(path.exists() and path.stat().st_size > 0 for path in wal):
        return  # holds data: never delete
    for path in created:
        path.unlink(missing_ok=True)


def _refuse_foreign_or_newer(path: Path, conn: Connection) -> None:
    """Refuse another program's SQLite file, and a database from a newer CivoDesk."""
    revisions = set(migrate.current_revisions(conn))
    if not revisions:
        tables = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).scalar()
        if tables:
            raise DatabaseCorruptError(path)
    unknown = revisions - migrate.known_revisions()
    if unknown:
        raise DatabaseTooNewError(path, min(unknown))


def open_database(path: Path | str) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    Raises a ``StorageError`` subclass with a plain message when the file cannot be used; the file
    is then left exactly as it was.
    """
    path = Path(path).expanduser().resolve()
    _check_file(path)
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [sidecar for sidecar in sidecars if not sidecar.exists()]
    try:  # names, the device key and the server token: owner only from the start
        create_owner_only(path)
    except OSError as error:
        raise DatabaseUnwritableError(path, error.strerror or str(error)) from error
    engine = create_engine(f"sqlite:///{path}")
    configure_sqlite(engine)
    database = Database(path, engine)
    try:
        with engine.connect() as conn:
            up_to_date = conn.exec_driver_sql("PRAGMA user_version").scalar() == _schema_stamp(conn)
            if not up_to_date:
                _refuse_foreign_or_newer(path, conn)
            check = conn.exec_driver_sql("PRAGMA quick_check(1)").scalar()
            if check != "ok":
                raise DatabaseCorruptError(path, str(check))
            conn.rollback()
            cast(sqlite3.Connection, conn.connection.driver_connection).execute(
                "PRAGMA journal_mode=WAL"
            )
        with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
            if up_to_date:  # nothing to migrate: still make sure the file takes writes
                conn.exec_driver_sql(f"PRAGMA user_version = {_schema_stamp(conn)}")
                conn.rollback()
            else:
                migrate.upgrade(conn)
                conn.exec_driver_sql(f"PRAGMA user_version = {_schema_stamp(conn)}")
                conn.commit()
    except StorageError:
        engine.dispose()
        _remove_empty_sidecars(absent)
        raise
    except (OperationalError, DBAPIError) as error:
        engine.dispose()
        _remove_empty_sidecars(absent)
        translated = translate_error(path, error)
        if translated is not None:
            raise translated from error
        raise
    for file in (path, *sidecars):  # the WAL files SQLite made before the main file was narrowed
        restrict_to_owner(file)
    return database
