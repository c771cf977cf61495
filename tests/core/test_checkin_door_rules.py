"""Door rules: undoing a check-in (an inverse event), French elision of names, presence order."""

from __future__ import annotations

from sqlalchemy import select

from civodesk.checkin.handlers import CHECKIN_CANCELLED
from civodesk.clock import ManualClock
from civodesk.journal.store import events_table
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.undo import UndoHistory
from tests.factories import meeting_fields


def test_undo_and_redo_of_a_check_in(services: Services, clock: ManualClock) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")], "")
    person = services.checkin.search(meeting, "awa")[0].participant_id
    history = UndoHistory(services.execute)
    history.scope = meeting
    start = clock.now_ms()
    result = services.checkin.check_in(meeting, person)
    assert result.change is not None
    history.record(result.change)
    assert history.undo_label == "Entrée d'Awa Diallo"
    clock.advance(60_000)
    history.undo()
    assert services.checkin.attendance(meeting).present == 0
    assert services.checkin.present_at(meeting, start + 30_000) == []
    with services.database.read() as conn:
        types = (
            conn.execute(select(events_table.c.type).where(events_table.c.meeting_id == meeting))
            .scalars()
            .all()
        )
    assert types.count(CHECKIN_CANCELLED) == 1
    history.redo()
    assert services.checkin.attendance(meeting).present == 1
    history.undo()
    assert services.checkin.attendance(meeting).present == 0
    assert services.journal_tools.verify().ok


def test_a_duplicate_scan_is_not_undoable(services: Services) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")], "")
    person = services.checkin.search(meeting, "awa")[0].participant_id
    services.checkin.check_in(meeting, person)
    again = services.checkin.check_in(meeting, person)
    assert again.change is not None
    assert not again.change.undoable


def test_french_elision_before_a_vowel_or_h() -> None:
    from civodesk.i18n import elides

    assert all(elides(name) for name in ("Awa", "Élodie", "Hélène", "Yves"))
    assert not any(elides(name) for name in ("Jean", "", "Zoé"))


def test_present_at_a_time_sorts_like_the_desk_list(services: Services) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    people = [ParticipantFields("Adam", "Zola"), ParticipantFields("Zoé", "Élisée")]
    services.participants.register_many(meeting, people, "")
    for row in services.checkin.search(meeting, ""):
        services.checkin.check_in(meeting, row.participant_id)
    shown = services.checkin.present_at(meeting, services.journal.clock.now_ms() + 1)
    listed = [row.display_name for row in services.checkin.search(meeting, "")]
    assert [person.display_name for person in shown] == listed == ["Zoé Élisée", "Adam Zola"]
