"""A person asks to be forgotten: their names and contacts leave every copy, the journal verifies."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from civodesk.journal.store import events_table
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.core.desks import dump_tables, open_desk, send
from tests.factories import meeting_fields

MARKER_EMAIL = "zoe.quintard-erasure-marker@example.org"
MARKER_NAME = "Quintardissime"


def _database_bytes(path: Path) -> bytes:
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(file.read_bytes() for file in files if file.exists())


def _register(services: Services, meeting_id: str) -> tuple[str, str]:
    change = services.participants.register_many(
        meeting_id,
        [
            ParticipantFields("Zoé", MARKER_NAME, email=MARKER_EMAIL, phone="0600000001"),
            ParticipantFields("Jean", "Martin", email="jean@example.org", commune="Apatou"),
        ],
        consent_purpose="Émargement",
    )
    zoe, jean = change.created_ids
    return zoe, jean


def test_erasure_leaves_no_bytes_and_keeps_the_others(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    zoe, jean = _register(services, meeting_id)
    services.participants.update_participant(meeting_id, zoe, {"phone": "0600000002"})
    services.checkin.issue_badges(meeting_id)
    path = services.database.path
    assert MARKER_EMAIL.encode() in _database_bytes(path)

    services.privacy.erase_participant(meeting_id, zoe)

    data = _database_bytes(path)
    assert MARKER_EMAIL.encode() not in data
    assert MARKER_NAME.encode() not in data
    assert b"0600000002" not in data
    erased = services.participants.get_participant(meeting_id, zoe)
    assert (erased.first_name, erased.last_name, erased.email, erased.phone) == ("", "", "", "")
    kept = services.participants.get_participant(meeting_id, jean)
    assert (kept.last_name, kept.email) == ("Martin", "jean@example.org")
    assert services.participants.count(meeting_id) == 2  # still counted, anonymously
    assert services.privacy.participant_erased(meeting_id, zoe)
    assert services.journal_tools.verify().ok
    with services.database.read() as conn:
        before = dump_tables(conn)
    services.journal_tools.rebuild()
    with services.database.read() as conn:
        after = dump_tables(conn)
    for name in before:
        assert after[name] == before[name], str(
            [list(r) for r in set(after[name]) ^ set(before[name])]
        )


def test_erasure_works_on_a_closed_meeting_and_only_once(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    zoe, _jean = _register(services, meeting_id)
    services.meetings.close_meeting(meeting_id)
    services.privacy.erase_participant(meeting_id, zoe)
    with pytest.raises(PermissionError, match="déjà"):
        services.privacy.erase_participant(meeting_id, zoe)
    with pytest.raises(LookupError):
        services.privacy.erase_participant(meeting_id, "not-a-participant")


def test_other_desks_erase_when_they_sync_and_late_data_is_erased(tmp_path: Path) -> None:
    first = open_desk(tmp_path / "a.db", "accueil 1")
    second = open_desk(tmp_path / "b.db", "accueil 2")
    try:
        meeting_id = first.services.meetings.create_meeting(meeting_fields()).meeting_id
        zoe, _jean = _register(first.services, meeting_id)
        send(first, second)
        # the second desk edits Zoé's e-mail before hearing of the erasure
        second.services.participants.update_participant(
            meeting_id, zoe, {"email": "late-" + MARKER_EMAIL}
        )
        first.services.privacy.erase_participant(meeting_id, zoe)

        send(first, second)  # the erasure reaches the second desk
        send(second, first)  # the late edit reaches the first desk after the erasure
        for desk in (first, second):
            desk.database.flush_erased_data()
            view = desk.services.participants.get_participant(meeting_id, zoe)
            assert (view.last_name, view.email) == ("", "")
            with desk.database.read() as conn:
                personal = conn.execute(
                    select(events_table.c.personal).where(
                        events_table.c.payload.like(f'%"participant_id":"{zoe}"%')
                    )
                ).scalars()
                assert [value for value in personal if value is not None] == []
            assert desk.services.journal_tools.verify().ok
            assert MARKER_EMAIL.encode() not in _database_bytes(desk.database.path)
    finally:
        first.close()
        second.close()
