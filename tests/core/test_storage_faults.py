"""Storage faults: each gets a plain message (a StorageError), never a traceback, and loses nothing.

Covered: a corrupt file (random bytes, truncated, damaged page), another program's SQLite file, a
database from a newer CivoDesk, an unwritable location (parent is a file; an immutable file or
folder), a second instance in another process, a lock held too long, and a full disk.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

import civodesk.db.database as database_module
from civodesk.cli.main import main
from civodesk.db.database import Database, open_database
from civodesk.db.errors import (
    DatabaseCorruptError,
    DatabaseInUseError,
    DatabaseTooNewError,
    DatabaseUnwritableError,
    StorageError,
    StorageFullError,
)
from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.store import events_table
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services, build_services
from tests.core.desks import dump_tables
from tests.factories import AGENDA, meeting_fields


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def _assert_refused_untouched(path: Path, error_type: type[StorageError]) -> StorageError:
    """Opening must fail with ``error_type``, leaving the file and its folder exactly as they were."""
    digest, files = _digest(path), _files(path.parent)
    with pytest.raises(error_type) as caught:
        open_database(path)
    assert _digest(path) == digest
    assert _files(path.parent) == files
    assert str(path) in str(caught.value)
    return caught.value


@pytest.fixture
def real_database(tmp_path: Path) -> Path:
    """A genuine CivoDesk file with a few meetings, closed cleanly (WAL checkpointed)."""
    path = tmp_path / "real" / "civodesk.db"
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("desk"))
    for number in range(25):
        services.meetings.create_meeting(meeting_fields(title=f"Réunion {number}"), AGENDA)
    database.close()
    assert _files(path.parent) == ["civodesk.db"]
    return path


# Corrupt or foreign files ------------------------------------------------------------------------


def test_random_bytes_are_refused_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(16_384))
    error = _assert_refused_untouched(path, DatabaseCorruptError)
    assert "n'a pas été modifié" in str(error)


def test_truncated_database_is_refused_as_corrupt(real_database: Path) -> None:
    data = real_database.read_bytes()
    real_database.write_bytes(data[: len(data) // 2])
    _assert_refused_untouched(real_database, DatabaseCorruptError)


def test_damaged_page_is_refused_as_corrupt(real_database: Path) -> None:
    data = bytearray(real_database.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size : 2 * page_size] = os.urandom(page_size)  # the second page: a table's root
    real_database.write_bytes(bytes(data))
    _assert_refused_untouched(real_database, DatabaseCorruptError)


def test_another_programs_sqlite_file_is_not_touched(tmp_path: Path) -> None:
    """A valid SQLite file without CivoDesk's schema: refused rather than filled with our tables."""
    path = tmp_path / "carnet.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Awa Diallo')")
    conn.close()
    _assert_refused_untouched(path, DatabaseCorruptError)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert tables == ["contacts"]


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    """A zero-byte file (e.g. made by « touch ») holds nothing to lose: it is initialised."""
    path = tmp_path / "vide.db"
    path.touch()
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("desk"))
    services.meetings.create_meeting(meeting_fields())
    assert len(services.meetings.list_meetings()) == 1
    database.close()


def test_database_from_a_newer_version_is_refused_untouched(real_database: Path) -> None:
    with sqlite3.connect(real_database) as conn:
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('0999_future')")
    conn.close()
    assert _files(real_database.parent) == ["civodesk.db"]
    error = _assert_refused_untouched(real_database, DatabaseTooNewError)
    assert "0999_future" in str(error)
    assert "plus récente" in str(error)


def test_database_whose_only_revision_is_unknown_is_refused(real_database: Path) -> None:
    with sqlite3.connect(real_database) as conn:
        conn.execute("DELETE FROM alembic_version")
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('1000')")
    conn.close()
    _assert_refused_untouched(real_database, DatabaseTooNewError)


# Unwritable locations ----------------------------------------------------------------------------


def test_location_whose_parent_is_a_file_is_unwritable(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("un fichier, pas un dossier")
    with pytest.raises(DatabaseUnwritableError) as caught:
        open_database(blocker / "civodesk.db")
    assert "Impossible d'écrire" in str(caught.value)
    assert blocker.read_text() == "un fichier, pas un dossier"


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "dossier.db"
    folder.mkdir()
    with pytest.raises(DatabaseUnwritableError):
        open_database(folder)
    assert _files(folder) == []


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable with chattr +i: refused even to root (chmod would not stop root)."""
    paths: list[Path] = []
    yield paths
    if paths:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


def _make_immutable(paths: list[Path], *targets: Path) -> None:
    result = subprocess.run(
        ["chattr", "+i", *map(str, targets)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.skip(f"chattr +i is not available here: {result.stderr.strip()}")
    paths.extend(targets)
    probe = targets[0] / "probe" if targets[0].is_dir() else targets[0]
    with pytest.raises(PermissionError):  # the mechanism really blocks writes, even for root
        probe.open("ab").close()


def test_immutable_database_file_is_refused_at_open(
    real_database: Path, immutable: list[Path]
) -> None:
    """Refused when opened, not at the first keystroke: nothing typed is lost."""
    _make_immutable(immutable, real_database)
    _assert_refused_untouched(real_database, DatabaseUnwritableError)


def test_database_in_an_immutable_folder_is_refused(
    real_database: Path, immutable: list[Path]
) -> None:
    _make_immutable(immutable, real_database.parent)
    _assert_refused_untouched(real_database, DatabaseUnwritableError)
    with pytest.raises(DatabaseUnwritableError):
        open_database(real_database.parent / "nouvelle.db")
    assert _files(real_database.parent) == ["civodesk.db"]


# Another instance --------------------------------------------------------------------------------

HOLDER = """
import sys
from civodesk.db.database import open_database
database = open_database(sys.argv[1])
database.claim_instance()
print("ready", flush=True)
sys.stdin.readline()
database.close()
"""


def test_second_instance_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "partagee.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        second = open_database(path)
        with pytest.raises(DatabaseInUseError) as caught:
            second.claim_instance()
        assert "déjà ouverte" in str(caught.value)
        second.close()
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    # Once the first instance is gone, the file can be claimed.
    third = open_database(path)
    third.claim_instance()
    third.close()


def test_a_write_lock_held_too_long_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "occupee.db"
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("desk"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseInUseError):
            services.meetings.create_meeting(meeting_fields())
    finally:
        other.execute("ROLLBACK")
        other.close()
    services.meetings.create_meeting(meeting_fields())
    assert len(services.meetings.list_meetings()) == 1
    database.close()


# Full disk ---------------------------------------------------------------------------------------


def _event_count(database: Database) -> int:
    with database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


def _limit_pages(database: Database, extra_pages: int) -> None:
    """Simulate a full disk: the file may grow by only ``extra_pages`` pages."""
    with database.read() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())

    @event.listens_for(database.engine, "connect")
    def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    database.engine.dispose()  # new connections get the cap


def test_full_disk_fails_the_action_cleanly_and_keeps_earlier_data(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.participants.register_many(meeting_id, [ParticipantFields("Awa", "Diallo")])
    with services.database.read() as conn:
        before = dump_tables(conn)
    events_before = _event_count(services.database)
    _limit_pages(services.database, extra_pages=4)

    crowd = [ParticipantFields(f"Prénom{n}", f"Nom-de-famille-{n}" * 4) for n in range(3000)]
    with pytest.raises(StorageFullError) as caught:
        services.participants.register_many(meeting_id, crowd)
    assert "disque est plein" in str(caught.value)

    assert _event_count(services.database) == events_before
    with services.database.read() as conn:
        assert dump_tables(conn) == before
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert services.journal_tools.verify().ok
    # Small actions may still fit; once space is freed, everything works and the stream goes on.
    _limit_pages(services.database, extra_pages=10_000)
    services.participants.register_many(meeting_id, crowd[:100])
    assert services.participants.count(meeting_id) == 101
    report = services.journal_tools.verify()
    assert report.ok
    assert report.events_checked == events_before + 100


# The command line: one line, exit code 1 -------------------------------------------------------


def _run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_reports_a_corrupt_database_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"ceci n'est pas une base" * 100)
    for command in ("meetings", "verify-journal"):
        code, out, err = _run_cli(capsys, command, "--db", str(bad))
        assert code == 1
        assert out == ""
        assert err.count("\n") == 1
        assert err.startswith("Erreur : Le fichier ")
        assert "Traceback" not in err
    assert bad.read_bytes() == b"ceci n'est pas une base" * 100


def test_cli_reports_a_newer_database_in_one_line(
    real_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(real_database) as conn:
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('0999_future')")
    conn.close()
    code, _out, err = _run_cli(capsys, "meetings", "--db", str(real_database))
    assert code == 1
    assert err.count("\n") == 1
    assert "plus récente" in err


def test_cli_reports_an_unwritable_location_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    code, _out, err = _run_cli(capsys, "meetings", "--db", str(blocker / "civodesk.db"))
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("Erreur : ")
    assert "Traceback" not in err
    assert blocker.read_text() == "x"


def test_every_connection_is_durable(tmp_path: Path) -> None:
    """WAL (persistent in the file), synchronous=FULL, foreign keys and busy timeout on each
    connection of the pool, including ones opened after the first."""
    database = open_database(tmp_path / "durable.db")
    try:
        database.engine.dispose()
        for _connection in range(2):
            with database.engine.connect() as conn:
                pragmas = {
                    name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                    for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
                }
            assert pragmas == {
                "journal_mode": "wal",
                "synchronous": 2,
                "foreign_keys": 1,
                "busy_timeout": database_module.BUSY_TIMEOUT_MS,
            }
            database.engine.dispose()
    finally:
        database.close()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB file system (tmpfs), so the disk really fills up (ENOSPC)."""
    """A real 1 MiB file system (tmpfs), so the disk really fills up (ENOSPC).

    (A fresh database's migrations leave about 410 KiB of write-ahead log: 1 MiB leaves room for
    registrations before the disk fills.)"""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_a_really_full_disk_keeps_every_committed_action(tiny_disk: Path) -> None:
    path = tiny_disk / "civodesk.db"
    database = open_database(path)
    try:
        services = build_services(database, DeviceIdentity.generate("desk"))
        meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
        committed = 0
        full: StorageFullError | None = None
        for number in range(10_000):
            people = [ParticipantFields("Awa", f"Diallo {number}-{n}") for n in range(5)]
            try:
                services.participants.register_many(meeting_id, people)
            except StorageFullError as error:
                full = error
                break
            committed += len(people)
        assert full is not None, "the 1 MiB disk never filled up"
        assert committed > 0
        assert services.participants.count(meeting_id) == committed
        assert services.journal_tools.verify().ok
    finally:
        database.close()
    reopened = open_database(path)  # after the failure, the file still opens and checks out
    try:
        services = build_services(reopened, DeviceIdentity.generate("desk"))
        assert services.participants.count(meeting_id) == committed
        with reopened.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        reopened.close()
