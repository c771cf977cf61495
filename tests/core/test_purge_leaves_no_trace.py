"""After a purge, the erased names and contacts are nowhere in the database files.

The domain rule: a lost laptop must not give back personal data that was erased. SQLite keeps old
row contents in free pages unless ``secure_delete`` is on, and older page images in the WAL until
a checkpoint; the purge must leave neither.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from civodesk.facilitation.agenda_run import DecisionFields, DecisionKind
from civodesk.features import registry
from civodesk.journal.rebuild import rebuild_projections
from civodesk.journal.store import events_table
from civodesk.meetings.meeting import ValidationError
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
        "Émargement",
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


OWNER_MARKER = "Bureau-Quintardissime-owner"


def _record_action(services: Services, meeting_id: str, **owner: str) -> None:
    services.facilitation.record_decision(
        meeting_id, DecisionFields("Chiffrer la piste cyclable", DecisionKind.ACTION, **owner)
    )


def _owners(services: Services, meeting_id: str) -> list[str]:
    return [decision.owner for decision in services.facilitation.board(meeting_id).decisions]


def _projections_after_rebuild_match(services: Services, meeting_id: str) -> None:
    live = services.facilitation.board(meeting_id)
    with services.database.write() as conn:
        rebuild_projections(conn, registry)
    assert services.facilitation.board(meeting_id) == live


def test_a_typed_action_owner_goes_with_the_purge(services: Services) -> None:
    """A typed owner may be a person's name: it travels in the erasable personal part."""
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    _record_action(services, meeting_id, owner=OWNER_MARKER)
    services.facilitation.edit_decision(
        meeting_id,
        services.facilitation.board(meeting_id).decisions[0].id,
        DecisionFields("Chiffrer la piste", DecisionKind.ACTION, owner=OWNER_MARKER + " bis"),
    )
    assert _owners(services, meeting_id) == [OWNER_MARKER + " bis"]
    with services.database.read() as conn:
        payloads = conn.execute(select(events_table.c.payload)).scalars().all()
    assert not any(OWNER_MARKER in payload for payload in payloads)  # hashed: never erasable
    path = services.database.path
    assert OWNER_MARKER.encode() in _database_bytes(path)
    services.meetings.close_meeting(meeting_id)

    services.privacy.purge_personal_data(meeting_id)

    assert OWNER_MARKER.encode() not in _database_bytes(path)
    assert _owners(services, meeting_id) == [""]
    assert services.journal_tools.verify().ok
    _projections_after_rebuild_match(services, meeting_id)
    assert OWNER_MARKER.encode() not in _database_bytes(path)


def test_a_participant_given_an_action_is_erased_from_it_with_their_data(
    services: Services,
) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    (person,) = services.participants.register_many(
        meeting_id, [ParticipantFields("Zoé", MARKER_NAME, email=MARKER_EMAIL)], "Émargement"
    ).created_ids
    _record_action(services, meeting_id, owner_id=person)
    assert _owners(services, meeting_id) == [f"Zoé {MARKER_NAME}"]
    assert person in json.dumps(services.privacy.export_person(meeting_id, person)["journal"])

    services.privacy.erase_participant(meeting_id, person)

    assert _owners(services, meeting_id) == [""]
    data = _database_bytes(services.database.path)
    assert MARKER_NAME.encode() not in data
    assert MARKER_EMAIL.encode() not in data
    assert services.journal_tools.verify().ok
    _projections_after_rebuild_match(services, meeting_id)


def test_an_action_owner_must_be_a_participant_of_the_meeting(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    with pytest.raises(ValidationError):
        _record_action(services, meeting_id, owner_id="not-a-participant")
    assert _owners(services, meeting_id) == []
