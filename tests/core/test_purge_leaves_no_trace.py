"""After a purge, the erased names and contacts are nowhere in the database files.

The domain rule: a lost laptop must not give back personal data that was erased. SQLite keeps old
row contents in free pages unless ``secure_delete`` is on, and older page images in the WAL until
a checkpoint; the purge must leave neither.
"""

from __future__ import annotations

from pathlib import Path

from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields

MARKER_EMAIL = "zoe.quintard-purge-marker@example.org"
MARKER_NAME = "Quintardissime"


def _database_bytes(path: Path) -> bytes:
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(file.read_bytes() for file in files if file.exists())


def test_purged_names_and_contacts_leave_no_bytes_in_the_files(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(
        meeting_id,
        [ParticipantFields("Zoé", MARKER_NAME, email=MARKER_EMAIL, phone="06 00 00 00 01")],
    )
    path = services.database.path
    assert MARKER_EMAIL.encode() in _database_bytes(path)  # the check below can see it
    services.meetings.close_meeting(meeting_id)

    services.privacy.purge_personal_data(meeting_id)

    data = _database_bytes(path)
    assert MARKER_EMAIL.encode() not in data
    assert MARKER_NAME.encode() not in data
    assert services.participants.count(meeting_id) == 1  # the anonymous count stays
    assert services.journal_tools.verify().ok
