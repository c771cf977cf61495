"""The server applies a person's erasure with the same handler as the desks."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from civodesk.db.schema import table_of
from civodesk.journal.store import events_table
from civodesk.participants.participant import ParticipantFields
from civodesk.participants.tables import Participant
from tests.factories import meeting_fields
from tests.sync.journal_data import SyncDesk
from tests.sync.server_api import ServerApi

participants = table_of(Participant)


def test_an_erasure_pushed_later_erases_the_server_copy(
    server_api: ServerApi, sync_desk_factory: Callable[..., SyncDesk]
) -> None:
    desk = sync_desk_factory("accueil")
    services = desk.services
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    zoe, jean = services.participants.register_many(
        meeting,
        [
            ParticipantFields("Zoé", "Quintard", email="zoe@example.org"),
            ParticipantFields("Jean", "Martin", email="jean@example.org"),
        ],
        consent_purpose="Émargement",
    ).created_ids
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    first = desk.events(meeting)
    assert server_api.push(device, first).rejected == []

    services.privacy.erase_participant(meeting, zoe)
    later = [event for event in desk.events(meeting) if event.seq > first[-1].seq]
    answer = server_api.push(device, later)

    assert answer.rejected == []
    with server_api.database.read() as conn:
        rows = {
            row.id: (row.last_name, row.email)
            for row in conn.execute(
                select(participants).where(participants.c.meeting_id == meeting)
            )
        }
        personal = [
            value
            for value in conn.execute(
                select(events_table.c.personal).where(
                    events_table.c.payload.like(f'%"participant_id":"{zoe}"%')
                )
            ).scalars()
            if value is not None
        ]
    assert rows[zoe] == (None, None)
    assert rows[jean] == ("Martin", "jean@example.org")
    assert personal == []
