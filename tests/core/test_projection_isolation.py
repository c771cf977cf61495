"""Events of one meeting cannot change another meeting's rows, whatever ids their payloads name.

Participant and meeting ids are printed on every badge, so anyone writing to their own meeting can
name another meeting's participant, agenda item, idea, conflict or proxy. Those events are stored
(the journal keeps everything) but project onto nothing outside their own meeting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Table, select

from civodesk.checkin.tables import Attendance, Proxy
from civodesk.db.schema import Conflict, table_of
from civodesk.features import registry
from civodesk.ideas.idea import IdeaFields
from civodesk.journal.rebuild import rebuild_projections
from civodesk.journal.store import IngestStatus
from civodesk.participants.participant import ParticipantFields
from civodesk.participants.tables import Participant
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import AGENDA, meeting_fields

participants = table_of(Participant)
attendance = table_of(Attendance)
proxies = table_of(Proxy)
conflicts = table_of(Conflict)


@dataclass(frozen=True)
class Victim:
    """Meeting M1 on its own desk, with one row of every kind a forged event could aim at."""

    meeting_id: str
    holder_id: str
    giver_id: str
    agenda_item_id: str
    idea_id: str
    proxy_id: str
    conflict_id: str
    registration_event_id: str


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    victim = open_desk(tmp_path / "victim.db", "desk-victim")
    intruder = open_desk(tmp_path / "intruder.db", "desk-intruder")
    yield victim, intruder
    victim.close()
    intruder.close()


def _fill_victim(desk: Desk) -> Victim:
    services = desk.services
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.meetings.open_meeting(meeting_id)
    holder_id, giver_id = services.participants.register_many(
        meeting_id,
        [
            ParticipantFields("Awa", "Diallo", commune="Mana"),
            ParticipantFields("Marc", "Lefèvre", commune="Apatou"),
        ],
    ).created_ids
    registration = next(e for e in desk.events(meeting_id) if e.type == "participant.registered")
    services.checkin.check_in(meeting_id, holder_id)
    (proxy_id,) = services.checkin.grant_proxy(meeting_id, giver_id, holder_id).created_ids
    (idea_id,) = services.ideas.capture_many(meeting_id, [IdeaFields("Un banc")]).created_ids
    # Two edits based on the same version are concurrent: a conflict to review.
    version = services.participants.get_participant(meeting_id, holder_id).version
    services.participants.update_participant(meeting_id, holder_id, {"commune": "Kourou"}, version)
    services.participants.update_participant(
        meeting_id, holder_id, {"commune": "Iracoubo"}, version
    )
    (conflict,) = services.conflicts.list_conflicts(meeting_id)
    return Victim(
        meeting_id=meeting_id,
        holder_id=holder_id,
        giver_id=giver_id,
        agenda_item_id=services.meetings.get_meeting(meeting_id).agenda[0].id,
        idea_id=idea_id,
        proxy_id=proxy_id,
        conflict_id=conflict.id,
        registration_event_id=registration.event_id,
    )


def _forge(intruder: Desk, victim: Victim) -> str:
    """The intruder's own meeting M2, with events whose payloads name M1's rows; returns M2."""
    services = intruder.services
    meeting_id = services.meetings.create_meeting(meeting_fields(title="Autre réunion")).meeting_id
    services.meetings.open_meeting(meeting_id)
    edit = {"participant_id": victim.holder_id, "changes": {"commune": "Volé", "removed": True}}
    forged: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
        ("participant.edited", {**edit, "base": None}, {"first_name": "Mallory"}),
        # Based on M1's registration: would look concurrent with M1's own edits of the person.
        ("participant.edited", {**edit, "base": victim.registration_event_id}, None),
        (
            "agenda_item.edited",
            {"item_id": victim.agenda_item_id, "changes": {"title": "Piraté"}, "base": None},
            None,
        ),
        (
            "idea.edited",
            {"idea_id": victim.idea_id, "changes": {"text": "Piraté", "removed": True}},
            None,
        ),
        ("conflict.reviewed", {"conflict_id": victim.conflict_id}, None),
        ("proxy.revoked", {"proxy_id": victim.proxy_id}, None),
        ("checkin.checked_out", {"participant_id": victim.holder_id, "method": "desk"}, None),
        ("checkin.scanned", {"participant_id": victim.giver_id, "accepted": True}, None),
    ]
    with intruder.database.write() as conn:
        for event_type, payload, personal in forged:
            intruder.clock.advance(1_000)
            services.journal.append(conn, meeting_id, event_type, payload, personal)
    return meeting_id


def _meeting_rows(conn: Connection, meeting_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every projection row of one meeting (the meetings table is keyed by the meeting's id)."""

    def of_meeting(table: Table) -> Any:
        column = table.c.meeting_id if "meeting_id" in table.c else table.c.get("id")
        return None if column is None or table.name == "organizations" else column == meeting_id

    rows = {}
    for table in registry.tables:
        condition = of_meeting(table)
        if condition is not None:
            rows[table.name] = sorted(
                tuple(row) for row in conn.execute(select(table).where(condition))
            )
    return rows


def _rows(desk: Desk, meeting_id: str) -> dict[str, list[tuple[Any, ...]]]:
    with desk.database.read() as conn:
        return _meeting_rows(conn, meeting_id)


def test_forged_events_of_another_meeting_change_nothing_of_this_one(
    desks: tuple[Desk, Desk],
) -> None:
    victim_desk, intruder = desks
    victim = _fill_victim(victim_desk)
    before = _rows(victim_desk, victim.meeting_id)
    _forge(intruder, victim)

    outcomes = send(intruder, victim_desk)

    assert {outcome.status for outcome in outcomes} == {IngestStatus.ACCEPTED}
    assert _rows(victim_desk, victim.meeting_id) == before
    with victim_desk.database.read() as conn:
        holder = conn.execute(
            select(participants).where(participants.c.id == victim.holder_id)
        ).one()
        assert (holder.first_name, holder.removed) == ("Awa", False)
        assert holder.meeting_id == victim.meeting_id
        present = conn.execute(
            select(attendance.c.meeting_id, attendance.c.present).where(
                attendance.c.participant_id == victim.holder_id
            )
        ).all()
        assert present == [(victim.meeting_id, True)]
        assert (
            conn.execute(
                select(attendance).where(attendance.c.participant_id == victim.giver_id)
            ).first()
            is None
        )
        revoked = conn.execute(
            select(proxies.c.revoked).where(proxies.c.id == victim.proxy_id)
        ).scalar_one()
        assert revoked is False
        victim_conflicts = conn.execute(
            select(conflicts.c.id, conflicts.c.resolved_event_id).where(
                conflicts.c.meeting_id == victim.meeting_id
            )
        ).all()
        assert victim_conflicts == [(victim.conflict_id, None)]
    assert victim_desk.services.participants.get_participant(
        victim.meeting_id, victim.holder_id
    ).commune in {"Kourou", "Iracoubo"}
    assert victim_desk.services.meetings.get_meeting(victim.meeting_id).agenda[0].title == (
        AGENDA[0].title
    )


def test_rebuild_after_forged_events_gives_the_same_tables(desks: tuple[Desk, Desk]) -> None:
    victim_desk, intruder = desks
    victim = _fill_victim(victim_desk)
    _forge(intruder, victim)
    send(intruder, victim_desk)
    with victim_desk.database.read() as conn:
        live = dump_tables(conn)

    with victim_desk.database.write() as conn:
        rebuild_projections(conn, registry)
        assert dump_tables(conn) == live


def test_forged_events_arriving_before_the_meeting_they_name_change_nothing(
    desks: tuple[Desk, Desk], tmp_path: Path
) -> None:
    """A third desk gets the intruder's events first: pending edits must not land on M1 later."""
    victim_desk, intruder = desks
    victim = _fill_victim(victim_desk)
    _forge(intruder, victim)
    third = open_desk(tmp_path / "third.db", "desk-third")
    try:
        send(intruder, third)
        send(victim_desk, third)

        assert _rows(third, victim.meeting_id) == _rows(victim_desk, victim.meeting_id)
    finally:
        third.close()


def test_a_scan_arriving_before_the_registration_still_counts(
    desks: tuple[Desk, Desk], tmp_path: Path
) -> None:
    """Attendance needs the participant registered in the meeting, whatever the arrival order."""
    registrar, scanner = desks
    meeting_id = registrar.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    registrar.services.meetings.open_meeting(meeting_id)
    (person,) = registrar.services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo")]
    ).created_ids
    send(registrar, scanner)
    scanner.services.checkin.check_in(meeting_id, person)
    third = open_desk(tmp_path / "third.db", "desk-third")
    try:
        scanned = [e for e in scanner.events(meeting_id) if e.device_id == scanner.device_id]
        assert [e.type for e in scanned] == ["device.joined", "checkin.scanned"]
        assert {o.status for o in third.ingest(scanned)} == {IngestStatus.ACCEPTED}
        third.ingest(registrar.events(meeting_id))
        third.ingest(scanner.events(meeting_id))

        with third.database.read() as conn:
            present = conn.execute(
                select(attendance.c.meeting_id, attendance.c.present).where(
                    attendance.c.participant_id == person
                )
            ).all()
        assert present == [(meeting_id, True)]
        assert _rows(third, meeting_id) == _rows(scanner, meeting_id)
    finally:
        third.close()
