"""A desk restored from an old backup gets its own newer events back and continues after them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.checkin.handlers import CHECKIN_SCANNED
from civodesk.cli.main import main
from civodesk.participants.participant import ParticipantFields
from sync.client import state
from sync.client.status import read_status
from tests.factories import meeting_fields
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    """A live server on SQLite, then on PostgreSQL (``server_database_url`` in conftest)."""
    live = LiveServer(loose_settings(server_database_url)).start()
    yield live
    live.close()


def backup(desk: SyncingDesk, to: Path) -> None:
    desk.close()
    shutil.copy(desk.path, to)
    desk.open()


def put_back(desk: SyncingDesk, copy: Path) -> None:
    """The laptop's database file replaced by an older copy of itself (same device, same key)."""
    desk.close()
    shutil.copy(copy, desk.path)
    desk.open()


def check_ins(events: list[str]) -> int:
    return sum(1 for event_type in events if event_type == CHECKIN_SCANNED)


def test_a_restored_desk_gets_its_events_back_and_loses_none(
    tmp_path: Path, server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    org = server.new_organization("Commune de Maripasoula")
    laptop = make_desk(tmp_path, "laptop")
    laptop.enroll(server.url, server.enroll_code(org))
    meeting = laptop.services.meetings.create_meeting(meeting_fields()).meeting_id
    laptop.services.meetings.open_meeting(meeting)
    people = laptop.services.participants.register_many(
        meeting, [ParticipantFields("Awa", f"Diallo {n}") for n in range(8)]
    ).created_ids
    for person in people[:3]:
        laptop.services.checkin.check_in(meeting, person)
    assert laptop.sync().ok
    backup(laptop, tmp_path / "backup.db")
    for person in people[3:5]:
        laptop.services.checkin.check_in(meeting, person)
    assert laptop.sync().ok  # the server holds 5 check-ins

    put_back(laptop, tmp_path / "backup.db")
    assert laptop.services.checkin.attendance(meeting).present == 3
    for person in people[5:]:
        laptop.clock.advance(30_000)
        laptop.services.checkin.check_in(meeting, person)

    report = laptop.sync()

    assert report.ok, report.message
    assert report.recovery is not None
    assert report.recovery.recovered == 2  # the check-ins of the lost copy
    assert report.recovery.renumbered == 3  # this copy's, now after them
    assert report.rejected == 0
    assert "restauré depuis une sauvegarde" in report.message
    desk_events = laptop.events(meeting)
    server_ids = server.event_ids(meeting)
    assert check_ins([e.type for e in desk_events]) == 8
    assert sorted(e.event_id for e in desk_events) == sorted(server_ids)
    assert laptop.services.checkin.attendance(meeting).present == 8
    assert laptop.fingerprint(meeting) == server.stored_fingerprint(meeting)
    assert laptop.services.journal_tools.verify(meeting).ok
    with laptop.services.database.read() as conn:
        assert state.list_rejections(conn) == []
    notice = read_status(laptop.services.database, laptop.device.device_id).last_restore
    assert notice is not None
    assert notice.renumbered == report.recovery.renumbered

    # Another desk of the organization counts the same 8, and the next syncs are quiet.
    other = make_desk(tmp_path, "other")
    other.enroll(server.url, server.enroll_code(org))
    other.join(meeting)
    assert other.sync().ok
    assert check_ins([e.type for e in other.events(meeting)]) == 8
    assert other.services.checkin.attendance(meeting).present == 8
    again = laptop.sync()
    assert again.ok
    assert again.recovery is None
    assert again.pushed == 0

    # The command line says so, in one line, when it happens.
    put_back(laptop, tmp_path / "backup.db")
    laptop.close()
    assert main(["sync", "--db", str(laptop.path)]) == 0
    out = capsys.readouterr().out
    assert "Ce poste a été restauré depuis une sauvegarde" in out
    assert "aucun n'est perdu." in out
    laptop.open()
    assert laptop.services.checkin.attendance(meeting).present == 8
    assert sorted(e.event_id for e in laptop.events(meeting)) == sorted(server.event_ids(meeting))
