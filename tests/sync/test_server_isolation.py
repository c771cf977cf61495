"""On the server, one organization's events cannot change another organization's rows.

The server projects every organization's events with the same event handlers into the same tables.
Participant ids are printed on badges, so a device of organization B can name organization A's
participant in an event of its own meeting: the server stores the event, and A's rows stay as they
were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from civodesk.db.schema import table_of
from civodesk.ideas.tables import Idea
from civodesk.participants.tables import Participant
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import ServerApi

participants = table_of(Participant)
ideas = table_of(Idea)
DeskFactory = Callable[..., SyncDesk]


def _rows_of(api: ServerApi, table: Any, meeting_id: str) -> list[tuple[Any, ...]]:
    with api.database.read() as conn:
        return sorted(
            tuple(row)
            for row in conn.execute(select(table).where(table.c.meeting_id == meeting_id))
        )


def test_another_organizations_event_naming_our_participant_changes_nothing(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    mana_desk = sync_desk_factory("mana")
    mana_meeting = fill_meeting(mana_desk, participants=3, idea_count=2)
    mana = server_api.enroll(server_api.organization("Commune de Mana"), mana_desk.device_id)
    server_api.push(mana, mana_desk.events(mana_meeting))
    mana_participants = _rows_of(server_api, participants, mana_meeting)
    mana_ideas = _rows_of(server_api, ideas, mana_meeting)
    target = mana_participants[0]
    target_person = dict(zip(participants.c.keys(), target, strict=True))
    target_idea = dict(zip(ideas.c.keys(), mana_ideas[0], strict=True))

    awala_desk = sync_desk_factory("awala")
    awala_meeting = fill_meeting(awala_desk, participants=1, idea_count=0, seed=2)
    with awala_desk.services.database.write() as conn:
        journal = awala_desk.services.journal
        journal.append(
            conn,
            awala_meeting,
            "participant.edited",
            {
                "participant_id": target_person["id"],
                "base": target_person["version"],
                "changes": {"commune": "Awala-Yalimapo", "removed": True},
            },
            personal={"first_name": "Mallory", "email": "mallory@example.fr"},
        )
        journal.append(
            conn,
            awala_meeting,
            "idea.edited",
            {"idea_id": target_idea["id"], "changes": {"text": "Piraté"}, "base": None},
        )
    awala = server_api.enroll(server_api.organization("Commune d'Awala"), awala_desk.device_id)
    awala_events = awala_desk.events(awala_meeting)

    answer = server_api.push(awala, awala_events)

    assert answer.accepted == len(awala_events)  # stored in Awala's journal, harmlessly
    assert answer.rejected == []
    assert _rows_of(server_api, participants, mana_meeting) == mana_participants
    assert _rows_of(server_api, ideas, mana_meeting) == mana_ideas
    with server_api.database.read() as conn:
        person = conn.execute(
            select(participants).where(participants.c.id == target_person["id"])
        ).one()
    assert person.meeting_id == mana_meeting
    assert (person.first_name, person.email, person.commune, person.removed) == (
        target_person["first_name"],
        target_person["email"],
        target_person["commune"],
        False,
    )
    assert person.first_name != "Mallory"
