"""Undo and redo: each appends the inverse change to the journal; nothing is ever erased."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from civodesk.journal.store import events_table
from civodesk.meetings.guards import MeetingClosedError
from civodesk.meetings.meeting import AgendaItemFields, MeetingStatus
from civodesk.meetings.service import SetMeetingFields
from civodesk.participants.participant import ParticipantFields
from civodesk.participants.service import SetParticipantFields
from civodesk.services import Services
from civodesk.undo import LIST_SCOPE, UndoHistory, destroys
from tests.factories import AGENDA, meeting_fields


@pytest.fixture
def history(services: Services) -> UndoHistory:
    return UndoHistory(services.execute)


@pytest.fixture
def meeting_id(services: Services, history: UndoHistory) -> str:
    change = services.meetings.create_meeting(meeting_fields(), AGENDA)
    history.record(change)
    history.scope = change.meeting_id  # the person works inside this meeting
    return change.meeting_id


def _event_count(services: Services) -> int:
    with services.database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


def _titles(services: Services, meeting_id: str) -> list[str]:
    return [item.title for item in services.meetings.get_meeting(meeting_id).agenda]


def test_undo_redo_of_a_title_edit(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    original = meeting_fields().title
    history.record(services.meetings.update_meeting(meeting_id, meeting_fields(title="Nouveau")))
    assert history.undo_label == "Modifier la réunion"
    events_before = _event_count(services)

    assert history.undo() is not None
    assert services.meetings.get_meeting(meeting_id).fields.title == original
    assert history.redo_label == "Modifier la réunion"
    history.redo()
    assert services.meetings.get_meeting(meeting_id).fields.title == "Nouveau"
    history.undo()
    assert services.meetings.get_meeting(meeting_id).fields.title == original
    # Append-only: each undo and redo is one more event, and the journal still verifies.
    assert _event_count(services) == events_before + 3
    assert services.journal_tools.verify().ok
    assert services.conflicts.list_conflicts(meeting_id) == []


def test_undo_of_an_organization_and_facilitators_edit(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    history.record(
        services.meetings.update_meeting(
            meeting_id,
            meeting_fields(organization="Communauté de communes du Haut-Jura", facilitators=()),
        )
    )
    assert services.meetings.get_meeting(meeting_id).fields.facilitators == ()
    history.undo()
    assert services.meetings.get_meeting(meeting_id).fields == meeting_fields()


def test_undo_redo_of_agenda_add_move_remove(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    initial = _titles(services, meeting_id)
    added = services.meetings.add_agenda_item(meeting_id, AgendaItemFields("Questions", 15), 1)
    history.record(added)
    with_added = _titles(services, meeting_id)
    assert with_added[1] == "Questions"
    item = services.meetings.get_meeting(meeting_id).agenda[3]
    history.record(services.meetings.move_agenda_item(meeting_id, item.id, 0))
    moved = _titles(services, meeting_id)
    assert moved[0] == item.title
    history.record(services.meetings.remove_agenda_item(meeting_id, item.id))
    assert item.title not in _titles(services, meeting_id)

    history.undo()  # remove
    assert _titles(services, meeting_id) == moved
    history.undo()  # move
    assert _titles(services, meeting_id) == with_added
    history.undo()  # add
    assert _titles(services, meeting_id) == initial
    history.redo()
    history.redo()
    history.redo()
    assert item.title not in _titles(services, meeting_id)
    assert _titles(services, meeting_id) == [t for t in moved if t != item.title]


def test_undo_of_an_agenda_item_edit(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    item = services.meetings.get_meeting(meeting_id).agenda[0]
    history.record(
        services.meetings.update_agenda_item(meeting_id, item.id, AgendaItemFields("Bienvenue", 5))
    )
    history.undo()
    restored = services.meetings.get_meeting(meeting_id).agenda[0]
    assert (restored.title, restored.duration_minutes) == (item.title, item.duration_minutes)


def test_undo_of_close_reopens_with_a_recorded_reason(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    history.record(services.meetings.open_meeting(meeting_id))
    history.record(services.meetings.close_meeting(meeting_id))
    assert history.undo_label == "Clore la réunion"

    history.undo()
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.OPEN
    with services.database.read() as conn:
        last = conn.execute(
            select(events_table.c.type, events_table.c.payload)
            .order_by(events_table.c.hlc.desc())
            .limit(1)
        ).one()
    assert last.type == "meeting.reopened"
    assert "Annulation de « Clore la réunion »" in last.payload
    history.redo()
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.CLOSED
    history.undo()
    history.undo()  # the opening: back to draft
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.DRAFT


def test_undo_of_an_edit_is_refused_once_the_meeting_is_closed(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    """Undo must not slip past the read-only state; the history keeps the entry for later."""
    history.record(services.meetings.update_meeting(meeting_id, meeting_fields(title="Modifié")))
    services.meetings.close_meeting(meeting_id)  # e.g. from another window: not in this history
    before = _event_count(services)
    with pytest.raises(MeetingClosedError):
        history.undo()
    assert _event_count(services) == before
    assert history.undo_label == "Modifier la réunion"
    services.meetings.reopen_meeting(meeting_id, "Correction")
    history.undo()
    assert services.meetings.get_meeting(meeting_id).fields.title == meeting_fields().title


def test_undo_of_creation_deletes_and_redo_restores(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    assert history.undo_label == "Créer la réunion"
    history.undo()
    assert services.meetings.list_meetings() == []
    history.redo()
    assert [m.id for m in services.meetings.list_meetings()] == [meeting_id]


def test_undo_of_delete(services: Services, history: UndoHistory, meeting_id: str) -> None:
    history.record(services.meetings.delete_meeting(meeting_id))
    assert history.undo_label == "Supprimer la réunion"
    history.undo()
    assert services.meetings.get_meeting(meeting_id).fields.title == meeting_fields().title
    history.redo()
    assert services.meetings.list_meetings() == []


def test_undo_of_participant_registration_and_edit(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    change = services.participants.register_many(meeting_id, [ParticipantFields("Awa", "Diallo")])
    history.record(change)
    [pid] = change.created_ids
    history.record(
        services.participants.update_participant(meeting_id, pid, {"last_name": "Diallo-Sy"})
    )
    history.undo()
    assert services.participants.list_participants(meeting_id)[0].last_name == "Diallo"
    history.undo()
    assert services.participants.count(meeting_id) == 0
    history.redo()
    assert services.participants.count(meeting_id) == 1


def test_bulk_registration_is_not_undoable_one_by_one(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    change = services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Jean", "Martin")]
    )
    assert not change.undoable
    history.record(change)
    assert history.undo_label == "Créer la réunion"


def test_a_new_action_clears_redo(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    history.record(services.meetings.update_meeting(meeting_id, meeting_fields(title="Un")))
    history.undo()
    assert history.redo_label is not None
    history.record(services.meetings.update_meeting(meeting_id, meeting_fields(title="Deux")))
    assert history.redo_label is None
    assert history.redo() is None


def test_empty_history(history: UndoHistory) -> None:
    assert history.undo() is None
    assert history.redo() is None
    assert history.undo_label is None
    assert history.redo_label is None


def test_changes_that_changed_nothing_are_not_recorded(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    history.record(services.meetings.update_meeting(meeting_id, meeting_fields()))
    assert history.undo_label == "Créer la réunion"


def test_history_is_bounded(services: Services, meeting_id: str) -> None:
    history = UndoHistory(services.execute, limit=3)
    history.scope = meeting_id
    for title in ("Un", "Deux", "Trois", "Quatre", "Cinq"):
        history.record(services.meetings.update_meeting(meeting_id, meeting_fields(title=title)))
    assert [history.undo() is not None for _ in range(4)] == [True, True, True, False]
    assert services.meetings.get_meeting(meeting_id).fields.title == "Deux"


def test_clear(services: Services, history: UndoHistory, meeting_id: str) -> None:
    history.record(services.meetings.update_meeting(meeting_id, meeting_fields(title="Un")))
    history.undo()
    history.clear()
    assert history.undo_label is None
    assert history.redo_label is None


def test_undo_after_a_rebuild_still_works(
    services: Services, history: UndoHistory, meeting_id: str
) -> None:
    history.record(services.meetings.update_meeting(meeting_id, meeting_fields(title="Avant")))
    services.journal_tools.rebuild()
    history.undo()
    assert services.meetings.get_meeting(meeting_id).fields.title == meeting_fields().title


def test_undo_acts_only_in_the_scope_in_view(services: Services, history: UndoHistory) -> None:
    history.scope = LIST_SCOPE
    created = services.meetings.create_meeting(meeting_fields(title="Atelier vélo"))
    history.record(created, LIST_SCOPE)
    other = services.meetings.create_meeting(meeting_fields(title="Conseil")).meeting_id
    history.scope = other
    assert history.undo_label is None
    assert history.undo() is None
    assert services.meetings.get_meeting(created.meeting_id).fields.title == "Atelier vélo"
    history.record(services.meetings.update_meeting(other, meeting_fields(title="Conseil 2")))
    assert history.undo_label == "Modifier la réunion"
    assert not history.undo_destroys
    history.scope = LIST_SCOPE
    assert history.undo_label == "Créer la réunion"
    assert history.undo_destroys
    history.undo()
    assert created.meeting_id not in [m.id for m in services.meetings.list_meetings()]
    history.scope = other
    history.undo()
    assert services.meetings.get_meeting(other).fields.title == "Conseil"


def test_what_destroys() -> None:
    assert destroys(SetMeetingFields("m", {"deleted": True}))
    assert destroys(SetParticipantFields("m", "p", {"removed": True}))
    assert not destroys(SetParticipantFields("m", "p", {"removed": False}))
    assert not destroys(SetMeetingFields("m", {"title": "x"}))
