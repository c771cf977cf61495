"""An event whose projection lacks what it refers to is set aside; the rest of its stream counts.

A desk receives a device's stream before the stream that creates the meeting or the people it
refers to (a stream set aside for its key, a partial package, a page cut between streams). The
events are kept in the journal; those the database cannot project yet wait with their reason and
are applied, in causal order, as soon as what they depend on arrives.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from civodesk.checkin.handlers import scans_table
from civodesk.db.schema import table_of
from civodesk.journal.deferred import MISSING_DEPENDENCY, list_deferred
from civodesk.journal.rebuild import rebuild_projections
from civodesk.journal.store import IngestStatus, ingest_events
from civodesk.participants.participant import ParticipantFields
from civodesk.participants.tables import Participant
from tests.core.desks import dump_tables
from tests.factories import meeting_fields
from tests.sync.sync_harness import SyncingDesk, make_desk

participants = table_of(Participant)


def give(source: SyncingDesk, target: SyncingDesk, meeting: str, device: str) -> list[IngestStatus]:
    """Hand over one device's stream of a meeting, as a pull or a package would."""
    events = [e for e in source.events(meeting) if e.device_id == device]
    with target.services.database.write() as conn:
        outcomes = ingest_events(
            conn, events, target.services.journal.registry, target.services.journal, defer=True
        )
    return [outcome.status for outcome in outcomes]


def names(desk: SyncingDesk, meeting: str) -> list[str]:
    with desk.services.database.read() as conn:
        return sorted(
            conn.execute(
                select(participants.c.last_name).where(participants.c.meeting_id == meeting)
            ).scalars()
        )


def test_a_stream_whose_meeting_has_not_arrived_waits_then_counts(tmp_path: Path) -> None:
    creator = make_desk(tmp_path, "creator")
    door = make_desk(tmp_path, "door")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    creator.services.meetings.open_meeting(meeting)
    give(creator, door, meeting, creator.device.device_id)
    awa, marc = door.services.participants.register_many(
        meeting, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Marc", "Petit")]
    ).created_ids
    door.services.participants.update_participant(meeting, awa, {"last_name": "Diallo-Sy"})
    door.services.checkin.check_in(meeting, awa)
    door.services.checkin.check_in(meeting, marc)

    # The door's stream reaches the late desk first: nothing is refused, nothing can count yet.
    statuses = give(door, late, meeting, door.device.device_id)
    assert set(statuses) == {IngestStatus.ACCEPTED}
    with late.services.database.read() as conn:
        waiting = list_deferred(conn)
        scans = conn.execute(
            select(scans_table.c.participant_id).where(scans_table.c.meeting_id == meeting)
        ).scalars()
        # Later events of the stream that need no meeting row are applied at once (the scans).
        assert sorted(scans) == sorted([awa, marc])
    # Only the registration, which needs the meeting's row, waits.
    assert [w.type for w in waiting] == ["participant.registered"] * 2  # Awa, Marc
    assert {w.device_id for w in waiting} == {door.device.device_id}
    assert {w.reason for w in waiting} == {MISSING_DEPENDENCY}
    assert names(late, meeting) == []

    # The meeting arrives: the waiting events are applied, the edit after the registration too.
    give(creator, late, meeting, creator.device.device_id)
    with late.services.database.read() as conn:
        assert list_deferred(conn) == []
    assert names(late, meeting) == ["Diallo-Sy", "Petit"]
    assert late.services.checkin.attendance(meeting).present == 2
    with door.services.database.read() as one, late.services.database.read() as other:
        assert dump_tables(one) == dump_tables(other)
    with late.services.database.write() as conn:
        live = dump_tables(conn)
        rebuild_projections(conn, late.services.journal.registry)
        assert dump_tables(conn) == live


def test_an_edit_received_before_the_registration_it_changes_is_kept_whole(
    tmp_path: Path,
) -> None:
    creator = make_desk(tmp_path, "creator")
    registrar = make_desk(tmp_path, "registrar")
    door = make_desk(tmp_path, "door")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    creator.services.meetings.open_meeting(meeting)
    for desk in (registrar, door, late):
        give(creator, desk, meeting, creator.device.device_id)
    awa = registrar.services.participants.register_many(
        meeting, [ParticipantFields("Awa", "Diallo")]
    ).created_ids[0]
    give(registrar, door, meeting, registrar.device.device_id)
    # The door edits a person registered elsewhere, then registers and checks in its own.
    door.services.participants.update_participant(meeting, awa, {"last_name": "Diallo-Sy"})
    lea = door.services.participants.register_many(
        meeting, [ParticipantFields("Léa", "Martin")]
    ).created_ids[0]
    door.services.checkin.check_in(meeting, lea)

    give(door, late, meeting, door.device.device_id)

    # Léa counts at once, although an earlier event of the same stream edits Awa, unknown here.
    assert names(late, meeting) == ["Martin"]
    assert late.services.checkin.attendance(meeting).present == 1
    give(registrar, late, meeting, registrar.device.device_id)
    assert names(late, meeting) == ["Diallo-Sy", "Martin"]
    with door.services.database.read() as one, late.services.database.read() as other:
        assert dump_tables(one) == dump_tables(other)
