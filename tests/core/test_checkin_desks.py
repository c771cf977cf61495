"""Two desks at the door: unioned check-ins, flagged duplicates, walk-in badges accepted after sync."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from civodesk.checkin.handlers import scans_table
from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import ScanOutcome
from civodesk.features import registry
from civodesk.journal.rebuild import rebuild_projections
from civodesk.participants.participant import ParticipantFields
from tests.core.desks import dump_tables, open_desk, send
from tests.factories import meeting_fields


def test_concurrent_check_ins_are_unioned_and_the_later_is_flagged(tmp_path: Path) -> None:
    desk1 = open_desk(tmp_path / "d1.db", "poste 1")
    desk2 = open_desk(tmp_path / "d2.db", "poste 2", start_ms=1_764_150_000_000 + 5)
    try:
        meeting = desk1.services.meetings.create_meeting(meeting_fields()).created_ids[0]
        desk1.services.participants.register_many(
            meeting, [ParticipantFields("Hélène", "Dupré"), ParticipantFields("Jean", "Martin")]
        )
        desk1.services.checkin.issue_badges(meeting)
        send(desk1, desk2)
        badges = {b.last_name: b for b in desk1.services.checkin.list_badges(meeting)}

        first = desk1.services.checkin.scan(meeting, badges["Dupré"].token)
        desk2.clock.advance(1000)
        second = desk2.services.checkin.scan(meeting, badges["Dupré"].token)
        martin = desk2.services.checkin.scan(meeting, badges["Martin"].token)
        assert first.outcome == second.outcome == martin.outcome == ScanOutcome.ACCEPTED

        send(desk1, desk2)
        send(desk2, desk1)
        for desk in (desk1, desk2):
            assert desk.services.checkin.attendance(meeting).present == 2
            with desk.database.read() as conn:
                flagged = conn.execute(
                    select(scans_table.c.event_id).where(scans_table.c.duplicate.is_(True))
                ).scalars()
                assert list(flagged) == [second.event_id]
        again = desk1.services.checkin.scan(meeting, badges["Dupré"].token)
        assert again.outcome == ScanOutcome.DUPLICATE
        assert again.admitted_by_desk == "poste 1"

        with desk1.database.read() as conn:
            before = dump_tables(conn)
        with desk1.database.write() as conn:
            rebuild_projections(conn, registry)
        with desk1.database.read() as conn:
            assert dump_tables(conn) == before
    finally:
        desk1.close()
        desk2.close()


def test_walk_in_badge_of_another_desk_is_accepted_after_sync(tmp_path: Path) -> None:
    desk1 = open_desk(tmp_path / "d1.db", "poste 1")
    desk2 = open_desk(tmp_path / "d2.db", "poste 2")
    try:
        meeting = desk1.services.meetings.create_meeting(meeting_fields()).created_ids[0]
        send(desk1, desk2)
        walk_in = desk2.services.checkin.register_walk_in(
            meeting, ParticipantFields("Awa", "Diallo"), "Émargement"
        )
        token = walk_in.badge.token
        assert desk1.services.checkin.scan(meeting, token).reason == RefusalReason.UNKNOWN_KEY
        send(desk2, desk1)
        result = desk1.services.checkin.scan(meeting, token)
        assert result.outcome == ScanOutcome.DUPLICATE
        assert result.display_name == "Awa Diallo"
        assert result.admitted_by_desk == "poste 2"
    finally:
        desk1.close()
        desk2.close()


def test_a_purge_reaches_other_desks_and_late_personal_data_is_erased(tmp_path: Path) -> None:
    desk1 = open_desk(tmp_path / "d1.db", "poste 1")
    desk2 = open_desk(tmp_path / "d2.db", "poste 2")
    try:
        meeting = desk1.services.meetings.create_meeting(meeting_fields()).created_ids[0]
        desk1.services.participants.register_many(
            meeting, [ParticipantFields("Hélène", "Dupré", "helene@example.org")], "Émargement"
        )
        send(desk1, desk2)
        desk2.services.participants.register_many(meeting, [ParticipantFields("Jean", "Martin")])
        desk1.services.meetings.close_meeting(meeting)
        desk1.services.privacy.purge_personal_data(meeting)
        send(desk1, desk2)
        send(desk2, desk1)
        for desk in (desk1, desk2):
            assert desk.services.checkin.search(meeting, "dupre") == []
            assert desk.services.checkin.search(meeting, "martin") == []
            assert all(event.personal is None for event in desk.events(meeting))
            assert desk.services.checkin.attendance(meeting).registered == 2
            assert desk.services.journal_tools.verify().ok
    finally:
        desk1.close()
        desk2.close()
