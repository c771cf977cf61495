"""MeetingService: validation, the closed (read-only) state, reopening, agenda, search, delete."""

from __future__ import annotations

import math
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.ideas.idea import IdeaFields
from civodesk.journal.store import events_table
from civodesk.meetings.guards import MeetingClosedError, MeetingNotFoundError
from civodesk.meetings.meeting import AgendaItemFields, MeetingStatus, ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services, build_services
from civodesk.undo import UndoHistory
from tests.factories import AGENDA, PARIS, meeting_fields


def _event_count(services: Services) -> int:
    with services.database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


def _event_types(services: Services, meeting_id: str) -> list[str]:
    with services.database.read() as conn:
        return list(
            conn.execute(
                select(events_table.c.type)
                .where(events_table.c.meeting_id == meeting_id)
                .order_by(events_table.c.seq)
            ).scalars()
        )


def _refused_fields(services: Services, **overrides: object) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        services.meetings.create_meeting(meeting_fields(**overrides))
    return {error.field for error in caught.value.errors}


# Validation --------------------------------------------------------------------------------------


START = datetime(2026, 12, 3, 18, 30, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        pytest.param({"title": ""}, {"title"}, id="empty-title"),
        pytest.param({"title": "   \t "}, {"title"}, id="blank-title"),
        pytest.param({"title": "x" * 301}, {"title"}, id="title-too-long"),
        pytest.param({"organization": " "}, {"organization"}, id="no-organization"),
        pytest.param({"ends_at": START - timedelta(minutes=1)}, {"ends_at"}, id="end-before-start"),
        pytest.param({"ends_at": START}, {"ends_at"}, id="end-equals-start"),
        pytest.param({"quorum_percent": 100.5}, {"quorum_percent"}, id="quorum-over-100"),
        pytest.param({"quorum_percent": 0.0}, {"quorum_percent"}, id="quorum-zero"),
        pytest.param({"quorum_percent": -10.0}, {"quorum_percent"}, id="quorum-negative"),
        pytest.param({"quorum_percent": math.nan}, {"quorum_percent"}, id="quorum-nan"),
        pytest.param({"starts_at": datetime(2026, 12, 3, 18, 30)}, {"starts_at"}, id="naive-date"),
        pytest.param(
            {"title": "", "ends_at": START - timedelta(hours=1), "quorum_percent": 150.0},
            {"title", "ends_at", "quorum_percent"},
            id="all-at-once",
        ),
    ],
)
def test_invalid_meeting_is_refused_with_field_names_and_nothing_written(
    services: Services, overrides: dict[str, object], fields: set[str]
) -> None:
    overrides.setdefault("starts_at", START)
    assert _refused_fields(services, **overrides) == fields
    assert _event_count(services) == 0
    assert services.meetings.list_meetings() == []


def test_validation_messages_are_plain_french(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.meetings.create_meeting(meeting_fields(title="", quorum_percent=120.0))
    messages = {error.field: error.message for error in caught.value.errors}
    assert messages["title"] == "Le titre est obligatoire."
    assert "supérieur à 0 et au plus égal à 100" in messages["quorum_percent"]
    assert str(caught.value) == "; ".join(messages.values())


@pytest.mark.parametrize("quorum", [None, 0.5, 50.0, 100.0])
def test_valid_quorum_values_are_accepted(services: Services, quorum: float | None) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(quorum_percent=quorum)).meeting_id
    assert services.meetings.get_meeting(meeting_id).fields.quorum_percent == quorum


def test_invalid_update_is_refused_and_nothing_written(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    before = _event_count(services)
    with pytest.raises(ValidationError) as caught:
        services.meetings.update_meeting(
            meeting_id, meeting_fields(ends_at=START - timedelta(hours=1))
        )
    assert [error.field for error in caught.value.errors] == ["ends_at"]
    assert _event_count(services) == before
    assert services.meetings.get_meeting(meeting_id).fields == meeting_fields()


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (AgendaItemFields(" ", 10), "title"),
        (AgendaItemFields("P" * 301, 10), "title"),
        (AgendaItemFields("Point", 0), "duration_minutes"),
    ],
)
def test_invalid_agenda_item_is_refused(
    services: Services, item: AgendaItemFields, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.meetings.create_meeting(meeting_fields(), [*AGENDA, item])
    assert [error.field for error in caught.value.errors] == [field]
    assert _event_count(services) == 0
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    before = _event_count(services)
    with pytest.raises(ValidationError):
        services.meetings.add_agenda_item(meeting_id, item)
    assert _event_count(services) == before


def test_fields_are_normalised_when_saved(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(
        meeting_fields(
            title="  Budget participatif  ",
            organization="Commune   de  Kourou",
            facilitators=(" Awa Diallo ", "", "  "),
        )
    ).meeting_id
    fields = services.meetings.get_meeting(meeting_id).fields
    assert fields.title == "Budget participatif"
    assert fields.organization == "Commune de Kourou"
    assert fields.facilitators == ("Awa Diallo",)


def test_update_writes_only_the_changed_fields(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    change = services.meetings.update_meeting(meeting_id, meeting_fields(place="Mairie"))
    assert change.event_count == 1
    with services.database.read() as conn:
        payload = conn.execute(
            select(events_table.c.payload).order_by(events_table.c.seq.desc()).limit(1)
        ).scalar_one()
    assert '"changes":{"place":"Mairie"}' in payload
    unchanged = services.meetings.update_meeting(meeting_id, meeting_fields(place="Mairie"))
    assert unchanged.event_count == 0
    assert not unchanged.undoable


def test_organization_is_shared_by_name(services: Services) -> None:
    first = services.meetings.create_meeting(meeting_fields()).meeting_id
    second = services.meetings.create_meeting(
        meeting_fields(organization="commune de  SAINT-LAURENT-du-Maroni")
    ).meeting_id
    summaries = {m.id: m for m in services.meetings.list_meetings()}
    assert summaries[first].organization == "Commune de Saint-Laurent-du-Maroni"
    assert summaries[second].organization == "Commune de Saint-Laurent-du-Maroni"


# Status: open, close (read-only), reopen ---------------------------------------------------------


def test_status_goes_draft_open_closed(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.DRAFT
    services.meetings.open_meeting(meeting_id)
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.OPEN
    services.meetings.close_meeting(meeting_id)
    details = services.meetings.get_meeting(meeting_id)
    assert details.status is MeetingStatus.CLOSED
    assert details.is_read_only
    assert _event_types(services, meeting_id)[-2:] == ["meeting.opened", "meeting.closed"]
    assert services.meetings.close_meeting(meeting_id).event_count == 0


def test_closed_meeting_refuses_edits_and_writes_nothing(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    item = services.meetings.get_meeting(meeting_id).agenda[0]
    services.meetings.close_meeting(meeting_id)
    before = _event_count(services)
    attempts = [
        lambda: services.meetings.update_meeting(meeting_id, meeting_fields(title="Autre")),
        lambda: services.meetings.add_agenda_item(meeting_id, AgendaItemFields("Ajout", 5)),
        lambda: services.meetings.update_agenda_item(meeting_id, item.id, AgendaItemFields("X", 5)),
        lambda: services.meetings.move_agenda_item(meeting_id, item.id, 2),
        lambda: services.meetings.remove_agenda_item(meeting_id, item.id),
    ]
    for attempt in attempts:
        with pytest.raises(MeetingClosedError, match="close"):
            attempt()
    assert _event_count(services) == before
    assert services.meetings.get_meeting(meeting_id).fields.title == meeting_fields().title
    assert len(services.meetings.get_meeting(meeting_id).agenda) == len(AGENDA)


def test_reopening_needs_a_reason_and_is_recorded(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.meetings.open_meeting(meeting_id)
    services.meetings.close_meeting(meeting_id)
    before = _event_count(services)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            services.meetings.reopen_meeting(meeting_id, reason)
        assert [error.field for error in caught.value.errors] == ["reason"]
    assert _event_count(services) == before
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.CLOSED

    services.meetings.reopen_meeting(meeting_id, "  Erreur dans l'ordre du jour ")
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.OPEN
    with services.database.read() as conn:
        last = conn.execute(
            select(events_table.c.type, events_table.c.payload)
            .where(events_table.c.meeting_id == meeting_id)
            .order_by(events_table.c.seq.desc())
            .limit(1)
        ).one()
    assert last.type == "meeting.reopened"
    assert '"reason":"Erreur dans l\'ordre du jour"' in last.payload
    # Editable again.
    services.meetings.update_meeting(meeting_id, meeting_fields(title="Corrigé"))
    assert services.meetings.get_meeting(meeting_id).fields.title == "Corrigé"


def test_unknown_meeting_is_a_clear_lookup_error(services: Services) -> None:
    unknown = "0193a000-0000-7000-8000-0000000000ff"
    for attempt in (
        lambda: services.meetings.get_meeting(unknown),
        lambda: services.meetings.close_meeting(unknown),
        lambda: services.meetings.update_meeting(unknown, meeting_fields()),
        lambda: services.meetings.add_agenda_item(unknown, AgendaItemFields("Point", 5)),
    ):
        with pytest.raises(MeetingNotFoundError, match="introuvable"):
            attempt()
    assert _event_count(services) == 0


# Agenda ------------------------------------------------------------------------------------------


def _titles(services: Services, meeting_id: str) -> list[str]:
    return [item.title for item in services.meetings.get_meeting(meeting_id).agenda]


def test_agenda_add_insert_move_remove(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    assert _titles(services, meeting_id) == [item.title for item in AGENDA]
    assert services.meetings.get_meeting(meeting_id).planned_minutes == 85

    services.meetings.add_agenda_item(meeting_id, AgendaItemFields("Conclusion", 5))
    services.meetings.add_agenda_item(meeting_id, AgendaItemFields("Mot du maire", 5), index=0)
    services.meetings.add_agenda_item(meeting_id, AgendaItemFields("Pause", 10), index=2)
    assert _titles(services, meeting_id) == [
        "Mot du maire",
        "Accueil et présentation",
        "Pause",
        "Diagnostic partagé",
        "Ateliers en petits groupes",
        "Conclusion",
    ]
    agenda = services.meetings.get_meeting(meeting_id).agenda
    services.meetings.move_agenda_item(meeting_id, agenda[2].id, 5)  # Pause to the end
    services.meetings.move_agenda_item(meeting_id, agenda[5].id, 0)  # Conclusion first
    assert _titles(services, meeting_id) == [
        "Conclusion",
        "Mot du maire",
        "Accueil et présentation",
        "Diagnostic partagé",
        "Ateliers en petits groupes",
        "Pause",
    ]
    services.meetings.remove_agenda_item(meeting_id, agenda[0].id)
    assert "Mot du maire" not in _titles(services, meeting_id)
    assert services.meetings.get_meeting(meeting_id).planned_minutes == 5 + 85 + 10


def test_moving_one_item_writes_one_event(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    agenda = services.meetings.get_meeting(meeting_id).agenda
    before = _event_count(services)
    for _round in range(20):  # repeated halving still orders correctly
        services.meetings.move_agenda_item(meeting_id, agenda[2].id, 0)
        services.meetings.move_agenda_item(meeting_id, agenda[1].id, 0)
    assert _event_count(services) == before + 40
    assert _titles(services, meeting_id) == [
        "Diagnostic partagé",
        "Ateliers en petits groupes",
        "Accueil et présentation",
    ]


def test_editing_an_unknown_agenda_item_is_refused(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    before = _event_count(services)
    with pytest.raises(LookupError):
        services.meetings.update_agenda_item(
            meeting_id, "0193a000-0000-7000-8000-0000000000aa", AgendaItemFields("X", 5)
        )
    assert _event_count(services) == before


def test_an_agenda_item_belongs_to_its_meeting(services: Services) -> None:
    first = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    second = services.meetings.create_meeting(meeting_fields(title="Autre")).meeting_id
    item = services.meetings.get_meeting(first).agenda[0]
    with pytest.raises(LookupError):
        services.meetings.remove_agenda_item(second, item.id)
    assert len(services.meetings.get_meeting(first).agenda) == len(AGENDA)


# Listing, search, delete -------------------------------------------------------------------------


def test_list_meetings_most_recent_first_with_search(services: Services) -> None:
    later = START + timedelta(days=7)
    services.meetings.create_meeting(meeting_fields(title="Plan vélo", place="Gymnase"))
    services.meetings.create_meeting(
        meeting_fields(
            title="Budget participatif",
            organization="Commune de Kourou",
            starts_at=later,
            ends_at=later + timedelta(hours=2),
        )
    )
    services.meetings.create_meeting(meeting_fields(title="Réaménagement de l'école"))

    assert [m.title for m in services.meetings.list_meetings()] == [
        "Budget participatif",
        "Plan vélo",
        "Réaménagement de l'école",
    ]
    assert {m.title for m in services.meetings.list_meetings("vélo")} == {"Plan vélo"}
    assert {m.title for m in services.meetings.list_meetings("VÉLO")} == {"Plan vélo"}
    assert {m.title for m in services.meetings.list_meetings("gymnase")} == {"Plan vélo"}
    assert {m.title for m in services.meetings.list_meetings("kourou")} == {"Budget participatif"}
    assert {m.title for m in services.meetings.list_meetings("budget kourou")} == {
        "Budget participatif"
    }
    assert services.meetings.list_meetings("budget gymnase") == []
    assert len(services.meetings.list_meetings("  ")) == 3
    assert services.meetings.list_meetings("100%") == []
    assert services.meetings.list_meetings("_") == []


def test_search_matches_accented_text_either_way(services: Services) -> None:
    """People type without accents: « ecole » must find « école »."""
    services.meetings.create_meeting(meeting_fields(title="Réaménagement de l'école"))
    assert [m.title for m in services.meetings.list_meetings("ecole")] == [
        "Réaménagement de l'école"
    ]
    assert [m.title for m in services.meetings.list_meetings("reamenagement")] == [
        "Réaménagement de l'école"
    ]


def test_delete_hides_the_meeting_and_undo_brings_it_back(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    change = services.meetings.delete_meeting(meeting_id)
    assert services.meetings.list_meetings() == []
    assert services.meetings.most_recent_meeting_id() is None
    with pytest.raises(MeetingNotFoundError):
        services.meetings.get_meeting(meeting_id)
    assert change.undo is not None
    services.execute(change.undo)
    assert [m.id for m in services.meetings.list_meetings()] == [meeting_id]
    assert len(services.meetings.get_meeting(meeting_id).agenda) == len(AGENDA)
    assert services.journal_tools.verify().ok


def test_a_closed_meeting_can_be_deleted(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.meetings.close_meeting(meeting_id)
    services.meetings.delete_meeting(meeting_id)
    assert services.meetings.list_meetings() == []


def test_most_recent_meeting_is_the_last_touched(services: Services) -> None:
    first = services.meetings.create_meeting(meeting_fields()).meeting_id
    second = services.meetings.create_meeting(meeting_fields(title="Deuxième")).meeting_id
    assert services.meetings.most_recent_meeting_id() == second
    services.meetings.update_meeting(first, meeting_fields(title="Retouchée"))
    assert services.meetings.most_recent_meeting_id() == first


def test_participant_count_in_summary(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    change = services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Jean", "Martin")]
    )
    services.participants.remove_participant(meeting_id, change.created_ids[0])
    [summary] = services.meetings.list_meetings()
    assert summary.participant_count == 1


def test_closed_meeting_refuses_participants_and_ideas(services: Services) -> None:
    """Read-only means read-only: the registration list and the ideas are frozen too."""
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    registered = services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo")]
    )
    [person] = registered.created_ids
    services.meetings.close_meeting(meeting_id)
    before = _event_count(services)
    for attempt in (
        lambda: services.participants.register_many(meeting_id, [ParticipantFields("Jean", "M")]),
        lambda: services.participants.update_participant(meeting_id, person, {"commune": "Lyon"}),
        lambda: services.participants.remove_participant(meeting_id, person),
        lambda: services.ideas.capture_many(meeting_id, [IdeaFields("Une idée tardive")]),
    ):
        with pytest.raises(MeetingClosedError):
            attempt()
    assert _event_count(services) == before
    assert services.participants.count(meeting_id) == 1
    assert services.ideas.count(meeting_id) == 0


def test_participants_and_ideas_need_an_existing_meeting(services: Services) -> None:
    unknown = "0193a000-0000-7000-8000-0000000000ee"
    with pytest.raises(MeetingNotFoundError):
        services.participants.register_many(unknown, [ParticipantFields("Awa", "Diallo")])
    with pytest.raises(MeetingNotFoundError):
        services.ideas.capture_many(unknown, [IdeaFields("Idée")])
    assert _event_count(services) == 0


def test_many_moves_into_the_same_gap_keep_the_order_right(services: Services) -> None:
    """Halving the gap between two items runs out of float precision after ~50 moves; the agenda
    is then respaced so each move still lands where it was asked to."""
    meeting_id = services.meetings.create_meeting(
        meeting_fields(), [AgendaItemFields(f"Point {n}", 5) for n in range(5)]
    ).meeting_id
    model = [item.id for item in services.meetings.get_meeting(meeting_id).agenda]
    history = UndoHistory(services.execute)
    history.scope = meeting_id
    for _round in range(80):
        model.insert(1, model.pop(4))
        history.record(services.meetings.move_agenda_item(meeting_id, model[1], 1))
        assert [i.id for i in services.meetings.get_meeting(meeting_id).agenda] == model
    # Undo still puts the last moved item back where it was.
    history.undo()
    model.insert(4, model.pop(1))
    assert [i.id for i in services.meetings.get_meeting(meeting_id).agenda] == model
    assert services.journal_tools.verify().ok


def test_inserting_many_times_at_the_same_place_keeps_the_order_right(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    for number in range(70):
        services.meetings.add_agenda_item(meeting_id, AgendaItemFields(f"Ajout {number}", 5), 1)
    titles = _titles(services, meeting_id)
    assert titles[:3] == ["Accueil et présentation", "Ajout 69", "Ajout 68"]
    assert titles[-3:] == ["Ajout 0", "Diagnostic partagé", "Ateliers en petits groupes"]


@settings(max_examples=30, deadline=None)
@given(moves=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=60))
def test_moves_follow_a_list_model(moves: list[tuple[int, int]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = open_database(Path(directory) / "moves.db")
        try:
            services = build_services(database, DeviceIdentity.generate("desk"))
            meeting_id = services.meetings.create_meeting(
                meeting_fields(), [AgendaItemFields(f"Point {n}", 5) for n in range(6)]
            ).meeting_id
            model = [item.id for item in services.meetings.get_meeting(meeting_id).agenda]
            for source, target in moves:
                item = model.pop(source)
                model.insert(target, item)
                services.meetings.move_agenda_item(meeting_id, item, target)
            assert [i.id for i in services.meetings.get_meeting(meeting_id).agenda] == model
        finally:
            database.close()


def test_president_and_secretaries_are_journaled_edits_and_undo(services: Services) -> None:
    from dataclasses import replace

    from tests.factories import meeting_fields as fields_of

    created = services.meetings.create_meeting(fields_of())
    meeting_id = created.meeting_id
    before = services.meetings.get_meeting(meeting_id)
    assert (before.fields.president, before.fields.secretaries) == ("", ())
    change = services.meetings.update_meeting(
        meeting_id, replace(before.fields, president="Josée Ngô", secretaries=("Loïc Hébert",))
    )
    after = services.meetings.get_meeting(meeting_id).fields
    assert after.president == "Josée Ngô"
    assert after.secretaries == ("Loïc Hébert",)
    assert change.undo is not None
    services.execute(change.undo)
    undone = services.meetings.get_meeting(meeting_id).fields
    assert (undone.president, undone.secretaries) == ("", ())
