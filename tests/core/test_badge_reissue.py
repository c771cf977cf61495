"""Two desks reissue a badge for the same person while apart: no collision, one rule decides."""

from __future__ import annotations

from pathlib import Path

from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import ScanOutcome
from civodesk.journal.store import IngestStatus
from civodesk.participants.participant import ParticipantFields
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import meeting_fields


def _tables(desk: Desk) -> dict[str, object]:
    with desk.database.read() as conn:
        return dump_tables(conn)


def test_offline_reissues_never_collide_and_the_last_issued_badge_admits(tmp_path: Path) -> None:
    entrance = open_desk(tmp_path / "entrance.db", "entrée")
    hall = open_desk(tmp_path / "hall.db", "salle", start_ms=1_764_150_000_000 + 7)
    try:
        meeting = entrance.services.meetings.create_meeting(meeting_fields()).created_ids[0]
        entrance.services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")])
        person = entrance.services.participants.list_participants(meeting)[0].id
        entrance.services.checkin.issue_badges(meeting)
        send(entrance, hall)
        # Both desks reissue her lost badge while the link is down: both pick the next serial.
        entrance.clock.advance(1_000)
        entrance.services.checkin.reissue_badge(meeting, person)
        hall.clock.advance(60_000)  # the hall's badge is issued last
        hall.services.checkin.reissue_badge(meeting, person)
        (at_entrance,) = entrance.services.checkin.list_badges(meeting)
        (at_hall,) = hall.services.checkin.list_badges(meeting)
        # Per-person numbering gave both serial 2; the hall's is now its own serial 1, the same
        # number as the entrance's first badge: the issuing device tells them apart.
        assert at_hall.serial == 1

        outcomes = send(entrance, hall) + send(hall, entrance)
        assert all(o.status is not IngestStatus.REJECTED for o in outcomes)
        assert _tables(entrance) == _tables(hall)

        for desk in (entrance, hall):
            newest = desk.services.checkin.scan(meeting, at_hall.token)
            assert newest.outcome is ScanOutcome.ACCEPTED
            replaced = desk.services.checkin.scan(meeting, at_entrance.token)
            assert replaced.reason is RefusalReason.REVOKED
    finally:
        entrance.close()
        hall.close()
